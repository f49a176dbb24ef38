"""``--jobs N``: any command's per-file work in N worker processes, outcomes in order.

Written once for every command: :func:`outcomes` is given the per-file function
(a module-level function, so that it pickles) and its settings (a frozen record).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Generator, Iterator
from typing import Any, TypeVar

from hotparse.cli._inputs import Outcome
from hotparse.cli._messages import message

__all__ = ["outcomes"]

S = TypeVar("S")
T = TypeVar("T")

Work = Callable[[str, S], Outcome[T]]

_IN_FLIGHT = 4
"""Files per worker submitted ahead of the one being handed on."""


def outcomes(
    work: Work[S, T], files: list[str], settings: S, jobs: int
) -> Generator[Outcome[T], None, None]:
    """``work(path, settings)`` for each of ``files``, in order: in this process when
    ``jobs`` is 1 (or there is one file), else in ``jobs`` worker processes."""
    if jobs == 1 or len(files) < 2:
        for path in files:
            yield work(path, settings)
        return
    yield from _in_parallel(work, files, settings, jobs)


def _in_parallel(
    work: Work[S, T], files: list[str], settings: S, jobs: int
) -> Iterator[Outcome[T]]:
    """Outcomes of ``files`` in order, worked on by ``jobs`` worker processes.

    At most a few files per worker are in flight: results are handed on in
    order as they come, so memory stays bounded however slowly the output is
    read.  When a worker dies (killed, out of memory), the files that were in
    flight are read again one at a time in a fresh worker: the one that kills
    it again gets an error message, the others their outcome; then the rest
    goes on in parallel.  Whatever stops the run (Ctrl-C, SIGTERM, an error
    writing) ends the workers at once.
    """
    import itertools
    from collections import deque
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    queue = iter(files)
    window = jobs * _IN_FLIGHT
    while True:
        first = list(itertools.islice(queue, window))
        if not first:
            return
        pool = _pool(jobs)
        stranded: list[str] = []
        try:
            pending: deque[tuple[str, Future[Outcome[T]] | None]] = deque(
                (path, _submit(pool, work, path, settings)) for path in first
            )
            while pending:
                path, future = pending[0]
                try:
                    if future is None:
                        raise BrokenProcessPool(path)
                    outcome = future.result()
                except BrokenProcessPool:
                    stranded = [path for path, _ in pending]
                    break
                pending.popleft()
                following = next(queue, None)
                if following is not None:
                    pending.append((following, _submit(pool, work, following, settings)))
                yield outcome
        except BaseException:
            _end_pool(pool)
            raise
        if not stranded:
            pool.shutdown(wait=True)
            return
        _end_pool(pool)
        yield from _one_at_a_time(work, stranded, settings)


def _one_at_a_time(work: Work[S, T], files: list[str], settings: S) -> Iterator[Outcome[T]]:
    """Outcomes of ``files`` worked on by one worker process at a time; a file whose
    worker dies gets an error message."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool: ProcessPoolExecutor | None = None
    try:
        for path in files:
            if pool is None:
                pool = _pool(1)
            try:
                outcome = pool.submit(work, path, settings).result()
            except BrokenProcessPool:
                _end_pool(pool)
                pool = None
                outcome = Outcome(path=path, value=None, errors=(message(
                    path,
                    "the worker process reading this file died (killed, or out of memory); "
                    "it was read twice; try it alone without --jobs",
                ),))
            yield outcome
    finally:
        if pool is not None:
            _end_pool(pool)


def _pool(jobs: int) -> Any:
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start)


def _submit(pool: Any, work: Work[S, T], path: str, settings: S) -> Any:
    """The future of ``path``'s outcome, or None when the pool is already broken."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(work, path, settings)
    except BrokenProcessPool:
        return None


def _worker_start() -> None:
    """In each worker: Ctrl-C is for the main process, which ends the workers itself
    (so no worker prints a KeyboardInterrupt traceback); SIGTERM and SIGHUP end the
    worker at once (the main process's handlers are not inherited)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_DFL)


def _end_pool(pool: Any) -> None:
    """End the pool's workers now, without waiting for the files they are reading."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(5)
            if process.is_alive():
                process.kill()
