"""The progress line on a terminal."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from typing import Any

from hotparse.cli._inputs import Outcome

__all__ = ["with_progress"]

_PROGRESS_AFTER = 2.0
"""Seconds of work before a progress line appears on a terminal."""
_LOG_EVERY = 10.0
"""Seconds between progress lines where stderr is not a terminal (``--progress``)."""


def with_progress(
    outcomes: Iterator[Outcome[Any]],
    total: int,
    *,
    to_terminal: bool = False,
    asked: bool = False,
) -> Iterator[Outcome[Any]]:
    """Pass outcomes through, drawing a progress line on stderr and ending with a summary.

    Shown on a terminal (outside CI), or anywhere when ``asked`` (``--progress``);
    never when the output itself goes to the terminal (``to_terminal``).  The line
    (``hotparse: 40/189 files, 12.5 files/s, 12 s left``) appears after two seconds
    of work and is cleared before an outcome with messages is handed on (they are
    printed on lines of their own); the run ends with one line counting the posts,
    papers, tweets and problems and the seconds taken.
    """
    terminal = sys.stderr is not None and sys.stderr.isatty()
    show = not to_terminal and (asked or (terminal and not os.environ.get("CI")))
    # elsewhere (a log, a pipe) the line is redrawn as whole lines, less often, so that
    # every message stays a line of its own
    every = 0.2 if terminal else _LOG_EVERY
    start = time.monotonic()
    drawn = 0.0
    visible = False
    posts = papers = tweets = problems = failed = 0
    for done, outcome in enumerate(outcomes, start=1):
        if visible and (outcome.warnings or outcome.errors):
            _write("\r\033[K")
            visible = False
        if outcome.value is None:
            failed += 1
        else:
            posts += 1
            papers += outcome.papers
            tweets += outcome.tweets
            problems += outcome.problems
        yield outcome
        now = time.monotonic()
        if show and now - start > _PROGRESS_AFTER and (now - drawn > every or done == total):
            rate = done / (now - start)
            left = (total - done) / rate if rate else 0.0
            line = f"hotparse: {done}/{total} files, {rate:.1f} files/s, {left:.0f} s left"
            _write(f"\r{line}" if terminal else f"{line}\n")
            drawn = now
            visible = terminal
    if visible:
        _write("\r\033[K")
    if show:
        failures = f", {failed} failed" if failed else ""
        _write(
            f"hotparse: {posts} posts, {papers} papers, {tweets} tweets, {problems} problems"
            f"{failures} in {time.monotonic() - start:.1f} s\n"
        )


def _write(text: str) -> None:
    if sys.stderr is None:
        return
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
