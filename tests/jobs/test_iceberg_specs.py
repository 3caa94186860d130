"""IcebergSource and IcebergSink: Glue 5.0's Iceberg settings, scripts, grants, checks.

Expected values are written by hand from "Using the Iceberg framework in AWS Glue"
(https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-format-iceberg.html,
"Enabling the Iceberg framework": ``--datalake-formats iceberg`` and one ``--conf`` key
holding the five Spark settings) and Iceberg's Spark ``MERGE INTO`` syntax.
"""

from __future__ import annotations

import json

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from glueforge.catalog.iceberg import IcebergField, IcebergTable
from glueforge.core.errors import GlueforgeValidationError
from glueforge.core.locations import S3Location
from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.script.checks import scala_parser_available
from glueforge.jobs.specs import IcebergSink, IcebergSource, S3Sink, S3Source

CONF = (
    "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions"
    " --conf spark.sql.catalog.glue_catalog=org.apache.iceberg.spark.SparkCatalog"
    " --conf spark.sql.catalog.glue_catalog.warehouse=s3://{warehouse}/"
    " --conf spark.sql.catalog.glue_catalog.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog"
    " --conf spark.sql.catalog.glue_catalog.io-impl=org.apache.iceberg.aws.s3.S3FileIO"
)
MERGE = (
    " t USING sink_curated_batch s ON t.`order_id` = s.`order_id`"
    " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"
)


class _Lake:
    def __init__(self) -> None:
        self.stack = Stack(App(), "Lake")
        self.raw = s3.Bucket.from_bucket_name(self.stack, "Raw", "raw-bucket")
        self.lake = s3.Bucket.from_bucket_name(self.stack, "LakeBucket", "lake-bucket")
        self.database = glue.Database(self.stack, "Db", database_name="sales")
        self.orders = IcebergTable(
            self.stack,
            "Orders",
            database=self.database,
            bucket=self.lake,
            prefix="curated/orders/",
            table_name="orders",
            columns=[
                IcebergField("order_id", "long", required=True),
                IcebergField("region", "string", required=True),
                IcebergField("amount", "long"),
            ],
            identifier_fields=["order_id"],
        )

    def job(self, *sinks, id="Job", source=None, **props) -> EtlJob:
        source = source or S3Source("changes", bucket=self.raw, prefix="changes/")
        return EtlJob(self.stack, id, specs=[source, *sinks], **props)


@pytest.fixture
def lake() -> _Lake:
    return _Lake()


def _arguments(job: EtlJob) -> dict:
    return job.stack.resolve(job.arguments)


def _actions(stack: Stack) -> set[str]:
    found: set[str] = set()
    for resource in Template.from_stack(stack).to_json()["Resources"].values():
        if resource["Type"] == "AWS::IAM::Policy":
            for statement in resource["Properties"]["PolicyDocument"]["Statement"]:
                actions = statement["Action"]
                found.update([actions] if isinstance(actions, str) else actions)
    return found


# ---- job arguments -------------------------------------------------------------------


def test_the_job_gets_datalake_formats_and_the_catalog_settings(lake):
    job = lake.job(IcebergSink("curated", input="changes", table=lake.orders))
    arguments = _arguments(job)
    assert arguments["--datalake-formats"] == "iceberg"
    assert arguments["--conf"] == CONF.format(warehouse="lake-bucket")
    # The names reach the script as job arguments.
    assert arguments["--sink_curated_database"] == job.stack.resolve(lake.database.database_name)
    assert arguments["--sink_curated_table"] == "orders"


def test_a_given_warehouse_replaces_the_bucket_root(lake):
    warehouse = S3Location(lake.raw, "warehouse/")
    job = lake.job(IcebergSink("curated", input="changes", table=lake.orders, warehouse=warehouse))
    assert _arguments(job)["--conf"] == CONF.format(warehouse="raw-bucket/warehouse")


