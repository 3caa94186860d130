"""Every spec's rendered fragment, in both languages; literal safety; script checks."""

import ast
import shutil

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_glue as glue

from glueforge import SecureBucket
from glueforge.jobs.arguments import ArgRef
from glueforge.jobs.script.checks import check_script, scala_problems
from glueforge.jobs.script.environment import ScriptError, render
from glueforge.jobs.script.filters import py_literal, scala_literal
from glueforge.jobs.script.rendered import render_script
from glueforge.jobs.specs import (
    Aggregate,
    CatalogSink,
    CatalogSource,
    Dedupe,
    Filter,
    JdbcSink,
    JdbcSource,
    Join,
    Mapping,
    Relationalize,
    S3Sink,
    S3Source,
    Sql,
)
from glueforge.jobs.specs.base import JobSpec

NASTY = [
    'x"); import os #',
    'it\'s "quoted"',
    "triple \"\"\" and '''",
    "back\\slash \\u0022 \\n",
    "new\nline\r\ttab",
    "${} ${x} $y",
    "unicode é ü 😀 \u2028",
]


class _Connection:
    connection_name = "orders-pg"
    engine = "postgresql"


@pytest.fixture(scope="module")
def parts():
    stack = Stack(App(), "S")
    return {
        "raw": SecureBucket(stack, "Raw"),
        "curated": SecureBucket(stack, "Curated"),
        "db": glue.Database(stack, "Db", database_name="curated"),
        "conn": _Connection(),
    }


def _every_spec(p, text="amount"):
    return [
        S3Source("orders", bucket=p["raw"], prefix="o/", format="csv", csv_separator=";"),
        S3Source(
            "clicks", bucket=p["raw"], prefix="c/", format="json", json_path="$[*]", multiline=True
        ),
        CatalogSource(
            "customers", database=p["db"], table="customers", push_down_predicate="dt='1'"
        ),
        JdbcSource(
            "pg",
            connection=p["conn"],
            query="SELECT 1",
            hash_expression="id % 4",
            hash_partitions=4,
        ),
        Mapping("typed", input="orders", mappings=((text, "amount", "double"),)),
        Filter("cmp", input="typed", column=text, op=">=", value=text),
        Filter("isin", input="cmp", column="status", op="in", value=["PAID", text]),
        Filter("nulls", input="isin", column="status", op="not_null"),
        Filter("expr", input="nulls", expression=f"status = '{text}'"),
        Dedupe("any_one", input="expr", keys=("id",)),
        Dedupe("latest", input="any_one", keys=("id", "day"), latest_by="ts"),
        Join("joined", left="latest", right="customers", on=("customer_id",), how="outer"),
        Aggregate(
            "agg",
            input="joined",
            group_by=("customer_id",),
            aggregations=(
                ("sum", "amount", "total"),
                ("count", "*", "n"),
                ("count_distinct", "id", "ids"),
            ),
        ),
        Sql("report", inputs=("agg", "pg"), query=f"SELECT * FROM agg WHERE note = '{text}'"),
        Relationalize("flat", input="clicks", children=("items",)),
        S3Sink(
            "s3_out",
            input="report",
            bucket=p["curated"],
            prefix="r/",
            format="parquet",
            partition_keys=("day",),
        ),
        CatalogSink(
            "catalog_out",
            input="flat_items",
            bucket=p["curated"],
            prefix="f/",
            database=p["db"],
            table="items",
        ),
        JdbcSink(
            "pg_out", input="agg", connection=p["conn"], table="public.daily", database="shop"
        ),
    ]


@pytest.fixture(scope="module")
def scripts(parts):
    job = JobSpec.of(_every_spec(parts))
    assert job.problems() == []
    rendered = {}
    for language in ("pyspark", "scala"):
        script, problems = render_script(job, language, construct_path="S/Job", version="0.1.0")
        assert problems == [], problems
        rendered[language] = script.text
    return rendered


