"""nag_resource_text renders a resolved resource as cdk-nag 3.0.2 does in an IAM5 finding.

Each expected string is worked by hand from cdk-nag's ``flattenCfnReference``
(``src/utils/flatten-cfn-reference.ts``): strings with ``${`` -> ``<`` and ``}`` -> ``>``;
``Fn::Join`` joins its flattened parts; ``Fn::Sub`` flattens its template; ``Fn::GetAtt``
is ``<Resource.Attribute>``; ``Fn::ImportValue`` is the export name; ``Ref`` is
``<Name>``; anything else is ``JSON.stringify``.
"""

from __future__ import annotations

import pytest

from glueforge.iam.suppressions import nag_resource_text

PARTITION = {"Ref": "AWS::Partition"}


@pytest.mark.parametrize(
    ("resolved", "expected"),
    [
        ("arn:aws:s3:::lake/raw/*", "arn:aws:s3:::lake/raw/*"),
        ("arn:aws:s3:::lake/a${b}c/*", "arn:aws:s3:::lake/a<b>c/*"),
        ("arn:aws:s3:::lake/a}b/*", "arn:aws:s3:::lake/a>b/*"),
        ("arn:aws:s3:::lake/a)b(/*", "arn:aws:s3:::lake/a)b(/*"),
        ({"Ref": "LakeBucketName"}, "<LakeBucketName>"),
        ({"Fn::GetAtt": ["LakeBucket1234", "Arn"]}, "<LakeBucket1234.Arn>"),
        (
            {"Fn::GetAtt": ["StorageResource", "Outputs.LakeArn"]},
            "<StorageResource.Outputs.LakeArn>",
        ),
        ({"Fn::ImportValue": "Foundation:ExportsOutputLakeArn"}, "Foundation:ExportsOutputLakeArn"),
        (
            {"Fn::ImportValue": {"Fn::Sub": "${AWS::StackName}-LakeArn"}},
            "<AWS::StackName>-LakeArn",
        ),
        (
            {
                "Fn::Join": [
                    "",
                    [
                        {"Fn::ImportValue": "Foundation:LakeArn"},
                        "/raw/*",
                    ],
                ]
            },
            "Foundation:LakeArn/raw/*",
        ),
        (
            {"Fn::Join": ["", ["arn:", PARTITION, ":s3:::", {"Ref": "Name"}, "/raw/*"]]},
            "arn:<AWS::Partition>:s3:::<Name>/raw/*",
        ),
        ({"Fn::Join": [":", ["a", "b"]]}, "a:b"),
        (
            {"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"},
            "arn:<AWS::Partition>:s3:::<Bucket>/*",
        ),
        # A Sub with variables is not a string: JSON.stringify of the pair.
        ({"Fn::Sub": ["${B}/*", {"B": "lake"}]}, '["${B}/*",{"B":"lake"}]'),
        (
            {"Fn::Select": [1, {"Fn::Split": [",", {"Ref": "Arns"}]}]},
            '{"Fn::Select":[1,{"Fn::Split":[",",{"Ref":"Arns"}]}]}',
        ),
        ({"Fn::If": ["C", "a", "b"]}, '{"Fn::If":["C","a","b"]}'),
        ({"Ref": ""}, '{"Ref":""}'),  # an empty Ref is not truthy in JavaScript
        (5, "5"),
        (1.0, "1"),
        (None, ""),
        ("lake/é/*", "lake/é/*"),
    ],
)
def test_renders_like_cdk_nag(resolved, expected):
    assert nag_resource_text(resolved) == expected
