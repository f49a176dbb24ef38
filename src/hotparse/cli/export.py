"""``hotparse export PATH... -o OUT``: posts to SQLite, Parquet or CSV tables.

Inputs, messages, progress, ``--jobs``, signals and exit status are those of
``hotparse dump``: 0 when every input was exported (warnings allowed), 1 when
any input failed (the others are still exported), 2 for a usage error, 128 + N
when stopped by signal N (130 for Ctrl-C), with a line saying what OUT holds.
Only the table writers need sqlite3 or pyarrow; they are imported when
``export`` runs, never when the command line is built.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from hotparse.cli._inputs import STDIN, Outcome, ReadOptions, counted, load_one
from hotparse.cli._messages import (
    Failure,
    UsageError,
    error_message,
    message,
    problem_lines,
    shown,
)
from hotparse.cli._parser import add_command, read_options
from hotparse.cli._run import Run
from hotparse.cli._signals import Stopped, check_stop
from hotparse.output import hold_signals, printable

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from hotparse.records import Post
    from hotparse.tabular.rows import Rows
    from hotparse.tabular.sqlite import Source
    from hotparse.tabular.writers import Writer

__all__ = ["add_parser", "run"]


def add_parser(commands: Any) -> None:
    """Register ``export`` on the ``hotparse`` subcommands."""
    from hotparse.tabular.formats import FORMATS, OUTPUT_FORMATS, format_help, listed

    suffixes = listed([suffix for each in OUTPUT_FORMATS for suffix in each.suffixes])
    folders = listed([each.name for each in OUTPUT_FORMATS if each.folder])
    export = add_command(
        commands,
        "export",
        summary="write posts as tables: SQLite, Parquet or CSV",
        description=(
            "Write posts as tables (posts, papers, paper_authors, paper_categories, tweets, "
            f"tweet_entities, problems). OUT ending in {suffixes} is one SQLite "
            "database, updated in place: each post is replaced as a whole. With --format "
            f"{folders}, OUT is a folder that gets one file per table."
        ),
        examples="""
hotparse export archive/ -o hot.db                     # SQLite; run again to update
hotparse export archive/ -o hot.db --metadata meta.json && datasette hot.db -m meta.json
hotparse export --jobs 2 archive/ -o hot.db            # read in 2 processes
hotparse export archive/ -o tables/ --format parquet   # one Parquet file per table
hotparse export archive/ -o tables/ --format csv       # one CSV file per table
""",
    )
    export.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="database file or folder to write"
    )
    export.add_argument("--format", choices=FORMATS, default=None, help=format_help())
    export.add_argument(
        "--metadata", metavar="FILE", default=None, help="also write Datasette metadata to FILE"
    )


@attrs.frozen(kw_only=True)
class ExportOptions:
    """How every input of an export is read, handed to each ``--jobs`` worker."""

    read: ReadOptions
    settings: str
    """The settings the output records with each post's file
    (:func:`hotparse.tabular.sqlite.source_settings`)."""


@attrs.frozen(kw_only=True)
class PostRows:
    """One post as table rows, with what the parent needs to check its key."""

    rows: Rows
    post_id: str
    name: str
    """The file named in messages about the post."""
    problems: tuple[str, ...]
    """The post's problems as warnings."""
    left_out: tuple[str, ...]
    """Warnings for the parts that could not be keyed (added when the post is kept)."""
    source: Source | None = None
    """The file the rows were read from (its bytes' SHA-256 and the settings), so
    that a re-run can skip it when unchanged; None for stdin."""


@attrs.frozen(kw_only=True)
class Kept:
    """An input whose post the output already holds as this file would write it (same
    bytes, same settings): not parsed, nothing to write."""

    post_id: str
    name: str


