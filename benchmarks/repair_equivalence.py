"""Repair outputs before and after a speed change: record them, then prove them identical.

Usage (from the repository root, after ``pip install -e '.[test]'``)::

    python benchmarks/repair_equivalence.py --save /tmp/before.json    # on the old code
    python benchmarks/repair_equivalence.py --check /tmp/before.json   # on the new code
    python benchmarks/repair_equivalence.py --src ../other/src --save /tmp/before.json

Every input goes through ``hotparse.explain_repair`` (with the context the parser
gives a tweet's fields) and the whole report (text, code page, steps, every spot
with its confidence and candidates, floats in full) is reduced to a SHA-256 digest;
the file holds digests only, keyed by a digest of the input, so no text of the
corpus is ever written down.  ``--check`` prints the inputs whose report differs.

Inputs (deterministic):

- every case of ``tests/repair_cases/*.json``;
- the damaged tweets ``benchmarks/mojibake.py`` builds from ``../shared/corpus``
  for a dozen modes (``--posts`` posts per mode; skipped without the corpus);
- a sample of the clean-text suite (``tests/cleantext``, every ``--stride``-th
  string of every set);
- the adversarial strings of the repair's attack report and the short hostile
  texts of ``benchmarks/repair_speed.py``;
- random snippets: Latin-1, cp1252 and mixed mojibake of 5-400 characters, and
  the texts of ``tests/hostile/repair_texts.py`` at 3,000 and 30,000 characters
  (``--big`` adds 300,000 and 1,000,000).

``--model-work 1000000000000`` lifts the model's work budget: with it every report
must equal the recorded one; with the budget, only hostile texts past it differ.
"""

# ruff: noqa: RUF001

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ADVERSARIAL = (
    "ШІ", "#ШІ #МН", "ШІ та МН", "ШІ 🤖", "(ШІ)", "Ші", "РІМІНІ", "Оё", "ОЁ", "СІРІ ВІРІ",
    "ВІРІ!", "КІРІКІРІ", "ДІРІ", "РІДІНҐ", "ЙІ", "Місто XBС, 2024 — «XBС»", "”Ñandú",
    "Ñandú ”Ñandú", "ü ”ü", "€Ångström", "by Å’s x", "by ÀÉÎÕÜ«s x", "BY ÆRØ®S X",
    "ÀÉÎÕÜ £ÀÉÎÕÜ", "Ş ×Ş", "ğ†—", "ÁÉÍÓÚ†”", "Ãñ ?Ãñ", "see ³Ð® here", "SEE ПЌ HERE",
    "SEE ЙЈ HERE", "If you see Ã© instead of é, your file was decoded as Latin-1.",
    "Tweet about encoding bugs: our site showed Â£ before every price 😅",
    "UTF-8 'é' is bytes C3 A9 which Latin-1 shows as Ã©.", "Â¡Hola!", "Ã€ la carte",
    "Å½ilina vs Žilina", "MOJIBAKE EXAMPLES: Ã©, Ã¨, Ã¤, Â€Œ, Â€\x9d", "NÃO É “LÃ”",
    "ALEMÃ’s", "“À†”", "“AMANHÔ", "Ela disse “IRMÔ.", "AMANHÃ…",
    "Av. San Juan N¬∞ 885", "Vanhempi tutkijainsin√∂√∂ri", "Ringl√≥", "Â\xa0",
    "1Â mil.Â EUR", "1MÂ â‚¬", "New paper 🎉 Ú†ÛŒÙ†ÛŒ — check it out",
    "2024 Uwuq ikĘź 9â\x80\x9312", "(-1/2)! = √π", "Offering 5×£35", "3×€5", "Noé’s theorem",
    "“Zoé”", "Gauß’s", "the \x93best\x94 model", "╨┐╤Ç╨░╨▓╨╕╨╗╨╛", "┬┐Qu├⌐",
    "KlaipÄ—da", "PĹĂ­liĹĄ", "í\xa0½íº\x80", "estÃ¡ Ã  venda", "â€œhelloâ€ CafÃ©",
    "â€" * 50, "He said â€œhelloâ€ and â€œbyeâ€ " * 10, "â€" * 500, "â€xâ€x" * 30,
    "\n".join(["He said â€œhelloâ€ and â€œbyeâ€ to CafÃ©"] * 50),
    " ".join(["He said â€œhelloâ€ and â€œbyeâ€ to CafÃ©"] * 50),
    "Ã\n" * 3000, "Â£" * 3000, "Ã©" * 3000,
)


