"""glueforge.iam.documents: a role's statements collected in Python, one document each.

Expected statements are written by hand from the IAM policy grammar, in the order the
grants are made; a single action or resource renders as a string (aws-cdk-lib's form).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsii
import pytest
from aws_cdk import App, IPropertyInjector, PropertyInjectors, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge import EtlJob, S3Sink, S3Source
from glueforge.iam import documents
from glueforge.iam.documents import DocumentRole, flush, is_collecting, one_document
from glueforge.iam.grants import add, add_s3_prefix_read, grant, grant_s3_prefix_read
from glueforge.iam.placement import RolePolicy, grant_policies, role_grantee

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from roundtrips import RoundTrips  # noqa: E402


def _role(scope: Construct, id: str = "Role") -> iam.Role:
    """A role as glueforge's constructors build it."""
    return DocumentRole(scope, id, assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))


def _plain_role(scope: Construct, id: str = "Role") -> iam.Role:
    return iam.Role(scope, id, assumed_by=iam.ServicePrincipal("glue.amazonaws.com"))


def _allow(action: str, resource: str) -> dict:
    return {"Action": action, "Effect": "Allow", "Resource": resource}


def _policy_statements(template: dict) -> dict[str, list[dict]]:
    return {
        logical_id: resource["Properties"]["PolicyDocument"]["Statement"]
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == "AWS::IAM::Policy"
    }


def _synth(app: App, stack: Stack, *, skip_validation: bool = False) -> dict:
    assembly = app.synth(skip_validation=skip_validation)
    path = Path(assembly.directory) / assembly.get_stack_by_name(stack.stack_name).template_file
    return json.loads(path.read_text())


@pytest.fixture
def app(tmp_path) -> App:
    return App(outdir=str(tmp_path / "cdk.out"))


def _grants_around_a_flush(role: iam.IGrantable, bucket: s3.IBucket) -> None:
    with one_document(role):
        add(role, ["s3:GetObject"], ["arn:aws:s3:::lake/a"])
        add(role, ["s3:PutObject"], ["arn:aws:s3:::lake/b"])
        add(role, ["s3:GetObject"], ["arn:aws:s3:::lake/a"])  # a duplicate: rendered once
        assert is_collecting(role)
    assert not is_collecting(role)
    # After the block: straight to the policy, as before.
    add(role, ["s3:DeleteObject"], ["arn:aws:s3:::lake/c"])
    grant(role, ["s3:ListBucket"], ["arn:aws:s3:::lake"])
    bucket.grant_put(role, "d")  # aws-cdk-lib's own grant, later still


def _expected_around_a_flush() -> list[dict]:
    return [
        _allow("s3:GetObject", "arn:aws:s3:::lake/a"),
        _allow("s3:PutObject", "arn:aws:s3:::lake/b"),
        _allow("s3:DeleteObject", "arn:aws:s3:::lake/c"),
        _allow("s3:ListBucket", "arn:aws:s3:::lake"),
        _allow(
            [
                "s3:PutObject",
                "s3:PutObjectLegalHold",
                "s3:PutObjectRetention",
                "s3:PutObjectTagging",
                "s3:PutObjectVersionTagging",
                "s3:Abort*",
            ],
            "arn:aws:s3:::lake/d",
        ),
    ]


@pytest.mark.parametrize("skip_validation", [False, True])
def test_statements_before_and_after_the_flush_all_land_in_order(app, skip_validation):
    stack = Stack(app, "S")
    role = _role(stack)
    bucket = s3.Bucket.from_bucket_arn(stack, "Lake", "arn:aws:s3:::lake")
    _grants_around_a_flush(role, bucket)
    statements = _policy_statements(_synth(app, stack, skip_validation=skip_validation))
    assert statements == {"RoleDefaultPolicy5FFB7DAB": _expected_around_a_flush()}


def test_a_grant_through_node_inside_the_block_lands_after_the_waiting_statements(app):
    stack = Stack(app, "S")
    role = _role(stack)
    bucket = s3.Bucket.from_bucket_arn(stack, "Lake", "arn:aws:s3:::lake")
    with one_document(role):
        add(role, ["s3:GetObject"], ["arn:aws:s3:::lake/a"])
        bucket.grant_delete(role, "b")  # makes the DefaultPolicy: the document goes first
        add(role, ["s3:PutObject"], ["arn:aws:s3:::lake/c"])
    assert _policy_statements(_synth(app, stack)) == {
        "RoleDefaultPolicy5FFB7DAB": [
            _allow("s3:GetObject", "arn:aws:s3:::lake/a"),
            _allow("s3:DeleteObject*", "arn:aws:s3:::lake/b"),
            _allow("s3:PutObject", "arn:aws:s3:::lake/c"),
        ]
    }


