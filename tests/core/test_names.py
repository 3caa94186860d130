"""Unique resource names worked out in Python are aws-cdk-lib's own."""

from __future__ import annotations

from aws_cdk import App, Names, NestedStack, Stack, Stage
from constructs import Construct

from glueforge.core.names import unique_child_name, unique_resource_name

# Glue's name limit, which glueforge names jobs, crawlers, workflows and triggers within.
GLUE_NAME_MAX = 255


def _tree() -> tuple[list[tuple[Construct, str]], list[Construct]]:
    """(scope, child id) pairs to name before the child exists, and constructs to name."""
    app = App()
    lake = Stack(app, "Lake")
    named = Stack(app, "Named", stack_name="team-lake-prod")
    staged = Stack(Stage(app, "Prod"), "Lake")
    nested = NestedStack(lake, "Team")
    scopes = [lake, named, staged, nested, Construct(Construct(nested, "Sales"), "Orders")]
    ids = [
        "Job",
        "Default",
        "Resource",
        "Lake",  # the component before it ends with it
        "OrdersJob",
        "päivä-ÅÄÖ_job 1",
        "a/b",  # constructs replaces '/' by '--'
        "X" * 300,  # cut in its middle to leave room for the hash
        "Y" * 253,
        "Z" * 247,
        "---",
    ]
    pairs = [(scope, id) for scope in scopes for id in ids]
    made = [Construct(scope, id) for scope, id in pairs]
    made += [Construct(Construct(lake, "Pipeline"), "Default"), lake, named]
    made += [Construct(Construct(lake, "Orders"), "Orders")]
    made += [Construct(Construct(lake, "Bucket"), "Resource")]
    return pairs, made


def test_a_name_is_aws_cdk_libs_name():
    _, made = _tree()
    for construct in made:
        for max_length in (GLUE_NAME_MAX, 64, 9):
            expected = Names.unique_resource_name(construct, max_length=max_length)
            assert unique_resource_name(construct, max_length=max_length) == expected


def test_a_childs_name_is_known_before_the_child_is_made():
    pairs, made = _tree()
    for (scope, id), construct in zip(pairs, made, strict=False):
        expected = Names.unique_resource_name(construct, max_length=GLUE_NAME_MAX)
        assert unique_child_name(scope, id, max_length=GLUE_NAME_MAX) == expected


def test_a_name_by_hand():
    # aws-cdk-lib's algorithm by hand: "Lake" + "Job", then the first 8 hex digits of
    # md5("Lake/Job") upper-cased (python -c "import hashlib;
    # print(hashlib.md5(b'Lake/Job').hexdigest()[:8].upper())").
    import hashlib

    stack = Stack(App(), "Lake")
    digest = hashlib.md5(b"Lake/Job").hexdigest()[:8].upper()
    assert unique_child_name(stack, "Job", max_length=GLUE_NAME_MAX) == f"LakeJob{digest}"


def test_without_a_top_level_stack_aws_cdk_lib_is_asked():
    app = App()
    free = Construct(app, "Free")
    assert unique_child_name(free, "Job", max_length=GLUE_NAME_MAX) is None
    job = Construct(free, "Job")
    expected = Names.unique_resource_name(job, max_length=GLUE_NAME_MAX)
    assert unique_resource_name(job, max_length=GLUE_NAME_MAX) == expected
