"""``hotparse export`` and the tables: rows, SQLite, Parquet, CSV, DataFrames."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import hotparse
from hotparse.cli import main
from hotparse.tabular import TABLES
from hotparse.tabular.rows import post_id
from tests.conftest import FIXTURES, read_exact, require

#: Valid fixture posts with distinct slugs (the docs examples' archive/ holds these).
ARCHIVE = ("basic.md", "range.md", "title-markup.md", "hand-pasted.md", "mojibake-cp1254.md")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in ARCHIVE:
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    return folder


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t.name: conn.execute(f"SELECT count(*) FROM [{t.name}]").fetchone()[0] for t in TABLES}


def posts_of(folder: Path) -> list[hotparse.Post]:
    return list(hotparse.iter_posts(folder))


def expected_counts(posts: list[hotparse.Post]) -> dict[str, int]:
    papers = [paper for post in posts for paper in post.papers]
    tweets = [tweet for paper in papers for tweet in paper.tweets]
    return {
        "posts": len(posts),
        "papers": len(papers),
        "paper_authors": sum(len(p.authors) for p in papers),
        "paper_categories": sum(len(p.categories) for p in papers),
        "tweets": len(tweets),
        "tweet_entities": sum(
            len(t.entities.hashtags) + len(t.entities.mentions) + len(t.entities.urls) + len(t.entities.media)
            for t in tweets
        ),
        "problems": sum(len(post.problems) for post in posts),
    }


def with_two_placements() -> str:
    """basic.md with paper 3's first tweet also embedded under paper 2."""
    text = read_exact(FIXTURES / "basic.md")
    start = text.index('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">How well')
    end = text.index("</script>", start) + len("</script>\n")
    tweet = text[start:end]
    anchor = text.index("# 3. Do Multilingual")
    return text[:anchor] + tweet + "\n\n\n\n" + text[anchor:]


# --- rows ---------------------------------------------------------------------


def test_tables_have_the_documented_columns_and_one_row_per_record(archive: Path) -> None:
    posts = posts_of(archive)
    rows = hotparse.tables(posts)
    assert list(rows) == [t.name for t in TABLES]
    for table in TABLES:
        for row in rows[table.name]:
            assert tuple(row) == table.names, table.name
    assert {name: len(found) for name, found in rows.items()} == expected_counts(posts)
    ids = [row["tweet_id"] for row in rows["tweets"]]
    assert ids == [t.id for post in posts for paper in post.papers for t in paper.tweets]


def test_exact_issue_column_names() -> None:
    # queries written against one archive must work on any: these names are promised
    # (issue 16 added the one-column keys paper_key and tweet_key, checked apart)
    added = {"paper_key", "tweet_key"}
    names = {t.name: tuple(n for n in t.names if n not in added) for t in TABLES}
    keys = {t.name: tuple(n for n in t.names if n in added) for t in TABLES}
    assert keys == {
        "posts": (), "papers": ("paper_key",), "paper_authors": ("paper_key",),
        "paper_categories": ("paper_key",), "tweets": ("tweet_key", "paper_key"),
        "tweet_entities": ("tweet_key",), "problems": (),
    }
    assert names["posts"][:6] == ("post_id", "title", "date", "period_start", "period_end", "source")
    assert names["papers"] == (
        "post_id", "rank", "arxiv_id", "title", "retweets", "favorites", "counted_at",
        "primary_category", "abs_url", "pdf_url", "abstract",
    )
    assert names["paper_authors"] == ("post_id", "rank", "position", "name")
    assert names["paper_categories"] == ("post_id", "rank", "position", "category")
    assert set(names["tweets"]) >= {
        "post_id", "rank", "position", "tweet_id", "url", "author_name", "author_handle", "date",
        "lang", "dir", "text", "html", "repaired", "confidence",
    }
    assert names["tweet_entities"] == ("post_id", "rank", "position", "kind", "text", "start", "end", "url")
    assert names["problems"] == ("post_id", "line", "code", "message")


def test_post_id_is_the_slug_else_the_file_stem() -> None:
    post = hotparse.load(FIXTURES / "basic.md")
    assert post_id(post) == "hot-papers-2021-04-14"
    text = read_exact(FIXTURES / "basic.md").replace('slug: "hot-papers-2021-04-14"\n', "")
    assert post_id(hotparse.parse(text, source="some/where/2021-04-14.md")) == "2021-04-14"
    with pytest.raises(ValueError, match="no slug"):
        post_id(hotparse.parse(text))


