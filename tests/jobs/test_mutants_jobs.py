"""Job checks and renderings that deliberate bugs once slipped past (issue 17, section 7)."""

from __future__ import annotations

import shutil

import pytest
from aws_cdk import App, Stack

from glueforge import SecureBucket
from glueforge.jobs.script.checks import scala_problems
from glueforge.jobs.script.rendered import render_script
from glueforge.jobs.specs import JdbcSource, S3Sink
from glueforge.jobs.specs.base import JobSpec

needs_scalac = pytest.mark.skipif(
    shutil.which("scalac") is None,
    reason="scalac is not on PATH (make test installs it); the Scala parse check needs it",
)

_GOOD_SCALA = """object GlueApp {
  def main(sysArgs: Array[String]): Unit = {
    println("ok")
  }
}
"""

# Line 3 opens an argument list it never closes; scalac finds the '}' on line 4 where it
# expected ')'.
_BROKEN_SCALA = """object GlueApp {
  def main(sysArgs: Array[String]): Unit = {
    val x = List(1, 2
  }
}
"""


@needs_scalac
def test_scala_parse_check_reports_a_broken_script_and_only_it():
    # Kills: scala_problems returning {} for everything (then every Scala injection test
    # that relies on it passes vacuously).
    found = scala_problems({"good.scala": _GOOD_SCALA, "broken.scala": _BROKEN_SCALA})
    assert list(found) == ["broken.scala"]
    assert found["broken.scala"]
    assert found["broken.scala"][0].startswith("template broken.scala: line 4: ')' expected")


@needs_scalac
def test_scala_parse_check_reports_the_broken_script_again_from_its_cache():
    # The second call is answered from the cache; it must still say the script is broken.
    first = scala_problems({"again.scala": _BROKEN_SCALA + "\n// again\n"})
    second = scala_problems({"again.scala": _BROKEN_SCALA + "\n// again\n"})
    assert first == second
    assert first["again.scala"]


class _Connection:
    connection_name = "orders-pg"
    engine = "postgresql"


@pytest.fixture(scope="module")
def curated():
    return SecureBucket(Stack(App(), "S"), "Curated")


def _jdbc_job(curated, **props):
    return JobSpec.of(
        [
            JdbcSource("pg", connection=_Connection(), table="public.events", **props),
            S3Sink("out", input="pg", bucket=curated, prefix="events/"),
        ]
    )


@pytest.mark.parametrize(
    ("language", "keys", "order"),
    [
        ("pyspark", '"jobBookmarkKeys": ["id", "ts"],', '"jobBookmarkKeysSortOrder": "desc",'),
        ("scala", '"jobBookmarkKeys" -> Seq("id", "ts"),', '"jobBookmarkKeysSortOrder" -> "desc",'),
    ],
)
def test_descending_bookmark_keys_reach_the_script(curated, language, keys, order):
    # Kills: bookmark keys forced to ascending order (Glue's jobBookmarkKeysSortOrder).
    job = _jdbc_job(curated, bookmark_keys=("id", "ts"), bookmark_keys_sort_order="desc")
    script, problems = render_script(job, language, construct_path="S/Job", version="0")
    assert problems == []
    assert keys in script.text
    assert order in script.text
    assert '"asc"' not in script.text


def test_ascending_is_the_default_and_no_keys_means_no_sort_order(curated):
    script, _ = render_script(
        _jdbc_job(curated, bookmark_keys=("id",)), "pyspark", construct_path="S/J", version="0"
    )
    assert '"jobBookmarkKeysSortOrder": "asc",' in script.text
    # Without keys Glue uses the primary key in its own order: nothing to say.
    script, _ = render_script(_jdbc_job(curated), "pyspark", construct_path="S/J", version="0")
    assert "jobBookmarkKeysSortOrder" not in script.text


def test_a_sort_order_other_than_asc_or_desc_is_refused(curated):
    job = _jdbc_job(curated, bookmark_keys=("id",), bookmark_keys_sort_order="descending")
    assert any("bookmark_keys_sort_order must be 'asc' or 'desc'" in p for p in job.problems())
