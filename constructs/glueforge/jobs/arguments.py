"""A job's arguments: the one place that names them.

The script and the job meet through arguments. A spec's deploy-time values (a bucket's
URL, a table's name) reach the script as job arguments, named once by
:func:`argument_name` (e.g. ``source_orders_path``) and never taken apart again; the
script reads each through an :class:`ArgRef`, which the templates' literal filters turn
into ``args["source_orders_path"]`` (Python) or ``args("source_orders_path")`` (Scala).
Glue passes a few arguments of its own (:data:`JOB_NAME`, :data:`TEMP_DIR`), and
glueforge sets the ones its props manage (:data:`MANAGED_ARGUMENTS`).

No aws-cdk-lib import here: ``glueforge local-run`` imports these names, and a local run
stays light.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from glueforge.core.vocabulary import Language

#: the job's name, which Glue passes to every run; scripts read it to start the job
JOB_NAME = "JOB_NAME"
#: the job's temporary directory (``--TempDir``), e.g. Relationalize's staging path
TEMP_DIR = "TempDir"
#: whether a run keeps a job bookmark; Glue's values for it follow
BOOKMARK_OPTION = "job-bookmark-option"
BOOKMARK_ENABLE = "job-bookmark-enable"
BOOKMARK_DISABLE = "job-bookmark-disable"
#: the object a Scala job's script defines (``--class``)
SCALA_CLASS = "GlueApp"
#: a Python shell job's libraries; Glue spells this one without dashes ("the library-set
#: option is set to analytics", https://docs.aws.amazon.com/glue/latest/dg/add-job-python.html)
LIBRARY_SET = "library-set"

# Arguments glueforge sets from the job's props and specs: one way to express each intent.
MANAGED_ARGUMENTS = frozenset(
    {
        "--job-language",
        "--class",
        f"--{BOOKMARK_OPTION}",
        f"--{TEMP_DIR}",
        "--enable-metrics",
        "--enable-continuous-cloudwatch-log",
        "--enable-glue-datacatalog",
        "--enable-auto-scaling",
        "--additional-python-modules",
        "--extra-py-files",
        # job_run_queuing/observability_metrics/spark_ui props (jobs/spark_options.py)
        "--enable-observability-metrics",
        "--enable-spark-ui",
        "--spark-event-logs-path",
    }
)


def argument_name(stage: str, spec_name: str, key: str) -> str:
    """The name of one deploy-time value of a spec, e.g. ``source_orders_path``.

    :param stage: ``source``, ``transform`` or ``sink``.
    :param spec_name: the spec's name, e.g. ``orders``.
    :param key: which of the spec's values, e.g. ``path``.
    """
    return f"{stage}_{spec_name}_{key}"


def option(name: str) -> str:
    """How Glue's ``DefaultArguments`` and ``sys.argv`` spell an argument: ``--name``."""
    return f"--{name}"


@dataclass(frozen=True)
class ArgRef:
    """A job argument the script reads at run time, e.g. ``args["source_orders_path"]``.

    Templates never spell ``args[...]`` themselves: they pass an ``ArgRef`` through a
    literal filter (``py`` or ``scala``), which renders the read.
    """

    name: str


def bookmark_value(bookmarks: bool) -> str:
    """The ``--job-bookmark-option`` value Glue expects."""
    return BOOKMARK_ENABLE if bookmarks else BOOKMARK_DISABLE


def managed_arguments(
    *,
    language: Language,
    bookmarks: bool,
    temp_dir: str,
    auto_scaling: bool,
    metrics: bool,
    continuous_logging: bool,
    additional_python_modules: Sequence[str],
    modules_location: str | None,
) -> dict[str, str]:
    """The arguments glueforge sets from a job's props, in a stable order."""
    arguments: dict[str, str] = {
        # Glue's --job-language words, which are not the Language values ("python").
        "--job-language": "python" if language is Language.PYSPARK else "scala",
        option(BOOKMARK_OPTION): bookmark_value(bookmarks),
        option(TEMP_DIR): temp_dir,
        "--enable-glue-datacatalog": "true",
    }
    if language is Language.SCALA:
        arguments["--class"] = SCALA_CLASS
    if auto_scaling:
        arguments["--enable-auto-scaling"] = "true"
    if metrics:
        arguments["--enable-metrics"] = "true"
    if continuous_logging:
        arguments["--enable-continuous-cloudwatch-log"] = "true"
    if additional_python_modules:
        arguments["--additional-python-modules"] = ",".join(additional_python_modules)
    if modules_location:
        arguments["--extra-py-files"] = modules_location
    return arguments


def default_argument_problems(
    default_arguments: Mapping[str, str], spec_arguments: Mapping[str, object]
) -> list[str]:
    """Why ``default_arguments`` cannot be passed as they are; empty when they can.

    :param spec_arguments: the specs' arguments (names without ``--``), which are set
        already.
    """
    set_by_specs = {option(name) for name in spec_arguments}
    problems = []
    for key in default_arguments:
        if not key.startswith("--"):
            problems.append(f"default_arguments key {key!r} must start with '--'")
        elif key in MANAGED_ARGUMENTS:
            problems.append(
                f"default_arguments key {key!r} is set by glueforge from the job's props; "
                "use the matching prop instead"
            )
        elif key in set_by_specs:
            problems.append(f"default_arguments key {key!r} is set by a step of this job")
    return problems


def python_shell_arguments(
    *, temp_dir: str, library_set: str, extra_py_files: Sequence[str]
) -> dict[str, str]:
    """The arguments glueforge sets for a Python shell job, in a stable order.

    No ``--enable-metrics``: Glue publishes no job metrics for Python shell jobs (they
    need the Spark GlueContext), and no ``--job-bookmark-option``: they have no bookmarks.
    """
    arguments = {
        "--job-language": "python",
        option(TEMP_DIR): temp_dir,
        LIBRARY_SET: library_set,
    }
    if extra_py_files:
        arguments["--extra-py-files"] = ",".join(extra_py_files)
    return arguments
