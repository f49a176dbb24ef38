"""``--jobs N``: any command's per-file work in N worker processes, outcomes in order.

Written once for every command: :func:`outcomes` is given the per-file function
(a module-level function, so that it pickles) and its settings (a frozen record).
"""

from __future__ import annotations

import contextlib
import errno
import signal
from collections.abc import Callable, Generator, Iterator
from typing import Any, Generic, TypeVar

from hotparse.cli._inputs import Outcome
from hotparse.cli._messages import Failure, message
from hotparse.cli._signals import Stopped, check_stop, forget_stop
from hotparse.output import STOP_SIGNALS, hold_signals

__all__ = ["outcomes"]

S = TypeVar("S")
T = TypeVar("T")

Work = Callable[[str, S], Outcome[T]]
Ready = Callable[[str], "Outcome[T] | None"]
"""Asked in this process, in input order, before a file is worked on: an outcome
that needs no work (an export's post the database already holds), else None."""

_IN_FLIGHT = 4
"""Files per worker submitted ahead of the one being handed on."""


def outcomes(
    work: Work[S, T],
    files: list[str],
    settings: S,
    jobs: int,
    ready: Ready[T] | None = None,
) -> Generator[Outcome[T], None, None]:
    """``work(path, settings)`` for each of ``files``, in order: in this process when
    ``jobs`` is 1 (or there is one file), else in ``jobs`` worker processes.  A file
    for which ``ready(path)`` (asked here, in order, just before the file would be
    worked on) gives an outcome gets that one and no work."""
    jobs = min(jobs, len(files))  # no worker without a file to read
    if jobs <= 1:
        for path in files:
            found = None if ready is None else ready(path)
            yield work(path, settings) if found is None else found
        return
    yield from _in_parallel(work, files, settings, jobs, ready)


def _in_parallel(
    work: Work[S, T], files: list[str], settings: S, jobs: int, ready: Ready[T] | None
) -> Iterator[Outcome[T]]:
    """Outcomes of ``files`` in order, worked on by ``jobs`` worker processes.

    At most a few files per worker are in flight: results are handed on in
    order as they come, so memory stays bounded however slowly the output is
    read.  When a worker dies (killed, out of memory), the files that were in
    flight are read again one at a time in a fresh worker: the one that kills
    it again gets an error message, the others their outcome; then the rest
    goes on in parallel.  Whatever stops the run (a signal, a closed pipe, an
    error writing, the generator closed) ends the workers at once.
    """
    import itertools
    from collections import deque

    queue = iter(files)
    window = jobs * _IN_FLIGHT
    while True:
        first = list(itertools.islice(queue, window))
        if not first:
            return
        pool: _Pool[S, T] = _Pool(work, settings, jobs)
        stranded: list[tuple[str, Outcome[T] | None]] = []
        try:
            pending: deque[tuple[str, _Worker | Outcome[T]]] = deque(
                (path, _enter(pool, path, ready)) for path in first
            )
            while pending:
                check_stop()  # a stop Python dropped here ends the run before the next file
                path, entry = pending[0]
                outcome = entry if isinstance(entry, Outcome) else pool.result(entry, path)
                if outcome is None:  # the worker died
                    check_stop()  # killed by the stop the parent is handling: say that
                    stranded = [
                        (path, entry if isinstance(entry, Outcome) else None)
                        for path, entry in pending
                    ]
                    break
                pending.popleft()
                following = next(queue, None)
                if following is not None:
                    pending.append((following, _enter(pool, following, ready)))
                yield outcome
        except BaseException:
            pool.end()
            raise
        pool.end(gently=not stranded)
        if not stranded:
            return
        yield from _one_at_a_time(work, stranded, settings)


def _enter(pool: _Pool[S, T], path: str, ready: Ready[T] | None) -> _Worker | Outcome[T]:
    """The outcome of ``path`` when ``ready`` has one, else the worker it was sent to."""
    found = None if ready is None else ready(path)
    return pool.submit(path) if found is None else found


def _one_at_a_time(
    work: Work[S, T], files: list[tuple[str, Outcome[T] | None]], settings: S
) -> Iterator[Outcome[T]]:
    """Outcomes of ``files`` (each with its outcome when it needs no work) worked on
    by one worker process at a time; a file whose worker dies gets an error message."""
    pool: _Pool[S, T] | None = None
    try:
        for path, known in files:
            if known is not None:
                yield known
                continue
            if pool is None:
                pool = _Pool(work, settings, 1)
            outcome = pool.result(pool.submit(path), path)
            if outcome is None:
                check_stop()
                pool.end()
                pool = None
                outcome = Outcome(path=path, value=None, errors=(message(
                    path,
                    "the worker process reading this file died (killed, or out of memory); "
                    "it was read twice; try it alone without --jobs",
                ),))
            yield outcome
    finally:
        if pool is not None:
            pool.end()


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, process: Any, connection: Any) -> None:
        self.process = process
        self.connection = connection
        self.in_flight = 0


