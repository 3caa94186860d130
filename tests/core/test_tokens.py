"""is_unresolved answers as aws-cdk-lib's Token.is_unresolved, without node for a string."""

from __future__ import annotations

import jsii
from aws_cdk import App, CfnParameter, IStableStringProducer, Lazy, Stack, Token
from aws_cdk import aws_s3 as s3
from helpers.round_trips import RoundTrips

from glueforge.core.tokens import is_unresolved


@jsii.implements(IStableStringProducer)
class _Later:
    def produce(self) -> str:
        return "later"


def _values() -> list[tuple[str, object]]:
    stack = Stack(App(), "Lake")
    bucket = s3.Bucket(stack, "Raw")
    parameter = CfnParameter(stack, "Prefix")
    count = CfnParameter(stack, "Count", type="Number")
    names = CfnParameter(stack, "Names", type="CommaDelimitedList")
    return [
        ("plain", "raw/clicks/"),
        ("empty", ""),
        ("braces and dollars", "a${b}c/{x}/$y"),
        ("marker words without a token", "Token[ and ${Token[] and ${Token[TOKEN.1"),
        ("a key character aws-cdk-lib does not take", "${Token[TOKEN 1]}"),
        ("list marker in a string", "#{Token[TOKEN.7]}"),
        # Typed by hand: the pattern, not a token aws-cdk-lib issued; it still says True.
        ("a marker by hand", "x/${Token[TOKEN.999999]}/y"),
        ("number pattern without Token[", "-1.8881545897087626e+289"),
        ("number pattern with Token[", "Token[ -1.8881545897087626e+289"),
        ("non-ASCII digits", "Token[ -1." + "\u0661" * 10 + "e+289"),
        ("a real bucket name", bucket.bucket_name),
        ("text around a real bucket name", f"s3://{bucket.bucket_name}/raw/"),
        ("a parameter", parameter.value_as_string),
        ("a Lazy string", Lazy.string(_Later())),
        ("a number", 42),
        ("a number token", count.value_as_number),
        ("None", None),
        ("a list with a token", [bucket.bucket_name]),
        ("a list token", names.value_as_list),
        ("a plain list", ["a", "b"]),
    ]


def test_is_unresolved_answers_as_aws_cdk_lib():
    answers = {label: (is_unresolved(v), Token.is_unresolved(v)) for label, v in _values()}
    assert {label: ours for label, (ours, _) in answers.items()} == {
        label: theirs for label, (_, theirs) in answers.items()
    }
    # By hand from aws-cdk-lib's encoding: a string token's marker, anywhere in the text.
    assert answers["plain"] == (False, False)
    assert answers["text around a real bucket name"] == (True, True)
    assert answers["a marker by hand"] == (True, True)
    assert answers["list marker in a string"] == (False, False)
    assert answers["number pattern without Token["] == (False, False)
    assert answers["number pattern with Token["] == (True, True)
    assert answers["non-ASCII digits"] == (False, False)


def test_a_string_costs_no_round_trip():
    stack = Stack(App(), "Lake")
    name = s3.Bucket(stack, "Raw").bucket_name
    with RoundTrips() as trips:
        answers = [is_unresolved(name), is_unresolved("raw/"), is_unresolved(f"{name}/x")]
    assert answers == [True, False, True]
    assert trips.total == 0
