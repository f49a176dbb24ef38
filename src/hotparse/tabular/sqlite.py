"""Writing the tables to one SQLite database with sqlite-utils.

Each post is written in one transaction: its rows are deleted from every
table, then inserted anew.  A re-run on a grown archive therefore replaces the
posts it reads and keeps the others, and an export that is stopped half-way
(Ctrl-C, SIGTERM, a power cut) leaves every post either as it was before or
fully written.  The full-text indexes are kept in step by triggers, inside the
same transaction; the schema (tables, full-text indexes, their triggers,
indexes, views) is created in one transaction too, so a crash never leaves a
full-text index without its triggers, and one found out of step with its table
(by an older version) is rebuilt.

The entity tables (``arxiv_papers``, ``accounts``) are not written post by post:
each post's transaction notes the keys it held and holds in ``hotparse_pending``,
and their rows are computed again when the run ends (or, after a stopped run, when
the next one opens the database), in one transaction.

Each post written from a file also gets a row in ``hotparse_sources`` (in the
same transaction): the file's path and SHA-256, and the settings it was read
with.  A re-run skips a file whose row matches (see :meth:`SQLiteWriter.kept`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from hotparse.tabular.entities import entity_sql, stored_value
from hotparse.tabular.rows import Row, Rows
from hotparse.tabular.schema import (
    ALL_TABLES,
    ENTITIES,
    ENTITY_SQL,
    INDEXES,
    SEARCH,
    SEARCH_VIEWS,
    TABLES,
    VIEWS,
    Kind,
    Search,
    Table,
    search_view_sql,
)
from hotparse.tabular.search import has_unspaced, search_grams

if TYPE_CHECKING:
    import sqlite_utils

__all__ = [
    "BUSY_TIMEOUT",
    "SOURCES",
    "DatabaseBusy",
    "SQLiteWriter",
    "Source",
    "import_sqlite_utils_lean",
    "source_settings",
    "source_sha256",
    "stored_value",
]

_TYPES: dict[Kind, type] = {
    "text": str,
    "integer": int,
    "real": float,
    "boolean": int,
    "date": str,
    "datetime": str,
    "text_list": str,
    "date_list": str,
    "pairs": str,
}


_CHECKPOINT_PAGES = 20_000
"""WAL pages (4 KiB) between checkpoints: a corpus of a few hundred posts syncs once."""


def import_sqlite_utils_lean() -> None:
    """Import sqlite-utils without the pandas and numpy it imports when they are installed.

    For the command line only, where no DataFrame is ever handed to sqlite-utils:
    with pandas installed (the ``pandas`` extra, any analyst's environment) that
    import alone cost more time than writing the corpus.  Nothing changes when
    sqlite-utils or pandas is already imported; afterwards pandas and numpy
    import as usual, only sqlite-utils does not know them.
    """
    if "sqlite_utils" in sys.modules or "pandas" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


class SchemaError(ValueError):
    """The database holds tables of the same names with other columns."""


def _values(table: Table) -> Callable[[Row], tuple[Any, ...]]:
    """A row as the tuple of its column values, dates and times as text."""
    names = table.names
    timed = {c.name for c in table.columns if c.kind in ("date", "datetime")}
    if not timed:
        return lambda row: tuple(row[name] for name in names)
    return lambda row: tuple(
        stored_value(row[name]) if name in timed else row[name] for name in names
    )


def _insert_sql(table: Table, into: str) -> str:
    columns = ", ".join(f"[{name}]" for name in table.names)
    return f"INSERT INTO {into} ({columns}) VALUES ({', '.join('?' * len(table.names))})"


@attrs.frozen
class _Plan:
    """How one table's rows of a post are inserted."""

    table: str
    insert: str
    """An ``INSERT`` of one row, run for each row (``executemany``)."""
    values: Callable[[Row], tuple[Any, ...]]
    move: tuple[str, str] | None = None
    """For a table with a full-text index: the rows go to a temporary table first,
    then into the table with one statement, and the temporary table is emptied."""


_SEARCHED = {search.table for search in SEARCH}


def _plan(table: Table) -> _Plan:
    if table.name not in _SEARCHED:
        return _Plan(table.name, _insert_sql(table, f"[{table.name}]"), _values(table))
    # SQLite's full-text index writes its pending terms out as a new segment at each
    # statement savepoint, and an INSERT run row by row opens one per row: the index,
    # fed by sqlite-utils' triggers, then took three quarters of the writing time.
    # One INSERT … SELECT per post opens one savepoint.
    columns = ", ".join(f"[{name}]" for name in table.names)
    stage = f"temp.[{_STAGE}{table.name}]"
    return _Plan(
        table.name,
        _insert_sql(table, stage),
        _values(table),
        move=(
            f"INSERT INTO main.[{table.name}] ({columns}) SELECT {columns} FROM {stage}",
            f"DELETE FROM {stage}",
        ),
    )


_STAGE = "hotparse_staged_"
"""Prefix of the temporary tables (this connection only, in memory)."""

PENDING = "hotparse_pending"
"""The entity keys whose rows are to be computed again: filled in each post's
transaction, emptied when the run ends (in the transaction that recomputes them),
and, after a stopped run, by the next run as it opens."""

_UNSPACED_FUNCTION = "hotparse_has_unspaced"
"""The SQL function that says whether a row goes into the ``*_grams`` indexes."""

_GRAMS_FUNCTION = "hotparse_search_grams"
"""The SQL function the triggers of the ``*_grams`` indexes call (registered by the
writer: another program that inserts tweets or papers must register it too)."""


BUSY_TIMEOUT = 10.0
"""Seconds an export waits for a lock another connection holds on the database
(SQLite's busy timeout) before it gives up with :class:`DatabaseBusy`."""

SOURCES = "hotparse_sources"
"""The bookkeeping table: one row per post written from a file (not a table of
:data:`~hotparse.tabular.schema.TABLES`: SQLite only, never in Parquet or CSV)."""

_SOURCES_COLUMNS = (
    "post_id", "source", "source_sha256", "settings", "warnings", "papers", "tweets", "problems"
)

_SOURCES_SQL = f"""CREATE TABLE [{SOURCES}] (
   [post_id] TEXT PRIMARY KEY NOT NULL,
   [source] TEXT NOT NULL UNIQUE,
   [source_sha256] TEXT NOT NULL,
   [settings] TEXT NOT NULL,
   [warnings] TEXT NOT NULL,
   [papers] INTEGER NOT NULL,
   [tweets] INTEGER NOT NULL,
   [problems] INTEGER NOT NULL
)"""
"""The counts are the post's own (``len(post.papers)``, its tweets, ``len(post.problems)``),
said again in the closing summary when a re-run skips the post."""


_PENDING_COLUMNS = ("entity", "key")

_PENDING_SQL = f"""CREATE TABLE [{PENDING}] (
   [entity] TEXT NOT NULL,
   [key] TEXT NOT NULL,
   PRIMARY KEY ([entity], [key])
) WITHOUT ROWID"""


class DatabaseBusy(sqlite3.OperationalError):
    """Another connection held a lock on the database for longer than the busy timeout."""


@attrs.frozen(kw_only=True)
class Source:
    """The file a post was read from, as ``hotparse_sources`` records it."""

    path: str
    """The path as given (the ``source`` column of ``posts``)."""
    sha256: str
    """SHA-256 of the file's bytes, in hex."""
    settings: str
    """What else the rows depend on: hotparse's version, the tables and the options."""
    warnings: tuple[str, ...] = ()
    """The warning lines the export printed for the post (printed again when it is skipped)."""
    post_id: str = ""
    """The post's key (known once the post was read)."""
    papers: int = 0
    """The post's papers (``len(post.papers)``), for the closing summary of a re-run."""
    tweets: int = 0
    """The post's tweets."""
    problems: int = 0
    """The post's problems (``len(post.problems)``)."""


def source_settings(*, repair: bool, strict: bool) -> str:
    """The ``settings`` of a post read now with these options: a post written with
    other settings (another hotparse, other tables, other options) is written again."""
    from hotparse import __version__

    declared = (ALL_TABLES, ENTITY_SQL, SEARCH, SEARCH_VIEWS, INDEXES, VIEWS)
    tables = hashlib.sha256(repr(declared).encode()).hexdigest()[:16]
    settings = f"hotparse {__version__}; tables {tables}; repair {repair}; strict {strict}"
    if repair:  # the ``ja`` extra re-ranks repairs of Japanese text: other rows
        settings += f"; janome {_janome_version()}"
    return settings


def _janome_version() -> str:
    """The installed janome's version (the ``ja`` extra), or ``none``."""
    import importlib.metadata
    import importlib.util

    if importlib.util.find_spec("janome") is None:
        return "none"
    try:
        return importlib.metadata.version("janome")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _path_key(path: str) -> str:
    """``path`` as ``hotparse_sources`` stores it: text SQLite takes, bytes of a file name
    that were not UTF-8 (surrogate escapes) as ``\\xNN``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def source_sha256(data: bytes) -> str:
    """The ``source_sha256`` of a file's bytes."""
    return hashlib.sha256(data).hexdigest()


class SQLiteWriter:
    """Writes posts' rows into the database at ``path`` (created when missing).

    Waits up to ``busy_timeout`` seconds (default :data:`BUSY_TIMEOUT`) for a lock
    another connection holds, then raises :class:`DatabaseBusy` naming the file and
    the kind of lock.  A database this writer created is removed again by
    :meth:`abort` when no post was written to it.
    """

    def __init__(self, path: str, *, busy_timeout: float | None = None) -> None:
        import sqlite_utils

        self.path = path
        self.busy_timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
        self.written = 0
        """Posts written (committed) so far."""
        self._new = not os.path.lexists(path)
        connection = sqlite3.connect(path, timeout=self.busy_timeout)
        try:
            with self._busy():
                self._db = sqlite_utils.Database(connection, execute_plugins=False)
                self._db.execute("PRAGMA foreign_keys = ON")
                # WAL: readers (Datasette) keep reading while an export runs, and a commit
                # needs no sync of its own; a crash or a kill still loses no committed post
                self._wal()
                self._db.execute("PRAGMA synchronous = NORMAL")
                self._db.execute(f"PRAGMA wal_autocheckpoint = {_CHECKPOINT_PAGES}")
                # the *_grams full-text indexes are fed by triggers calling these functions
                self._db.conn.create_function(
                    _GRAMS_FUNCTION, 1, search_grams, deterministic=True
                )
                self._db.conn.create_function(
                    _UNSPACED_FUNCTION, 1, has_unspaced, deterministic=True
                )
                with self._transaction():
                    _ensure_schema(self._db, path)
                self._db.execute("PRAGMA temp_store = MEMORY")
                self._refresh_entities()  # what a stopped run left to do
                for table in TABLES:
                    if table.name in _SEARCHED:  # columns without types: values are kept as bound
                        columns = ", ".join(f"[{name}]" for name in table.names)
                        self._db.execute(
                            f"CREATE TEMP TABLE [{_STAGE}{table.name}] ({columns})"
                        )
        except BaseException:
            connection.close()
            self._remove_if_new()
            raise
        self._plans = [_plan(table) for table in TABLES]

    def _wal(self) -> None:
        """Switch to WAL mode.  That needs the database to itself, and SQLite does not
        wait for it (no busy handler): try again until the busy timeout."""
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)

    def kept(self, source: Source) -> Source | None:
        """What the database holds for ``source`` when that post needs no writing: a
        post written from the same path, with the same bytes and settings, whose row
        in ``posts`` is still there.  ``None`` when it must be read and written."""
        with self._busy():
            found = self._db.conn.execute(
                "SELECT s.post_id, s.source_sha256, s.settings, s.warnings, s.papers, s.tweets,"
                f" s.problems FROM [{SOURCES}] s"
                " JOIN posts ON posts.post_id = s.post_id WHERE s.source = ?",
                [_path_key(source.path)],
            ).fetchone()
        if found is None or (found[1], found[2]) != (source.sha256, source.settings):
            return None
        try:
            warnings = json.loads(found[3])
        except ValueError:
            return None
        if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
            return None
        return attrs.evolve(
            source, post_id=found[0], warnings=tuple(warnings),
            papers=found[4], tweets=found[5], problems=found[6],
        )

    def write(self, rows: Rows, source: Source | None = None) -> None:
        """Replace one post: delete its rows in every table and insert the new ones;
        with ``source``, record the file it was read from (:meth:`kept`)."""
        key = rows["posts"][0]["post_id"]
        connection = self._db.conn
        with self._busy(), self._transaction():
            self._pending(key, None)
            connection.execute(f"DELETE FROM [{SOURCES}] WHERE post_id = ?", [key])
            for table in reversed(TABLES):  # children before their parents
                connection.execute(f"DELETE FROM [{table.name}] WHERE post_id = ?", [key])
            # our own INSERTs: sqlite-utils' insert_all checks and converts every value
            # again, which made the whole export half as fast
            for plan in self._plans:
                found = rows[plan.table]
                if found:
                    connection.executemany(plan.insert, [plan.values(row) for row in found])
                    if plan.move is not None:
                        for sql in plan.move:
                            connection.execute(sql)
            self._pending(key, rows)
            if source is not None:
                # the row is written with the post's rows: a post cut short is never kept
                connection.execute(
                    f"DELETE FROM [{SOURCES}] WHERE source = ?", [_path_key(source.path)]
                )
                connection.execute(
                    f"INSERT INTO [{SOURCES}] VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        key,
                        _path_key(source.path),
                        source.sha256,
                        source.settings,
                        json.dumps(list(source.warnings), ensure_ascii=False),
                        source.papers,
                        source.tweets,
                        source.problems,
                    ],
                )
        self.written += 1

    def _pending(self, key: str, rows: Rows | None) -> None:
        """Note the entity keys (arxiv ids, handles) the post held (``rows`` None: read
        from the database, before its rows are deleted) or now holds, in
        :data:`PENDING`: their entity rows are computed again when the run ends."""
        connection = self._db.conn
        for name, (column, _) in ENTITY_SQL.items():
            source, name_of_column = column.split(".")
            if rows is None:
                found = connection.execute(
                    f"SELECT DISTINCT [{name_of_column}] FROM [{source}] "
                    f"WHERE post_id = ? AND [{name_of_column}] IS NOT NULL",
                    [key],
                ).fetchall()
                keys = {value for (value,) in found}
            else:
                keys = {row[name_of_column] for row in rows[source]} - {None}
            connection.executemany(
                f"INSERT OR IGNORE INTO [{PENDING}] (entity, key) VALUES (?, ?)",
                [(name, value) for value in keys],
            )

    def _refresh_entities(self) -> None:
        """Compute the entity rows of the pending keys again, in one transaction (none
        when no key is pending: a run that kept every post)."""
        connection = self._db.conn
        with self._busy():
            if connection.execute(f"SELECT 1 FROM [{PENDING}] LIMIT 1").fetchone() is None:
                return
            with self._transaction():
                for entity in ENTITIES:
                    assert entity.key is not None
                    keys = f"(SELECT key FROM [{PENDING}] WHERE entity = '{entity.name}')"
                    connection.execute(
                        f"DELETE FROM [{entity.name}] WHERE [{entity.key[0]}] IN {keys}"
                    )
                    columns = ", ".join(f"[{name}]" for name in entity.names)
                    connection.execute(
                        f"INSERT INTO [{entity.name}] ({columns}) "
                        + entity_sql(entity.name, keys)
                    )
                connection.execute(f"DELETE FROM [{PENDING}]")

    def close(self) -> None:
        """Compute the pending entity rows, checkpoint and close; on a failure the
        connection is closed all the same (its transaction rolled back: the next run
        computes those rows as it opens)."""
        try:
            self._refresh_entities()
            with self._busy():
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException:
            self.abort()
            raise
        self._db.close()

    def abort(self) -> None:
        """Roll back the post being written and close; a database created by this
        writer that holds no post is removed."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        if self.written == 0:
            self._remove_if_new()

    def _remove_if_new(self) -> None:
        """Remove the database this writer created, once closed: unless another
        connection has it open (its ``-wal`` is still there) or it holds posts (another
        export into the same new file, at the same time)."""
        if not self._new or any(Path(self.path + s).exists() for s in ("-wal", "-shm")):
            return
        try:
            with contextlib.closing(sqlite3.connect(self.path, timeout=0)) as check:
                posts = check.execute("SELECT count(*) FROM posts").fetchone()[0]
        except sqlite3.OperationalError as error:
            if _is_busy(error):
                return
            posts = 0  # no table: the schema was never made
        except sqlite3.Error:
            return
        if posts:
            return
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(self.path + suffix).unlink()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE``: the write lock is taken (waiting up to the busy timeout)
        before anything is read, so a commit by another connection meanwhile cannot
        make the transaction fail half-way."""
        connection = self._db.conn
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if connection.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    @contextlib.contextmanager
    def _busy(self) -> Iterator[None]:
        """SQLite's ``database is locked`` as :class:`DatabaseBusy`, naming the file and
        the lock."""
        try:
            yield
        except sqlite3.OperationalError as error:
            if isinstance(error, DatabaseBusy) or not _is_busy(error):
                raise
            raise DatabaseBusy(
                f"{self.path}: the database is locked: {_lock_held(self.path)}; "
                f"hotparse waited {self.busy_timeout:g} seconds for it (the busy timeout). "
                "Run the export again when that program has finished"
            ) from error


