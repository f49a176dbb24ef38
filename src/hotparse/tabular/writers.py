"""Choosing a writer for an output (SQLite file, Parquet or CSV folder) and ``export()``."""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, Protocol

from hotparse.records import Post
from hotparse.tabular.metadata import datasette_metadata
from hotparse.tabular.rows import Rows, duplicate_message, post_rows
from hotparse.tabular.schema import TABLES

__all__ = ["FORMATS", "Format", "Writer", "export", "guess_format", "open_writer", "write_metadata"]

Format = Literal["sqlite", "parquet", "csv"]
FORMATS: tuple[Format, ...] = ("sqlite", "parquet", "csv")
_SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


class Writer(Protocol):
    """Takes the rows of one post at a time."""

    def write(self, rows: Rows) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


def guess_format(out: str | os.PathLike[str]) -> Format | None:
    """``sqlite`` for a name ending in ``.db``, ``.sqlite`` or ``.sqlite3``, else ``None``."""
    return "sqlite" if Path(out).suffix.lower() in _SQLITE_SUFFIXES else None


def open_writer(out: str | os.PathLike[str], format: Format) -> Writer:
    """The writer for ``out``: a database file for ``sqlite``, a folder for the others."""
    target = os.fspath(out)
    if format == "sqlite":
        from hotparse.tabular.sqlite import SQLiteWriter

        return SQLiteWriter(target)
    from hotparse.tabular.files import CSVWriter, ParquetWriter

    if format == "parquet":
        return ParquetWriter(target)
    if format == "csv":
        return CSVWriter(target)
    raise ValueError(f"unknown format {format!r}: choose one of {', '.join(FORMATS)}")


def write_metadata(path: str | os.PathLike[str], out: str | os.PathLike[str]) -> None:
    """Write Datasette's metadata JSON for the export ``out`` to ``path`` (atomically)."""
    text = json.dumps(datasette_metadata(Path(out).stem), indent=2, ensure_ascii=False) + "\n"
    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export(
    posts: Iterable[Post],
    out: str | os.PathLike[str],
    *,
    format: Format | None = None,
    metadata: str | os.PathLike[str] | None = None,
) -> dict[str, int]:
    """Write ``posts`` to ``out`` as ``hotparse export`` does; return the rows written per table.

    ``format`` defaults to ``sqlite`` for ``.db``/``.sqlite``/``.sqlite3`` names and
    must be given otherwise.  A SQLite database is updated post by post (each
    post replaced as a whole); Parquet and CSV folders get new files holding
    exactly these posts.  Raises ``ValueError`` when two posts share a
    ``post_id``; papers that cannot be keyed are left out with a warning.
    """
    chosen = format or guess_format(out)
    if chosen is None:
        raise ValueError(f"{os.fspath(out)}: give format='sqlite', 'parquet' or 'csv'")
    counts = {table.name: 0 for table in TABLES}
    writer = open_writer(out, chosen)
    seen: dict[str, str] = {}
    try:
        for post in posts:
            rows, left_out = post_rows(post)
            name = post.source or "<string>"
            for problem in left_out:
                warnings.warn(f"{name}:{problem.line}: {problem.message}", stacklevel=2)
            key = rows["posts"][0]["post_id"]
            if key in seen:
                raise ValueError(duplicate_message(name, key, seen[key]))
            seen[key] = name
            writer.write(rows)
            for table, found in rows.items():
                counts[table] += len(found)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    if metadata is not None:
        write_metadata(metadata, out)
    return counts
