"""``hotparse export`` to SQLite against ``hotparse dump --jsonl``, on ../shared/corpus.

Usage (from the repository root, in the venv; a few minutes)::

    python benchmarks/bench_export.py                # 5 runs of each, interleaved
    python benchmarks/bench_export.py --runs 9 --corpus PATH

Each run is the installed console script in a fresh process, so start-up and
imports count as a user sees them:

``dump``
    ``hotparse dump --jsonl CORPUS -o FILE`` (the peer).
``export``
    ``hotparse export CORPUS -o NEW.db`` (a new database each run: tables,
    indexes, full-text indexes and views created, every post inserted).
``re-export``
    ``hotparse export CORPUS -o SAME.db`` on the database of an earlier run of
    the same corpus (every post unchanged: each file is read and hashed, none
    parsed or written).
``parquet`` / ``csv``
    ``hotparse export CORPUS -o FOLDER --format parquet|csv`` (no Parquet runs
    without pyarrow).

Run it in a default install too (``pip install .`` in a new venv, then that
venv's python): sqlite-utils imports pandas when it is installed, as the test
extra does.  ``hotparse export`` keeps pandas out of that import; the line
printed first says whether pandas is installed.

The runs are interleaved (dump, export, re-export, … then again) so a busy
machine slows all of them alike; the median wall time of each is printed with
its ratio to ``dump``, for the wall time and for the CPU time (user + system)
of the process, which a busy machine disturbs less.  Targets: export at most
2x dump; re-export of an unchanged corpus at most 0.5x export (the last line
gives that ratio, from the same interleaved runs).
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def _hotparse() -> str:
    script = Path(sys.executable).parent / "hotparse"
    if not script.exists():
        found = shutil.which("hotparse")
        if found is None:
            sys.exit("bench_export: no hotparse console script; pip install -e '.[test]'")
        return found
    return str(script)


def _timed(argv: list[str]) -> tuple[float, float]:
    """Wall time, and CPU time (user + system) of the child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    options = parser.parse_args()
    if not options.corpus.is_dir():
        sys.exit(f"bench_export: {options.corpus} is not a folder of posts")
    hotparse = _hotparse()
    corpus = str(options.corpus)
    times: dict[str, list[tuple[float, float]]] = {
        name: [] for name in ("dump", "export", "re-export", "parquet", "csv")
    }
    parquet = importlib.util.find_spec("pyarrow") is not None
    if not parquet:
        del times["parquet"]
        print("(pyarrow is not installed here: no Parquet runs)")
    pandas = importlib.util.find_spec("pandas") is not None
    print(f"pandas {'is' if pandas else 'is not'} installed")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for run in range(options.runs):
            fresh = work / f"new-{run}.db"
            kept = work / "same.db"
            dumped = str(work / "d.jsonl")
            times["dump"].append(_timed([hotparse, "dump", "--jsonl", corpus, "-o", dumped]))
            times["export"].append(_timed([hotparse, "export", corpus, "-o", str(fresh)]))
            if not kept.exists():
                shutil.copyfile(fresh, kept)
            times["re-export"].append(_timed([hotparse, "export", corpus, "-o", str(kept)]))
            if parquet:
                argv = [hotparse, "export", corpus, "-o", str(work / "pq"), "--format", "parquet"]
                times["parquet"].append(_timed(argv))
            times["csv"].append(
                _timed([hotparse, "export", corpus, "-o", str(work / "csv"), "--format", "csv"])
            )
            fresh.unlink()
    posts = len(list(options.corpus.glob("*.md")))
    print(f"corpus: {corpus} ({posts} posts), {options.runs} interleaved runs, medians")
    wall = statistics.median(w for w, _ in times["dump"])
    cpu = statistics.median(c for _, c in times["dump"])
    print(f"  {'':<10} {'wall':>7} {'ratio':>6}   {'cpu':>7} {'ratio':>6}")
    for name, pairs in times.items():
        w = statistics.median(p[0] for p in pairs)
        c = statistics.median(p[1] for p in pairs)
        print(f"  {name:<10} {w:6.2f}s {w / wall:5.2f}x   {c:6.2f}s {c / cpu:5.2f}x")
    print("  (ratio: to dump in the same run; CPU is user + system time of the process)")
    rerun = [r[0] / e[0] for r, e in zip(times["re-export"], times["export"], strict=True)]
    rerun_cpu = [r[1] / e[1] for r, e in zip(times["re-export"], times["export"], strict=True)]
    print(
        f"  re-export / export (unchanged corpus, target <= 0.5x): wall "
        f"{statistics.median(rerun):.2f}x, cpu {statistics.median(rerun_cpu):.2f}x "
        "(median of the runs' ratios)"
    )


if __name__ == "__main__":
    main()