def test_a_warehouse_prefix_iam_cannot_scope_is_refused(lake):
    with pytest.raises(GlueforgeValidationError, match=r"S3 prefix 'ware\*' may not contain \*"):
        lake.job(
            IcebergSink(
                "curated",
                input="changes",
                table=lake.orders,
                warehouse=S3Location(lake.raw, "ware*"),
            )
        )


def test_two_specs_on_one_warehouse_set_the_arguments_once(lake):
    job = lake.job(
        IcebergSink("curated", input="orders", table=lake.orders),
        source=IcebergSource("orders", table=lake.orders),
    )
    arguments = _arguments(job)
    assert arguments["--conf"] == CONF.format(warehouse="lake-bucket")
    assert list(arguments).count("--conf") == 1


def test_two_specs_with_different_warehouses_are_refused(lake):
    with pytest.raises(
        GlueforgeValidationError, match=r"sink 'curated' sets --conf to .*warehouse"
    ):
        lake.job(
            IcebergSink(
                "curated", input="orders", table=lake.orders, warehouse=S3Location(lake.raw)
            ),
            source=IcebergSource("orders", table=lake.orders),
        )


def test_default_arguments_may_not_set_the_iceberg_settings_again(lake):
    with pytest.raises(GlueforgeValidationError, match=r"'--conf' is set by a step of this job"):
        lake.job(
            IcebergSink("curated", input="changes", table=lake.orders),
            default_arguments={"--conf": "spark.x=y"},
        )


def test_jobs_without_iceberg_get_neither_argument(lake):
    job = lake.job(S3Sink("out", input="changes", bucket=lake.raw, prefix="out/"))
    assert not {"--datalake-formats", "--conf"} & set(_arguments(job))


# ---- Glue versions ---------------------------------------------------------------------


@pytest.mark.parametrize("version", ["5.0", "5.1", "6.0"])
def test_glue_5_0_and_later_run_iceberg_specs(lake, version):
    lake.job(IcebergSink("curated", input="changes", table=lake.orders), glue_version=version)


def test_glue_4_0_is_refused(lake):
    with pytest.raises(
        GlueforgeValidationError, match=r"sink 'curated' needs glue_version 5\.0 or later, got 4\.0"
    ):
        lake.job(IcebergSink("curated", input="changes", table=lake.orders), glue_version="4.0")


# ---- grants come from the table ----------------------------------------------------------


def test_the_sink_gets_the_tables_write_grant_and_the_source_its_read_grant(lake):
    lake.job(IcebergSink("curated", input="changes", table=lake.orders), id="Writer")
    assert "glue:UpdateTable" in _actions(lake.stack)
    reader = _Lake()
    reader.job(
        S3Sink("out", input="orders", bucket=reader.raw, prefix="out/"),
        source=IcebergSource("orders", table=reader.orders),
    )
    actions = _actions(reader.stack)
    assert "glue:GetTable" in actions
    assert "glue:UpdateTable" not in actions


def test_grants_are_the_tables_own():
    calls = []

    class _Recorded:
        def __init__(self, table):
            self.__dict__.update(
                database=table.database,
                table_name=table.table_name,
                table_arn=table.table_arn,
                location=table.location,
                identifier_fields=table.identifier_fields,
            )

        def grant_read(self, grantee):
            calls.append("read")

        def grant_write(self, grantee):
            calls.append("write")

    lake = _Lake()
    table = _Recorded(lake.orders)
    lake.job(
        IcebergSink("curated", input="orders", table=table),
        source=IcebergSource("orders", table=table),
    )
    assert calls == ["read", "write"]


# ---- merge keys --------------------------------------------------------------------------


def test_merge_defaults_to_the_tables_identifier_fields(lake):
    sink = IcebergSink("curated", input="changes", table=lake.orders, mode="merge")
    assert sink.key == ("order_id",)
    assert sink.problems() == []


def test_a_merge_key_must_name_columns_of_the_table(lake):
    with pytest.raises(
        GlueforgeValidationError,
        match=r"merge_key columns \['id'\] are not columns of the table; its columns: "
        r"\['amount', 'order_id', 'region'\]",
    ):
        lake.job(
            IcebergSink(
                "curated", input="changes", table=lake.orders, mode="merge", merge_key=["id"]
            )
        )


