"""One import convention for every construct (issue 15, point 6), kept.

Every construct the package exports that is one AWS resource is importable the way
aws-cdk-lib's are: ``from_<thing>_attributes(scope, id, *, ...)`` and
``from_<thing>_name`` (and ``from_<thing>_arn`` where the resource has an ARN), the
name and ARN forms routed through the attributes form, each returning a private
imported class. A construct exported later without a row here (or an exception with its
reason) fails :func:`test_every_exported_construct_is_checked`.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from dataclasses import dataclass
from pathlib import Path

import pytest
from constructs import Construct

import glueforge
from tests.helpers.iam import arn

PACKAGE = Path(__file__).resolve().parents[2] / "constructs" / "glueforge"
NAME = "nightly"
OTHER_REGION, OTHER_ACCOUNT = "eu-west-1", "111111111111"


@dataclass(frozen=True)
class Row:
    """How one resource construct is imported."""

    module: str  # where the construct is exported from
    name: str
    thing: str  # from_<thing>_attributes
    named: str  # from_<named>_name / from_<named>_arn; <named>_name / <named>_arn
    arn: tuple[str, str] | None  # (service, resource type) of its ARN; None: it has none
    interface: str | None = None  # its I-interface, exported from ``module`` too
    # An ARN given on import is the imported thing's ARN (it may name another account or
    # region); False where the import keeps only the name and builds the ARN in the stack.
    keeps_given_arn: bool = True

    @property
    def cls(self) -> type:
        return getattr(importlib.import_module(self.module), self.name)

    def __str__(self) -> str:
        return self.name


ROWS = [
    Row("glueforge", "Crawler", "crawler", "crawler", ("glue", "crawler"), "ICrawler"),
    # Classifiers have no ARN: IAM authorizes the glue:*Classifier actions on "*" only.
    Row("glueforge", "CsvClassifier", "classifier", "classifier", None, "IClassifier"),
    Row("glueforge", "GrokClassifier", "classifier", "classifier", None, "IClassifier"),
    Row("glueforge", "JsonClassifier", "classifier", "classifier", None, "IClassifier"),
    Row("glueforge", "XmlClassifier", "classifier", "classifier", None, "IClassifier"),
    Row(
        "glueforge",
        "JdbcConnection",
        "connection",
        "connection",
        ("glue", "connection"),
        "IJdbcConnection",
    ),
    Row(
        "glueforge",
        "MongoDbConnection",
        "connection",
        "connection",
        ("glue", "connection"),
        "IConnection",
    ),
    Row(
        "glueforge",
        "SalesforceConnection",
        "connection",
        "connection",
        ("glue", "connection"),
        "IConnection",
    ),
    Row("glueforge", "EtlJob", "job", "job", ("glue", "job"), "IJob"),
    Row("glueforge", "PythonShellJob", "job", "job", ("glue", "job"), "IJob"),
    Row("glueforge", "StreamingJob", "job", "job", ("glue", "job"), "IJob"),
    Row(
        "glueforge",
        "DataQualityRuleset",
        "ruleset",
        "ruleset",
        ("glue", "dataQualityRuleset"),
        "IDataQualityRuleset",
    ),
    # An LF-tag has no ARN: Lake Formation names it by its key.
    Row("glueforge", "LfTag", "lf_tag", "lf_tag", None, "ILfTag"),
    # A pipeline is a Glue workflow: it is imported by the workflow's name or ARN, as
    # aws-cdk-lib's Workflow.from_workflow_name / from_workflow_arn.
    Row("glueforge", "Pipeline", "pipeline", "workflow", ("glue", "workflow"), "IPipeline"),
    # DataBrew, a namespace of its own (glueforge.databrew).
    Row("glueforge.databrew", "Dataset", "dataset", "dataset", ("databrew", "dataset"), "IDataset"),
    Row("glueforge.databrew", "Recipe", "recipe", "recipe", ("databrew", "recipe"), "IRecipe"),
    Row("glueforge.databrew", "RecipeJob", "job", "job", ("databrew", "job"), "IDataBrewJob"),
    Row("glueforge.databrew", "ProfileJob", "job", "job", ("databrew", "job"), "IDataBrewJob"),
    Row("glueforge.databrew", "Ruleset", "ruleset", "ruleset", ("databrew", "ruleset"), "IRuleset"),
    Row(
        "glueforge.databrew",
        "Schedule",
        "schedule",
        "schedule",
        ("databrew", "schedule"),
        "ISchedule",
    ),
]
ROWS_WITH_ARN = [row for row in ROWS if row.arn is not None]

# Exported constructs that are not one AWS resource of their own, so they have no
# from_*_attributes; each with the reason.
EXCEPTIONS = {
    # aws_s3.Bucket subclasses: they inherit aws-cdk-lib's Bucket.from_bucket_name /
    # from_bucket_arn / from_bucket_attributes, which return the s3.IBucket every
    # glueforge construct takes.
    "SecureBucket": "an aws_s3.Bucket: imported with aws-cdk-lib's Bucket.from_bucket_*",
    "AccessLogsBucket": "an aws_s3.Bucket: imported with aws-cdk-lib's Bucket.from_bucket_*",
    # An aws_logs.LogGroup subclass: inherits LogGroup.from_log_group_name / _arn.
    "EncryptedLogGroup": "an aws_logs.LogGroup: imported with LogGroup.from_log_group_*",
    # A database and its crawler: two resources. CatalogDatabase.from_database_name returns
    # aws-cdk-lib's glue.IDatabase; the crawler is Crawler.from_crawler_name.
    "CatalogDatabase": "a glue.Database plus a Crawler; imports return aws-cdk-lib's IDatabase",
    # A table is named within its database: Table.from_table_name(scope, id, database,
    # name), so the one-name rows above do not fit; tests/catalog/test_table.py checks its
    # from_table_name / from_table_arn / from_table_attributes and _ImportedTable.
    "Table": "named within a database: from_table_name(scope, id, database, name)",
    # The DynamoDB export connector's settings: it owns no AWS resource (the table is an
    # aws_dynamodb.ITable, the export bucket an aws_s3.IBucket, both imported by
    # aws-cdk-lib).
    "DynamoDBExport": "owns no AWS resource: export settings over an ITable and an IBucket",
    # Wiring (an EventBridge rule, a state machine, their role and log group) between a
    # Glue job and a DataBrew job: nothing to import by name.
    "RunAfterGlueJob": "wiring between a Glue job and a DataBrew job, not one resource",
    # Lake Formation grants and tag associations have no name or ARN: each is identified
    # by its principal (or tags) and resource, which the importing app already has.
    "LakeFormationPermissions": "a grant: no name or ARN, identified by principal+resource",
    "LfTagAssociation": "tags on a resource: no name or ARN, identified by the resource",
    # A registration is identified by its S3 location: grants on it take the bucket
    # (aws-cdk-lib's Bucket.from_bucket_*) through LfResource.data_location.
    "DataLakeLocation": "a registration of an S3 location; grant on LfResource.data_location",
    # An Iceberg table's import needs its database and data location (its grants cover
    # the prefix): from_iceberg_table_name(scope, id, name, *, database, bucket, prefix);
    # tests/catalog/test_iceberg_table.py checks its imports and _ImportedIcebergTable.
    "IcebergTable": "needs its database and data location: keywords beside the name/ARN",
    # An optimizer has no name or ARN: catalog, database, table and type identify it.
    "TableOptimizer": "no name or ARN: identified by its table and its kind",
    # The account's one catalog-encryption setting: nothing to import.
    "DataCatalogEncryption": "the account and Region's one setting; nothing to import",
}


def _is_shared_base(cls: type) -> bool:
    """A convention ``<Thing>Base`` (what owned and imported things share), exported for
    users' own subclasses: checked through the rows whose classes it is a base of."""
    return cls.__name__.endswith("Base") and any(
        cls is not row.cls and issubclass(row.cls, cls) for row in ROWS
    )


