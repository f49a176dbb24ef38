"""The entity tables: one row per paper (arxiv_id) and per account (author handle),
the same in every format, and right after any re-run or partial export (issue 16)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

import hotparse
from hotparse.cli import main
from hotparse.tabular.schema import ENTITIES
from hotparse.tabular.sqlite import SQLiteWriter, stored_value
from tests.conftest import CORPUS, FIXTURES, read_exact, require

ARCHIVE = ("basic.md", "range.md", "title-markup.md", "hand-pasted.md", "mojibake-cp1254.md")


def _next_day(retweets: tuple[int, int, int], drop_last: bool = False) -> hotparse.Post:
    """basic.md as the next day's post: the same papers with other counts."""
    text = read_exact(FIXTURES / "basic.md")
    text = text.replace("Hot Papers 2021-04-14", "Hot Papers 2021-04-15").replace(
        "hot-papers-2021-04-14", "hot-papers-2021-04-15"
    )
    for old, new in zip((388, 201, 97), retweets, strict=True):
        text = text.replace(f"retweets: {old},", f"retweets: {new},")
    if drop_last:
        text = text[: text.index("# 3. Do Multilingual")]
    return hotparse.parse(text, source="next.md")


def _posts() -> list[hotparse.Post]:
    return [hotparse.load(FIXTURES / name) for name in ARCHIVE]


def _db_rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as conn:
        return {
            e.name: conn.execute(f"SELECT * FROM [{e.name}] ORDER BY 1").fetchall() for e in ENTITIES
        }


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(stored_value(value))


def test_one_row_per_paper_and_account_in_every_format(tmp_path: Path) -> None:
    pd = require("pandas")
    posts = [*_posts(), _next_day((500, 10, 98))]
    hotparse.export(posts, tmp_path / "hot.db")
    hotparse.export(posts, tmp_path / "pq", format="parquet")
    hotparse.export(posts, tmp_path / "csv", format="csv")
    frames = hotparse.to_dataframes(posts)
    rows = hotparse.tables(posts, entities=True)
    arxiv_ids = {p.arxiv_id for post in posts for p in post.papers if p.arxiv_id}
    handles = {t.author_handle for post in posts for p in post.papers for t in p.tweets if t.author_handle}
    keys = {"arxiv_papers": arxiv_ids, "accounts": handles}
    stored = _db_rows(tmp_path / "hot.db")
    for entity in ENTITIES:
        want = sorted(keys[entity.name])
        assert [row[0] for row in stored[entity.name]] == want
        assert sorted(pd.read_parquet(tmp_path / "pq" / f"{entity.name}.parquet")[entity.names[0]]) == want
        assert sorted(frames[entity.name][entity.names[0]]) == want
        assert [row[entity.names[0]] for row in rows[entity.name]] == want
        with (tmp_path / "csv" / f"{entity.name}.csv").open(encoding="utf-8", newline="") as stream:
            from_csv = [tuple(row) for row in csv.reader(stream)][1:]
        # the same values in SQLite and CSV (text forms), and in tables()
        assert from_csv == [tuple(_text(v) for v in row) for row in stored[entity.name]]
        assert from_csv == [tuple(_text(row[n]) for n in entity.names) for row in rows[entity.name]]


def test_a_paper_on_two_days_is_one_row_with_the_last_days_counts(tmp_path: Path) -> None:
    posts = [hotparse.load(FIXTURES / "basic.md"), _next_day((500, 10, 98))]
    hotparse.export(posts, tmp_path / "hot.db")
    with sqlite3.connect(tmp_path / "hot.db") as conn:
        conn.row_factory = sqlite3.Row
        rows = {r["best_rank"]: dict(r) for r in conn.execute("SELECT * FROM arxiv_papers")}
    assert len(rows) == 3
    first = rows[1]
    assert (first["retweets"], first["max_retweets"]) == (500, 500)
    second = rows[2]
    assert (second["retweets"], second["max_retweets"]) == (10, 201)  # last day's, and the most
    assert (second["first_day"], second["last_day"], second["day_count"]) == ("2021-04-14", "2021-04-15", 2)
    assert second["days"] == '["2021-04-14","2021-04-15"]'
    assert second["last_paper_key"] == "hot-papers-2021-04-15/2"
    third = rows[3]
    # the same tweets under both days' sections count once
    assert third["tweets"] == len({t.id for t in posts[0].papers[2].tweets})


