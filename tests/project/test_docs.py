"""Every code block of the README and the docs runs, and the docs site builds offline.

The conventions a page follows (written up for contributors in docs/contributing.md):

- A ``python`` block runs in a fresh working folder.
- ``<!-- continues -->`` on the line before a ``python`` block runs it after the python
  block before it on the same page, in the same namespace: together they are a chain.
- ``<!-- file: PATH -->`` before a block makes it a file an example reads: it is written,
  as shown, to PATH in the working folder of the next python block's chain.
- ``<!-- output -->`` before a ``text`` block shows what the examples above it printed:
  the chain before it must print that text.
- A ``python title="signature"`` block states signatures, one call per line group; each
  must match the code (names, kinds, defaults, and the annotations it shows).
- ``sh``, ``text``, ``yaml``, ``mermaid``, ``jinja`` and ``json`` blocks are commands,
  output or files, and do not run; the ``glueforge`` command lines in ``sh`` and ``yaml``
  blocks are parsed by tests/cli/test_cli_readme.py.

No block may use a name it does not define or import: pyflakes checks each chain.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import importlib
import importlib.util
import inspect
import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyflakes.api
import pyflakes.reporter
import pytest
import yaml

import glueforge

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(p for p in DOCS.rglob("*.md") if "_ext" not in p.parts)]
GUIDES = [
    "crawlers",
    "connectors",
    "jobs",
    "pipelines",
    "databrew",
    "local-runs",
    "operations",
    "cost-and-checks",
    "multi-stack",
]
# Fence languages that do not run: shell commands, program output, files.
NOT_RUN = {"sh", "text", "yaml", "mermaid", "jinja", "json"}
CONTINUES = "<!-- continues -->"
OUTPUT = "<!-- output -->"
FILE = re.compile(r"^<!-- file: (\S+) -->$")
SIGNATURE = 'title="signature"'


@dataclass(frozen=True)
class Block:
    """One fenced block of a page."""

    path: Path
    line: int  # of the first line of code, 1-based
    info: str  # the fence's info string, e.g. 'python title="signature"'
    code: str
    marker: str  # the line before the fence

    @property
    def language(self) -> str:
        return self.info.split()[0] if self.info else ""

    @property
    def where(self) -> str:
        path = self.path.relative_to(ROOT) if ROOT in self.path.parents else self.path
        return f"{path}:{self.line}"

    @property
    def file(self) -> str | None:
        match = FILE.match(self.marker)
        return match.group(1) if match else None

    @property
    def is_signature(self) -> bool:
        return self.language == "python" and SIGNATURE in self.info

    @property
    def runs(self) -> bool:
        return self.language == "python" and not self.is_signature and self.file is None

    def padded(self) -> str:
        """The code at its own line numbers, so errors point into the page."""
        return "\n" * (self.line - 1) + self.code


@dataclass
class Chain:
    """Python blocks that run one after the other, and the files they read."""

    blocks: list[Block] = field(default_factory=list)
    files: list[Block] = field(default_factory=list)
    outputs: list[Block] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.blocks[0].where

    @property
    def page(self) -> str:
        return str(self.blocks[0].path.relative_to(ROOT))

    @property
    def source(self) -> str:
        """Every block at its own line numbers, gaps as blank lines (for pyflakes)."""
        text = ""
        for block in self.blocks:
            text += "\n" * (block.line - 1 - text.count("\n")) + block.code
        return text

    def has(self, text: str) -> bool:
        return any(text in block.code for block in self.blocks)


def blocks(path: Path) -> list[Block]:
    """Every fenced block of a Markdown page, in order."""
    lines = path.read_text().splitlines()
    found = []
    index = 0
    while index < len(lines):
        fence = re.match(r"^(`{3,})(.*)$", lines[index])
        if fence:
            ticks, info = fence.group(1), fence.group(2).strip()
            end = next(i for i in range(index + 1, len(lines)) if lines[i] == ticks)
            marker = lines[index - 1].strip() if index else ""
            code = "\n".join(lines[index + 1 : end]) + "\n"
            found.append(Block(path, index + 2, info, code, marker))
            index = end
        index += 1
    return found


def chains(path: Path) -> list[Chain]:
    """The page's python blocks grouped into chains, with the file blocks they read."""
    found: list[Chain] = []
    pending_files: list[Block] = []
    for block in blocks(path):
        if block.file is not None:
            pending_files.append(block)
            continue
        if block.marker == OUTPUT:
            assert found, f"{block.where}: {OUTPUT} before the page's first python block"
            found[-1].outputs.append(block)
            continue
        if not block.runs:
            continue
        if block.marker == CONTINUES:
            assert found, f"{block.where}: {CONTINUES} on the page's first python block"
            found[-1].blocks.append(block)
        else:
            found.append(Chain())
            found[-1].blocks.append(block)
        found[-1].files.extend(pending_files)
        pending_files = []
    return found


