"""The reference app's catalog (issue 19): the projected clickstream table, the Iceberg
orders table with its compaction optimizer and the orders job's merge into it, and the
Lake Formation grant to the clickstream job. Expected values are written by hand from
the app's layout (``clickstream/yyyy/MM/dd/``) and AWS's property names."""

from glueforge.cost.model import estimate


def _resources(reference, type_):
    template = reference.templates["DataLake"]
    return {k: v for k, v in template["Resources"].items() if v["Type"] == type_}


def _one(reference, type_, prefix):
    [(logical_id, resource)] = [
        (k, v) for k, v in _resources(reference, type_).items() if k.startswith(prefix)
    ]
    return logical_id, resource


def test_raw_clickstream_table_is_typed_and_partition_projected(reference):
    _, table = _one(reference, "AWS::Glue::Table", "CatalogClickstreamTable")
    props = table["Properties"]
    assert props["DatabaseName"]["Ref"].startswith("CatalogRawDatabase")
    table_input = props["TableInput"]
    assert table_input["Name"] == "clickstream"
    assert table_input["TableType"] == "EXTERNAL_TABLE"
    # the fields of sample_data/RawBucket/clickstream/*/*/*/clicks-*.json
    assert table_input["StorageDescriptor"]["Columns"] == [
        {"Name": "user_id", "Type": "string"},
        {"Name": "page", "Type": "string"},
        {"Name": "ts", "Type": "string"},
    ]
    assert table_input["StorageDescriptor"]["SerdeInfo"] == {
        "SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe"
    }
    assert table_input["StorageDescriptor"]["Location"]["Fn::Join"][1][-1] == "/clickstream/"
    assert table_input["PartitionKeys"] == [{"Name": "dt", "Type": "string"}]
    parameters = table_input["Parameters"]
    assert parameters["projection.enabled"] == "true"
    assert parameters["projection.dt.type"] == "date"
    assert parameters["projection.dt.format"] == "yyyy/MM/dd"
    assert parameters["projection.dt.range"] == "2026/01/01,NOW"
    # the template is absolute: the table's location, then the day's folders
    template = parameters["storage.location.template"]["Fn::Join"][1]
    assert template[0] == "s3://"
    assert template[1]["Ref"].startswith("StorageRawBucket")
    assert template[2] == "/clickstream/${dt}/"


def test_curated_orders_are_an_iceberg_table_without_table_input(reference):
    _, table = _one(reference, "AWS::Glue::Table", "CatalogOrdersTable")
    props = table["Properties"]
    assert "TableInput" not in props
    assert props["Name"] == "orders_iceberg"
    assert props["DatabaseName"]["Ref"].startswith("CatalogCuratedDatabase")
    iceberg = props["OpenTableFormatInput"]["IcebergInput"]
    assert iceberg["MetadataOperation"] == "CREATE"
    assert iceberg["Version"] == "2"
    schema = iceberg["IcebergTableInput"]["Schema"]
    assert [(f["Id"], f["Name"], f["Type"], f["Required"]) for f in schema["Fields"]] == [
        (1, "order_id", "long", True),
        (2, "customer_id", "string", False),
        (3, "amount", "decimal(12, 2)", False),
        (4, "status", "string", False),
        (5, "ordered_at", "timestamptz", False),
        (6, "order_date", "date", False),
    ]
    assert schema["IdentifierFieldIds"] == [1]  # order_id
    location = iceberg["IcebergTableInput"]["Location"]["Fn::Join"][1]
    assert location[1]["Ref"].startswith("StorageCuratedBucket")
    assert location[2] == "/iceberg/orders/"


def test_curated_crawler_leaves_the_iceberg_files_alone(reference):
    _, crawler = _one(reference, "AWS::Glue::Crawler", "CatalogCuratedCrawler")
    [target] = crawler["Properties"]["Targets"]["S3Targets"]
    assert "iceberg/**" in target["Exclusions"]


def test_orders_table_kept_compact_by_a_priced_optimizer(reference, reference_app):
    table_id, _ = _one(reference, "AWS::Glue::Table", "CatalogOrdersTable")
    _, optimizer = _one(reference, "AWS::Glue::TableOptimizer", "CatalogOrdersCompaction")
    props = optimizer["Properties"]
    assert props["Type"] == "compaction"
    assert props["TableName"] == "orders_iceberg"
    assert props["TableOptimizerConfiguration"]["Enabled"] is True
    assert "RoleArn" in props["TableOptimizerConfiguration"]
    assert table_id in optimizer["DependsOn"]
    _, stack = reference_app
    [row] = estimate([stack.catalog.orders_compaction.cost_inputs]).rows
    # 4 DPU-hours a month x $0.44 per DPU-hour
    assert round(row.monthly, 2) == 1.76


def test_clickstream_job_role_has_lake_formation_select_and_describe(reference):
    _, grant = _one(
        reference, "AWS::LakeFormation::PrincipalPermissions", "GovernanceClickstreamJobReadsClicks"
    )
    props = grant["Properties"]
    assert props["Permissions"] == ["SELECT", "DESCRIBE"]
    assert props["PermissionsWithGrantOption"] == []
    [role_id, attribute] = props["Principal"]["DataLakePrincipalIdentifier"]["Fn::GetAtt"]
    assert role_id.startswith("JobsClickstreamJobRole") and attribute == "Arn"
    table = props["Resource"]["Table"]
    assert table["Name"] == "clickstream"
    assert table["DatabaseName"]["Ref"].startswith("CatalogRawDatabase")
    table_id, _ = _one(reference, "AWS::Glue::Table", "CatalogClickstreamTable")
    assert table_id in grant["DependsOn"]


def test_orders_job_merges_into_the_iceberg_table_on_glue_5(reference, reference_app):
    [orders] = [
        v["Properties"]
        for v in _resources(reference, "AWS::Glue::Job").values()
        if v["Properties"]["Name"] == "shop-orders"
    ]
    assert orders["GlueVersion"] == "5.0"
    args = orders["DefaultArguments"]
    assert args["--datalake-formats"] == "iceberg"
    assert args["--sink_iceberg_orders_table"] == "orders_iceberg"
    assert args["--sink_iceberg_orders_database"]["Ref"].startswith("CatalogCuratedDatabase")
    conf = "".join(p if isinstance(p, str) else "<bucket>" for p in args["--conf"]["Fn::Join"][1])
    assert conf.startswith(
        "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions"
    )
    assert "spark.sql.catalog.glue_catalog.warehouse=s3://<bucket>/" in conf
    # the parquet sink the crawler, the analytics job and DataBrew read is still there
    assert args["--sink_curated_orders_path"]["Fn::Join"][1][-1] == "/orders/"
    _, stack = reference_app
    text = stack.jobs.orders.script.text
    assert '"MERGE INTO "' in text
    assert "ON t.`order_id` = s.`order_id`" in text
    assert "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *" in text
