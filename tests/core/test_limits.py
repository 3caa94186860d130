import pytest
from aws_cdk import App, CfnParameter, Stack, Token
from aws_cdk import aws_s3 as s3
from constructs import Construct
from helpers.round_trips import RoundTrips

from glueforge.core.limits import (
    DESCRIPTION_MAX,
    NAME_MAX,
    UNSAFE_NAME_CHARACTERS,
    catalog_name_problems,
    description_problems,
    name_problems,
    path_problems,
    token_problems,
)
from glueforge.core.locations import S3Location, s3_prefix_problems


def test_glue_limits():
    # Glue API reference, CreateJob: Name 1-255 characters, Description 0-2048.
    assert (NAME_MAX, DESCRIPTION_MAX) == (255, 2048)


def test_names_within_the_limits_pass():
    assert name_problems("job_name", "nightly-orders_v2.1", 255) == []
    assert name_problems("job_name", None, 255) == []
    assert name_problems("job_name", Token.as_string({"Ref": "Name"}), 5) == []


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "job_name must be 1-10 characters, got 0"),
        ("x" * 11, "job_name must be 1-10 characters, got 11"),
        ("a\tb", "job_name 'a\\tb' contains a control character"),
        ("a*b/c", "job_name 'a*b/c' may not contain * /; use letters, digits, - _ ."),
    ],
)
def test_bad_names_say_what_is_wrong(value, problem):
    [found] = name_problems("job_name", value, 10, forbidden=UNSAFE_NAME_CHARACTERS)
    assert found.startswith(problem)


def test_descriptions_up_to_the_limit():
    assert description_problems(None) == []
    assert description_problems("d" * 2048) == []
    assert description_problems("d" * 2049) == [
        "description must be at most 2048 characters, got 2049"
    ]


# ---- issue 16: values that would change an IAM grant or that CDK reads as tokens --------


def test_a_hand_typed_token_marker_is_refused():
    assert token_problems("description", "reads ${Token[TOKEN.99999]} daily") == [
        "description 'reads ${Token[TOKEN.99999]} daily' holds '${Token[TOKEN.99999]}', "
        "which aws-cdk-lib reads as a token it never issued; pass the token's own value "
        "(e.g. parameter.value_as_string) or write the text without it"
    ]
    assert token_problems("description", "#{Token[Lake.1]}")[0].startswith(
        "description '#{Token[Lake.1]}' holds '#{Token[Lake.1]}'"
    )
    assert description_problems("${Token[TOKEN.99999]}") != []


def test_a_real_token_and_plain_dollars_pass():
    stack = Stack(App(), "Lake")
    name = CfnParameter(stack, "Name").value_as_string
    assert token_problems("S3 prefix", f"raw/{name}/") == []
    assert token_problems("description", "costs $5 ${x} {a} (b)") == []
    assert name_problems("job_name", f"job-{name}", 255) == []


@pytest.mark.parametrize(
    ("prefix", "problem"),
    [
        (
            "raw*/",
            "S3 prefix 'raw*/' may not contain *: glueforge grants on '<bucket>/raw*/*', where "
            "IAM reads * and ? as wildcards and ${ as a policy variable; name the prefix "
            "literally, e.g. 'raw/clicks/'",
        ),
        ("a?/b${x}/", "S3 prefix 'a?/b${x}/' may not contain ? ${: glueforge grants on"),
        ("/raw/", "S3 prefix '/raw/' must not start with '/'; expected e.g. 'raw/clicks/'"),
        ("r${Token[TOKEN.99999]}/", "S3 prefix 'r${Token[TOKEN.99999]}/' holds"),
    ],
)
def test_prefixes_that_would_change_the_grant_are_refused(prefix, problem):
    [found] = s3_prefix_problems(prefix)
    assert found.startswith(problem)


@pytest.mark.parametrize("prefix", ["", "raw/", "2024(q1)/", "a)b/", "{x}/", "cost$/", "a b/"])
def test_prefixes_s3_takes_are_accepted(prefix):
    bucket = s3.Bucket.from_bucket_name(Stack(App(), "Lake"), "B", "lake")
    assert S3Location(bucket, prefix).problems() == []


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (
            "orders*",
            "table 'orders*' may not contain *: in the IAM grant on 'table/<database>/orders*' "
            "it would reach other tables; name one table, e.g. 'orders'",
        ),
        ("a/b", "table 'a/b' may not contain /:"),
        ("or?ers", "table 'or?ers' may not contain ?:"),
        ("", "table must be 1-255 characters, got 0"),
        ("a\nb", "table 'a\\nb' contains a control character"),
    ],
)
def test_catalog_names_that_would_change_the_grant_are_refused(value, problem):
    [found] = catalog_name_problems("table", value)
    assert found.startswith(problem)


def test_catalog_names_glue_takes_are_accepted():
    assert catalog_name_problems("table", "orders-2024 (v2)") == []
    assert catalog_name_problems("table", "raw_*", trailing_wildcard=True) == []
    assert catalog_name_problems("table", "raw_*") != []


def test_a_construct_path_holding_a_token_marker_is_refused():
    stack = Stack(App(), "Lake")
    bad = Construct(stack, "Job${Token[TOKEN.99999]}")
    assert path_problems(bad)[0].startswith(
        "construct path 'Lake/Job${Token[TOKEN.99999]}' holds '${Token[TOKEN.99999]}'"
    )
    assert path_problems(Construct(stack, "Job(v2)")) == []


def test_a_token_aws_cdk_lib_issued_is_asked_of_node_once():
    name = CfnParameter(Stack(App(), "Lake"), "Db").value_as_string
    typed = "sales_${Token[TOKEN.987654321]}"  # a marker by hand: never issued
    with RoundTrips() as trips:
        first = token_problems("database name", f"{name}_x")
        again = token_problems("database name", f"{name}_x")
        refused = [token_problems("database name", typed) for _ in range(2)]
    assert first == again == []
    assert all(len(problems) == 1 and "never issued" in problems[0] for problems in refused)
    # One reverse for the real token, then one for each check of the typed marker.
    assert trips.total == 3
