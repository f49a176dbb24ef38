"""The exported database opens in Datasette with no configuration: search, facets, links.

Datasette really runs here, on 127.0.0.1 and a free port, and is stopped at the end.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hotparse.cli import main
from hotparse.tabular.query import register
from tests.conftest import FIXTURES, datasette_serving, require

ARCHIVE = ("basic.md", "range.md", "title-markup.md", "hand-pasted.md", "mojibake-cp1254.md")


def _get(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    require("datasette")
    folder = tmp_path_factory.mktemp("datasette")
    db = folder / "hot.db"
    meta = folder / "metadata.json"
    argv = ["export", *(str(FIXTURES / name) for name in ARCHIVE), "-o", str(db), "--metadata", str(meta)]
    assert main(argv) == 0
    with datasette_serving(db, meta) as base:
        yield base, db


def test_full_text_search(served: tuple[str, Path]) -> None:
    base, _ = served
    rows = _get(base, "/hot/papers.json?_search=idioms&_shape=array")
    assert [row["title"] for row in rows] == ["Do Multilingual Language Models Dream of Electric Idioms?"]
    rows = _get(base, "/hot/tweets.json?_search=napkin&_shape=array")
    assert [row["author_handle"] for row in rows] == ["priya_venk_"]


def test_facet_counts_match_the_database(served: tuple[str, Path]) -> None:
    base, db = served
    data = _get(base, "/hot/tweets.json?_facet=lang&_size=0")
    facet = {item["value"]: item["count"] for item in data["facet_results"]["lang"]["results"]}
    with sqlite3.connect(db) as conn:
        want = dict(conn.execute("SELECT lang, count(*) FROM tweets WHERE lang IS NOT NULL GROUP BY lang"))
    assert facet == want and facet["ja"] >= 2


def test_post_id_links_to_the_post(served: tuple[str, Path]) -> None:
    base, _ = served
    rows = _get(base, "/hot/papers.json?_labels=on&_shape=array&post_id=hot-papers-2021-04-14")
    assert len(rows) == 3
    assert rows[0]["post_id"] == {"value": "hot-papers-2021-04-14", "label": "Hot Papers 2021-04-14"}
    rows = _get(base, "/hot/tweets.json?_labels=on&_shape=array&author_handle=priya_venk_")
    assert rows[0]["post_id"]["label"] == "Hot Papers 2021-04-14"


def test_metadata_is_served(served: tuple[str, Path]) -> None:
    base, _ = served
    meta = _get(base, "/-/metadata.json")
    assert meta["title"] == "Hot Papers archive"
    columns = meta["databases"]["hot"]["tables"]["papers"]["columns"]
    assert "not only the embedded ones" in columns["retweets"]


# --- issue 16: search box, links both ways, entities, sanitised tweets ---------------


def _html(base: str, path: str) -> str:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def _count(base: str, table: str, search: str) -> int:
    data = _get(base, f"/hot/{table}.json?_search={urllib.parse.quote(search)}&_size=0")
    return int(data["filtered_table_rows_count"])


@pytest.mark.parametrize(
    ("table", "search", "want"),
    [
        ("tweets", "言語", 2),  # two characters: the grams index
        ("tweets", "ベンチマーク", 1),  # Japanese, longer: the trigram index
        ("tweets", "論文 OR napkin", 2),  # raw mode: OR is an operator
        ("tweets", "NAPKIN", 1),  # case-insensitive
        ("papers", '"Electric Idioms"', 1),  # a phrase
        ("papers", "atten*", 2),  # a prefix: Attention, Attend
        ("papers", "ention", 2),  # any part of a word
    ],
)
def test_search_box(served: tuple[str, Path], table: str, search: str, want: int) -> None:
    base, db = served
    assert _count(base, table, search) == want
    # the box runs the search view's MATCH; the same SQL on the database agrees
    # (with hotparse's match function, which the plugin registers in Datasette)
    with sqlite3.connect(db) as conn:
        register(conn)
        got = conn.execute(
            f"SELECT count(*) FROM {table} WHERE rowid IN "
            f"(SELECT rowid FROM {table}_search WHERE {table}_search MATCH ?)", [search]
        ).fetchone()[0]
    assert got == want


def test_tweet_links_to_its_paper_and_the_paper_lists_its_tweets(served: tuple[str, Path]) -> None:
    base, _ = served
    tweet = _html(base, "/hot/tweets/hot-papers-2021-04-14~2F3~2F2")
    assert '<a href="/hot/papers/hot-papers-2021-04-14~2F3">' in tweet
    assert '<a href="/hot/posts/hot-papers-2021-04-14">' in tweet
    assert '<a href="/hot/accounts/d_oyamada">' in tweet
    paper = _html(base, "/hot/papers/hot-papers-2021-04-14~2F3")
    assert "Links from other tables" in paper
    for child in ("tweets", "paper_authors", "paper_categories"):
        assert f'href="/hot/{child}?paper_key=hot-papers-2021-04-14/3"' in paper, child
    assert '<a href="/hot/arxiv_papers/' in paper  # arxiv_id links to its entity row
    listed = _html(base, "/hot/tweets?paper_key=hot-papers-2021-04-14/3")
    assert '<a href="/hot/tweets/hot-papers-2021-04-14~2F3~2F2">' in listed
    # and from the paper's entity row back to the paper
    entity = _get(base, "/hot/arxiv_papers.json?_shape=array&last_paper_key=hot-papers-2021-04-14/3")
    assert len(entity) == 1
    from datasette.utils import tilde_encode

    page = _html(base, f"/hot/arxiv_papers/{tilde_encode(entity[0]['arxiv_id'])}")
    assert '<a href="/hot/papers/hot-papers-2021-04-14~2F3">' in page


def test_entity_tables_hold_one_row_per_paper_and_account(served: tuple[str, Path]) -> None:
    base, db = served
    with sqlite3.connect(db) as conn:
        papers = conn.execute("SELECT count(DISTINCT arxiv_id) FROM papers").fetchone()[0]
        handles = conn.execute("SELECT count(DISTINCT author_handle) FROM tweets").fetchone()[0]
    assert _get(base, "/hot/arxiv_papers.json?_size=0")["filtered_table_rows_count"] == papers
    assert _get(base, "/hot/accounts.json?_size=0")["filtered_table_rows_count"] == handles


HOSTILE = (
    '<blockquote class="twitter-tweet" onmouseover="alert(1)"><p lang="en" dir="ltr">hi '
    '<a href="javascript:alert(2)">click</a> <a href="https://ok.example/">fine</a>'
    '<img src=x onerror="alert(3)"><script>alert(4)</script><style>p{}</style>'
    '<a href="JaVaScRiPt:alert(5)">again</a><iframe src="https://evil.example/"></iframe></p>'
    "</blockquote>"
)


def test_hostile_tweet_html_is_sanitised(served: tuple[str, Path]) -> None:
    base, db = served
    key = "hot-papers-2021-04-14/2/1"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE tweets SET html = ? WHERE tweet_key = ?", [HOSTILE, key])
    for page in (_html(base, "/hot/tweets/hot-papers-2021-04-14~2F2~2F1"),
                 _html(base, "/hot/tweets?tweet_key=" + urllib.parse.quote(key))):
        cell = page.split('<td class="col-html', 1)[1].split("</td>", 1)[0]
        assert '<a href="https://ok.example/"' in cell  # rendered, not escaped
        lowered = cell.lower()
        for bad in ("<script", "alert(4)", "onmouseover", "onerror", "javascript:", "<iframe", "<img", "<style"):
            assert bad not in lowered, bad


def test_tweet_text_links_are_clickable(served: tuple[str, Path]) -> None:
    base, _ = served
    page = _html(base, "/hot/tweets/hot-papers-2021-04-14~2F3~2F2")
    cell = page.split('<td class="col-text', 1)[1].split("</td>", 1)[0]
    assert '<a href="https://t.co/7fOEb3SlxJ" rel="noopener noreferrer nofollow">' in cell


def test_one_search_box_over_papers_and_tweets(served: tuple[str, Path]) -> None:
    """datasette-search-all (the datasette extra) lists both searchable tables; its page
    asks each table's JSON with ?_search=, which the metadata points at the search views."""
    require("datasette_search_all")
    base, _ = served
    page = _html(base, "/-/search?q=" + urllib.parse.quote("言語"))
    assert '"table": "papers"' in page and '"table": "tweets"' in page
    assert '"table": "tweets_fts"' not in page and "_trigram" not in page


def test_internal_tables_are_hidden(served: tuple[str, Path]) -> None:
    """The export's bookkeeping tables are not listed among the archive's tables."""
    base, _ = served
    hidden = {table["name"]: table["hidden"] for table in _get(base, "/hot.json")["tables"]}
    assert hidden["hotparse_sources"] is True
    assert hidden["hotparse_pending"] is True
    assert hidden["papers"] is False
