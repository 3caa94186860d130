"""A sink configured step by step: ``getSink``, ``setFormat``, ``setCatalogInfo``,
then ``writeFrame``."""

from __future__ import annotations

from glueforge.local import sinks


class DataSink:
    def __init__(self, j_sink, sql_ctx):
        # j_sink: the sink's settings (Glue keeps them in a JVM object)
        self._settings = j_sink
        self._glue_context = sql_ctx

    def setFormat(self, format, **options):  # noqa: N802, A002 (Glue's names)
        self._settings["format"] = format
        self._settings["format_options"] = options

    def setCatalogInfo(self, catalogDatabase, catalogTableName, catalogId=""):  # noqa: N802, N803
        self._settings["database"] = catalogDatabase
        self._settings["table"] = catalogTableName

    def writeFrame(self, dynamic_frame, info=""):  # noqa: N802
        s = self._settings
        options = s["options"]
        runtime = self._glue_context._runtime
        frame = dynamic_frame.toDF()
        partition_keys = list(options.get("partitionKeys", []))
        if "database" in s:
            sinks.write_catalog_table(
                runtime,
                s["transformation_ctx"],
                frame,
                database=s["database"],
                table=s["table"],
                location=options.get("path"),
                format_=s.get("format"),
                format_options=s.get("format_options", {}),
                partition_keys=partition_keys,
                update_catalog=str(options.get("enableUpdateCatalog", "false")).lower() == "true",
                update_behavior=options.get("updateBehavior"),
            )
        else:
            sinks.write_files(
                runtime,
                s["transformation_ctx"],
                frame,
                options["path"],
                s.get("format") or "parquet",
                format_options=s.get("format_options", {}),
                partition_keys=partition_keys,
            )
        return dynamic_frame
