"""The real CDK CLI (pinned in package.json, run through npx) synthesizes the app."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_npx_cdk_synth_end_to_end(tmp_path):
    if not (ROOT / "node_modules" / ".bin" / "cdk").exists():
        pytest.fail("the CDK CLI is not installed; run `make test`, which runs `npm ci`")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AWS_") and k not in {"CDK_DEFAULT_ACCOUNT", "CDK_DEFAULT_REGION"}
    }
    env.update(
        JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20",
        AWS_EC2_METADATA_DISABLED="true",
        CDK_DISABLE_CLI_TELEMETRY="true",
        # no credentials and no region anywhere: synth must not need them
        AWS_CONFIG_FILE=str(tmp_path / "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"),
    )
    out = tmp_path / "cdk.out"
    result = subprocess.run(
        [
            shutil.which("npx") or "npx",
            "cdk",
            "synth",
            "--app",
            f"{sys.executable} app.py",
            "--output",
            str(out),
            "--quiet",
            "--no-notices",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    template = json.loads((out / "DataLake.template.json").read_text())
    types = {r["Type"] for r in template["Resources"].values()}
    assert {"AWS::S3::Bucket", "AWS::KMS::Key", "AWS::Glue::Database"} <= types
    report = json.loads((out / "validation-report.json").read_text())
    assert all(p["conclusion"] != "failure" for p in report["pluginReports"]), report
