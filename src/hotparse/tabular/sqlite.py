"""Writing the tables to one SQLite database with sqlite-utils.

Each post is written in one transaction: its rows are deleted from every
table, then inserted anew.  A re-run on a grown archive therefore replaces the
posts it reads and keeps the others, and an export that is stopped half-way
(Ctrl-C, SIGTERM, a power cut) leaves every post either as it was before or
fully written.  The full-text indexes are kept in step by sqlite-utils'
triggers, inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from hotparse.tabular.entities import entity_sql
from hotparse.tabular.rows import Row, Rows
from hotparse.tabular.schema import (
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

__all__ = ["SQLiteWriter", "import_sqlite_utils_lean", "stored_value"]

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


def stored_value(value: Any) -> Any:
    """A row value as SQLite and CSV store it: dates and times as ISO 8601 text."""
    if isinstance(value, dt.datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


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


class SQLiteWriter:
    """Writes posts' rows into the database at ``path`` (created when missing)."""

    def __init__(self, path: str) -> None:
        import sqlite_utils

        self.path = path
        self._db = sqlite_utils.Database(path, execute_plugins=False)
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            # WAL: readers (Datasette) keep reading while an export runs, and a commit
            # needs no sync of its own; a crash or a kill still loses no committed post
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute(f"PRAGMA wal_autocheckpoint = {_CHECKPOINT_PAGES}")
            # the *_grams full-text indexes are fed by triggers calling this function
            self._db.conn.create_function(_GRAMS_FUNCTION, 1, search_grams, deterministic=True)
            self._db.conn.create_function(_UNSPACED_FUNCTION, 1, has_unspaced, deterministic=True)
            _ensure_schema(self._db, path)
            self._db.execute("PRAGMA temp_store = MEMORY")
            self._db.execute(
                f"CREATE TABLE IF NOT EXISTS [{PENDING}] (entity TEXT NOT NULL, "
                "key TEXT NOT NULL, PRIMARY KEY (entity, key)) WITHOUT ROWID"
            )
            self._refresh_entities()  # what a stopped run left to do
            for table in TABLES:
                if table.name in _SEARCHED:  # columns without types: values are kept as bound
                    columns = ", ".join(f"[{name}]" for name in table.names)
                    self._db.execute(f"CREATE TEMP TABLE [{_STAGE}{table.name}] ({columns})")
        except BaseException:
            self._db.close()
            raise
        self._plans = [_plan(table) for table in TABLES]

    def write(self, rows: Rows) -> None:
        """Replace one post: delete its rows in every table and insert the new ones."""
        key = rows["posts"][0]["post_id"]
        connection = self._db.conn
        with self._db.atomic():
            self._pending(key, None)
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
        """Compute the entity rows of the pending keys again, in one transaction."""
        connection = self._db.conn
        with self._db.atomic():
            for entity in ENTITIES:
                assert entity.key is not None
                keys = f"(SELECT key FROM [{PENDING}] WHERE entity = '{entity.name}')"
                connection.execute(
                    f"DELETE FROM [{entity.name}] WHERE [{entity.key[0]}] IN {keys}"
                )
                columns = ", ".join(f"[{name}]" for name in entity.names)
                connection.execute(
                    f"INSERT INTO [{entity.name}] ({columns}) " + entity_sql(entity.name, keys)
                )
            connection.execute(f"DELETE FROM [{PENDING}]")

    def close(self) -> None:
        self._refresh_entities()
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.close()

    def abort(self) -> None:
        self._db.close()


def _ensure_schema(db: sqlite_utils.Database, path: str) -> None:
    """Create what is missing (tables, full-text indexes, indexes, views); check the rest."""
    existing = set(db.table_names())
    with db.atomic():
        for table in (*TABLES, *ENTITIES):
            if table.name in existing:
                columns = tuple(db.table(table.name).columns_dict)
                if columns != table.names:
                    raise SchemaError(
                        f"{path}: table {table.name} has the columns {', '.join(columns)}, not "
                        f"those of a hotparse export ({', '.join(table.names)}); "
                        "export to another file"
                    )
                continue
            foreign_keys: list[Any] = []
            for column, other in table.links:
                other_key = next(t.key for t in (*TABLES, *ENTITIES) if t.name == other)
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
                db.table(table.name).create_index(
                    list(table.unique), unique=True, if_not_exists=True
                )
    for search in SEARCH:
        if search.name not in existing:
            _create_search(db, search)
    for name, columns in INDEXES.__iter__():
        db.table(name).create_index(list(columns), if_not_exists=True, find_unique_name=False)
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
    for name in SEARCH_VIEWS:
        db.create_view(name, search_view_sql(name), replace=True)


def _create_search(db: sqlite_utils.Database, search: Search) -> None:
    """A full-text index on ``search.table`` and the triggers that keep it in step."""
    if search.name == f"{search.table}_fts" and not search.grams:
        db.table(search.table).enable_fts(
            list(search.columns), create_triggers=True, tokenize=search.tokenize
        )
        return
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
    if search.grams:  # its own content: a row is deleted by its rowid
        delete = f"DELETE FROM [{name}] WHERE rowid = old.rowid;"
    else:
        delete = (
            f"INSERT INTO [{name}] ([{name}], rowid, {listed}) "
            f"VALUES('delete', old.rowid, {old});"
        )
    with db.atomic():
        db.execute(
            f"CREATE VIRTUAL TABLE [{name}] USING FTS5 ({listed}, "
            f"tokenize='{search.tokenize}'{content})"
        )
        db.execute(f"CREATE TRIGGER [{name}_ai] AFTER INSERT ON [{table}] BEGIN {insert} END")
        db.execute(f"CREATE TRIGGER [{name}_ad] AFTER DELETE ON [{table}] BEGIN {delete} END")
        db.execute(  # only when a searched column changes: other edits need no function
            f"CREATE TRIGGER [{name}_au] AFTER UPDATE OF {listed} ON [{table}] "
            f"BEGIN {delete} {insert} END"
        )


def is_database_error(error: BaseException) -> bool:
    """Whether ``error`` says the file is not a database, or a locked or damaged one."""
    return isinstance(error, sqlite3.DatabaseError)