def test_grant_policies_lands_the_waiting_statements_first(app):
    stack = Stack(app, "S")
    role = _role(stack)
    with one_document(role):
        add(role, ["s3:GetObject"], ["arn:aws:s3:::lake/a"])
        [policy] = grant_policies(role)
        assert policy.node.path == "S/Role/DefaultPolicy"
        add(role, ["s3:PutObject"], ["arn:aws:s3:::lake/b"])
    assert _policy_statements(_synth(app, stack)) == {
        "RoleDefaultPolicy5FFB7DAB": [
            _allow("s3:GetObject", "arn:aws:s3:::lake/a"),
            _allow("s3:PutObject", "arn:aws:s3:::lake/b"),
        ]
    }


def test_a_role_policy_gets_one_document_and_later_grants(app):
    platform, lake = Stack(app, "Platform"), Stack(app, "Lake")
    role = _role(platform, "Runner")
    scope = Construct(lake, "Job")
    grantee = role_grantee(scope, role)
    assert isinstance(grantee, RolePolicy)
    bucket = s3.Bucket.from_bucket_arn(lake, "Bucket", "arn:aws:s3:::lake")
    _grants_around_a_flush(grantee, bucket)
    [statements] = _policy_statements(_synth(app, lake)).values()
    assert statements == _expected_around_a_flush()


