"""The ``hotparse`` command line: ``hotparse dump PATH...`` prints posts as JSON.

Exit status: 0 when every input parsed (warnings allowed), 1 when any input
failed (the others are still printed; each failure is one ``PATH:LINE:
message`` line on stderr), 2 for usage errors.  No traceback is ever printed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from hotparse import __version__
from hotparse.errors import ParseError

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


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise _UsageError(message)


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
        "--indent", type=_non_negative, default=None, metavar="N", help="indent JSON by N spaces"
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
    from hotparse.tabular.command import add_parser as add_export

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


def _positive(text: str) -> int:
    value = _non_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = _arguments()
    try:
        try:
            options = parser.parse_args(argv)
        except _UsageError as error:
            parser.print_usage(sys.stderr)
            print(f"hotparse: error: {error}", file=sys.stderr)
            return 2
        except SystemExit as done:  # --help and --version exit through argparse
            return done.code if isinstance(done.code, int) else 0
        if options.command == "export":
            from hotparse.tabular.command import run as export

            return export(options, parser)
        if options.command != "dump":
            parser.print_usage(sys.stderr)
            print(
                "hotparse: error: a command is required (try 'hotparse dump PATH')", file=sys.stderr
            )
            return 2
        return _dump(options)
    except KeyboardInterrupt:
        print("hotparse: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except OSError as error:
        print(f"hotparse: error: {error.strerror or error}", file=sys.stderr)
        return 1


def _silence_stdout() -> None:
    """After the reader went away (``| head``): no noise when Python flushes at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _inputs(paths: Sequence[str]) -> tuple[list[str], bool]:
    """The input files, and whether the output is a single object."""
    from hotparse.reader import iter_paths

    files: list[str] = []
    for path in paths:
        if path == _STDIN:
            files.append(_STDIN)
        else:
            files.extend(iter_paths([path]))
    single = len(paths) == 1 and (paths[0] == _STDIN or not Path(paths[0]).is_dir())
    return files, single


def _dump(options: argparse.Namespace) -> int:
    files, single = _inputs(options.paths)
    if _STDIN in files and options.jobs > 1:
        options.jobs = 1  # stdin cannot be shared with worker processes
    outcomes = _outcomes(files, options)
    failed = False
    output: IO[str]
    with _open_output(options.output) as output:
        writer = _Writer(output, single=single, jsonl=options.jsonl, indent=options.indent)
        to_terminal = options.output is None and sys.stdout.isatty()
        for outcome in _with_progress(outcomes, len(files), to_terminal=to_terminal):
            for line in outcome.warnings:
                print(line, file=sys.stderr)
            for line in outcome.errors:
                print(line, file=sys.stderr)
            if outcome.json is None:
                failed = True
                continue
            writer.write(outcome.json)
        writer.close()
    return 1 if failed else 0


_IN_FLIGHT = 4
"""Files per worker submitted ahead of the one being written (``--jobs``)."""


def _outcomes(files: list[str], options: argparse.Namespace) -> Iterator[_Outcome]:
    settings = (options.strict, options.repair, options.indent, options.jsonl)
    if options.jobs == 1 or len(files) < 2:
        for path in files:
            yield _one(path, *settings)
        return
    import itertools
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    # at most a few files per worker in flight: results are handed on in order as
    # they come, so memory stays bounded however slowly the output is read
    window = options.jobs * _IN_FLIGHT
    pool = ProcessPoolExecutor(max_workers=options.jobs)
    try:
        queue = iter(files)
        pending: deque[Future[_Outcome]] = deque(
            pool.submit(_one, path, *settings) for path in itertools.islice(queue, window)
        )
        while pending:
            outcome = pending.popleft().result()
            following = next(queue, None)
            if following is not None:
                pending.append(pool.submit(_one, following, *settings))
            yield outcome
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _one(path: str, strict: bool, repair: bool, indent: int | None, jsonl: bool) -> _Outcome:
    """Parse one input into its JSON text and messages; never raises."""
    from hotparse.reader import decode, load, parse
    from hotparse.serialize import dumps

    try:
        if path == _STDIN:
            if sys.stdin is None:
                return _Outcome(
                    path=path, json=None, errors=("<stdin>: standard input is closed",),
                    warnings=(),
                )
            post = parse(
                decode(sys.stdin.buffer.read(), source="<stdin>"), source="<stdin>", repair=repair
            )
        else:
            post = load(path, repair=repair)
    except ParseError as error:
        return _Outcome(path=path, json=None, errors=(_error_line(error, path),), warnings=())
    except OSError as error:
        return _Outcome(path=path, json=None, errors=(f"{path}: {error}",), warnings=())
    name = post.source or path
    messages = tuple(
        f"{name}:{problem.line}: {'error' if strict else 'warning'}: "
        f"{problem.message} [{problem.code}]"
        for problem in post.problems
    )
    if strict and messages:
        return _Outcome(path=path, json=None, errors=messages, warnings=())
    text = dumps(post, indent=None if jsonl else indent)
    if not _utf8(text):
        # a file name that is not valid UTF-8 (kept with surrogate escapes in
        # ``source``): write the JSON with \u escapes, which any reader takes back
        text = dumps(post, indent=None if jsonl else indent, ensure_ascii=True)
    return _Outcome(path=path, json=text, errors=(), warnings=messages)


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _error_line(error: ParseError, path: str) -> str:
    where = error.source or path
    if error.line is not None:
        where += f":{error.line}"
    return f"{where}: {error.message}"


class _Writer:
    """Streams JSON values as one object, an array, or JSON lines."""

    def __init__(self, out: IO[str], *, single: bool, jsonl: bool, indent: int | None) -> None:
        self.out = out
        self.single = single and not jsonl
        self.jsonl = jsonl
        self.indent = indent
        self.count = 0

    def write(self, text: str) -> None:
        if self.jsonl or self.single:
            self.out.write(text + "\n")
        elif self.indent is None:
            self.out.write(("[" if self.count == 0 else ", ") + text)
        else:
            pad = " " * self.indent
            body = "\n".join(pad + line for line in text.split("\n"))
            self.out.write(("[\n" if self.count == 0 else ",\n") + body)
        self.count += 1
        self.out.flush()

    def close(self) -> None:
        if self.jsonl or self.single:
            return
        if self.count == 0:
            self.out.write("[]\n")
        else:
            self.out.write("\n]\n" if self.indent is not None else "]\n")


@contextlib.contextmanager
def _open_output(path: str | None) -> Iterator[IO[str]]:
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
            stream.flush()
            stream.detach()
        return
    target = Path(os.path.realpath(path))  # write through a symbolic link, not over it
    if target.exists() and not target.is_file():
        # a device, a pipe (/dev/stdout, /dev/null, a FIFO): write to it directly;
        # renaming a file over it would replace it
        try:
            stream = target.open("w", encoding="utf-8", newline="\n")
        except OSError as error:
            raise OSError(error.errno, f"cannot write {path}: {error.strerror}") from None
        with stream:
            yield stream
        return
    mode = target.stat().st_mode & 0o7777 if target.exists() else None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise OSError(error.errno, f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        Path(temporary).chmod(mode)  # an existing file keeps its permissions
        Path(temporary).replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


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
    sys.exit(main())
