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

from hotparse.tabular.rows import Row, Rows
from hotparse.tabular.schema import INDEXES, SEARCH, TABLES, VIEWS, Kind, Table

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
    "json": str,
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


def _plan(table: Table) -> _Plan:
    if table.name not in SEARCH:
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
            _ensure_schema(self._db, path)
            self._db.execute("PRAGMA temp_store = MEMORY")
            for table in TABLES:
                if table.name in SEARCH:  # columns without types: values are kept as bound
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

    def close(self) -> None:
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.close()

    def abort(self) -> None:
        self._db.close()


def _ensure_schema(db: sqlite_utils.Database, path: str) -> None:
    """Create what is missing (tables, full-text indexes, indexes, views); check the rest."""
    existing = set(db.table_names())
    with db.atomic():
        for table in TABLES:
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
            if table.parent is not None:
                parent, columns_ = table.parent
                if parent != "posts":  # a plain link for Datasette too
                    foreign_keys.append(("post_id", "posts", "post_id"))
                if len(columns_) == 1:
                    foreign_keys.append((columns_[0], parent, columns_[0]))
                else:
                    foreign_keys.append((columns_, parent, columns_))
            db.table(table.name).create(
                {column.name: _TYPES[column.kind] for column in table.columns},
                pk=table.key if table.key is None or len(table.key) > 1 else table.key[0],
                foreign_keys=foreign_keys,
                not_null=table.key or ("post_id",),
            )
    for name, columns in SEARCH.items():
        if db.table(name).detect_fts() is None:
            db.table(name).enable_fts(list(columns), create_triggers=True)
    for name, columns in INDEXES.__iter__():
        db.table(name).create_index(list(columns), if_not_exists=True, find_unique_name=False)
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)


def is_database_error(error: BaseException) -> bool:
    """Whether ``error`` says the file is not a database, or a locked or damaged one."""
    return isinstance(error, sqlite3.DatabaseError)
