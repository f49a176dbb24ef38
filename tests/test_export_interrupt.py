"""An export stopped half-way (SIGTERM, or SIGKILL) leaves every post whole: old or new."""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import io
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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



# --------------------------------------------------------------------------- a crash at every statement
#
# As SQLite proves its own recovery: the export is stopped before each statement it
# issues, and the next run must leave the database equal to a fresh export, every
# table row for row and every full-text index (FTS5's integrity-check against its
# table, its terms, and what MATCH finds).  The statements are whatever the writer
# issues (sqlite3's trace callback sees each, those sqlite-utils and the sqlite3
# module issue included): nothing here names them.  A run of executions of one
# statement (executemany, one per row) counts once: its rows are in one transaction.
# Stopped two ways: killed (the database's files as they were just before the
# statement, which is what a killed process leaves), and failed (that statement and
# every later one fail, so the export goes through its own error path).


def _template(sql: str) -> str:
    """A statement without its values (executemany runs one statement per row)."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"sqlite_utils_[0-9a-f]+", "savepoint", sql)  # random savepoint names


class _Statements:
    """Every statement the export's connections run, in order; ``act`` is called just
    before each new one (not for repeats of the statement before it).  With
    ``fail_at``, statement N and every one after it fail before doing anything
    (SQLite's progress handler interrupts them), as a full disk or an I/O error would."""

    def __init__(
        self, act: Callable[[int, str], None] | None = None, fail_at: int | None = None
    ) -> None:
        self.points: list[str] = []
        self._last = ""
        self._act = act
        self.fail_at = fail_at
        self.failing = False

    def trace(self, sql: str) -> None:
        if sql.startswith("--"):  # a trigger's statements, inside the one that fired it
            return
        template = _template(sql)
        if template == self._last:
            return
        self._last = template
        self.points.append(sql)
        if self.fail_at is not None and len(self.points) >= self.fail_at:
            self.failing = True
        if self._act is not None:
            self._act(len(self.points), sql)

    def progress(self) -> int:
        return int(self.failing)


@contextlib.contextmanager
def _traced(statements: _Statements) -> Iterator[None]:
    """Every SQLite connection opened meanwhile reports its statements to ``statements``
    (and fails them from ``statements.fail_at`` on)."""
    original = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = original(*args, **kwargs)
        connection.set_trace_callback(statements.trace)
        if statements.fail_at is not None:
            connection.set_progress_handler(statements.progress, 1)
        return connection

    sqlite3.connect = connect  # type: ignore[assignment]
    try:
        yield
    finally:
        sqlite3.connect = original


@pytest.fixture
def fast_tmp(tmp_path: Path) -> Iterator[Path]:
    """A folder in memory (/dev/shm) when there is one: the hundreds of small exports
    below then cost no disk syncs.  Falls back to ``tmp_path``."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="hotparse-test-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _files_of(db: Path) -> list[Path]:
    return [db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")]


def _digest(db: Path) -> bytes | None:
    """What the next run sees of the database: its file and its WAL (None: no file;
    the ``-shm`` index is rebuilt by the first connection to open it)."""
    if not db.exists():
        return None
    digest = hashlib.sha256()
    for path in _files_of(db):
        if path.exists() and not path.name.endswith("-shm"):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def _copy_database(db: Path, to: Path, taken: set[bytes | None]) -> None:
    """The database's files as they are now (what a process killed now leaves), unless
    an earlier copy holds the same bytes: a crash there ends the same way."""
    digest = _digest(db)
    if digest in taken:
        return
    taken.add(digest)
    to.mkdir()
    for path in _files_of(db):
        if path.exists():
            shutil.copyfile(path, to / path.name)


def _export_quietly(archive: Path, db: Path) -> int:
    with contextlib.redirect_stderr(io.StringIO()):
        return main(["export", str(archive), "-o", str(db)])


def _fts_content(sql: str) -> str | None:
    found = re.search(r"content\s*=\s*['\"\[`]?([^'\"\]`,)\s]+)", sql, re.IGNORECASE)
    return found.group(1) if found else None


def _state(db: Path) -> dict[str, Any]:
    """Everything a reader can see: the schema, every table's rows (in any order, without
    rowids), and for each full-text index its check, its terms and what they find."""
    state: dict[str, Any] = {}
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        objects = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        state["schema"] = objects
        virtual = {
            name: sql
            for kind, name, _, sql in objects
            if kind == "table" and (sql or "").upper().startswith("CREATE VIRTUAL TABLE")
        }
        shadow = {
            name for _, name, _, _ in objects if any(name.startswith(v + "_") for v in virtual)
        }
        for kind, name, _, _ in objects:
            if kind == "table" and name not in virtual and name not in shadow:
                rows = conn.execute(f'SELECT * FROM "{name}"').fetchall()
                state[f"table {name}"] = sorted(rows, key=repr)
        for name, sql in virtual.items():
            if "fts5" not in sql.lower():
                continue
            # the index against its table: raises "database disk image is malformed"
            conn.execute(f"INSERT INTO \"{name}\"(\"{name}\", rank) VALUES ('integrity-check', 1)")
            content = _fts_content(sql) or name
            row_of = {row[0]: row[1:] for row in conn.execute(f'SELECT rowid, * FROM "{content}"')}
            conn.execute(
                f"CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, '{name}', instance)"
            )
            instances = conn.execute("SELECT term, doc, col, offset FROM temp.vocabulary")
            state[f"terms {name}"] = sorted(
                ((term, column, offset, row_of.get(doc)) for term, doc, column, offset in instances),
                key=repr,
            )
            conn.execute("DROP TABLE temp.vocabulary")
            terms = sorted({row[0] for row in state[f"terms {name}"]})
            for term in terms[:: max(1, len(terms) // 25)]:  # what a search finds
                quoted = '"' + term.replace('"', '""') + '"'
                found = conn.execute(f'SELECT rowid FROM "{name}" WHERE "{name}" MATCH ?', [quoted])
                state[f"match {name} {term}"] = sorted((row_of.get(r) for (r,) in found), key=repr)
    return state


def _converges(db: Path, archive: Path, fresh: dict[str, Any], what: str) -> None:
    status = _export_quietly(archive, db)
    assert status == 0, f"{what}: the run after it exits {status}"
    try:
        state = _state(db)
    except sqlite3.DatabaseError as error:  # FTS5's integrity-check: index and table differ
        pytest.fail(f"{what}: then the database fails its checks: {error}")
    for key in sorted(fresh.keys() | state.keys()):
        assert state.get(key) == fresh.get(key), f"{what}: {key} differs from a fresh export"


def _archive(folder: Path, *names: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copyfile(FIXTURES / name, folder / name)
    return folder


def _grow(archive: Path) -> None:
    """One post changed (a paper and its tweets cut), one added, one as it was."""
    text = read_exact(archive / "basic.md")
    (archive / "basic.md").write_text(
        text[: text.index("# 3. Do Multilingual")], encoding="utf-8", newline=""
    )
    shutil.copyfile(FIXTURES / "hand-pasted.md", archive / "hand-pasted.md")


def _crash_images(archive: Path, db: Path, images: Path) -> list[str]:
    """Export ``archive`` into ``db``, keeping a copy of the database's files just before
    each statement (``images/N``, when they differ from every earlier copy and there is
    a file); return the statements run."""
    images.mkdir()
    taken: set[bytes | None] = {None}
    statements = _Statements(lambda n, _: _copy_database(db, images / str(n), taken))
    with _traced(statements):
        assert _export_quietly(archive, db) == 0
    return statements.points


def _restore(base: Path, db: Path) -> None:
    for path in _files_of(db):
        path.unlink(missing_ok=True)
    for path in base.iterdir():
        shutil.copyfile(path, db.with_name(path.name))


@pytest.mark.parametrize("update", [False, True], ids=["new-database", "update"])
def test_stopped_before_any_statement_the_next_run_converges(fast_tmp: Path, update: bool) -> None:
    """``new-database``: two posts into a new file.  ``update``: into the database of
    an earlier export, with one post as it was, one changed and one new."""
    archive = _archive(fast_tmp / "archive", "basic.md", "range.md")
    db = fast_tmp / "hot.db"
    base = fast_tmp / "base"
    base.mkdir()
    if update:
        assert _export_quietly(archive, db) == 0
        for path in _files_of(db):
            if path.exists():
                shutil.move(path, base / path.name)
        _grow(archive)
    fresh_db = fast_tmp / "fresh.db"
    assert _export_quietly(archive, fresh_db) == 0
    fresh = _state(fresh_db)

    _restore(base, db)
    points = _crash_images(archive, db, fast_tmp / "images")
    killed = 0
    for n, sql in enumerate(points, 1):
        image = fast_tmp / "images" / str(n) / "hot.db"
        if image.exists():
            _converges(image, archive, fresh, f"killed before statement {n} ({sql[:80]!r})")
            killed += 1

    seen: set[bytes | None] = {None}
    for n, sql in enumerate(points, 1):
        _restore(base, db)
        statements = _Statements(fail_at=n)
        stderr = io.StringIO()
        with _traced(statements), contextlib.redirect_stderr(stderr):
            status = main(["export", str(archive), "-o", str(db)])
        what = f"failed from statement {n} ({sql[:80]!r})"
        message = stderr.getvalue()
        assert "Traceback" not in message, (what, message)
        if status != 0:
            assert message.startswith("hotparse: error: ") and str(db) in message, (what, message)
        digest = _digest(db)
        if digest not in seen:
            seen.add(digest)
            _converges(db, archive, fresh, what)
    print(f"{len(points)} statements: {killed} kill images, {len(seen) - 1} failure states")
    assert killed >= (3 if update else 2)  # at least the commits of the posts


def test_fts_index_without_its_triggers_is_rebuilt(tmp_path: Path) -> None:
    """A database left by an older export killed while it made a full-text index
    (before its triggers existed), then filled: the next run rebuilds the index."""
    archive = _archive(tmp_path / "archive", "basic.md", "range.md")
    db = tmp_path / "hot.db"
    assert _export_quietly(archive, db) == 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        triggers = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
        assert triggers
        for name in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.commit()
    _grow(archive)  # changed and new posts, written without triggers by the old version
    _export_quietly(archive, db)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        for name in triggers:  # as a run of the old version, then, would have left it
            conn.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        conn.execute("DELETE FROM papers_fts_docsize WHERE id > 2")
        conn.commit()
    fresh_db = tmp_path / "fresh.db"
    assert _export_quietly(archive, fresh_db) == 0
    _converges(db, archive, _state(fresh_db), "a full-text index without triggers")


def test_fts_index_declared_otherwise_is_made_anew(tmp_path: Path) -> None:
    """A full-text index with another tokenizer (as declared by another version): the
    next run makes it as declared now, filled from its table, in step with a fresh export."""
    import sqlite_utils

    archive = _archive(tmp_path / "archive", "basic.md", "range.md")
    db = tmp_path / "hot.db"
    assert _export_quietly(archive, db) == 0
    other = sqlite_utils.Database(db)
    other["papers"].enable_fts(["title"], tokenize="porter", create_triggers=True, replace=True)
    other.close()
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert "porter" in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'papers_fts'").fetchone()[0]
    _grow(archive)
    fresh_db = tmp_path / "fresh.db"
    assert _export_quietly(archive, fresh_db) == 0
    _converges(db, archive, _state(fresh_db), "a full-text index declared otherwise")


def test_search_indexes_out_of_step_are_filled_again(tmp_path: Path) -> None:
    """The trigram and grams indexes, as declared but not holding their table's rows
    (emptied behind the export's back): the next run fills them again."""
    archive = _archive(tmp_path / "archive", "basic.md", "range.md", "hand-pasted.md")
    db = tmp_path / "hot.db"
    assert _export_quietly(archive, db) == 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM tweets_grams").fetchone()[0] > 0
        conn.execute("DELETE FROM tweets_grams")
        conn.execute("INSERT INTO papers_trigram(papers_trigram) VALUES ('delete-all')")
        conn.commit()
    fresh_db = tmp_path / "fresh.db"
    assert _export_quietly(archive, fresh_db) == 0
    _converges(db, archive, _state(fresh_db), "search indexes out of step")


def test_index_made_by_sqlite_utils_is_kept(tmp_path: Path) -> None:
    """An index as declared (sqlite-utils' own SQL, earlier versions) is not made again."""
    import sqlite_utils

    archive = _archive(tmp_path / "archive", "basic.md")
    db = tmp_path / "hot.db"
    assert _export_quietly(archive, db) == 0
    other = sqlite_utils.Database(db)
    for name in ("papers", "tweets"):
        other[name].disable_fts()
        other[name].enable_fts(
            ["title", "abstract"] if name == "papers" else ["text"], create_triggers=True
        )
    other.close()
    statements = _Statements()
    with _traced(statements):
        assert _export_quietly(archive, db) == 0
    assert not any("fts" in sql.lower() and sql.lstrip().upper().startswith(("CREATE", "DROP", "INSERT"))
                   for sql in statements.points)


# A few real kills: the process sends itself SIGKILL just before statement N.
_KILL_AT = """
import os, signal, sqlite3, sys
from hotparse.cli import main
at = int(sys.argv[1])
seen = []
original = sqlite3.connect
def connect(*args, **kwargs):
    connection = original(*args, **kwargs)
    def trace(sql):
        if sql.startswith("--"):
            return
        template = _template(sql)
        if seen and seen[-1] == template:
            return
        seen.append(template)
        if len(seen) == at:
            os.kill(os.getpid(), signal.SIGKILL)
    connection.set_trace_callback(trace)
    return connection
sqlite3.connect = connect
sys.exit(main(sys.argv[2:]))
"""


def test_sigkill_before_statements_then_rerun_converges(fast_tmp: Path) -> None:
    """Real processes killed before the statements where a kill leaves new files."""
    archive = _archive(fast_tmp / "archive", "basic.md", "range.md")
    fresh_db = fast_tmp / "fresh.db"
    points = _crash_images(archive, fresh_db, fast_tmp / "images")
    fresh = _state(fresh_db)
    script = "import re\n" + inspect.getsource(_template) + _KILL_AT
    # where the files differ from every earlier point (each commit), and the last one
    distinct = [n for n in range(1, len(points) + 1) if (fast_tmp / "images" / str(n)).exists()]
    chosen = sorted({*distinct[:8], len(points)})
    runs = {
        n: subprocess.Popen(
            [sys.executable, "-c", script, str(n), "export", str(archive), "-o", str(fast_tmp / f"{n}.db")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n in chosen
    }
    for n, process in runs.items():
        _, err = process.communicate(timeout=120)
        assert process.returncode == -signal.SIGKILL, (n, err)
        db = fast_tmp / f"{n}.db"
        if db.exists():
            _converges(db, archive, fresh, f"SIGKILL before statement {n} ({points[n - 1][:80]!r})")
