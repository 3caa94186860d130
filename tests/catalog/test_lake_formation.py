"""Lake Formation: grants, LF-tags, location registration and the app-level switch.

Expected resources are written by hand from the CloudFormation schemas of
AWS::LakeFormation::PrincipalPermissions, ::Tag, ::TagAssociation and ::Resource (cfn-lint
1.58.0's bundled registry schemas), and the permission lists from the Lake Formation
permissions reference, https://docs.aws.amazon.com/lake-formation/latest/dg/lf-permissions-reference.html.
"""

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam

from glueforge import (
    CatalogDatabase,
    Crawler,
    CrawlerTarget,
    DataLakeLocation,
    EtlJob,
    GlueforgeValidationError,
    LakeFormationPermissions,
    LfPermission,
    LfResource,
    LfTag,
    LfTagAssociation,
    LfTagResourceType,
    S3Sink,
    S3Source,
    SecureBucket,
    use_lake_formation,
)
from tests.conftest import assert_clean
from tests.helpers.iam import logical_id, policy_statements

ACCOUNT = {"Ref": "AWS::AccountId"}


def _lake(stack):
    bucket = SecureBucket(stack, "Lake")
    zone = CatalogDatabase(stack, "Sales", bucket=bucket, prefix="sales/", database_name="sales")
    return bucket, zone.database


def _job(stack, bucket):
    return EtlJob(
        stack,
        "Job",
        specs=[
            S3Source("orders", bucket=bucket, prefix="raw/orders/", format="csv"),
            S3Sink("curated", input="orders", bucket=bucket, prefix="curated/orders/"),
        ],
    )


def _props(template, type_, prefix):
    return template["Resources"][logical_id(template, type_, prefix)]


def test_grants_of_every_kind_render_as_principal_permissions(stack, synth):
    bucket, database = _lake(stack)
    job = _job(stack, bucket)
    crawler = Crawler(stack, "Crawl", database=database, targets=[CrawlerTarget.s3(bucket, "raw/")])
    domain = LfTag(stack, "Domain", key="domain", values=["sales", "hr"])
    LakeFormationPermissions(
        stack,
        "Db",
        principal=job,
        resource=LfResource.database(database),
        permissions=[LfPermission.DESCRIBE],
    )
    LakeFormationPermissions(
        stack,
        "Orders",
        principal=job.role,
        resource=LfResource.table(database, "orders"),
        permissions=[LfPermission.SELECT, LfPermission.INSERT],
        grantable_permissions=[LfPermission.SELECT],
    )
    LakeFormationPermissions(
        stack,
        "AllTables",
        principal=crawler,
        resource=LfResource.all_tables(database),
        permissions=[LfPermission.ALTER, LfPermission.DESCRIBE],
    )
    LakeFormationPermissions(
        stack,
        "Some",
        principal=job,
        permissions=[LfPermission.SELECT],
        resource=LfResource.columns(database, "customers", include=["id", "city"]),
    )
    LakeFormationPermissions(
        stack,
        "AllButSsn",
        principal=job,
        permissions=[LfPermission.SELECT],
        resource=LfResource.columns(database, "customers", exclude=["ssn"]),
    )
    LakeFormationPermissions(
        stack,
        "ByTag",
        principal=crawler,
        permissions=[LfPermission.DESCRIBE],
        resource=LfResource.tag_policy(LfTagResourceType.DATABASE, domain.grant_policy(["sales"])),
    )
    location = DataLakeLocation(stack, "Raw", bucket=bucket, prefix="raw/")
    location.grant_data_location_access(stack, "RawAccess", crawler)
    report = synth(stack)
    assert_clean(report)
    t = report.templates["Test"]
    job_role = {"Fn::GetAtt": [logical_id(t, "AWS::IAM::Role", "JobRole"), "Arn"]}
    crawler_role = {"Fn::GetAtt": [logical_id(t, "AWS::IAM::Role", "CrawlRole"), "Arn"]}
    db = {"Ref": logical_id(t, "AWS::Glue::Database", "SalesDatabase")}
    bucket_arn = {"Fn::GetAtt": [logical_id(t, "AWS::S3::Bucket", "Lake"), "Arn"]}
    grant = "AWS::LakeFormation::PrincipalPermissions"

    def props(prefix):
        return _props(t, grant, prefix)["Properties"]

    assert props("Db") == {
        "Principal": {"DataLakePrincipalIdentifier": job_role},
        "Resource": {"Database": {"CatalogId": ACCOUNT, "Name": db}},
        "Permissions": ["DESCRIBE"],
        "PermissionsWithGrantOption": [],
    }
    assert props("Orders") == {
        "Principal": {"DataLakePrincipalIdentifier": job_role},
        "Resource": {"Table": {"CatalogId": ACCOUNT, "DatabaseName": db, "Name": "orders"}},
        "Permissions": ["SELECT", "INSERT"],
        "PermissionsWithGrantOption": ["SELECT"],
    }
    assert props("AllTables")["Resource"] == {
        "Table": {"CatalogId": ACCOUNT, "DatabaseName": db, "TableWildcard": {}}
    }
    assert props("AllTables")["Principal"] == {"DataLakePrincipalIdentifier": crawler_role}
    assert props("Some")["Resource"] == {
        "TableWithColumns": {
            "CatalogId": ACCOUNT,
            "DatabaseName": db,
            "Name": "customers",
            "ColumnNames": ["id", "city"],
        }
    }
    assert props("AllButSsn")["Resource"] == {
        "TableWithColumns": {
            "CatalogId": ACCOUNT,
            "DatabaseName": db,
            "Name": "customers",
            "ColumnWildcard": {"ExcludedColumnNames": ["ssn"]},
        }
    }
    assert props("ByTag")["Resource"] == {
        "LFTagPolicy": {
            "CatalogId": ACCOUNT,
            "ResourceType": "DATABASE",
            "Expression": [{"TagKey": "domain", "TagValues": ["sales"]}],
        }
    }
    raw_arn = {"Fn::Join": ["", [bucket_arn, "/raw"]]}
    assert props("RawAccess")["Resource"] == {
        "DataLocation": {"CatalogId": ACCOUNT, "ResourceArn": raw_arn}
    }
    assert props("RawAccess")["Permissions"] == ["DATA_LOCATION_ACCESS"]
    # One principal's grants follow one another (aws-cdk issue 36215).
    assert _props(t, grant, "Orders")["DependsOn"] == [logical_id(t, grant, "Db")]
    assert "DependsOn" not in _props(t, grant, "AllTables")
    assert set(_props(t, grant, "RawAccess")["DependsOn"]) == {
        logical_id(t, grant, "ByTag"),
        logical_id(t, "AWS::LakeFormation::Resource", "Raw"),
    }


