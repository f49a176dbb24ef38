"""The run loop every command shares: inputs in, outcomes out in order, messages printed."""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import Generic, TypeVar

from hotparse.cli._inputs import STDIN, Inputs, Outcome, expand_inputs
from hotparse.cli._messages import UsageError, say, shown
from hotparse.cli._pool import Ready, Work, outcomes
from hotparse.cli._progress import with_progress
from hotparse.output import same_file

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
        self,
        paths: Sequence[str],
        work: Work[S, T],
        settings: S,
        *,
        jobs: int = 1,
        outputs: Sequence[tuple[str, str]] = (),
        progress: bool = False,
    ) -> None:
        self.inputs: Inputs = expand_inputs(paths)
        _check_outputs(outputs, self.inputs.files)
        for line in (*self.inputs.warnings, *self.inputs.errors):
            say(line)
        self.files = list(self.inputs.files)
        self.jobs = 1 if STDIN in self.files else jobs  # stdin cannot be shared with workers
        self.work = work
        self.settings = settings
        self.failed = bool(self.inputs.errors)
        self.progress = progress

    def values(
        self,
        *,
        to_terminal: bool = False,
        then: Callable[[Iterator[Outcome[T]]], Iterator[Outcome[T]]] | None = None,
        ready: Ready[T] | None = None,
    ) -> Generator[T, None, None]:
        """The value of each input read, in order; messages printed, failures counted.
        ``ready`` may give a file's outcome in this process, before any worker gets
        the file (then it is not worked on); ``then`` may turn outcomes into others
        (a check across inputs).  Closing the iterator (or any exception) ends the
        workers at once."""
        work = outcomes(self.work, self.files, self.settings, self.jobs, ready)
        with contextlib.closing(work):
            found: Iterator[Outcome[T]] = work if then is None else then(work)
            shown = with_progress(
                found, len(self.files), to_terminal=to_terminal, asked=self.progress
            )
            for outcome in shown:
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


STDOUT_FLAG = "stdout"
"""The name :func:`_check_outputs` knows standard output by (a regular file there)."""


def _check_outputs(outputs: Sequence[tuple[str, str]], files: Sequence[str]) -> None:
    """Refuse, before anything is written, an output (``(flag, name)``) that is another
    output of the run or one of its input files: the same file by device and inode,
    through links (devices and FIFOs, written through and never replaced, may be
    shared)."""
    for index, (flag, name) in enumerate(outputs):
        if not _replaceable(name):
            continue
        for earlier_flag, earlier in outputs[:index]:
            if same_file(name, earlier):
                raise UsageError(
                    f"{flag} {shown(name)} is the same file as {earlier_flag} {shown(earlier)}; "
                    f"give {flag} another name"
                )
        for source in files:
            if source != STDIN and same_file(name, source):
                if flag == STDOUT_FLAG:
                    raise UsageError(
                        f"standard output is the input {shown(source)}; writing it would "
                        "destroy the input: send the output to another file"
                    )
                raise UsageError(
                    f"{flag} {shown(name)} is the input {shown(source)}; writing it would "
                    f"destroy the input: give {flag} another name"
                )


def _replaceable(name: str) -> bool:
    """A regular file, a folder, or no file yet: what writing an output replaces."""
    try:
        mode = Path(name).stat().st_mode
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)