def _public_modules() -> tuple:
    """The package root and glueforge.databrew, its one namespace of its own (imported
    here, not at collection, so a DataBrew change under way fails only its own cases)."""
    return glueforge, importlib.import_module("glueforge.databrew")


def _exported_constructs() -> dict[str, type]:
    """Every construct class the package root and glueforge.databrew export."""
    found: dict[str, type] = {}
    for module in _public_modules():
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value) and issubclass(value, Construct):
                found[name] = value
    return found


def test_every_exported_construct_is_checked():
    exported = {
        name: cls for name, cls in _exported_constructs().items() if not _is_shared_base(cls)
    }
    rows = {row.name for row in ROWS}
    assert not rows & set(EXCEPTIONS), "a construct is both checked and excepted"
    unchecked = sorted(set(exported) - rows - set(EXCEPTIONS))
    assert not unchecked, f"give these an import convention row or an exception: {unchecked}"
    stale = sorted((rows | set(EXCEPTIONS)) - set(exported))
    assert not stale, f"no longer exported; drop their row or exception: {stale}"


def test_excepted_bucket_constructs_inherit_aws_cdk_lib_imports():
    from aws_cdk import aws_s3 as s3

    for name in ("SecureBucket", "AccessLogsBucket"):
        cls = getattr(glueforge, name)
        assert issubclass(cls, s3.Bucket)
        assert cls.from_bucket_name.__func__ is s3.Bucket.from_bucket_name.__func__


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_has_the_import_methods(row):
    cls = row.cls
    assert callable(getattr(cls, f"from_{row.thing}_attributes", None))
    assert callable(getattr(cls, f"from_{row.named}_name", None))
    if row.arn is None:
        assert not hasattr(cls, f"from_{row.named}_arn"), "an ARN import of a thing without one"
    else:
        assert callable(getattr(cls, f"from_{row.named}_arn", None))


