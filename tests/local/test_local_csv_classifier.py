"""Glue's built-in CSV classifier rules, as ``local-crawl`` applies them.

Every expectation is written by hand from the Glue Developer Guide, "Built-in CSV
classifier" (https://docs.aws.amazon.com/glue/latest/dg/add-classifier.html
#classifier-builtin-rules): the delimiters it checks, "at least two columns and two rows",
the four header rules, and "column headers are displayed as col1, col2, col3".
"""

from __future__ import annotations

import pytest

from glueforge.local import LocalRunError
from glueforge.local.csv_classifier import CsvLayout, classify, classify_files, header_problems


def _layout(tmp_path, text, name="part.csv"):
    path = tmp_path / name
    path.write_text(text)
    return classify(path)


def test_a_header_row_names_the_columns(tmp_path):
    layout = _layout(tmp_path, "id,name,amount\n1,ann,2.5\n2,bob,3\n")
    assert layout == CsvLayout(",", ("id", "name", "amount"), 3)
    assert layout.column_names() == ["id", "name", "amount"]


def test_all_string_rows_have_no_header(tmp_path):
    # rule 4: "If all columns are of type STRING, then the first row of data is not
    # sufficiently different from subsequent rows to be used as the header"
    layout = _layout(tmp_path, "name,city\nann,paris\nbob,rome\n")
    assert layout.header is None
    assert layout.column_names() == ["col1", "col2"]
    assert layout.header_problems == ("every column of the data rows is a string too",)


def test_a_file_without_header_is_named_col1_col2(tmp_path):
    layout = _layout(tmp_path, "1,ann,2.5\n2,bob,3\n")
    assert layout.header is None
    assert layout.column_names() == ["col1", "col2", "col3"]


def test_a_header_cell_that_is_a_number_makes_the_row_data(tmp_path):
    # rule 1: every column in a potential header parses as a STRING
    layout = _layout(tmp_path, "id,2024\n1,2\n3,4\n")
    assert layout.header is None
    rows = [["id", "2024"], ["1", "2"], ["3", "4"]]
    assert header_problems(rows, False) == [
        "not every column parses as a string: '2024' is a bigint"
    ]


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("true", "boolean"),
        ("2.5", "double"),
        ("2026-01-02", "date"),
        ("2026-01-02 10:00:00", "timestamp"),
    ],
)
def test_header_cells_of_other_types_are_no_header(tmp_path, cell, kind):
    rows = [["id", cell], ["1", "x"], ["2", "y"]]
    assert header_problems(rows, False) == [
        f"not every column parses as a string: {cell!r} is a {kind}"
    ]


def test_a_header_cell_of_150_characters_but_the_last_is_too_long(tmp_path):
    # rule 2: "Except for the last column, every column in a potential header has content
    # that is fewer than 150 characters"
    long = "a" * 150
    assert _layout(tmp_path, f"{long},id\nx,1\ny,2\n").header is None
    assert _layout(tmp_path, f"{'a' * 149},id\nx,1\ny,2\n").header == ("a" * 149, "id")
    # the last column has no 150 limit, only a column name's 255
    assert _layout(tmp_path, f"id,{long}\n1,x\n2,y\n").header == ("id", long)
    assert _layout(tmp_path, f"id,{'a' * 256}\n1,x\n2,y\n").header is None


def test_an_empty_header_cell_is_no_header(tmp_path):
    layout = _layout(tmp_path, "id,,amount\n1,x,2\n2,y,3\n")
    assert layout.header is None
    assert header_problems([["id", "", "amount"], ["1", "x", "2"]], False) == ["column 2 is empty"]


def test_a_header_cell_that_is_no_column_name(tmp_path):
    # rule 3: a column name is one line (Glue API Column.Name, single-line pattern)
    layout = _layout(tmp_path, '"first\nname",id\nann,1\nbob,2\n')
    assert layout.header is None


def test_a_trailing_delimiter_leaves_the_last_column_empty(tmp_path):
    # rule 2: "To allow for a trailing delimiter, the last column can be empty throughout"
    layout = _layout(tmp_path, "id,name,\n1,ann,\n2,bob,\n")
    assert layout.header == ("id", "name")
    assert layout.trailing_delimiter
    assert layout.column_names() == ["id", "name"]


@pytest.mark.parametrize("separator", ["|", "\t", ";", "\x01"])
def test_the_delimiters_the_page_lists(tmp_path, separator):
    layout = _layout(tmp_path, f"id{separator}name\n1{separator}ann\n2{separator}bob\n")
    assert (layout.separator, layout.header) == (separator, ("id", "name"))


def test_comma_wins_when_it_splits_every_row(tmp_path):
    layout = _layout(tmp_path, "id,note\n1,a;b\n2,c;d\n")
    assert (layout.separator, layout.header) == (",", ("id", "note"))


def test_one_column_is_not_csv(tmp_path):
    with pytest.raises(LocalRunError) as error:
        _layout(tmp_path, "id\n1\n2\n")
    assert str(error.value) == (
        f"{tmp_path / 'part.csv'}: Glue's built-in CSV classifier needs at least two "
        "columns; no delimiter of comma, pipe, tab, semicolon or Ctrl-A splits the first row"
    )


def test_one_row_is_not_csv(tmp_path):
    with pytest.raises(LocalRunError) as error:
        _layout(tmp_path, "id,name\n")
    assert str(error.value) == (
        f"{tmp_path / 'part.csv'}: Glue's built-in CSV classifier needs at least two rows, found 1"
    )


def test_a_header_naming_a_column_twice_is_refused(tmp_path):
    with pytest.raises(LocalRunError) as error:
        _layout(tmp_path, "id,id\n1,2\n3,4\n")
    assert "repeats the column name(s) id" in str(error.value)


def test_files_of_one_table_must_agree(tmp_path):
    (tmp_path / "a.csv").write_text("id,name\n1,ann\n")
    (tmp_path / "b.csv").write_text("2,bob\n3,cy\n")
    with pytest.raises(LocalRunError) as error:
        classify_files(tmp_path, [tmp_path / "a.csv", tmp_path / "b.csv"])
    assert str(error.value) == (
        f"folder {tmp_path}: b.csv (no header, 2 columns; separator ',') and a.csv "
        "(header id, name; separator ',') are laid out differently; crawl them apart"
    )