PY_FRAGMENTS = [
    'format="csv",\n    format_options={"withHeader": True, "separator": ";"},',
    'format_options={"jsonPath": "$[*]", "multiline": True},',
    "glue_context.create_dynamic_frame.from_catalog(\n"
    '    database=args["source_customers_database"],'
    '\n    table_name=args["source_customers_table"],\n    push_down_predicate="dt=\'1\'",',
    'connection_type="postgresql",',
    '"sampleQuery": "SELECT 1",',
    '"hashexpression": "id % 4",',
    '"connectionName": args["source_pg_connection"]',
    'typed = orders.select(\n    F.col("amount").cast("double").alias("amount"),\n)',
    'cmp = typed.filter(F.col("amount") >= "amount")',
    'isin = cmp.filter(F.col("status").isin(["PAID", "amount"]))',
    'nulls = isin.filter(F.col("status").isNotNull())',
    "expr = nulls.filter(F.expr(\"status = 'amount'\"))",
    'any_one = expr.dropDuplicates(["id"])',
    'latest_window = Window.partitionBy("id", "day").orderBy(\n    F.col("ts").desc()\n)',
    'joined = latest.join(customers, on=["customer_id"], how="outer")',
    'F.sum(F.col("amount")).alias("total"),\n    F.count(F.lit(1)).alias("n"),\n'
    '    F.count_distinct(F.col("id")).alias("ids"),',
    'agg.createOrReplaceTempView("agg")\npg.createOrReplaceTempView("pg")\nreport = spark.sql(',
    "flat_tables = Relationalize.apply(\n"
    '    frame=DynamicFrame.fromDF(clicks, glue_context, "transform_flat"),'
    '\n    staging_path=args["TempDir"],\n    name="root",',
    'flat_items = flat_tables.select("root_items").toDF()',
    'connection_options={"path": args["sink_s3_out_path"], "partitionKeys": ["day"]},\n'
    '    format="glueparquet",',
    "enableUpdateCatalog=True,",
    'catalog_out_sink.setCatalogInfo(\n    catalogDatabase=args["sink_catalog_out_database"], '
    'catalogTableName="items"\n)',
    "glue_context.write_dynamic_frame.from_jdbc_conf(\n"
    '    frame=DynamicFrame.fromDF(agg, glue_context, "sink_pg_out"),'
    '\n    catalog_connection=args["sink_pg_out_connection"],\n'
    '    connection_options={"dbtable": "public.daily", "database": "shop"},',
    'transformation_ctx="sink_pg_out",',
]

SCALA_FRAGMENTS = [
    'formatOptions = JsonOptions(Map("withHeader" -> true, "separator" -> ";")),',
    'glueContext.getCatalogSource(\n      database = args("source_customers_database"),',
    'connectionType = "postgresql",',
    '"connectionName" -> args("source_pg_connection")',
    'col("amount").cast("double").as("amount")',
    'val cmp = typed.filter(col("amount") >= lit("amount"))',
    'val isin = cmp.filter(col("status").isin(Seq("PAID", "amount"): _*))',
    'val nulls = isin.filter(col("status").isNotNull)',
    "val expr = nulls.filter(expr(\"status = 'amount'\"))",
    'val any_one = expr.dropDuplicates(Seq("id"))',
    'val latestWindow = Window.partitionBy("id", "day").orderBy(col("ts").desc)',
    'val joined = latest.join(customers, Seq("customer_id"), "outer")',
    'countDistinct(col("id")).as("ids")',
    "val report = spark.sql(",
    'stagingPath = args("TempDir"),',
    'val flat_items = flatTables.find(_.getName == "root_items").get.toDF()',
    '"partitionKeys" -> Seq("day")',
    '.withCatalogInfo(args("sink_catalog_out_database"), "items")',
    'glueContext.getJDBCSink(\n      catalogConnection = args("sink_pg_out_connection"),',
    "object GlueApp {\n  def main(sysArgs: Array[String]): Unit = {",
]


