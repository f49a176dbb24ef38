"""The entity tables (``arxiv_papers``, ``accounts``) from the per-post rows.

Their rows are defined once, as SQL (:data:`~hotparse.tabular.schema.ENTITY_SQL`):
the SQLite export runs it on the database, for the keys of each post it writes;
the other outputs (:func:`~hotparse.tables`, Parquet, CSV, DataFrames) feed the
posts' rows to a :class:`EntityBuilder`, an in-memory SQLite database holding the
columns the SQL reads, and run the same SQL at the end.  So every format holds the
same entity rows.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING, Any

from hotparse.tabular.schema import ENTITIES, ENTITY_SQL, Table

if TYPE_CHECKING:  # rows.tables() imports this module: no import circle
    from hotparse.tabular.rows import Row, Rows

__all__ = ["SOURCES", "EntityBuilder", "entity_rows", "entity_sql", "typed_row"]

SOURCES: dict[str, tuple[str, ...]] = {
    "posts": ("post_id", "date", "period_start"),
    "papers": (
        "paper_key",
        "post_id",
        "rank",
        "arxiv_id",
        "title",
        "retweets",
        "favorites",
        "counted_at",
        "primary_category",
        "abs_url",
        "pdf_url",
    ),
    "paper_categories": ("paper_key", "position", "category"),
    "tweets": (
        "paper_key",
        "post_id",
        "position",
        "tweet_id",
        "author_handle",
        "author_name",
        "date",
    ),
}
"""The columns of the per-post tables that the entity SQL reads."""


def entity_sql(name: str, keys: str | None = None) -> str:
    """The ``SELECT`` of entity table ``name``'s rows; for the keys in the table
    ``keys`` (one column, ``key``) only when given."""
    column, sql = ENTITY_SQL[name]
    where = "" if keys is None else f"AND {column} IN (SELECT key FROM {keys})"
    return sql.strip().replace("{filter}", where)


def stored_value(value: Any) -> Any:
    """A row value as SQLite and CSV store it: dates and times as ISO 8601 text."""
    if isinstance(value, dt.datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def typed_row(entity: Table, values: tuple[Any, ...]) -> Row:
    """A row of SQL values as the per-post rows hold them: dates and times typed."""
    row: Row = {}
    for column, value in zip(entity.columns, values, strict=True):
        if value is not None and column.kind == "date":
            value = dt.date.fromisoformat(value)
        elif value is not None and column.kind == "datetime":
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        row[column.name] = value
    return row


class EntityBuilder:
    """Collects the rows of posts; :meth:`rows` gives the entity tables' rows."""

    def __init__(self) -> None:
        self._db = sqlite3.connect(":memory:")
        for name, columns in SOURCES.items():
            self._db.execute(f"CREATE TABLE [{name}] ({', '.join(columns)})")
        self._db.execute("CREATE INDEX papers_key ON papers (paper_key)")
        self._db.execute("CREATE INDEX papers_arxiv ON papers (arxiv_id)")
        self._db.execute("CREATE INDEX categories_key ON paper_categories (paper_key)")
        self._db.execute("CREATE INDEX tweets_key ON tweets (paper_key)")
        self._db.execute("CREATE INDEX tweets_handle ON tweets (author_handle)")
        self._inserts = {
            name: (
                f"INSERT INTO [{name}] VALUES ({', '.join('?' * len(columns))})",
                columns,
            )
            for name, columns in SOURCES.items()
        }

    def add(self, rows: Rows) -> None:
        """Take one post's rows."""
        for name, (sql, columns) in self._inserts.items():
            found = rows[name]
            if found:
                self._db.executemany(
                    sql, [tuple(stored_value(row[column]) for column in columns) for row in found]
                )

    def rows(self) -> dict[str, list[Row]]:
        """The rows of every entity table, sorted by key."""
        out: dict[str, list[Row]] = {}
        for entity in ENTITIES:
            key = entity.key[0] if entity.key else entity.names[0]
            found = self._db.execute(f"SELECT * FROM ({entity_sql(entity.name)}) ORDER BY [{key}]")
            out[entity.name] = [typed_row(entity, values) for values in found]
        return out

    def close(self) -> None:
        self._db.close()


def entity_rows(all_rows: dict[str, list[Row]]) -> dict[str, list[Row]]:
    """The entity tables' rows from the per-post tables' rows of a whole export."""
    builder = EntityBuilder()
    try:
        builder.add(all_rows)
        return builder.rows()
    finally:
        builder.close()

