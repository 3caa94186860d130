"""Glue's built-in CSV classifier, as ``local-crawl`` applies it to each CSV file.

The rules are those the Glue Developer Guide lists under "Built-in CSV classifier"
(https://docs.aws.amazon.com/glue/latest/dg/add-classifier.html#classifier-builtin-rules):

- the delimiters checked are comma, pipe, tab, semicolon and Ctrl-A (``\\u0001``);
- to be classified as CSV, a file needs at least two columns and two rows;
- the first row is a header only when all of these hold:

  1. every column in it parses as a STRING (no number, boolean, date or timestamp);
  2. except for the last column, every column in it has content fewer than 150
     characters; the last column may be empty throughout the file (a trailing
     delimiter);
  3. every column in it meets Glue's requirements for a column name (the Glue API's
     ``Column.Name``: 1-255 characters of the single-line string pattern);
  4. it is "sufficiently different" from the data rows: one or more columns of the
     data rows parse as other than STRING. When every column is a STRING the first row
     is data, not a header.
- without a header, "column headers are displayed as col1, col2, col3, and so on".

Where the page says nothing, glueforge chooses and says so: values are trimmed before
their type is judged (the CSV classifier API's ``DisableValueTrimming`` says trimming is
what Glue does unless told otherwise), empty values have no type, the first
:data:`SAMPLE_ROWS` rows are judged, and a header that repeats a column name is refused,
since a table cannot have two columns of one name.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from glueforge.local.errors import LocalRunError

#: the delimiters the built-in classifier checks, in the page's order
DELIMITERS = (",", "|", "\t", ";", "\x01")
#: a header column other than the last must be shorter than this (rule 2)
HEADER_CELL_LIMIT = 150
#: the Glue API's Column.Name: 1-255 characters, single-line string pattern (rule 3)
COLUMN_NAME_MAX = 255
_SINGLE_LINE = re.compile(r"[\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff\t]*")
#: rows read from the start of each file to judge it
SAMPLE_ROWS = 1000

_TYPES = (
    ("bigint", re.compile(r"[+-]?\d+")),
    ("double", re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?|[+-]?(NaN|Infinity)")),
    ("boolean", re.compile(r"(?i:true|false)")),
    ("timestamp", re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?")),
    ("date", re.compile(r"\d{4}-\d{2}-\d{2}")),
)


@dataclass(frozen=True)
class CsvLayout:
    """How a CSV file is laid out: its delimiter and, when it has one, its header."""

    separator: str
    header: tuple[str, ...] | None
    columns: int
    #: the last column is empty throughout the file (a trailing delimiter)
    trailing_delimiter: bool = False
    #: why the first row is no header (the page's rules it breaks); empty with a header
    header_problems: tuple[str, ...] = ()

    def column_names(self) -> list[str]:
        """The table's columns: the header's, or ``col1, col2, ...`` as the page says."""
        if self.header is not None:
            return list(self.header)
        return [f"col{i}" for i in range(1, self.data_columns() + 1)]

    def data_columns(self) -> int:
        return self.columns - 1 if self.trailing_delimiter else self.columns


def value_type(value: str) -> str | None:
    """The type a CSV value parses as: ``None`` when empty, ``string`` when nothing else."""
    text = value.strip()
    if not text:
        return None
    return next((name for name, pattern in _TYPES if pattern.fullmatch(text)), "string")


def classify(path: Path) -> CsvLayout:
    """The layout of one CSV file, as the built-in classifier judges it.

    :raises LocalRunError: when Glue would not classify the file as CSV.
    """
    text = _head(path)
    separator, rows = _split(path, text)
    if len(rows) < 2:
        raise LocalRunError(
            f"{path}: Glue's built-in CSV classifier needs at least two rows, found {len(rows)}"
        )
    columns = len(rows[0])
    trailing = all(len(r) < columns or not r[-1].strip() for r in rows)
    problems = tuple(header_problems(rows, trailing))
    header = None if problems else _header(path, rows, trailing)
    return CsvLayout(separator, header, columns, trailing, problems)


def header_problems(rows: list[list[str]], trailing: bool) -> list[str]:
    """Why the first of ``rows`` is no header, by the page's four rules; empty if it is."""
    first, data = rows[0], rows[1:]
    checked = first[:-1] if trailing else first
    problems = []
    typed = [(c, value_type(c)) for c in checked if value_type(c) not in (None, "string")]
    if typed:
        problems.append(
            "not every column parses as a string: "
            + ", ".join(f"{c.strip()!r} is a {t}" for c, t in typed)
        )
    for i, cell in enumerate(checked):
        last = i == len(first) - 1
        if not cell.strip():
            problems.append(f"column {i + 1} is empty")
        elif not last and len(cell) >= HEADER_CELL_LIMIT:
            problems.append(f"column {i + 1} has {len(cell)} characters (limit 149)")
        elif len(cell) > COLUMN_NAME_MAX or not _SINGLE_LINE.fullmatch(cell):
            problems.append(f"column {i + 1} is no Glue column name (1-255 characters, one line)")
    if not any(_column_type(data, i) not in (None, "string") for i in range(len(checked))):
        problems.append("every column of the data rows is a string too")
    return problems


