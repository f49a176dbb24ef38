"""Mojibake benchmark: corrupt clean posts in many ways, repair, count exact recoveries.

Usage (from the repository root)::

    python benchmarks/mojibake.py                     # ../shared/corpus, all modes
    python benchmarks/mojibake.py --modes cp1254-drop cp1252 --limit 50
    python benchmarks/mojibake.py --no-ftfy          # without the ftfy column
    python benchmarks/mojibake.py --without-janome   # as without the optional janome

For every mode the clean posts are corrupted with our own generator (below),
parsed with ``hotparse.parse(..., repair=False)``, and each tweet's ``text``,
``html`` and ``author_name`` are repaired with :func:`hotparse.mojibake.repair`
and with ``ftfy.fix_encoding`` (if ftfy is installed; ``pip install
hotparse[bench]``).  A damaged tweet counts as recovered when all three fields
equal the clean parse exactly; a clean tweet (not touched by the corruption) is
harmed when a repair changes any of its fields.  Before the modes, every string field of
every clean post is repaired and the changed ones are counted (must be 0).

Two more columns describe the misses.  "sure" counts the damaged tweets whose
repair had no close call (every repaired character with confidence >= 0.9, as
``TweetOriginal.confidence`` reports it) and how many of those are exact: the
share a user keeps by trusting only such tweets.  "misses by kind" sorts the
wrong tweets by the characters they got wrong: CJK (kana, kanji, hangul,
full-width forms), emoji, other.

Four columns come from the parser itself (``hotparse.parse`` with repair, as a
user gets the post), for the damaged tweets: "parse exact" (text, html and author
name equal the clean parse); "parse harmed" (clean tweets of a damaged post
that the parser changed); "wrong, sure" (wrong, yet repaired with
``TweetOriginal.confidence`` >= 0.9); "wrong named" (wrong tweets named by a
repair problem of their post -- ``repair-guessed``, ``mojibake-suspected`` or
``repair-limited`` on one of the tweet's lines -- out of the wrong ones); "exact
flagged" (exact tweets so named).  ``--bands`` prints, over the modes run, the
parser's confidence in bands against the share of exact tweets.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import hotparse  # noqa: E402
from hotparse.mojibake import explain_repair, repair  # noqa: E402

NBSP_SHY = ("\u00a0", "\u00ad")


def mis_decode(text: str, codepage: str, lossy: str | None = None) -> str:
    """UTF-8 bytes of ``text`` read as ``codepage``.

    ``lossy``: None keeps undefined bytes as C1 controls (lossless); ``"drop"``
    drops them; ``"fffd"`` replaces each with U+FFFD.  Lossy modes also drop the
    no-break space and the soft hyphen the decoding produces.
    """
    out: list[str] = []
    for b in text.encode("utf-8"):
        if b < 0x80:
            out.append(chr(b))
            continue
        try:
            ch = bytes([b]).decode(codepage)
        except UnicodeDecodeError:
            if lossy == "drop":
                continue
            out.append("\ufffd" if lossy == "fffd" else chr(b))
            continue
        if lossy and ch in NBSP_SHY:
            continue
        out.append(ch)
    return "".join(out)


Corrupter = Callable[[str], str]


def _whole(codepage: str, lossy: str | None = None, times: int = 1) -> Corrupter:
    def corrupt(text: str) -> str:
        for _ in range(times):
            text = mis_decode(text, codepage, lossy)
        return text

    return corrupt


_TWEET = re.compile(
    r'(<blockquote class="twitter-tweet"><p[^>]*>)(.*?)(</p>&mdash; )(.*?)( \(@)', re.S
)


def _fields(codepage: str, lossy: str | None, which: str) -> Corrupter:
    """Corrupt only tweet fields: every other tweet ("fields") or half of each ("parts")."""

    def corrupt(text: str) -> str:
        count = 0

        def sub(m: re.Match[str]) -> str:
            nonlocal count
            count += 1
            html, author = m.group(2), m.group(4)
            if which == "fields":
                if count % 2:
                    html = mis_decode(html, codepage, lossy)
                else:
                    author = mis_decode(author, codepage, lossy)
            else:  # parts: the second half of the html and of the author name
                h = len(html) // 2
                html = html[:h] + mis_decode(html[h:], codepage, lossy)
                a = len(author) // 2
                author = author[:a] + mis_decode(author[a:], codepage, lossy)
            return m.group(1) + html + m.group(3) + author + m.group(5)

        return _TWEET.sub(sub, text)

    return corrupt


MODES: dict[str, Corrupter] = {
    "cp1252": _whole("cp1252"),
    "cp1254": _whole("cp1254"),
    "latin-1": _whole("latin-1"),
    "cp1250": _whole("cp1250"),
    "cp1251": _whole("cp1251"),
    "mac_roman": _whole("mac_roman"),
    "cp1252-twice": _whole("cp1252", times=2),
    "cp1254-twice": _whole("cp1254", times=2),
    "latin-1-twice": _whole("latin-1", times=2),
    "cp1250-twice": _whole("cp1250", times=2),
    "cp1251-twice": _whole("cp1251", times=2),
    "mac_roman-twice": _whole("mac_roman", times=2),
    "cp1252-fields": _fields("cp1252", None, "fields"),
    "cp1252-parts": _fields("cp1252", None, "parts"),
    **{
        f"{cp}-{which}": _fields(cp, None, which)
        for cp in ("cp1254", "latin-1", "cp1250", "cp1251", "mac_roman")
        for which in ("fields", "parts")
    },
    "cp1252-drop": _whole("cp1252", "drop"),
    "cp1252-fffd": _whole("cp1252", "fffd"),
    "cp1254-drop": _whole("cp1254", "drop"),
    "cp1254-fffd": _whole("cp1254", "fffd"),
    "cp1250-drop": _whole("cp1250", "drop"),
    "cp1251-drop": _whole("cp1251", "drop"),
    "latin-1-drop": _whole("latin-1", "drop"),
    "cp1254-drop-fields": _fields("cp1254", "drop", "fields"),
    "cp1254-drop-parts": _fields("cp1254", "drop", "parts"),
    "cp1254-drop-twice": _whole("cp1254", "drop", times=2),
}
LOSSLESS = {m for m in MODES if "drop" not in m and "fffd" not in m}

FIELDS = ("text", "html", "author_name")


def tweets_of(text: str) -> list[tuple[str, str, str]]:
    post = hotparse.parse(text, repair=False)
    return [
        (t.text, t.html, t.author_name) for paper in post.papers for t in paper.tweets
    ]


@attrs.define
class Row:
    mode: str
    tweets: int = 0
    damaged: int = 0
    ours: int = 0
    ftfy: int = 0
    harmed_ours: int = 0
    harmed_ftfy: int = 0
    seconds: float = 0.0
    sure: int = 0
    sure_exact: int = 0
    kinds: dict[str, int] = attrs.Factory(dict)
    parse_exact: int = 0
    parse_harmed: int = 0
    wrong_sure: int = 0
    wrong: int = 0
    wrong_named: int = 0
    exact_flagged: int = 0
    bands: list[tuple[float | None, bool]] = attrs.Factory(list)
    failures: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = attrs.Factory(list)


def run_mode(
    name: str, posts: list[str], clean: list[list[tuple[str, str, str]]],
    ftfy_fix: Callable[[str], str] | None,
) -> Row:
    row = Row(mode=name)
    corrupt = MODES[name]
    for text, ctweets in zip(posts, clean, strict=True):
        corrupted = corrupt(text)
        damaged = tweets_of(corrupted)
        if len(damaged) != len(ctweets):
            raise SystemExit(f"{name}: tweet count changed by corruption")
        parsed = hotparse.parse(corrupted)
        flagged_lines = {p.line for p in parsed.problems if p.code in REPAIR_CODES}
        users = [t for paper in parsed.papers for t in paper.tweets]
        for good, bad, user in zip(ctweets, damaged, users, strict=True):
            if bad == good:
                row.parse_harmed += (user.text, user.html, user.author_name) != good
            else:
                got = (user.text, user.html, user.author_name) == good
                named = any(user.lines[0] <= n <= user.lines[1] for n in flagged_lines)
                conf = user.original.confidence if user.original is not None else None
                row.parse_exact += got
                row.bands.append((conf, got))
                if got:
                    row.exact_flagged += named
                else:
                    row.wrong += 1
                    row.wrong_named += named
                    row.wrong_sure += conf is not None and conf >= SURE
            row.tweets += 1
            t0 = time.perf_counter()
            # each field with the others as context, as the parser's repair_tweet does
            reports = [
                explain_repair(f, context=" ".join(bad[:k] + bad[k + 1 :]))
                for k, f in enumerate(bad)
            ]
            row.seconds += time.perf_counter() - t0
            ours = tuple(r.text for r in reports)
            confidence = min((s.confidence for r in reports for s in r.spots), default=1.0)
            theirs = tuple(ftfy_fix(f) for f in bad) if ftfy_fix else None
            if bad == good:
                row.harmed_ours += ours != good
                row.harmed_ftfy += theirs is not None and theirs != good
                continue
            row.damaged += 1
            if confidence >= SURE:
                row.sure += 1
                row.sure_exact += ours == good
            if ours == good:
                row.ours += 1
            else:
                row.failures.append((good, bad, ours))
                kind = miss_kind(good, ours)
                row.kinds[kind] = row.kinds.get(kind, 0) + 1
            row.ftfy += theirs == good
    return row


SURE = 0.9
REPAIR_CODES = frozenset(("repair-guessed", "mojibake-suspected", "repair-limited"))
"""A repair is "sure" when no repaired character has less confidence than this."""


def _kind(ch: str) -> str:
    cp = ord(ch)
    if (
        0x1100 <= cp <= 0x11FF
        or 0x2E80 <= cp <= 0x9FFF
        or 0xAC00 <= cp <= 0xD7AF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x3FFFF
    ):
        return "cjk"
    if 0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF or cp in (0x200D, 0xFE0F):
        return "emoji"
    return "other"


def miss_kind(good: tuple[str, ...], ours: tuple[str, ...]) -> str:
    """``cjk``, ``emoji`` or ``other``: the kind of the first character repaired wrong
    (the clean character, or the repaired one where the clean text has none)."""
    for want, got in zip(good, ours, strict=True):
        if want == got:
            continue
        i = 0
        while i < min(len(want), len(got)) and want[i] == got[i]:
            i += 1
        ch = want[i] if i < len(want) else got[i]
        return _kind(ch)
    return "other"


def iter_strings(obj: Any) -> Iterator[str]:
    """Every string inside a record (attrs classes, tuples, lists, dicts)."""
    if isinstance(obj, str):
        yield obj
    elif attrs.has(type(obj)):
        for field in attrs.fields(type(obj)):
            yield from iter_strings(getattr(obj, field.name))
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from iter_strings(item)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from iter_strings(k)
            yield from iter_strings(v)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--modes", nargs="*", default=list(MODES), choices=list(MODES))
    ap.add_argument("--limit", type=int, default=0, help="use only the first N posts")
    ap.add_argument("--no-ftfy", action="store_true")
    ap.add_argument("--show", type=int, default=0, help="print N failures per mode")
    ap.add_argument("--bands", action="store_true", help="print confidence bands vs exact")
    ap.add_argument("--no-clean", action="store_true", help="skip the clean-corpus check")
    ap.add_argument(
        "--without-janome", action="store_true",
        help="repair as if the optional janome package were not installed",
    )
    args = ap.parse_args(argv)
    if args.without_janome:
        sys.modules["janome"] = None  # type: ignore[assignment]  # makes the import fail

    paths = sorted(Path(args.corpus).glob("*.md"))
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        print(f"no posts in {args.corpus}", file=sys.stderr)
        return 2
    posts = [p.read_text(encoding="utf-8") for p in paths]
    clean = [tweets_of(t) for t in posts]
    ftfy_fix: Callable[[str], str] | None = None
    if not args.no_ftfy:
        try:
            import ftfy

            ftfy_fix = ftfy.fix_encoding
        except ImportError:
            print("ftfy not installed: no ftfy column", file=sys.stderr)

    # clean fields: every string of every clean post must come back unchanged
    changed = 0
    nfields = 0
    t0 = time.perf_counter()
    for text in [] if args.no_clean else posts:
        post = hotparse.parse(text, repair=False)
        for s in iter_strings(post):
            nfields += 1
            if repair(s) != s:
                changed += 1
                print(f"CHANGED clean field: {s[:80]!r}", file=sys.stderr)
    clean_secs = time.perf_counter() - t0
    ntweets = sum(len(c) for c in clean)
    t0 = time.perf_counter()
    for ctweets in clean:
        for fields in ctweets:
            for f in fields:
                repair(f)
    tweet_secs = time.perf_counter() - t0

    from hotparse.mojibake._ja import available

    print(f"{len(paths)} posts, {ntweets} tweets; janome {'used' if available() else 'not used'}")
    print(f"clean corpus: {changed} of {nfields} string fields changed by repair "
          f"({clean_secs * 1000:.0f} ms incl. parse); repair of the {ntweets} clean tweets' "
          f"text+html+author_name: {tweet_secs * 1000:.1f} ms")
    print()
    head = ("| mode | damaged tweets | hotparse exact | ftfy exact | clean tweets harmed "
            "(hotparse / ftfy) | sure: exact | misses by kind (cjk/emoji/other) | repair time "
            "| parse exact | parse harmed | wrong, sure | wrong named | exact flagged |")
    print(head)
    print("|" + "---|" * 13)
    bands: list[tuple[float | None, bool]] = []
    for name in args.modes:
        row = run_mode(name, posts, clean, ftfy_fix)
        d = max(row.damaged, 1)
        ft = f"{row.ftfy} ({100 * row.ftfy / d:.1f}%)" if ftfy_fix else "-"
        hf = str(row.harmed_ftfy) if ftfy_fix else "-"
        sure = f"{row.sure_exact}/{row.sure} ({100 * row.sure_exact / max(row.sure, 1):.1f}%)"
        kinds = "/".join(str(row.kinds.get(k, 0)) for k in ("cjk", "emoji", "other"))
        print(f"| {name} | {row.damaged} | {row.ours} ({100 * row.ours / d:.1f}%) | {ft} | "
              f"{row.harmed_ours} / {hf} | {sure} | {kinds} | {row.seconds:.2f} s "
              f"| {row.parse_exact} | {row.parse_harmed} | {row.wrong_sure} "
              f"| {row.wrong_named}/{row.wrong} "
              f"| {row.exact_flagged} |", flush=True)
        if name not in LOSSLESS:
            bands.extend(row.bands)
        for good, _bad, ours in row.failures[: args.show]:
            for g, o in zip(good, ours, strict=True):
                if g != o:
                    print(f"    want {g[:300]!r}\n    got  {o[:300]!r}", file=sys.stderr)
    if args.bands:
        print_bands(bands)
    return 0


BANDS = ((1.0, 1.01), (0.99, 1.0), (0.9, 0.99), (0.8, 0.9), (0.6, 0.8), (0.0, 0.6))


def print_bands(bands: list[tuple[float | None, bool]]) -> None:
    """The parser's confidence of the damaged tweets of the lossy modes run, in bands,
    against the share of them that came out exact."""
    print()
    print("| confidence | damaged tweets | exact | share exact |")
    print("|---|---|---|---|")
    rows = [("not repaired", [e for c, e in bands if c is None])]
    for lo, hi in BANDS:
        label = "1.0" if lo == 1.0 else f"{lo:.2f}-{hi:.2f}"
        rows.append((label, [e for c, e in bands if c is not None and lo <= c < hi]))
    for label, got in rows:
        share = f"{100 * sum(got) / len(got):.1f}%" if got else "-"
        print(f"| {label} | {len(got)} | {sum(got)} | {share} |")


if __name__ == "__main__":
    raise SystemExit(main())