ALL_CHAINS = [chain for page in PAGES for chain in chains(page)]


def chain_with(page: str, text: str) -> Chain:
    """The one chain of ``page`` (relative to the repository) whose code holds ``text``."""
    [chain] = [c for c in chains(ROOT / page) if c.has(text)]
    return chain


@dataclass
class ChainRun:
    namespace: dict[str, Any]
    stdout: str
    workdir: Path


def run_chain(chain: Chain, workdir: Path) -> ChainRun:
    """Run ``chain`` in ``workdir``, its files written first.

    Each ``App()`` writes its assembly to a temporary folder of its own (aws-cdk-lib's
    default: the jsii runtime started before any example, so ``CDK_OUTDIR`` set here
    would not reach it).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    for file in chain.files:
        target = workdir / file.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.code)
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    stdout = io.StringIO()
    cwd = os.getcwd()
    os.chdir(workdir)
    try:
        with contextlib.redirect_stdout(stdout):
            for block in chain.blocks:
                exec(compile(block.padded(), str(block.path), "exec"), namespace)
    finally:
        os.chdir(cwd)
    return ChainRun(namespace, stdout.getvalue(), workdir)


_RUNS: dict[str, ChainRun] = {}


def cached_run(chain: Chain, tmp_path_factory: pytest.TempPathFactory) -> ChainRun:
    """Runs ``chain`` once per test session; later calls get the same run."""
    if chain.id not in _RUNS:
        _RUNS[chain.id] = run_chain(chain, tmp_path_factory.mktemp("example"))
    return _RUNS[chain.id]


@pytest.fixture(scope="session")
def docs_run(tmp_path_factory):
    """``docs_run(chain)``: the chain's run, made once per test session."""
    return lambda chain: cached_run(chain, tmp_path_factory)


# ---- every block ----------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_block_says_what_it_is(page):
    assert block_problems(page) == []


def block_problems(page: Path) -> list[str]:
    """Blocks whose fence or marker breaks the conventions."""
    problems = []
    for block in blocks(page):
        if block.language not in {"python", *NOT_RUN}:
            problems.append(
                f"{block.where}: fence language {block.info!r}: use python, or one of "
                f"{sorted(NOT_RUN)} for commands, output and files"
            )
        if block.marker == CONTINUES and not block.runs:
            problems.append(f"{block.where}: only a python example can continue another")
        if block.marker == OUTPUT and block.language != "text":
            problems.append(f"{block.where}: output goes in a text block")
        shell_like = any(line.startswith("glueforge ") for line in block.code.splitlines())
        if shell_like and block.file is None and block.language not in ("sh", "yaml"):
            problems.append(f"{block.where}: glueforge command lines go in sh blocks")
    return problems


def test_a_block_that_breaks_the_conventions_is_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "```\nglueforge check\n```\n\n```bash\nmake test\n```\n\n"
        "<!-- continues -->\n```text\nx\n```\n\n<!-- output -->\n```python\nx = 1\n```\n"
    )
    assert block_problems(page) == [
        f"{page}:2: fence language '': use python, or one of {sorted(NOT_RUN)} for "
        "commands, output and files",
        f"{page}:2: glueforge command lines go in sh blocks",
        f"{page}:6: fence language 'bash': use python, or one of {sorted(NOT_RUN)} for "
        "commands, output and files",
        f"{page}:11: only a python example can continue another",
        f"{page}:16: output goes in a text block",
    ]
    first = tmp_path / "first.md"
    first.write_text("<!-- continues -->\n```python\nx = 1\n```\n")
    with pytest.raises(AssertionError, match="on the page's first python block"):
        chains(first)


