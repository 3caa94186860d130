"""Local job bookmarks, without Spark: what a run remembers, and what it does not.

Found by mutation testing (``make mutants``, docs/contributing.md): BookmarkStore's file
and JDBC bookkeeping was exercised only through Spark runs, or not at all. The expected
values follow Glue's bookmark semantics as the module states them (state keyed by
transformation_ctx, saved only by ``job.commit()``; files relative to the data folder;
JDBC keys' last values as SQL literals).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from glueforge.local.bookmarks import BookmarkFileError, BookmarkStore


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    (folder / "orders").mkdir(parents=True)
    for name in ("a.csv", "b.csv", "c.csv"):
        (folder / "orders" / name).write_text("id\n1\n")
    return folder


def _store(data):
    return BookmarkStore(data / ".glueforge" / "bookmarks" / "job.json", data)


def test_a_new_store_without_a_file_remembers_nothing(data):
    store = _store(data)
    assert store.path == data / ".glueforge" / "bookmarks" / "job.json"
    assert store.state == {} and store.pending == {}
    assert not store.path.exists()  # reading creates nothing


def test_first_run_processes_every_file_and_stages_them_sorted(data):
    store = _store(data)
    files = [data / "orders" / n for n in ("c.csv", "a.csv")]
    assert store.new_files("orders_source", files) == files
    # staged, relative to the data folder, sorted; nothing saved before commit()
    assert store.pending == {"orders_source": {"files": ["orders/a.csv", "orders/c.csv"]}}
    assert store.state == {}
    assert not store.path.exists()


def test_commit_saves_and_the_next_run_processes_only_new_files(data):
    first = _store(data)
    first.new_files("orders_source", [data / "orders" / "a.csv"])
    first.commit()
    assert first.pending == {}
    assert json.loads(first.path.read_text()) == {"orders_source": {"files": ["orders/a.csv"]}}
    assert not first.path.with_suffix(".tmp").exists()  # written whole, then renamed

    second = _store(data)
    files = [data / "orders" / n for n in ("a.csv", "b.csv")]
    assert second.new_files("orders_source", files) == [data / "orders" / "b.csv"]
    # the staged state keeps the old file as well as the new one
    assert second.pending["orders_source"] == {"files": ["orders/a.csv", "orders/b.csv"]}
    # another transformation_ctx has its own state
    assert second.new_files("other", files) == files


def test_a_run_that_does_not_commit_reprocesses_next_time(data):
    first = _store(data)
    first.new_files("orders_source", [data / "orders" / "a.csv"])  # no commit: a failed run
    assert _store(data).new_files("orders_source", [data / "orders" / "a.csv"]) == [
        data / "orders" / "a.csv"
    ]


def test_a_file_outside_the_data_folder_is_remembered_by_its_absolute_path(data, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("id\n")
    store = _store(data)
    store.new_files("ctx", [outside])
    assert store.pending["ctx"] == {"files": [str(outside.resolve())]}


def test_jdbc_bookmark_is_staged_as_values_and_sql_literals(data):
    store = _store(data)
    assert store.jdbc_after("orders_jdbc") is None  # never ran: read everything
    store.stage_jdbc("orders_jdbc", ["id", "name"], "desc", [Decimal("12.50"), "O'Brien"])
    assert store.pending["orders_jdbc"] == {
        "keys": ["id", "name"],
        "order": "desc",
        "last": ["12.50", "O'Brien"],  # a Decimal is kept as its exact text
        "last_sql": ["12.50", "'O''Brien'"],  # SQL doubles a quote inside a literal
    }
    assert store.jdbc_after("orders_jdbc") is None  # staged only: not read until commit
    store.commit()
    assert _store(data).jdbc_after("orders_jdbc") == ["12.50", "'O''Brien'"]


def test_booleans_and_integers_are_sql_literals_not_strings(data):
    store = _store(data)
    store.stage_jdbc("ctx", ["active", "id"], "asc", [True, 7])
    assert store.pending["ctx"]["last"] == [True, 7]
    assert store.pending["ctx"]["last_sql"] == ["TRUE", "7"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{", "is not JSON"),
        ('{"ctx": 3}', "is not a bookmark file"),
        ("[]", "is not a bookmark file"),
    ],
)
def test_a_broken_bookmark_file_says_how_to_recover(data, text, problem):
    path = data / ".glueforge" / "bookmarks" / "job.json"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    with pytest.raises(BookmarkFileError) as caught:
        BookmarkStore(path, data)
    message = str(caught.value)
    assert f"bookmark file {path} {problem}" in message
    assert message.endswith("fix it, or delete it to process every input again")
    assert caught.value.exit_code == 2


def test_the_file_is_indented_sorted_json_and_commits_again_into_its_folder(data):
    import datetime

    store = _store(data)
    # a timestamp bookmark key is saved as its text (JSON has no timestamp type)
    store.stage_jdbc("z_ctx", ["ts"], "asc", [datetime.datetime(2027, 1, 2, 3, 4, 5)])
    store.new_files("a_ctx", [data / "orders" / "a.csv"])
    store.commit()
    store.new_files("a_ctx", [data / "orders" / "b.csv"])
    store.commit()  # the folder exists now: a second commit must not fail on it
    assert store.path.read_text() == (
        "{\n"
        '  "a_ctx": {\n'
        '    "files": [\n'
        '      "orders/a.csv",\n'
        '      "orders/b.csv"\n'
        "    ]\n"
        "  },\n"
        '  "z_ctx": {\n'
        '    "keys": [\n'
        '      "ts"\n'
        "    ],\n"
        '    "last": [\n'
        '      "2027-01-02 03:04:05"\n'
        "    ],\n"
        '    "last_sql": [\n'
        "      \"'2027-01-02 03:04:05'\"\n"
        "    ],\n"
        '    "order": "asc"\n'
        "  }\n"
        "}"
    )
