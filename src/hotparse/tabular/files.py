"""Writing the tables as one file per table in a folder: Parquet (pyarrow) or CSV.

The files hold exactly the posts of this export: each is written beside its
final name and renamed over it when the export closes, so a reader never sees
half a file and an interrupted export leaves the previous files as they were.
Whatever fails (a write, a full disk, a close, a signal), the temporary files are
removed, and a folder the export created is removed again when it was never
filled.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from pathlib import Path
from typing import IO, Any

from hotparse.tabular.entities import EntityBuilder
from hotparse.tabular.rows import Row, Rows
from hotparse.tabular.schema import ALL_TABLES, ENTITIES, TABLES, Table
from hotparse.tabular.sqlite import Source, stored_value

__all__ = ["CSVWriter", "ParquetWriter", "missing_extra"]

_BATCH = 20_000
"""Rows of a table held before they are written to Parquet as one row group."""


def missing_extra(what: str, extra: str, module: str) -> ModuleNotFoundError:
    """The error for an optional dependency that is not installed."""
    error = ModuleNotFoundError(
        f"{what} needs {module}, which is not installed: pip install 'hotparse[{extra}]'"
    )
    error.name = module
    return error


def _open_temporary(path: Path, mode: str) -> IO[Any]:
    """Open a temporary table file (one place, so tests can make it fail)."""
    if "b" in mode:
        return path.open(mode)
    return path.open(mode, encoding="utf-8", newline="")


class _Folder:
    """Temporary files for each table, renamed into ``folder`` on close."""

    suffix = ""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise NotADirectoryError(
                20, f"{folder} is not a folder (Parquet and CSV exports write one file per table)"
            )
        self._created = _missing_folders(self.folder)
        """The folders this export makes (outermost first), removed again by abort."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._temporary: dict[str, Path] = {}
        self._streams: dict[str, IO[Any]] = {}
        self.written = 0
        self._entities = EntityBuilder()
        """The posts' rows the entity tables are computed from, on close."""

    def kept(self, source: Source) -> Source | None:
        """Every post is written again: the files hold exactly the posts of one export."""
        return None

    def _temporary_stream(self, table: str, mode: str) -> IO[Any]:
        handle, name = tempfile.mkstemp(
            prefix=f".{table}{self.suffix}.", suffix=".tmp", dir=self.folder
        )
        os.close(handle)
        self._temporary[table] = Path(name)
        stream = _open_temporary(Path(name), mode)
        self._streams[table] = stream
        return stream

    def close(self) -> None:
        """Finish every file, then rename them all into place; on any failure the
        temporary files are removed and the folder's files are left as they were."""
        try:
            self._finish()
            self._entities.close()
            for stream in self._streams.values():
                stream.close()
            umask = os.umask(0)
            os.umask(umask)
            for temporary in self._temporary.values():
                temporary.chmod(0o666 & ~umask)
        except BaseException:
            self.abort()
            raise
        try:
            for table, temporary in self._temporary.items():
                temporary.replace(self.folder / f"{table}{self.suffix}")
        finally:
            self._created = []
            self._discard()

    def _finish(self) -> None:
        """Write what is held back: the entity tables' rows, computed from every post,
        and Parquet's last row groups and footers."""

    def abort(self) -> None:
        """Remove the temporary files, and the folders this export created."""
        self._drop_writers()
        self._entities.close()
        for stream in self._streams.values():
            with contextlib.suppress(Exception):
                stream.close()
        self._streams.clear()
        self._discard()
        for folder in reversed(self._created):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: never anything we did not make
        self._created = []

    def _drop_writers(self) -> None:
        """Let go of the format's writers (before the streams they write to close)."""

    def _discard(self) -> None:
        for temporary in self._temporary.values():
            with contextlib.suppress(OSError):
                temporary.unlink()
        self._temporary.clear()


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and those of its parents that do not exist yet, outermost first."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    return missing[::-1]


class CSVWriter(_Folder):
    """``table.csv`` files: UTF-8, a header row, ISO dates, ``true``/``false``, empty for null."""

    suffix = ".csv"

    def __init__(self, folder: str) -> None:
        super().__init__(folder)
        self._writers: dict[str, Any] = {}
        try:
            for table in ALL_TABLES:
                writer = csv.writer(self._temporary_stream(table.name, "w"))
                writer.writerow(table.names)
                self._writers[table.name] = writer
        except BaseException:
            self.abort()
            raise

    def write(self, rows: Rows, source: Source | None = None) -> None:
        self._entities.add(rows)
        self._write(TABLES, rows)
        self.written += 1

    def _write(self, tables: tuple[Table, ...], rows: Rows) -> None:
        for table in tables:
            found = rows[table.name]
            if found:
                self._writers[table.name].writerows(
                    [_csv_value(row[name]) for name in table.names] for row in found
                )

    def _finish(self) -> None:
        self._write(ENTITIES, self._entities.rows())


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return stored_value(value)


class ParquetWriter(_Folder):
    """``table.parquet`` files with typed columns (dates as date32, times as UTC timestamps)."""

    suffix = ".parquet"

    def __init__(self, folder: str) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ModuleNotFoundError:
            raise missing_extra("Writing Parquet", "parquet", "pyarrow") from None
        from hotparse.tabular.arrow import arrow_schema, arrow_values

        super().__init__(folder)
        self._pa = pa
        self._schemas = {table.name: arrow_schema(table) for table in ALL_TABLES}
        self._values = {table.name: arrow_values(table) for table in ALL_TABLES}
        self._pending: dict[str, list[Row]] = {table.name: [] for table in ALL_TABLES}
        self._writers: dict[str, Any] = {}
        try:
            for table in ALL_TABLES:
                self._writers[table.name] = pq.ParquetWriter(
                    self._temporary_stream(table.name, "wb"), self._schemas[table.name]
                )
        except BaseException:
            self.abort()
            raise

    def write(self, rows: Rows, source: Source | None = None) -> None:
        self._entities.add(rows)
        self._add(TABLES, rows)
        self.written += 1

    def _add(self, tables: tuple[Table, ...], rows: Rows) -> None:
        for table in tables:
            pending = self._pending[table.name]
            pending.extend(rows[table.name])
            if len(pending) >= _BATCH:
                self._flush(table.name)

    def _flush(self, name: str) -> None:
        pending = self._pending[name]
        if pending:
            convert = self._values[name]
            batch = self._pa.Table.from_pylist(
                [convert(row) for row in pending], schema=self._schemas[name]
            )
            self._writers[name].write_table(batch)
            pending.clear()

    def _finish(self) -> None:
        self._add(ENTITIES, self._entities.rows())
        for table in ALL_TABLES:
            self._flush(table.name)
            self._writers[table.name].close()  # the footer; the stream is closed after
        self._writers.clear()

    def _drop_writers(self) -> None:
        # a writer whose stream failed may fail again on close: its file is removed anyway
        for writer in self._writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        self._writers.clear()