def test_lf_tag_and_its_association(stack, synth):
    _, database = _lake(stack)
    domain = LfTag(stack, "Domain", key="domain", values=["sales", "hr"])
    LfTagAssociation(stack, "OnDb", resource=LfResource.database(database), tags={domain: "sales"})
    LfTagAssociation(
        stack,
        "OnColumns",
        tags={"pii": "yes"},
        resource=LfResource.columns(database, "customers", include=["email"]),
    )
    report = synth(stack)
    assert_clean(report)
    t = report.templates["Test"]
    db = {"Ref": logical_id(t, "AWS::Glue::Database", "SalesDatabase")}
    tag_id = logical_id(t, "AWS::LakeFormation::Tag", "Domain")
    assert t["Resources"][tag_id]["Properties"] == {
        "CatalogId": ACCOUNT,
        "TagKey": "domain",
        "TagValues": ["sales", "hr"],
    }
    on_db = _props(t, "AWS::LakeFormation::TagAssociation", "OnDb")
    assert on_db["Properties"] == {
        "Resource": {"Database": {"CatalogId": ACCOUNT, "Name": db}},
        "LFTags": [{"CatalogId": ACCOUNT, "TagKey": "domain", "TagValues": ["sales"]}],
    }
    assert on_db["DependsOn"] == [tag_id]
    on_columns = _props(t, "AWS::LakeFormation::TagAssociation", "OnColumns")["Properties"]
    assert on_columns["Resource"] == {
        "TableWithColumns": {
            "CatalogId": ACCOUNT,
            "DatabaseName": db,
            "Name": "customers",
            "ColumnNames": ["email"],
        }
    }


