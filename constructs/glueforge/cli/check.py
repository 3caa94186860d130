"""``glueforge check``: the one command CI runs.

It synthesizes the app (or reads a cloud assembly), then reports each check on its own
line as ok, failed or not run, with the reason:

- ``synth``: the app synthesizes (not run for an existing assembly, read as it is);
- ``pyspark``: every PySpark job script compiles and passes pyflakes;
- ``scala``: every Scala job script parses (``scalac -Ystop-after:parser``; not run
  where scalac is not installed);
- ``cfn-lint``: every template;
- ``cdk-nag``: cdk-nag's AwsSolutions findings, from the synth's
  ``validation-report.json`` (not run unless the app calls
  :func:`glueforge.enable_checks`);
- ``limits``: CloudFormation's template size limit (likewise);
- ``cost``: the cost guardrails (not run unless the app or a construct declares one).

A check that did not run is never "ok", and fails only when named in ``--require``.
Exit 0 when no check failed, 1 when one did (or a required one did not run), 2 on usage
errors.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from glueforge.cli import options

EXIT_FINDINGS = 1


def _required(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    from glueforge.checks.results import check_name

    try:
        return [check_name(n) for value in values for n in value.split(",") if n.strip()]
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.command("check")
@options.app
@options.json_output
@click.option("--warnings/--no-warnings", default=False, help="Also list warnings.")
@click.option(
    "--require",
    metavar="CHECKS",
    multiple=True,
    callback=_required,
    help="Fail (exit 1) when one of these checks did not run, e.g. --require cdk-nag,cost. "
    "Checks: synth, pyspark, scala, cfn-lint, cdk-nag (or nag), limits, cost.",
)
@options.debug
def cli(app: Path, as_json: bool, warnings: bool, require: list[str]) -> None:
    """Synthesize the app (--app) and check scripts, templates, cdk-nag and cost guardrails.

    An app folder is synthesized afresh into a temporary folder; a cloud assembly such as
    cdk.out is checked as it is. Each check reports ok, failed or not run (with the
    reason): cdk-nag and the template-size check run only when the app calls
    glueforge.enable_checks(app), the cost check only when a guardrail is declared.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="glueforge-check-") as scratch:
        results, stacks = run_checks(app, Path(scratch))
    missing = [r.name for r in results if r.name in require and r.status == "not run"]
    _report(results, stacks=stacks, as_json=as_json, warnings=warnings, require=require)
    if missing or any(r.status == "failed" for r in results):
        raise SystemExit(EXIT_FINDINGS)


def run_checks(app: Path, scratch: Path) -> tuple[list, int]:
    """Every check's result for the app (or assembly) at ``app``, and how many stacks it has.

    An app folder is synthesized into ``scratch``. cdk-nag fails a synth after writing
    the assembly: what was written is checked, and the failure itself is reported only
    when no check explains it.
    """
    from glueforge.assembly.reader import AssemblyError, assembly_dir, is_assembly, stacks
    from glueforge.checks.gate import check_assembly, not_synthesized

    synth_error = None
    try:
        outdir = assembly_dir(app, outdir=scratch)
    except AssemblyError as error:
        if error.exit_code == 2:
            from glueforge.cli.output import emit_error

            click.secho(str(error), err=True, fg="red")
            emit_error(str(error), 2)
            raise SystemExit(2) from None
        if options.debugging() and error.output:
            click.echo(error.output.rstrip(), err=True)
        if not is_assembly(scratch):
            return not_synthesized(str(error), app=str(app)), 0
        outdir, synth_error = scratch, str(error)
    results = check_assembly(
        outdir,
        synthesized=not is_assembly(app),
        synth_error=synth_error,
        scripts=script_checks(outdir),
    )
    return results, sum(1 for _ in stacks(outdir))


def script_checks(outdir: Path) -> list:
    """The ``pyspark`` and ``scala`` checks of every job script recorded in the assembly
    (``glueforge:job-scripts`` metadata)."""
    from glueforge.assembly.reader import script_entries
    from glueforge.checks.findings import Finding
    from glueforge.checks.results import concluded, not_run
    from glueforge.jobs.script.checks import check_script, scala_parser_available, scala_problems

    entries = script_entries(outdir)
    python = [(path, data) for path, data in entries if data["language"] != "scala"]
    scala = {path: data["script"] for path, data in entries if data["language"] == "scala"}
    if python:
        found = [
            Finding("script", "pyspark", "error", path, problem)
            for path, data in python
            for problem in check_script(data["script"], "pyspark", template=data["template"])
        ]
        results = [
            concluded("pyspark", found, f"{len(python)} script(s) compiled, checked by pyflakes")
        ]
    else:
        results = [not_run("pyspark", "no PySpark job in the app")]
    if not scala:
        return [*results, not_run("scala", "no Scala job in the app")]
    if not scala_parser_available():
        return [
            *results,
            not_run("scala", f"scalac not installed: {len(scala)} script(s) not parsed"),
        ]
    found = [
        Finding("script", "scala", "error", path, problem)
        for path, problems in scala_problems(scala).items()
        for problem in problems
    ]
    return [*results, concluded("scala", found, f"{len(scala)} script(s) parsed by scalac")]


def _report(results: list, *, stacks: int, as_json: bool, warnings: bool, require: list) -> None:
    findings = [f for r in results for f in r.findings]
    shown = [f for f in findings if f.severity == "error" or (warnings and f.severity == "warning")]
    errors = [f for f in findings if f.severity == "error"]
    failed = [r.name for r in results if r.status == "failed"]
    skipped = [r.name for r in results if r.status == "not run"]
    missing = [name for name in skipped if name in require]
    if as_json:
        document = {
            "ok": not failed and not missing,
            "stacks": stacks,
            "checks": [r.to_json() | {"required": r.name in require} for r in results],
            "not_run": skipped,
            "required_not_run": missing,
            "findings": [f.__dict__ for f in shown],
        }
        click.echo(json.dumps(document, indent=2))
        return
    for result in results:
        required = "  (required)" if result.name in missing else ""
        click.echo(f"{result.name:<9} {result.status:<8} {result.reason}{required}")
    for finding in shown:
        click.echo(str(finding), err=finding.severity == "error")
    verdict = "FAILED" if failed or missing else "passed"
    summary = f"glueforge check {verdict}: {len(errors)} error(s) in {stacks} stack(s)"
    if failed:
        summary += f"; failed: {', '.join(failed)}"
    if skipped:
        summary += f"; not run: {', '.join(skipped)}"
    if missing:
        summary += f"; required but not run: {', '.join(missing)}"
    click.echo(summary)
