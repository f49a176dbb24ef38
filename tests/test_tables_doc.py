"""docs/tables.md matches the code, and every SQL example in it runs.

A ```sql block starts with a comment naming its engine: ``-- SQLite`` blocks
run on a database exported from the fixture posts, ``-- DuckDB`` blocks in a
folder holding ``tables/`` (the same posts exported as Parquet).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from hotparse.cli import main
from hotparse.tabular import TABLES
from hotparse.tabular.query import register
from scripts.gen_tables_doc import END, START, generate
from tests.conftest import FIXTURES, ROOT, require

PAGE = ROOT / "docs" / "tables.md"
ARCHIVE = ("basic.md", "range.md", "title-markup.md", "hand-pasted.md", "mojibake-cp1254.md")


def _sql_blocks() -> list[tuple[int, str, str]]:
    text = PAGE.read_text(encoding="utf-8")
    blocks = []
    for match in re.finditer(r"^```sql\n(.*?)^```$", text, re.M | re.S):
        code = match.group(1)
        engine = code.split("\n", 1)[0].removeprefix("-- ").split(":")[0].strip()
        blocks.append((text.count("\n", 0, match.start()) + 1, engine, code))
    return blocks


BLOCKS = _sql_blocks()


def test_schema_section_is_up_to_date() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert START + page.split(START, 1)[1].split(END, 1)[0] + END == generate(), (
        "run: python scripts/gen_tables_doc.py"
    )


def test_every_table_and_column_is_documented() -> None:
    section = generate()
    for table in TABLES:
        part = section.split(f"### {table.name}\n", 1)[1].split("###", 1)[0]
        for name in table.names:
            assert f"| `{name}` |" in part, f"{table.name}.{name}"


def test_blocks_name_their_engine() -> None:
    assert {engine for _, engine, _ in BLOCKS} == {"SQLite", "DuckDB"}
    assert sum(engine == "DuckDB" for _, engine, _ in BLOCKS) >= 4


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tables-doc")
    inputs = [str(FIXTURES / name) for name in ARCHIVE]
    assert main(["export", *inputs, "-o", str(folder / "hot.db")]) == 0
    assert main(["export", *inputs, "-o", str(folder / "tables"), "--format", "parquet"]) == 0
    return folder


@pytest.mark.parametrize(("line", "engine", "code"), BLOCKS, ids=[f"tables.md:{b[0]}" for b in BLOCKS])
def test_sql_example_runs(
    line: int, engine: str, code: str, exported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine == "SQLite":
        with sqlite3.connect(exported / "hot.db") as conn:
            register(conn)  # the search views' match (Datasette's plugin registers it)
            rows = conn.execute(code).fetchall()
    else:
        duckdb = require("duckdb")
        monkeypatch.chdir(exported)
        rows = duckdb.connect().execute(code).fetchall()
    assert rows, f"tables.md:{line}: the example returns no row on the fixture posts"
