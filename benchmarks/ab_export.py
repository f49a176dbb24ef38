"""A/B of ``hotparse export`` between two source trees, on ../shared/corpus.

Usage (from the repository root, in the venv)::

    mkdir /tmp/base && git archive main src | tar -x -C /tmp/base   # A: main's src/
    python benchmarks/ab_export.py /tmp/base .              # A = /tmp/base, B = this tree
    python benchmarks/ab_export.py A B --rounds 7 --format parquet --corpus PATH

Each round runs one fresh child process per tree, alternately (A, B, then B, A
in the next round), with ``PYTHONPATH=TREE/src``; each child exports the corpus
to a new database (or folder) with ``hotparse.cli.main`` and reports the CPU time
(user + system) of the whole process, start-up included, and the size of what it
wrote.  Only ratios measured side by side mean much on a shared machine: the
script prints the median CPU time per side and the median of the per-round
ratios B / A (above 1: B is slower).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

_CHILD = (
    "import sys; from hotparse.cli import main; "
    "sys.exit(main(['export', sys.argv[1], '-o', sys.argv[2], '--format', sys.argv[3]]))"
)


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(child.stat().st_size for child in path.iterdir())
    return path.stat().st_size


def _run(tree: Path, corpus: Path, out: Path, format_: str) -> tuple[float, int]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-c", _CHILD, str(corpus), str(out), format_],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, _size(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--format", default="sqlite", choices=("sqlite", "parquet", "csv"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    options = parser.parse_args()
    suffix = ".db" if options.format == "sqlite" else ""
    times: dict[str, list[float]] = {"A": [], "B": []}
    sizes: dict[str, int] = {}
    ratios = []
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(options.rounds):
            order = ("A", "B") if round_ % 2 == 0 else ("B", "A")
            got = {}
            for side in order:
                tree = options.a if side == "A" else options.b
                out = Path(folder) / f"{side}{round_}{suffix}"
                got[side], sizes[side] = _run(tree, options.corpus, out, options.format)
                times[side].append(got[side])
            ratios.append(got["B"] / got["A"])
    for side in ("A", "B"):
        tree = options.a if side == "A" else options.b
        print(
            f"{side} {tree}: CPU median {statistics.median(times[side]):.2f} s, "
            f"output {sizes[side] / 1e6:.1f} MB"
        )
    print(f"B / A CPU, median of {options.rounds} rounds: {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
