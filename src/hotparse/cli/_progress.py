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


def with_progress(
    outcomes: Iterator[Outcome[Any]], total: int, *, to_terminal: bool = False
) -> Iterator[Outcome[Any]]:
    """Pass outcomes through, drawing a progress line on a terminal after two seconds.

    The line is cleared before an outcome with messages is handed on (they are
    printed on lines of their own) and is not drawn at all when the output itself
    goes to the terminal (``to_terminal``).
    """
    show = sys.stderr.isatty() and not os.environ.get("CI") and not to_terminal
    start = time.monotonic()
    drawn = 0.0
    visible = False
    for done, outcome in enumerate(outcomes, start=1):
        if visible and (outcome.warnings or outcome.errors):
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            visible = False
        yield outcome
        now = time.monotonic()
        if show and now - start > _PROGRESS_AFTER and (now - drawn > 0.2 or done == total):
            sys.stderr.write(f"\rhotparse: {done}/{total} files")
            sys.stderr.flush()
            drawn = now
            visible = True
    if visible:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