class _Pool(Generic[S, T]):
    """``jobs`` worker processes, each reading the paths sent to it in order and sending
    back their outcomes in that order.

    No threads and no exit hooks (unlike ``concurrent.futures``, whose manager
    thread and feeder threads kept a stopped run alive, and printed "Exception
    ignored" at exit): the parent sends each path to the worker with the fewest in
    flight and reads each outcome from the worker it sent the path to.  The workers
    are daemons, so nothing waits for them at exit; :meth:`end` ends them at once.
    """

    def __init__(self, work: Work[S, T], settings: S, jobs: int) -> None:
        import multiprocessing

        self.workers: list[_Worker] = []
        try:
            # the workers start with the stop signals held, and set their own handlers
            # before taking them: a signal can never run the parent's handler in a worker
            with hold_signals():
                for _ in range(jobs):
                    mine, theirs = multiprocessing.Pipe()
                    try:
                        process = multiprocessing.Process(
                            target=_serve, args=(theirs, work, settings), daemon=True
                        )
                        process.start()
                    except BaseException:
                        mine.close()
                        raise
                    finally:
                        theirs.close()
                    self.workers.append(_Worker(process, mine))
        except OSError as error:
            self.end()
            raise Failure(
                f"cannot start {jobs} worker processes for --jobs: "
                f"{error.strerror or error}; run with fewer --jobs"
                + (", or allow more open files (ulimit -n)" if error.errno == errno.EMFILE else "")
            ) from None
        except BaseException:
            self.end()
            raise

    def submit(self, path: str) -> _Worker:
        """Send ``path`` to the worker with the fewest files in flight; that worker."""
        worker = min(self.workers, key=lambda each: each.in_flight)
        worker.in_flight += 1
        with contextlib.suppress(OSError, ValueError):  # a dead worker: result() says so
            worker.connection.send(path)
        return worker

    def result(self, worker: _Worker, path: str) -> Outcome[T] | None:
        """The outcome of the next file sent to ``worker``, None when the worker died."""
        try:
            found = worker.connection.recv()
        except (EOFError, OSError, ValueError):
            return None
        worker.in_flight -= 1
        if isinstance(found, str):  # the work function raised: one file fails
            return Outcome(path=path, value=None, errors=(message(
                path, f"internal error in hotparse ({found[:200]}); please report it with the input"
            ),))
        outcome: Outcome[T] = found
        return outcome

    def end(self, *, gently: bool = False) -> None:
        """End every worker: at once, or ``gently`` (they finish and leave) when the run
        goes on.  Returns when they are gone (a worker that does not go is killed)."""
        for worker in self.workers:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                if gently:
                    worker.connection.send(None)
                else:
                    worker.process.terminate()
        for worker in self.workers:
            with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
                worker.process.join(_END_WAIT if gently else _KILL_WAIT)
                if worker.process.is_alive():
                    worker.process.kill()
                    worker.process.join(_KILL_WAIT)
            with contextlib.suppress(OSError, ValueError):
                worker.connection.close()
        self.workers = []


_KILL_WAIT = 0.5
"""Seconds a terminated worker may take to go before it is killed."""
_END_WAIT = 5.0
"""Seconds a worker that was asked to leave (all its files done) may take."""


def _serve(connection: Any, work: Work[S, T], settings: S) -> None:
    """A worker: ``work(path, settings)`` for each path received, the outcome sent back,
    until ``None`` comes or the parent goes away.

    Ctrl-C is for the parent, which ends the workers itself (so no worker prints a
    KeyboardInterrupt traceback); SIGTERM and SIGHUP end the worker at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_DFL)
    # a stop the parent had recorded when it forked is the parent's to handle
    forget_stop()
    numbers = {getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)}
    with contextlib.suppress(AttributeError, OSError, ValueError):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, numbers)
    try:
        while True:
            path = connection.recv()
            if path is None:
                return
            try:
                outcome: object = work(path, settings)
            except Stopped:  # the parent's handler, run here once after the fork
                forget_stop()
                outcome = work(path, settings)
            except Exception as error:  # a bug must cost one file, not the run
                outcome = f"{type(error).__name__}: {error}"
            connection.send(outcome)
    except (EOFError, OSError):  # the parent went away
        return
