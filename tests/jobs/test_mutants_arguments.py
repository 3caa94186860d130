"""The job arguments glueforge manages, written out from AWS's "Using job parameters in
AWS Glue jobs" page (found by mutation testing: ``make mutants``, docs/contributing.md).

``--job-language``: "python (default) | scala"; ``--job-bookmark-option``:
"job-bookmark-enable | job-bookmark-disable | job-bookmark-pause"; ``--class``: the Scala
class that is the entry point; ``--TempDir``; ``--enable-glue-datacatalog``.
"""

from __future__ import annotations

from glueforge.core.vocabulary import Language
from glueforge.jobs.arguments import managed_arguments

_PLAIN = dict(
    temp_dir="s3://tmp/job/",
    auto_scaling=False,
    metrics=False,
    continuous_logging=False,
    additional_python_modules=(),
    modules_location=None,
)


def test_a_pyspark_job_with_bookmarks():
    assert managed_arguments(language=Language.PYSPARK, bookmarks=True, **_PLAIN) == {
        "--job-language": "python",
        "--job-bookmark-option": "job-bookmark-enable",
        "--TempDir": "s3://tmp/job/",
        "--enable-glue-datacatalog": "true",
    }


def test_a_scala_job_without_bookmarks():
    assert managed_arguments(language=Language.SCALA, bookmarks=False, **_PLAIN) == {
        "--job-language": "scala",
        "--job-bookmark-option": "job-bookmark-disable",
        "--TempDir": "s3://tmp/job/",
        "--enable-glue-datacatalog": "true",
        "--class": "GlueApp",
    }


def test_every_option_on():
    arguments = managed_arguments(
        language=Language.PYSPARK,
        bookmarks=False,
        temp_dir="s3://tmp/",
        auto_scaling=True,
        metrics=True,
        continuous_logging=True,
        additional_python_modules=("pyarrow==15.0.0", "s3://libs/x.whl"),
        modules_location="s3://libs/modules.zip",
    )
    assert arguments == {
        "--job-language": "python",
        "--job-bookmark-option": "job-bookmark-disable",
        "--TempDir": "s3://tmp/",
        "--enable-glue-datacatalog": "true",
        "--enable-auto-scaling": "true",
        "--enable-metrics": "true",
        "--enable-continuous-cloudwatch-log": "true",
        "--additional-python-modules": "pyarrow==15.0.0,s3://libs/x.whl",
        "--extra-py-files": "s3://libs/modules.zip",
    }
