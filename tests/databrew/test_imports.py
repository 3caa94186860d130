"""DataBrew resources made elsewhere: ``from_<thing>_attributes`` / ``_name`` / ``_arn``,
their ARNs and grants, composing them into the constructs that take them, and what an
import cannot do, refused at synth.

Expected ARNs are written from DataBrew's IAM reference:
``arn:${Partition}:databrew:${Region}:${Account}:<dataset|job|recipe|ruleset|schedule>/<name>``.
"""

from __future__ import annotations

import json

import pytest
from aws_cdk import CfnParameter, Duration
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Annotations, Match

from glueforge import GlueforgeValidationError, S3Source, SecureBucket
from glueforge.databrew import (
    DataBrewJobBase,
    DataQualityRule,
    Dataset,
    IDataBrewJob,
    IDataset,
    IRecipe,
    IRuleset,
    ISchedule,
    JobOutput,
    ProfileJob,
    Recipe,
    RecipeJob,
    RecipeStep,
    Ruleset,
    RunAfterGlueJob,
    Schedule,
)
from tests.conftest import assert_clean
from tests.helpers.iam import arn, logical_id, policy_statements

ACCOUNT_ARN = "arn:aws:databrew:eu-west-1:111111111111:"

# (kind, the owned class, its interface): each has <kind>_name and <kind>_arn.
KINDS = [
    ("dataset", Dataset, IDataset),
    ("recipe", Recipe, IRecipe),
    ("ruleset", Ruleset, IRuleset),
    ("schedule", Schedule, ISchedule),
    ("job", RecipeJob, IDataBrewJob),
]


def _from_name(cls, kind, stack, id, name):
    return getattr(cls, f"from_{kind}_name")(stack, id, name)


def _from_arn(cls, kind, stack, id, value):
    return getattr(cls, f"from_{kind}_arn")(stack, id, value)


def _raises(build) -> str:
    with pytest.raises(GlueforgeValidationError) as caught:
        build()
    return str(caught.value)


def _template(stack) -> dict:
    return stack.node.root.synth().get_stack_by_name("Test").template


def _props(template: dict, type_: str, prefix: str) -> dict:
    return template["Resources"][logical_id(template, type_, prefix)]["Properties"]


# ---- name and ARN round trips --------------------------------------------------------------


@pytest.mark.parametrize(("kind", "cls", "interface"), KINDS)
def test_import_by_name_builds_the_arn_in_this_stack(stack, kind, cls, interface):
    imported = _from_name(cls, kind, stack, "ByName", f"nightly-{kind}")
    assert isinstance(imported, interface)
    assert getattr(imported, f"{kind}_name") == f"nightly-{kind}"
    assert stack.resolve(getattr(imported, f"{kind}_arn")) == arn(
        "databrew", f":{kind}/nightly-{kind}"
    )


@pytest.mark.parametrize(("kind", "cls", "interface"), KINDS)
def test_import_by_arn_keeps_the_arn_it_was_given(stack, kind, cls, interface):
    given = f"{ACCOUNT_ARN}{kind}/hourly-{kind}"
    imported = _from_arn(cls, kind, stack, "ByArn", given)
    assert isinstance(imported, interface)
    assert getattr(imported, f"{kind}_name") == f"hourly-{kind}"
    assert getattr(imported, f"{kind}_arn") == given


@pytest.mark.parametrize(("kind", "cls", "interface"), KINDS)
def test_attributes_route_the_name_and_arn(stack, kind, cls, interface):
    attributes = getattr(cls, f"from_{kind}_attributes")
    by_name = attributes(stack, "Attributes", **{f"{kind}_name": "orders"})
    assert stack.resolve(getattr(by_name, f"{kind}_arn")) == arn("databrew", f":{kind}/orders")
    given = f"{ACCOUNT_ARN}{kind}/orders"
    both = attributes(stack, "Both", **{f"{kind}_name": "orders", f"{kind}_arn": given})
    assert getattr(both, f"{kind}_arn") == given
    assert _raises(
        lambda: attributes(stack, "Mismatch", **{f"{kind}_name": "other", f"{kind}_arn": given})
    ) == (f"Test/Mismatch: {kind}_name 'other' is not the name in {kind}_arn '{given}'")
    assert _raises(lambda: attributes(stack, "Empty", **{f"{kind}_name": ""})) == (
        f"Test/Empty: {kind}_name must not be empty, e.g. 'my-{kind}'"
    )
    with pytest.raises(TypeError, match=f"^Test/NotText: {kind}_name must be str, got int 3$"):
        attributes(stack, "NotText", **{f"{kind}_name": 3})