def test_location_registered_with_a_least_privilege_role(stack, synth):
    bucket, _ = _lake(stack)
    DataLakeLocation(stack, "Raw", bucket=bucket, prefix="raw/")
    DataLakeLocation(stack, "Linked", bucket=bucket, prefix="curated", use_service_linked_role=True)
    report = synth(stack)
    assert_clean(report)
    t = report.templates["Test"]
    bucket_id = logical_id(t, "AWS::S3::Bucket", "Lake")
    bucket_arn = {"Fn::GetAtt": [bucket_id, "Arn"]}
    role_id = logical_id(t, "AWS::IAM::Role", "RawRole")
    assert _props(t, "AWS::LakeFormation::Resource", "Raw")["Properties"] == {
        "ResourceArn": {"Fn::Join": ["", [bucket_arn, "/raw"]]},
        "RoleArn": {"Fn::GetAtt": [role_id, "Arn"]},
        "UseServiceLinkedRole": False,
    }
    assert _props(t, "AWS::LakeFormation::Resource", "Linked")["Properties"] == {
        "ResourceArn": {"Fn::Join": ["", [bucket_arn, "/curated"]]},
        "UseServiceLinkedRole": True,
    }
    # registration-role.html: trusted by lakeformation.amazonaws.com; read/write on the
    # location (here its prefix only) and listing the bucket.
    trust = t["Resources"][role_id]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust == [
        {
            "Action": "sts:AssumeRole",
            "Effect": "Allow",
            "Principal": {"Service": "lakeformation.amazonaws.com"},
        }
    ]
    statements = policy_statements(t, role_id)
    objects = next(s for s in statements if "s3:PutObject" in s["Action"])
    assert objects["Resource"] == {"Fn::Join": ["", [bucket_arn, "/raw/*"]]}
    assert {"s3:GetObject", "s3:PutObject", "s3:DeleteObject"} <= set(objects["Action"])
    listing = next(s for s in statements if s["Action"] == "s3:ListBucket")
    assert listing["Resource"] == bucket_arn
    assert listing["Condition"] == {"StringLike": {"s3:prefix": ["raw/", "raw/*"]}}
    key = next(s for s in statements if "kms:Decrypt" in s["Action"])
    assert key["Resource"] == {"Fn::GetAtt": [logical_id(t, "AWS::KMS::Key", "LakeKey"), "Arn"]}


def _lake_formation_grants(template, role_prefix):
    role_id = logical_id(template, "AWS::IAM::Role", role_prefix)
    return [
        s
        for s in policy_statements(template, role_id)
        if s["Action"] == "lakeformation:GetDataAccess"
    ]


@pytest.mark.parametrize("switched", [False, True])
def test_the_switch_puts_jobs_and_crawlers_in_lake_formation_mode(tmp_path, synth, switched):
    app = App(outdir=str(tmp_path / "cdk.out"))
    if switched:
        use_lake_formation(app)
    stack = Stack(app, "Test")
    bucket, database = _lake(stack)
    _job(stack, bucket)
    Crawler(stack, "Crawl", database=database, targets=[CrawlerTarget.s3(bucket, "raw/")])
    report = synth(app)
    assert_clean(report)
    t = report.templates["Test"]
    crawler = _props(t, "AWS::Glue::Crawler", "Crawl")["Properties"]
    # "Crawler errors when the crawler is using Lake Formation permissions" (AWS Glue
    # guide): the role needs lakeformation:GetDataAccess on "*".
    expected = [{"Action": "lakeformation:GetDataAccess", "Effect": "Allow", "Resource": "*"}]
    if switched:
        assert crawler["LakeFormationConfiguration"] == {"UseLakeFormationCredentials": True}
        assert _lake_formation_grants(t, "JobRole") == expected
        assert _lake_formation_grants(t, "CrawlRole") == expected
    else:
        assert "LakeFormationConfiguration" not in crawler
        assert _lake_formation_grants(t, "JobRole") == []
        assert _lake_formation_grants(t, "CrawlRole") == []
    # IAM's own catalog statements stay: Lake Formation checks IAM and its grants both.
    job_statements = policy_statements(t, logical_id(t, "AWS::IAM::Role", "JobRole"))
    assert any("s3:GetObject" in s["Action"] for s in job_statements)


def test_the_switch_from_context_as_cdk_json_sets_it(tmp_path):
    app = App(outdir=str(tmp_path / "cdk.out"), context={"glueforge:lakeFormation": "true"})
    stack = Stack(app, "Test")
    bucket, database = _lake(stack)
    crawler = Crawler(stack, "Crawl", database=database, targets=[CrawlerTarget.s3(bucket, "r/")])
    props = stack.resolve(crawler.resource.lake_formation_configuration)
    assert props == {"useLakeFormationCredentials": True}


def test_switch_after_constructs_is_an_error():
    app = App()
    Stack(app, "Early")
    with pytest.raises(GlueforgeValidationError, match="before constructs are added"):
        use_lake_formation(app)


# ---- validation: each check fails on bad input ----------------------------------------


def _grant(stack, resource, permissions, grantable=(), principal=None, id="G"):
    role = principal or iam.Role(
        stack, f"{id}Role", assumed_by=iam.ServicePrincipal("glue.amazonaws.com")
    )
    return LakeFormationPermissions(
        stack,
        id,
        principal=role,
        resource=resource,
        permissions=permissions,
        grantable_permissions=grantable,
    )


