import pytest
from aws_cdk import Token

from glueforge.core.limits import (
    DESCRIPTION_MAX,
    NAME_MAX,
    UNSAFE_NAME_CHARACTERS,
    description_problems,
    name_problems,
)


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
