"""The ``hotparse`` command line: ``hotparse dump PATH...`` prints posts as JSON,
``hotparse export PATH... -o OUT`` writes them as tables.

Exit status: 0 when every input was read (warnings allowed), 1 when any input
failed (the others are still written; each failure is one ``PATH:LINE:
message`` line on stderr, ``PATH: message`` when no line applies) or the output
could not be written, 2 for usage errors, 128 + N when stopped by signal N (130
for Ctrl-C).  No traceback is ever printed.

This package sits on top of the library and nothing in the library imports it.
It uses the library's public names only, plus :mod:`hotparse.output` (atomic
output files, devices, signal-safe temporary files).  Its modules:

- ``_parser``: the parser, and the flags every command shares (PATH,
  ``--strict``, ``--no-repair``, ``--jobs``) defined once;
- ``_inputs``: PATH arguments into files, one input into a post, the read
  options record and each input's :class:`~hotparse.cli._inputs.Outcome`;
- ``_messages``: message lines (every path escaped by one function), the
  exceptions a command raises to end the run;
- ``_signals``, ``_progress``: stop signals, the progress line;
- ``_pool``: ``--jobs``, for any command's per-file function;
- ``dump``, ``export``: the commands.

Only :func:`main` turns exceptions into messages and exit statuses.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence

from hotparse.cli._messages import (
    Failure,
    UsageError,
    flush_stdout,
    say,
    silence_stdout,
)
from hotparse.cli._signals import Stopped, check_stop, stop_on_signals
from hotparse.output import remove_temporary_files

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    try:
        with stop_on_signals():
            try:
                status = _main(argv)
                check_stop()  # a stop Python dropped after the last input still ends the run
                return status
            except (KeyboardInterrupt, Stopped) as stopped:
                return _stopped(stopped)
            except BrokenPipeError:
                silence_stdout()
                return 1
            except Failure as failure:
                if failure.output_failed:
                    silence_stdout()
                say(f"hotparse: error: {failure}")
                return 1
            except OSError as error:
                silence_stdout()
                say(f"hotparse: error: {error.strerror or error}")
                return 1
    except (KeyboardInterrupt, Stopped) as stopped:
        # a signal held while the handlers were put in place or taken away arrives as
        # the hold ends, outside the run: the same message and status
        return _stopped(stopped)


def _stopped(stopped: KeyboardInterrupt | Stopped) -> int:
    """Say that a signal stopped the run (and what its output holds); its exit status."""
    remove_temporary_files()
    signum = stopped.signum if isinstance(stopped, Stopped) else signal.SIGINT
    how = "interrupted" if signum == signal.SIGINT else (
        f"stopped by {signal.Signals(signum).name}"
    )
    left = stopped.left if isinstance(stopped, Stopped) else None
    say(f"hotparse: {how}" if left is None else f"hotparse: {how}: {left}")
    return 128 + signum


def _main(argv: Sequence[str] | None) -> int:
    from hotparse.cli import dump, export
    from hotparse.cli._parser import top_parser

    parser, commands = top_parser()
    dump.add_parser(commands)
    export.add_parser(commands)
    try:
        try:
            options = parser.parse_args(argv)
        except SystemExit as done:  # --help and --version exit through argparse
            flush_stdout()
            return done.code if isinstance(done.code, int) else 0
        if options.command == "export":
            return export.run(options)
        if options.command != "dump":
            raise UsageError("a command is required (try 'hotparse dump PATH')")
        return dump.run(options)
    except UsageError as error:
        if sys.stderr is not None:
            parser.print_usage(sys.stderr)
        say(f"hotparse: error: {error}")
        return 2
