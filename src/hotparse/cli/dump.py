"""``hotparse dump PATH...``: posts as JSON (one object, an array, or JSON lines)."""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from typing import IO, Any

import attrs

from hotparse.cli._inputs import Outcome, ReadOptions, counted, load_one
from hotparse.cli._messages import Failure, message, problem_lines, shown
from hotparse.cli._parser import MAX_INDENT, add_command, indent, read_options
from hotparse.cli._run import STDOUT_FLAG, Run
from hotparse.cli._signals import check_stop
from hotparse.output import open_output

__all__ = ["add_parser", "run"]


def add_parser(commands: Any) -> None:
    """Register ``dump`` on the ``hotparse`` subcommands."""
    dump = add_command(
        commands,
        "dump",
        summary="print posts as JSON",
        description=(
            "Print posts as JSON: one object for one file, an array for several files or a "
            "folder (its *.md files, sorted), one object per line with --jsonl."
        ),
        examples="""
hotparse dump post.md                         # one JSON object
hotparse dump archive/                        # a JSON array of every *.md, sorted
hotparse dump --jsonl archive/ > posts.jsonl  # one object per line, streaming
hotparse dump --jobs 2 -o posts.json archive/ # 2 processes, written atomically
cat post.md | hotparse dump -                 # from stdin
""",
    )
    dump.add_argument("--jsonl", action="store_true", help="one JSON object per line")
    dump.add_argument(
        "--indent", type=indent, default=None, metavar="N",
        help=f"indent JSON by N spaces (0 to {MAX_INDENT})",
    )
    dump.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout"
    )


@attrs.frozen(kw_only=True)
class DumpSettings:
    """What each input needs to be written as JSON (handed to ``--jobs`` workers)."""

    read: ReadOptions
    indent: int | None = None
    jsonl: bool = False


def _stdout_is_a_file() -> bool:
    """Standard output is a regular file (``> FILE``, ``>> FILE``): checked, like ``-o``,
    against the inputs."""
    import os
    import stat

    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (AttributeError, OSError, ValueError):  # closed, or not a real file
        return False


def run(options: argparse.Namespace) -> int:
    """Run ``hotparse dump`` with parsed ``options``; return the exit status."""
    if options.output is None and sys.stdout is None:
        raise Failure("standard output is closed")
    settings = DumpSettings(read=read_options(options), indent=options.indent, jsonl=options.jsonl)
    outputs = [("-o", options.output)] if options.output is not None else (
        [(STDOUT_FLAG, "/dev/stdout")] if _stdout_is_a_file() else []
    )
    run = Run(
        options.paths, dump_one, settings, jobs=options.jobs, outputs=outputs,
        progress=options.progress,
    )
    output: IO[str]
    to_terminal = options.output is None and sys.stdout.isatty()
    values = run.values(to_terminal=to_terminal)
    with open_output(options.output) as output, contextlib.closing(values):
        writer = _Writer(
            output, single=run.inputs.single, jsonl=options.jsonl, indent=options.indent,
            name=options.output or "output",
        )
        for text in values:
            writer.write(text)
        writer.close()
        check_stop()  # a stop Python dropped after the last input: -o FILE is not replaced
    return run.status


def dump_one(path: str, settings: DumpSettings) -> Outcome[str]:
    """Parse one input into its JSON text and messages; never raises (but for signals)."""
    from hotparse.serialize import dumps

    strict = settings.read.strict
    post, errors = load_one(path, settings.read)
    if post is None:
        return Outcome(path=path, value=None, errors=errors)
    name = post.source or path
    messages = problem_lines(post, path, strict)
    if strict and messages:
        return Outcome(path=path, value=None, errors=messages)
    try:
        text = dumps(post, indent=None if settings.jsonl else settings.indent)
    except Exception as error:  # a bug must cost one file, not the run
        return Outcome(path=path, value=None, errors=(message(
            name, f"internal error in hotparse writing JSON ({type(error).__name__}: "
            f"{str(error)[:200]}); please report it with the input",
        ),))
    if not _utf8(text):
        # a file name that is not valid UTF-8 (kept with surrogate escapes in
        # ``source``): only those characters are written as \u escapes, which any
        # JSON reader takes back; the post's own text stays as it is
        text = _LONE_SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", text)
    return counted(Outcome(path=path, value=text, warnings=messages), post)


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
            raise Failure(f"cannot write {shown(self.name)}: {error.strerror or error}") from None
