"""glueforge's catalog Table: the AWS::Glue::Table it writes, its checks, imports and grants.

Expected properties are written by hand from the CloudFormation AWS::Glue::Table schema
(TableInput, StorageDescriptor, SerdeInfo) and Athena's SerDe pages:
https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html ,
https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html ,
https://docs.aws.amazon.com/athena/latest/ug/json-serde.html .
"""

from __future__ import annotations

import pytest
from aws_cdk import App, Fn, Stack
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam

from glueforge import (
    CatalogSink,
    CatalogSource,
    Crawler,
    CrawlerTarget,
    EtlJob,
    GlueforgeValidationError,
    ITable,
    S3Sink,
    SecureBucket,
    Table,
    TableFormat,
)
from tests.conftest import assert_clean
from tests.helpers.iam import arn, logical_id, policy_statements

S = glue.Schema


def _lake(stack: Stack):
    return glue.Database(stack, "Db", database_name="shop"), SecureBucket(stack, "Raw")


def _clicks(stack: Stack, **props) -> Table:
    database, bucket = _lake(stack)
    props.setdefault("columns", [glue.Column(name="id", type=S.STRING)])
    return Table(
        stack,
        "Clicks",
        database=database,
        bucket=bucket,
        prefix="clicks/",
        table_name="clicks",
        **props,
    )


def _table_input(template: dict) -> dict:
    return template["Resources"][logical_id(template, "AWS::Glue::Table", "Clicks")]["Properties"][
        "TableInput"
    ]


def test_a_typed_parquet_table_with_nested_columns(stack, synth):
    _clicks(
        stack,
        description="page views",
        columns=[
            glue.Column(name="id", type=S.STRING, comment="view id"),
            glue.Column(name="price", type=S.decimal(12, 2)),
            glue.Column(name="tags", type=S.array(S.STRING)),
            glue.Column(name="attributes", type=S.map(S.STRING, S.BIG_INT)),
            glue.Column(
                name="device",
                type=S.struct(
                    [
                        glue.Column(name="os", type=S.varchar(32)),
                        glue.Column(name="screens", type=S.array(S.INTEGER)),
                    ]
                ),
            ),
        ],
        partition_keys=[glue.Column(name="dt", type=S.DATE)],
        parameters={"owner_team": "web"},
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    bucket = logical_id(template, "AWS::S3::Bucket", "Raw")
    database = logical_id(template, "AWS::Glue::Database", "Db")
    table = template["Resources"][logical_id(template, "AWS::Glue::Table", "Clicks")]
    assert table["Properties"]["DatabaseName"] == {"Ref": database}
    assert table["Properties"]["CatalogId"] == {"Ref": "AWS::AccountId"}
    assert table["Properties"]["TableInput"] == {
        "Name": "clicks",
        "Description": "page views",
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {
            "classification": "parquet",
            "compressionType": "snappy",
            "has_encrypted_data": False,
            "owner_team": "web",
        },
        "PartitionKeys": [{"Name": "dt", "Type": "date"}],
        "StorageDescriptor": {
            "Columns": [
                {"Name": "id", "Type": "string", "Comment": "view id"},
                {"Name": "price", "Type": "decimal(12,2)"},
                {"Name": "tags", "Type": "array<string>"},
                {"Name": "attributes", "Type": "map<string,bigint>"},
                {"Name": "device", "Type": "struct<os:varchar(32),screens:array<int>>"},
            ],
            "Compressed": True,
            "StoredAsSubDirectories": False,
            "Location": {"Fn::Join": ["", ["s3://", {"Ref": bucket}, "/clicks/"]]},
            "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            "SerdeInfo": {
                "SerializationLibrary": (
                    "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
                )
            },
        },
    }


TEXT = (
    "org.apache.hadoop.mapred.TextInputFormat",
    "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
)