@pytest.mark.parametrize(("kind", "cls", "interface"), KINDS)
@pytest.mark.parametrize(
    "bad",
    [
        "orders",  # a name, not an ARN
        "arn:aws:glue:eu-west-1:111111111111:{kind}/orders",  # another service
        "arn:aws:databrew:eu-west-1:111111111111:project/orders",  # another resource type
        "arn:aws:databrew:eu-west-1:111111111111:{kind}/",  # no name
        "arn:aws:databrew:::{kind}/orders",  # no region or account
    ],
)
def test_a_bad_arn_names_the_path_the_value_and_the_form(stack, kind, cls, interface, bad):
    value = bad.format(kind=kind)
    assert _raises(lambda: _from_arn(cls, kind, stack, "Bad", value)) == (
        f"Test/Bad: {kind}_arn {value!r} is not a DataBrew {kind} ARN; expected "
        f"'arn:<partition>:databrew:<region>:<account>:{kind}/<name>', e.g. "
        f"'arn:aws:databrew:us-east-1:123456789012:{kind}/my-{kind}'"
    )


def test_an_arn_known_only_at_deploy_is_split_by_cloudformation(stack):
    parameter = CfnParameter(stack, "JobArn").value_as_string
    imported = RecipeJob.from_job_arn(stack, "Deployed", parameter)
    assert imported.job_arn == parameter
    resource = {"Fn::Split": [":", {"Ref": "JobArn"}]}
    assert stack.resolve(imported.job_name) == {
        "Fn::Select": [1, {"Fn::Split": ["/", {"Fn::Select": [5, resource]}]}]
    }


def test_owned_resources_are_their_interfaces(stack):
    bucket = SecureBucket(stack, "B")
    dataset = Dataset(stack, "D", source=S3Source("a", bucket=bucket, prefix="a/"))
    recipe = Recipe(stack, "R", steps=[RecipeStep.rename("a", "b")], recipe_name="clean")
    rules = Ruleset(stack, "Rules", dataset=dataset, rules=[_rule()])
    job = RecipeJob(
        stack, "J", dataset=dataset, recipe=recipe, outputs=[JobOutput.s3(bucket, "o/")]
    )
    schedule = Schedule(stack, "S", cron="cron(0 3 * * ? *)", jobs=[job], schedule_name="n")
    assert isinstance(dataset, IDataset) and isinstance(recipe, IRecipe)
    assert isinstance(rules, IRuleset) and isinstance(job, IDataBrewJob)
    assert isinstance(schedule, ISchedule)
    assert recipe.recipe_version == "LATEST_WORKING"
    assert stack.resolve(recipe.recipe_arn) == arn("databrew", ":recipe/clean")
    assert stack.resolve(schedule.schedule_arn) == arn("databrew", ":schedule/n")


def _rule() -> DataQualityRule:
    return DataQualityRule("not negative", ":c >= :v", {":c": "`amount`", ":v": "0"})


# ---- grants ---------------------------------------------------------------------------


