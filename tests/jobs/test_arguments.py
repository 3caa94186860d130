"""The script<->argument contract: names built once, read only through ArgRef."""

import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

from glueforge.jobs.arguments import (
    JOB_NAME,
    MANAGED_ARGUMENTS,
    TEMP_DIR,
    ArgRef,
    argument_name,
    default_argument_problems,
)
from glueforge.jobs.script.filters import py_literal, scala_literal
from glueforge.jobs.specs import Relationalize, S3Source
from glueforge.jobs.specs.base import Stage

TEMPLATES = Path(str(files("glueforge.job_templates")))


def test_argument_names_and_transformation_ctx(stack):
    from glueforge import SecureBucket

    source = S3Source("orders", bucket=SecureBucket(stack, "Raw"))
    assert argument_name("source", "orders", "path") == "source_orders_path"
    assert source.arg("path") == "source_orders_path"
    assert list(source.arguments()) == ["source_orders_path"]
    assert source.argument_refs() == {"path": ArgRef("source_orders_path")}
    # job bookmarks key their state on the transformation_ctx: it must never change
    assert source.ctx == "source_orders"
    assert source.stage is Stage.SOURCE


def test_glue_arguments_render_through_the_filters():
    assert py_literal(ArgRef(JOB_NAME)) == 'args["JOB_NAME"]'
    assert scala_literal(ArgRef(TEMP_DIR)) == 'args("TempDir")'
    assert Relationalize("flat", input="x").glue_arguments == ("TempDir",)
    assert "--TempDir" in MANAGED_ARGUMENTS


def test_templates_read_arguments_only_through_argref():
    for template in TEMPLATES.rglob("*.j2"):
        text = re.sub(r"\{#.*?#\}", "", template.read_text(), flags=re.S)
        # the script's own reads are `args[...]` (Python) and `args(...)` (Scala)
        assert not re.search(r"\bargs\s*[\[(]", text), template
        assert "JOB_NAME" not in text and "TempDir" not in text, template


def test_default_arguments_problems():
    assert default_argument_problems(
        {"--TempDir": "s3://x/", "plain": "x", "--source_a_path": "y", "--mine": "z"},
        {"source_a_path": "s3://a/"},
    ) == [
        "default_arguments key '--TempDir' is set by glueforge from the job's props; use the "
        "matching prop instead",
        "default_arguments key 'plain' must start with '--'",
        "default_arguments key '--source_a_path' is set by a step of this job",
    ]


def test_argument_names_load_without_aws_cdk():
    # local runs import these names; they must not pay for aws-cdk-lib
    code = (
        "import sys, glueforge.jobs.arguments; "
        "print(any(m.split('.')[0] in ('aws_cdk', 'jsii') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
