"""Datasette's search box on the real archive finds what a plain scan finds, for boolean
queries, punctuation, emoji and text the query grammar cannot read (never an error).

The corpus (../shared/corpus) is exported with its metadata and served by Datasette on
127.0.0.1 (stopped at the end); each query is asked through the table's JSON, as the
box and datasette-search-all's /-/search ask it, and compared with the scan
benchmarks/search_recall.py writes out for each query (``QUERIES``).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hotparse.cli import main
from tests.conftest import SHARED, datasette_serving, require

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from search_recall import QUERIES  # each query and its scan, written out once

CORPUS = SHARED / "corpus"

Scan = Callable[[str], bool]

KEYS = {"tweets": ("tweet_key", ("text",)), "papers": ("paper_key", ("title", "abstract"))}


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    require("datasette")
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus is not at {CORPUS}")
    folder = tmp_path_factory.mktemp("search-box")
    db, meta = folder / "hot.db", folder / "metadata.json"
    assert main(["export", str(CORPUS), "-o", str(db), "--metadata", str(meta)]) == 0
    with datasette_serving(db, meta) as base:
        yield base, db


def _scan(db: Path, table: str, scan: Scan) -> set[str]:
    key, columns = KEYS[table]
    with sqlite3.connect(db) as conn:
        rows = conn.execute(f"SELECT {key}, {', '.join(columns)} FROM [{table}]").fetchall()
    return {row[0] for row in rows if scan("\n".join(v or "" for v in row[1:]).casefold())}


def _box(base: str, table: str, query: str) -> set[str]:
    key, _ = KEYS[table]
    # what datasette-search-all's page fetches, and the box's own form, alike
    url = f"{base}/hot/{table}.json?_shape=objects&_size=max&_search={urllib.parse.quote(query)}"
    data = _get(url)
    count, found = data["filtered_table_rows_count"], {row[key] for row in data["rows"]}
    while data.get("next_url"):  # more than a page (t.co: every tweet with a link)
        data = _get(data["next_url"])
        found.update(row[key] for row in data["rows"])
    assert count == len(found)
    return found


@pytest.mark.parametrize("table", ["tweets", "papers"])
@pytest.mark.parametrize("query", list(QUERIES))
def test_box_finds_what_a_scan_finds(served: tuple[str, Path], table: str, query: str) -> None:
    base, db = served
    want = _scan(db, table, QUERIES[query])
    assert _box(base, table, query) == want


def test_the_queries_find_rows(served: tuple[str, Path]) -> None:
    """The comparisons above are not all of empty sets: most queries find tweets."""
    _, db = served
    found = [q for q in QUERIES if _scan(db, "tweets", QUERIES[q])]
    assert len(found) >= len(QUERIES) - 3, sorted(set(QUERIES) - set(found))


def test_search_all_page_lists_both_tables(served: tuple[str, Path]) -> None:
    base, _ = served
    with urllib.request.urlopen(f"{base}/-/search?q={urllib.parse.quote('C++')}", timeout=60) as response:
        page = response.read().decode("utf-8")
    assert "/hot/tweets" in page and "/hot/papers" in page
