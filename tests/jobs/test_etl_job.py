"""EtlJob: one spec list gives the script, the job's arguments and its role."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_glue as glue

from glueforge import GlueforgeValidationError, SecureBucket
from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.specs import CatalogSource, Dedupe, S3Sink, S3Source
from tests.conftest import assert_clean
from tests.helpers.iam import arn, logical_id, policy_statements

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
READ_WRITE = '["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]'


@pytest.fixture
def lake(stack):
    return stack, SecureBucket(stack, "Raw"), SecureBucket(stack, "Curated")


def _job(template, prefix="Job"):
    return template["Resources"][logical_id(template, "AWS::Glue::Job", prefix)]


def _simple_specs(raw, curated):
    return [
        S3Source("orders", bucket=raw, prefix="orders/", format="csv"),
        Dedupe("latest", input="orders", keys=("order_id",)),
        S3Sink("curated", input="latest", bucket=curated, prefix="orders/", partition_keys=("dt",)),
    ]


def test_exact_job_arguments_and_settings(lake, synth):
    stack, raw, curated = lake
    job = EtlJob(stack, "Job", specs=_simple_specs(raw, curated))
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    ids = {
        name: logical_id(template, "AWS::S3::Bucket", name)
        for name in ("Raw", "Curated", "GlueforgeTemp", "GlueforgeScripts")
    }
    props = _job(template)["Properties"]
    name = job.job_name
    assert name == "TestJob68754FED"
    assert props["Name"] == name
    assert props["Command"] == {
        "Name": "glueetl",
        "PythonVersion": "3",
        "ScriptLocation": {
            "Fn::Join": ["", ["s3://", {"Ref": ids["GlueforgeScripts"]}, f"/{name}/{name}.py"]]
        },
    }
    assert (props["GlueVersion"], props["WorkerType"], props["NumberOfWorkers"]) == (
        "5.0",
        "G.1X",
        2,
    )
    assert props["Timeout"] == 60
    assert props["MaxRetries"] == 0
    assert props["ExecutionProperty"] == {"MaxConcurrentRuns": 1}
    assert "ExecutionClass" not in props
    assert props["DefaultArguments"] == {
        "--job-language": "python",
        "--job-bookmark-option": "job-bookmark-enable",
        "--TempDir": {"Fn::Join": ["", ["s3://", {"Ref": ids["GlueforgeTemp"]}, f"/{name}/"]]},
        "--enable-glue-datacatalog": "true",
        "--enable-auto-scaling": "true",
        "--enable-metrics": "true",
        "--enable-continuous-cloudwatch-log": "true",
        "--source_orders_path": {"Fn::Join": ["", ["s3://", {"Ref": ids["Raw"]}, "/orders/"]]},
        "--sink_curated_path": {"Fn::Join": ["", ["s3://", {"Ref": ids["Curated"]}, "/orders/"]]},
    }
    # the names the script reads are exactly the arguments the job passes
    assert (
        'getResolvedOptions(sys.argv, ["JOB_NAME", "source_orders_path", "sink_curated_path"])'
        in (job.script.text)
    )
    assert "${Token[" not in job.script.text


def test_exact_iam_of_the_job_role(lake, synth):
    stack, raw, curated = lake
    # Opted out, to pin the plain log grants; the encrypted ones: test_security.py.
    EtlJob(stack, "Job", specs=_simple_specs(raw, curated), encryption=False)
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    role_id = logical_id(template, "AWS::IAM::Role", "JobRole")
    statements = policy_statements(template, role_id)

    def objects(bucket, prefix):
        bucket_id = logical_id(template, "AWS::S3::Bucket", bucket)
        return {"Fn::Join": ["", [{"Fn::GetAtt": [bucket_id, "Arn"]}, f"/{prefix}*"]]}

    pairs = {
        (json.dumps(s["Action"]), json.dumps(s["Resource"], sort_keys=True)) for s in statements
    }
    name = "TestJob68754FED"
    expected_object_grants = [
        ('"s3:GetObject"', objects("GlueforgeScripts", f"{name}/")),
        (READ_WRITE, objects("GlueforgeTemp", f"{name}/")),
        ('"s3:GetObject"', objects("Raw", "orders/")),
        (READ_WRITE, objects("Curated", "orders/")),
    ]
    for action, resource in expected_object_grants:
        assert (action, json.dumps(resource, sort_keys=True)) in pairs, (action, resource)
    # nothing else may touch object ARNs: no read outside the named prefixes
    object_statements = [s for s in statements if "s3:GetObject" in json.dumps(s["Action"])]
    assert len(object_statements) == 4
    assert len([s for s in statements if "s3:ListBucket" in s["Action"]]) == 4
    logs = [s for s in statements if "logs:PutLogEvents" in s["Action"]]
    assert logs == [
        {
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Effect": "Allow",
            "Resource": [
                arn("logs", f":log-group:{group}:log-stream:*")
                for group in (
                    "/aws-glue/jobs/output",
                    "/aws-glue/jobs/error",
                    "/aws-glue/jobs/logs-v2",
                )
            ],
        }
    ]
    assert {
        "Action": "cloudwatch:PutMetricData",
        "Condition": {"StringEquals": {"cloudwatch:namespace": "Glue"}},
        "Effect": "Allow",
        "Resource": "*",
    } in statements
    # the job waits for its files and its permissions
    job = _job(template)
    assert logical_id(template, "AWS::IAM::Policy", "JobRoleDefaultPolicy") in job["DependsOn"]
    assert (
        logical_id(template, "Custom::CDKBucketDeployment", "GlueforgeScriptsDeployment")
        in (job["DependsOn"])
    )


def test_script_deployed_under_its_real_name(lake, synth):
    stack, raw, curated = lake
    job = EtlJob(stack, "Job", specs=_simple_specs(raw, curated), job_name="orders-nightly")
    report = synth(stack, nag=False, cfn_lint=False)
    template = report.templates["Test"]
    deployment = template["Resources"][
        logical_id(template, "Custom::CDKBucketDeployment", "GlueforgeScriptsDeployment")
    ]["Properties"]
    assert "DestinationBucketKeyPrefix" not in deployment
    assert deployment["Prune"] is True
    assert job.script_name == "orders_nightly.py"
    # the deployment's source asset holds the rendered script under that name
    staged = [
        p / "orders-nightly" / "orders_nightly.py"
        for p in report.outdir.glob("asset.*")
        if p.is_dir()
    ]
    scripts = [p.read_text() for p in staged if p.exists()]
    assert scripts == [job.script.text]


def test_extra_python_files_ship_as_one_importable_archive(lake, synth):
    stack, raw, curated = lake
    job = EtlJob(
        stack,
        "Job",
        specs=_simple_specs(raw, curated),
        extra_python_files=[
            str(FIXTURES / "modules" / "shoplib"),
            str(FIXTURES / "modules" / "pricing_rules.py"),
        ],
        additional_python_modules=["pyarrow==17.0.0"],
    )
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    args = _job(template)["Properties"]["DefaultArguments"]
    scripts_id = logical_id(template, "AWS::S3::Bucket", "GlueforgeScripts")
    assert args["--extra-py-files"] == {
        "Fn::Join": ["", ["s3://", {"Ref": scripts_id}, f"/{job.job_name}/modules.zip"]]
    }
    assert args["--additional-python-modules"] == "pyarrow==17.0.0"
    from glueforge.jobs.assets import modules_archive

    first = modules_archive(
        [str(FIXTURES / "modules" / "shoplib"), str(FIXTURES / "modules" / "pricing_rules.py")]
    )
    second = modules_archive(
        [str(FIXTURES / "modules" / "shoplib"), str(FIXTURES / "modules" / "pricing_rules.py")]
    )
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names == ["shoplib/__init__.py", "pricing_rules.py"]
    # byte-identical archives keep the asset hash (and the deployment) stable
    assert first == second


def test_scala_job_arguments(lake, synth):
    stack, raw, curated = lake
    job = EtlJob(
        stack,
        "Job",
        specs=_simple_specs(raw, curated),
        language="scala",
        flex=True,
        timeout=Duration.minutes(30),
    )
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    props = _job(template)["Properties"]
    assert props["DefaultArguments"]["--job-language"] == "scala"
    assert props["DefaultArguments"]["--class"] == "GlueApp"
    assert props["ExecutionClass"] == "FLEX"
    assert props["Timeout"] == 30
    assert "PythonVersion" not in props["Command"]
    assert job.script_name.endswith(".scala")
    assert "object GlueApp {" in job.script.text


def test_custom_template(lake, synth):
    stack, raw, curated = lake
    job = EtlJob(
        stack,
        "Job",
        specs=[
            S3Source("orders", bucket=raw, prefix="o/"),
            S3Sink("big", input="orders", bucket=curated, prefix="big/"),
        ],
        template="custom_job.py.j2",
        template_folders=[str(FIXTURES / "templates")],
        template_variables={"threshold": 100, "greeting": 'hi"); import os #'},
    )
    text = job.script.text
    assert "from template custom_job.py.j2" in text
    assert "threshold = 100" in text
    assert "greeting = 'hi\"); import os #'" in text
    assert 'spark_session.read.parquet(args["source_orders_path"])' in text
    compile(text, "custom", "exec")


def test_catalog_source_grants_table_and_data(stack, synth):
    curated = SecureBucket(stack, "Curated")
    database = glue.Database(stack, "Db", database_name="curated")
    from glueforge.core.locations import S3Location

    EtlJob(
        stack,
        "Job",
        specs=[
            CatalogSource(
                "orders", database=database, table="orders", data=S3Location(curated, "orders/")
            ),
            S3Sink("out", input="orders", bucket=curated, prefix="out/"),
        ],
    )
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "JobRole"))
    db_id = logical_id(template, "AWS::Glue::Database", "Db")
    catalog = next(s for s in statements if "glue:GetTable" in s["Action"])
    assert catalog["Resource"] == [
        arn("glue", ":catalog"),
        arn("glue", ":database/", {"Ref": db_id}),
        arn("glue", ":table/", {"Ref": db_id}, "/orders"),
    ]
    assert "glue:CreateTable" not in catalog["Action"]


# ---- validation ------------------------------------------------------------------------


def _error(**props):
    stack = Stack(App(), "DataLake")
    raw, curated = SecureBucket(stack, "Raw"), SecureBucket(stack, "Curated")
    props.setdefault("specs", _simple_specs(raw, curated))
    specs = props.pop("specs")
    if callable(specs):
        specs = specs(raw, curated)
    with pytest.raises(GlueforgeValidationError) as caught:
        EtlJob(stack, "OrdersJob", specs=specs, **props)
    assert str(caught.value).startswith("DataLake/OrdersJob: ")
    return caught.value


def test_errors_capacity():
    error = _error(
        glue_version="2.0", worker_type="G.9X", number_of_workers=1, timeout=Duration.days(8)
    )
    assert error.problems == [
        "glue_version '2.0' is not one of ['4.0', '5.0', '5.1', '6.0']",
        "worker_type 'G.9X' is not one of ['G.025X', 'G.1X', 'G.2X', 'G.4X', 'G.8X', 'G.12X', "
        "'G.16X', 'R.1X', 'R.2X', 'R.4X', 'R.8X']",
        "number_of_workers must be at least 2 (a driver and an executor), got 1",
        "timeout must be 1 minute to under 7 days (10080 minutes), got 11520 minutes",
    ]


def test_errors_worker_type_against_mode():
    assert _error(worker_type="G.025X").problems == [
        "worker_type G.025X is for streaming jobs only; use G.1X or larger"
    ]
    assert _error(worker_type="G.8X", flex=True).problems == [
        "flex runs only on worker types ['G.1X', 'G.2X'], got G.8X"
    ]


def test_errors_graph_and_names():
    def specs(raw, curated):
        return [
            S3Source("class", bucket=raw),
            Dedupe("latest", input="missing", keys=("id",)),
            S3Sink("out", input="latest", bucket=curated),
            S3Sink("out", input="latest", bucket=curated),
        ]

    message = str(_error(specs=specs))
    assert "source name 'class' is a Python or Scala keyword" in message
    assert (
        "transform 'latest' reads 'missing', which no earlier source or transform defines"
        in message
    )
    assert "sink name 'out' is used twice" in message


def test_errors_options():
    error = _error(
        default_arguments={"--TempDir": "s3://x/", "plain": "x", "--source_orders_path": "y"},
        additional_python_modules=["pyarrow"],
        extra_python_files=["/no/such/file.txt"],
        max_retries=11,
    )
    assert error.problems == [
        "additional_python_modules entry 'pyarrow' must be pinned as 'name==version', e.g. "
        "'pyarrow==17.0.0'",
        "extra_python_files entry '/no/such/file.txt' must be a .py file or a package folder "
        "with __init__.py",
        "default_arguments key '--TempDir' is set by glueforge from the job's props; use the "
        "matching prop instead",
        "default_arguments key 'plain' must start with '--'",
        "default_arguments key '--source_orders_path' is set by a step of this job",
        "max_retries must be 0-10, got 11",
    ]


def test_job_names_must_fit_a_folder_name_in_utf8():
    # 255 characters is Glue's limit, but "ジ" is 3 bytes in UTF-8: 85 of them are 255 bytes,
    # 86 are 258, one more than a file system takes for the folder the files are staged in.
    assert "job_name must be" not in str(_error(job_name="ジ" * 85, max_retries=11))
    assert _error(job_name="ジ" * 86).problems == [
        "job_name must be at most 255 bytes in UTF-8, got 258 (86 characters): the job's "
        "files are staged in a folder of that name"
    ]


def test_error_bad_custom_template():
    error = _error(template="nope.py.j2")
    assert "template nope.py.j2 not found" in str(error)


def test_imports_and_grants(stack, synth):
    from aws_cdk import aws_iam as iam

    imported = EtlJob.from_job_name(stack, "Nightly", "nightly-orders")
    by_arn = EtlJob.from_job_arn(stack, "ByArn", "arn:aws:glue:eu-west-1:111111111111:job/hourly")
    assert by_arn.job_name == "hourly"
    user = iam.Role(stack, "Operator", assumed_by=iam.AccountRootPrincipal())
    imported.grant_start(user)
    imported.grant_read(user)
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    assert policy_statements(template, logical_id(template, "AWS::IAM::Role", "Operator")) == [
        {
            "Action": ["glue:StartJobRun", "glue:BatchStopJobRun"],
            "Effect": "Allow",
            "Resource": arn("glue", ":job/nightly-orders"),
        },
        {
            "Action": ["glue:GetJob", "glue:GetJobRun", "glue:GetJobRuns", "glue:GetJobBookmark"],
            "Effect": "Allow",
            "Resource": arn("glue", ":job/nightly-orders"),
        },
    ]


def test_import_convention(lake):
    from aws_cdk import aws_iam as iam

    from glueforge.jobs.base import IJob

    stack, raw, curated = lake
    job = EtlJob(stack, "Job", specs=_simple_specs(raw, curated))
    runner = iam.Role(stack, "Runner", assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))
    imported = EtlJob.from_job_attributes(stack, "Nightly", job_name="nightly", role=runner)
    by_name = EtlJob.from_job_name(stack, "ByName", "hourly")
    for each in (job, imported, by_name):
        assert isinstance(each, IJob)
    assert type(imported).__name__.startswith("_")
    assert imported.grant_principal is runner.grant_principal
    assert isinstance(by_name.grant_principal, iam.UnknownPrincipal)
    with pytest.raises(TypeError, match="job_name must be str, got int 5"):
        EtlJob.from_job_attributes(stack, "Bad", job_name=5)


def test_every_prop_reaches_the_constructor_steps():
    import dataclasses
    import inspect

    from glueforge.jobs import etl_job

    given = [
        p.name
        for p in inspect.signature(EtlJob.__init__).parameters.values()
        if p.kind is p.KEYWORD_ONLY
    ]
    assert given == [f.name for f in dataclasses.fields(etl_job._Props)]


def test_catalog_sink_refuses_a_format_glue_cannot_update_the_table_for():
    # "Updating the schema, and adding new partitions in the Data Catalog using AWS Glue ETL
    # jobs", Restrictions: only json, csv, avro and (glue)parquet tables are updated.
    # https://docs.aws.amazon.com/glue/latest/dg/update-from-job.html
    from glueforge.jobs.specs import CatalogSink

    def specs(raw, curated):
        database = glue.Database.from_database_arn(
            curated, "Db", "arn:aws:glue:eu-west-1:111122223333:database/shop"
        )
        return [
            S3Source("orders", bucket=raw, prefix="orders/", format="csv"),
            CatalogSink(
                "out",
                input="orders",
                bucket=curated,
                prefix="out/",
                format="orc",
                database=database,
                table="orders",
            ),
        ]

    error = _error(specs=specs)
    assert any(
        "format 'orc' cannot keep a catalog table current" in p and "parquet, json, csv, avro" in p
        for p in error.problems
    ), error.problems
