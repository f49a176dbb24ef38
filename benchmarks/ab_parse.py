"""A/B of ``hotparse.parse`` between two source trees, on ../shared/corpus.

Usage (from the repository root)::

    mkdir /tmp/base && git archive main src | tar -x -C /tmp/base   # A: main's src/
    python benchmarks/ab_parse.py /tmp/base .            # A = /tmp/base, B = this tree
    python benchmarks/ab_parse.py A B --rounds 15 --passes 5 --corpus PATH

Each round runs one fresh child process per tree, alternately (A, B, then B, A
in the next round, so neither side always goes first), with
``PYTHONPATH=TREE/src``.  A child decodes every ``*.md`` of the corpus, parses
them all once to warm up (imports, the repair model, compiled patterns), then
measures the CPU time (``time.process_time``) of each of ``--passes`` passes
of ``[hotparse.parse(text) for text in texts]`` and prints the least (the pass
other work on the machine disturbed least).  The machine may be shared and
noisy (the same work can vary up to 2x), so only ratios measured side by side
mean much: the script prints the median CPU time per side and the median of
the per-round ratios A / B (above 1: B is faster).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

_CHILD = """
import sys, time
from pathlib import Path
import hotparse
from hotparse.reader import decode
passes = int(sys.argv[2])
texts = [decode(path.read_bytes()) for path in sorted(Path(sys.argv[1]).glob("*.md"))]
[hotparse.parse(text) for text in texts]
best = float("inf")
for _ in range(passes):
    start = time.process_time()
    [hotparse.parse(text) for text in texts]
    best = min(best, time.process_time() - start)
print(best, hotparse.__file__)
"""


def _run(tree: Path, corpus: Path, passes: int) -> float:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(corpus), str(passes)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, where = result.stdout.split()
    expected = (tree / "src" / "hotparse").resolve()
    if Path(where).resolve().parent != expected:
        raise SystemExit(f"the child imported {where}, not the tree {tree}")
    return float(seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path, help="tree A (a folder holding src/hotparse)")
    parser.add_argument("b", type=Path, help="tree B")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--passes", type=int, default=3)
    options = parser.parse_args(argv)
    times: dict[str, list[float]] = {"A": [], "B": []}
    ratios = []
    for number in range(options.rounds):
        order = [("A", options.a), ("B", options.b)]
        if number % 2:
            order.reverse()
        got = {name: _run(tree, options.corpus, options.passes) for name, tree in order}
        for name, seconds in got.items():
            times[name].append(seconds)
        ratios.append(got["A"] / got["B"])
        print(
            f"round {number + 1:2}: A {got['A']:.3f} s  B {got['B']:.3f} s  "
            f"A/B {ratios[-1]:.3f}",
            flush=True,
        )
    print(f"A = {options.a}: median {statistics.median(times['A']):.3f} s CPU")
    print(f"B = {options.b}: median {statistics.median(times['B']):.3f} s CPU")
    print(
        f"median of per-round ratios A/B: {statistics.median(ratios):.3f} "
        f"(min {min(ratios):.3f}, max {max(ratios):.3f}; {options.rounds} rounds, "
        f"the least of {options.passes} passes of the corpus each)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
