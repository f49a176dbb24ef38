"""Stop signals: SIGINT, SIGTERM and SIGHUP unwind the run as exceptions.

:func:`stop_on_signals` installs the handlers for one run; SIGINT raises
``KeyboardInterrupt``, the others :class:`Stopped` (a BaseException, like
KeyboardInterrupt, so that no ``except Exception`` inside hotparse takes it for
a parsing error).  :func:`hotparse.cli.main` turns either into its message and
exit status 128 + N.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any, NoReturn

from hotparse.output import STOP_SIGNALS, hold_signals

__all__ = ["Stopped", "check_stop", "forget_stop", "stop_on_signals"]


class Stopped(BaseException):
    """A signal stopped the run (SIGTERM, SIGHUP; SIGINT too when a command adds ``left``,
    what its output holds now, to the message)."""

    def __init__(self, signum: int, left: str | None = None) -> None:
        super().__init__(signum)
        self.signum = signum
        self.left = left


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP unwind the run (temporary files are removed, workers
    ended); a second signal during that clean-up is ignored.  Handlers are restored
    after.  Outside the main thread (a library embedding ``main``) nothing changes.
    Signals are held while the handlers are put in place and taken away, so that none
    lands half-way (a stop raised there would escape ``main``)."""
    saved: dict[int, Any] = {}

    def stop(signum: int, _frame: FrameType | None) -> None:
        for number in saved:
            signal.signal(number, signal.SIG_IGN)
        _pending_stop.append(signum)
        _raise_stop(signum)

    quiet = None
    saved_hook = sys.unraisablehook

    def restore() -> None:
        if saved:
            _pending_stop.clear()  # a later run in this process starts afresh
            if sys.unraisablehook is quiet:  # unless the run set its own meanwhile
                sys.unraisablehook = saved_hook
        for number, handler in saved.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(number, handler)

    try:
        # a signal held here arrives as the hold ends, inside this ``try``: the
        # handlers and the hook are put back by ``finally`` whatever it raises
        with hold_signals():
            with contextlib.suppress(ValueError):  # not the main thread
                for name in STOP_SIGNALS:
                    number = getattr(signal, name, None)
                    if number is not None:
                        saved[number] = signal.signal(number, stop)
            if saved:  # this run owns the signals (and the record of their stops)
                _pending_stop.clear()
                quiet = _quiet_dropped_stop(saved_hook)
                sys.unraisablehook = quiet
        yield
    finally:
        try:
            with hold_signals():
                restore()
        except BaseException:  # a stop that landed before the hold: put back, then unwind
            restore()
            raise


_pending_stop: list[int] = []
"""The stop signal already handled in this run.  Its exception unwinds the run, except
where Python drops it: a handler that runs inside a finaliser (``__del__``, a weakref
callback during garbage collection or an import) has its exception dropped.  The signal
is then ignored too, so :func:`check_stop` raises it again before the next input (which
might be a FIFO that would block for ever) and :func:`hotparse.cli.main` when the run
ends; Python's "Exception ignored in ..." report of it is not printed."""


def _quiet_dropped_stop(
    previous: Callable[[sys.UnraisableHookArgs], Any],
) -> Callable[[sys.UnraisableHookArgs], Any]:
    """An ``sys.unraisablehook`` that keeps quiet about the stop Python dropped in a
    finaliser (no "Exception ignored in ..." and traceback on stderr: the stop is
    recorded, and :func:`check_stop` raises it again); anything else goes to
    ``previous``."""

    def hook(unraisable: sys.UnraisableHookArgs) -> Any:
        dropped = unraisable.exc_type is not None and issubclass(
            unraisable.exc_type, (Stopped, KeyboardInterrupt)
        )
        if dropped and _pending_stop:
            return None
        return previous(unraisable)

    return hook


def _raise_stop(signum: int) -> NoReturn:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(signum)


def check_stop() -> None:
    """Raise the stop of a signal whose exception did not unwind the run."""
    if _pending_stop:
        _raise_stop(_pending_stop[0])


def forget_stop() -> None:
    """Forget a recorded stop: in a ``--jobs`` worker, whose parent handles it."""
    _pending_stop.clear()
