"""Print the export figures for a folder of real posts (default ../shared/corpus).

    python scripts/check_export.py [--corpus PATH]

Runs the installed ``hotparse`` as a user would (``dump --jsonl``, then
``export`` to SQLite, again on the same database, to Parquet and to CSV, and
one export stopped by SIGTERM) and prints: the count of every table; whether
the posts, papers and tweets (ids and text) equal ``dump``'s row for row;
``PRAGMA foreign_key_check`` and ``integrity_check``; full-text hits against
a plain word search of the dumped text; the counts after the second run; the
stopped run's status, message and whether any post is partial; the counts
DuckDB reads from the Parquet files and pandas from the CSV files; and the
dtypes of ``hotparse.to_dataframes``.  tests/test_export_corpus.py asserts the
same things; this script shows the numbers.  Needs the ``test`` extra.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import hotparse
from hotparse.tabular import TABLES

ROOT = Path(__file__).resolve().parent.parent
WORDS = {"papers": "transformer", "tweets": "paper"}
"""A word searched in each full-text index, and in the dumped text by a regular expression."""


def _hotparse() -> str:
    script = Path(sys.executable).parent / "hotparse"
    return str(script) if script.exists() else "hotparse"


def _post_id(post: dict[str, Any]) -> str:
    return str(post["slug"] or Path(post["source"]).stem)


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            t.name: conn.execute(f"SELECT count(*) FROM [{t.name}]").fetchone()[0] for t in TABLES
        }


def _word(word: str) -> re.Pattern[str]:
    # FTS5's unicode61 tokens: letters and digits; an underscore separates
    return re.compile(rf"(?<![^\W_]){word}(?![^\W_])", re.IGNORECASE)


def _compare(db: Path, dumped: list[dict[str, Any]]) -> None:
    posts = sorted(_post_id(post) for post in dumped)
    papers = sorted(
        (_post_id(post), p["rank"], p["arxiv_id"], p["title"], p["retweets"], p["favorites"])
        for post in dumped
        for p in post["papers"]
    )
    tweets = sorted(
        (_post_id(post), p["rank"], n, t["id"], t["text"])
        for post in dumped
        for p in post["papers"]
        for n, t in enumerate(p["tweets"], start=1)
    )
    with sqlite3.connect(db) as conn:
        got_posts = [key for (key,) in conn.execute("SELECT post_id FROM posts ORDER BY 1")]
        got_papers = conn.execute(
            "SELECT post_id, rank, arxiv_id, title, retweets, favorites FROM papers ORDER BY 1, 2"
        ).fetchall()
        got_tweets = conn.execute(
            "SELECT post_id, rank, position, tweet_id, text FROM tweets ORDER BY 1, 2, 3"
        ).fetchall()
        print(f"  posts  equal to dump, row for row: {got_posts == posts}")
        print(f"  papers equal to dump (key, arxiv_id, title, counts): {got_papers == papers}")
        print(f"  tweets equal to dump (key, tweet_id, text): {got_tweets == tweets}")
        print(f"  PRAGMA foreign_key_check: {conn.execute('PRAGMA foreign_key_check').fetchall()}")
        print(f"  PRAGMA integrity_check: {conn.execute('PRAGMA integrity_check').fetchall()}")
        distinct = conn.execute("SELECT count(*) FROM distinct_tweets").fetchone()[0]
        print(f"  distinct tweet ids (view distinct_tweets): {distinct}")
        more = conn.execute("SELECT count(*) FROM papers WHERE retweets > favorites").fetchone()[0]
        print(f"  papers whose retweets exceed favorites: {more} of {len(got_papers)}")
        for table, word in WORDS.items():
            columns = ("title", "abstract") if table == "papers" else ("text",)
            pattern = _word(word)
            if table == "papers":
                want = sorted(
                    (_post_id(post), p["rank"])
                    for post in dumped
                    for p in post["papers"]
                    if any(pattern.search(p[c]) for c in columns)
                )
                sql = (
                    "SELECT papers.post_id, papers.rank FROM papers JOIN papers_fts "
                    "ON papers_fts.rowid = papers.rowid WHERE papers_fts MATCH ? ORDER BY 1, 2"
                )
            else:
                want = sorted(
                    (_post_id(post), p["rank"], n)
                    for post in dumped
                    for p in post["papers"]
                    for n, t in enumerate(p["tweets"], start=1)
                    if pattern.search(t["text"])
                )
                sql = (
                    "SELECT tweets.post_id, tweets.rank, tweets.position FROM tweets JOIN "
                    "tweets_fts ON tweets_fts.rowid = tweets.rowid WHERE tweets_fts MATCH ? "
                    "ORDER BY 1, 2, 3"
                )
            got = [tuple(row) for row in conn.execute(sql, [word])]
            print(
                f"  {table}_fts MATCH {word!r}: {len(got)} rows; a word search of the dump: "
                f"{len(want)}; same rows: {got == want}"
            )


def _stopped(hotparse_: str, corpus: str, db: Path, dumped: list[dict[str, Any]]) -> None:
    process = subprocess.Popen(
        [hotparse_, "export", corpus, "-o", str(db)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
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
    print(f"  exit status {process.returncode}; stderr: {err.strip()!r}")
    expected = {
        _post_id(post): (len(post["papers"]), sum(len(p["tweets"]) for p in post["papers"]))
        for post in dumped
    }
    with sqlite3.connect(db) as conn:
        print(f"  PRAGMA integrity_check: {conn.execute('PRAGMA integrity_check').fetchall()}")
        print(f"  PRAGMA foreign_key_check: {conn.execute('PRAGMA foreign_key_check').fetchall()}")
        present = [key for (key,) in conn.execute("SELECT post_id FROM posts")]
        partial = [
            key
            for key in present
            if (
                conn.execute("SELECT count(*) FROM papers WHERE post_id = ?", [key]).fetchone()[0],
                conn.execute("SELECT count(*) FROM tweets WHERE post_id = ?", [key]).fetchone()[0],
            )
            != expected[key]
        ]
        orphans = conn.execute(
            "SELECT count(*) FROM papers WHERE post_id NOT IN (SELECT post_id FROM posts)"
        ).fetchone()[0]
    print(
        f"  posts written: {len(present)} of {len(dumped)}; partial posts: {len(partial)}; "
        f"papers without their post: {orphans}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    options = parser.parse_args()
    import duckdb
    import pandas as pd

    hotparse_ = _hotparse()
    corpus = str(options.corpus)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        jsonl = work / "posts.jsonl"
        subprocess.run([hotparse_, "dump", "--jsonl", corpus, "-o", str(jsonl)], check=True)
        dumped = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
        db = work / "corpus.db"
        done = subprocess.run(
            [hotparse_, "export", corpus, "-o", str(db)], capture_output=True, text=True
        )
        print(f"export to SQLite: exit status {done.returncode}, {len(done.stderr.splitlines())} "
              "lines on stderr")
        first = _counts(db)
        print("  " + ", ".join(f"{name} {count:,}" for name, count in first.items()))
        _compare(db, dumped)

        again = subprocess.run([hotparse_, "export", corpus, "-o", str(db)], capture_output=True)
        second = _counts(db)
        print(f"second run on the same database: exit status {again.returncode}; "
              f"every count unchanged: {second == first}")

        print("export stopped by SIGTERM after 20 posts:")
        _stopped(hotparse_, corpus, work / "stopped.db", dumped)

        for format_ in ("parquet", "csv"):
            subprocess.run(
                [hotparse_, "export", corpus, "-o", str(work / format_), "--format", format_],
                check=True, capture_output=True,
            )
        con = duckdb.connect()
        parquet = {
            t.name: con.execute(
                "SELECT count(*) FROM read_parquet(?)",
                [str(work / "parquet" / f"{t.name}.parquet")],
            ).fetchone()[0]
            for t in TABLES
        }
        csv = {
            t.name: len(pd.read_csv(work / "csv" / f"{t.name}.csv", dtype={"tweet_id": str}))
            for t in TABLES
        }
        print(f"Parquet read by DuckDB: same counts as SQLite: {parquet == first}")
        print(f"CSV read by pandas: same counts as SQLite: {csv == first}")

    frames = hotparse.to_dataframes(hotparse.iter_posts(options.corpus))
    papers, tweets, posts = frames["papers"], frames["tweets"], frames["posts"]
    print(f"to_dataframes: papers {len(papers):,} rows, tweets {len(tweets):,} rows")
    for frame, name in ((papers, "retweets"), (papers, "favorites"), (papers, "counted_at"),
                        (posts, "date"), (posts, "period_start"), (tweets, "date")):
        print(f"  {name}: {frame[name].dtype}")


if __name__ == "__main__":
    main()