def test_output_the_example_did_not_print_is_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```python\nprint('hello')\n```\n\n<!-- output -->\n```text\nbye\n```\n")
    [chain] = chains(page)
    assert output_problems(chain, run_chain(chain, tmp_path / "run").stdout) == [
        f"{page}:7 is not what the example printed"
    ]


def test_there_are_examples_on_every_guide_page():
    pages = {chain.page for chain in ALL_CHAINS}
    assert {f"docs/{guide}.md" for guide in GUIDES} <= pages
    assert "README.md" in pages


@pytest.mark.parametrize("chain", ALL_CHAINS, ids=[c.id for c in ALL_CHAINS])
def test_example_names_are_defined(chain):
    messages = io.StringIO()
    reporter = pyflakes.reporter.Reporter(messages, messages)
    pyflakes.api.check(chain.source, str(chain.blocks[0].path), reporter)
    assert messages.getvalue() == ""


@pytest.mark.parametrize("chain", ALL_CHAINS, ids=[c.id for c in ALL_CHAINS])
def test_example_runs(chain, docs_run):
    assert output_problems(chain, docs_run(chain).stdout) == []


def output_problems(chain: Chain, printed: str) -> list[str]:
    """The chain's output blocks that are not what it printed."""
    return [
        f"{output.where} is not what the example printed"
        for output in chain.outputs
        if output.code not in printed
    ]