def test_entities_follow_every_rerun_and_partial_export(tmp_path: Path) -> None:
    """The SQLite export recomputes the entities of the keys its posts held or hold when
    the run ends: after any sequence of runs they equal a fresh export of what the
    per-post tables hold."""
    posts = _posts()
    db = tmp_path / "hot.db"
    hotparse.export(posts[:2], db)  # a partial export (as one stopped half-way leaves)
    fresh = tmp_path / "fresh.db"
    hotparse.export(posts[:2], fresh)
    assert _db_rows(db) == _db_rows(fresh)
    hotparse.export([*posts, _next_day((500, 10, 98))], db)  # more posts and a second day
    hotparse.export([_next_day((1, 2, 3), drop_last=True)], db)  # that day changed: a paper fewer
    final = [*posts, _next_day((1, 2, 3), drop_last=True)]
    fresh2 = tmp_path / "fresh2.db"
    hotparse.export(final, fresh2)
    assert _db_rows(db) == _db_rows(fresh2)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        third = conn.execute(
            "SELECT retweets, day_count FROM arxiv_papers WHERE best_rank = 3 AND title LIKE 'Do Multi%'"
        ).fetchone()
    assert third == (97, 1)  # back to the one day it is now in


def test_a_stopped_run_is_finished_by_the_next_one(tmp_path: Path) -> None:
    """A run notes the keys of each post it writes, in the post's transaction; a stopped
    run leaves them noted, and the next run computes them as it opens."""
    posts = _posts()
    db = tmp_path / "hot.db"
    hotparse.export(posts[:2], db)
    writer = SQLiteWriter(str(db))
    for post in posts[2:]:
        writer.write(hotparse.tables([post]))
    writer.abort()  # as Ctrl-C leaves it: the posts are written, the entities not yet
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM hotparse_pending").fetchone()[0] > 0
    fresh = tmp_path / "fresh.db"
    hotparse.export(posts, fresh)
    assert _db_rows(db) != _db_rows(fresh)
    SQLiteWriter(str(db)).close()  # the next run, here with no post
    assert _db_rows(db) == _db_rows(fresh)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM hotparse_pending").fetchone()[0] == 0


def test_the_writer_only_recomputes_the_posts_keys(tmp_path: Path) -> None:
    db = tmp_path / "hot.db"
    posts = _posts()
    hotparse.export(posts, db)
    with sqlite3.connect(db) as conn:  # an entity row no post touches stays as it is
        conn.execute("UPDATE accounts SET name = 'untouched' WHERE author_handle = 'camille_ar'")
    writer = SQLiteWriter(str(db))
    try:
        writer.write(hotparse.tables([hotparse.load(FIXTURES / "range.md")]))
    finally:
        writer.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM accounts WHERE author_handle = 'camille_ar'").fetchone() == ("untouched",)


def test_corpus_has_one_row_per_arxiv_id_and_handle(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus is not at {CORPUS}")
    pd = require("pandas")
    db = tmp_path / "corpus.db"
    assert main(["export", str(CORPUS), "-o", str(db)]) == 0
    assert main(["export", str(CORPUS), "-o", str(tmp_path / "pq"), "--format", "parquet"]) == 0
    with sqlite3.connect(db) as conn:
        ids = conn.execute("SELECT count(DISTINCT arxiv_id) FROM papers").fetchone()[0]
        handles = conn.execute("SELECT count(DISTINCT author_handle) FROM tweets").fetchone()[0]
        assert conn.execute("SELECT count(*), count(DISTINCT arxiv_id) FROM arxiv_papers").fetchone() == (ids, ids)
        assert conn.execute("SELECT count(*), count(DISTINCT author_handle) FROM accounts").fetchone() == (handles, handles)
        # every placement of a paper on a day is counted once in day_count
        days = conn.execute(
            "SELECT count(*) FROM (SELECT DISTINCT papers.arxiv_id, posts.period_start FROM papers "
            "JOIN posts USING (post_id) WHERE arxiv_id IS NOT NULL)"
        ).fetchone()[0]
        assert conn.execute("SELECT sum(day_count) FROM arxiv_papers").fetchone()[0] == days
        assert ids < conn.execute("SELECT count(*) FROM papers").fetchone()[0]  # papers repeat over days
    for name, want in (("arxiv_papers", ids), ("accounts", handles)):
        frame = pd.read_parquet(tmp_path / "pq" / f"{name}.parquet")
        assert len(frame) == frame.iloc[:, 0].nunique() == want