def _spy_on_attributes(monkeypatch, row: Row) -> list[dict]:
    """Record every call of the row's from_<thing>_attributes, then make it."""
    method = f"from_{row.thing}_attributes"
    original = getattr(row.cls, method)
    calls: list[dict] = []

    def spy(scope, id, **attributes):
        calls.append(attributes)
        return original(scope, id, **attributes)

    monkeypatch.setattr(row.cls, method, spy)
    return calls


def _check_imported(row: Row, imported: object) -> None:
    assert not isinstance(imported, row.cls), "an import must not pass for the owned class"
    assert type(imported).__name__.startswith("_"), f"public import class {type(imported)}"
    shared = [
        base.__name__
        for base in row.cls.__mro__[1:]
        if base.__name__.endswith("Base") and isinstance(imported, base)
    ]
    assert shared, f"{row.name} and its import share no <Thing>Base"
    if row.interface is not None:
        assert isinstance(imported, getattr(importlib.import_module(row.module), row.interface))


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_name_import_routes_through_the_attributes(row, stack, monkeypatch):
    calls = _spy_on_attributes(monkeypatch, row)
    imported = getattr(row.cls, f"from_{row.named}_name")(stack, "ByName", NAME)
    assert [call[f"{row.named}_name"] for call in calls] == [NAME]
    _check_imported(row, imported)
    assert getattr(imported, f"{row.named}_name") == NAME
    if row.arn is not None:
        service, resource = row.arn
        built = stack.resolve(getattr(imported, f"{row.named}_arn"))
        assert built == arn(service, f":{resource}/{NAME}")


@pytest.mark.parametrize("row", ROWS_WITH_ARN, ids=str)
def test_arn_import_routes_through_the_attributes(row, stack, monkeypatch):
    assert row.arn is not None
    service, resource = row.arn
    given = f"arn:aws:{service}:{OTHER_REGION}:{OTHER_ACCOUNT}:{resource}/{NAME}"
    calls = _spy_on_attributes(monkeypatch, row)
    imported = getattr(row.cls, f"from_{row.named}_arn")(stack, "ByArn", given)
    assert [call[f"{row.named}_name"] for call in calls] == [NAME]
    _check_imported(row, imported)
    assert getattr(imported, f"{row.named}_name") == NAME
    if row.keeps_given_arn:
        assert getattr(imported, f"{row.named}_arn") == given
    else:
        built = stack.resolve(getattr(imported, f"{row.named}_arn"))
        assert built == arn(service, f":{resource}/{NAME}")


def test_no_imported_name_is_exported():
    """Imports are private classes (``_Imported<Thing>``) behind the I-interfaces."""
    for module in _public_modules():
        public = [name for name in module.__all__ if name.startswith("Imported")]
        assert not public, f"{module.__name__} exports {public}"


def test_no_public_imported_class_in_the_source():
    """No module of the package defines a public ``Imported...`` class or alias."""
    public = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.parse(path.read_text()).body:
            names = []
            if isinstance(node, ast.ClassDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):  # an alias such as `ImportedX = _ImportedX`
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            public += [
                f"{path.relative_to(PACKAGE)}: {name}"
                for name in names
                if name.startswith("Imported")
            ]
    assert not public, f"public Imported... names: {public}"