def run(options: argparse.Namespace) -> int:
    """Run ``hotparse export`` with parsed ``options``; return the exit status.

    A signal (:func:`hotparse.cli.main` turns SIGINT, SIGTERM and SIGHUP into
    exceptions and ignores a second one) rolls back the post being written
    (SQLite) or removes the temporary table files (Parquet, CSV); it is raised
    again as :class:`Stopped` saying what ``OUT`` holds.  Errors of the whole run
    are raised as :class:`Failure`.
    """
    import sqlite3

    from hotparse.tabular.formats import format_hint, guess_format, output_format
    from hotparse.tabular.writers import open_writer, sqlite_name_problem, write_metadata

    out: str = options.output
    format_ = options.format or guess_format(out)
    if format_ is None:
        raise UsageError(f"{shown(out)}: {format_hint()}")
    chosen = output_format(format_)
    problem = None if chosen is None or chosen.folder else sqlite_name_problem(out)
    if problem is not None:
        instead = f"./{out}" if out else "hot.db"
        raise UsageError(
            f"-o {shown(out)}: {problem}; give a plain file name, such as {shown(instead)}"
        )
    outputs = [("-o", out)]
    if chosen is not None and chosen.folder:  # and each table file it writes there
        outputs += [("-o", name) for name in chosen.files(out)]
    if options.metadata is not None:
        outputs.append(("--metadata", options.metadata))
    from hotparse.tabular.sqlite import source_settings

    reading = read_options(options)
    settings = ExportOptions(
        read=reading, settings=source_settings(repair=reading.repair, strict=reading.strict)
    )
    run = Run(
        options.paths, rows_of, settings, jobs=options.jobs, outputs=outputs,
        progress=options.progress,
    )
    if format_ == "sqlite":
        from hotparse.tabular.sqlite import import_sqlite_utils_lean

        import_sqlite_utils_lean()
    writer: Writer | None = None
    done = False
    exported = 0
    try:
        try:
            # signals wait while the writer makes its files (no half-made temporary
            # file or empty database); one that came meanwhile arrives just after
            with hold_signals():
                writer = open_writer(out, format_)
            # asked here, before a --jobs worker gets the file: workers only parse
            values = run.values(then=_keyed, ready=_kept_by(writer, settings.settings))
            with contextlib.closing(values):  # ends the workers whatever stops the run
                for found in values:
                    if isinstance(found, Kept):
                        exported += 1
                        continue
                    source = found.source
                    if source is not None:
                        source = attrs.evolve(source, warnings=found.problems + found.left_out)
                    writer.write(found.rows, source)
                    exported += 1
            if run.failed and not exported:  # every input failed: OUT as it was, none made
                writer.abort()
                return run.status
            check_stop()  # a stop Python dropped after the last input: OUT stays as it was
        except BaseException:
            if writer is not None:
                writer.abort()
            # a stop signal that came while SQLite ran one of the search triggers'
            # Python functions reaches us as SQLite's own error: it is still a stop
            check_stop()
            raise
        with hold_signals():  # Parquet and CSV files are renamed into place together
            writer.close()
            done = True
        if options.metadata is not None:
            with hold_signals():
                write_metadata(options.metadata, out)
    except (KeyboardInterrupt, Stopped) as stopped:
        number = signal.SIGINT if isinstance(stopped, KeyboardInterrupt) else stopped.signum
        if writer is None:
            left = "was not opened; nothing was written"
        elif not done and writer.written == 0 and not Path(out).exists():
            left = "was not created (the run ended before its first post)"
        elif done:
            left = "holds every post of this export"
        else:
            left = chosen.left_when_stopped if chosen is not None else "may be incomplete"
        raise Stopped(number, f"{shown(out)} {left}") from None
    except ModuleNotFoundError as error:  # pyarrow for Parquet
        raise Failure(str(error), output_failed=False) from None
    except (sqlite3.DatabaseError, ValueError) as error:
        raise Failure(shown(_database_message(out, error)), output_failed=False) from None
    except OSError as error:
        if writer is None or done:  # open_writer and write_metadata name the file
            text = shown(error.strerror or str(error))
        else:
            text = f"cannot write {shown(out)}: {error.strerror or error}"
        raise Failure(text, output_failed=False) from None
    return run.status


def _database_message(out: str, error: BaseException) -> str:
    import sqlite3

    text = str(error)
    if text.startswith(out):
        return text
    if isinstance(error, sqlite3.DatabaseError) and "not a database" in text:
        return f"{out}: not an SQLite database (export to a new file name)"
    return f"{out}: {text}"


