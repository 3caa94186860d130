"""Issue 18: each stack's job files are staged as ONE directory asset, with no jsii round
trip per job.

Deploy by inspection: the deployment's single source is a directory asset, and that
directory (``<outdir>/asset.<hash>``, what the CDK CLI zips and uploads) holds exactly
``<job name>/<script>`` and ``<job name>/modules.zip`` of each job, which the handler
unzips into the bucket's root: so a job's files land at ``<bucket>/<job name>/...``.
"""

from __future__ import annotations

import io
import json
import os
import sys
import zipfile
from pathlib import Path

import pytest
from aws_cdk import App, Stack

from glueforge import GlueforgeValidationError, SecureBucket
from glueforge.jobs.assets import STAGING_FOLDER, write_folder
from glueforge.jobs.etl_job import EtlJob
from glueforge.jobs.specs import S3Sink, S3Source

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from roundtrips import RoundTrips  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PRICING_RULES = FIXTURES / "modules" / "pricing_rules.py"


def _job(stack, bucket, name, source="raw", **props):
    return EtlJob(
        stack,
        name.title().replace("-", ""),
        job_name=name,
        specs=[
            S3Source(source, bucket=bucket, prefix=f"{name}/in/"),
            S3Sink("out", input=source, bucket=bucket, prefix=f"{name}/out/"),
        ],
        **props,
    )


def _two_job_app(outdir: Path):
    app = App(outdir=str(outdir))
    stack = Stack(app, "Test")
    bucket = SecureBucket(stack, "Data")
    plain = _job(stack, bucket, "job-a")
    with_modules = _job(stack, bucket, "job-b", extra_python_files=[str(PRICING_RULES)])
    return app, plain, with_modules


def _deployment(template):
    [deployment] = [
        r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "Custom::CDKBucketDeployment"
    ]
    return deployment


def _staged_source(outdir: Path) -> tuple[str, Path]:
    """The deployment's one source object key, and the asset folder it is zipped from."""
    template = json.loads((outdir / "Test.template.json").read_text())
    [key] = _deployment(template)["SourceObjectKeys"]
    assert key.endswith(".zip")
    folder = outdir / f"asset.{key.removesuffix('.zip')}"
    assert folder.is_dir()
    return key, folder


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_one_directory_asset_holds_every_jobs_files_under_its_name(tmp_path):
    outdir = tmp_path / "cdk.out"
    app, plain, with_modules = _two_job_app(outdir)
    app.synth()
    template = json.loads((outdir / "Test.template.json").read_text())
    deployment = _deployment(template)
    assert len(deployment["SourceBucketNames"]) == 1
    assert "DestinationBucketKeyPrefix" not in deployment
    assert deployment["Prune"] is True
    _, folder = _staged_source(outdir)
    files = _files(folder)
    assert sorted(files) == ["job-a/job_a.py", "job-b/job_b.py", "job-b/modules.zip"]
    assert files["job-a/job_a.py"].decode() == plain.script.text
    assert files["job-b/job_b.py"].decode() == with_modules.script.text
    archive = zipfile.ZipFile(io.BytesIO(files["job-b/modules.zip"]))
    assert archive.namelist() == ["pricing_rules.py"]
    assert archive.read("pricing_rules.py") == PRICING_RULES.read_bytes()


def test_script_and_modules_urls_point_into_the_job_folder(tmp_path):
    outdir = tmp_path / "cdk.out"
    app, _, _ = _two_job_app(outdir)
    app.synth()
    template = json.loads((outdir / "Test.template.json").read_text())
    [bucket_id] = [
        k
        for k, r in template["Resources"].items()
        if r["Type"] == "AWS::S3::Bucket" and k.startswith("GlueforgeScripts")
    ]
    jobs = {
        r["Properties"]["Name"]: r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::Glue::Job"
    }

    def url(key):
        return {"Fn::Join": ["", ["s3://", {"Ref": bucket_id}, f"/{key}"]]}

    assert jobs["job-a"]["Command"]["ScriptLocation"] == url("job-a/job_a.py")
    assert jobs["job-b"]["Command"]["ScriptLocation"] == url("job-b/job_b.py")
    assert jobs["job-b"]["DefaultArguments"]["--extra-py-files"] == url("job-b/modules.zip")
    assert "--extra-py-files" not in jobs["job-a"]["DefaultArguments"]


