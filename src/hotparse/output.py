"""Writing an output file safely: atomically, through devices and descriptors, signal-safe.

One module for every file hotparse writes whole (``hotparse dump -o FILE``, the
Datasette metadata of ``export``), and for the names of the special files it
meets (:func:`file_kind`, used by the reader too).  It raises one exception,
:class:`OutputError`, an :class:`OSError` whose message names the file; it
prints nothing and never exits: turning errors into messages and exit statuses
is the command line's job (:func:`hotparse.cli.main`).

- :func:`open_output` gives the stream an output is written to: stdout, one of
  this process's own descriptors (``/dev/stdout``, ``/dev/fd/N``), a device or
  a FIFO written through, or a regular file written to a temporary file beside
  it and renamed over it at the end.
- :func:`hold_signals` holds SIGINT, SIGTERM and SIGHUP for a block (a file
  created and recorded, several files renamed together);
  :func:`remove_temporary_files` removes the temporary files not yet renamed
  (a signal handler's clean-up).
- :func:`printable` writes a file name (or any text) on one printable line.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from hotparse.errors import _escape_controls

__all__ = [
    "STOP_SIGNALS",
    "OutputError",
    "file_kind",
    "hold_signals",
    "open_output",
    "own_descriptor",
    "printable",
    "remove_temporary_files",
    "same_file",
]

STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")
"""The signals that stop a run (those that exist on this system are used)."""


class OutputError(OSError):
    """An output cannot be written: the message names the file and says why
    (``cannot write out.json: No space left on device``)."""


def printable(text: str) -> str:
    """``text`` (a file name, a message) as one printable line: control characters and
    line separators as backslash escapes (``\\n``, ``\\x1b``, ``\\u2028``), bytes of a
    file name that were not UTF-8 (surrogate escapes) as ``\\xNN``."""
    return _escape_controls(text)


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def file_kind(mode: int) -> str:
    """What a file of ``st_mode`` ``mode`` is, for a message: ``a folder``, ``a named
    pipe (FIFO)``, ``a socket``, ``a character device``, ``a block device``, ``a regular
    file``, else ``a special file``."""
    if stat.S_ISREG(mode):
        return "a regular file"
    return _KINDS.get(stat.S_IFMT(mode), "a special file")


def same_file(first: str, second: str) -> bool:
    """Whether the two names lead to one file: the same device and inode (through
    symbolic links and hard links) when both exist, else the same real path (two
    names for one file not made yet).  Names that cannot be looked at are not the
    same (opening them reports why)."""
    try:
        one, other = Path(first).stat(), Path(second).stat()
    except FileNotFoundError:
        try:
            return os.path.realpath(first) == os.path.realpath(second)
        except (OSError, ValueError):
            return False
    except (OSError, ValueError):
        return False
    return (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def _cannot_write(path: str, reason: object) -> OutputError:
    return OutputError(f"cannot write {printable(path)}: {reason}")


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[IO[str]]:
    """The UTF-8 text stream an output goes to (newlines written as ``\\n``).

    stdout when ``path`` is None.  A path naming one of this process's own
    descriptors (``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``,
    ``/proc/self/fd/N``) writes to that descriptor as it is: a file opened with
    ``>>`` is appended to, a pipe is written through.  Another special file (a
    device, a FIFO) is written to without truncating.  A regular file is
    written atomically: to a temporary file beside it (removed on any error,
    and by :func:`remove_temporary_files` on a signal), renamed over it when the
    block ends; a symbolic link is written through, not replaced; an existing
    file keeps its permissions.

    Raises:
        OutputError: the output cannot be opened (a link loop, a missing folder,
            no permission, a NUL in the name, a closed descriptor).
    """
    if path is None:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stand-in for stdout
            yield sys.stdout
            return
        sys.stdout.flush()
        stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n", write_through=True)
        try:
            yield stream
        finally:
            with contextlib.suppress(ValueError):
                stream.detach()
        return
    descriptor = own_descriptor(path)
    if descriptor is not None:
        with _descriptor_stream(descriptor, path) as copy:
            yield copy
        return
    try:
        info: os.stat_result | None = Path(path).stat()
    except FileNotFoundError:
        info = None  # a new file (or a dangling link, written through to its target)
    except OSError as error:  # a link loop, a name too long, no permission
        raise _cannot_write(path, error.strerror or error) from None
    except ValueError:
        raise _cannot_write(path, "the name holds a NUL character") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        # a device or a FIFO (/dev/null, a named pipe): written to directly;
        # renaming a file over it would replace it
        try:
            handle = os.open(path, os.O_WRONLY)
        except OSError as error:
            raise _cannot_write(path, error.strerror or error) from None
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as device:
            yield device
        return
    with _atomic_file(path, info) as temporary:
        yield temporary


_DESCRIPTOR_PATH = re.compile(r"/dev/(?:fd/(?P<fd>[0-9]+)|std(?P<std>in|out|err))"
                              r"|/proc/(?:self|thread-self|(?P<pid>[0-9]+))/fd/(?P<pfd>[0-9]+)")
_STANDARD = {"in": 0, "out": 1, "err": 2}


def own_descriptor(path: str) -> int | None:
    """The descriptor number when ``path`` (or the symbolic links it leads through)
    names one of this process's own open descriptors, else None."""
    current = path
    for _ in range(40):
        found = _DESCRIPTOR_PATH.fullmatch(os.path.normpath(current))
        if found is not None:
            if found["pid"] is not None and int(found["pid"]) != os.getpid():
                return None
            if found["std"] is not None:
                return _STANDARD[found["std"]]
            return int(found["fd"] or found["pfd"])
        try:
            target = Path(current).readlink()
        except (OSError, ValueError):
            return None
        current = str(Path(current).parent / target)
    return None


@contextlib.contextmanager
def _descriptor_stream(descriptor: int, path: str) -> Iterator[IO[str]]:
    standard = {0: sys.stdin, 1: sys.stdout, 2: sys.stderr}
    if descriptor in standard and standard[descriptor] is None:
        # closed when hotparse started: the number may now belong to another file
        raise _cannot_write(path, "the descriptor is closed")
    if descriptor == 1 and sys.stdout is not None:
        sys.stdout.flush()
    try:
        copy = os.dup(descriptor)
    except OSError as error:
        raise _cannot_write(path, error.strerror or error) from None
    with os.fdopen(copy, "w", encoding="utf-8", newline="\n") as stream:
        yield stream


@contextlib.contextmanager
def _atomic_file(path: str, info: os.stat_result | None) -> Iterator[IO[str]]:
    import tempfile

    target = Path(os.path.realpath(path))  # write through a symbolic link, not over it
    # the temporary name stays short, so an output name near the system limit works
    prefix = f".{target.name[:32]}."
    try:
        with hold_signals():  # the name is recorded before a signal can unwind the run
            handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
            _TEMPORARY_FILES.add(temporary)
    except OSError as error:
        raise _cannot_write(path, error.strerror or error) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
        if info is not None:
            mode = info.st_mode & 0o7777  # an existing file keeps its permissions
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        Path(temporary).chmod(mode)
        Path(temporary).replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    finally:
        _TEMPORARY_FILES.discard(temporary)


_TEMPORARY_FILES: set[str] = set()
"""Temporary output files not yet renamed: removed by :func:`remove_temporary_files`."""


def remove_temporary_files() -> None:
    """Remove the temporary files of outputs still being written (for a signal handler
    or a stop that unwinds the run: the files are also removed as the run unwinds)."""
    for name in list(_TEMPORARY_FILES):
        with contextlib.suppress(OSError):
            Path(name).unlink()
        _TEMPORARY_FILES.discard(name)


@contextlib.contextmanager
def hold_signals() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the block is done (where the system can):
    a signal that arrives meanwhile is delivered just after."""
    numbers = {getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, numbers)
    except (AttributeError, OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
