"""``hotparse export`` on the real archive (../shared/corpus; skipped when it is absent).

The tables hold row for row what ``hotparse dump`` gives, in every format.
"""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from hotparse.cli import main
from hotparse.tabular import TABLES
from tests.conftest import CORPUS, corpus_files, require

pytestmark = pytest.mark.skipif(not corpus_files(), reason="../shared/corpus is not present")


def _post_id(post: dict[str, Any]) -> str:
    return post["slug"] or Path(post["source"]).stem


@pytest.fixture(scope="module")
def dumped(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("dump") / "posts.jsonl"
    assert main(["dump", "--jsonl", "-o", str(out), str(CORPUS)]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("export") / "corpus.db"
    assert main(["export", str(CORPUS), "-o", str(db)]) == 0
    return db


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t.name: conn.execute(f"SELECT count(*) FROM [{t.name}]").fetchone()[0] for t in TABLES}


def _dump_counts(dumped: list[dict[str, Any]]) -> dict[str, int]:
    papers = [paper for post in dumped for paper in post["papers"]]
    tweets = [tweet for paper in papers for tweet in paper["tweets"]]
    return {
        "posts": len(dumped),
        "papers": len(papers),
        "paper_authors": sum(len(p["authors"]) for p in papers),
        "paper_categories": sum(len(p["categories"]) for p in papers),
        "tweets": len(tweets),
        "tweet_entities": sum(len(found) for t in tweets for found in t["entities"].values()),
        "problems": sum(len(post["problems"]) for post in dumped),
    }


def test_sqlite_holds_what_dump_gives(dumped: list[dict[str, Any]], exported: Path) -> None:
    counts = _counts(exported)
    assert counts == _dump_counts(dumped)
    assert (counts["posts"], counts["papers"], counts["tweets"]) == (189, 1948, 2166)
    want = sorted(
        (_post_id(post), paper["rank"], n, tweet["id"], tweet["text"])
        for post in dumped
        for paper in post["papers"]
        for n, tweet in enumerate(paper["tweets"], start=1)
    )
    with sqlite3.connect(exported) as conn:
        got = conn.execute(
            "SELECT post_id, rank, position, tweet_id, text FROM tweets ORDER BY post_id, rank, position"
        ).fetchall()
        assert got == want
        papers = conn.execute("SELECT post_id, rank, retweets, favorites, title FROM papers ORDER BY 1, 2").fetchall()
        assert papers == sorted(
            (_post_id(post), p["rank"], p["retweets"], p["favorites"], p["title"])
            for post in dumped
            for p in post["papers"]
        )
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # one tweet can sit under two papers: both rows are kept, the view counts it once
        distinct = len({t["id"] for post in dumped for p in post["papers"] for t in p["tweets"]})
        assert conn.execute("SELECT count(*) FROM distinct_tweets").fetchone() == (distinct,)
        assert distinct < counts["tweets"]


def test_full_text_search_finds_what_a_word_search_finds(dumped: list[dict[str, Any]], exported: Path) -> None:
    word = re.compile(r"(?<![^\W_])transformer(?![^\W_])", re.IGNORECASE)
    want = sorted(
        (_post_id(post), p["rank"])
        for post in dumped
        for p in post["papers"]
        if word.search(p["title"]) or word.search(p["abstract"])
    )
    with sqlite3.connect(exported) as conn:
        got = conn.execute(
            "SELECT papers.post_id, papers.rank FROM papers JOIN papers_fts ON papers_fts.rowid = papers.rowid "
            "WHERE papers_fts MATCH 'transformer' ORDER BY 1, 2"
        ).fetchall()
    assert got == want and len(got) > 10
    word = re.compile(r"(?<![^\W_])paper(?![^\W_])", re.IGNORECASE)
    want = sorted(
        (_post_id(post), p["rank"], n)
        for post in dumped
        for p in post["papers"]
        for n, t in enumerate(p["tweets"], start=1)
        if word.search(t["text"])
    )
    with sqlite3.connect(exported) as conn:
        got = conn.execute(
            "SELECT tweets.post_id, tweets.rank, tweets.position FROM tweets JOIN tweets_fts "
            "ON tweets_fts.rowid = tweets.rowid WHERE tweets_fts MATCH 'paper' ORDER BY 1, 2, 3"
        ).fetchall()
    assert got == want and len(got) > 10


def test_second_run_changes_no_count(exported: Path, tmp_path: Path) -> None:
    db = tmp_path / "again.db"
    db.write_bytes(exported.read_bytes())
    before = _counts(db)
    assert main(["export", str(CORPUS), "-o", str(db)]) == 0
    assert _counts(db) == before


def test_sigterm_leaves_no_partial_post(dumped: list[dict[str, Any]], tmp_path: Path) -> None:
    db = tmp_path / "stopped.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "hotparse.cli", "export", str(CORPUS), "-o", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with sqlite3.connect(db, timeout=0.05) as conn:
                if conn.execute("SELECT count(*) FROM posts").fetchone()[0] >= 20:
                    break
        except sqlite3.OperationalError:
            pass
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    expected = {
        _post_id(post): (len(post["papers"]), sum(len(p["tweets"]) for p in post["papers"])) for post in dumped
    }
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        present = [key for (key,) in conn.execute("SELECT post_id FROM posts")]
        assert 20 <= len(present) < len(dumped)
        for key in present:
            papers = conn.execute("SELECT count(*) FROM papers WHERE post_id = ?", [key]).fetchone()[0]
            tweets = conn.execute("SELECT count(*) FROM tweets WHERE post_id = ?", [key]).fetchone()[0]
            assert (papers, tweets) == expected[key], key


def test_parquet_and_csv_counts(exported: Path, tmp_path: Path) -> None:
    duckdb = require("duckdb")
    pd = require("pandas")
    assert main(["export", str(CORPUS), "-o", str(tmp_path / "pq"), "--format", "parquet"]) == 0
    assert main(["export", str(CORPUS), "-o", str(tmp_path / "csv"), "--format", "csv"]) == 0
    want = _counts(exported)
    con = duckdb.connect()
    for table in TABLES:
        parquet = tmp_path / "pq" / f"{table.name}.parquet"
        assert con.execute(f"SELECT count(*) FROM read_parquet('{parquet}')").fetchone()[0] == want[table.name]
        frame = pd.read_csv(tmp_path / "csv" / f"{table.name}.csv", dtype={"tweet_id": str})
        assert len(frame) == want[table.name], table.name
    ids = pd.read_csv(tmp_path / "csv" / "tweets.csv", dtype={"tweet_id": str})["tweet_id"]
    assert ids.nunique() == con.execute(
        f"SELECT count(DISTINCT tweet_id) FROM read_parquet('{tmp_path / 'pq' / 'tweets.parquet'}')"
    ).fetchone()[0]


def test_dataframes_on_the_corpus(dumped: list[dict[str, Any]]) -> None:
    require("pandas")
    import hotparse

    frames = hotparse.to_dataframes(hotparse.iter_posts(CORPUS))
    papers = frames["papers"]
    assert len(papers) == 1948 and len(frames["tweets"]) == 2166
    assert str(papers["retweets"].dtype) == "Int64" and str(papers["favorites"].dtype) == "Int64"
    assert str(papers["counted_at"].dtype) == "datetime64[us, UTC]"  # issue 16: one unit everywhere
    assert str(frames["posts"]["period_start"].dtype) == "date32[day][pyarrow]"
    assert int(papers["retweets"].sum()) == sum(p["retweets"] or 0 for post in dumped for p in post["papers"])
