"""Inputs of every command: PATH arguments into files, one file into a post, and what
happened to each input (:class:`Outcome`)."""

from __future__ import annotations

import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Generic, TypeVar

import attrs

from hotparse.cli._messages import error_message, message
from hotparse.cli._signals import check_stop
from hotparse.errors import ParseError
from hotparse.records import Post

__all__ = [
    "STDIN",
    "Inputs",
    "Outcome",
    "ReadOptions",
    "counted",
    "expand_inputs",
    "load_one",
]

STDIN = "-"

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class ReadOptions:
    """How every input is read (the flags ``dump`` and ``export`` share), handed to
    each ``--jobs`` worker with the file name (picklable)."""

    strict: bool = False
    """Problems in a post are errors: the post fails (``--strict``)."""
    repair: bool = True
    """Repair mojibake in tweets (``--no-repair`` turns it off)."""


@attrs.frozen(kw_only=True)
class Outcome(Generic[T]):
    """What happened to one input (picklable, so ``--jobs`` can send it back)."""

    path: str
    value: T | None
    """What the command makes of the post (JSON text, table rows), None when it failed."""
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    papers: int = 0
    """Papers in the post read (for the closing summary)."""
    tweets: int = 0
    """Tweets in the post read."""
    problems: int = 0
    """Problems in the post read."""


def counted(outcome: Outcome[T], post: Post) -> Outcome[T]:
    """``outcome`` carrying the post's counts for the closing summary."""
    return attrs.evolve(
        outcome,
        papers=len(post.papers),
        tweets=sum(len(paper.tweets) for paper in post.papers),
        problems=len(post.problems),
    )


@attrs.frozen(kw_only=True)
class Inputs:
    """What the PATH arguments stand for."""

    files: tuple[str, ...]
    """Files to read, in order (``-`` for stdin)."""
    errors: tuple[str, ...]
    """A message for each input that cannot be read (each one is a failure)."""
    warnings: tuple[str, ...]
    """A message for each folder that holds no ``*.md`` file."""
    single: bool
    """One PATH that is not a folder: the output is one object, not an array."""


def expand_inputs(paths: Sequence[str]) -> Inputs:
    """The input files the PATH arguments stand for (folders replaced by their ``*.md``
    files, sorted), with a message for each entry that cannot be read (a dangling
    link, a link loop, a FIFO, a subfolder, a folder that cannot be listed) and a
    warning for each folder without ``*.md`` files.  Files that cannot be opened are
    kept: reading them gives their error."""
    from hotparse.reader import iter_paths

    files: list[str] = []
    errors: list[str] = []
    warnings: list[str] = []
    for path in paths:
        if path == STDIN:
            files.append(STDIN)
            continue
        failed: list[ParseError] = []
        found = list(iter_paths([path], on_error=failed.append))
        errors.extend(error_message(error, path) for error in failed)
        if not found and not failed:
            warnings.append(message(
                path, "warning: no *.md files in this folder (subfolders are not read)"
            ))
        files.extend(found)
    single = len(paths) == 1 and (paths[0] == STDIN or not _is_folder(paths[0]))
    return Inputs(
        files=tuple(files), errors=tuple(errors), warnings=tuple(warnings), single=single
    )


def _is_folder(path: str) -> bool:
    try:
        return stat.S_ISDIR(Path(path).stat().st_mode)
    except (OSError, ValueError):
        return False


def load_one(path: str, options: ReadOptions) -> tuple[Post | None, tuple[str, ...]]:
    """Read one input (``-`` for stdin) into a post, or the messages saying why it
    could not be read; never raises (but for signals)."""
    from hotparse.reader import decode, load, parse, read_limited

    check_stop()
    repair = options.repair
    try:
        if path == STDIN:
            if sys.stdin is None:
                return None, (message("<stdin>", "standard input is closed"),)
            data = read_limited(sys.stdin.buffer, source="<stdin>")
            return parse(decode(data, source="<stdin>"), source="<stdin>", repair=repair), ()
        return load(path, repair=repair), ()
    except ParseError as error:
        return None, (error_message(error, path),)
    except OSError as error:
        where = "<stdin>" if path == STDIN else path
        return None, (message(where, f"cannot read: {error.strerror or error}"),)