@jsii.implements(IPropertyInjector)
class _NamePolicies:
    """A user's injector: names every iam.Policy it sees."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.seen: list[str] = []

    @property
    def construct_unique_id(self) -> str:
        return iam.Policy.PROPERTY_INJECTION_ID

    def inject(self, original_props, *, id: str, scope: Construct):
        self.seen.append(id)
        return {**(original_props or {}), "policyName": self.name}


def test_a_users_injector_on_the_app_still_runs(app):
    users = _NamePolicies("UserNamed")
    PropertyInjectors.of(app).add(users)
    stack = Stack(app, "S")
    role = _role(stack)
    bucket = s3.Bucket.from_bucket_arn(stack, "Lake", "arn:aws:s3:::lake")
    _grants_around_a_flush(role, bucket)
    template = _synth(app, stack)
    policy = template["Resources"]["RoleDefaultPolicy5FFB7DAB"]["Properties"]
    assert policy["PolicyName"] == "UserNamed"
    assert policy["PolicyDocument"]["Statement"] == _expected_around_a_flush()
    assert users.seen == ["DefaultPolicy"]


def test_a_users_injector_between_the_stack_and_the_role_still_runs(app):
    stack = Stack(app, "S")
    holder = Construct(stack, "Holder")
    users = _NamePolicies("Nearer")
    PropertyInjectors.of(holder).add(users)
    role = _role(holder)
    bucket = s3.Bucket.from_bucket_arn(stack, "Lake", "arn:aws:s3:::lake")
    _grants_around_a_flush(role, bucket)
    [(logical_id, statements)] = _policy_statements(_synth(app, stack)).items()
    assert logical_id.startswith("HolderRoleDefaultPolicy")
    assert statements == _expected_around_a_flush()
    assert users.seen == ["DefaultPolicy"]


@pytest.mark.parametrize("make_role", [_plain_role, _role], ids=["plain", "granted-before"])
def test_a_role_given_by_the_user_is_granted_as_before(app, make_role):
    # A plain iam.Role (a role given by the user), or a DocumentRole whose aws-cdk-lib
    # DefaultPolicy already exists: no document, statements one by one.
    stack = Stack(app, "S")
    role = make_role(stack)
    role.add_to_principal_policy(
        iam.PolicyStatement(actions=["sqs:SendMessage"], resources=["arn:aws:sqs:::q"])
    )
    with one_document(role):
        assert not is_collecting(role)
        add(role, ["s3:GetObject"], ["arn:aws:s3:::lake/a"])
    assert _policy_statements(_synth(app, stack)) == {
        "RoleDefaultPolicy5FFB7DAB": [
            _allow("sqs:SendMessage", "arn:aws:sqs:::q"),
            _allow("s3:GetObject", "arn:aws:s3:::lake/a"),
        ]
    }


def test_add_refuses_a_wildcard_without_a_reason_before_anything_waits(app):
    stack = Stack(app, "S")
    role = _role(stack)
    with one_document(role):
        with pytest.raises(ValueError, match="needs a wildcard_reason"):
            add(role, ["s3:GetObject"], ["arn:aws:s3:::lake/*"])
        flush(role)
    assert role.node.try_find_child("DefaultPolicy") is None


# One document per role: the statements reach node in a few round trips, whatever their
# number. Landing: PolicyDocument.from_json, the iam.Policy made with it, its document
# read back (was it a user's injector's?): 3 per role, for any number of statements.
PER_ROLE_BOUND = 3


def test_twelve_statements_reach_node_in_a_few_round_trips(app):
    stack = Stack(app, "S")
    with one_document(_role(stack, "First")):  # reads the stack's facts
        pass
    role = role_grantee(stack, _role(stack))  # as glueforge's constructors do: its stack known
    with RoundTrips() as trips, one_document(role):
        for number in range(12):
            add(role, ["s3:GetObject"], [f"arn:aws:s3:::lake/{number}"])
    assert trips.total <= PER_ROLE_BOUND, trips.total
    statements = _policy_statements(_synth(app, stack))["RoleDefaultPolicy5FFB7DAB"]
    assert [s["Resource"] for s in statements] == [f"arn:aws:s3:::lake/{n}" for n in range(12)]


def test_round_trip_bound_rejects_one_trip_per_statement(app):
    # The same statements granted one by one (no document) break the bound: the test
    # above would catch a return to a round trip per statement.
    stack = Stack(app, "S")
    role = _plain_role(stack)
    with RoundTrips() as trips:
        for number in range(12):
            add(role, ["s3:GetObject"], [f"arn:aws:s3:::lake/{number}"])
    assert trips.total > PER_ROLE_BOUND


def test_an_etl_jobs_own_grants_take_a_few_round_trips(app, monkeypatch):
    stack = Stack(app, "S")
    raw = s3.Bucket.from_bucket_name(stack, "Raw", "raw")
    curated = s3.Bucket.from_bucket_name(stack, "Curated", "curated")

    def job(id: str) -> EtlJob:
        return EtlJob(
            stack,
            id,
            specs=[
                S3Source("events", bucket=raw, prefix="in/", format="json"),
                S3Sink("curated", input="events", bucket=curated, prefix="out/"),
            ],
        )

    job("First")  # the stack's shared buckets, keys and injector
    counted: list[int] = []
    original = EtlJob._grant_what_the_job_touches

    def counting(self, props):
        with RoundTrips() as trips:
            original(self, props)
        counted.append(trips.total)

    monkeypatch.setattr(EtlJob, "_grant_what_the_job_touches", counting)
    job("Second")
    # Its files, temporary directory, source, sink, logs, key use and metrics: 19
    # statements in one document (the keys of the scripts' and temporary buckets are
    # the stack's own, so their statements are all key.grant would do). One round trip
    # per statement is 19.
    assert counted and counted[0] <= PER_ROLE_BOUND, counted


def test_grants_to_a_job_after_its_constructor_land_after_its_own(app):
    stack = Stack(app, "S")
    raw = s3.Bucket.from_bucket_name(stack, "Raw", "raw")
    curated = s3.Bucket.from_bucket_name(stack, "Curated", "curated")
    job = EtlJob(
        stack,
        "Job",
        specs=[
            S3Source("events", bucket=raw, prefix="in/", format="json"),
            S3Sink("curated", input="events", bucket=curated, prefix="out/"),
        ],
        encryption=False,
        metrics=False,
    )
    s3.Bucket.from_bucket_name(stack, "Extra", "extra").grant_read(job.role)  # aws-cdk-lib's
    grant(job.role, ["sqs:SendMessage"], ["arn:aws:sqs:us-east-1:111111111111:q"])
    template = _synth(app, stack, skip_validation=True)
    [statements] = [
        s
        for logical_id, s in _policy_statements(template).items()
        if logical_id.startswith("JobRoleDefaultPolicy")
    ]
    # The job's own: files (3 statements, and the scripts key), temporary directory (3,
    # and the temp key), source (3), sink (3), logs (2); then the two later grants.
    assert len(statements) == 3 + 1 + 3 + 1 + 3 + 3 + 2 + 2
    assert statements[0]["Action"] == "s3:GetObject"
    assert statements[-3]["Action"] == ["logs:CreateLogStream", "logs:PutLogEvents"]
    extra = {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::extra"]]}
    assert statements[-2]["Resource"] == [
        extra,
        {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::extra/*"]]},
    ]
    assert statements[-1] == _allow("sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:q")


@jsii.implements(IPropertyInjector)
class _OwnDocument:
    """A user's injector that gives every iam.Policy a document of its own."""

    @property
    def construct_unique_id(self) -> str:
        return iam.Policy.PROPERTY_INJECTION_ID

    def inject(self, original_props, *, id: str, scope: Construct):
        own = iam.PolicyDocument.from_json(
            {"Statement": [{"Action": "sts:GetCallerIdentity", "Effect": "Allow", "Resource": "*"}]}
        )
        return {**(original_props or {}), "document": own}