def _kept_by(
    writer: Writer, settings: str
) -> Callable[[str], Outcome[PostRows | Kept] | None]:
    """The check a file goes through in the parent before it is parsed: its outcome
    when ``writer`` already holds its post as it would be written (same path, bytes
    and settings; the warnings said again), else None.  Only a regular file is
    asked about: a FIFO's or a device's bytes are read once, by the parser."""
    from hotparse.tabular.sqlite import Source, source_sha256

    def kept(path: str) -> Outcome[PostRows | Kept] | None:
        # a regular file only: a FIFO or a device gives its bytes once, to the parser
        data = _bytes_of(path) if _regular(path) else None
        if data is None:
            return None
        known = writer.kept(Source(path=path, sha256=source_sha256(data), settings=settings))
        if known is None:
            return None
        return Outcome(  # the summary counts what the database holds for the post
            path=path, value=Kept(post_id=known.post_id, name=path), warnings=known.warnings,
            papers=known.papers, tweets=known.tweets, problems=known.problems,
        )

    return kept


def rows_of(path: str, options: ExportOptions) -> Outcome[PostRows | Kept]:
    """Parse one input into its rows and messages; never raises (but for signals).
    Whether its ``post_id`` was given before is checked by :func:`_keyed`.  The
    rows are made from the bytes whose SHA-256 the output records."""
    from hotparse.tabular.rows import post_rows
    from hotparse.tabular.sqlite import Source, source_sha256

    check_stop()
    source: Source | None = None
    data = None if path == STDIN else _bytes_of(path)
    if data is None:  # stdin, or cannot be read: the usual reading says why
        post, errors = load_one(path, options.read)
    else:
        source = Source(path=path, sha256=source_sha256(data), settings=options.settings)
        post, errors = _parse_bytes(data, path, options.read.repair)
    if post is None:
        return Outcome(path=path, value=None, errors=errors)
    name = post.source or path
    strict = options.read.strict
    messages = problem_lines(post, path, strict)
    if strict and messages:
        return Outcome(path=path, value=None, errors=messages)
    try:
        rows, left_out = post_rows(post)
    except ValueError as error:
        return Outcome(path=path, value=None, errors=(printable(str(error)),), warnings=messages)
    if source is not None:  # the counts a re-run that skips the post says again
        source = attrs.evolve(
            source,
            papers=len(post.papers),
            tweets=sum(len(paper.tweets) for paper in post.papers),
            problems=len(post.problems),
        )
    return counted(Outcome(path=path, value=PostRows(
        rows=rows,
        post_id=rows["posts"][0]["post_id"],
        name=name,
        problems=messages,
        left_out=tuple(
            message(name, f"warning: {problem.message} [{problem.code}]", problem.line)
            for problem in left_out
        ),
        source=source,
    ), warnings=messages), post)


def _regular(path: str) -> bool:
    """``path`` is a regular file (through links), which can be read twice."""
    import stat

    if path == STDIN:
        return False
    try:
        return stat.S_ISREG(Path(path).stat().st_mode)
    except (OSError, ValueError):
        return False


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
    """:func:`load_one` for bytes already read."""
    from hotparse.errors import ParseError
    from hotparse.reader import decode, parse

    try:
        return parse(decode(data, source=path), source=path, repair=repair), ()
    except ParseError as error:
        return None, (error_message(error, path),)


def _keyed(
    results: Iterator[Outcome[PostRows | Kept]],
) -> Iterator[Outcome[PostRows | Kept]]:
    """The outcomes, a post whose ``post_id`` an earlier one gave turned into a failure
    (a kept post too: its key is taken once per run, as when it is read)."""
    from hotparse.tabular.rows import duplicate_text

    seen: dict[str, str] = {}
    for outcome in results:
        found = outcome.value
        if found is None:
            yield outcome
            continue
        if found.post_id in seen:
            yield Outcome(
                path=outcome.path,
                value=None,
                errors=(message(found.name, duplicate_text(found.post_id, seen[found.post_id])),),
                warnings=found.problems if isinstance(found, PostRows) else outcome.warnings,
            )
            continue
        seen[found.post_id] = found.name
        if isinstance(found, PostRows):
            yield attrs.evolve(outcome, warnings=found.problems + found.left_out)
        else:
            yield outcome
