"""Control characters in Scala string literals, compiled and run with the real scalac.

scalac decodes ``\\uXXXX`` escapes before it lexes, so the question (issue 17) is whether
``"\\u000a"`` inside a string literal ends the literal. It does not: since Scala 2.11
(SI-6810; scala/scala test/files/neg/t6810.scala: ``val X = "\\u000A" // it's the same
as ordinary string literals``) the scanner ends a string literal only at a raw line end,
not at one written as a unicode escape. Glue 3.0, 4.0 and 5.0 use Scala 2.12, which keeps
that rule. What still breaks out is a ``\\u000a`` in a ``//`` comment; that is the
injection check of jobs/script (tests/core/test_hostile_strings.py).

These tests compile a literal for every control character with the scalac on PATH and
run it, checking that each decodes to exactly the character written.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from glueforge.jobs.script.filters import scala_literal

pytestmark = pytest.mark.skipif(
    shutil.which("scalac") is None or shutil.which("scala") is None,
    reason="scalac is not on PATH (make test installs it)",
)

# C0 controls, DEL, C1's NEL, the Unicode line and paragraph separators, a BOM, and a
# character outside the BMP (a surrogate pair); then the characters that escape the
# escapes: a quote, a backslash, and backslashes before a 'u' that must stay text.
STRINGS = [chr(c) for c in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029, 0xFEFF, 0x1F600]] + [
    '"',
    "\\",
    "\\u000a",
    "\\\\u0022",
    "a\\",
    'line1\nline2\r\n"quoted"\t\\u000a end',
]


@pytest.fixture(scope="module")
def decoded(tmp_path_factory) -> list[str]:
    """What the compiled program prints for each literal: its code points."""
    folder = tmp_path_factory.mktemp("scala-literals")
    items = ",\n".join(f"    {scala_literal(s)}" for s in STRINGS)
    source = (
        "object Literals {\n  val all = Seq(\n" + items + "\n  )\n"
        "  def main(args: Array[String]): Unit =\n"
        '    all.foreach(s => println(s.codePoints.toArray.mkString(",")))\n}\n'
    )
    (folder / "Literals.scala").write_text(source)
    compiled = subprocess.run(
        ["scalac", "-d", str(folder), str(folder / "Literals.scala")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    ran = subprocess.run(
        ["scala", "-cp", str(folder), "Literals"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    return ran.stdout.splitlines()


@pytest.mark.parametrize("index", range(len(STRINGS)), ids=lambda i: repr(STRINGS[i])[:24])
def test_each_literal_compiles_and_decodes_to_the_characters_written(decoded, index):
    expected = ",".join(str(ord(c)) for c in STRINGS[index])
    assert decoded[index] == expected


def test_control_characters_are_written_on_one_line():
    # the property the escapes exist for: no literal spans lines, whatever it holds
    for text in STRINGS:
        assert "\n" not in scala_literal(text) and "\r" not in scala_literal(text)


def test_a_raw_line_end_in_a_literal_would_not_compile(tmp_path):
    # The check above can fail: a literal with a raw line feed is refused by scalac.
    source = 'object Broken { val s = "a\nb" }\n'
    (tmp_path / "Broken.scala").write_text(source)
    result = subprocess.run(
        ["scalac", "-Ystop-after:parser", "-d", str(tmp_path), str(tmp_path / "Broken.scala")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    assert "unclosed string literal" in result.stdout + result.stderr