def test_statements_follow_a_document_the_users_injector_set(app):
    PropertyInjectors.of(app).add(_OwnDocument())
    stack = Stack(app, "S")
    role = _role(stack)
    bucket = s3.Bucket.from_bucket_arn(stack, "Lake", "arn:aws:s3:::lake")
    _grants_around_a_flush(role, bucket)
    assert _policy_statements(_synth(app, stack)) == {
        "RoleDefaultPolicy5FFB7DAB": [
            _allow("sts:GetCallerIdentity", "*"),
            *_expected_around_a_flush(),
        ]
    }


def test_a_role_policy_keeps_a_document_the_users_injector_set(app):
    PropertyInjectors.of(app).add(_OwnDocument())
    platform, lake = Stack(app, "Platform"), Stack(app, "Lake")
    grantee = role_grantee(Construct(lake, "Job"), _role(platform, "Runner"))
    bucket = s3.Bucket.from_bucket_arn(lake, "Bucket", "arn:aws:s3:::lake")
    _grants_around_a_flush(grantee, bucket)
    [statements] = _policy_statements(_synth(app, lake)).values()
    assert statements == [_allow("sts:GetCallerIdentity", "*"), *_expected_around_a_flush()]


# ---- a DocumentRole renders what aws-cdk-lib's Role renders ---------------------------

_CONDITION = {"StringEquals": {"cloudwatch:namespace": "Glue"}}
_REASON = "PutMetricData has no resource-level permissions"


def _same_grants(stack: Stack, role: iam.Role, *, one_by_one: bool) -> None:
    """The same grants, through node one by one (a plain role) or as glueforge's
    constructors make them (a DocumentRole, one document): a duplicate statement, a
    condition, a key of the stack and an imported key."""
    key = kms.Key(stack, "Key")
    bucket = s3.Bucket(stack, "Lake", encryption=s3.BucketEncryption.KMS, encryption_key=key)
    imported = s3.Bucket.from_bucket_attributes(
        stack,
        "Other",
        bucket_arn="arn:aws:s3:::other",
        encryption_key=kms.Key.from_key_arn(
            stack, "OtherKey", "arn:aws:kms:us-east-1:111111111111:key/abc"
        ),
    )
    plain = [
        (["s3:GetObject"], ["arn:aws:s3:::lake/a"], None),
        (["cloudwatch:PutMetricData"], ["*"], _CONDITION),
    ]
    duplicate = plain[0]
    if one_by_one:
        for actions, resources, conditions in plain:
            grant(role, actions, resources, conditions=conditions, wildcard_reason=_REASON)
        grant_s3_prefix_read(role, bucket, "in/")
        grant(role, duplicate[0], duplicate[1])
        grant_s3_prefix_read(role, imported, "x/")
        return
    with one_document(role):
        for actions, resources, conditions in plain:
            add(role, actions, resources, conditions=conditions, wildcard_reason=_REASON)
        add_s3_prefix_read(role, bucket, "in/")
        add(role, duplicate[0], duplicate[1])
        add_s3_prefix_read(role, imported, "x/")


