"""Rule ids as aws-cdk-lib parses them (validation-id.ts, parseValidationId, 2.275).

Expected values are worked by hand from that parser: brackets ``[]``, ``()`` and ``{}``
nest; a closing bracket with nothing open, or of another kind than the open one, is an
error; one ``::`` outside brackets separates the plugin, a second is an error; an
opening bracket left open at the end is not.
"""

from __future__ import annotations

import pytest

from glueforge.core.rule_ids import cdk_parses_rule_id, qualified_rule_id, split_rule_id

S3 = "AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::lake/"


@pytest.mark.parametrize(
    "rule_id",
    [
        "AwsSolutions-S1",
        "AwsSolutions::AwsSolutions-S1",
        S3 + "raw/*]",
        S3 + "a(b)c/*]",  # balanced
        S3 + "a[b/*]",  # left open: aws-cdk-lib does not mind
        S3 + "a::b/*]",  # inside brackets
        'AwsSolutions::AwsSolutions-IAM5[Resource::{"Fn::Select":[0,{"Ref":"X"}]}/*]',
    ],
)
def test_ids_aws_cdk_lib_parses(rule_id):
    assert cdk_parses_rule_id(rule_id)


@pytest.mark.parametrize(
    "rule_id",
    [
        S3 + "raw)/*]",  # ')' closes '[': mismatched
        S3 + "raw(/*]",  # ']' closes '(': mismatched
        S3 + "a{b/*]",
        S3 + "a}b/*]",
        S3 + "a]b::c/*]",  # ']' ends the finding early; a second '::' outside brackets
        "AwsSolutions-S1)",  # unmatched closing bracket
        "::AwsSolutions-S1",  # no plugin before '::'
    ],
)
def test_ids_aws_cdk_lib_refuses(rule_id):
    assert not cdk_parses_rule_id(rule_id)


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        ("AwsSolutions::AwsSolutions-S1", ("AwsSolutions", "AwsSolutions-S1")),
        ("AwsSolutions-S1", ("AwsSolutions", "AwsSolutions-S1")),
        (
            "AwsSolutions-IAM5[Resource::a)/*]",
            ("AwsSolutions", "AwsSolutions-IAM5[Resource::a)/*]"),
        ),
        (
            "AwsSolutions::AwsSolutions-IAM5[Resource::*]",
            ("AwsSolutions", "AwsSolutions-IAM5[Resource::*]"),
        ),
        ("CloudFormation-Validate::E3002", ("CloudFormation-Validate", "E3002")),
    ],
)
def test_split(rule_id, expected):
    assert split_rule_id(rule_id) == expected


def test_qualified_ids_keep_their_plugin():
    assert qualified_rule_id("AwsSolutions-IAM5[Resource::*]") == (
        "AwsSolutions::AwsSolutions-IAM5[Resource::*]"
    )
    assert qualified_rule_id("AwsSolutions::AwsSolutions-S1") == "AwsSolutions::AwsSolutions-S1"
