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
from typing import TYPE_CHECKING, Any

import attrs

from hotparse.cli._inputs import Outcome, ReadOptions, counted, load_one
from hotparse.cli._messages import Failure, UsageError, message, problem_lines, shown
from hotparse.cli._parser import add_command, read_options
from hotparse.cli._run import Run
from hotparse.cli._signals import Stopped
from hotparse.output import hold_signals, printable

if TYPE_CHECKING:
    from collections.abc import Iterator

    from hotparse.tabular.rows import Rows
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
    if options.metadata is not None:
        outputs.append(("--metadata", options.metadata))
    run = Run(
        options.paths, rows_of, read_options(options), jobs=options.jobs, outputs=outputs,
        progress=options.progress,
    )
    if format_ == "sqlite":
        from hotparse.tabular.sqlite import import_sqlite_utils_lean

        import_sqlite_utils_lean()
    writer: Writer | None = None
    done = False
    try:
        try:
            # signals wait while the writer makes its files (no half-made temporary
            # file or empty database); one that came meanwhile arrives just after
            with hold_signals():
                writer = open_writer(out, format_)
            values = run.values(then=_keyed)
            with contextlib.closing(values):  # ends the workers whatever stops the run
                for found in values:
                    writer.write(found.rows)
        except BaseException:
            if writer is not None:
                writer.abort()
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


def rows_of(path: str, options: ReadOptions) -> Outcome[PostRows]:
    """Parse one input into its rows and messages; never raises (but for signals).
    Whether its ``post_id`` was given before is checked by :func:`_keyed`."""
    from hotparse.tabular.rows import post_rows

    post, errors = load_one(path, options)
    if post is None:
        return Outcome(path=path, value=None, errors=errors)
    name = post.source or path
    messages = problem_lines(post, path, options.strict)
    if options.strict and messages:
        return Outcome(path=path, value=None, errors=messages)
    try:
        rows, left_out = post_rows(post)
    except ValueError as error:
        return Outcome(path=path, value=None, errors=(printable(str(error)),), warnings=messages)
    return counted(Outcome(path=path, value=PostRows(
        rows=rows,
        post_id=rows["posts"][0]["post_id"],
        name=name,
        problems=messages,
        left_out=tuple(
            message(name, f"warning: {problem.message} [{problem.code}]", problem.line)
            for problem in left_out
        ),
    ), warnings=messages), post)


def _keyed(results: Iterator[Outcome[PostRows]]) -> Iterator[Outcome[PostRows]]:
    """The outcomes, a post whose ``post_id`` an earlier one gave turned into a failure."""
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
                warnings=found.problems,
            )
            continue
        seen[found.post_id] = found.name
        yield attrs.evolve(outcome, warnings=found.problems + found.left_out)