def test_imported_jobs_grant_start_on_their_arn(stack):
    by_name = DataBrewJobBase.from_job_name(stack, "Nightly", "nightly")
    by_arn = ProfileJob.from_job_arn(stack, "Hourly", f"{ACCOUNT_ARN}job/hourly")
    operator = iam.Role(stack, "Operator", assumed_by=iam.AccountRootPrincipal())
    assert isinstance(by_name.grant_start(operator), iam.Grant)
    by_arn.grant_start(operator)
    template = _template(stack)
    role = logical_id(template, "AWS::IAM::Role", "Operator")
    assert policy_statements(template, role) == [
        {
            "Action": "databrew:StartJobRun",
            "Effect": "Allow",
            "Resource": arn("databrew", ":job/nightly"),
        },
        {
            "Action": "databrew:StartJobRun",
            "Effect": "Allow",
            "Resource": "arn:aws:databrew:eu-west-1:111111111111:job/hourly",
        },
    ]


def test_an_imported_dataset_with_its_source_grants_what_the_source_reads(stack):
    raw = SecureBucket(stack, "Raw")
    imported = Dataset.from_dataset_attributes(
        stack,
        "Clicks",
        dataset_name="clicks",
        source=S3Source("clicks", bucket=raw, prefix="clicks/", format="json"),
    )
    reader = iam.Role(stack, "Reader", assumed_by=iam.AccountRootPrincipal())
    imported.grant_read(reader)
    template = _template(stack)
    bucket = logical_id(template, "AWS::S3::Bucket", "Raw")
    key = logical_id(template, "AWS::KMS::Key", "RawKey")
    assert policy_statements(template, logical_id(template, "AWS::IAM::Role", "Reader")) == [
        {
            "Action": "s3:GetObject",
            "Effect": "Allow",
            "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [bucket, "Arn"]}, "/clicks/*"]]},
        },
        {
            "Action": "s3:ListBucket",
            "Condition": {"StringLike": {"s3:prefix": ["clicks/", "clicks/*"]}},
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [bucket, "Arn"]},
        },
        # s3:prefix does not apply to GetBucketLocation: it stands alone (issue 17, section 5).
        {
            "Action": "s3:GetBucketLocation",
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [bucket, "Arn"]},
        },
        {"Action": "kms:Decrypt", "Effect": "Allow", "Resource": {"Fn::GetAtt": [key, "Arn"]}},
    ]


def test_an_imported_dataset_without_its_source_cannot_grant_reading_it(stack):
    imported = Dataset.from_dataset_name(stack, "Clicks", "clicks")
    reader = iam.Role(stack, "Reader", assumed_by=iam.AccountRootPrincipal())
    assert imported.source is None
    assert _raises(lambda: imported.grant_read(reader)) == (
        "Test/Clicks: dataset 'clicks' was imported without its source, so glueforge cannot "
        "know what it reads; import it with Dataset.from_dataset_attributes(..., "
        "source=S3Source(...) or CatalogSource(...))"
    )
    with pytest.raises(TypeError, match="^Test/Bad: source must be S3Source or CatalogSource"):
        Dataset.from_dataset_attributes(stack, "Bad", dataset_name="b", source="s3://b/")


# ---- composing imports into the constructs that take them ---------------------------------


def test_imports_compose_into_every_databrew_construct_and_synth_clean(stack, synth):
    raw = SecureBucket(stack, "Raw")
    curated = SecureBucket(stack, "Curated")
    clicks = Dataset.from_dataset_attributes(
        stack,
        "Clicks",
        dataset_name="clicks",
        source=S3Source("clicks", bucket=raw, prefix="clicks/", format="csv"),
    )
    recipe = Recipe.from_recipe_attributes(
        stack, "Clean", recipe_name="clean-clicks", recipe_version="1.0"
    )
    clean = RecipeJob(
        stack,
        "CleanJob",
        dataset=clicks,
        recipe=recipe,
        outputs=[JobOutput.s3(curated, "clicks/")],
        job_name="clean-clicks",
    )
    rules = Ruleset(stack, "Rules", dataset=clicks, ruleset_name="click-rules", rules=[_rule()])
    imported_rules = Ruleset.from_ruleset_attributes(
        stack, "Shared", ruleset_name="shared-rules", dataset=clicks
    )
    ProfileJob(
        stack,
        "Profile",
        dataset=clicks,
        output_bucket=curated,
        rulesets=[rules, imported_rules],
        job_name="profile-clicks",
    )
    legacy = RecipeJob.from_job_name(stack, "Legacy", "legacy-job")
    Schedule(stack, "Nightly", cron="cron(0 3 * * ? *)", jobs=[clean, legacy], schedule_name="n")
    report = synth(stack)
    assert_clean(report)
    template = report.templates["Test"]
    job = _props(template, "AWS::DataBrew::Job", "CleanJob")
    assert job["DatasetName"] == "clicks"
    assert job["Recipe"] == {"Name": "clean-clicks", "Version": "1.0"}
    # an import is no resource of this stack: nothing to order the job after but its role
    depends = template["Resources"][logical_id(template, "AWS::DataBrew::Job", "CleanJob")]
    assert all(d.startswith("CleanJobRole") for d in depends["DependsOn"])
    role = logical_id(template, "AWS::IAM::Role", "CleanJobRole")
    [read] = [s for s in policy_statements(template, role) if s["Action"] == "s3:GetObject"]
    bucket = logical_id(template, "AWS::S3::Bucket", "Raw")
    assert read["Resource"] == {"Fn::Join": ["", [{"Fn::GetAtt": [bucket, "Arn"]}, "/clicks/*"]]}
    assert _props(template, "AWS::DataBrew::Ruleset", "Rules")["TargetArn"] == arn(
        "databrew", ":dataset/clicks"
    )
    assert _props(template, "AWS::DataBrew::Job", "Profile")["ValidationConfigurations"] == [
        {"RulesetArn": arn("databrew", ":ruleset/click-rules"), "ValidationMode": "CHECK_ALL"},
        {"RulesetArn": arn("databrew", ":ruleset/shared-rules"), "ValidationMode": "CHECK_ALL"},
    ]
    assert _props(template, "AWS::DataBrew::Schedule", "Nightly")["JobNames"] == [
        "clean-clicks",
        "legacy-job",
    ]


def test_a_ruleset_on_a_dataset_imported_by_arn_targets_that_arn(stack):
    given = f"{ACCOUNT_ARN}dataset/orders"
    orders = Dataset.from_dataset_arn(stack, "Orders", given)
    Ruleset(stack, "Rules", dataset=orders, rules=[_rule()])
    assert _props(_template(stack), "AWS::DataBrew::Ruleset", "Rules")["TargetArn"] == given


def test_the_job_version_wins_over_the_imported_recipe_version(stack):
    bucket = SecureBucket(stack, "B")
    dataset = Dataset(stack, "D", source=S3Source("a", bucket=bucket, prefix="a/"))
    recipe = Recipe.from_recipe_name(stack, "Console", "from-console")
    assert recipe.recipe_version is None
    RecipeJob(
        stack,
        "J",
        dataset=dataset,
        recipe=recipe,
        outputs=[JobOutput.s3(bucket, "o/")],
        recipe_version="2.0",
    )
    job = _props(_template(stack), "AWS::DataBrew::Job", "J")
    assert job["Recipe"] == {"Name": "from-console", "Version": "2.0"}


def test_a_dataset_imported_by_name_can_be_read_by_a_role_given(stack):
    bucket = SecureBucket(stack, "B")
    recipe = Recipe(stack, "R", steps=[RecipeStep.rename("a", "b")])
    role = iam.Role(stack, "Given", assumed_by=iam.ServicePrincipal("databrew.amazonaws.com"))
    dataset = Dataset.from_dataset_name(stack, "Existing", "existing")
    RecipeJob(
        stack,
        "J",
        dataset=dataset,
        recipe=recipe,
        outputs=[JobOutput.s3(bucket, "o/")],
        role=role,
    )
    Annotations.from_stack(stack).has_warning(
        "/Test/J",
        Match.string_like_regexp(
            "dataset 'existing' was imported without its source: the role given must already "
            "read the dataset's input"
        ),
    )
    template = _template(stack)
    statements = policy_statements(template, logical_id(template, "AWS::IAM::Role", "Given"))
    # the logs and the output only: nothing on the dataset's input
    assert statements[0]["Action"] == [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
    ]
    assert not [s for s in statements if s["Action"] == "s3:GetObject"]


def test_run_after_glue_job_runs_an_imported_job_with_its_timeout(stack):
    glue_job = glue.Job.from_job_attributes(stack, "G", job_name="orders")
    imported = RecipeJob.from_job_attributes(
        stack, "Clean", job_name="clean-orders", timeout=Duration.minutes(30)
    )
    RunAfterGlueJob(stack, "After", glue_job=glue_job, databrew_job=imported)
    template = _template(stack)
    machine = _props(template, "AWS::StepFunctions::StateMachine", "After")
    parts = machine["DefinitionString"]["Fn::Join"][1]
    definition = json.loads("".join(p if isinstance(p, str) else "aws" for p in parts))
    assert definition["States"]["StartDataBrewJob"]["Parameters"] == {"Name": "clean-orders"}
    assert definition["TimeoutSeconds"] == (30 + 15) * 60
    role = logical_id(template, "AWS::IAM::Role", "AfterStateMachineRole")
    assert policy_statements(template, role)[0] == {
        "Action": ["databrew:startJobRun", "databrew:stopJobRun", "databrew:listJobRuns"],
        "Effect": "Allow",
        "Resource": arn("databrew", ":job/clean-orders"),
    }


# ---- what an import cannot do, refused at synth ------------------------------------------


def test_an_imported_recipe_without_a_version_is_refused(stack):
    bucket = SecureBucket(stack, "B")
    dataset = Dataset(stack, "D", source=S3Source("a", bucket=bucket, prefix="a/"))
    recipe = Recipe.from_recipe_arn(stack, "Console", f"{ACCOUNT_ARN}recipe/from-console")
    assert _raises(
        lambda: RecipeJob(
            stack, "J", dataset=dataset, recipe=recipe, outputs=[JobOutput.s3(bucket, "o/")]
        )
    ) == (
        "Test/J: recipe 'from-console' was imported without a version, and its working "
        "version may hold unpublished edits; give recipe_version= (e.g. '1.0') here or on "
        "Recipe.from_recipe_attributes"
    )


@pytest.mark.parametrize("job_class", [RecipeJob, ProfileJob])
def test_a_dataset_imported_by_name_needs_a_role_given(stack, job_class):
    bucket = SecureBucket(stack, "B")
    dataset = Dataset.from_dataset_name(stack, "Existing", "existing")
    if job_class is RecipeJob:
        recipe = Recipe(stack, "R", steps=[RecipeStep.rename("a", "b")])
        props = {"recipe": recipe, "outputs": [JobOutput.s3(bucket, "o/")]}
    else:
        props = {"output_bucket": bucket}
    assert _raises(lambda: job_class(stack, "J", dataset=dataset, **props)) == (
        "Test/J: dataset 'existing' was imported without its source, so glueforge cannot "
        "grant this job's role what it reads; import it with "
        "Dataset.from_dataset_attributes(..., source=S3Source(...) or CatalogSource(...)), "
        "or give role= a role that already reads it"
    )


def test_a_profile_job_refuses_imported_rulesets_it_cannot_check(stack):
    bucket = SecureBucket(stack, "B")
    dataset = Dataset(
        stack, "Orders", source=S3Source("a", bucket=bucket, prefix="a/"), dataset_name="orders"
    )
    unknown = Ruleset.from_ruleset_name(stack, "Unknown", "unknown-rules")
    other = Ruleset.from_ruleset_attributes(
        stack,
        "Other",
        ruleset_name="other-rules",
        dataset=Dataset.from_dataset_name(stack, "Returns", "returns"),
    )
    same = Ruleset.from_ruleset_attributes(
        stack,
        "Same",
        ruleset_name="order-rules",
        dataset=Dataset.from_dataset_name(stack, "OrdersByName", "orders"),
    )
    assert _raises(
        lambda: ProfileJob(
            stack, "P", dataset=dataset, output_bucket=bucket, rulesets=[unknown, other, same]
        )
    ) == (
        "Test/P: ruleset 'unknown-rules' was imported without its dataset, so glueforge "
        "cannot check that it describes this job's dataset 'orders'; import it with "
        "Ruleset.from_ruleset_attributes(..., dataset=...); "
        "ruleset Test/Other checks dataset Test/Returns, not this job's dataset Test/Orders"
    )
    # the same dataset imported by name is this job's dataset
    ProfileJob(stack, "Ok", dataset=dataset, output_bucket=bucket, rulesets=[same])


def test_run_after_glue_job_refuses_an_imported_job_without_its_timeout(stack):
    glue_job = glue.Job.from_job_attributes(stack, "G", job_name="orders")
    imported = RecipeJob.from_job_name(stack, "Clean", "clean-orders")
    assert imported.timeout is None
    assert _raises(
        lambda: RunAfterGlueJob(stack, "After", glue_job=glue_job, databrew_job=imported)
    ) == (
        "Test/After: databrew_job 'clean-orders' was imported without its timeout, which "
        "sizes the state machine's (the job's plus 15 minutes); import it with "
        "RecipeJob.from_job_attributes(..., timeout=...)"
    )


def test_what_is_not_a_databrew_resource_is_a_type_error(stack):
    bucket = SecureBucket(stack, "B")
    dataset = Dataset(stack, "D", source=S3Source("a", bucket=bucket, prefix="a/"))
    recipe = Recipe(stack, "R", steps=[RecipeStep.rename("a", "b")])
    output = JobOutput.s3(bucket, "o/")
    with pytest.raises(TypeError, match="^Test/J1: recipe must be IRecipe, got str 'clean'"):
        RecipeJob(stack, "J1", dataset=dataset, recipe="clean", outputs=[output])
    with pytest.raises(TypeError, match="^Test/J2: dataset must be IDataset, got str 'clicks'"):
        RecipeJob(stack, "J2", dataset="clicks", recipe=recipe, outputs=[output])
    with pytest.raises(TypeError, match=r"^Test/S: jobs\[0\] must be IDataBrewJob, got str"):
        Schedule(stack, "S", cron="cron(0 3 * * ? *)", jobs=["nightly"])
    with pytest.raises(TypeError, match=r"^Test/P: rulesets\[0\] must be IRuleset, got str"):
        ProfileJob(stack, "P", dataset=dataset, output_bucket=bucket, rulesets=["rules"])
    with pytest.raises(TypeError, match="^Test/Rules: dataset must be IDataset, got str"):
        Ruleset(stack, "Rules", dataset="orders", rules=[_rule()])
    with pytest.raises(TypeError, match="^Test/C: databrew_job must be IDataBrewJob, got str"):
        RunAfterGlueJob(stack, "C", glue_job=object(), databrew_job="profile")
    with pytest.raises(TypeError, match="^Test/T: timeout must be Duration or None, got int"):
        RecipeJob.from_job_attributes(stack, "T", job_name="t", timeout=30)


def test_outputs_to_one_imported_bucket_share_its_key(stack):
    # An imported bucket hands out a new proxy of its key on each read; two outputs to
    # the same bucket still use one key, encrypted with it, and no error.
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_s3 as s3

    key_arn = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    bucket = s3.Bucket.from_bucket_attributes(
        stack,
        "Shared",
        bucket_name="platform-data",
        encryption_key=kms.Key.from_key_arn(stack, "SharedKey", key_arn),
    )
    source = SecureBucket(stack, "Raw")
    job = RecipeJob(
        stack,
        "Clean",
        dataset=Dataset(stack, "Clicks", source=S3Source("clicks", bucket=source, prefix="c/")),
        recipe=Recipe(stack, "Steps", steps=[RecipeStep.rename("ts", "clicked_at")]),
        outputs=[JobOutput.s3(bucket, "a/"), JobOutput.s3(bucket, "b/")],
    )
    assert job.resource.encryption_mode == "SSE-KMS"
    assert job.resource.encryption_key_arn == key_arn
