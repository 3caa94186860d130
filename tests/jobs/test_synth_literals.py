"""What synth accepts must deploy and run (issue 17, section 3): Scala ``\\u`` escapes in
comments, control characters in construct ids, and deploy-time tokens where synth needs
the literal text."""

from __future__ import annotations

import shutil

import pytest
from aws_cdk import App, CfnParameter, Stack
from aws_cdk import aws_s3 as s3

from glueforge import EtlJob, GlueforgeValidationError, S3Sink, S3Source
from glueforge.jobs.script.checks import scala_problems
from glueforge.jobs.script.filters import comment_text

needs_scalac = pytest.mark.skipif(
    shutil.which("scalac") is None,
    reason="scalac is not on PATH (make test installs it); the Scala parse check needs it",
)

# scalac reads \u000a as a newline before it parses, comments included: this id would end
# the "// Construct:" comment and leave code that is not Scala on the next line.
_ESCAPING_ID = "Orders\\u000a this is ! not scala ("


def _job(stack, id="Job", **props):
    bucket = s3.Bucket(stack, f"{id}Data", enforce_ssl=True)
    return EtlJob(
        stack,
        id,
        specs=[
            S3Source("raw", bucket=bucket, prefix="in/"),
            S3Sink("out", input="raw", bucket=bucket, prefix="out/"),
        ],
        **props,
    )


def _scala_object(comment: str) -> str:
    return f"object GlueApp {{\n  // {comment}\n  def main(a: Array[String]): Unit = {{}}\n}}\n"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("a\\u000ab", "a\\\\u000ab"),  # one backslash doubled: no escape starts
        ("a\\\\u000a", "a\\\\\\\\u000a"),  # two (already no escape) stay even-preceded
        ("a\\uuu000a", "a\\\\uuu000a"),  # scalac allows several u's
        ("a\\n\\t", "a\\n\\t"),  # backslashes before anything but u are kept
    ],
)
def test_comment_text_leaves_no_escape_scalac_decodes(text, written):
    assert comment_text(text) == written


@needs_scalac
def test_the_escape_breaks_a_comment_unless_doubled():
    # Shows the parse check can see the attack: the raw id breaks the script.
    broken = scala_problems({"raw.scala": _scala_object(f"Construct: {_ESCAPING_ID}")})
    assert broken["raw.scala"], broken
    assert scala_problems({"safe.scala": _scala_object(comment_text(_ESCAPING_ID))}) == {}


@needs_scalac
def test_a_construct_id_with_a_unicode_escape_stays_in_the_scala_header():
    job = _job(Stack(App(), "Lake"), id=_ESCAPING_ID, language="scala")
    header = job.script.text.splitlines()[1]
    assert header == "// Construct: Lake/Orders\\\\u000a this is ! not scala ("
    assert scala_problems({"job.scala": job.script.text}) == {}


@pytest.mark.parametrize(("character", "code"), [("\x00", "U+0000"), ("\x1b", "U+001B")])
@pytest.mark.parametrize("language", ["pyspark", "scala"])
def test_a_control_character_in_a_construct_id_is_a_validation_error(character, code, language):
    # Was: "line None: source code string cannot contain null bytes".
    with pytest.raises(GlueforgeValidationError) as error:
        _job(Stack(App(), "Lake"), id=f"Bad{character}Id", language=language)
    path = f"Lake/Bad{character}Id"
    assert str(error.value) == (
        f"{path}: construct path {path!r} contains control characters ({code}), which cannot "
        "be written into the job's script; use printable characters in construct ids"
    )


def test_a_deploy_time_job_name_is_refused():
    # Was: the script staged at the literal key "${Token[TOKEN.n]}/..." while
    # ScriptLocation pointed at "{Ref}/...": a job with no script.
    stack = Stack(App(), "Lake")
    name = CfnParameter(stack, "JobName").value_as_string
    with pytest.raises(GlueforgeValidationError) as error:
        _job(stack, job_name=name)
    message = str(error.value)
    assert message.startswith(
        "Lake/Job: job_name must be a literal string, not a deploy-time value ('${Token["
    )
    assert message.endswith(
        "the job's script and modules are staged at synth under a folder named after it, "
        "while the job would read them from where the deployed value points; pass a "
        "literal, or leave job_name unset for a generated one"
    )


def test_a_literal_job_name_is_kept():
    assert _job(Stack(App(), "Lake"), job_name="orders-nightly").job_name == "orders-nightly"
