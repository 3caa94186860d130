"""PythonShellJob: the CloudFormation, the refusals, the role, the script and the cost.

Expected values are written from AWS's pages, not read from the code:
- Command {Name: pythonshell, PythonVersion: "3.9"}, GlueVersion "3.0", MaxCapacity 0.0625
  or 1, ``library-set`` analytics|none, no .egg on 3.9, no --extra-files, no bookmarks:
  https://docs.aws.amazon.com/glue/latest/dg/add-job-python.html and the Glue API
  (CreateJob MaxCapacity, JobCommand.Name);
- $0.44 per DPU-hour: https://aws.amazon.com/glue/pricing/ (prices.SOURCES["price-list"]).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from aws_cdk import App, Duration, Stack

from glueforge import GlueforgeValidationError, LibrarySet, PythonShellJob, PythonVersion
from glueforge.cost.model import estimate, to_text
from tests.conftest import assert_clean
from tests.helpers.iam import arn, logical_id, policy_statements


def _job(template, prefix="Job"):
    return template["Resources"][logical_id(template, "AWS::Glue::Job", prefix)]


def _wheel(folder: Path) -> Path:
    """A pure-Python wheel holding one module, ``tinylib``."""
    path = folder / "tinylib-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr("tinylib/__init__.py", "ANSWER = 42\n")
    return path


def _module(folder: Path) -> Path:
    path = folder / "helpers.py"
    path.write_text("def double(x):\n    return 2 * x\n")
    return path


def _scripts_url(ids, key):
    return {"Fn::Join": ["", ["s3://", {"Ref": ids["GlueforgeScripts"]}, key]]}


def test_cloudformation_by_hand(stack, synth, tmp_path):
    wheel, module = _wheel(tmp_path), _module(tmp_path)
    job = PythonShellJob(
        stack,
        "Job",
        extra_python_files=[str(module), str(wheel)],
        default_arguments={"--limit": "5"},
        timeout=Duration.minutes(30),
        max_concurrent_runs=2,
    )
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    ids = {
        name: logical_id(template, "AWS::S3::Bucket", name)
        for name in ("GlueforgeTemp", "GlueforgeScripts")
    }
    name = job.job_name
    assert name == "TestJob68754FED"
    props = _job(template)["Properties"]
    assert props["Command"] == {
        "Name": "pythonshell",
        "PythonVersion": "3.9",
        "ScriptLocation": _scripts_url(ids, f"/{name}/{name}.py"),
    }
    assert props["GlueVersion"] == "3.0"
    assert props["MaxCapacity"] == 0.0625
    assert "WorkerType" not in props and "NumberOfWorkers" not in props
    assert (props["Timeout"], props["MaxRetries"], props["JobRunQueuingEnabled"]) == (30, 0, False)
    assert props["ExecutionProperty"] == {"MaxConcurrentRuns": 2}
    assert props["DefaultArguments"] == {
        "--job-language": "python",
        "--TempDir": {"Fn::Join": ["", ["s3://", {"Ref": ids["GlueforgeTemp"]}, f"/{name}/"]]},
        "library-set": "analytics",
        # each file by itself, under its own name: Glue takes individual files only
        "--extra-py-files": {
            "Fn::Join": [
                "",
                [
                    "s3://",
                    {"Ref": ids["GlueforgeScripts"]},
                    f"/{name}/extra-py-files/helpers.py,s3://",
                    {"Ref": ids["GlueforgeScripts"]},
                    f"/{name}/extra-py-files/tinylib-1.0-py3-none-any.whl",
                ],
            ]
        },
        "--limit": "5",
    }
    # no metrics flag: Glue publishes no job metrics for Python shell jobs
    assert "--enable-metrics" not in props["DefaultArguments"]


def test_one_dpu_no_libraries_and_queuing(stack):
    job = PythonShellJob(
        stack,
        "Job",
        max_capacity=1,
        library_set=LibrarySet.NONE,
        job_run_queuing=True,
        python_version=PythonVersion.V3_9,
    )
    assert (job.max_capacity, job.library_set) == (1.0, LibrarySet.NONE)
    template = App.of(stack).synth().get_stack_by_name("Test").template
    props = _job(template)["Properties"]
    assert (props["MaxCapacity"], props["JobRunQueuingEnabled"]) == (1, True)
    assert props["DefaultArguments"]["library-set"] == "none"


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        (
            {"python_version": "3.6"},
            "python_version '3.6' is refused: Python shell 3.6 ended on 2026-03-01 ('Support "
            "for Pyshell v3.6 will end on March 1, 2026', "
            "https://docs.aws.amazon.com/glue/latest/dg/add-job-python.html); use ['3.9']",
        ),
        ({"python_version": "3.11"}, "python_version '3.11' is not one of ['3.9']"),
        (
            {"max_capacity": 0.5},
            "max_capacity must be 0.0625 or 1 DPU for a Python shell job, got 0.5",
        ),
        ({"library_set": "pandas"}, "library_set 'pandas' is not one of ['analytics', 'none']"),
        (
            {"job_run_queuing": True, "max_retries": 2},
            "job_run_queuing=True needs max_retries=0, got max_retries=2",
        ),
        (
            {"default_arguments": {"--TempDir": "s3://elsewhere/"}},
            "default_arguments key '--TempDir' is set by glueforge from the job's props",
        ),
        (
            {"default_arguments": {"--job-bookmark-option": "job-bookmark-enable"}},
            "default_arguments key '--job-bookmark-option' is refused: Python shell jobs have "
            "no job bookmarks",
        ),
        (
            {"default_arguments": {"--extra-files": "s3://b/x.txt"}},
            "default_arguments key '--extra-files' is refused: 'The --extra-files option "
            "cannot be used'",
        ),
        (
            {"default_arguments": {"--enable-metrics": "true"}},
            "default_arguments key '--enable-metrics' is refused: Glue publishes no job "
            "metrics for Python shell jobs",
        ),
        (
            {"default_arguments": {"library-set": "none"}},
            "default_arguments key 'library-set' is refused: set by glueforge from "
            "library_set; use that prop",
        ),
        (
            {"timeout": Duration.days(8)},
            "timeout must be 1 minute to under 7 days (10080 minutes), got 11520 minutes",
        ),
        ({"max_retries": 11}, "max_retries must be 0-10, got 11"),
    ],
)
def test_refusals_name_the_construct_the_value_and_what_is_valid(stack, props, expected):
    with pytest.raises(GlueforgeValidationError) as caught:
        PythonShellJob(stack, "Job", **props)
    message = str(caught.value)
    assert message.startswith("Test/Job: "), message
    assert expected in message


def test_extra_file_refusals(stack, tmp_path):
    egg = tmp_path / "old-1.0-py3.9.egg"
    egg.write_bytes(b"")
    with pytest.raises(GlueforgeValidationError) as caught:
        PythonShellJob(stack, "Job", extra_python_files=[str(egg), str(tmp_path)])
    message = str(caught.value)
    assert message.startswith("Test/Job: ")
    assert (
        f"extra_python_files entry {str(egg)!r} is an .egg: 'You can't package any Python "
        "libraries as .egg files in Python 3.9+. Instead, use .whl.'"
    ) in message
    assert (
        f"extra_python_files entry {str(tmp_path)!r} must be an existing .py or .whl file"
    ) in message


def test_script_file_and_template_refusals(stack, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("x")
    with pytest.raises(GlueforgeValidationError) as caught:
        PythonShellJob(stack, "Job", script_file=str(text), template="mine.py.j2")
    message = str(caught.value)
    assert "give template or script_file, not both" in message
    assert f"script_file {str(text)!r} must be an existing .py file" in message


def test_role_statements_by_hand(stack, synth):
    PythonShellJob(stack, "Job")
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    role = logical_id(template, "AWS::IAM::Role", "JobRole")
    ids = {
        name: logical_id(template, "AWS::S3::Bucket", name)
        for name in ("GlueforgeTemp", "GlueforgeScripts")
    }
    keys = {
        name: logical_id(template, "AWS::KMS::Key", name)
        for name in ("GlueforgeTempKey", "GlueforgeScriptsKey", "GlueforgeKey")
    }
    name = "TestJob68754FED"

    def bucket(which, suffix=None):
        attribute = {"Fn::GetAtt": [ids[which], "Arn"]}
        return attribute if suffix is None else {"Fn::Join": ["", [attribute, suffix]]}

    def prefix_condition():
        return {"StringLike": {"s3:prefix": [f"{name}/", f"{name}/*"]}}

    def logs(group):
        return arn("logs", f":log-group:{group}")

    statements = [
        {k: v for k, v in s.items() if k != "Sid"} for s in policy_statements(template, role)
    ]
    expected = [
        # its files: the script and extra files, under <job name>/
        {
            "Action": "s3:GetObject",
            "Effect": "Allow",
            "Resource": bucket("GlueforgeScripts", f"/{name}/*"),
        },
        {
            "Action": "s3:ListBucket",
            "Condition": prefix_condition(),
            "Effect": "Allow",
            "Resource": bucket("GlueforgeScripts"),
        },
        {
            "Action": "s3:GetBucketLocation",
            "Effect": "Allow",
            "Resource": bucket("GlueforgeScripts"),
        },
        {
            "Action": "kms:Decrypt",
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [keys["GlueforgeScriptsKey"], "Arn"]},
        },
        # its temporary directory, read and write
        {
            "Action": [
                "s3:GetObject",
                "s3:PutObject",
                "s3:DeleteObject",
                "s3:AbortMultipartUpload",
            ],
            "Effect": "Allow",
            "Resource": bucket("GlueforgeTemp", f"/{name}/*"),
        },
        {
            "Action": "s3:ListBucket",
            "Condition": prefix_condition(),
            "Effect": "Allow",
            "Resource": bucket("GlueforgeTemp"),
        },
        {"Action": "s3:GetBucketLocation", "Effect": "Allow", "Resource": bucket("GlueforgeTemp")},
        {
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [keys["GlueforgeTempKey"], "Arn"]},
        },
        # encrypted logs: the jobs' groups, then the Python shell ones
        {"Action": "logs:CreateLogGroup", "Effect": "Allow", "Resource": logs("/aws-glue/jobs*")},
        {
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Effect": "Allow",
            "Resource": logs("/aws-glue/jobs*:log-stream:*"),
        },
        {"Action": "logs:AssociateKmsKey", "Effect": "Allow", "Resource": logs("/aws-glue/jobs*")},
        {
            "Action": "logs:CreateLogGroup",
            "Effect": "Allow",
            "Resource": logs("/aws-glue/python-jobs*"),
        },
        {
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Effect": "Allow",
            "Resource": logs("/aws-glue/python-jobs*:log-stream:*"),
        },
        {
            "Action": "logs:AssociateKmsKey",
            "Effect": "Allow",
            "Resource": logs("/aws-glue/python-jobs*"),
        },
    ]
    assert statements[: len(expected)] == expected
    # then the security configuration's key, and nothing else: no metrics (none exist)
    rest = statements[len(expected) :]
    assert [s["Resource"] for s in rest] == [{"Fn::GetAtt": [keys["GlueforgeKey"], "Arn"]}]
    assert not any("cloudwatch:PutMetricData" in str(s["Action"]) for s in statements)


def test_unencrypted_logs_are_the_named_groups(stack, synth):
    PythonShellJob(stack, "Job", encryption=False)
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    role = logical_id(template, "AWS::IAM::Role", "JobRole")
    statements = policy_statements(template, role)
    groups = [s["Resource"] for s in statements if s["Action"] == "logs:CreateLogGroup"]
    created = [r for g in groups for r in (g if isinstance(g, list) else [g])]
    assert arn("logs", ":log-group:/aws-glue/python-jobs/output") in created
    # ".../error", singular, as records of real runs show (yomon.hatenablog.com 2019,
    # apache/airflow GlueJobOperator logs), not the old Glue guide's ".../errors"
    assert arn("logs", ":log-group:/aws-glue/python-jobs/error") in created
    assert arn("logs", ":log-group:/aws-glue/python-jobs/errors") not in created
    assert not any(s["Action"] == "logs:AssociateKmsKey" for s in statements)


def test_grants_from_buckets_reach_the_role(stack, synth):
    from glueforge import SecureBucket

    job = PythonShellJob(stack, "Job")
    SecureBucket(stack, "Reports").grant_read(job)
    template = synth(stack, nag=False, cfn_lint=False).templates["Test"]
    role = logical_id(template, "AWS::IAM::Role", "JobRole")
    reports = logical_id(template, "AWS::S3::Bucket", "Reports")
    assert any(
        reports in str(s["Resource"]) and "s3:GetObject*" in s["Action"]
        for s in policy_statements(template, role)
    )


def test_user_template_fills_the_body_and_values_stay_literals(stack, tmp_path):
    (tmp_path / "cleanup.py.j2").write_text(
        '{% extends "python/shell.py.j2" %}\n'
        "{% block body %}\n"
        "def run(args, settings):\n"
        '    log.info("keeping %s days", settings["days"])\n'
        "{% endblock %}\n"
    )
    hostile = 'x"); import os; os.system("id") #'
    job = PythonShellJob(
        stack,
        "Job",
        template="cleanup.py.j2",
        template_folders=[str(tmp_path)],
        template_variables={"days": 7, "note": hostile},
    )
    script = job.script_text
    assert script.startswith("# Generated by glueforge ")
    assert "# Construct: Test/Job\n" in script
    assert "from awsglue.utils import getResolvedOptions\n" in script
    assert 'ARGUMENT_NAMES = ["JOB_NAME", "TempDir"]\n' in script
    # the hostile value is one string literal: exactly repr() of it
    assert f'SETTINGS = {{"days": 7, "note": {hostile!r}}}\n' in script
    assert '    log.info("keeping %s days", settings["days"])\n' in script
    assert 'if __name__ == "__main__":\n    main()\n' in script
    namespace: dict = {}
    exec(
        compile(script.replace("from awsglue.utils import getResolvedOptions", ""), "s", "exec"),
        namespace,
    )
    assert namespace["SETTINGS"] == {"days": 7, "note": hostile}


def test_a_script_pyflakes_refuses_fails_synth(stack, tmp_path):
    (tmp_path / "broken.py.j2").write_text(
        '{% extends "python/shell.py.j2" %}\n'
        "{% block body %}\n"
        "def run(args, settings):\n"
        "    return undefined_name\n"
        "{% endblock %}\n"
    )
    with pytest.raises(GlueforgeValidationError) as caught:
        PythonShellJob(stack, "Job", template="broken.py.j2", template_folders=[str(tmp_path)])
    assert str(caught.value).startswith("Test/Job: template broken.py.j2: line ")
    assert "undefined name 'undefined_name'" in str(caught.value)


def test_script_file_ships_as_it_is(stack, tmp_path):
    source = tmp_path / "maintenance.py"
    source.write_text("import sys\n\nprint(sys.argv[1:])\n")
    job = PythonShellJob(stack, "Job", script_file=str(source))
    assert job.script_text == "import sys\n\nprint(sys.argv[1:])\n"
    assert job.script_metadata["template"] == "maintenance.py"
    assert job.script_metadata["kind"] == "pythonshell"


def test_cost_by_hand(stack):
    job = PythonShellJob(
        stack, "Job", typical_duration=Duration.minutes(10), timeout=Duration.minutes(60)
    )
    # expected: 0.0625 DPU x 10/60 h x $0.44 = $0.0045833...
    expected, _ = job.cost_inputs.expected_per_run()
    assert expected == pytest.approx(0.0625 * 10 / 60 * 0.44)
    assert expected == pytest.approx(0.004583, abs=1e-6)
    # worst: 0.0625 DPU x 1 h x $0.44 = $0.0275
    worst, text = job.cost_inputs.worst_per_run()
    assert worst == pytest.approx(0.0275)
    assert text.endswith("0.0625 DPU x 1 h x $0.44/DPU-hour (pythonshell)")


def test_cost_minimum_is_one_minute_and_said_to_be_assumed(stack):
    job = PythonShellJob(stack, "Job", max_capacity=1, typical_duration=Duration.seconds(30))
    # 30 s is billed as the assumed 1-minute minimum: 1 DPU x 60/3600 h x $0.44 = $0.007333
    expected, _ = job.cost_inputs.expected_per_run()
    assert expected == pytest.approx(1 * 60 / 3600 * 0.44)
    text = to_text(estimate([job.cost_inputs]))
    assert (
        "Assumed for Test/Job: Python shell minimum billed duration assumed to be 1 minute: "
        "no AWS page confirms it"
    ) in text


def test_max_cost_per_run_fails_synth(stack):
    # worst: 1 DPU x 1 h x $0.44 = $0.44 > $0.10
    with pytest.raises(GlueforgeValidationError) as caught:
        PythonShellJob(stack, "Job", max_capacity=1, max_cost_per_run=0.10)
    assert str(caught.value) == (
        "Test/Job: worst case per run $0.44 = 1 DPU x 1 h x $0.44/DPU-hour (pythonshell) "
        "exceeds max_cost_per_run $0.10"
    )


def test_props_list_matches_the_constructor():
    import dataclasses
    import inspect

    from glueforge.jobs import python_shell_job

    given = [
        p
        for p in inspect.signature(PythonShellJob.__init__).parameters
        if p not in ("self", "scope", "id")
    ]
    assert given == [f.name for f in dataclasses.fields(python_shell_job._Props)]


def test_alarms_watch_runtime_with_the_delay_notification(stack):
    from glueforge import JobAlarms

    job = PythonShellJob(stack, "Job", alarms=JobAlarms(max_runtime=Duration.minutes(20)))
    template = App.of(stack).synth().get_stack_by_name("Test").template
    # no Glue metric measures a Python shell run: Glue's NotifyDelayAfter (minutes) does
    assert _job(template)["Properties"]["NotificationProperty"] == {"NotifyDelayAfter": 20}
    alarms = [r for r in template["Resources"].values() if r["Type"] == "AWS::CloudWatch::Alarm"]
    assert len(alarms) == 3  # Failure, Timeout, Runtime
    assert sorted(job.alarm_set.alarms) == ["Failure", "Runtime", "Timeout"]


def test_alarms_max_runtime_must_be_under_the_timeout(stack):
    from glueforge import JobAlarms

    with pytest.raises(GlueforgeValidationError) as caught:
        PythonShellJob(
            stack,
            "Job",
            timeout=Duration.minutes(30),
            alarms=JobAlarms(max_runtime=Duration.minutes(45)),
        )
    assert str(caught.value).startswith("Test/Job: ")
    assert "45" in str(caught.value)


def test_glueforge_cost_reads_the_job_back_from_the_assembly(tmp_path):
    from glueforge.cost.model import report_from_assembly

    outdir = tmp_path / "cdk.out"
    app = App(outdir=str(outdir))
    PythonShellJob(Stack(app, "Test"), "Job", typical_duration=Duration.minutes(10))
    app.synth()
    report = report_from_assembly(outdir)
    [row] = report.rows
    # expected: 0.0625 DPU x 10/60 h x $0.44 = $0.004583; worst: 0.0625 x 1 h x $0.44
    assert (row.path, row.kind) == ("Test/Job", "job")
    assert row.expected_per_run == pytest.approx(0.0625 * 10 / 60 * 0.44)
    assert row.worst_per_run == pytest.approx(0.0275)
    assert "Assumed for Test/Job: Python shell minimum billed duration" in to_text(report)