def test_a_merge_without_key_is_refused(lake):
    keyless = IcebergTable.from_iceberg_table_attributes(
        lake.stack, "Keyless", database=lake.database, table_name="k", bucket=lake.lake, prefix="k/"
    )
    with pytest.raises(GlueforgeValidationError, match=r"mode='merge' needs a key"):
        lake.job(IcebergSink("curated", input="changes", table=keyless, mode="merge"))


def test_an_imported_tables_key_is_taken_as_given(lake):
    imported = IcebergTable.from_iceberg_table_attributes(
        lake.stack, "Imp", database=lake.database, table_name="k", bucket=lake.lake, prefix="k/"
    )
    sink = IcebergSink("curated", input="changes", table=imported, mode="merge", merge_key=["x"])
    assert sink.problems() == []


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"mode": "upsert"}, r"mode 'upsert' is not one of \['append', 'overwrite', 'merge'\]"),
        ({"merge_key": ["order_id"]}, r"merge_key is only for mode='merge', got mode='append'"),
        (
            {"mode": "merge", "merge_key": ["order_id", "order_id"]},
            r"merge_key \['order_id', 'order_id'\] names a column twice",
        ),
        ({"mode": "merge", "merge_key": [" "]}, r"merge_key: column names must not be empty"),
    ],
)
def test_bad_sink_props_are_refused(lake, props, message):
    with pytest.raises(GlueforgeValidationError, match=message):
        lake.job(IcebergSink("curated", input="changes", table=lake.orders, **props))


def test_a_table_that_is_no_iceberg_table_is_refused(lake):
    with pytest.raises(GlueforgeValidationError, match=r"table must be an Iceberg table.*got str"):
        lake.job(IcebergSink("curated", input="changes", table="orders"))


# ---- scripts -------------------------------------------------------------------------------

TABLE_PY = (
    '".".join(\n'
    '        "`" + part.replace("`", "``") + "`"\n'
    '        for part in ["glue_catalog", args["sink_curated_database"], '
    'args["sink_curated_table"]]\n'
    "    )"
)


@pytest.mark.parametrize(
    ("mode", "write"),
    [
        ("append", f"changes.writeTo(\n    {TABLE_PY}\n).append()"),
        ("overwrite", f"changes.writeTo(\n    {TABLE_PY}\n).overwritePartitions()"),
        (
            "merge",
            'changes.createOrReplaceTempView("sink_curated_batch")\nspark.sql(\n'
            f'    "MERGE INTO "\n    + {TABLE_PY}\n    + "{MERGE}"\n)',
        ),
    ],
)
def test_pyspark_writes(lake, mode, write):
    job = lake.job(IcebergSink("curated", input="changes", table=lake.orders, mode=mode))
    script = job.script.text
    assert write in script
    assert "spark = glue_context.spark_session" in script
    assert "DynamicFrame" not in script.split("args =")[0]  # no unused import


def test_pyspark_read(lake):
    job = lake.job(
        S3Sink("out", input="orders", bucket=lake.raw, prefix="out/"),
        source=IcebergSource("orders", table=lake.orders),
    )
    assert (
        'orders = spark.table(\n    ".".join(\n        "`" + part.replace("`", "``") + "`"\n'
        '        for part in ["glue_catalog", args["source_orders_database"], '
        'args["source_orders_table"]]\n    )\n)'
    ) in job.script.text


def test_the_table_name_is_never_pasted_into_the_script(lake):
    odd = IcebergTable.from_iceberg_table_attributes(
        lake.stack,
        "Odd",
        database=lake.database,
        table_name="odd_name_x",
        bucket=lake.lake,
        prefix="o/",
    )
    job = lake.job(IcebergSink("curated", input="changes", table=odd))
    assert "odd_name_x" not in job.script.text
    assert _arguments(job)["--sink_curated_table"] == "odd_name_x"