def _random_snippets(count: int) -> Iterator[tuple[str, str]]:
    rng = random.Random(8)
    latin = [chr(c) for c in (*range(0x20, 0x7F), *range(0xA0, 0x100))]
    high = [chr(c) for c in range(0xA0, 0x100)]
    cp1252 = [bytes((b,)).decode("cp1252", "replace") for b in range(0x80, 0x100)]
    words = ["café", "naïve", "“quoted”", "—", "🚀", "Привет", "日本語", "Zażółć", "İstanbul", "√π"]
    for n in range(count):
        size = rng.choice((5, 12, 40, 120, 400))
        kind = n % 5
        if kind == 0:
            text = "".join(rng.choices(latin, k=size))
        elif kind == 1:
            text = "".join(rng.choices(high, k=size))
        elif kind == 2:
            text = "".join(rng.choices([*cp1252, " ", "a", "e"], k=size))
        else:
            clean = " ".join(rng.choices(words, k=max(1, size // 6)))
            code = rng.choice(("cp1252", "cp1254", "latin-1", "cp1250", "cp1251", "mac_roman"))
            data = clean.encode("utf-8")
            if kind == 4:  # a lost byte here and there
                data = bytes(b for b in data if rng.random() > 0.05)
            text = data.decode(code, "replace")
        yield f"random {n}", text


def inputs(args: argparse.Namespace) -> Iterator[tuple[str, str, str]]:
    """(label, text, context) for every input, in a fixed order."""
    for path in sorted((ROOT / "tests" / "repair_cases").glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            yield f"{path.name}: {case['label']}", case["input"], case.get("context", "")
    for i, text in enumerate(ADVERSARIAL):
        yield f"adversarial {i}", text, ""
    for label, text in _random_snippets(args.random):
        yield label, text, ""
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile.repair_texts import KINDS

    sizes = [3_000, 30_000] + ([300_000, 1_000_000] if args.big else [])
    for name, make in KINDS.items():
        for size in sizes:
            yield f"{name} {size}", make(size), ""
    rng = random.Random(9)
    high = "".join(chr(rng.randint(0xA0, 0xFF)) for _ in range(2000))
    yield "random U+00A0..U+00FF 2000", high, ""
    if args.big:
        yield "Ã\\n * 50000", "Ã\n" * 50_000, ""
        yield "â€ * 500000", "â€" * 500_000, ""
    from cleantext import SET_NAMES, clean_set

    for name in SET_NAMES:
        for text in clean_set(name).strings[:: args.stride]:
            yield f"clean {name}", text, ""
    corpus = Path(args.corpus)
    if corpus.is_dir():
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import mojibake as bench

        posts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.md"))[: args.posts]]
        for mode in args.modes:
            for p, text in enumerate(posts):
                for t, bad in enumerate(bench.tweets_of(bench.MODES[mode](text))):
                    for k, field in enumerate(bad):
                        context = " ".join(bad[:k] + bad[k + 1 :])
                        yield f"{mode} post {p} tweet {t} field {k}", field, context


def digest(report: object) -> str:
    return hashlib.sha256(repr(report).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default=str(ROOT / "src"), help="the hotparse sources to run")
    ap.add_argument("--save", help="write the digests to this file")
    ap.add_argument("--check", help="compare with the digests in this file")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--posts", type=int, default=12)
    ap.add_argument("--modes", nargs="*", default=[
        "cp1252", "cp1254-drop", "cp1252-drop", "cp1252-fffd", "cp1250-drop", "cp1251-drop",
        "latin-1-drop", "cp1252-parts", "cp1251-fields", "mac_roman-twice",
        "cp1254-drop-fields", "cp1254-drop-twice",
    ])
    ap.add_argument("--stride", type=int, default=97, help="clean-text sample: every Nth string")
    ap.add_argument("--random", type=int, default=3000, help="random snippets")
    ap.add_argument("--big", action="store_true", help="also 300 KB and 1 MB texts")
    ap.add_argument(
        "--model-work", type=int, help="set the model's work budget (MODEL_WORK) to this"
    )
    args = ap.parse_args(argv)
    sys.path.insert(0, args.src)
    import hotparse

    print(f"hotparse from {Path(hotparse.__file__).parent}", file=sys.stderr)
    if args.model_work is not None:
        try:  # where the constant lives since the engine's tuning was gathered
            from hotparse.mojibake import _tuning as holder
        except ImportError:  # an older version of the code (--src)
            from hotparse.mojibake import _api as holder

        holder.MODEL_WORK = args.model_work
    hotparse.explain_repair("â€œhelloâ€ CafÃ©")
    found: dict[str, str] = {}
    labels: dict[str, str] = {}
    lengths: dict[str, int] = {}
    seconds = 0.0
    for label, text, context in inputs(args):
        data = f"{context}\x00{text}".encode("utf-8", "surrogatepass")
        key = hashlib.sha256(data).hexdigest()[:24]
        start = time.process_time()
        report = hotparse.explain_repair(text, context=context)
        seconds += time.process_time() - start
        found[key] = digest(report)
        labels[key] = label
        lengths[key] = len(text)
    print(f"{len(found)} distinct inputs, explain_repair {seconds:.1f} s CPU", file=sys.stderr)
    if args.save:
        Path(args.save).write_text(json.dumps(found, indent=0, sort_keys=True), encoding="utf-8")
    if args.check:
        want = json.loads(Path(args.check).read_text(encoding="utf-8"))
        common = [k for k in found if k in want]
        diff = [k for k in common if found[k] != want[k]]
        print(f"compared {len(common)} reports: {len(diff)} differ", file=sys.stderr)
        for k in diff[:20]:
            print(f"  differs: {labels[k]} ({lengths[k]} characters)", file=sys.stderr)
        return 1 if diff or not common else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