@pytest.fixture
def bare():
    stack = Stack(App(), "DataLake")
    return stack, _lake(stack)


def test_a_permission_that_does_not_apply_to_the_resource(bare):
    stack, (_, database) = bare
    with pytest.raises(GlueforgeValidationError) as caught:
        _grant(stack, LfResource.database(database), [LfPermission.SELECT])
    assert str(caught.value) == (
        "DataLake/G: permissions ['SELECT'] do not apply to a database; valid: ['ALL', "
        "'ALTER', 'CREATE_TABLE', 'DESCRIBE', 'DROP'] (Lake Formation permissions reference)"
    )


def test_columns_take_select_only(bare):
    stack, (_, database) = bare
    with pytest.raises(GlueforgeValidationError, match=r"\['INSERT'\] do not apply to a columns"):
        _grant(stack, LfResource.columns(database, "t", include=["a"]), [LfPermission.INSERT])


def test_a_data_location_takes_data_location_access_only(bare):
    stack, (bucket, _) = bare
    with pytest.raises(GlueforgeValidationError, match=r"valid: \['DATA_LOCATION_ACCESS'\]"):
        _grant(stack, LfResource.data_location(bucket), [LfPermission.SELECT])


def test_grantable_permissions_must_be_granted_and_valid(bare):
    stack, (_, database) = bare
    with pytest.raises(GlueforgeValidationError) as caught:
        _grant(
            stack,
            LfResource.table(database, "t"),
            [LfPermission.SELECT],
            grantable=[LfPermission.INSERT, LfPermission.CREATE_TABLE],
        )
    assert "grantable_permissions ['CREATE_TABLE'] do not apply to a table" in str(caught.value)
    assert "grantable_permissions ['INSERT', 'CREATE_TABLE'] are not among permissions" in str(
        caught.value
    )


def test_no_permissions(bare):
    stack, (_, database) = bare
    with pytest.raises(GlueforgeValidationError, match="at least one LfPermission"):
        _grant(stack, LfResource.database(database), [])


@pytest.mark.parametrize(
    "include, exclude, message",
    [
        (["a"], ["b"], "exactly one of include"),
        (None, None, "exactly one of include"),
        ([], None, "include=\\[\\] grants no column"),
    ],
)
def test_column_choice(bare, include, exclude, message):
    stack, (_, database) = bare
    resource = LfResource.columns(database, "t", include=include, exclude=exclude)
    with pytest.raises(GlueforgeValidationError, match=message):
        _grant(stack, resource, [LfPermission.SELECT])


def test_tag_expression_limits(bare):
    stack, _ = bare
    expression = {f"k{i}": ["v"] for i in range(6)}
    with pytest.raises(GlueforgeValidationError, match="1 to 5 keys .* got 6"):
        _grant(
            stack, LfResource.tag_policy(LfTagResourceType.TABLE, expression), [LfPermission.SELECT]
        )
    many = {"k": [f"v{i}" for i in range(51)]}
    with pytest.raises(GlueforgeValidationError, match="1 to 50 values in an expression, got 51"):
        _grant(
            stack,
            LfResource.tag_policy(LfTagResourceType.TABLE, many),
            [LfPermission.SELECT],
            id="G2",
        )


def test_a_tag_policy_on_databases_refuses_table_permissions(bare):
    stack, _ = bare
    resource = LfResource.tag_policy(LfTagResourceType.DATABASE, {"domain": ["sales"]})
    with pytest.raises(
        GlueforgeValidationError, match="do not apply to a LF-tag policy on databases"
    ):
        _grant(stack, resource, [LfPermission.SELECT])


def test_a_principal_without_a_role(bare):
    stack, (_, database) = bare
    with pytest.raises(GlueforgeValidationError, match="principal must be an iam.IRole"):
        _grant(stack, LfResource.database(database), [LfPermission.DESCRIBE], principal="alice")


def test_an_imported_role_and_a_grantable_are_principals(bare):
    stack, (_, database) = bare
    role = iam.Role.from_role_arn(stack, "Imported", "arn:aws:iam::111122223333:role/analyst")
    grant = _grant(stack, LfResource.database(database), [LfPermission.DESCRIBE], principal=role)
    assert grant.principal_arn == "arn:aws:iam::111122223333:role/analyst"
    user = iam.User(stack, "Analyst")
    other = LakeFormationPermissions(
        stack,
        "ForUser",
        principal=user,
        resource=LfResource.database(database),
        permissions=[LfPermission.DESCRIBE],
    )
    assert stack.resolve(other.principal_arn) == stack.resolve(user.user_arn)


