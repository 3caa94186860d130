"""The SparkSession local runs use: Glue 5.0's Spark, on Java 17, with the JDBC driver.

The JVM says nothing on the console: log4j is off (every failure reaches the run as a
Python exception, which :func:`glueforge.local.runner.explain` turns into one line), and
the JVM's own stderr (start-up notes, native-library warnings) goes to a log file.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from glueforge.local.errors import LocalRunError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: Debian's libpostgresql-jdbc-java
POSTGRES_JDBC_JAR = Path("/usr/share/java/postgresql.jar")
#: Spark 3.5 runs on Java 8, 11 and 17; a newer default java would fail at start.
JAVA_17_HOMES = (
    Path("/usr/lib/jvm/java-17-openjdk-amd64"),
    Path("/usr/lib/jvm/java-17-openjdk-arm64"),
)
#: The master URLs Spark 3.5 accepts (SparkContext.createTaskScheduler), checked before
#: the JVM starts so a typo is one line, not a failed SparkContext.
MASTER_FORMS = (
    r"local",
    r"local\[(\*|[1-9]\d*)\]",
    r"local\[(\*|[1-9]\d*),\s*[1-9]\d*\]",
    r"local-cluster\[[1-9]\d*,\s*[1-9]\d*,\s*[1-9]\d*\]",
    r"spark://[^\s/]+:\d+(,[^\s/]+:\d+)*",
    r"yarn",
    r"k8s://\S+",
)
MASTER_HELP = "local, local[N], local[*], local[N,F], spark://HOST:PORT, yarn or k8s://URL"
#: log4j2 with no console output at all: Spark's ERROR lines carry Java stack traces.
LOG4J2_QUIET = "rootLogger.level = off\n"


def master_problem(master: str) -> str | None:
    """Why ``master`` is no Spark master URL, or None."""
    if any(re.fullmatch(form, master) for form in MASTER_FORMS):
        return None
    return f"--master {master!r} is not a Spark master URL: use {MASTER_HELP}"


def spark_session(master: str = "local[*]", *, shuffle_partitions: int = 4) -> SparkSession:
    """The active session, or a new one on ``master``.

    :raises LocalRunError: naming ``master`` when it is no master URL or Spark cannot
        start on it.
    """
    problem = master_problem(master)
    if problem:
        raise LocalRunError(problem)
    if "JAVA_HOME" not in os.environ:
        home = next((h for h in JAVA_17_HOMES if h.is_dir()), None)
        if home is not None:
            os.environ["JAVA_HOME"] = str(home)
    # Python workers (DynamoDB JSON simplification) must use this interpreter and its
    # packages, not whatever `python3` is first on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    logs = Path(tempfile.gettempdir()) / "glueforge-spark"
    logs.mkdir(exist_ok=True)
    log4j = logs / "log4j2.properties"
    log4j.write_text(LOG4J2_QUIET)
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
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log4j.as_uri()}")
    )
    if POSTGRES_JDBC_JAR.is_file():
        builder = builder.config("spark.jars", str(POSTGRES_JDBC_JAR))
    log = logs / f"jvm-{os.getpid()}.log"
    try:
        with _stderr_to(log):
            spark = builder.getOrCreate()
    except Exception as error:
        raise LocalRunError(
            f"cannot start Spark on --master {master!r}: {_reason(error, log)}"
        ) from None
    spark.sparkContext.setLogLevel("OFF")
    return spark


@contextlib.contextmanager
def _stderr_to(log: Path) -> Iterator[None]:
    """File descriptor 2 goes to ``log`` while the JVM starts; the JVM keeps it after."""
    sys.stderr.flush()
    saved = os.dup(2)
    with log.open("ab") as target:
        os.dup2(target.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _reason(error: BaseException, log: Path) -> str:
    java = getattr(error, "java_exception", None)
    text = str(java.toString()) if java is not None else str(error)
    lines = [t.strip() for t in text.splitlines() if t.strip()]
    if "gateway" in text.lower() and log.is_file():
        # The JVM did not start: its own words are in the log, the last line first.
        jvm = [t.strip() for t in log.read_text(errors="replace").splitlines() if t.strip()]
        lines = jvm[-1:] + lines
    return lines[0] if lines else type(error).__name__
