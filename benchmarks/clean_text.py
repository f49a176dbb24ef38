"""Clean-text benchmark: how many strings of clean text does a repair alter?

Usage (from the repository root, after ``pip install -e '.[test]'``)::

    python benchmarks/clean_text.py                    # every set, table + examples
    python benchmarks/clean_text.py --sets names-in-tweets prices
    python benchmarks/clean_text.py --examples 0       # the table only
    python benchmarks/clean_text.py --json > out.json  # machine-readable

The sets come from ``tests/cleantext`` (generated from Babel's CLDR data,
Faker's name tables and our own templates; see docs/clean-text.md).  Every
string is clean, so every string a repair changes is a false repair.  For each
set the table gives the number of strings, how many ``hotparse.repair``
altered and how many ``ftfy.fix_encoding`` altered, and the seconds each
spent.  Then, per set, a few examples of each kind of alteration: for hotparse
the kind is the code page of the reading (``RepairReport.encoding``) and
whether a lost byte was guessed; for ftfy it is the code page of its
``encode`` step.  The tests hold hotparse to 0 on the ``real`` sets and to at
most ftfy's count on the ``symbol`` and ``pair`` sets (tests/test_clean_text.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import ftfy  # noqa: E402
from cleantext import KINDS, SET_NAMES, clean_set  # noqa: E402

import hotparse  # noqa: E402


def hotparse_kind(text: str) -> str:
    """The kind of alteration hotparse made: code page, and exact or lost-byte."""
    report = hotparse.explain_repair(text)
    encoding = getattr(report, "encoding", None) or "?"
    spots = getattr(report, "spots", ())
    lost = any(getattr(spot, "lost_bytes", 0) for spot in spots)
    return f"{encoding} {'lost-byte' if lost else 'exact'}"


def ftfy_kind(text: str) -> str:
    """The kind of alteration ftfy made: the code pages of its encode steps and its fixers."""
    steps = ftfy.fix_encoding_and_explain(text).explanation or []
    return "+".join(arg for op, arg in steps if op in ("encode", "apply")) or "other"


def measure(name: str, examples: int) -> dict[str, Any]:
    clean = clean_set(name)
    strings = clean.strings
    start = time.perf_counter()
    ours = [(s, r) for s in strings if (r := hotparse.repair(s)) != s]
    ours_seconds = time.perf_counter() - start
    start = time.perf_counter()
    theirs = [(s, r) for s in strings if (r := ftfy.fix_encoding(s)) != s]
    theirs_seconds = time.perf_counter() - start

    def kinds(
        altered: list[tuple[str, str]], kind_of: Any
    ) -> tuple[dict[str, int], dict[str, list[list[str]]]]:
        counts: Counter[str] = Counter()
        shown: dict[str, list[list[str]]] = {}
        for original, result in altered:
            kind = kind_of(original)
            counts[kind] += 1
            if len(shown.setdefault(kind, [])) < examples:
                shown[kind].append([original, result])
        return dict(counts.most_common()), shown

    our_kinds, our_examples = kinds(ours, hotparse_kind)
    their_kinds, their_examples = kinds(theirs, ftfy_kind)
    return {
        "name": name,
        "kind": KINDS[name],
        "description": clean.description,
        "strings": len(strings),
        "locales": len(clean.locales),
        "hotparse_altered": len(ours),
        "ftfy_altered": len(theirs),
        "both_altered": len({s for s, _ in ours} & {s for s, _ in theirs}),
        "hotparse_seconds": round(ours_seconds, 3),
        "ftfy_seconds": round(theirs_seconds, 3),
        "hotparse_kinds": our_kinds,
        "ftfy_kinds": their_kinds,
        "hotparse_examples": our_examples,
        "ftfy_examples": their_examples,
    }


def _pct(count: int, total: int) -> str:
    return f"{count} ({100 * count / total:.2f}%)" if total else "0"


def print_table(results: list[dict[str, Any]], header: dict[str, Any]) -> None:
    print(
        f"# clean-text benchmark, {header['date']}: hotparse {header['hotparse']}, "
        f"ftfy {header['ftfy']}, Babel {header['babel']}, Faker {header['faker']}"
    )
    print()
    print("| set | kind | strings | hotparse altered | ftfy altered | hotparse s | ftfy s |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['name']} | {r['kind']} | {r['strings']:,} | "
            f"{_pct(r['hotparse_altered'], r['strings'])} | "
            f"{_pct(r['ftfy_altered'], r['strings'])} | "
            f"{r['hotparse_seconds']:.2f} | {r['ftfy_seconds']:.2f} |"
        )
    total = sum(r["strings"] for r in results)
    ours = sum(r["hotparse_altered"] for r in results)
    theirs = sum(r["ftfy_altered"] for r in results)
    ours_s = sum(r["hotparse_seconds"] for r in results)
    theirs_s = sum(r["ftfy_seconds"] for r in results)
    print(
        f"| **all** | | {total:,} | {_pct(ours, total)} | {_pct(theirs, total)} | "
        f"{ours_s:.2f} | {theirs_s:.2f} |"
    )
    by_kind: Counter[str] = Counter()
    for r in results:
        by_kind.update(r["hotparse_kinds"])
    if by_kind:
        print()
        kinds = ", ".join(f"{kind}: {n}" for kind, n in by_kind.most_common())
        print(f"hotparse alterations by kind: {kinds}")
    for r in results:
        for who in ("hotparse", "ftfy"):
            shown = r[f"{who}_examples"]
            if not any(shown.values()):
                continue
            print()
            print(f"## {r['name']}: altered by {who}")
            for kind, pairs in shown.items():
                print(f"- {kind} ({r[f'{who}_kinds'][kind]}):")
                for original, result in pairs:
                    print(f"    {original!r} -> {result!r}")


def versions() -> dict[str, str]:
    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "?"

    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d"),
        "hotparse": hotparse.__version__,
        "ftfy": version("ftfy"),
        "babel": version("babel"),
        "faker": version("faker"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", choices=SET_NAMES, default=list(SET_NAMES))
    parser.add_argument("--examples", type=int, default=3, help="examples per kind (default 3)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = parser.parse_args(argv)
    results = [measure(name, args.examples) for name in args.sets]
    header = versions()
    if args.json:
        json.dump({**header, "sets": results}, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_table(results, header)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