def test_lf_tag_limits(bare):
    stack, _ = bare
    with pytest.raises(GlueforgeValidationError) as caught:
        LfTag(stack, "Bad", key="has#hash", values=[f"v{i}" for i in range(1001)])
    assert "LF-tag key 'has#hash' must be 1 to 128" in str(caught.value)
    assert "needs 1 to 1000 values, got 1001" in str(caught.value)
    with pytest.raises(GlueforgeValidationError, match="must be at most 256"):
        LfTag(stack, "Long", key="k", values=["x" * 257])


def test_an_association_with_a_value_the_tag_lacks(bare):
    stack, (_, database) = bare
    domain = LfTag(stack, "Domain", key="domain", values=["sales"])
    with pytest.raises(GlueforgeValidationError, match="has no value 'hr'"):
        LfTagAssociation(stack, "A", resource=LfResource.database(database), tags={domain: "hr"})
    with pytest.raises(GlueforgeValidationError, match="name the table"):
        LfTagAssociation(stack, "B", resource=LfResource.all_tables(database), tags={"k": "v"})
    with pytest.raises(GlueforgeValidationError, match="1 to 50 LF-tags, got 0"):
        LfTagAssociation(stack, "C", resource=LfResource.database(database), tags={})


def test_a_location_with_a_role_and_the_service_linked_role(bare):
    stack, (bucket, _) = bare
    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("lakeformation.amazonaws.com"))
    with pytest.raises(GlueforgeValidationError, match="not both"):
        DataLakeLocation(stack, "L", bucket=bucket, role=role, use_service_linked_role=True)


def test_an_imported_lf_tag_in_associations_and_expressions(bare):
    stack, (_, database) = bare
    from glueforge import ILfTag

    known = LfTag.from_lf_tag_attributes(stack, "Known", lf_tag_name="domain", values=["sales"])
    assert isinstance(known, ILfTag) and not isinstance(known, LfTag)
    assert known.grant_policy() == {"domain": ("sales",)}
    with pytest.raises(GlueforgeValidationError, match="has no value 'hr'"):
        LfTagAssociation(stack, "Bad", resource=LfResource.database(database), tags={known: "hr"})
    by_name = LfTag.from_lf_tag_name(stack, "ByName", "pii")
    with pytest.raises(GlueforgeValidationError, match="lists no values"):
        by_name.grant_policy()
    association = LfTagAssociation(
        stack, "Ok", resource=LfResource.table(database, "customers"), tags={by_name: "yes"}
    )
    lf_tags = stack.resolve(association.cfn.lf_tags)
    assert lf_tags == [
        {"catalogId": {"Ref": "AWS::AccountId"}, "tagKey": "pii", "tagValues": ["yes"]}
    ]


@pytest.mark.parametrize("prefix", ["/raw/", "s3://lake/raw/", "raw/*"])
def test_a_location_prefix_that_is_not_a_prefix(bare, prefix):
    stack, (bucket, _) = bare
    with pytest.raises(GlueforgeValidationError, match="must be a key prefix inside the bucket"):
        DataLakeLocation(stack, "L", bucket=bucket, prefix=prefix)


def test_permissions_on_an_lf_tag_itself(stack, synth):
    bucket, _ = _lake(stack)
    job = _job(stack, bucket)
    domain = LfTag(stack, "Domain", key="domain", values=["sales", "hr"])
    LakeFormationPermissions(
        stack,
        "Steward",
        principal=job,
        resource=LfResource.lf_tag(domain, ["sales"]),
        permissions=[LfPermission.ASSOCIATE, LfPermission.DESCRIBE],
    )
    report = synth(stack)
    assert_clean(report)
    t = report.templates["Test"]
    props = _props(t, "AWS::LakeFormation::PrincipalPermissions", "Steward")["Properties"]
    assert props["Resource"] == {
        "LFTag": {"CatalogId": ACCOUNT, "TagKey": "domain", "TagValues": ["sales"]}
    }
    assert props["Permissions"] == ["ASSOCIATE", "DESCRIBE"]


def test_an_lf_tag_takes_no_data_permissions(bare):
    stack, _ = bare
    with pytest.raises(GlueforgeValidationError, match=r"\['SELECT'\] do not apply to a LF-tag"):
        _grant(stack, LfResource.lf_tag("domain", ["sales"]), [LfPermission.SELECT])