@pytest.mark.parametrize("fragment", PY_FRAGMENTS)
def test_pyspark_fragment(scripts, fragment):
    assert fragment in scripts["pyspark"]


@pytest.mark.parametrize("fragment", SCALA_FRAGMENTS)
def test_scala_fragment(scripts, fragment):
    assert fragment in scripts["scala"]


def test_scripts_start_with_a_header(scripts):
    assert scripts["pyspark"].startswith(
        "# Generated by glueforge 0.1.0 from template pyspark/etl.py.j2.\n# Construct: S/Job\n"
    )
    assert scripts["scala"].startswith(
        "// Generated by glueforge 0.1.0 from template scala/etl.scala.j2.\n// Construct: S/Job\n"
    )


def test_every_step_has_a_transformation_ctx(scripts):
    for ctx in (
        "source_orders",
        "source_clicks",
        "source_customers",
        "source_pg",
        "sink_s3_out",
        "sink_catalog_out",
        "sink_pg_out",
    ):
        assert f'transformation_ctx="{ctx}"' in scripts["pyspark"]
        assert f'transformationContext = "{ctx}"' in scripts["scala"]


def test_explicit_imports_only(scripts):
    tree = ast.parse(scripts["pyspark"])
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert all(alias.name != "*" for alias in node.names)


def test_scala_scripts_parse_with_scalac(scripts):
    if shutil.which("scalac") is None:
        pytest.fail("scalac is missing: `make test` installs Debian's scala package")
    assert scala_problems({"every_spec.scala": scripts["scala"]}) == {}


@pytest.mark.parametrize("text", NASTY)
def test_injection_renders_harmless_literals(parts, text):
    job = JobSpec.of(_every_spec(parts, text))
    python, problems = render_script(job, "pyspark", construct_path=f"S/{text}", version="0")
    assert problems == [], problems
    tree = ast.parse(python.text)
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "os" not in imported
    strings = {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }
    assert text in strings  # the value survives exactly, as data
    # the construct path in the header comment cannot break out of the comment
    header = python.text.split("\nimport sys", 1)[0]
    assert all(line.startswith("#") for line in header.splitlines())


def test_injection_scala_parses(parts):
    if shutil.which("scalac") is None:
        pytest.fail("scalac is missing: `make test` installs Debian's scala package")
    scripts = {}
    for index, text in enumerate(NASTY):
        job = JobSpec.of(_every_spec(parts, text))
        script, _ = render_script(job, "scala", construct_path=f"S/{text}", version="0")
        scripts[f"nasty{index}"] = script.text
    assert scala_problems(scripts) == {}


def test_scala_literal_escapes_round_trip():
    assert scala_literal('a"b\\c\n$x') == '"a\\"b\\\\c\\n$x"'
    assert scala_literal(["x", 1, True]) == 'Seq("x", 1, true)'
    assert scala_literal(ArgRef("source_a_path")) == 'args("source_a_path")'


def test_py_literal_is_python():
    for text in NASTY:
        assert ast.literal_eval(py_literal(text)) == text
    assert py_literal(ArgRef("x")) == 'args["x"]'
    with pytest.raises(TypeError):
        py_literal(object())


def test_token_in_a_script_is_refused():
    problems = check_script('x = "${Token[TOKEN.12]}"\n', "pyspark", template="t.py.j2")
    assert problems == [
        "template t.py.j2 rendered an unresolved CDK token at line 1; deploy-time values must "
        "reach the script as job arguments"
    ]


def test_pyflakes_and_syntax_problems_are_reported():
    assert check_script("import os\nx = y\n", "pyspark", template="t.py.j2") == [
        "template t.py.j2: line 1: 'os' imported but unused",
        "template t.py.j2: line 2: undefined name 'y'",
    ]
    assert check_script("def (:\n", "pyspark", template="t.py.j2")[0].startswith(
        "template t.py.j2: line 1:"
    )


