"""``hotparse export PATH... -o OUT``: posts to SQLite, Parquet or CSV tables.

Inputs, messages, progress, signals and exit status are those of ``hotparse
dump`` (the helpers are shared with :mod:`hotparse.cli`): 0 when every input
was exported (warnings allowed), 1 when any input failed (the others are still
exported), 2 for a usage error, 128 + N when stopped by signal N (130 for
Ctrl-C).
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs

from hotparse.cli import (
    _error_message,
    _expand_inputs,
    _load_one,
    _message,
    _Outcome,
    _problem_lines,
    _say,
    _shown,
    _signals_held,
    _Stopped,
    _with_progress,
)
from hotparse.records import Post
from hotparse.tabular.rows import Rows, duplicate_message, post_rows
from hotparse.tabular.sqlite import Source, source_settings, source_sha256
from hotparse.tabular.writers import (
    Format,
    Writer,
    guess_format,
    open_writer,
    write_metadata,
)

__all__ = ["run"]


def run(options: argparse.Namespace, usage: argparse.ArgumentParser) -> int:
    """Run ``hotparse export`` with parsed ``options``; return the exit status.

    Signals are those of ``dump`` (:func:`hotparse.cli.main` turns SIGINT, SIGTERM
    and SIGHUP into exceptions and ignores a second one): the post being written
    is rolled back (SQLite) or the temporary table files are removed (Parquet,
    CSV), one line says what ``OUT`` holds, and the exit status is 128 + N.
    """
    out: str = options.output
    format_: Format | None = options.format or guess_format(out)
    if format_ is None:
        if sys.stderr is not None:
            usage.print_usage(sys.stderr)
        _say(
            f"hotparse: error: {_shown(out)}: name the database *.db, *.sqlite or *.sqlite3, "
            "or give --format sqlite, parquet or csv"
        )
        return 2
    inputs = _expand_inputs(options.paths)
    for line in (*inputs.warnings, *inputs.errors):
        _say(line)
    files = list(inputs.files)
    if format_ == "sqlite":
        from hotparse.tabular.sqlite import import_sqlite_utils_lean

        import_sqlite_utils_lean()
    failed = bool(inputs.errors)
    exported = 0
    writer: Writer | None = None
    done = False
    try:
        try:
            # signals wait while the writer makes its files (no half-made temporary
            # file or empty database); one that came meanwhile arrives just after
            with _signals_held():
                writer = open_writer(out, format_)
            for outcome in _with_progress(_read_all(files, options, writer), len(files)):
                for line in outcome.warnings:
                    _say(line)
                for line in outcome.errors:
                    _say(line)
                if isinstance(outcome, _Read) and outcome.kept:
                    exported += 1
                    continue
                if not isinstance(outcome, _Read) or outcome.rows is None:
                    failed = True
                    continue
                writer.write(outcome.rows, outcome.source)
                exported += 1
            if failed and not exported:  # every input failed: OUT as it was, none made
                writer.abort()
                return 1
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        with _signals_held():  # Parquet and CSV files are renamed into place together
            writer.close()
            done = True
        if options.metadata is not None:
            with _signals_held():
                write_metadata(options.metadata, out)
    except (KeyboardInterrupt, _Stopped) as stopped:
        number = signal.SIGINT if isinstance(stopped, KeyboardInterrupt) else stopped.signum
        how = "interrupted" if number == signal.SIGINT else (
            f"stopped by {signal.Signals(number).name}"
        )
        _say(f"hotparse: {how}: {_shown(out)} {_what_is_left(format_, writer, done)}")
        return 128 + number
    except ModuleNotFoundError as error:  # pyarrow for Parquet
        _say(f"hotparse: error: {error}")
        return 1
    except (sqlite3.DatabaseError, ValueError) as error:
        _say(f"hotparse: error: {_shown(_database_message(out, error))}")
        return 1
    except OSError as error:
        if writer is None or done:  # open_writer and write_metadata name the file
            _say(f"hotparse: error: {_shown(error.strerror or str(error))}")
        else:
            _say(f"hotparse: error: cannot write {_shown(out)}: {error.strerror or error}")
        return 1
    return 1 if failed else 0


def _what_is_left(format_: Format, writer: Writer | None, done: bool) -> str:
    if writer is None:
        return "was not opened; nothing was written"
    if not done and writer.written == 0 and not Path(_target_of(writer)).exists():
        return "was not created (the run ended before its first post)"
    if done:
        return "holds every post of this export"
    if format_ == "sqlite":
        return "holds every post exported before this one; run the export again to finish"
    return "is unchanged (its files are replaced only when an export ends); run it again"


def _target_of(writer: Writer) -> str:
    """The database file or folder ``writer`` writes."""
    return str(getattr(writer, "path", None) or getattr(writer, "folder", ""))


def _database_message(out: str, error: BaseException) -> str:
    text = str(error)
    if text.startswith(out):
        return text
    if isinstance(error, sqlite3.DatabaseError) and "not a database" in text:
        return f"{out}: not an SQLite database (export to a new file name)"
    return f"{out}: {text}"


@attrs.frozen
class _Read(_Outcome):
    """A ``dump`` outcome that carries the post's rows instead of JSON text."""

    rows: Rows | None = None
    source: Source | None = None
    """The file the rows were read from (for a re-run to skip it when unchanged)."""
    kept: bool = False
    """The post is in the database as this file would write it: nothing to write."""


