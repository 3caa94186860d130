"""The installed `glueforge` command, as a process, against `moto_server` on loopback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
import pytest

from tests.helpers.ops import REGION, make_job

BIN = Path(sys.executable).parent


@pytest.fixture
def moto_server(aws_env, tmp_path):
    from conftest import free_port

    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # bounded: 10 s at most
            try:
                urllib.request.urlopen(endpoint + "/moto-api/data.json", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def glueforge(*args: str, endpoint: str) -> subprocess.CompletedProcess:
    command = shutil.which("glueforge", path=str(BIN)) or str(BIN / "glueforge")
    return subprocess.run(
        [command, *args, "--endpoint-url", endpoint, "--poll-interval", "0"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=60,
    )


def test_run_wait_and_runs_json_as_a_process(moto_server):
    glue = boto3.client("glue", region_name=REGION, endpoint_url=moto_server)
    make_job(glue, WorkerType="G.1X", NumberOfWorkers=2)
    started = glueforge("run", "orders", "--wait", "--json", endpoint=moto_server)
    assert started.returncode == 0, started.stderr
    record = json.loads(started.stdout)
    assert record["state"] == "SUCCEEDED" and record["job"] == "orders"
    history = glueforge("runs", "orders", "--json", endpoint=moto_server)
    assert history.returncode == 0, history.stderr
    assert [r["run_id"] for r in json.loads(history.stdout)["runs"]] == [record["run_id"]]


def test_unknown_job_as_a_process(moto_server):
    result = glueforge("run", "nope", endpoint=moto_server)
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot start job nope")
    assert "Traceback" not in result.stderr