def _side_by_side(tmp_path) -> tuple[App, Stack, App, Stack]:
    """Two apps, each with a stack ``S``: their templates can be compared whole."""
    ours, theirs = App(outdir=str(tmp_path / "ours")), App(outdir=str(tmp_path / "theirs"))
    return ours, Stack(ours, "S"), theirs, Stack(theirs, "S")


def test_a_document_role_renders_what_a_plain_role_given_the_same_statements_renders(tmp_path):
    our_app, ours, their_app, theirs = _side_by_side(tmp_path)
    _same_grants(ours, _role(ours), one_by_one=False)
    _same_grants(theirs, _plain_role(theirs), one_by_one=True)
    template = _synth(our_app, ours)
    assert template == _synth(their_app, theirs)
    [statements] = _policy_statements(template).values()
    # 2 plain ones, 3 per prefix and its key's: the duplicate rendered once
    assert len(statements) == 2 + 3 + 1 + 3 + 1, statements


def test_the_comparison_above_sees_a_different_order(tmp_path):
    # The check above fails on a document whose statements are not in grant order.
    our_app, ours, their_app, theirs = _side_by_side(tmp_path)
    role = _role(ours)
    with one_document(role):
        add(role, ["s3:PutObject"], ["arn:aws:s3:::lake/b"])
        add(role, ["s3:GetObject"], ["arn:aws:s3:::lake/a"])
    other = _plain_role(theirs)
    other.add_to_principal_policy(
        iam.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::lake/a"])
    )
    other.add_to_principal_policy(
        iam.PolicyStatement(actions=["s3:PutObject"], resources=["arn:aws:s3:::lake/b"])
    )
    assert _synth(our_app, ours) != _synth(their_app, theirs)


def _many_statements(role: iam.Role, *, one_by_one: bool) -> None:
    # 80 statements of about 190 characters each: past aws-cdk-lib's 10,000 for one
    # inline default policy, so it moves some to overflow managed policies.
    arns = [f"arn:aws:s3:::{'lake' * 40}/{n}" for n in range(80)]
    if one_by_one:
        for arn in arns:
            iam.Grant.add_to_principal(grantee=role, actions=["s3:GetObject"], resource_arns=[arn])
        return
    with one_document(role):
        for arn in arns:
            add(role, ["s3:GetObject"], [arn])


def test_a_document_aws_cdk_lib_would_split_is_granted_one_by_one(tmp_path):
    our_app, ours, their_app, theirs = _side_by_side(tmp_path)
    _many_statements(_role(ours), one_by_one=False)
    _many_statements(_plain_role(theirs), one_by_one=True)
    template = _synth(our_app, ours)
    assert template == _synth(their_app, theirs)
    types = [r["Type"] for r in template["Resources"].values()]
    assert "AWS::IAM::ManagedPolicy" in types  # aws-cdk-lib split it: the fallback ran


@pytest.mark.parametrize(
    "setup",
    [
        lambda stack: stack.node.set_context("@aws-cdk/aws-iam:minimizePolicies", True),
        lambda stack: iam.Role.customize_roles(stack),
    ],
    ids=["minimize-policies", "customize-roles"],
)
def test_a_stack_that_changes_default_policies_gets_no_document(app, setup):
    stack = Stack(app, "S")
    setup(stack)
    role = _role(stack)
    with one_document(role):
        assert not is_collecting(role)


def test_a_grant_through_node_after_the_document_costs_a_few_round_trips(app):
    stack = Stack(app, "S")
    bucket = s3.Bucket.from_bucket_arn(stack, "Lake", "arn:aws:s3:::lake")
    bucket.grant_delete(_role(stack, "First"), "a")  # aws-cdk-lib's first grant, warmed up
    role = _role(stack)
    with one_document(role):
        add(role, ["s3:GetObject"], ["arn:aws:s3:::lake/a"])
    with RoundTrips() as trips:
        bucket.grant_delete(role, "b")
    with RoundTrips() as plain_trips:
        bucket.grant_delete(_plain_role(stack, "Plain"), "b")
    # aws-cdk-lib's grant, node calling the role back, the statement added to the policy.
    assert trips.total <= plain_trips.total + 3, (trips.total, plain_trips.total)


