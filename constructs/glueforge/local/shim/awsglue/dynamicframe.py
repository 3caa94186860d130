"""DynamicFrames as thin wrappers of DataFrames, and the readers and writers of
``glue_context.create_dynamic_frame`` and ``glue_context.write_dynamic_frame``."""

from __future__ import annotations

import json

from glueforge.local import sinks, sources
from glueforge.local.errors import LocalRunError


class DynamicFrame:
    def __init__(self, jdf, glue_ctx, name=""):
        # jdf: the frame's DataFrame (Glue keeps a JVM DynamicFrame here)
        self._df = jdf
        self.glue_ctx = glue_ctx
        self.name = name

    @classmethod
    def fromDF(cls, dataframe, glue_ctx, name=""):  # noqa: N802 (Glue's name)
        return cls(dataframe, glue_ctx, name)

    def toDF(self, options=None):  # noqa: N802
        return self._df

    def count(self):
        return self._df.count()


class DynamicFrameCollection:
    def __init__(self, dynamic_frames, glue_ctx):
        self._frames = dict(dynamic_frames)
        self._glue_ctx = glue_ctx

    def __getitem__(self, key):
        return self._frames[key]

    def __len__(self):
        return len(self._frames)

    def keys(self):
        return self._frames.keys()

    def values(self):
        return self._frames.values()

    def select(self, key, transformation_ctx=""):
        if key not in self._frames:
            raise LocalRunError(f"no frame {key!r} in the collection; keys: {sorted(self._frames)}")
        return self._frames[key]


class DynamicFrameReader:
    def __init__(self, glue_context):
        self._glue_context = glue_context

    def from_options(
        self,
        connection_type,
        connection_options={},  # noqa: B006 (Glue's signature)
        format=None,  # noqa: A002
        format_options={},  # noqa: B006
        transformation_ctx="",
        push_down_predicate="",
        **kwargs,
    ):
        return self._glue_context.create_dynamic_frame_from_options(
            connection_type,
            connection_options,
            format,
            format_options,
            transformation_ctx,
            push_down_predicate,
            **kwargs,
        )

    def from_catalog(
        self,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        push_down_predicate="",
        additional_options={},  # noqa: B006
        catalog_id=None,
        **kwargs,
    ):
        return self._glue_context.create_dynamic_frame_from_catalog(
            database,
            table_name,
            redshift_tmp_dir,
            transformation_ctx,
            push_down_predicate,
            additional_options,
            catalog_id,
            **kwargs,
        )


class DynamicFrameWriter:
    def __init__(self, glue_context):
        self._glue_context = glue_context

    def from_options(
        self,
        frame,
        connection_type,
        connection_options={},  # noqa: B006
        format=None,  # noqa: A002
        format_options={},  # noqa: B006
        transformation_ctx="",
    ):
        return self._glue_context.write_dynamic_frame_from_options(
            frame, connection_type, connection_options, format, format_options, transformation_ctx
        )

    def from_catalog(
        self,
        frame,
        database=None,
        table_name=None,
        redshift_tmp_dir="",
        transformation_ctx="",
        additional_options={},  # noqa: B006
        catalog_id=None,
        **kwargs,
    ):
        return self._glue_context.write_dynamic_frame_from_catalog(
            frame,
            database,
            table_name,
            redshift_tmp_dir,
            transformation_ctx,
            additional_options,
            catalog_id,
            **kwargs,
        )

    def from_jdbc_conf(
        self,
        frame,
        catalog_connection,
        connection_options={},  # noqa: B006
        redshift_tmp_dir="",
        transformation_ctx="",
    ):
        return self._glue_context.write_dynamic_frame_from_jdbc_conf(
            frame, catalog_connection, connection_options, redshift_tmp_dir, transformation_ctx
        )


def read_s3(runtime, ctx, options, format, format_options):  # noqa: A002
    """Every path of an S3 source, one frame (Glue reads ``paths`` as one input)."""
    paths = options.get("paths") or []
    if not paths:
        raise LocalRunError(f"{ctx or 'source'}: connection_options has no paths")
    exclusions = options.get("exclusions") or []
    if isinstance(exclusions, str):
        exclusions = json.loads(exclusions)
    frames = [
        sources.read_files(
            runtime,
            ctx,
            path,
            format or "json",
            format_options=format_options,
            recurse=str(options.get("recurse", False)).lower() == "true",
            exclusions=exclusions,
        )
        for path in paths
    ]
    frame = frames[0]
    for other in frames[1:]:
        frame = frame.unionByName(other, allowMissingColumns=True)
    return frame, ", ".join(paths)


def write(runtime, frame, connection_type, options, format, format_options, ctx):  # noqa: A002
    if connection_type != "s3":
        raise LocalRunError(f"{ctx or 'sink'}: local runs write s3, not {connection_type!r}")
    if "path" not in options:
        raise LocalRunError(f"{ctx or 'sink'}: connection_options has no path")
    sinks.write_files(
        runtime,
        ctx,
        frame.toDF(),
        options["path"],
        format or "parquet",
        format_options=format_options,
        partition_keys=list(options.get("partitionKeys", [])),
    )
