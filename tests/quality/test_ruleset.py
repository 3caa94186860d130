"""DataQualityRuleset: the AWS::Glue::DataQualityRuleset it writes, its checks, imports, grants.

Expected properties are written by hand from the CloudFormation resource
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-glue-dataqualityruleset.html:
Name, Description, Ruleset, TargetTable {DatabaseName, TableName}, Tags) and the IAM
resource of the Glue Data Quality authorization page
(https://docs.aws.amazon.com/glue/latest/dg/data-quality-authorization.html:
arn:aws:glue:<region>:<account>:dataQualityRuleset/<name>).
"""

from __future__ import annotations

import pytest
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam

from glueforge import (
    DataQualityRuleset,
    DqdlRuleset,
    GlueforgeValidationError,
    IcebergField,
    IcebergTable,
    IDataQualityRuleset,
    Rules,
    SecureBucket,
    Table,
)
from tests.conftest import assert_clean
from tests.helpers.iam import arn, logical_id, policy_statements

S = glue.Schema


def _orders_table(stack) -> Table:
    database = glue.Database(stack, "Db", database_name="shop")
    return Table(
        stack,
        "Orders",
        database=database,
        bucket=SecureBucket(stack, "Lake"),
        prefix="orders/",
        table_name="orders",
        columns=[
            glue.Column(name="order_id", type=S.BIG_INT),
            glue.Column(name="status", type=S.STRING),
            glue.Column(name="amount", type=S.decimal(10, 2)),
        ],
        partition_keys=[glue.Column(name="day", type=S.STRING)],
    )


def _properties(template: dict) -> dict:
    found = logical_id(template, "AWS::Glue::DataQualityRuleset", "OrdersQuality")
    return template["Resources"][found]["Properties"]


def test_a_built_ruleset_on_a_glueforge_table(stack, synth):
    rules = DqdlRuleset(
        [
            Rules.is_complete("order_id"),
            Rules.column_values("status").is_in(["open", "paid"]),
            Rules.mean("amount").greater_than(0),
            Rules.is_complete("day"),  # a partition key is a column too
        ]
    )
    ruleset = DataQualityRuleset(
        stack,
        "OrdersQuality",
        rules=rules,
        table=_orders_table(stack),
        ruleset_name="orders-quality",
        description="curated orders",
        tags={"team": "orders"},
    )
    report = synth(stack)
    template = report.templates["Test"]
    # the database's name is a Ref to it, so CloudFormation creates the database first
    database = {"Ref": logical_id(template, "AWS::Glue::Database", "Db")}
    assert _properties(template) == {
        "Name": "orders-quality",
        "Description": "curated orders",
        "Ruleset": (
            "Rules = [\n"
            '    IsComplete "order_id",\n'
            '    ColumnValues "status" in ["open", "paid"],\n'
            '    Mean "amount" > 0,\n'
            '    IsComplete "day"\n'
            "]"
        ),
        "TargetTable": {"DatabaseName": database, "TableName": "orders"},
        "Tags": {"team": "orders"},
    }
    assert_clean(report)
    assert ruleset.dqdl == rules.to_dqdl()
    assert [r.rule_type for r in ruleset.ruleset.rules] == [
        "IsComplete", "ColumnValues", "Mean", "IsComplete"
    ]  # fmt: skip
    assert ruleset.columns == {
        "order_id": "bigint", "status": "string", "amount": "decimal(10,2)", "day": "string"
    }  # fmt: skip
    assert stack.resolve(ruleset.ruleset_arn) == arn("glue", ":dataQualityRuleset/orders-quality")


def test_dqdl_text_on_explicit_names(stack, synth):
    DataQualityRuleset(
        stack,
        "OrdersQuality",
        rules="Rules = [ RowCount > 0 ]",
        database_name="shop",
        table_name="orders",
        ruleset_name="orders-quality",
    )
    properties = _properties(synth(stack, nag=False).templates["Test"])
    assert properties == {
        "Name": "orders-quality",
        "Ruleset": "Rules = [ RowCount > 0 ]",  # the user's text, as written
        "TargetTable": {"DatabaseName": "shop", "TableName": "orders"},
    }


def test_the_name_defaults_to_one_made_from_the_path(stack):
    ruleset = DataQualityRuleset(
        stack, "OrdersQuality", rules="Rules = [ RowCount > 0 ]", database_name="d", table_name="t"
    )
    # Names.uniqueResourceName: "<stack><id>" + 8-hex hash of "Test/OrdersQuality"
    assert ruleset.ruleset_name.startswith("TestOrdersQuality")
    assert len(ruleset.ruleset_name) == len("TestOrdersQuality") + 8


def test_column_references_are_checked_against_the_table(stack):
    table = _orders_table(stack)
    with pytest.raises(GlueforgeValidationError) as error:
        DataQualityRuleset(
            stack,
            "OrdersQuality",
            table=table,
            rules='Rules = [ IsComplete "email", ColumnLength "amount" > 2 ]',
        )
    assert error.value.path == "Test/OrdersQuality"
    assert error.value.problems == [
        "rule 1 `IsComplete \"email\"`: column 'email' is not in the table; its columns: "
        "order_id, status, amount, day",
        'rule 2 `ColumnLength "amount" > 2`: ColumnLength needs a string column (char, string, '
        "varchar), column 'amount' is decimal(10,2) "
        "(https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-ColumnLength.html)",
    ]