def test_a_continued_block_sees_the_names_before_it(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nx = 1\n```\n\ntext\n\n<!-- continues -->\n```python\nprint(x + 1)\n```\n\n"
        "```python\ny = 2\n```\n"
    )
    first, second = chains(page)
    assert [b.line for b in first.blocks] == [2, 9]
    assert run_chain(first, tmp_path / "run").stdout == "2\n"
    assert first.source.splitlines()[8] == "print(x + 1)"
    assert second.source.strip() == "y = 2"


def test_an_undefined_name_is_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```python\nEtlJob(stack, 'Job', specs=[])\n```\n")
    [chain] = chains(page)
    messages = io.StringIO()
    pyflakes.api.check(chain.source, "page.md", pyflakes.reporter.Reporter(messages, messages))
    assert "undefined name 'EtlJob'" in messages.getvalue()
    assert "undefined name 'stack'" in messages.getvalue()


def test_output_blocks_belong_to_the_example_above(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```python\nprint('hi')\n```\n\n<!-- output -->\n```text\nhi\n```\n")
    [chain] = chains(page)
    assert [o.code for o in chain.outputs] == ["hi\n"]
    assert run_chain(chain, tmp_path / "run").stdout == "hi\n"


def test_a_file_block_is_written_for_the_next_example(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- file: t/a.txt -->\n```text\nhello\n```\n\n"
        "```python\nfrom pathlib import Path\nprint(Path('t/a.txt').read_text())\n```\n"
    )
    [chain] = chains(page)
    assert run_chain(chain, tmp_path / "run").stdout == "hello\n\n"


# ---- signatures -----------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    where: str
    name: str  # e.g. "Filter", "CrawlerTarget.s3", "glueforge.local.run_job"
    parameters: ast.arguments


def signatures(block: Block) -> list[Signature]:
    """Each ``Name(params)`` of a signature block; a new one starts at column 0."""
    groups: list[list[str]] = []
    for line in block.code.splitlines():
        if not line.strip():
            continue
        if not line[0].isspace() and not line.startswith(")"):
            groups.append([])
        groups[-1].append(line)
    found = []
    for group in groups:
        text = "\n".join(group)
        match = re.match(r"^([\w.]+)\((.*)\)$", text, flags=re.S)
        assert match, f"{block.where}: not a signature: {text!r}"
        name, params = match.groups()
        function = ast.parse(f"def _({params}): pass").body[0]
        found.append(Signature(block.where, name, function.args))
    return found


def resolve(name: str) -> Any:
    """``Filter``, ``CrawlerTarget.s3``, ``Recipe`` (DataBrew) or a full dotted path."""
    parts = name.split(".")
    if parts[0] == "glueforge":
        for split in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:split]))
            except ImportError:
                continue
            for part in parts[split:]:
                obj = getattr(obj, part)
            return obj
    # glueforge's root first, then DataBrew's own namespace
    obj: Any = glueforge if hasattr(glueforge, parts[0]) else glueforge.databrew
    for part in parts:
        obj = getattr(obj, part)
    return obj


def real_parameters(obj: Any) -> list[inspect.Parameter]:
    from constructs import Construct

    if inspect.isclass(obj) and issubclass(obj, Construct):
        # jsii's metaclass hides a construct's own signature behind (*args, **kwargs)
        obj = obj.__init__
    parameters = list(inspect.signature(obj).parameters.values())
    if parameters and parameters[0].name in ("self", "cls"):
        parameters = parameters[1:]
    return parameters


def documented_parameters(arguments: ast.arguments) -> list[tuple[str, Any, Any, Any]]:
    """(name, kind, default node or None, annotation node or None), in order."""
    P = inspect.Parameter
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
    found = [
        (a.arg, P.POSITIONAL_OR_KEYWORD, d, a.annotation)
        for a, d in zip(positional, defaults, strict=True)
    ]
    if arguments.vararg:
        found.append((arguments.vararg.arg, P.VAR_POSITIONAL, None, arguments.vararg.annotation))
    found += [
        (a.arg, P.KEYWORD_ONLY, d, a.annotation)
        for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
    ]
    if arguments.kwarg:
        found.append((arguments.kwarg.arg, P.VAR_KEYWORD, None, arguments.kwarg.annotation))
    return found


def _same_default(documented: ast.expr, real: Any) -> bool:
    from aws_cdk import Duration, RemovalPolicy
    from aws_cdk import aws_logs as logs

    names = {n: getattr(glueforge, n) for n in glueforge.__all__ if n != "databrew"}
    names.update(Duration=Duration, RemovalPolicy=RemovalPolicy, logs=logs)
    value = eval(compile(ast.Expression(documented), "<default>", "eval"), names)
    if isinstance(real, Duration):
        return isinstance(value, Duration) and value.to_seconds() == real.to_seconds()
    return value == real


def _defaults(obj: Any, parameters: list[inspect.Parameter]) -> list[inspect.Parameter]:
    """``parameters``, a dataclass field's ``default_factory`` called for its default."""
    if not dataclasses.is_dataclass(obj):
        return parameters
    factories = {f.name: f.default_factory for f in dataclasses.fields(obj)}
    return [
        p.replace(default=factories[p.name]())
        if factories.get(p.name, dataclasses.MISSING) is not dataclasses.MISSING
        else p
        for p in parameters
    ]


def signature_problems(signature: Signature) -> list[str]:
    obj = resolve(signature.name)
    real = _defaults(obj, real_parameters(obj))
    documented = documented_parameters(signature.parameters)
    problems = []
    real_shape = [(p.name, _kind(p.kind)) for p in real]
    documented_shape = [(name, _kind(kind)) for name, kind, _, _ in documented]
    if real_shape != documented_shape:
        return [f"{signature.name}: parameters {documented_shape}, the code has {real_shape}"]
    for parameter, (name, _, default, annotation) in zip(real, documented, strict=True):
        if parameter.default is inspect.Parameter.empty:
            if default is not None:
                problems.append(f"{signature.name}: {name} has no default in the code")
        elif default is None:
            problems.append(f"{signature.name}: {name} defaults to {parameter.default!r}")
        elif not _same_default(default, parameter.default):
            problems.append(
                f"{signature.name}: {name}={ast.unparse(default)}, the code has "
                f"{parameter.default!r}"
            )
        if annotation is not None and isinstance(parameter.annotation, str):
            shown, actual = ast.unparse(annotation), _normal(parameter.annotation)
            if shown != actual:
                problems.append(f"{signature.name}: {name}: {shown}, the code has {actual}")
    return problems


def _kind(kind: Any) -> str:
    # a positional-only parameter reads the same in the docs
    P = inspect.Parameter
    return "positional" if kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD) else kind.name


def _normal(annotation: str) -> str:
    return ast.unparse(ast.parse(annotation, mode="eval"))


SIGNATURES = [
    s for page in PAGES for block in blocks(page) if block.is_signature for s in signatures(block)
]


@pytest.mark.parametrize("signature", SIGNATURES, ids=[f"{s.where} {s.name}" for s in SIGNATURES])
def test_signature_matches_the_code(signature):
    assert signature_problems(signature) == []


def test_a_wrong_signature_is_caught():
    block = Block(
        ROOT / "docs" / "jobs.md",
        1,
        'python title="signature"',
        "Filter(name, *, input, column=None, op='==', value=None)\n"
        "Join(name: int, *, left, right, on, how='inner')\n",
        "",
    )
    filter_, join = signatures(block)
    assert signature_problems(filter_) == [
        "Filter: parameters [('name', 'positional'), ('input', 'KEYWORD_ONLY'), "
        "('column', 'KEYWORD_ONLY'), ('op', 'KEYWORD_ONLY'), ('value', 'KEYWORD_ONLY')], "
        "the code has [('name', 'positional'), ('input', 'KEYWORD_ONLY'), "
        "('column', 'KEYWORD_ONLY'), ('op', 'KEYWORD_ONLY'), ('value', 'KEYWORD_ONLY'), "
        "('expression', 'KEYWORD_ONLY')]"
    ]
    assert signature_problems(join) == ["Join: name: int, the code has str"]


def test_every_spec_has_a_signature_and_an_example_on_the_jobs_page():
    specs = {
        "S3Source",
        "CatalogSource",
        "JdbcSource",
        "DynamoDBExportSource",
        "Mapping",
        "Filter",
        "Dedupe",
        "Join",
        "Aggregate",
        "Sql",
        "Relationalize",
        "EvaluateDataQuality",
        "S3Sink",
        "CatalogSink",
        "JdbcSink",
        "IcebergSource",
        "IcebergSink",
        "KinesisSource",
        "KafkaSource",
    }
    from glueforge.jobs.specs.base import Spec

    exported = {
        n
        for n in glueforge.__all__
        if inspect.isclass(c := getattr(glueforge, n)) and issubclass(c, Spec)
    }
    assert exported == specs
    page = ROOT / "docs" / "jobs.md"
    shown = {s.name for s in SIGNATURES if s.where.startswith("docs/jobs.md")}
    assert specs <= shown, sorted(specs - shown)
    examples = "".join(b.code for c in chains(page) for b in c.blocks)
    missing = [spec for spec in specs if f"{spec}(" not in examples]
    assert missing == []


# ---- what particular examples show ----------------------------------------------------


def test_connectors_example_runs(docs_run):
    run = docs_run(chain_with("docs/connectors.md", "JdbcConnection.from_rds_instance"))
    namespace = run.namespace
    assert namespace["orders"].engine.connection_type == "postgresql"
    assert sorted(namespace["deploy_time"]) == ["dynamodb.s3.bucket", "dynamodb.tableArn"]
    template = namespace["app"].synth().get_stack_by_name("Sources").template
    types = [r["Type"] for r in template["Resources"].values()]
    assert types.count("AWS::Glue::Connection") == 1


def test_pipelines_example_runs(docs_run):
    from tests.pipelines.test_pipeline import NIGHTLY_MERMAID

    run = docs_run(chain_with("docs/pipelines.md", "nightly.to_mermaid()"))
    assert run.stdout == NIGHTLY_MERMAID + "\n"
    template = run.namespace["app"].synth().get_stack_by_name("Pipelines").template
    types = [r["Type"] for r in template["Resources"].values()]
    assert types.count("AWS::Glue::Trigger") == 4
    assert types.count("AWS::Events::Rule") == 1


def test_cost_example_runs_within_its_budgets(docs_run):
    run = docs_run(chain_with("docs/cost-and-checks.md", "enable_checks(app"))
    assert run.namespace["job"].cost_inputs.worst_per_run()[0] == 2 * 1 * 1.0 * 0.44


def test_ci_jobs_run_glueforge_check():
    page = ROOT / "docs" / "cost-and-checks.md"
    yaml_blocks = [b.code for b in blocks(page) if b.language == "yaml"]
    assert len([b for b in yaml_blocks if "glueforge check\n" in b]) == 2


def test_job_scripts_live_under_the_job_name(docs_run):
    chain = chain_with("docs/jobs.md", 'job_name="sales-orders"')
    run = docs_run(chain)
    job = run.namespace["sales"]
    assert job.script_name == "sales_orders.py"
    template = job.stack.resolve(job.resource.command)
    location = template["scriptLocation"]["Fn::Join"][1]
    assert location[-1].endswith("/sales-orders/sales_orders.py")
    assert "/sales-orders/sales_orders.py`" in (ROOT / "docs" / "jobs.md").read_text()


def test_the_multi_stack_platform_works_with_the_offline_commands(docs_run, tmp_path):
    """The two-stack platform, written from the docs: role, connection, buckets passed in."""
    from click.testing import CliRunner

    from glueforge.cli import cli

    run = docs_run(chain_with("docs/multi-stack.md", "class Foundation(Stack)"))
    app = ["--app", str(run.namespace["report"].outdir)]
    for args in (
        ["check", *app],
        ["render", *app, "-o", str(tmp_path / "scripts")],
        ["cost", *app],
        ["graph", *app, "-o", str(tmp_path / "graphs")],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, f"glueforge {' '.join(args)}:\n{result.output}"
    assert sorted(p.name for p in (tmp_path / "scripts").rglob("*.py")) == [
        "lake_customers.py",
        "lake_orders.py",
    ]


# ---- the site -------------------------------------------------------------------------


def _mkdocs_config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs' own tags, should the config use them
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)


def _nav_pages(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for v in nav.values() for p in _nav_pages(v)]
    return [p for item in nav for p in _nav_pages(item)]


def test_every_page_is_in_the_nav():
    pages = {str(p.relative_to(DOCS)) for p in PAGES if DOCS in p.parents}
    assert sorted(_nav_pages(_mkdocs_config()["nav"])) == sorted(pages)


def test_the_site_needs_no_network():
    config = _mkdocs_config()
    assert config["theme"]["font"] is False  # no Google Fonts
    assert "extra_javascript" not in config and "extra_css" not in config
    assert "analytics" not in config.get("extra", {})
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert plugins == ["search", "mkdocstrings"]  # Material's "offline" loads from unpkg
    python = config["plugins"][1]["mkdocstrings"]["handlers"]["python"]
    assert "inventories" not in python  # each would be fetched at build time


def test_the_api_reference_covers_the_public_api():
    api = "\n".join(p.read_text() for p in (DOCS / "api").glob("*.md"))
    documented = set(re.findall(r"^::: glueforge\.(\w+)$", api, flags=re.M))
    public = set(glueforge.__all__) - {"__version__", "databrew"}
    assert public - documented == set()
    listed = set(re.findall(r"\]\[glueforge\.(\w+)\]", (DOCS / "api" / "index.md").read_text()))
    assert listed == public
    [members] = re.findall(r"members: \[(.*)\]", (DOCS / "api" / "databrew.md").read_text())
    assert {m.strip() for m in members.split(",")} == set(glueforge.databrew.__all__)


def test_sphinx_roles_become_code():
    spec = importlib.util.spec_from_file_location("sphinx_roles", DOCS / "_ext" / "sphinx_roles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.plain(":class:`~glueforge.Crawler` and :meth:`from_job_name`") == (
        "`Crawler` and `from_job_name`"
    )
    assert module.plain(":mod:`glueforge.security.configuration`") == (
        "`glueforge.security.configuration`"
    )


def test_the_readme_stays_short_and_links_to_every_guide():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 120
    links = set(re.findall(r"\]\((docs/[^)#]+)", readme))
    assert {f"docs/{guide}.md" for guide in GUIDES} <= links
    assert [link for link in links if not (ROOT / link).is_file()] == []


@pytest.mark.slow
def test_docs_build_strict_and_offline(tmp_path):
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    fetched = []
    for page in site.rglob("*.html"):
        text = page.read_text()
        fetched += re.findall(r"<(?:script|link|img)[^>]+(?:src|href)=\"(?:https?:)?//[^\"]+", text)
    assert fetched == []
    assert (site / "api" / "jobs.html").is_file()
    assert "Relationalize" in (site / "api" / "jobs.html").read_text()
