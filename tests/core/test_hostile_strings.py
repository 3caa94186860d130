"""Issue 16, point 4: hostile strings never reach the user as a raw CDK or jsii error.

Every prop that reaches an ARN, an S3 path, a cdk-nag acknowledgment or text in the
template gets each string below. glueforge either refuses it up front with a
:class:`GlueforgeValidationError` that names the construct path and the value, or
synthesizes it with no error at all (no aws-cdk-lib ``InvalidValidationId``, no
``UnrecognizedTokenKey``, no cdk-nag finding left unacknowledged).

Which strings each kind of prop refuses is written out by hand (:data:`REFUSED`), from
the rules: IAM reads ``*`` and ``?`` in a resource as wildcards and ``${`` as a policy
variable; a table ARN is ``table/<database>/<table>``; job and crawler names also keep
out brackets, ``/``, ``\\`` and ``:`` (core.limits.UNSAFE_NAME_CHARACTERS); aws-cdk-lib
reads ``${Token[...]}`` and ``#{Token[...]}`` as tokens. Everything else is accepted:
S3 takes ``(`` ``)`` ``{`` ``}`` ``$`` in keys, and cdk-nag's findings for them are
acknowledged exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_glue as glue
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge import (
    CatalogDatabase,
    CatalogSink,
    CatalogSource,
    Crawler,
    CrawlerTarget,
    DynamoDBExport,
    EtlJob,
    Filter,
    GlueforgeValidationError,
    Pipeline,
    S3Sink,
    S3Source,
    StartTrigger,
)
from glueforge.checks import synthesize

FAKE_TOKEN = "${Token[TOKEN.99999]}"  # a string token aws-cdk-lib never issued
FAKE_LIST_TOKEN = "#{Token[Lake.1]}"  # a list token's marker, in a string
OTHERS = 'a"b\\c é'
HOSTILE = [")", "(", "}", "{", "]", "[", "${x}", "$", "::", "*", "?", "/", OTHERS]
HOSTILE += [FAKE_TOKEN, FAKE_LIST_TOKEN]
TOKENS = {FAKE_TOKEN, FAKE_LIST_TOKEN}

# What each kind of prop refuses, by hand (see the module docstring).
REFUSED: dict[str, set[str]] = {
    "s3 prefix": {"*", "?", "${x}", *TOKENS},
    "catalog name": {"*", "?", "/", *TOKENS},
    "glue name": {")", "(", "}", "{", "]", "[", "${x}", "::", "*", "?", "/", OTHERS, *TOKENS},
    "text": set(TOKENS),
    # A template variable reaches only the rendered script (unused by the built-in
    # recipe here); a script holding a token is refused by the script check.
    "script variable": set(),
}


@dataclass(frozen=True)
class Prop:
    name: str
    kind: str
    template: str  # how the hostile string is embedded, e.g. "raw{}/"
    build: Callable[[Construct, str], object]


def _bucket(scope: Construct) -> s3.Bucket:
    """The scope's one bucket."""
    found = scope.node.try_find_child("Data")
    return found or s3.Bucket(scope, "Data", enforce_ssl=True, server_access_logs_prefix="logs/")


def _db(scope: Construct) -> glue.Database:
    """The scope's one database."""
    return scope.node.try_find_child("Db") or glue.Database(scope, "Db", database_name="lake")


def _job(scope, *, source=None, sink=None, middle=(), **props):
    bucket = _bucket(scope)
    source = source or S3Source("raw", bucket=bucket, prefix="in/")
    sink = sink or S3Sink("out", input=middle[-1].name if middle else "raw", bucket=bucket)
    return EtlJob(scope, props.pop("id", "Job"), specs=[source, *middle, sink], **props)


def _crawler(scope, *, id="Crawler", target=None, **props):
    target = target or CrawlerTarget.s3(_bucket(scope), "in/")
    return Crawler(scope, id, database=_db(scope), targets=[target], **props)


def _imported_database(scope, text):
    arn = Stack.of(scope).format_arn(service="glue", resource="database", resource_name=text)
    database = glue.Database.from_database_arn(scope, "Imported", arn)
    _job(scope, source=CatalogSource("raw", database=database, table="orders"))


def _pipeline(scope, text):
    pipeline = Pipeline(scope, "P", workflow_name=text, description=text)
    pipeline.add_trigger("Go", StartTrigger.on_demand(), run=[_job(scope)], description=text)


