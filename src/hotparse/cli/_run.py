"""The run loop every command shares: inputs in, outcomes out in order, messages printed."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Generic, TypeVar

from hotparse.cli._inputs import STDIN, Inputs, Outcome, expand_inputs
from hotparse.cli._messages import say
from hotparse.cli._pool import Work, outcomes
from hotparse.cli._progress import with_progress

__all__ = ["Run"]

S = TypeVar("S")
T = TypeVar("T")


class Run(Generic[S, T]):
    """One run of a command over its PATH arguments.

    Made with the per-file function and its settings; :meth:`values` hands on
    the value of each input that was read, in input order (``--jobs`` workers or
    this process), printing every message on the way; :attr:`failed` says
    whether any input failed.
    """

    def __init__(
        self, paths: Sequence[str], work: Work[S, T], settings: S, *, jobs: int = 1
    ) -> None:
        self.inputs: Inputs = expand_inputs(paths)
        for line in (*self.inputs.warnings, *self.inputs.errors):
            say(line)
        self.files = list(self.inputs.files)
        self.jobs = 1 if STDIN in self.files else jobs  # stdin cannot be shared with workers
        self.work = work
        self.settings = settings
        self.failed = bool(self.inputs.errors)

    def values(
        self,
        *,
        to_terminal: bool = False,
        then: Callable[[Iterator[Outcome[T]]], Iterator[Outcome[T]]] | None = None,
    ) -> Generator[T, None, None]:
        """The value of each input read, in order; messages printed, failures counted.
        ``then`` may turn outcomes into others (a check across inputs).  Closing the
        iterator (or any exception) ends the workers at once."""
        work = outcomes(self.work, self.files, self.settings, self.jobs)
        with contextlib.closing(work):
            found: Iterator[Outcome[T]] = work if then is None else then(work)
            for outcome in with_progress(found, len(self.files), to_terminal=to_terminal):
                for line in outcome.warnings:
                    say(line)
                for line in outcome.errors:
                    say(line)
                if outcome.value is None:
                    self.failed = True
                    continue
                yield outcome.value

    @property
    def status(self) -> int:
        """0 when every input was read, 1 when any failed."""
        return 1 if self.failed else 0