@pytest.mark.parametrize(
    ("fmt", "formats", "serde", "parameters", "compressed"),
    [
        (
            TableFormat.csv(delimiter=";", skip_header_lines=1, compression="gzip"),
            TEXT,
            {
                "SerializationLibrary": "org.apache.hadoop.hive.serde2.OpenCSVSerde",
                "Parameters": {"separatorChar": ";", "quoteChar": '"', "escapeChar": "\\"},
            },
            {"classification": "csv", "skip.header.line.count": "1", "compressionType": "gzip"},
            True,
        ),
        (
            TableFormat.csv(delimiter="\t", quote=None),
            TEXT,
            {
                "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                "Parameters": {
                    "field.delim": "\t",
                    "serialization.format": "\t",
                    "escape.delim": "\\",
                },
            },
            {"classification": "csv"},
            False,
        ),
        (
            TableFormat.json(),
            TEXT,
            {"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe"},
            {"classification": "json"},
            False,
        ),
        (
            TableFormat.json(hive_serde=True, compression="bzip2"),
            TEXT,
            {"SerializationLibrary": "org.apache.hive.hcatalog.data.JsonSerDe"},
            {"classification": "json", "compressionType": "bzip2"},
            True,
        ),
        (
            TableFormat.orc(),
            (
                "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
                "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
            ),
            {"SerializationLibrary": "org.apache.hadoop.hive.ql.io.orc.OrcSerde"},
            {"classification": "orc", "compressionType": "zlib"},
            True,
        ),
        (
            TableFormat.avro(),
            (
                "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
                "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat",
            ),
            {"SerializationLibrary": "org.apache.hadoop.hive.serde2.avro.AvroSerDe"},
            {"classification": "avro"},
            False,
        ),
    ],
    ids=["open-csv", "lazy-simple-tsv", "openx-json", "hive-json", "orc", "avro"],
)
def test_formats_serdes_and_compression(stack, synth, fmt, formats, serde, parameters, compressed):
    _clicks(stack, format=fmt)
    table = _table_input(synth(stack, nag=False).templates["Test"])
    descriptor = table["StorageDescriptor"]
    assert (descriptor["InputFormat"], descriptor["OutputFormat"]) == formats
    assert descriptor["SerdeInfo"] == serde
    assert descriptor["Compressed"] is compressed
    assert table["Parameters"] == {**parameters, "has_encrypted_data": False}
    # Athena needs PartitionKeys, even empty (Glue API, Table structure).
    assert table["PartitionKeys"] == []


def test_partition_indexes_of_two_tables_synthesize_clean(stack, synth):
    clicks = _clicks(
        stack,
        partition_keys=[
            glue.Column(name="dt", type=S.STRING),
            glue.Column(name="region", type=S.STRING),
        ],
        partition_indexes=[glue.PartitionIndex(index_name="by_dt", key_names=["dt"])],
    )
    Table(
        stack,
        "Views",
        database=clicks.database,
        bucket=clicks.data_location.bucket,
        prefix="views/",
        table_name="views",
        columns=[glue.Column(name="id", type=S.STRING)],
        partition_keys=[glue.Column(name="day", type=S.INTEGER)],
        partition_indexes=[glue.PartitionIndex(index_name="by_day", key_names=["day"])],
    )
    # aws-cdk-lib's provider framework, acknowledged on the provider only (glueforge's reasons).
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    indexes = [
        r for r in template["Resources"].values() if r["Type"] == "Custom::GluePartitionIndex"
    ]
    assert sorted((i["Properties"]["IndexName"], i["Properties"]["Keys"]) for i in indexes) == [
        ("by_day", ["day"]),
        ("by_dt", ["dt"]),
    ]


# ---- checks --------------------------------------------------------------------------


def _error(**props) -> GlueforgeValidationError:
    with pytest.raises(GlueforgeValidationError) as caught:
        _clicks(Stack(App(), "Lake"), **props)
    assert caught.value.path == "Lake/Clicks"
    return caught.value


def test_column_names_types_and_duplicates():
    long_struct = S.struct([glue.Column(name=f"f{i:06d}", type=S.STRING) for i in range(9000)])
    text = str(
        _error(
            columns=[
                glue.Column(name="Id", type=S.STRING),
                glue.Column(name="blob", type=long_struct),
                glue.Column(name="note", type=S.STRING, comment="x" * 256),
            ]
        )
    )
    assert "column name 'Id' must be 1-255 lowercase letters, digits or '_'" in text
    # 9000 fields of 'f000000:string' and commas: 14 * 9000 + 8999 + len('struct<>') = 135007.
    assert (
        "column 'blob' has a type of 135007 characters; CloudFormation takes at most 131072" in text
    )
    assert "column 'note' has a comment of 256 characters; Glue takes at most 255" in text