def test_staging_runs_when_synth_skips_validation(tmp_path):
    outdir = tmp_path / "cdk.out"
    app, plain, _ = _two_job_app(outdir)
    app.synth(skip_validation=True)
    _, folder = _staged_source(outdir)
    assert sorted(_files(folder)) == ["job-a/job_a.py", "job-b/job_b.py", "job-b/modules.zip"]
    assert _files(folder)["job-a/job_a.py"].decode() == plain.script.text


def test_the_same_app_gives_the_same_asset_hash_wherever_it_is_synthesized(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    _two_job_app(first)[0].synth()
    _two_job_app(second)[0].synth()
    assert _staged_source(first)[0] == _staged_source(second)[0]
    # and a third synth into the first folder, over a stale file and a changed script
    staged = first / STAGING_FOLDER / "Test"
    (staged / "deleted-job").mkdir()
    (staged / "deleted-job" / "deleted_job.py").write_text("print('stale')\n")
    (staged / "job-a" / "job_a.py").write_text("# edited by hand\n")
    _two_job_app(first)[0].synth()
    assert _staged_source(first)[0] == _staged_source(second)[0]
    assert sorted(_files(staged)) == ["job-a/job_a.py", "job-b/job_b.py", "job-b/modules.zip"]


def test_a_different_script_gives_a_different_asset_hash(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    _two_job_app(first)[0].synth()
    app = App(outdir=str(second))
    stack = Stack(app, "Test")
    bucket = SecureBucket(stack, "Data")
    changed = _job(stack, bucket, "job-a", source="orders")
    _job(stack, bucket, "job-b", extra_python_files=[str(PRICING_RULES)])
    app.synth()
    assert "orders" in changed.script.text
    assert _staged_source(first)[0] != _staged_source(second)[0]


def test_write_folder_keeps_unchanged_files_and_removes_stale_ones(tmp_path):
    folder = tmp_path / "staged"
    (folder / "kept").mkdir(parents=True)
    (folder / "kept" / "same.py").write_bytes(b"same\n")
    (folder / "kept" / "changed.py").write_bytes(b"old\n")
    (folder / "gone" / "deep").mkdir(parents=True)
    (folder / "gone" / "deep" / "stale.py").write_bytes(b"stale\n")
    (folder / "was-a-file").write_bytes(b"now a folder\n")
    same_inode = os.stat(folder / "kept" / "same.py").st_ino

    write_folder(
        folder,
        {
            "kept/same.py": b"same\n",
            "kept/changed.py": b"new\n",
            "was-a-file/inside.py": b"inside\n",
            "new/file.py": b"added\n",
        },
    )
    assert _files(folder) == {
        "kept/changed.py": b"new\n",
        "kept/same.py": b"same\n",
        "new/file.py": b"added\n",
        "was-a-file/inside.py": b"inside\n",
    }
    assert not (folder / "gone").exists()
    # an unchanged file is not rewritten: aws-cdk-lib's fingerprint cache stays valid
    assert os.stat(folder / "kept" / "same.py").st_ino == same_inode


def test_job_names_differing_only_in_case_are_refused(stack):
    bucket = SecureBucket(stack, "Data")
    _job(stack, bucket, "orders")
    with pytest.raises(GlueforgeValidationError) as error:
        EtlJob(
            stack,
            "Upper",
            job_name="Orders",
            specs=[
                S3Source("raw", bucket=bucket, prefix="x/"),
                S3Sink("out", input="raw", bucket=bucket, prefix="y/"),
            ],
        )
    assert error.value.path == "Test/Upper/Files"
    assert error.value.problems == [
        "Orders/Orders.py is also staged by Test/Orders/Files: job names in one stack must "
        "differ other than in case, since their files are staged in folders named after them"
    ]


def test_a_job_declared_after_synth_is_refused(tmp_path):
    app, _, _ = _two_job_app(tmp_path / "cdk.out")
    app.synth()
    stack = app.node.find_child("Test")
    bucket = stack.node.find_child("Data")
    with pytest.raises(GlueforgeValidationError) as error:
        _job(stack, bucket, "job-c")
    assert error.value.problems == [
        "job-c/job_c.py is declared after the stack's job files were staged for synth; "
        "declare every job before synthesizing the app"
    ]


def _staging_round_trips(jobs: int, outdir: Path) -> int:
    """Round trips made from glueforge/jobs/assets.py while building and synthesizing a
    stack of ``jobs`` jobs (one with modules)."""
    with RoundTrips(sites=True) as trips:
        app = App(outdir=str(outdir))
        stack = Stack(app, "Test")
        bucket = SecureBucket(stack, "Data")
        for n in range(jobs):
            modules = [str(PRICING_RULES)] if n == 0 else []
            _job(stack, bucket, f"job-{n}", extra_python_files=modules)
        app.synth(skip_validation=True)
    return sum(
        count
        for site, count in trips.by_site.items()
        if site.startswith("constructs/glueforge/jobs/assets.py:")
    )


def test_staging_costs_no_round_trip_per_job(tmp_path):
    one = _staging_round_trips(1, tmp_path / "one")
    five = _staging_round_trips(5, tmp_path / "five")
    assert one > 0  # the stack's bucket, deployment and staging
    assert five == one


def test_two_jobs_of_one_name_stage_the_later_script(tmp_path):
    # CloudFormation refuses two jobs of one name at deploy; local runs build such apps.
    # The later job's script wins, as when each job was a deployment source of its own.
    outdir = tmp_path / "cdk.out"
    app = App(outdir=str(outdir))
    stack = Stack(app, "Test")
    bucket = SecureBucket(stack, "Data")
    _job(stack, bucket, "job-a")
    later = EtlJob(
        stack,
        "Later",
        job_name="job-a",
        specs=[
            S3Source("orders", bucket=bucket, prefix="x/"),
            S3Sink("out", input="orders", bucket=bucket, prefix="y/"),
        ],
    )
    app.synth(skip_validation=True)
    _, folder = _staged_source(outdir)
    assert _files(folder) == {"job-a/job_a.py": later.script.text.encode()}


def test_the_stack_records_its_jobs_scripts_in_one_metadata_entry(tmp_path):
    from glueforge.assembly.reader import script_entries

    outdir = tmp_path / "cdk.out"
    app, plain, with_modules = _two_job_app(outdir)
    app.synth(skip_validation=True)
    metadata = json.loads((outdir / "Test.metadata.json").read_text())
    found = [
        (path, entry["data"])
        for path, entries in metadata.items()
        for entry in entries
        if entry["type"].startswith("glueforge:job-script")
    ]
    [(path, records)] = found
    assert path == "/Test/GlueforgeScriptsDeployment"
    assert [r["path"] for r in records] == ["Test/JobA", "Test/JobB"]
    assert [(r["fileName"], r["language"], r["jobName"]) for r in records] == [
        ("job_a.py", "pyspark", "job-a"),
        ("job_b.py", "pyspark", "job-b"),
    ]
    assert records[0]["script"] == plain.script.text
    assert records[1]["script"] == with_modules.script.text
    assert [(p, r["jobName"]) for p, r in script_entries(outdir)] == [
        ("Test/JobA", "job-a"),
        ("Test/JobB", "job-b"),
    ]