def test_undefined_template_value_fails_the_render(tmp_path):
    (tmp_path / "bad.py.j2").write_text("x = {{ nothing | py }}\n")
    with pytest.raises(ScriptError, match="template bad.py.j2: 'nothing' is undefined"):
        render("bad.py.j2", {}, user_folders=[str(tmp_path)])


def test_a_bare_template_variable_is_told_to_write_vars(tmp_path):
    (tmp_path / "bare.py.j2").write_text("x = {{ value | py }}\n")
    with pytest.raises(ScriptError) as raised:
        render("bare.py.j2", {"meta": {}, "vars": {"value": 3}}, user_folders=[str(tmp_path)])
    assert str(raised.value) == (
        "template bare.py.j2: 'value' is undefined; template_variables reach the template "
        "as vars: write vars.value"
    )


def test_an_unknown_name_lists_what_the_template_sees(tmp_path):
    (tmp_path / "typo.py.j2").write_text("x = {{ sources | py }}\ny = {{ nothing | py }}\n")
    context = {"meta": {}, "source_specs": [], "vars": {"value": 3, "limit": 1}}
    with pytest.raises(ScriptError) as raised:
        render("typo.py.j2", context, user_folders=[str(tmp_path)])
    assert str(raised.value) == (
        "template typo.py.j2: 'sources' is undefined; did you mean source_specs? "
        "the template sees: meta, source_specs, vars (vars holds limit, value)"
    )
    (tmp_path / "far.py.j2").write_text("y = {{ zzz | py }}\n")
    with pytest.raises(ScriptError) as raised:
        render("far.py.j2", {"meta": {}, "vars": {}}, user_folders=[str(tmp_path)])
    assert (
        str(raised.value) == "template far.py.j2: 'zzz' is undefined; the template sees: meta, vars"
    )


def test_a_job_template_with_a_bare_name_fails_with_the_path_and_the_hint(tmp_path, parts):
    from glueforge import EtlJob, GlueforgeValidationError

    (tmp_path / "mine.py.j2").write_text("threshold = {{ threshold | py }}\n")
    stack = Stack(App(), "Hint")
    specs = [
        S3Source("orders", bucket=parts["raw"], prefix="o/"),
        S3Sink("out", input="orders", bucket=parts["curated"], prefix="out/"),
    ]
    with pytest.raises(GlueforgeValidationError) as raised:
        EtlJob(
            stack,
            "Job",
            specs=specs,
            template="mine.py.j2",
            template_folders=[str(tmp_path)],
            template_variables={"threshold": 100},
        )
    assert str(raised.value) == (
        "Hint/Job: template mine.py.j2: 'threshold' is undefined; template_variables reach "
        "the template as vars: write vars.threshold"
    )
    (tmp_path / "other.py.j2").write_text("x = {{ job_name | py }}\n")
    with pytest.raises(GlueforgeValidationError) as raised:
        EtlJob(stack, "Other", specs=specs, template="other.py.j2", template_folders=[tmp_path])
    # the keys of the render context (glueforge.jobs.script.context.build_context)
    assert str(raised.value) == (
        "Hint/Other: template other.py.j2: 'job_name' is undefined; did you mean "
        "job_name_arg? the template sees: argument_names, imports, job_name_arg, meta, "
        "sink_specs, source_specs, transform_specs, uses_spark_session, vars"
    )


def test_generated_scripts_avoid_the_usual_waste(scripts):
    python = scripts["pyspark"]
    # no actions of its own: Spark runs once, when a sink writes
    for waste in (".count()", ".cache()", ".persist(", ".collect()", ".show("):
        assert waste not in python, waste
    # transforms stay DataFrames: DynamicFrames only at the edges (and for Relationalize)
    conversions = python.count("DynamicFrame.fromDF(")
    sinks = 3
    assert conversions == sinks + 1
    # reads push their filters down where the source can
    assert "push_down_predicate=\"dt='1'\"" in python
