"""Repair speed: throughput and growth on large texts, clean or damaged, in any script.

Usage (from the repository root, after ``pip install -e '.[test]'``)::

    python benchmarks/repair_speed.py                  # every kind, 100 KB and 1 MB
    python benchmarks/repair_speed.py --sizes 100000 1000000 --runs 3
    python benchmarks/repair_speed.py --skip-post      # without the whole-process part
    python benchmarks/repair_speed.py --short-only     # only the short hostile texts

For each kind of text (``tests/hostile/repair_texts.py``: clean text in many
scripts, random Latin-1, random letters of any script, lossless and lossy
mojibake, random CJK mojibake with a lost byte) and each size, in this process:
``hotparse.repair`` and, as the peer, ``ftfy.fix_encoding``, interleaved, the
median of ``--runs`` runs each, in CPU seconds.  Printed: seconds, KB/s (UTF-8 bytes of the
input), the ratio hotparse / ftfy, whether the repair gave back the clean text
(for lossless mojibake), and the growth from the smallest to the largest size
(time ratio against size ratio: linear is 10x time for 10x input).  The text
model's tables are loaded once before timing (about a second, once per process).

Before those, short hostile texts (a few kilobytes of damage, as one tweet or one
field can hold, and the huge repetitive ones): CPU seconds of the first repair of
each (``time.process_time``: the machine may be shared), KB/s, and ftfy on the
same text right after, in the same process.

Then, as whole processes: ``hotparse dump`` of ``fixtures/basic.md`` with a
front matter ``description`` of 30,000 random Latin-1 characters, against the
same command with ``--no-repair`` (median of 5 runs each, alternating).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import ftfy  # noqa: E402
from hostile.repair_texts import KINDS, clean_text, description_post  # noqa: E402

import hotparse  # noqa: E402


def _timed(fix: Callable[[str], str], text: str) -> tuple[float, str]:
    start = time.process_time()  # CPU: the machine may be shared
    out = fix(text)
    return time.process_time() - start, out


def measure(sizes: list[int], runs: int) -> list[dict[str, object]]:
    hotparse.repair(KINDS["cp1254 mojibake, bytes dropped"](3_000))  # load the tables
    rows: list[dict[str, object]] = []
    for name, make in KINDS.items():
        for size in sizes:
            text = make(size)
            ours: list[float] = []
            theirs: list[float] = []
            out = text
            for _ in range(runs):
                seconds, out = _timed(hotparse.repair, text)
                ours.append(seconds)
                theirs.append(_timed(ftfy.fix_encoding, text)[0])
            exact = None
            if "lossless" in name:
                clean = clean_text(size, seed=2)
                exact = out == clean[: len(out)]
            rows.append({
                "kind": name, "chars": len(text), "bytes": len(text.encode("utf-8")),
                "hotparse_s": statistics.median(ours), "ftfy_s": statistics.median(theirs),
                "exact": exact,
            })
    return rows


def _random_high(size: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0xA0, 0xFF)) for _ in range(size))


SHORT: dict[str, Callable[[], str]] = {
    "'â€' * 1000 (lost-byte quotes)": lambda: "â€" * 1000,
    "'He said â€œhelloâ€ and â€œbyeâ€ ' * 10": lambda: "He said â€œhelloâ€ and â€œbyeâ€ " * 10,
    "a tweet of cp1254 mojibake, bytes dropped (400 characters)": lambda: KINDS[
        "cp1254 mojibake, bytes dropped"
    ](400),
    "random U+00A0..U+00FF, 2,000": lambda: _random_high(2_000, 1),
    "'Ã\\n' * 50000": lambda: "Ã\n" * 50_000,
    "random U+00A0..U+00FF, 1,000,000": lambda: _random_high(1_000_000, 13),
    "'â€' * 500000": lambda: "â€" * 500_000,
}
"""The short and repetitive hostile texts of issue 8 (name -> text)."""


def measure_short() -> None:
    hotparse.repair(KINDS["cp1254 mojibake, bytes dropped"](3_000))  # load the tables
    print("| hostile text | UTF-8 KB | hotparse CPU s | KB/s | ftfy CPU s | hotparse / ftfy |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, make in SHORT.items():
        text = make()
        size = len(text.encode("utf-8")) / 1000
        start = time.process_time()
        hotparse.repair(text)
        ours = time.process_time() - start
        start = time.process_time()
        ftfy.fix_encoding(text)
        theirs = time.process_time() - start
        print(
            f"| {name} | {size:,.1f} | {ours:.3f} | {size / max(ours, 1e-9):,.0f} | "
            f"{theirs:.3f} | {ours / max(theirs, 1e-9):.1f} |"
        )
    print()


def print_rows(rows: list[dict[str, object]]) -> None:
    print("| text | characters | hotparse s | KB/s | ftfy s | hotparse / ftfy | exact |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        ours, theirs = float(r["hotparse_s"]), float(r["ftfy_s"])  # type: ignore[arg-type]
        rate = int(r["bytes"]) / ours / 1000 if ours else float("inf")  # type: ignore[call-overload]
        exact = "" if r["exact"] is None else ("yes" if r["exact"] else "no")
        print(
            f"| {r['kind']} | {r['chars']:,} | {ours:.2f} | {rate:,.0f} | {theirs:.2f} | "
            f"{ours / theirs if theirs else float('inf'):.2f} | {exact} |"
        )
    print()
    print("Growth, smallest to largest size (linear: time ratio = size ratio):")
    for name in KINDS:
        mine = [r for r in rows if r["kind"] == name]
        if len(mine) < 2:
            continue
        small, large = mine[0], mine[-1]
        size_ratio = int(large["chars"]) / int(small["chars"])  # type: ignore[call-overload]
        ours = float(large["hotparse_s"]) / max(float(small["hotparse_s"]), 1e-9)  # type: ignore[arg-type]
        print(f"- {name}: {size_ratio:.1f}x input, {ours:.1f}x time")


def dump_post(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "description-30000.md"
        path.write_text(description_post(), encoding="utf-8")
        base = [sys.executable, "-m", "hotparse.cli", "dump", str(path)]
        times: dict[str, list[float]] = {"repair": [], "--no-repair": []}
        for _ in range(runs):
            for label, extra in (("repair", []), ("--no-repair", ["--no-repair"])):
                start = time.perf_counter()
                subprocess.run(base + extra, check=True, stdout=subprocess.DEVNULL)
                times[label].append(time.perf_counter() - start)
    ours, peer = (statistics.median(times[k]) for k in ("repair", "--no-repair"))
    print()
    print(
        "hotparse dump, post with a 30,000-character random Latin-1 description "
        f"(whole process, median of {runs}): {ours:.2f} s; with --no-repair {peer:.2f} s "
        f"(ratio {ours / peer:.2f})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-post", action="store_true")
    parser.add_argument("--short-only", action="store_true")
    args = parser.parse_args(argv)
    measure_short()
    if args.short_only:
        return 0
    print_rows(measure(sorted(args.sizes), args.runs))
    if not args.skip_post:
        dump_post(5)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
