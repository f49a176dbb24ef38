"""Messages of every command: one line each on stderr, paths escaped by one function.

A message about one input is ``PATH:LINE: text`` (``PATH: text`` when no line
applies); a message about the whole run is ``hotparse: …``.  Every path in every
message goes through :func:`shown`, so a file name holding a newline or bytes that
are not UTF-8 never splits a line.
"""

from __future__ import annotations

import contextlib
import os
import sys

from hotparse.errors import ParseError
from hotparse.output import printable
from hotparse.records import Post

__all__ = [
    "Failure",
    "UsageError",
    "error_message",
    "flush_stdout",
    "message",
    "problem_lines",
    "say",
    "shown",
    "silence_stdout",
]


class UsageError(Exception):
    """The command line is wrong: usage, then ``hotparse: error: MESSAGE``, exit status 2."""


class Failure(Exception):
    """The whole run fails: ``hotparse: error: MESSAGE``, exit status 1."""

    def __init__(self, text: str, *, output_failed: bool = True) -> None:
        super().__init__(text)
        self.output_failed = output_failed
        """Standard output is silenced (nothing more written at exit)."""


def shown(path: str) -> str:
    """``path`` as one printable line: control characters and line separators as
    backslash escapes, bytes that were not UTF-8 (surrogate escapes) as ``\\xNN``."""
    return printable(path)


def message(path: str, text: str, line: int | None = None) -> str:
    """One message line: ``PATH:LINE: text``, or ``PATH: text`` when no line applies."""
    where = shown(path) if line is None else f"{shown(path)}:{line}"
    return f"{where}: {printable(text)}"


def error_message(error: ParseError, path: str) -> str:
    """A ParseError as one message line (the file it names, else ``path``)."""
    return message(error.source or path, error.message, error.line)


def problem_lines(post: Post, path: str, strict: bool) -> tuple[str, ...]:
    """The post's problems as message lines (errors with ``--strict``, else warnings)."""
    name = post.source or path
    kind = "error" if strict else "warning"
    return tuple(
        message(name, f"{kind}: {problem.message} [{problem.code}]", problem.line)
        for problem in post.problems
    )


def say(line: str) -> None:
    """Print one message line on stderr (nothing when stderr is closed).  Whatever the
    line holds, it stays one line: a control character that reached it unescaped (a
    path in a library's message) is escaped as :func:`shown` escapes paths."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        # one write with its line end: a signal between a text and its newline would
        # glue the next message (the stop's) to this line
        sys.stderr.write(printable(line) + "\n")
        sys.stderr.flush()


def flush_stdout() -> None:
    """Flush what argparse printed (``--version``, ``--help``): a full disk is an error."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise Failure(f"cannot write output: {error.strerror or error}") from None


def silence_stdout() -> None:
    """After the reader went away (``| head``) or a write failed: no noise when
    Python flushes at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
