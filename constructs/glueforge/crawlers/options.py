"""A crawler's typed options: what it does with schema changes, what later crawls read,
and its Configuration JSON (CloudFormation takes that one as a string)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from typing import Any


class UpdateBehavior(Enum):
    """What the crawler does when a table's schema changed."""

    UPDATE_IN_DATABASE = "UPDATE_IN_DATABASE"
    LOG = "LOG"


class DeleteBehavior(Enum):
    """What the crawler does when a table or partition is gone from the data store."""

    DEPRECATE_IN_DATABASE = "DEPRECATE_IN_DATABASE"
    DELETE_FROM_DATABASE = "DELETE_FROM_DATABASE"
    LOG = "LOG"


class RecrawlBehavior(Enum):
    """What later crawls read: everything, new folders only, or S3 events."""

    CRAWL_EVERYTHING = "CRAWL_EVERYTHING"
    CRAWL_NEW_FOLDERS_ONLY = "CRAWL_NEW_FOLDERS_ONLY"
    CRAWL_EVENT_MODE = "CRAWL_EVENT_MODE"


@dataclass(frozen=True)
class CrawlerOutput:
    """The crawler's Configuration JSON, as typed options.

    :param combine_compatible_schemas: one table per include path when schemas are
        compatible (``TableGroupingPolicy: CombineCompatibleSchemas``). Default: ``False``.
    :param table_level: the absolute folder level that holds tables, counted from the
        bucket (1 is the bucket's top level). Default: Glue decides.
    :param partitions_inherit_from_table: update all partitions with the table's schema
        (``InheritFromTable``). Default: ``False``.
    :param add_new_columns_only: only add new columns, never change existing ones
        (``MergeNewColumns``). Default: ``False``.
    :param table_threshold: fail the crawl rather than create more than this many tables.
        Default: no limit.
    :param create_partition_index: add partition indexes to new tables. Default: Glue's
        (``True``).
    """

    combine_compatible_schemas: bool = False
    table_level: int | None = None
    partitions_inherit_from_table: bool = False
    add_new_columns_only: bool = False
    table_threshold: int | None = None
    create_partition_index: bool | None = None

    def problems(self) -> list[str]:
        problems = []
        if self.table_level is not None and self.table_level < 1:
            problems.append(f"table_level must be 1 or more, got {self.table_level}")
        if self.table_threshold is not None and self.table_threshold < 1:
            problems.append(f"table_threshold must be 1 or more, got {self.table_threshold}")
        return problems

    def to_json(self) -> str | None:
        config: dict[str, Any] = {}
        grouping: dict[str, Any] = {}
        if self.combine_compatible_schemas:
            grouping["TableGroupingPolicy"] = "CombineCompatibleSchemas"
        if self.table_level is not None:
            grouping["TableLevelConfiguration"] = self.table_level
        if grouping:
            config["Grouping"] = grouping
        output: dict[str, Any] = {}
        if self.partitions_inherit_from_table:
            output["Partitions"] = {"AddOrUpdateBehavior": "InheritFromTable"}
        tables: dict[str, Any] = {}
        if self.add_new_columns_only:
            tables["AddOrUpdateBehavior"] = "MergeNewColumns"
        if self.table_threshold is not None:
            tables["TableThreshold"] = self.table_threshold
        if tables:
            output["Tables"] = tables
        if output:
            config["CrawlerOutput"] = output
        if self.create_partition_index is not None:
            config["CreatePartitionIndex"] = self.create_partition_index
        if not config:
            return None
        return json.dumps({"Version": 1.0, **config}, sort_keys=True)