def test_duplicate_columns_and_complex_partition_keys():
    text = str(
        _error(
            partition_keys=[
                glue.Column(name="id", type=S.STRING),
                glue.Column(name="tags", type=S.array(S.STRING)),
            ]
        )
    )
    assert "column names must be unique across columns and partition_keys, got ['id'] twice" in text
    text = str(_error(partition_keys=[glue.Column(name="tags", type=S.array(S.STRING))]))
    assert "partition keys must have primitive types" in text
    assert "got ['tags array<string>']" in text
    assert "columns must hold at least one aws_glue.Column" in str(_error(columns=[]))


def test_table_name_prefix_parameters_and_description():
    stack = Stack(App(), "Lake")
    database, bucket = _lake(stack)
    with pytest.raises(GlueforgeValidationError) as caught:
        Table(
            stack,
            "Clicks",
            database=database,
            bucket=bucket,
            prefix="clicks",
            table_name="Clicks-2",
            description="d" * 2049,
            columns=[glue.Column(name="id", type=S.STRING)],
            parameters={"projection.enabled": "true", "classification": "csv", "k" * 256: "v"},
        )
    text = str(caught.value)
    assert "table_name 'Clicks-2' must be 1-255 lowercase letters, digits or '_'" in text
    assert "prefix 'clicks' must end with '/', e.g. 'clicks/'" in text
    assert "description must be at most 2048 characters, got 2049" in text
    assert "parameters['projection.enabled'] is set by glueforge from typed props" in text
    assert "parameters['classification'] is set by glueforge" in text
    assert "must be 1-255 characters" in text


def test_partition_index_limits():
    keys = [glue.Column(name=k, type=S.STRING) for k in ("a", "b", "c", "d")]
    keys.append(glue.Column(name="score", type=S.DOUBLE))
    text = str(
        _error(
            partition_keys=keys,
            partition_indexes=[glue.PartitionIndex(key_names=[k]) for k in ("a", "b", "c", "d")],
        )
    )
    assert "a table takes at most 3 partition indexes, got 4" in text
    text = str(
        _error(
            partition_keys=keys,
            partition_indexes=[
                glue.PartitionIndex(key_names=["id"]),
                glue.PartitionIndex(key_names=["score"]),
            ],
        )
    )
    assert (
        "partition index keys must be partition keys (['a', 'b', 'c', 'd', 'score']), got ['id']"
        in text
    )
    assert "got ['score double']" in text


def test_format_options():
    assert "compression 'lz4' is not one of ['none', 'gzip', 'bzip2', 'snappy'] for csv" in str(
        _error(format=TableFormat.csv(compression="lz4"))
    )
    text = str(_error(format=TableFormat.csv(delimiter="::", skip_header_lines=-1)))
    assert "csv delimiter must be one character, got '::'" in text
    assert "csv skip_header_lines must be an integer >= 0, got -1" in text


# ---- grants --------------------------------------------------------------------------