def test_the_rendered_identifier_quotes_what_the_arguments_hold(lake):
    # Run the script's own expression on hostile argument values.
    args = {"sink_curated_database": "sales", "sink_curated_table": "a`b; DROP TABLE x"}
    expression = TABLE_PY.replace("\n", " ")
    assert eval(expression, {"args": args}) == "`glue_catalog`.`sales`.`a``b; DROP TABLE x`"


def test_merge_keys_are_quoted_identifiers(lake):
    sink = IcebergSink("curated", input="changes", table=lake.orders, mode="merge")
    multi = IcebergSink(
        "curated",
        input="changes",
        table=lake.orders,
        mode="merge",
        merge_key=["order_id", "region"],
    )
    assert sink.render_context("pyspark")["merge_clauses"] == MERGE
    assert multi.render_context("pyspark")["merge_clauses"] == (
        " t USING sink_curated_batch s ON t.`order_id` = s.`order_id` AND t.`region` = s.`region`"
        " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"
    )


TABLE_SCALA = (
    'Seq("glue_catalog", args("sink_curated_database"), args("sink_curated_table"))\n'
    '    .map(part => "`" + part.replace("`", "``") + "`")\n'
    '    .mkString(".")'
)


@pytest.mark.parametrize(
    ("mode", "write"),
    [
        ("append", f"changes.writeTo(\n  {TABLE_SCALA}\n).append()"),
        ("overwrite", f"changes.writeTo(\n  {TABLE_SCALA}\n).overwritePartitions()"),
        (
            "merge",
            'changes.createOrReplaceTempView("sink_curated_batch")\nspark.sql(\n'
            f'  "MERGE INTO " +\n  {TABLE_SCALA} +\n  "{MERGE}"\n)',
        ),
    ],
)
def test_scala_writes(lake, mode, write):
    job = lake.job(
        IcebergSink("curated", input="changes", table=lake.orders, mode=mode), language="scala"
    )
    indented = "\n".join("    " + line for line in write.splitlines())
    assert indented in job.script.text


def test_scala_read(lake):
    job = lake.job(
        S3Sink("out", input="orders", bucket=lake.raw, prefix="out/"),
        source=IcebergSource("orders", table=lake.orders),
        language="scala",
    )
    assert (
        "    val orders = spark.table(\n"
        '      Seq("glue_catalog", args("source_orders_database"), args("source_orders_table"))\n'
        '        .map(part => "`" + part.replace("`", "``") + "`")\n'
        '        .mkString(".")\n    )'
    ) in job.script.text


@pytest.mark.skipif(not scala_parser_available(), reason="scalac not installed")
def test_scala_scripts_parse(lake):
    # EtlJob refuses a script scalac cannot parse; rendering all three modes is the check.
    for index, mode in enumerate(("append", "overwrite", "merge")):
        lake.job(
            IcebergSink("curated", input="orders", table=lake.orders, mode=mode),
            source=IcebergSource("orders", table=lake.orders),
            id=f"Scala{index}",
            language="scala",
        )


# ---- local runs --------------------------------------------------------------------------


def test_local_arguments_carry_the_declared_schema(lake):
    job = lake.job(IcebergSink("curated", input="changes", table=lake.orders))
    local = job.spec.local_arguments()["sink_curated_table"]
    assert local.name == "orders"
    assert json.loads(local.schema) == {
        "type": "struct",
        "schema-id": 0,
        "fields": [
            {"id": 1, "name": "order_id", "required": True, "type": "long"},
            {"id": 2, "name": "region", "required": True, "type": "string"},
            {"id": 3, "name": "amount", "required": False, "type": "long"},
        ],
        "identifier-field-ids": [1],
    }
    assert job.spec.local_arguments()["sink_curated_database"].name == "sales"


def test_an_imported_table_records_no_schema(lake):
    imported = IcebergTable.from_iceberg_table_attributes(
        lake.stack, "Imp", database=lake.database, table_name="k", bucket=lake.lake, prefix="k/"
    )
    job = lake.job(IcebergSink("curated", input="changes", table=imported))
    assert job.spec.local_arguments()["sink_curated_table"].schema is None