def _export(scope, text):
    table = dynamodb.Table(
        scope,
        "Customers",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
    )
    DynamoDBExport(scope, "Export", table=table, bucket=_bucket(scope), prefix=text)


PROPS = [
    Prop(
        "S3Source.prefix",
        "s3 prefix",
        "in{}/",
        lambda s, t: _job(s, source=S3Source("raw", bucket=_bucket(s), prefix=t)),
    ),
    Prop(
        "S3Sink.prefix",
        "s3 prefix",
        "out{}/",
        lambda s, t: _job(
            s,
            sink=S3Sink(
                "out",
                input="raw",
                bucket=s3.Bucket.from_bucket_name(s, "O", "acme-curated"),
                prefix=t,
            ),
        ),
    ),
    Prop(
        "CrawlerTarget.s3 prefix",
        "s3 prefix",
        "in{}/",
        lambda s, t: _crawler(s, target=CrawlerTarget.s3(_bucket(s), t)),
    ),
    Prop(
        "CatalogDatabase.prefix",
        "s3 prefix",
        "zone{}/",
        lambda s, t: CatalogDatabase(s, "Zone", bucket=_bucket(s), prefix=t),
    ),
    Prop("DynamoDBExport.prefix", "s3 prefix", "exports{}/", _export),
    Prop(
        "CatalogSource.table",
        "catalog name",
        "orders{}",
        lambda s, t: _job(s, source=CatalogSource("raw", database=_db(s), table=t)),
    ),
    Prop(
        "CatalogSink.table",
        "catalog name",
        "daily{}",
        lambda s, t: _job(
            s,
            sink=CatalogSink(
                "out", input="raw", database=_db(s), table=t, bucket=_bucket(s), prefix="daily/"
            ),
        ),
    ),
    Prop(
        "CrawlerTarget.catalog tables",
        "catalog name",
        "orders{}",
        lambda s, t: _crawler(s, target=CrawlerTarget.catalog(_db(s), [t])),
    ),
    Prop("Crawler.table_prefix", "catalog name", "raw{}", lambda s, t: _crawler(s, table_prefix=t)),
    Prop("imported database name", "catalog name", "sales{}", _imported_database),
    Prop("EtlJob.job_name", "glue name", "orders{}", lambda s, t: _job(s, job_name=t)),
    Prop("Crawler.crawler_name", "glue name", "orders{}", lambda s, t: _crawler(s, crawler_name=t)),
    Prop("EtlJob.description", "text", "reads {} daily", lambda s, t: _job(s, description=t)),
    Prop("Crawler.description", "text", "crawls {}", lambda s, t: _crawler(s, description=t)),
    Prop("EtlJob id", "text", "Orders{}", lambda s, t: _job(s, id=t)),
    Prop("Crawler id", "text", "Orders{}", lambda s, t: _crawler(s, id=t)),
    Prop("Pipeline names", "text", "nightly{}", _pipeline),
    Prop(
        "Filter.value",
        "text",
        "x{}",
        lambda s, t: _job(s, middle=(Filter("f", input="raw", column="c", op="==", value=t),)),
    ),
    Prop(
        "EtlJob.template_variables",
        "script variable",
        "v{}",
        lambda s, t: _job(s, template_variables={"owner": t}),
    ),
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=repr)
def test_hostile_strings_are_refused_with_the_path_or_synthesize_cleanly(tmp_path, hostile):
    # aws-cdk-lib's schema validation is off: it only adds warnings, and doubles the time.
    app = App(outdir=str(tmp_path / "cdk.out"), builtin_cloud_formation_validation=False)
    stack = Stack(app, "Hostile")
    outcome = {}
    for number, prop in enumerate(PROPS):
        scope = Construct(stack, f"P{number}")
        text = prop.template.format(hostile)
        try:
            prop.build(scope, text)
        except GlueforgeValidationError as error:
            assert error.path.startswith(f"Hostile/P{number}"), (prop.name, str(error))
            assert hostile in str(error) or repr(hostile)[1:-1] in str(error), str(error)
            outcome[prop.name] = "refused"
            stack.node.try_remove_child(scope.node.id)
        else:
            outcome[prop.name] = "accepted"
    expected = {
        prop.name: "refused" if hostile in REFUSED[prop.kind] else "accepted" for prop in PROPS
    }
    assert outcome == expected
    report = synthesize(app, cfn_lint=False)  # raises nothing
    assert not report.errors(), "\n".join(map(str, report.errors()))