def test_values_are_typed() -> None:
    rows = hotparse.tables([hotparse.load(FIXTURES / "basic.md")])
    post = rows["posts"][0]
    assert post["period_start"].isoformat() == "2021-04-14"
    assert post["date"].isoformat() == "2021-04-15T09:42:17+00:00"
    assert json.loads(post["tags"])[0] == "arXiv"
    assert rows["papers"][2]["paper_key"] == "hot-papers-2021-04-14/3"
    assert rows["tweets"][0]["tweet_key"] == "hot-papers-2021-04-14/2/1"  # paper 1 has no tweet
    paper = rows["papers"][0]
    assert (paper["rank"], paper["retweets"], paper["favorites"]) == (1, 388, 1164)
    assert paper["primary_category"] == "cs.LG"
    assert all(isinstance(row["tweet_id"], str) for row in rows["tweets"])
    kinds = {row["kind"] for row in rows["tweet_entities"]}
    assert kinds == {"hashtag", "mention", "url", "media"}
    tweet_text = {(r["rank"], r["position"]): r["text"] for r in rows["tweets"]}
    for entity in rows["tweet_entities"]:
        assert tweet_text[entity["rank"], entity["position"]][entity["start"] : entity["end"]] == entity["text"]


def test_a_repeated_rank_is_left_out_with_a_warning() -> None:
    post = hotparse.load(FIXTURES / "damaged.md")
    with pytest.warns(UserWarning, match=r"damaged\.md:60: paper rank 2 repeats"):
        rows = hotparse.tables([post])
    keys = [(row["post_id"], row["rank"]) for row in rows["papers"]]
    assert len(keys) == len(set(keys)) == len(post.papers) - 1
    assert len(rows["problems"]) == len(post.problems)


def test_two_posts_with_one_post_id_are_refused() -> None:
    with pytest.raises(ValueError, match="already given by"):
        hotparse.tables([hotparse.load(FIXTURES / "basic.md"), hotparse.load(FIXTURES / "crlf.md")])


def test_one_tweet_under_two_papers_keeps_both_rows(tmp_path: Path) -> None:
    post = hotparse.parse(with_two_placements(), source="two.md")
    assert not post.problems
    rows = hotparse.tables([post])
    ids = [row["tweet_id"] for row in rows["tweets"]]
    assert len(ids) == 5 and len(set(ids)) == 4
    db = tmp_path / "two.db"
    hotparse.export([post], db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT tweet_id) FROM tweets").fetchone() == (5, 4)
        assert conn.execute("SELECT count(*) FROM distinct_tweets").fetchone() == (4,)
        twice = conn.execute("SELECT author_handle, placements FROM distinct_tweets WHERE placements > 1").fetchall()
        assert twice == [("camille_ar", 2)]
        handle = conn.execute("SELECT tweets, placements, papers FROM handles WHERE author_handle = 'camille_ar'").fetchone()
        assert handle == (1, 2, 2)


# --- SQLite -------------------------------------------------------------------


