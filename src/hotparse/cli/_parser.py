"""The ``hotparse`` argument parser: the commands, and the flags they share defined once."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from hotparse import __version__
from hotparse.cli._inputs import ReadOptions
from hotparse.cli._messages import Failure, UsageError

__all__ = [
    "MAX_INDENT",
    "Parser",
    "add_command",
    "add_read_arguments",
    "non_negative",
    "read_options",
    "top_parser",
]


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors raised (not printed and exited) and write errors kept."""

    def error(self, message: str) -> Any:
        raise UsageError(message)

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
            raise Failure(f"cannot write output: {error.strerror or error}") from None


def top_parser() -> tuple[argparse.ArgumentParser, Any]:
    """``hotparse`` and its subcommands, to which each command module adds its parser."""
    parser = Parser(prog="hotparse", description="Read Hot Papers Markdown posts into JSON.")
    parser.add_argument("--version", action="version", version=f"hotparse {__version__}")
    return parser, parser.add_subparsers(dest="command", metavar="COMMAND")


def add_command(
    commands: Any, name: str, *, summary: str, description: str, examples: str = ""
) -> Any:
    """A command's parser, with the arguments every command has (:func:`add_read_arguments`),
    and its ``examples`` (lines of shell) at the end of ``--help``."""
    import textwrap

    parser = commands.add_parser(
        name,
        help=summary,
        description=textwrap.fill(description, width=79),
        epilog=f"examples:\n{textwrap.indent(examples.strip(), '  ')}\n" if examples else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_read_arguments(parser)
    return parser


def add_read_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments every command has: PATH..., ``--strict``, ``--no-repair``, ``--jobs``
    (read back by :func:`read_options` and ``options.jobs``)."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, or - for stdin")
    parser.add_argument(
        "--strict", action="store_true", help="treat problems in a post as errors: the post fails"
    )
    parser.add_argument(
        "--no-repair", dest="repair", action="store_false", help="do not repair mojibake in tweets"
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help="show progress and a closing summary on stderr even when it is not a terminal",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=positive,
        default=1,
        metavar="N",
        help="parse in N processes (output order is kept)",
    )


def read_options(options: argparse.Namespace) -> ReadOptions:
    """The read options of parsed arguments (see :func:`add_read_arguments`)."""
    return ReadOptions(strict=options.strict, repair=options.repair)


def non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text}")
    return value


MAX_INDENT = 64


def indent(text: str) -> int:
    value = non_negative(text)
    if value > MAX_INDENT:
        raise argparse.ArgumentTypeError(f"must be {MAX_INDENT} or less: {text}")
    return value


def positive(text: str) -> int:
    value = non_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value