def _is_busy(error: sqlite3.OperationalError) -> bool:
    name = getattr(error, "sqlite_errorname", "")
    if name:
        return bool(name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")))
    return "locked" in str(error)


def _lock_held(path: str) -> str:
    """Which kind of lock another connection holds on ``path``, found by trying to
    take each without waiting."""
    try:
        probe = sqlite3.connect(path, timeout=0)
    except sqlite3.Error:
        return "another connection holds a lock on it"
    try:
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            return (
                "another connection holds an exclusive lock on it (it is committing "
                "outside WAL mode, or keeps the database in exclusive locking mode)"
            )
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:
            return "another connection holds its write lock (a write transaction is open)"
        return "another connection held a lock on it (released since)"
    except sqlite3.Error:
        return "another connection holds a lock on it"
    finally:
        probe.close()


def _fts_statements(
    name: str, columns: tuple[str, ...], *, tokenize: str | None = None
) -> list[tuple[str | None, str]]:
    """The full-text index of table ``name`` and the triggers that keep it in step, as
    (object name, SQL): the SQL sqlite-utils' ``enable_fts(create_triggers=True)``
    writes, to be run in one transaction with the rest of the schema.  The statement
    named None fills the index from the table."""
    table = f'"{name}"'
    fts = f'"{name}_fts"'
    listed = ", ".join(f'"{c}"' for c in columns)
    old = ", ".join(f'old."{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    tokenizer = "" if tokenize is None else "\n    tokenize='" + tokenize.replace("'", "''") + "',"
    delete = f"INSERT INTO {fts} ({fts}, rowid, {listed}) VALUES('delete', old.rowid, {old});"
    insert = f"INSERT INTO {fts} (rowid, {listed}) VALUES (new.rowid, {new});"
    return [
        (
            f"{name}_fts",
            f"CREATE VIRTUAL TABLE {fts} USING FTS5 (\n    {listed},{tokenizer}\n    "
            f"content={table}\n)",
        ),
        (None, f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')"),
        _trigger(name, "ai", "INSERT", insert),
        _trigger(name, "ad", "DELETE", delete),
        _trigger(name, "au", "UPDATE", f"{delete}\n  {insert}"),
    ]


def _trigger(name: str, suffix: str, event: str, body: str) -> tuple[str, str]:
    trigger = f"{name}_{suffix}"
    return trigger, f'CREATE TRIGGER "{trigger}" AFTER {event} ON "{name}" BEGIN\n  {body}\nEND'


def _ensure_schema(db: sqlite_utils.Database, path: str) -> None:
    """Create what is missing (tables, full-text indexes, indexes, views); check the rest.

    Runs inside the caller's transaction: nothing here commits.
    """
    existing = set(db.table_names())
    for table in ALL_TABLES:
        if table.name in existing:
            _check_columns(db, path, table.name, table.names)
            continue
        foreign_keys: list[Any] = []
        for column, other in table.links:
            other_key = next(t.key for t in ALL_TABLES if t.name == other)
            assert other_key is not None and len(other_key) == 1
            foreign_keys.append((column, other, other_key[0]))
        if table.parent is not None and len(table.parent[1]) > 1:
            parent, columns_ = table.parent
            foreign_keys.append((columns_, parent, columns_))
        db.table(table.name).create(
            {column.name: _TYPES[column.kind] for column in table.columns},
            pk=table.key if table.key is None or len(table.key) > 1 else table.key[0],
            foreign_keys=foreign_keys,
            not_null=table.key or ("post_id",),
        )
        if table.unique is not None:
            db.table(table.name).create_index(list(table.unique), unique=True, if_not_exists=True)
    if SOURCES in existing:
        _check_columns(db, path, SOURCES, _SOURCES_COLUMNS)
    else:
        db.conn.execute(_SOURCES_SQL)
    if PENDING in existing:
        _check_columns(db, path, PENDING, _PENDING_COLUMNS)
    else:
        db.conn.execute(_PENDING_SQL)
    for search in SEARCH:
        _ensure_search(db, search)
    for name, columns in INDEXES.__iter__():
        db.table(name).create_index(list(columns), if_not_exists=True, find_unique_name=False)
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
    for name in SEARCH_VIEWS:
        db.create_view(name, search_view_sql(name), replace=True)


def _search_statements(search: Search) -> list[tuple[str | None, str]]:
    """The full-text index ``search`` and the triggers that keep it in step, as (object
    name, SQL), to be run in one transaction with the rest of the schema; the
    statement named None fills the index from its table."""
    if search.name == f"{search.table}_fts" and not search.grams:
        # the word index, as sqlite-utils' enable_fts writes it (and earlier versions of
        # hotparse did, without a tokenize option for the default unicode61): an index
        # an earlier export made is kept as it is
        tokenize = None if search.tokenize == "unicode61" else search.tokenize
        return _fts_statements(search.table, search.columns, tokenize=tokenize)
    listed = ", ".join(f"[{column}]" for column in search.columns)
    new = ", ".join(
        f"{_GRAMS_FUNCTION}(new.[{c}])" if search.grams else f"new.[{c}]" for c in search.columns
    )
    old = ", ".join(f"old.[{c}]" for c in search.columns)
    content = "" if search.grams else f", content=[{search.table}]"
    name, table = search.name, search.table
    insert = f"INSERT INTO [{name}] (rowid, {listed}) VALUES (new.rowid, {new});"
    if search.grams:  # only the rows holding Chinese, Japanese or Korean text
        held = " OR ".join(f"{_UNSPACED_FUNCTION}(new.[{c}])" for c in search.columns)
        insert = f"INSERT INTO [{name}] (rowid, {listed}) SELECT new.rowid, {new} WHERE {held};"
        delete = f"DELETE FROM [{name}] WHERE rowid = old.rowid;"  # its own content
        grams = ", ".join(f"{_GRAMS_FUNCTION}([{c}])" for c in search.columns)
        fill = (
            f"INSERT INTO [{name}] (rowid, {listed}) SELECT rowid, {grams} FROM [{table}] "
            f"WHERE {held.replace('new.', '')}"
        )
    else:
        delete = (
            f"INSERT INTO [{name}] ([{name}], rowid, {listed}) "
            f"VALUES('delete', old.rowid, {old});"
        )
        fill = f"INSERT INTO [{name}] ([{name}]) VALUES ('rebuild')"
    return [
        (
            name,
            f"CREATE VIRTUAL TABLE [{name}] USING FTS5 ({listed}, "
            f"tokenize='{search.tokenize}'{content})",
        ),
        (None, fill),
        (f"{name}_ai", f"CREATE TRIGGER [{name}_ai] AFTER INSERT ON [{table}] BEGIN {insert} END"),
        (f"{name}_ad", f"CREATE TRIGGER [{name}_ad] AFTER DELETE ON [{table}] BEGIN {delete} END"),
        (  # only when a searched column changes: other edits need no function
            f"{name}_au",
            f"CREATE TRIGGER [{name}_au] AFTER UPDATE OF {listed} ON [{table}] "
            f"BEGIN {delete} {insert} END",
        ),
    ]


def _ensure_search(db: sqlite_utils.Database, search: Search) -> None:
    """Create the full-text index ``search`` with its triggers, or make it anew when it
    is not the one declared (a trigger missing, as an export by an older version killed
    while it made them left it; other columns or another tokenizer), and fill it again
    when it is out of step with its table (another number of rows)."""
    connection = db.conn
    statements = _search_statements(search)
    declared = {
        found: " ".join(sql.split()) for found, sql in statements if found is not None
    }
    marks = ", ".join("?" * len(declared))
    stored = {
        found: " ".join((sql or "").split())
        for found, sql in connection.execute(
            f"SELECT name, sql FROM sqlite_master WHERE name IN ({marks})", list(declared)
        )
    }
    name = search.name
    if stored == declared:
        indexed = connection.execute(f'SELECT count(*) FROM "{name}_docsize"').fetchone()[0]
        where = ""
        if search.grams:  # only the rows holding Chinese, Japanese or Korean text
            where = " WHERE " + " OR ".join(
                f"{_UNSPACED_FUNCTION}([{c}])" for c in search.columns
            )
        rows = connection.execute(f'SELECT count(*) FROM "{search.table}"{where}').fetchone()[0]
        if indexed != rows:
            if search.grams:
                connection.execute(f'DELETE FROM "{name}"')
            fill = next(sql for found, sql in statements if found is None)
            connection.execute(fill)
        return
    for trigger in set(stored) - {name}:
        connection.execute(f'DROP TRIGGER "{trigger}"')
    if name in stored:
        connection.execute(f'DROP TABLE "{name}"')
    for _, sql in statements:
        connection.execute(sql)


def _check_columns(
    db: sqlite_utils.Database, path: str, name: str, expected: tuple[str, ...]
) -> None:
    columns = tuple(db.table(name).columns_dict)
    if columns != expected:
        raise SchemaError(
            f"{path}: table {name} has the columns {', '.join(columns)}, not "
            f"those of a hotparse export ({', '.join(expected)}); "
            "export to another file"
        )


def is_database_error(error: BaseException) -> bool:
    """Whether ``error`` says the file is not a database, or a locked or damaged one."""
    return isinstance(error, sqlite3.DatabaseError)