def test_iceberg_table_columns_are_checked(stack):
    table = IcebergTable(
        stack,
        "Orders",
        database=glue.Database(stack, "Db", database_name="shop"),
        bucket=SecureBucket(stack, "Lake"),
        prefix="orders/",
        table_name="orders",
        columns=[IcebergField("order_id", "long"), IcebergField("note", "string")],
    )
    ok = DataQualityRuleset(stack, "Fine", table=table, rules='Rules = [ Sum "order_id" > 0 ]')
    assert ok.table_name == "orders"
    assert stack.resolve(ok.database_name) == stack.resolve(table.database.database_name)
    with pytest.raises(GlueforgeValidationError, match="Mean needs a numeric column"):
        DataQualityRuleset(stack, "Bad", table=table, rules='Rules = [ Mean "note" > 0 ]')


def test_bad_dqdl_names_the_path_and_each_problem(stack):
    with pytest.raises(GlueforgeValidationError) as error:
        DataQualityRuleset(
            stack,
            "OrdersQuality",
            database_name="shop",
            table_name="orders",
            rules='Rules = [ Iscomplete "a", Completeness "b" > 1.5 ]',
            description="x" * 2049,
        )
    assert str(error.value).startswith('Test/OrdersQuality: rule 1 `Iscomplete "a"`: unknown')
    assert error.value.problems[1] == (
        'rule 2 `Completeness "b" > 1.5`: Completeness is a fraction from 0 to 1 (0.95 means '
        "95 percent), got 1.5 in `> 1.5`"
    )
    assert error.value.problems[2] == "description must be at most 2048 characters, got 2049"


def test_the_target_table_must_be_given_once(stack):
    with pytest.raises(GlueforgeValidationError, match="or both database_name and table_name"):
        DataQualityRuleset(stack, "A", rules="Rules = [ RowCount > 0 ]", database_name="shop")
    with pytest.raises(GlueforgeValidationError, match="not both"):
        DataQualityRuleset(
            stack, "B", rules="Rules = [ RowCount > 0 ]", table=_orders_table(stack),
            database_name="shop", table_name="orders",
        )  # fmt: skip
    with pytest.raises(GlueforgeValidationError, match="ruleset_name must be 1-255 characters"):
        DataQualityRuleset(stack, "C", rules="Rules = [ RowCount > 0 ]", database_name="d",
                           table_name="t", ruleset_name="n" * 256)  # fmt: skip
    with pytest.raises(TypeError, match="rules must be DqdlRuleset or str"):
        DataQualityRuleset(stack, "D", rules=Rules.is_complete("a"), database_name="d",
                           table_name="t")  # type: ignore[arg-type]  # fmt: skip


def test_grants_read_and_evaluate(stack, synth):
    ruleset = DataQualityRuleset(
        stack, "OrdersQuality", rules="Rules = [ RowCount > 0 ]", database_name="shop",
        table_name="orders", ruleset_name="orders-quality",
    )  # fmt: skip
    reader = iam.Role(stack, "Reader", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    runner = iam.Role(stack, "Runner", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    ruleset.grant_read(reader)
    ruleset.grant_evaluate(runner)
    template = synth(stack, nag=False).templates["Test"]
    one = arn("glue", ":dataQualityRuleset/orders-quality")
    assert policy_statements(template, logical_id(template, "AWS::IAM::Role", "Reader")) == [
        {"Action": "glue:GetDataQualityRuleset", "Effect": "Allow", "Resource": one}
    ]
    assert policy_statements(template, logical_id(template, "AWS::IAM::Role", "Runner")) == [
        {
            "Action": ["glue:GetDataQualityRuleset", "glue:GetDataQualityResult"],
            "Effect": "Allow",
            "Resource": one,
        },
        {
            "Action": [
                "glue:StartDataQualityRulesetEvaluationRun",
                "glue:GetDataQualityRulesetEvaluationRun",
            ],
            "Effect": "Allow",
            "Resource": arn("glue", ":dataQualityRuleset/*"),
        },
    ]


def test_imports(stack):
    by_name = DataQualityRuleset.from_ruleset_name(stack, "ByName", "orders-quality")
    assert isinstance(by_name, IDataQualityRuleset)
    assert not isinstance(by_name, DataQualityRuleset)
    assert by_name.ruleset_name == "orders-quality"
    assert stack.resolve(by_name.ruleset_arn) == arn("glue", ":dataQualityRuleset/orders-quality")
    given = "arn:aws:glue:eu-west-1:111111111111:dataQualityRuleset/other"
    by_arn = DataQualityRuleset.from_ruleset_arn(stack, "ByArn", given)
    assert (by_arn.ruleset_name, by_arn.ruleset_arn) == ("other", given)
    with pytest.raises(GlueforgeValidationError, match="dataQualityRuleset/orders"):
        DataQualityRuleset.from_ruleset_arn(stack, "Bad", "arn:aws:glue:eu-west-1:1:job/x")
