"""S3Source.read_mode: typed, validated at synth, rendered as Glue's format option ``mode``.

PERMISSIVE is Spark's documented default for csv and json (spark.apache.org/docs/3.5.4,
sql-data-sources-csv.html and sql-data-sources-json.html, option ``mode``), so a source
left at the default renders no ``mode`` at all (the reference snapshot does not change).
"""

from __future__ import annotations

import pytest
from aws_cdk import App, Stack

from glueforge import GlueforgeValidationError, SecureBucket
from glueforge.core.vocabulary import ReadMode
from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.script.rendered import render_script
from glueforge.jobs.specs import S3Sink, S3Source
from glueforge.jobs.specs.base import JobSpec


def _job(**source):
    stack = Stack(App(), "S")
    raw, curated = SecureBucket(stack, "Raw"), SecureBucket(stack, "Curated")
    return stack, [
        S3Source("orders", bucket=raw, prefix="o/", **source),
        S3Sink("out", input="orders", bucket=curated, prefix="c/"),
    ]


def _scripts(**source) -> dict[str, str]:
    _, specs = _job(**source)
    job = JobSpec.of(specs)
    assert job.problems() == []
    rendered = {}
    for language in ("pyspark", "scala"):
        script, problems = render_script(job, language, construct_path="S/Job", version="0")
        assert problems == [], problems
        rendered[language] = script.text
    return rendered


def test_the_default_is_permissive_and_renders_nothing():
    assert S3Source.__dataclass_fields__["read_mode"].default == ReadMode.PERMISSIVE
    scripts = _scripts(format="json")
    assert "mode" not in scripts["pyspark"] and '"mode"' not in scripts["scala"]


@pytest.mark.parametrize("mode", ["DROPMALFORMED", "FAILFAST", ReadMode.FAILFAST])
def test_another_mode_is_rendered_in_both_languages(mode):
    scripts = _scripts(format="csv", read_mode=mode)
    value = str(mode)
    assert (
        f'    format_options={{"withHeader": True, "separator": ",", "mode": "{value}"}},'
        in scripts["pyspark"].splitlines()
    )
    assert (
        f'      formatOptions = JsonOptions(Map("withHeader" -> true, "separator" -> ",", '
        f'"mode" -> "{value}")),' in scripts["scala"].splitlines()
    )


def test_an_unknown_mode_is_refused_at_synth():
    stack, specs = _job(format="csv", read_mode="LENIENT")
    with pytest.raises(GlueforgeValidationError) as caught:
        EtlJob(stack, "Job", specs=specs)
    assert "read_mode 'LENIENT' is not one of ['PERMISSIVE', 'DROPMALFORMED', 'FAILFAST']" in (
        str(caught.value)
    )
    assert str(caught.value).startswith("S/Job: ")


def test_a_mode_on_a_format_without_records_to_parse_is_refused():
    stack, specs = _job(format="parquet", read_mode="FAILFAST")
    with pytest.raises(GlueforgeValidationError) as caught:
        EtlJob(stack, "Job", specs=specs)
    expected = "read_mode FAILFAST applies to csv and json sources, not 'parquet'"
    assert expected in str(caught.value)
