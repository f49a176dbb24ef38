"""One type per column, whatever the reader (issue 16).

The Parquet export read by pandas, DuckDB and polars, and ``to_dataframes``, give
each column the type docs/tables.md lists for its kind (the dicts in
hotparse.tabular.arrow, which scripts/gen_tables_doc.py renders); SQLite and CSV
keep the documented text forms.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sqlite3
from pathlib import Path

import pytest

import hotparse
from hotparse.tabular.arrow import ARROW, DUCKDB, PANDAS, POLARS
from hotparse.tabular.schema import ALL_TABLES, Kind
from tests.conftest import FIXTURES, require

ARCHIVE = ("basic.md", "range.md", "title-markup.md", "hand-pasted.md", "mojibake-cp1254.md")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require("pyarrow")
    folder = tmp_path_factory.mktemp("types")
    posts = [hotparse.load(FIXTURES / name) for name in ARCHIVE]
    hotparse.export(posts, folder / "pq", format="parquet")
    hotparse.export(posts, folder / "csv", format="csv")
    hotparse.export(posts, folder / "hot.db")
    return folder


@pytest.mark.parametrize("table", ALL_TABLES, ids=[t.name for t in ALL_TABLES])
def test_pandas_read_parquet_and_to_dataframes_agree(exported: Path, table: object) -> None:
    pd = require("pandas")
    frames = hotparse.to_dataframes(hotparse.load(FIXTURES / name) for name in ARCHIVE)
    read = pd.read_parquet(exported / "pq" / f"{table.name}.parquet")  # type: ignore[attr-defined]
    ours = frames[table.name]  # type: ignore[attr-defined]
    for column in table.columns:  # type: ignore[attr-defined]
        assert str(read[column.name].dtype) == str(ours[column.name].dtype) == PANDAS[column.kind], column.name
    assert len(read) == len(ours)


@pytest.mark.parametrize("table", ALL_TABLES, ids=[t.name for t in ALL_TABLES])
def test_duckdb_and_polars_read_the_documented_types(exported: Path, table: object) -> None:
    duckdb = require("duckdb")
    pl = require("polars")
    path = exported / "pq" / f"{table.name}.parquet"  # type: ignore[attr-defined]
    described = {
        row[0]: row[1] for row in duckdb.connect().execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    }
    schema = pl.read_parquet(path).schema
    arrow = require("pyarrow.parquet").read_schema(path)
    for column in table.columns:  # type: ignore[attr-defined]
        assert str(arrow.field(column.name).type) == ARROW[column.kind], column.name
        assert described[column.name] == DUCKDB[column.kind], column.name
        assert str(schema[column.name]) == POLARS[column.kind], column.name


def test_lists_and_pairs_hold_their_items(exported: Path) -> None:
    pd = require("pandas")
    posts = pd.read_parquet(exported / "pq" / "posts.parquet")
    assert next(iter(posts["tags"].iloc[0])) == "arXiv" and all(isinstance(t, str) for t in posts["tags"].iloc[0])
    papers = pd.read_parquet(exported / "pq" / "arxiv_papers.parquet")
    days = papers["days"].iloc[0]
    assert len(days) >= 1 and all(isinstance(day, dt.date) for day in days)
    assert papers["first_day"].dt.year.min() == 2021  # .dt works on the date columns
    assert str(papers["counted_at"].dt.tz) == "UTC"


def test_extra_is_key_and_json_value_pairs(tmp_path: Path) -> None:
    pd = require("pandas")
    text = (FIXTURES / "basic.md").read_text(encoding="utf-8")
    post = hotparse.parse(text.replace("draft: false", "draft: false\nrating: 5\nnote: hi", 1), source="x.md")
    assert dict(post.extra) == {"rating": 5, "note": "hi"}
    hotparse.export([post], tmp_path / "pq", format="parquet")
    hotparse.export([post], tmp_path / "x.db")
    extra = list(pd.read_parquet(tmp_path / "pq" / "posts.parquet")["extra"].iloc[0])
    assert sorted((pair["key"], json.loads(pair["value"])) for pair in extra) == [("note", "hi"), ("rating", 5)]
    with sqlite3.connect(tmp_path / "x.db") as conn:
        assert json.loads(conn.execute("SELECT extra FROM posts").fetchone()[0]) == {"rating": 5, "note": "hi"}


_FORMS: dict[Kind, str] = {
    "integer": r"-?\d+",
    "real": r"-?\d+(\.\d+)?(e-?\d+)?",
    "boolean": r"true|false",
    "date": r"\d{4}-\d{2}-\d{2}",
    "datetime": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z",
}


def test_csv_and_sqlite_keep_their_text_forms(exported: Path) -> None:
    conn = sqlite3.connect(exported / "hot.db")
    for table in ALL_TABLES:
        with (exported / "csv" / f"{table.name}.csv").open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        stored = conn.execute(f"SELECT * FROM [{table.name}]").fetchall()
        assert len(rows) == len(stored), table.name
        for column in table.columns:
            values = [row[column.name] for row in rows if row[column.name] != ""]
            if column.kind in _FORMS:
                assert all(re.fullmatch(_FORMS[column.kind], v) for v in values), (table.name, column.name)
            elif column.kind in ("text_list", "date_list"):
                assert all(isinstance(json.loads(v), list) for v in values), (table.name, column.name)
            elif column.kind == "pairs":
                assert all(isinstance(json.loads(v), dict) for v in values), (table.name, column.name)
        index = table.names.index
        for column in table.columns:
            if column.kind in ("date", "datetime"):
                got = {row[index(column.name)] for row in stored} - {None}
                assert all(re.fullmatch(_FORMS[column.kind], v) for v in got), (table.name, column.name)
    conn.close()