def test_export_sqlite_matches_the_records(capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "hot.db"
    code, out, err = run(capsys, "export", str(archive), "-o", str(db))
    posts = posts_of(archive)
    # the only messages are the posts' own problems, as warnings (issue 17: a repair
    # that rests on a guess is a problem of its post)
    warnings = "".join(
        f"{post.source}:{problem.line}: warning: {problem.message} [{problem.code}]\n"
        for post in posts
        for problem in post.problems
    )
    assert (code, out, err) == (0, "", warnings)
    assert counts(db) == expected_counts(posts)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        got = conn.execute("SELECT tweet_id, text FROM tweets ORDER BY post_id, rank, position").fetchall()
        want = sorted(
            ((post_id(post), paper.rank, n), (tweet.id, tweet.text))
            for post in posts
            for paper in post.papers
            for n, tweet in enumerate(paper.tweets, start=1)
        )
        assert got == [pair for _, pair in want]
        # SQLite's date functions read the stored dates and times
        row = conn.execute(
            "SELECT date(counted_at), time(counted_at), julianday(counted_at) > 0 FROM papers "
            "WHERE post_id = 'hot-papers-2021-04-14' AND rank = 1"
        ).fetchone()
        assert row == ("2021-04-15", "09:42:20", 1)
        assert conn.execute(
            "SELECT count(*) FROM posts WHERE date(period_start) = period_start"
        ).fetchone() == (len(posts),)
        # full-text search, and the keys Datasette turns into links
        found = conn.execute(
            "SELECT papers.title FROM papers JOIN papers_fts ON papers_fts.rowid = papers.rowid "
            "WHERE papers_fts MATCH 'idioms'"
        ).fetchall()
        assert found == [("Do Multilingual Language Models Dream of Electric Idioms?",)]
        found = conn.execute(
            "SELECT tweets.author_handle FROM tweets JOIN tweets_fts ON tweets_fts.rowid = tweets.rowid "
            "WHERE tweets_fts MATCH 'napkin'"
        ).fetchall()
        assert found == [("priya_venk_",)]
        links = {(row[2], row[3], row[4]) for row in conn.execute("PRAGMA foreign_key_list(tweets)")}
        assert ("posts", "post_id", "post_id") in links
        assert ("papers", "rank", "rank") in links
        indexed = {row[1] for row in conn.execute("PRAGMA index_list(tweets)")}
        assert any("author_handle" in name for name in indexed)


def test_rerun_replaces_each_post_as_a_whole(capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "hot.db"
    first = sorted(archive.glob("*.md"))[:2]
    assert run(capsys, "export", *map(str, first), "-o", str(db))[0] == 0
    assert counts(db)["posts"] == 2
    assert run(capsys, "export", str(archive), "-o", str(db))[0] == 0
    full = counts(db)
    assert full == expected_counts(posts_of(archive))
    assert run(capsys, "export", str(archive), "-o", str(db))[0] == 0
    assert counts(db) == full
    # a post that lost a paper comes back without it: no stale rows
    basic = archive / "basic.md"
    text = read_exact(basic)
    basic.write_text(text[: text.index("# 3. Do Multilingual")], encoding="utf-8", newline="")
    assert run(capsys, "export", str(basic), "-o", str(db))[0] == 0
    after = counts(db)
    assert after["papers"] == full["papers"] - 1
    assert after["tweets"] == full["tweets"] - 3
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT count(*) FROM tweets_fts WHERE tweets_fts MATCH 'idioms'").fetchone() == (0,)


def test_errors_and_exit_status_as_dump(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "hot.db"
    code, _, err = run(capsys, "export", str(FIXTURES / "README.md"), str(FIXTURES / "basic.md"), "-o", str(db))
    assert code == 1
    assert f"{FIXTURES / 'README.md'}:1: no front matter" in err
    assert counts(db)["posts"] == 1
    code, _, err = run(capsys, "export", str(FIXTURES / "basic.md"), "-o", str(tmp_path / "out"))
    assert code == 2 and "--format" in err and "Traceback" not in err
    code, _, err = run(capsys, "export", str(FIXTURES / "basic.md"))
    assert code == 2 and "-o" in err
    code, _, err = run(capsys, "export", str(FIXTURES / "basic.md"), str(FIXTURES / "crlf.md"), "-o", str(db))
    assert code == 1 and "post_id 'hot-papers-2021-04-14' was already given by" in err
    code, _, err = run(capsys, "export", "--strict", str(FIXTURES / "damaged.md"), "-o", str(db))
    assert code == 1 and "damaged.md:45: error:" in err
    code, _, err = run(capsys, "export", str(FIXTURES / "damaged.md"), "-o", str(db))
    assert code == 0 and "damaged.md:60: warning: paper rank 2 repeats" in err


def test_not_our_database_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE papers (id INTEGER, name TEXT)")
    code, _, err = run(capsys, "export", str(FIXTURES / "basic.md"), "-o", str(other))
    assert code == 1 and "table papers has the columns id, name" in err
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all\n" * 100)
    code, _, err = run(capsys, "export", str(FIXTURES / "basic.md"), "-o", str(junk))
    assert code == 1 and "not an SQLite database" in err and "Traceback" not in err


def test_stdin_needs_a_slug(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    text = read_exact(FIXTURES / "basic.md").replace('slug: "hot-papers-2021-04-14"\n', "")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, _, err = run(capsys, "export", "-", "-o", str(tmp_path / "s.db"))
    assert code == 1 and "<stdin>: the post has no slug" in err
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((FIXTURES / "basic.md").read_bytes())))
    code, _, err = run(capsys, "export", "-", "-o", str(tmp_path / "s.db"))
    assert code == 0 and counts(tmp_path / "s.db")["tweets"] == 4


def test_metadata_describes_every_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    meta = tmp_path / "metadata.json"
    code, _, _ = run(capsys, "export", str(FIXTURES / "basic.md"), "-o", str(tmp_path / "hot.db"), "--metadata", str(meta))
    assert code == 0
    data = json.loads(meta.read_text(encoding="utf-8"))
    assert data["license"] and data["title"]
    described = data["databases"]["hot"]["tables"]
    for table in TABLES:
        assert set(described[table.name]["columns"]) == set(table.names)
        assert all(described[table.name]["columns"].values())


# --- Parquet, CSV, DataFrames ---------------------------------------------------


def test_parquet_and_csv_give_the_same_tables(capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path) -> None:
    duckdb = require("duckdb")
    pd = require("pandas")
    want = expected_counts(posts_of(archive))
    assert run(capsys, "export", str(archive), "-o", str(tmp_path / "pq"), "--format", "parquet")[0] == 0
    assert run(capsys, "export", str(archive), "-o", str(tmp_path / "csv"), "--format", "csv")[0] == 0
    assert run(capsys, "export", str(archive), "-o", str(tmp_path / "hot.db"))[0] == 0
    con = duckdb.connect()
    for table in TABLES:
        parquet = str(tmp_path / "pq" / f"{table.name}.parquet")
        assert con.execute(f"SELECT count(*) FROM read_parquet('{parquet}')").fetchone()[0] == want[table.name]
        names = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{parquet}')").fetchall()]
        assert tuple(names) == table.names
        frame = pd.read_csv(tmp_path / "csv" / f"{table.name}.csv", dtype={"tweet_id": str}, keep_default_na=False)
        assert len(frame) == want[table.name] and tuple(frame.columns) == table.names
    papers = str(tmp_path / "pq" / "papers.parquet")
    types = {row[0]: row[1] for row in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{papers}')").fetchall()}
    assert types["retweets"] == "BIGINT" and types["counted_at"].startswith("TIMESTAMP")
    with sqlite3.connect(tmp_path / "hot.db") as conn:
        from_db = conn.execute("SELECT tweet_id, text FROM tweets ORDER BY post_id, rank, position").fetchall()
    from_parquet = con.execute(
        f"SELECT tweet_id, text FROM read_parquet('{tmp_path / 'pq' / 'tweets.parquet'}') ORDER BY post_id, rank, position"
    ).fetchall()
    frame = pd.read_csv(tmp_path / "csv" / "tweets.csv", dtype={"tweet_id": str}, keep_default_na=False)
    from_csv = list(frame.sort_values(["post_id", "rank", "position"])[["tweet_id", "text"]].itertuples(index=False, name=None))
    assert from_parquet == from_db == from_csv


def test_folder_export_rewrites_its_files(capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert run(capsys, "export", str(archive), "-o", str(out), "--format", "csv")[0] == 0
    assert run(capsys, "export", str(archive / "basic.md"), "-o", str(out), "--format", "csv")[0] == 0
    assert (out / "posts.csv").read_text(encoding="utf-8").count("\n") == 2  # header + basic
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_dataframes_have_proper_dtypes(archive: Path) -> None:
    require("pandas")
    frames = hotparse.to_dataframes(posts_of(archive))
    papers, tweets, posts = frames["papers"], frames["tweets"], frames["posts"]
    assert str(papers["retweets"].dtype) == "Int64" and str(papers["rank"].dtype) == "Int64"
    # issue 16: one type per column whatever the reader (pandas.read_parquet gives these too)
    assert str(papers["counted_at"].dtype) == "datetime64[us, UTC]"
    assert str(posts["period_start"].dtype) == "date32[day][pyarrow]"
    assert str(tweets["date"].dtype) == "date32[day][pyarrow]"
    assert str(tweets["repaired"].dtype) == "boolean"
    assert str(tweets["confidence"].dtype) == "Float64"
    assert tweets["tweet_id"].map(type).eq(str).all()
    assert int(papers["retweets"].sum()) == sum(p.retweets or 0 for post in posts_of(archive) for p in post.papers)
    assert tweets["date"].isna().sum() == 1  # hand-pasted.md's "yesterday"
    assert posts["period_start"].min().isoformat() == "2021-03-05"
    assert posts["period_start"].dt.year.min() == 2021


def test_missing_extras_are_named(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'hotparse\[pandas\]'"):
        hotparse.to_dataframes([])
    code, _, err = run(capsys, "export", str(FIXTURES / "basic.md"), "-o", str(tmp_path / "pq"), "--format", "parquet")
    assert code == 1 and "pip install 'hotparse[parquet]'" in err


def test_command_line_export_leaves_pandas_unimported(tmp_path: Path) -> None:
    """sqlite-utils imports pandas and numpy when they are installed (as the test extra
    does); the command line keeps them out (a slow import), and pandas still imports
    afterwards in the same process."""
    require("pandas")
    db = tmp_path / "hot.db"
    script = (
        "import sys\n"
        "from hotparse.cli import main\n"
        f"assert main(['export', {str(FIXTURES / 'basic.md')!r}, '-o', {str(db)!r}]) == 0\n"
        "print(sorted(name for name in ('pandas', 'numpy', 'sqlite_utils') if name in sys.modules))\n"
        "import pandas\n"
        "print(pandas.DataFrame({'a': [1]}).shape)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["['sqlite_utils']", "(1, 1)"]
    assert counts(db)["papers"] == 3


def test_export_function_warns_and_counts(tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        written = hotparse.export([hotparse.load(FIXTURES / "damaged.md")], tmp_path / "d.sqlite")
    assert any("repeats an earlier section" in str(w.message) for w in caught)
    assert written == counts(tmp_path / "d.sqlite")
    with pytest.raises(ValueError, match="format="):
        hotparse.export([], tmp_path / "folder")