def _read_all(
    files: list[str], options: argparse.Namespace, writer: Writer
) -> Iterator[_Outcome]:
    seen: dict[str, str] = {}
    settings = source_settings(repair=options.repair, strict=options.strict)
    for path in files:
        yield _read(path, options.strict, options.repair, seen, (writer, settings))


def _read(
    path: str,
    strict: bool,
    repair: bool,
    seen: dict[str, str],
    output: tuple[Writer, str] | None = None,
) -> _Read:
    """Parse one input into its rows and messages; never raises (but for signals).

    With ``output`` (the writer and the settings of this run), a file whose post the
    writer already holds as this file would write it is not parsed: its warnings are
    said again and it is marked ``kept``."""
    source: Source | None = None
    data = None if output is None or path == "-" else _bytes_of(path)
    if data is None:
        post, errors = _load_one(path, repair)
    else:
        assert output is not None
        writer, settings = output
        source = Source(path=path, sha256=source_sha256(data), settings=settings)
        known = writer.kept(source)
        if known is not None and known.post_id not in seen:
            seen[known.post_id] = path
            return _Read(path=path, json=None, errors=(), warnings=known.warnings, kept=True)
        post, errors = _parse_bytes(data, path, repair)
    if post is None:
        return _Read(path=path, json=None, errors=errors, warnings=())
    name = post.source or path
    messages = _problem_lines(post, path, strict)
    if strict and messages:
        return _Read(path=path, json=None, errors=messages, warnings=())
    try:
        rows, left_out = post_rows(post)
    except ValueError as error:
        return _Read(path=path, json=None, errors=(str(error),), warnings=messages)
    key = rows["posts"][0]["post_id"]
    if key in seen:
        return _Read(
            path=path,
            json=None,
            errors=(duplicate_message(name, key, seen[key]),),
            warnings=messages,
        )
    seen[key] = name
    messages += tuple(
        _message(name, f"warning: {problem.message} [{problem.code}]", problem.line)
        for problem in left_out
    )
    if source is not None:
        source = attrs.evolve(source, warnings=messages)
    return _Read(path=path, json=None, errors=(), warnings=messages, rows=rows, source=source)


def _bytes_of(path: str) -> bytes | None:
    """The bytes of input ``path``, or None when they cannot be read (then the usual
    reading says why)."""
    from hotparse.errors import ParseError
    from hotparse.reader import read_limited

    try:
        with Path(path).open("rb") as handle:
            return read_limited(handle, source=path)
    except (OSError, ValueError, ParseError):
        return None


def _parse_bytes(data: bytes, path: str, repair: bool) -> tuple[Post | None, tuple[str, ...]]:
    """``_load_one`` for bytes already read."""
    from hotparse.errors import ParseError
    from hotparse.reader import decode, parse

    try:
        return parse(decode(data, source=path), source=path, repair=repair), ()
    except ParseError as error:
        return None, (_error_message(error, path),)
