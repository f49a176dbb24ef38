"""An export stopped half-way (SIGTERM, or SIGKILL) leaves every post whole: old or new."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hotparse
from hotparse.cli import main
from hotparse.tabular.schema import ALL_TABLES
from tests.conftest import FIXTURES, read_exact, require

OLD_POSTS = 60
NEW_POSTS = 400


def _write_posts(folder: Path, count: int, *, cut: bool) -> None:
    """Copies of basic.md with their own slugs; ``cut`` drops paper 3 (3 tweets)."""
    text = read_exact(FIXTURES / "basic.md")
    if cut:
        text = text[: text.index("# 3. Do Multilingual")]
    folder.mkdir(exist_ok=True)
    for n in range(count):
        post = text.replace('slug: "hot-papers-2021-04-14"', f'slug: "post-{n:04d}"')
        (folder / f"post-{n:04d}.md").write_text(post, encoding="utf-8", newline="")


def _shapes(db: Path) -> dict[str, tuple[int, ...]]:
    """Per post: papers, authors, categories, tweets, entities."""
    with sqlite3.connect(db, timeout=30) as conn:
        shape: dict[str, tuple[int, ...]] = {}
        for (key,) in conn.execute("SELECT post_id FROM posts"):
            shape[key] = tuple(
                conn.execute(f"SELECT count(*) FROM [{table}] WHERE post_id = ?", [key]).fetchone()[0]
                for table in ("papers", "paper_authors", "paper_categories", "tweets", "tweet_entities")
            )
        return shape


def _expected_shape(path: Path) -> tuple[int, ...]:
    papers = hotparse.load(path).papers
    tweets = [tweet for paper in papers for tweet in paper.tweets]
    entities = sum(
        len(t.entities.hashtags) + len(t.entities.mentions) + len(t.entities.urls) + len(t.entities.media)
        for t in tweets
    )
    return (len(papers), sum(len(p.authors) for p in papers), sum(len(p.categories) for p in papers), len(tweets), entities)


def _new_ones(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=0.05) as conn:
            row = conn.execute(
                "SELECT count(*) FROM (SELECT post_id FROM papers GROUP BY post_id HAVING count(*) = 2)"
            ).fetchone()
            return int(row[0])
    except sqlite3.OperationalError:  # locked while the export commits
        return 0


#: What export says and exits with for each signal (docs/tables.md): dump's status,
#: and one line naming the signal and what OUT holds.
STOPPED = {
    signal.SIGTERM: (143, "hotparse: stopped by SIGTERM: "),
    signal.SIGHUP: (129, "hotparse: stopped by SIGHUP: "),
    signal.SIGINT: (130, "hotparse: interrupted: "),
}


@pytest.mark.parametrize(
    "how", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["SIGTERM", "SIGINT", "SIGKILL"]
)
def test_interrupted_export_leaves_whole_posts(tmp_path: Path, how: signal.Signals) -> None:
    db = tmp_path / "hot.db"
    _write_posts(tmp_path / "old", OLD_POSTS, cut=False)
    assert main(["export", str(tmp_path / "old"), "-o", str(db)]) == 0
    old = _shapes(db)
    old_shape = _expected_shape(tmp_path / "old" / "post-0000.md")
    assert len(old) == OLD_POSTS and set(old.values()) == {old_shape}

    _write_posts(tmp_path / "new", NEW_POSTS, cut=True)
    new_shape = _expected_shape(tmp_path / "new" / "post-0000.md")
    assert new_shape[0] == 2 and new_shape != old_shape
    process = subprocess.Popen(
        [sys.executable, "-m", "hotparse.cli", "export", str(tmp_path / "new"), "-o", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while _new_ones(db) < 5 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(how)
    _, err = process.communicate(timeout=60)
    if how == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
    else:
        status, start = STOPPED[how]
        assert process.returncode == status, err
        assert err.splitlines() == [
            f"{start}{db} holds every post exported before this one; "
            "run the export again to finish"
        ]

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for fts in ("papers_fts", "tweets_fts"):
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES('integrity-check')")
    shapes = _shapes(db)
    written = [key for key, shape in shapes.items() if shape == new_shape]
    # stopped part way: some posts are new, and not all of them
    assert 5 <= len(written) < NEW_POSTS
    # every post is whole: its old rows (not yet reached) or its new ones, never a mix
    assert set(shapes.values()) <= {old_shape, new_shape}
    assert all(shapes[key] == old[key] for key in old if key not in written)
    assert len(shapes) == max(OLD_POSTS, len(written))


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("format_", ["csv", "parquet"])
def test_stopped_folder_export_leaves_the_old_files(
    tmp_path: Path, format_: str, how: signal.Signals
) -> None:
    """The run blocks on its last input (stdin, kept open) with every table half written
    to temporary files; a signal then leaves the folder's files as they were."""
    if format_ == "parquet":
        require("pyarrow")
    out = tmp_path / "tables"
    _write_posts(tmp_path / "old", 3, cut=False)
    argv = ["export", str(tmp_path / "old"), "-o", str(out), "--format", format_]
    assert main(argv) == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    assert len(before) == len(ALL_TABLES)  # a file per table, the entity tables included

    _write_posts(tmp_path / "new", 20, cut=True)
    command = [sys.executable, "-m", "hotparse.cli", "export", str(tmp_path / "new"), "-"]
    process = subprocess.Popen(
        [*command, "-o", str(out), "--format", format_],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while (
            len(list(out.glob(".*.tmp"))) < len(ALL_TABLES)
            and process.poll() is None
            and time.monotonic() < deadline
        ):
            time.sleep(0.01)
        assert process.poll() is None, process.communicate()
        process.send_signal(how)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    status, start = STOPPED[how]
    assert process.returncode == status, err
    assert err.splitlines() == [
        f"{start}{out} is unchanged (its files are replaced only when an export ends); run it again"
    ]
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
