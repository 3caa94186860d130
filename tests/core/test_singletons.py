from aws_cdk import App, Stack
from constructs import Construct

from glueforge.core.singletons import stack_singleton, stack_state


def test_a_singleton_is_created_once_under_the_stack():
    stack = Stack(App(), "DataLake")
    nested = Construct(Construct(stack, "Team"), "Orders")
    calls = []

    def create(scope, id):
        calls.append(id)
        return Construct(scope, id)

    first = stack_singleton(nested, "Shared", create)
    again = stack_singleton(stack, "Shared", create)
    assert first is again
    assert calls == ["Shared"]
    assert first.node.path == "DataLake/Shared"


def test_each_stack_has_its_own_singleton():
    app = App()
    one, two = Stack(app, "One"), Stack(app, "Two")
    made = [stack_singleton(s, "Shared", Construct) for s in (one, two, one)]
    assert [m.node.path for m in made] == ["One/Shared", "Two/Shared", "One/Shared"]
    assert made[0] is made[2]


def test_stack_state_is_kept_per_stack_and_made_once():
    app = App()
    one, two = Stack(app, "One"), Stack(app, "Two")
    calls = []

    def create(stack):
        calls.append(stack.node.id)
        return []

    stack_state(Construct(one, "Job"), "_test_state", create).append("a")
    stack_state(one, "_test_state", create).append("b")
    stack_state(two, "_test_state", create).append("c")
    assert stack_state(one, "_test_state", create) == ["a", "b"]
    assert stack_state(two, "_test_state", create) == ["c"]
    assert calls == ["One", "Two"]
    # Kept off the construct tree: nothing appears in the template.
    assert [c.node.id for c in one.node.children] == ["Job"]