def _grant_template(stack, synth, method: str):
    table = _clicks(stack)
    role = iam.Role(stack, "Reader", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    returned = getattr(table, method)(role)
    assert isinstance(returned, iam.Grant) and returned.success
    template = synth(stack, nag=False).templates["Test"]
    return template, policy_statements(template, logical_id(template, "AWS::IAM::Role", "Reader"))


def _expected_catalog(template, actions):
    db = logical_id(template, "AWS::Glue::Database", "Db")
    return {
        "Effect": "Allow",
        "Action": actions,
        "Resource": [
            arn("glue", ":catalog"),
            arn("glue", ":database/", {"Ref": db}),
            arn("glue", ":table/", {"Ref": db}, "/clicks"),
        ],
    }


def _expected_s3(template, object_actions, key_actions):
    bucket = logical_id(template, "AWS::S3::Bucket", "Raw")
    key = logical_id(template, "AWS::KMS::Key", "Raw")
    bucket_arn = {"Fn::GetAtt": [bucket, "Arn"]}
    objects = object_actions if len(object_actions) > 1 else object_actions[0]
    return [
        {
            "Effect": "Allow",
            "Action": objects,
            "Resource": {"Fn::Join": ["", [bucket_arn, "/clicks/*"]]},
        },
        {
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": bucket_arn,
            "Condition": {"StringLike": {"s3:prefix": ["clicks/", "clicks/*"]}},
        },
        {"Effect": "Allow", "Action": "s3:GetBucketLocation", "Resource": bucket_arn},
        {
            "Effect": "Allow",
            "Action": key_actions if len(key_actions) > 1 else key_actions[0],
            "Resource": {"Fn::GetAtt": [key, "Arn"]},
        },
    ]


def test_grant_read_covers_catalog_database_table_and_the_prefix_with_its_key(stack, synth):
    template, statements = _grant_template(stack, synth, "grant_read")
    assert statements == [
        _expected_catalog(
            template,
            [
                "glue:GetDatabase",
                "glue:GetTable",
                "glue:GetTables",
                "glue:GetPartition",
                "glue:GetPartitions",
                "glue:BatchGetPartition",
            ],
        ),
        *_expected_s3(template, ["s3:GetObject"], ["kms:Decrypt"]),
    ]


@pytest.mark.parametrize("method", ["grant_write", "grant_read_write"])
def test_grant_write_adds_partitions_and_writes_the_prefix(stack, synth, method):
    template, statements = _grant_template(stack, synth, method)
    assert statements == [
        _expected_catalog(
            template,
            [
                "glue:GetDatabase",
                "glue:GetTable",
                "glue:GetTables",
                "glue:CreateTable",
                "glue:UpdateTable",
                "glue:GetPartition",
                "glue:GetPartitions",
                "glue:BatchGetPartition",
                "glue:CreatePartition",
                "glue:BatchCreatePartition",
                "glue:UpdatePartition",
                "glue:BatchUpdatePartition",
                "glue:CreatePartitionIndex",
                "glue:GetPartitionIndexes",
            ],
        ),
        *_expected_s3(
            template,
            ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            ["kms:Decrypt", "kms:GenerateDataKey"],
        ),
    ]


# ---- imports -------------------------------------------------------------------------


def test_imports_by_name_arn_and_attributes(stack):
    database = glue.Database.from_database_arn(
        stack, "Shop", "arn:aws:glue:us-east-1:123456789012:database/shop"
    )
    by_name = Table.from_table_name(stack, "ByName", database, "orders")
    assert isinstance(by_name, ITable) and not isinstance(by_name, Table)
    assert type(by_name).__name__ == "_ImportedTable"
    assert by_name.table_name == "orders" and by_name.data_location is None
    assert stack.resolve(by_name.table_arn) == arn("glue", ":table/shop/orders")

    given = "arn:aws:glue:eu-west-1:111111111111:table/sales/orders"
    by_arn = Table.from_table_arn(stack, "ByArn", given)
    assert by_arn.table_name == "orders" and by_arn.table_arn == given
    assert by_arn.database.database_arn == "arn:aws:glue:eu-west-1:111111111111:database/sales"
    assert by_arn.database.database_name == "sales"

    bucket = SecureBucket(stack, "Raw")
    with_data = Table.from_table_attributes(
        stack, "WithData", database=database, table_name="orders", bucket=bucket, prefix="o/"
    )
    assert with_data.data_location.bucket is bucket and with_data.s3_prefix == "o/"


def test_a_table_arn_known_at_deploy(stack):
    imported = Table.from_table_arn(stack, "ByArn", Fn.import_value("ClicksTableArn"))
    resource = {
        "Fn::Split": [
            "/",
            {"Fn::Select": [5, {"Fn::Split": [":", {"Fn::ImportValue": "ClicksTableArn"}]}]},
        ]
    }
    assert stack.resolve(imported.table_name) == {"Fn::Select": [2, resource]}
    assert stack.resolve(imported.database.database_name) == {"Fn::Select": [1, resource]}
    assert stack.resolve(imported.table_arn) == {"Fn::ImportValue": "ClicksTableArn"}


def test_bad_table_arn():
    stack = Stack(App(), "Lake")
    with pytest.raises(GlueforgeValidationError) as caught:
        Table.from_table_arn(stack, "ByArn", "arn:aws:glue:us-east-1:123456789012:table/orders")
    assert caught.value.path == "Lake/ByArn"
    assert "must end in ':table/<database>/<table>'" in str(caught.value)


# ---- jobs and crawlers ---------------------------------------------------------------


def test_a_table_in_one_stack_read_by_a_job_in_another(synth):
    app = App()
    lake = Stack(app, "Lake")
    clicks = _clicks(lake)
    jobs = Stack(app, "Jobs")
    out = SecureBucket(jobs, "Out")
    EtlJob(
        jobs,
        "Daily",
        specs=[
            CatalogSource("clicks", database=clicks.database, table=clicks),
            S3Sink("out", input="clicks", bucket=out, prefix="daily/"),
        ],
    )
    report = synth(app)
    assert_clean(report)
    template = report.templates["Jobs"]
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "DailyRole"))
    catalog = next(s for s in statements if "glue:GetTable" in s["Action"])
    assert (
        catalog["Action"][0] == "glue:GetDatabase" and "glue:CreateTable" not in catalog["Action"]
    )
    assert len(catalog["Resource"]) == 3
    assert "/clicks" in str(catalog["Resource"][2])
    objects = [s for s in statements if s["Action"] == "s3:GetObject"]
    assert any("/clicks/*" in str(s["Resource"]) for s in objects)


