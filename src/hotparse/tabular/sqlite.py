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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hotparse.tabular.rows import Row, Rows
from hotparse.tabular.schema import INDEXES, SEARCH, TABLES, VIEWS, Kind, Table

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["SQLiteWriter", "stored_value"]

_TYPES: dict[Kind, type] = {
    "text": str,
    "integer": int,
    "real": float,
    "boolean": int,
    "date": str,
    "datetime": str,
    "json": str,
}


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


def _converter(table: Table) -> Callable[[Row], Row]:
    timed = [c.name for c in table.columns if c.kind in ("date", "datetime")]
    if not timed:
        return lambda row: row

    def convert(row: Row) -> Row:
        row = dict(row)
        for name in timed:
            row[name] = stored_value(row[name])
        return row

    return convert


class SQLiteWriter:
    """Writes posts' rows into the database at ``path`` (created when missing)."""

    def __init__(self, path: str) -> None:
        import sqlite_utils

        self.path = path
        self._db = sqlite_utils.Database(path, execute_plugins=False)
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            _ensure_schema(self._db, path)
        except BaseException:
            self._db.close()
            raise
        self._convert = {table.name: _converter(table) for table in TABLES}

    def write(self, rows: Rows) -> None:
        """Replace one post: delete its rows in every table and insert the new ones."""
        key = rows["posts"][0]["post_id"]
        db = self._db
        with db.atomic():
            for table in reversed(TABLES):  # children before their parents
                db.execute(f"DELETE FROM [{table.name}] WHERE post_id = ?", [key])
            for table in TABLES:
                found = rows[table.name]
                if found:
                    convert = self._convert[table.name]
                    db.table(table.name).insert_all((convert(row) for row in found), batch_size=500)

    def close(self) -> None:
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