def _column_type(rows: list[list[str]], index: int) -> str | None:
    """A column's type over ``rows``: one type for all its non-empty values, else string."""
    types = {value_type(r[index]) for r in rows if index < len(r)} - {None}
    if not types:
        return None
    if types <= {"bigint", "double"}:
        return "double" if "double" in types else "bigint"
    if types <= {"date", "timestamp"}:
        return "timestamp" if "timestamp" in types else "date"
    return types.pop() if len(types) == 1 else "string"


def _header(path: Path, rows: list[list[str]], trailing: bool) -> tuple[str, ...]:
    names = [c.strip() for c in (rows[0][:-1] if trailing else rows[0])]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise LocalRunError(
            f"{path}: the header repeats the column name(s) {', '.join(repeated)}; a catalog "
            "table needs one column per name"
        )
    return tuple(names)


def _head(path: Path) -> str:
    """The start of the file: enough bytes for :data:`SAMPLE_ROWS` ordinary rows."""
    with path.open("rb") as handle:
        raw = handle.read(1 << 20)
    if not raw.endswith(b"\n") and len(raw) == 1 << 20:
        raw = raw[: raw.rfind(b"\n") + 1] or raw  # no half row at the cut
    return raw.decode("utf-8", errors="replace")


def _split(path: Path, text: str) -> tuple[str, list[list[str]]]:
    """The first delimiter (in the page's order) that gives the rows 2+ columns each."""
    candidates = []
    for separator in DELIMITERS:
        rows = _rows(text, separator)
        if rows and len(rows[0]) >= 2:
            if all(len(r) == len(rows[0]) for r in rows):
                return separator, rows
            candidates.append((separator, rows))
    if candidates:
        # ragged rows: the run's read mode reports them; the first delimiter still wins
        return candidates[0]
    raise LocalRunError(
        f"{path}: Glue's built-in CSV classifier needs at least two columns; no delimiter "
        "of comma, pipe, tab, semicolon or Ctrl-A splits the first row"
    )


def _rows(text: str, separator: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    rows = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) >= SAMPLE_ROWS:
                break
    except csv.Error:
        pass  # a broken quote further down: judge the rows before it
    return rows


def classify_files(folder: Path, files: list[Path]) -> CsvLayout:
    """One layout for all CSV files of a table folder, or a clear error naming the odd one.

    A crawler would make other tables (or partitions with other schemas) of files laid
    out differently; a local table holds one layout.
    """
    layouts = {f: classify(f) for f in sorted(files)}
    first_file, first = next(iter(layouts.items()))
    for file, layout in layouts.items():
        if (layout.separator, layout.header, layout.data_columns()) != (
            first.separator,
            first.header,
            first.data_columns(),
        ):
            raise LocalRunError(
                f"folder {folder}: {file.name} ({describe(layout)}) and {first_file.name} "
                f"({describe(first)}) are laid out differently; crawl them apart"
            )
    return first


def describe(layout: CsvLayout) -> str:
    """E.g. ``header id, name; separator ','`` or ``no header, 3 columns; separator '|'``."""
    head = (
        f"header {', '.join(layout.header)}"
        if layout.header is not None
        else f"no header, {layout.data_columns()} columns"
    )
    return f"{head}; separator {layout.separator!r}"
