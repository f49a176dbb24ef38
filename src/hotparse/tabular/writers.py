"""Choosing a writer for an output (SQLite file, Parquet or CSV folder) and ``export()``."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from hotparse._arguments import require_posts
from hotparse.output import OutputError, file_kind, open_output, own_descriptor, same_file
from hotparse.records import Post
from hotparse.tabular.formats import FORMATS, Format, guess_format, listed, output_format
from hotparse.tabular.metadata import datasette_metadata
from hotparse.tabular.rows import Rows, keyed_rows
from hotparse.tabular.schema import TABLES

if TYPE_CHECKING:
    from hotparse.tabular.sqlite import Source

__all__ = [
    "FORMATS",
    "Format",
    "Writer",
    "export",
    "guess_format",
    "open_writer",
    "sqlite_name_problem",
    "write_metadata",
]


class Writer(Protocol):
    """Takes the rows of one post at a time."""

    written: int
    """Posts written so far."""

    def kept(self, source: Source) -> Source | None:
        """The post already written from ``source`` (same bytes and settings), if any."""
        ...

    def write(self, rows: Rows, source: Source | None = None) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None:
        """Undo what is not finished; an output created by this export and never
        filled is removed."""
        ...


def sqlite_name_problem(out: str) -> str | None:
    """Why SQLite would not take ``out`` as the name of a plain database file, else None:
    ``:memory:`` (a database in memory, gone when the export ends), a ``file:`` URI
    (options and another file name inside), an empty name (a temporary database)."""
    if out == "":
        return "an empty name is a temporary database for SQLite, removed when it closes"
    if out == ":memory:":
        return "SQLite keeps ':memory:' in memory, so the posts would be lost"
    if out[:5].lower() == "file:":
        return "SQLite may read a name starting with 'file:' as a URI"
    return None


def open_writer(out: str | os.PathLike[str], format: Format) -> Writer:
    """The writer for ``out``: a database file for ``sqlite``, a folder for the others.

    Raises ``OSError`` (``cannot write OUT: …``) when ``out`` cannot be one: a
    device or a FIFO, a link loop, a missing folder, a database name too long
    for the journal files SQLite keeps beside it.  A database file created here
    is removed again when SQLite cannot open it.
    """
    target = os.fspath(out)
    chosen = output_format(format)
    if chosen is None:
        raise ValueError(f"unknown format {format!r}: choose one of {', '.join(FORMATS)}")
    if not chosen.folder:
        problem = sqlite_name_problem(target)
        if problem is not None:
            raise OSError(
                f"cannot write {target}: {problem}; give a plain file name "
                f"(./{target} for a file of that name)"
            )
    info = _output_info(target)
    writer = chosen.writer_class()
    if not chosen.folder:
        if own_descriptor(target) is not None:
            raise OSError(
                f"cannot write {target}: it names an open descriptor; an SQLite database "
                "is a regular file (give a file name)"
            )
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise OSError(
                f"cannot write {target}: it is {file_kind(info.st_mode)}; an SQLite database is a "
                "regular file (give a new file name)"
            )
        folder = Path(target).parent
        if info is None and not folder.is_dir():
            reason = "is not a folder" if folder.exists() else "does not exist"
            raise OSError(f"cannot write {target}: {folder} {reason}")
        _check_database_name(target)
        try:
            made: Writer = writer(target)
        except BaseException:
            if info is None:  # created by SQLite just now: leave nothing behind
                with contextlib.suppress(OSError):
                    if Path(target).stat().st_size == 0:
                        Path(target).unlink()
            raise
        return made
    if info is not None and not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(
            20, f"{target} is not a folder (Parquet and CSV exports write one file per table)"
        )
    tables: Writer = writer(target)
    return tables


_JOURNAL_SUFFIX = "-journal"
"""The longest name SQLite adds to a database's name for its files beside it
(``-wal``, ``-shm``, ``-journal``)."""


def _output_info(target: str) -> os.stat_result | None:
    """``stat`` of the output (through links), None when it does not exist yet."""
    try:
        return Path(target).stat()
    except FileNotFoundError:
        return None
    except OSError as error:  # a link loop, a name too long, no permission
        raise OSError(f"cannot write {target}: {error.strerror or error}") from None
    except ValueError:
        raise OSError(f"cannot write {target}: the name holds a NUL character") from None


def _check_database_name(target: str) -> None:
    """SQLite writes ``NAME-journal`` and ``NAME-wal`` beside the database: the name
    must leave room for them under the system's limit."""
    real = Path(os.path.realpath(target))
    try:
        limit = os.pathconf(real.parent, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        limit = 255
    longest = limit - len(_JOURNAL_SUFFIX)
    if len(os.fsencode(real.name)) > longest:
        raise OSError(
            f"cannot write {target}: the name is too long for SQLite, which keeps "
            f"{real.name[:20]}…{_JOURNAL_SUFFIX} beside the database; use a name of at "
            f"most {longest} bytes"
        )


def metadata_text(out: str | os.PathLike[str]) -> str:
    """Datasette's metadata JSON for the export ``out``."""
    return json.dumps(datasette_metadata(Path(out).stem), indent=2, ensure_ascii=False) + "\n"


def write_metadata(path: str | os.PathLike[str], out: str | os.PathLike[str]) -> None:
    """Write Datasette's metadata JSON for the export ``out`` to ``path``, as ``dump -o``
    writes: a regular file atomically (through a symbolic link, not over it), a device,
    a FIFO or one of this process's descriptors (``/dev/stdout``) written through,
    never replaced.  Raises :class:`hotparse.output.OutputError` (an ``OSError``)
    naming ``path`` when it cannot be written."""
    target = os.fspath(path)
    text = metadata_text(out)
    try:
        with open_output(target) as stream:
            stream.write(text)
    except OutputError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror or error}") from None


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
    Raises ``OSError`` naming the file when ``out`` cannot be written (SQLite's
    own errors included), ``TypeError`` for arguments of the wrong type.
    """
    from hotparse.reader import _path_text

    out = _path_text(out, "out")
    if metadata is not None:
        metadata = _path_text(metadata, "metadata")
    checked = require_posts(posts)
    if metadata is not None and same_file(out, metadata):
        raise OSError(f"cannot write {metadata}: it is the export {out} itself; give another name")
    chosen = format or guess_format(out)
    if chosen is None:
        raise ValueError(f"{out}: give format={listed([repr(name) for name in FORMATS])}")
    counts = {table.name: 0 for table in TABLES}
    try:
        writer = open_writer(out, chosen)
    except sqlite3.Error as error:
        raise _output_error(out, error) from error
    try:
        for rows in keyed_rows(checked):
            writer.write(rows)
            for table, found in rows.items():
                counts[table] += len(found)
    except BaseException as error:
        writer.abort()
        if isinstance(error, sqlite3.Error):
            raise _output_error(out, error) from error
        raise
    try:
        writer.close()
    except sqlite3.Error as error:
        raise _output_error(out, error) from error
    if metadata is not None:
        write_metadata(metadata, out)
    return counts


def _output_error(out: str, error: sqlite3.Error) -> OSError:
    """SQLite's own error (cannot open, disk full, not a database, locked) as an
    OSError naming the file, like any other failure to write ``out``."""
    text = str(error)
    if "not a database" in text:
        text = "not an SQLite database (export to a new file name)"
    return OSError(f"cannot write {out}: {text}")
