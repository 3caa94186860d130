import pytest
from aws_cdk import App, Stack

from glueforge.core.errors import GlueforgeValidationError, child_path, raise_if_problems


def test_message_names_path_and_every_problem():
    stack = Stack(App(), "DataLake")
    with pytest.raises(GlueforgeValidationError) as caught:
        raise_if_problems(stack, ["first is wrong, got 1", "", "second is wrong, got 2"])
    assert str(caught.value) == "DataLake: first is wrong, got 1; second is wrong, got 2"
    assert caught.value.path == "DataLake"
    assert caught.value.problems == ["first is wrong, got 1", "second is wrong, got 2"]
    assert isinstance(caught.value, ValueError)


def test_no_problems_raises_nothing():
    raise_if_problems("Any/Path", [])
    raise_if_problems("Any/Path", ["", ""])


def test_an_error_needs_a_problem():
    with pytest.raises(ValueError, match="at least one problem"):
        GlueforgeValidationError("X", [])


def test_child_path_before_the_child_exists():
    app = App()
    stack = Stack(app, "DataLake")
    assert child_path(stack, "OrdersCrawler") == "DataLake/OrdersCrawler"
    assert child_path(app, "DataLake") == "DataLake"
