"""The SparkSession local runs use: Glue 5.0's Spark, on Java 17, with the JDBC driver."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: Debian's libpostgresql-jdbc-java
POSTGRES_JDBC_JAR = Path("/usr/share/java/postgresql.jar")
#: Spark 3.5 runs on Java 8, 11 and 17; a newer default java would fail at start.
JAVA_17_HOMES = (
    Path("/usr/lib/jvm/java-17-openjdk-amd64"),
    Path("/usr/lib/jvm/java-17-openjdk-arm64"),
)


def spark_session(master: str = "local[*]", *, shuffle_partitions: int = 4) -> SparkSession:
    """The active session, or a new one on ``master``."""
    if "JAVA_HOME" not in os.environ:
        home = next((h for h in JAVA_17_HOMES if h.is_dir()), None)
        if home is not None:
            os.environ["JAVA_HOME"] = str(home)
    # Python workers (DynamoDB JSON simplification) must use this interpreter and its
    # packages, not whatever `python3` is first on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master)
        .appName("glueforge-local")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.ui.enabled", "false")
        # glueforge shows its own progress; Spark's stage bars would garble it
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        # Glue writes partition values as they are; keep the folder names readable.
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "true")
    )
    if POSTGRES_JDBC_JAR.is_file():
        builder = builder.config("spark.jars", str(POSTGRES_JDBC_JAR))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark
