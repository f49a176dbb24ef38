"""The ``hotparse`` command line: ``hotparse dump PATH...`` prints posts as JSON.

Exit status: 0 when every input parsed (warnings allowed), 1 when any input
failed (the others are still printed; each failure is one ``PATH:LINE:
message`` line on stderr, ``PATH: message`` when no line applies), 2 for
usage errors, 128 + N when stopped by signal N (130 for Ctrl-C).  No
traceback is ever printed.

Helpers meant for every subcommand: :func:`_expand_inputs` (PATH arguments
into input files, with the messages for those that cannot be read) and
:func:`_message` (one ``PATH:LINE: text`` line, the path shown on one line).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, Any, NoReturn

import attrs

from hotparse import __version__
from hotparse.errors import ParseError, _escape_controls

if TYPE_CHECKING:
    from hotparse.records import Post

__all__ = ["main"]

_STDIN = "-"
_PROGRESS_AFTER = 2.0
"""Seconds of work before a progress line appears on a terminal."""


@attrs.frozen
class _Outcome:
    """What happened to one input (picklable, so ``--jobs`` can send it back)."""

    path: str
    json: str | None
    errors: tuple[str, ...]
    warnings: tuple[str, ...]


class _UsageError(Exception):
    pass


class _Failure(Exception):
    """The whole run fails: ``hotparse: error: MESSAGE``, exit status 1."""


class _Stopped(BaseException):
    """SIGTERM or SIGHUP arrived (a BaseException, like KeyboardInterrupt, so that no
    ``except Exception`` inside hotparse takes it for a parsing error)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise _UsageError(message)

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse ignores write errors: ``--version > /dev/full`` would exit 0
        if not message:
            return
        stream = file or sys.stderr
        if stream is None:
            return
        try:
            stream.write(message)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _Failure(f"cannot write output: {error.strerror or error}") from None


def _arguments() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="hotparse",
        description="Read Hot Papers Markdown posts into JSON.",
    )
    parser.add_argument("--version", action="version", version=f"hotparse {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    dump = commands.add_parser(
        "dump",
        help="print posts as JSON",
        description=(
            "Print posts as JSON: one object for one file, an array for several files or a "
            "folder (its *.md files, sorted), one object per line with --jsonl."
        ),
    )
    dump.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, or - for stdin")
    dump.add_argument("--jsonl", action="store_true", help="one JSON object per line")
    dump.add_argument(
        "--indent", type=_indent, default=None, metavar="N",
        help=f"indent JSON by N spaces (0 to {_MAX_INDENT})",
    )
    dump.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout"
    )
    dump.add_argument(
        "--strict", action="store_true", help="treat problems in a post as errors: the post fails"
    )
    dump.add_argument(
        "--no-repair", dest="repair", action="store_false", help="do not repair mojibake in tweets"
    )
    dump.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=1,
        metavar="N",
        help="parse in N processes (output order is kept)",
    )
    from hotparse.tabular.arguments import add_parser as add_export

    add_export(commands)
    return parser


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text}")
    return value


_MAX_INDENT = 64


def _indent(text: str) -> int:
    value = _non_negative(text)
    if value > _MAX_INDENT:
        raise argparse.ArgumentTypeError(f"must be {_MAX_INDENT} or less: {text}")
    return value


def _positive(text: str) -> int:
    value = _non_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    with _signals_stop_the_run():
        try:
            return _main(argv)
        except KeyboardInterrupt:
            _remove_temporary_files()
            _say("hotparse: interrupted")
            return 130
        except _Stopped as stopped:
            _remove_temporary_files()
            _say(f"hotparse: stopped by {signal.Signals(stopped.signum).name}")
            return 128 + stopped.signum
        except BrokenPipeError:
            _silence_stdout()
            return 1
        except _Failure as failure:
            _silence_stdout()
            _say(f"hotparse: error: {failure}")
            return 1
        except OSError as error:
            _silence_stdout()
            _say(f"hotparse: error: {error.strerror or error}")
            return 1


def _main(argv: Sequence[str] | None) -> int:
    parser = _arguments()
    try:
        options = parser.parse_args(argv)
    except _UsageError as error:
        if sys.stderr is not None:
            parser.print_usage(sys.stderr)
        _say(f"hotparse: error: {error}")
        return 2
    except SystemExit as done:  # --help and --version exit through argparse
        _flush_stdout()
        return done.code if isinstance(done.code, int) else 0
    if options.command == "export":
        from hotparse.tabular.command import run as export

        return export(options, parser)
    if options.command != "dump":
        if sys.stderr is not None:
            parser.print_usage(sys.stderr)
        _say("hotparse: error: a command is required (try 'hotparse dump PATH')")
        return 2
    return _dump(options)


_STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


@contextlib.contextmanager
def _signals_stop_the_run() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP unwind the run (temporary files are removed, workers
    ended); a second signal during that clean-up is ignored.  Handlers are restored
    after.  Outside the main thread (a library embedding ``main``) nothing changes."""
    saved: dict[int, Any] = {}
    _pending_stop.clear()

    def stop(signum: int, _frame: FrameType | None) -> None:
        for number in saved:
            signal.signal(number, signal.SIG_IGN)
        _pending_stop.append(signum)
        _raise_stop(signum)

    with contextlib.suppress(ValueError):  # not the main thread
        for name in _STOP_SIGNALS:
            number = getattr(signal, name, None)
            if number is not None:
                saved[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        _pending_stop.clear()  # a later run in this process starts afresh
        for number, handler in saved.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(number, handler)


_pending_stop: list[int] = []
"""The stop signal already handled in this run.  Its exception unwinds the run, except
where Python drops it: a handler that runs inside a finaliser (``__del__``, a weakref
callback during garbage collection) has its exception printed as "ignored".  The signal
is then ignored too, so :func:`_check_stop` raises it again before the next input
(which might be a FIFO that would block for ever)."""


def _raise_stop(signum: int) -> NoReturn:
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise _Stopped(signum)


def _check_stop() -> None:
    """Raise the stop of a signal whose exception did not unwind the run."""
    if _pending_stop:
        _raise_stop(_pending_stop[0])


def _say(line: str) -> None:
    """Print one message line on stderr (nothing when stderr is closed)."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


def _flush_stdout() -> None:
    """Flush what argparse printed (``--version``, ``--help``): a full disk is an error."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _Failure(f"cannot write output: {error.strerror or error}") from None


def _silence_stdout() -> None:
    """After the reader went away (``| head``) or a write failed: no noise when
    Python flushes at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


# --------------------------------------------------------------------------- messages


def _shown(path: str) -> str:
    """``path`` as one printable line: control characters and line separators as
    backslash escapes, bytes that were not UTF-8 (surrogate escapes) as ``\\xNN``."""
    return _escape_controls(path)


def _message(path: str, text: str, line: int | None = None) -> str:
    """One message line: ``PATH:LINE: text``, or ``PATH: text`` when no line applies."""
    where = _shown(path) if line is None else f"{_shown(path)}:{line}"
    return f"{where}: {_escape_controls(text)}"


def _error_message(error: ParseError, path: str) -> str:
    """A ParseError as one message line (the file it names, else ``path``)."""
    return _message(error.source or path, error.message, error.line)


# --------------------------------------------------------------------------- inputs


@attrs.frozen
class _Inputs:
    """What the PATH arguments stand for."""

    files: tuple[str, ...]
    """Files to read, in order (``-`` for stdin)."""
    errors: tuple[str, ...]
    """A message for each input that cannot be read (each one is a failure)."""
    warnings: tuple[str, ...]
    """A message for each folder that holds no ``*.md`` file."""
    single: bool
    """One PATH that is not a folder: the output is one object, not an array."""


def _expand_inputs(paths: Sequence[str]) -> _Inputs:
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
        if path == _STDIN:
            files.append(_STDIN)
            continue
        failed: list[ParseError] = []
        found = list(iter_paths([path], on_error=failed.append))
        errors.extend(_error_message(error, path) for error in failed)
        if not found and not failed:
            warnings.append(_message(
                path, "warning: no *.md files in this folder (subfolders are not read)"
            ))
        files.extend(found)
    single = len(paths) == 1 and (paths[0] == _STDIN or not _is_folder(paths[0]))
    return _Inputs(
        files=tuple(files), errors=tuple(errors), warnings=tuple(warnings), single=single
    )


def _is_folder(path: str) -> bool:
    try:
        return stat.S_ISDIR(Path(path).stat().st_mode)
    except (OSError, ValueError):
        return False


def _dump(options: argparse.Namespace) -> int:
    if options.output is None and sys.stdout is None:
        raise _Failure("standard output is closed")
    inputs = _expand_inputs(options.paths)
    for line in (*inputs.warnings, *inputs.errors):
        _say(line)
    files = list(inputs.files)
    if _STDIN in files and options.jobs > 1:
        options.jobs = 1  # stdin cannot be shared with worker processes
    failed = bool(inputs.errors)
    output: IO[str]
    outcomes = _outcomes(files, options)
    with _open_output(options.output) as output, contextlib.closing(outcomes):
        writer = _Writer(
            output, single=inputs.single, jsonl=options.jsonl, indent=options.indent,
            name=options.output or "output",
        )
        to_terminal = options.output is None and sys.stdout.isatty()
        for outcome in _with_progress(outcomes, len(files), to_terminal=to_terminal):
            for line in outcome.warnings:
                _say(line)
            for line in outcome.errors:
                _say(line)
            if outcome.json is None:
                failed = True
                continue
            writer.write(outcome.json)
        writer.close()
    return 1 if failed else 0


_IN_FLIGHT = 4
"""Files per worker submitted ahead of the one being written (``--jobs``)."""


def _outcomes(files: list[str], options: argparse.Namespace) -> Generator[_Outcome, None, None]:
    settings = (options.strict, options.repair, options.indent, options.jsonl)
    if options.jobs == 1 or len(files) < 2:
        for path in files:
            yield _one(path, *settings)
        return
    yield from _in_parallel(files, settings, options.jobs)


def _in_parallel(
    files: list[str], settings: tuple[bool, bool, int | None, bool], jobs: int
) -> Iterator[_Outcome]:
    """Outcomes of ``files`` in order, parsed by ``jobs`` worker processes.

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
            pending: deque[tuple[str, Future[_Outcome] | None]] = deque(
                (path, _submit(pool, path, settings)) for path in first
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
                    pending.append((following, _submit(pool, following, settings)))
                yield outcome
        except BaseException:
            _end_pool(pool)
            raise
        if not stranded:
            pool.shutdown(wait=True)
            return
        _end_pool(pool)
        yield from _one_at_a_time(stranded, settings)


def _one_at_a_time(
    files: list[str], settings: tuple[bool, bool, int | None, bool]
) -> Iterator[_Outcome]:
    """Outcomes of ``files`` read by one worker process at a time; a file whose worker
    dies gets an error message."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool: ProcessPoolExecutor | None = None
    try:
        for path in files:
            if pool is None:
                pool = _pool(1)
            try:
                outcome = pool.submit(_one, path, *settings).result()
            except BrokenProcessPool:
                _end_pool(pool)
                pool = None
                outcome = _Outcome(path=path, json=None, errors=(_message(
                    path,
                    "the worker process reading this file died (killed, or out of memory); "
                    "it was read twice; try it alone without --jobs",
                ),), warnings=())
            yield outcome
    finally:
        if pool is not None:
            _end_pool(pool)


def _pool(jobs: int) -> Any:
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start)


def _submit(pool: Any, path: str, settings: tuple[bool, bool, int | None, bool]) -> Any:
    """The future of ``path``'s outcome, or None when the pool is already broken."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(_one, path, *settings)
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


def _load_one(path: str, repair: bool) -> tuple[Post | None, tuple[str, ...]]:
    """Read one input (``-`` for stdin) into a post, or the messages saying why it
    could not be read; never raises (but for signals).  ``dump`` and ``export`` share it."""
    from hotparse.reader import decode, load, parse, read_limited

    _check_stop()
    try:
        if path == _STDIN:
            if sys.stdin is None:
                return None, (_message("<stdin>", "standard input is closed"),)
            data = read_limited(sys.stdin.buffer, source="<stdin>")
            return parse(decode(data, source="<stdin>"), source="<stdin>", repair=repair), ()
        return load(path, repair=repair), ()
    except ParseError as error:
        return None, (_error_message(error, path),)
    except OSError as error:
        where = "<stdin>" if path == _STDIN else path
        return None, (_message(where, f"cannot read: {error.strerror or error}"),)


def _problem_lines(post: Post, path: str, strict: bool) -> tuple[str, ...]:
    """The post's problems as message lines (errors with ``--strict``, else warnings)."""
    name = post.source or path
    kind = "error" if strict else "warning"
    return tuple(
        _message(name, f"{kind}: {problem.message} [{problem.code}]", problem.line)
        for problem in post.problems
    )


def _one(path: str, strict: bool, repair: bool, indent: int | None, jsonl: bool) -> _Outcome:
    """Parse one input into its JSON text and messages; never raises."""
    from hotparse.serialize import dumps

    post, errors = _load_one(path, repair)
    if post is None:
        return _Outcome(path=path, json=None, errors=errors, warnings=())
    name = post.source or path
    messages = _problem_lines(post, path, strict)
    if strict and messages:
        return _Outcome(path=path, json=None, errors=messages, warnings=())
    try:
        text = dumps(post, indent=None if jsonl else indent)
    except Exception as error:  # a bug must cost one file, not the run
        return _Outcome(path=path, json=None, errors=(_message(
            name, f"internal error in hotparse writing JSON ({type(error).__name__}: "
            f"{str(error)[:200]}); please report it with the input",
        ),), warnings=())
    if not _utf8(text):
        # a file name that is not valid UTF-8 (kept with surrogate escapes in
        # ``source``): only those characters are written as \u escapes, which any
        # JSON reader takes back; the post's own text stays as it is
        text = _LONE_SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", text)
    return _Outcome(path=path, json=text, errors=(), warnings=messages)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _Writer:
    """Streams JSON values as one object, an array, or JSON lines."""

    def __init__(
        self, out: IO[str], *, single: bool, jsonl: bool, indent: int | None, name: str
    ) -> None:
        self.out = out
        self.single = single and not jsonl
        self.jsonl = jsonl
        self.indent = indent
        self.name = name
        self.count = 0

    def write(self, text: str) -> None:
        if self.jsonl or self.single:
            self._emit(text + "\n")
        elif self.indent is None:
            self._emit(("[" if self.count == 0 else ", ") + text)
        else:
            pad = " " * self.indent
            body = "\n".join(pad + line for line in text.split("\n"))
            self._emit(("[\n" if self.count == 0 else ",\n") + body)
        self.count += 1

    def close(self) -> None:
        if self.jsonl or self.single:
            return
        if self.count == 0:
            self._emit("[]\n")
        else:
            self._emit("\n]\n" if self.indent is not None else "]\n")

    def _emit(self, text: str) -> None:
        try:
            self.out.write(text)
            self.out.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _Failure(f"cannot write {_shown(self.name)}: {error.strerror or error}") from None


@contextlib.contextmanager
def _open_output(path: str | None) -> Iterator[IO[str]]:
    """The stream the JSON goes to.

    stdout when ``path`` is None.  A path naming one of this process's own
    descriptors (``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``,
    ``/proc/self/fd/N``) writes to that descriptor as it is: a file opened with
    ``>>`` is appended to, a pipe is written through.  Another special file (a
    device, a FIFO) is written to without truncating.  A regular file is
    written atomically: to a temporary file beside it (removed on any error or
    signal), renamed over it at the end; a symbolic link is written through,
    not replaced.
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
    descriptor = _own_descriptor(path)
    if descriptor is not None:
        with _descriptor_stream(descriptor, path) as copy:
            yield copy
        return
    try:
        info: os.stat_result | None = Path(path).stat()
    except FileNotFoundError:
        info = None  # a new file (or a dangling link, written through to its target)
    except OSError as error:  # a link loop, a name too long, no permission
        raise _Failure(f"cannot write {_shown(path)}: {error.strerror or error}") from None
    except ValueError:
        raise _Failure(f"cannot write {_shown(path)}: the name holds a NUL character") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        # a device or a FIFO (/dev/null, a named pipe): written to directly;
        # renaming a file over it would replace it
        try:
            handle = os.open(path, os.O_WRONLY)
        except OSError as error:
            raise _Failure(f"cannot write {_shown(path)}: {error.strerror or error}") from None
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as device:
            yield device
        return
    with _atomic_file(path, info) as temporary:
        yield temporary


_DESCRIPTOR_PATH = re.compile(r"/dev/(?:fd/(?P<fd>[0-9]+)|std(?P<std>in|out|err))"
                              r"|/proc/(?:self|thread-self|(?P<pid>[0-9]+))/fd/(?P<pfd>[0-9]+)")
_STANDARD = {"in": 0, "out": 1, "err": 2}


def _own_descriptor(path: str) -> int | None:
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
        raise _Failure(f"cannot write {_shown(path)}: the descriptor is closed")
    if descriptor == 1 and sys.stdout is not None:
        sys.stdout.flush()
    try:
        copy = os.dup(descriptor)
    except OSError as error:
        raise _Failure(f"cannot write {_shown(path)}: {error.strerror or error}") from None
    with os.fdopen(copy, "w", encoding="utf-8", newline="\n") as stream:
        yield stream


@contextlib.contextmanager
def _atomic_file(path: str, info: os.stat_result | None) -> Iterator[IO[str]]:
    target = Path(os.path.realpath(path))  # write through a symbolic link, not over it
    # the temporary name stays short, so an output name near the system limit works
    prefix = f".{target.name[:32]}."
    try:
        with _signals_held():  # the name is recorded before a signal can unwind the run
            handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
            _TEMPORARY_FILES.add(temporary)
    except OSError as error:
        raise _Failure(f"cannot write {_shown(path)}: {error.strerror or error}") from None
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
"""Temporary output files not yet renamed: removed by :func:`main` on a signal."""


def _remove_temporary_files() -> None:
    for name in list(_TEMPORARY_FILES):
        with contextlib.suppress(OSError):
            Path(name).unlink()
        _TEMPORARY_FILES.discard(name)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the block is done (where the system can)."""
    numbers = {getattr(signal, name) for name in _STOP_SIGNALS if hasattr(signal, name)}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, numbers)
    except (AttributeError, OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _with_progress(
    outcomes: Iterator[_Outcome], total: int, *, to_terminal: bool = False
) -> Iterator[_Outcome]:
    """Pass outcomes through, drawing a progress line on a terminal after two seconds.

    The line is cleared before an outcome with messages is handed on (they are
    printed on lines of their own) and is not drawn at all when the JSON itself
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


if __name__ == "__main__":  # pragma: no cover
    # ``python -m hotparse.cli``: run the imported module, not this ``__main__`` copy, so
    # that ``export`` (which imports hotparse.cli) sees the same _Stopped and helpers
    from hotparse.cli import main as _imported_main

    sys.exit(_imported_main())
