#!/usr/bin/env python3
"""Run the hypothesis properties again and again with new seeds for a time budget.

The properties' ``max_examples`` are sized for the test suite (a few hundred
examples each); a long run repeats them with a different ``--hypothesis-seed``
each round, so every round explores new examples.  Run from the repository
root::

    python fuzz/run_properties.py --minutes 15
    python fuzz/run_properties.py --minutes 15 tests/test_serialize.py   # some files only

Prints one line per round (seed, passing examples, failures) and a total.  A
failing round is kept in hypothesis's example database (``.hypothesis/``),
and its pytest output is written to ``fuzz/findings/properties-<seed>.log``;
the run goes on with the next seed.  Exits 1 when any round failed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FINDINGS = HERE / "findings"

# the properties over parsing, front matter, from_dict, dump's writer and tweet text
DEFAULT_FILES = [
    "tests/test_properties.py",
    "tests/test_front_matter_shapes.py",
    "tests/test_serialize.py",
    "tests/test_dumps.py",
    "tests/test_fast_paths.py",
    "tests/test_tweet_text.py",
]
_PASSING = re.compile(r"(\d+) passing(?: examples?)?,")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, required=True, help="time budget")
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("files", nargs="*", default=DEFAULT_FILES)
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    start = time.monotonic()
    seed, rounds, examples, failed = args.first_seed, 0, 0, []
    while time.monotonic() < deadline:
        command = [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "hypothesis",
            f"--hypothesis-seed={seed}", "--hypothesis-show-statistics", *args.files,
        ]  # fmt: skip
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        passing = sum(int(count) for count in _PASSING.findall(done.stdout))
        rounds += 1
        examples += passing
        if done.returncode != 0:
            failed.append(seed)
            FINDINGS.mkdir(exist_ok=True)
            (FINDINGS / f"properties-{seed}.log").write_text(done.stdout + done.stderr)
        tail = done.stdout.strip().splitlines()[-1:] or ["(no output)"]
        print(f"seed {seed}: {passing} passing examples; {tail[0]}", flush=True)
        seed += 1
    minutes = (time.monotonic() - start) / 60
    print(
        f"{rounds} rounds in {minutes:.1f} min, {examples} passing examples, "
        f"failing seeds: {failed or 'none'}",
        flush=True,
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