def test_catalog_source_refuses_another_database_or_data(stack):
    from glueforge.core.locations import S3Location

    clicks = _clicks(stack)
    other = glue.Database(stack, "Other", database_name="other")
    with pytest.raises(GlueforgeValidationError) as caught:
        EtlJob(
            stack,
            "Daily",
            specs=[
                CatalogSource(
                    "clicks",
                    database=other,
                    table=clicks,
                    data=S3Location(clicks.data_location.bucket, "x/"),
                ),
                S3Sink("out", input="clicks", bucket=clicks.data_location.bucket, prefix="o/"),
            ],
        )
    text = str(caught.value)
    assert "data is taken from the table 'clicks'; drop data=..." in text
    assert "is not the table's database" in text


def test_catalog_sink_takes_database_location_and_grants_from_the_table(stack, synth):
    clicks = _clicks(stack)
    EtlJob(
        stack,
        "Load",
        specs=[
            CatalogSource("raw", database=clicks.database, table="landing"),
            CatalogSink("clicks", input="raw", table=clicks),
        ],
    )
    template = synth(stack, nag=False).templates["Test"]
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "LoadRole"))
    writes = next(s for s in statements if "glue:UpdateTable" in s["Action"])
    assert "/clicks" in str(writes["Resource"][2])
    assert any(
        "s3:PutObject" in s["Action"] and "/clicks/*" in str(s["Resource"]) for s in statements
    )


def test_catalog_sink_refuses_contradicting_arguments(stack):
    clicks = _clicks(stack, format=TableFormat.json())
    other = glue.Database(stack, "Other", database_name="other")
    with pytest.raises(GlueforgeValidationError) as caught:
        EtlJob(
            stack,
            "Load",
            specs=[
                CatalogSource("raw", database=clicks.database, table="landing"),
                CatalogSink(
                    "clicks",
                    input="raw",
                    table=clicks,
                    database=other,
                    bucket=SecureBucket(stack, "Elsewhere"),
                    prefix="elsewhere/",
                ),
            ],
        )
    text = str(caught.value)
    assert "is not the table's database" in text
    assert "bucket is not the table's bucket" in text
    assert "prefix 'elsewhere/' is not the table's prefix 'clicks/'" in text
    assert "format 'parquet' is not the table's format 'json'; give format='json'" in text


def test_a_crawler_may_target_the_table(stack, synth):
    clicks = _clicks(stack)
    Crawler(
        stack,
        "Recrawl",
        database=clicks.database,
        targets=[CrawlerTarget.catalog(clicks.database, [clicks])],
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    crawler = template["Resources"][logical_id(template, "AWS::Glue::Crawler", "Recrawl")]
    db = logical_id(template, "AWS::Glue::Database", "Db")
    assert crawler["Properties"]["Targets"] == {
        "CatalogTargets": [{"DatabaseName": {"Ref": db}, "Tables": ["clicks"]}]
    }
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "RecrawlRole"))
    assert any(
        s["Action"] == "s3:GetObject" and "/clicks/*" in str(s["Resource"]) for s in statements
    )