def test_without_the_size_check_the_split_document_would_differ(tmp_path, monkeypatch):
    # What the fallback guards against: landed as one document, aws-cdk-lib splits nothing.
    monkeypatch.setattr(documents, "_SPLIT_SIZE", 10**9)
    our_app, ours, their_app, theirs = _side_by_side(tmp_path)
    _many_statements(_role(ours), one_by_one=False)
    _many_statements(_plain_role(theirs), one_by_one=True)
    template = _synth(our_app, ours)
    assert template != _synth(their_app, theirs)
    assert "AWS::IAM::ManagedPolicy" not in [r["Type"] for r in template["Resources"].values()]


def test_a_crawlers_own_grants_take_a_few_round_trips(app, monkeypatch):
    from aws_cdk import aws_glue as glue

    from glueforge import Crawler, CrawlerTarget

    stack = Stack(app, "S")
    raw = s3.Bucket.from_bucket_name(stack, "Raw", "raw")
    database = glue.Database(stack, "Db", database_name="lake")

    def crawler(id: str) -> Crawler:
        return Crawler(stack, id, database=database, targets=[CrawlerTarget.s3(raw, f"{id}/")])

    crawler("First")  # the stack's facts, configuration and keys
    counted: list[int] = []
    original = Crawler._grant_role

    def counting(self, settings):
        with RoundTrips() as trips:
            original(self, settings)
        counted.append(trips.total)

    monkeypatch.setattr(Crawler, "_grant_role", counting)
    second = crawler("Second")
    # Its target, catalog writes, logs and key use in one document; and the role's name
    # read for the log group Glue names after it under the security configuration (1).
    assert counted and counted[0] <= PER_ROLE_BOUND + 1, counted
    assert second.role.known_policies() == [second.role.node.find_child("DefaultPolicy")]


def test_a_databrew_jobs_grants_land_as_one_document_by_the_end_of_its_constructor(app):
    from glueforge.databrew import Dataset, ProfileJob

    stack = Stack(app, "S")
    raw = s3.Bucket.from_bucket_name(stack, "Raw", "raw")
    dataset = Dataset(
        stack, "Clicks", source=S3Source("clicks", bucket=raw, prefix="in/", format="json")
    )
    job = ProfileJob(stack, "Profile", dataset=dataset, output_bucket=raw, output_prefix="out/")
    assert not is_collecting(job.role)
    [policy] = job.role.known_policies()
    assert policy.node.path == "S/Profile/Role/DefaultPolicy"
    [statements] = _policy_statements(_synth(app, stack)).values()
    # The dataset's read (3), DataBrew's logs (1), the output's read-write (3, its
    # s3:GetBucketLocation on the same bucket a duplicate, rendered once), in order.
    assert [s["Action"] for s in statements] == [
        "s3:GetObject",
        "s3:ListBucket",
        "s3:GetBucketLocation",
        ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        "s3:ListBucket",
    ]


def test_a_late_grant_past_the_split_size_is_refused_naming_the_role(app):
    # 60 statements of one 150-character-estimated token ARN each (a bucket of this stack)
    # reach aws-cdk-lib's 10,000-character split size; granted after the document landed,
    # glueforge cannot split them, so the grant that crosses it is refused at synth.
    from glueforge.core.errors import GlueforgeValidationError

    stack = Stack(app, "S")
    role = _role(stack)
    with one_document(role):
        add(role, ["s3:GetObject"], ["arn:aws:s3:::first/object"])
    bucket = s3.Bucket(stack, "Data")
    with pytest.raises(GlueforgeValidationError, match=r"S/Role: a grant of .* past the 10000"):
        for number in range(60):
            role.add_to_principal_policy(
                iam.PolicyStatement(
                    actions=[f"s3:GetObjectVersion{number}"], resources=[bucket.bucket_arn]
                )
            )


def test_late_grants_under_the_split_size_still_land(app):
    stack = Stack(app, "S")
    role = _role(stack)
    with one_document(role):
        add(role, ["s3:GetObject"], ["arn:aws:s3:::first/object"])
    role.add_to_principal_policy(
        iam.PolicyStatement(actions=["s3:PutObject"], resources=["arn:aws:s3:::late/object"])
    )
    [statements] = _policy_statements(_synth(app, stack)).values()
    assert statements == [
        _allow("s3:GetObject", "arn:aws:s3:::first/object"),
        _allow("s3:PutObject", "arn:aws:s3:::late/object"),
    ]
