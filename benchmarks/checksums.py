"""Checksums of ``hotparse dump`` for every post, to show that a change keeps the output bytes.

Usage (from the repository root)::

    python benchmarks/checksums.py > fast.txt
    HOTPARSE_NO_FAST_PATHS=1 python benchmarks/checksums.py > soup.txt
    diff fast.txt soup.txt && echo byte-identical

For every ``*.md`` of ``../shared/corpus`` (or ``--corpus``) and of
``fixtures/``, and for each option set of ``--modes`` (default: ``--jsonl``,
``--indent 2``, ``--jsonl --no-repair`` and none), it runs ``hotparse dump
OPTIONS FILE`` in this process through :func:`hotparse.cli.main` and prints one
line: the first 16 hex digits of the SHA-256 of standard output, 8 of standard
error, the exit code, the options and the file.  ``HOTPARSE_NO_FAST_PATHS=1``
sends every tweet through BeautifulSoup (see :mod:`hotparse.tweets`).

To compare with another version of the code, run the same script with that
version first on the path, for example ``git worktree add ../old COMMIT`` and
``PYTHONPATH=../old/src python benchmarks/checksums.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODES = ("--jsonl", "--indent 2", "--jsonl --no-repair", "")


def _run(argv: list[str]) -> tuple[bytes, str, object]:
    import hotparse.cli

    out = io.BytesIO()
    err = io.StringIO()
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")
    saved = sys.stdout
    sys.stdout = wrapper
    try:
        with contextlib.redirect_stderr(err):
            try:
                code: object = hotparse.cli.main(argv)
            except SystemExit as stop:
                code = stop.code
    finally:
        wrapper.flush()
        sys.stdout = saved
    return out.getvalue(), err.getvalue(), code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--modes", nargs="*", default=list(DEFAULT_MODES))
    options = parser.parse_args(argv)
    files = sorted(options.corpus.glob("*.md")) + sorted((ROOT / "fixtures").glob("*.md"))
    if not files:
        print("no files found", file=sys.stderr)
        return 1
    for mode in options.modes:
        for path in files:
            out, err, code = _run(["dump", *mode.split(), str(path)])
            out_sum = hashlib.sha256(out).hexdigest()[:16]
            # file names in messages are absolute: keep only what follows them
            err_sum = hashlib.sha256(err.replace(str(path), path.name).encode()).hexdigest()[:8]
            print(f"{out_sum} {err_sum} {code} [{mode}] {path.parent.name}/{path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
