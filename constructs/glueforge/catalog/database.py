"""A zone's catalog database and the crawler that keeps it current, in one call.

The database is aws-cdk-lib's ``aws_glue.Database`` and the crawler glueforge's
:class:`~glueforge.Crawler`; each part imports as its own class does
(``aws_glue.Database.from_database_arn``, ``Crawler.from_crawler_name``), and
:meth:`CatalogDatabase.from_database_name` fills aws-cdk-lib's one gap, a database by name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aws_cdk import Duration
from aws_cdk import aws_glue as glue
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from glueforge.core.arns import GlueArnResource, glue_arn
from glueforge.core.errors import child_path, raise_if_problems, require_types
from glueforge.core.limits import NAME_MAX
from glueforge.crawlers.classifiers import IClassifier
from glueforge.crawlers.crawler import Crawler
from glueforge.crawlers.options import CrawlerOutput, RecrawlBehavior
from glueforge.crawlers.targets import CrawlerTarget

# Names every engine that reads the catalog accepts (Athena, Spark, Hive, Redshift).
DATABASE_NAME = re.compile(rf"^[a-z0-9_]{{1,{NAME_MAX}}}$")


class CatalogDatabase(Construct):
    """A Glue database located at ``bucket``/``prefix``, crawled on a schedule.

    The crawler's role reads only that prefix and writes only that database.

    :param bucket: the zone's bucket.
    :param prefix: the zone's key prefix, e.g. ``"curated/"``. Default: the whole bucket.
    :param exclusions: glob patterns the crawler skips. Default: none.
    :param database_name: lowercase letters, digits and ``_`` (names every engine
        accepts). Default: generated from the construct path.
    :param description: Default: none.
    :param schedule: a Glue cron expression for the crawler. Default: on demand only.
    :param recrawl: Default: ``CRAWL_EVERYTHING``.
    :param crawler_role: Default: a new least-privilege role. A role of another stack
        gets the crawler's grants in a policy of this stack (:mod:`glueforge.iam.placement`).
    :param crawler_name: Default: generated from the construct path.
    :param classifiers: Default: Glue's built-in classifiers only.
    :param output: the crawler's Configuration JSON options. Default: Glue's.
    :param table_prefix: Default: none.
    :param encryption: ``False`` opts the crawler out of encryption. Default: ``True``.
    :param security_configuration: Default: the stack's glueforge configuration.
    :param typical_duration: a crawl's usual length, for cost. Default: 10 minutes.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        bucket: s3.IBucket,
        prefix: str = "",
        exclusions: Sequence[str] = (),
        database_name: str | None = None,
        description: str | None = None,
        schedule: str | None = None,
        recrawl: RecrawlBehavior = RecrawlBehavior.CRAWL_EVERYTHING,
        crawler_role: iam.IRole | None = None,
        crawler_name: str | None = None,
        classifiers: Sequence[IClassifier] = (),
        output: CrawlerOutput | None = None,
        table_prefix: str | None = None,
        encryption: bool = True,
        security_configuration: glue.ISecurityConfiguration | None = None,
        typical_duration: Duration | None = None,
    ) -> None:
        super().__init__(scope, id)
        require_types(
            self,
            {
                "prefix": (prefix, str),
                "exclusions": (exclusions, (list, tuple)),
                "database_name": (database_name, (str, None)),
                "description": (description, (str, None)),
            },
        )
        if database_name is not None and not DATABASE_NAME.match(database_name):
            raise_if_problems(
                self,
                [
                    f"database_name {database_name!r} must be 1-{NAME_MAX} lowercase letters, "
                    "digits or '_'; expected e.g. 'shop_curated'"
                ],
            )
        self.database = glue.Database(
            self,
            "Database",
            database_name=database_name,
            description=description,
            location_uri=bucket.s3_url_for_object(prefix),
        )
        self.crawler = Crawler(
            self,
            "Crawler",
            database=self.database,
            targets=[CrawlerTarget.s3(bucket, prefix, exclusions=exclusions)],
            role=crawler_role,
            crawler_name=crawler_name,
            schedule=schedule,
            recrawl=recrawl,
            classifiers=classifiers,
            output=output,
            table_prefix=table_prefix,
            encryption=encryption,
            security_configuration=security_configuration,
            typical_duration=typical_duration,
        )

    @property
    def database_name(self) -> str:
        return self.database.database_name

    @classmethod
    def from_database_name(cls, scope: Construct, id: str, database_name: str) -> glue.IDatabase:
        """A catalog database that exists already, by name, as aws-cdk-lib's type.

        aws-cdk-lib imports a database by ARN only (``aws_glue.Database.from_database_arn``);
        this builds the ARN in this stack's account and region and imports through it.
        Its crawler, if it has one, is ``Crawler.from_crawler_name``.
        """
        require_types(child_path(scope, id), {"database_name": (database_name, str)})
        database_arn = glue_arn(scope, GlueArnResource.DATABASE, database_name)
        return glue.Database.from_database_arn(scope, id, database_arn)
