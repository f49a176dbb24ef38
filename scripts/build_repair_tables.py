#!/usr/bin/env python3
"""Build the character model and the lexicon used by :mod:`hotparse.mojibake`.

Writes ``src/hotparse/_data/charmodel.tsv.gz`` (character unigram log
probabilities, character bigram association scores (PMI), CJK profiles and
emoji property ranges) and ``src/hotparse/_data/lexicon.tsv.gz`` (frequent
words with their log frequency).  Run from the repository root::

    pip install wordfreq==3.1.1 regex
    python scripts/build_repair_tables.py

Sources and licences
--------------------
* Word frequencies: the ``wordfreq`` package 3.1.1 (code Apache-2.0, data
  CC BY-SA 4.0, https://github.com/rspeer/wordfreq).  The table is a derived
  work of that data and is distributed under CC BY-SA 4.0 with attribution to
  wordfreq and its sources (see wordfreq's README).
* Emoji properties: Unicode Character Database (Unicode License v3) through the
  ``regex`` package's ``\\p{Extended_Pictographic}`` and related properties.
* Punctuation and symbol priors: hand-written in this script (same licence as
  hotparse, MIT).
* Emoji rank prior: the top ~150 of the Unicode Consortium's published "Emoji
  Frequency" ranking (unicode.org, 2021 data), transcribed by hand in rank order
  (approximate: not downloaded, written from that public list); see
  ``UNICODE_EMOJI_RANK``.  Its share is 0 (measured, not kept): the table does
  not depend on it.

No third-party text (posts, tweets) is used.  The build is deterministic.
"""

from __future__ import annotations

import gzip
import math
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "src" / "hotparse" / "_data"
OUT = DATA / "charmodel.tsv.gz"
LEXICON = DATA / "lexicon.tsv.gz"

# language -> (number of top words kept, only words with a non-ASCII character)
LEXICON_LANGS: dict[str, tuple[int, bool]] = {
    "en": (30000, False), "ar": (25000, False), "ja": (45000, False), "zh": (30000, False),
    "ko": (15000, False),
    "fr": (30000, True), "de": (30000, True), "es": (30000, True), "ca": (20000, True),
    "pt": (30000, True), "it": (20000, True), "nl": (10000, True), "tr": (15000, True),
    "pl": (15000, True), "cs": (15000, True), "ru": (15000, False), "uk": (6000, False),
    "el": (6000, False), "sv": (8000, True), "fi": (6000, True), "da": (5000, True),
    "nb": (5000, True), "ro": (6000, True), "hu": (6000, True), "vi": (6000, True),
}

# language -> (wordlist, weight).  Weights are the share of the mixture.
LANGS: dict[str, float] = {
    "en": 4.0, "ja": 2.5, "zh": 1.5, "ko": 1.5, "fr": 1.2, "de": 1.0, "es": 1.2, "ca": 0.8,
    "pt": 1.0, "it": 0.8, "nl": 0.5, "ru": 0.8, "uk": 0.5, "pl": 0.5, "cs": 0.5, "ar": 0.8,
    "he": 0.4, "sv": 0.4, "fi": 0.3, "nb": 0.3, "da": 0.3, "tr": 0.6, "el": 0.5, "vi": 0.5,
    "hi": 0.4, "fa": 0.4, "ro": 0.3, "hu": 0.3, "id": 0.4, "sk": 0.2, "sl": 0.2, "bg": 0.3,
    "lt": 0.2, "lv": 0.2, "is": 0.1, "bn": 0.3, "ta": 0.2, "ur": 0.2, "ms": 0.2, "mk": 0.1,
    "sh": 0.2, "fil": 0.2,
}
TOP_WORDS = 60000
EMOJI_CHARS_PER_TOKEN = 5.0
EMOJI_EN_SHARE = 0.6  # English (Twitter-heavy) counts most for emoji
MIN_UNIGRAM_P = 2e-9
MIN_BIGRAM_P = 3e-8
BOUNDARY = " "

# Characters wordfreq drops (punctuation) or under-counts, as probabilities
# per character of running text in a mixed-language tweet stream.
PRIORS: dict[str, float] = {
    "\u2019": 6e-4, "\u2018": 4e-5, "\u201c": 1.5e-4, "\u201d": 1.5e-4, "\u2014": 1.2e-4,
    "\u2013": 6e-5, "\u2026": 1.5e-4, "\u2022": 3e-5, "\u00b7": 2e-5, "\u2192": 2e-5,
    "\u2190": 4e-6, "\u2191": 4e-6, "\u2193": 6e-6, "\u21d2": 3e-6, "\u00a9": 6e-6,
    "\u00ae": 4e-6, "\u2122": 4e-6, "\u00b0": 1.5e-5, "\u20ac": 1.5e-5, "\u00a3": 8e-6,
    "\u00a5": 2e-6, "\u00d7": 1e-5, "\u00f7": 1e-6, "\u00b1": 3e-6, "\u00a7": 2e-6,
    "\u00b6": 5e-7, "\u00ab": 3e-5, "\u00bb": 3e-5, "\u2039": 1e-6, "\u203a": 1e-6,
    "\u00a1": 1e-5, "\u00bf": 1.5e-5, "\u00a0": 3e-5, "\u00ad": 2e-6, "\u200d": 2e-5,
    "\ufe0f": 8e-5, "\u200b": 2e-6, "\u2009": 2e-6, "\u202f": 2e-6, "\u2002": 5e-7,
    "\u2003": 5e-7, "\u2032": 2e-6, "\u2033": 1e-6, "\u2010": 2e-6, "\u2011": 1e-6,
    "\u2012": 3e-7, "\u2015": 5e-7, "\u201e": 5e-6, "\u201a": 1e-6, "\u2020": 1e-6,
    "\u2021": 3e-7, "\u2030": 5e-7, "\u2248": 2e-6, "\u2260": 1e-6, "\u2264": 2e-6,
    "\u2265": 2e-6, "\u221e": 1e-6, "\u2211": 3e-7, "\u221a": 3e-7, "\u00b2": 4e-6,
    "\u00b3": 1.5e-6, "\u00b9": 5e-7, "\u00bd": 1e-6, "\u00bc": 3e-7, "\u00be": 2e-7,
    "\u00b5": 1e-6, "\u00a2": 2e-7, "\u00a4": 1e-8, "\u00a6": 1e-8, "\u00a8": 2e-7,
    "\u00af": 3e-7, "\u00b4": 1e-6, "\u00b8": 1e-8, "\u00aa": 1e-6, "\u00ba": 2e-6,
    "\u2116": 1e-6, "\u25b6": 3e-6, "\u25ba": 3e-6, "\u2714": 3e-6,
    "\u2705": 6e-6, "\u27a1": 6e-6, "\u2b07": 3e-6, "\u2728": 6e-6, "\u26a0": 3e-6,
    "\u2764": 1e-5, "\u261d": 1e-6, "\u270c": 1e-6, "\u263a": 1e-6, "\u2600": 1e-6,
    # CJK punctuation and full-width forms (Japanese/Chinese text)
    "\u3001": 1.2e-3, "\u3002": 1.2e-3, "\u300c": 2.5e-4, "\u300d": 2.5e-4, "\u300e": 4e-5,
    "\u300f": 4e-5, "\u3010": 4e-5, "\u3011": 4e-5, "\u3008": 5e-6, "\u3009": 5e-6,
    "\u300a": 2e-5, "\u300b": 2e-5, "\u3014": 3e-6, "\u3015": 3e-6, "\u301c": 2e-5,
    "\u301d": 1e-6, "\u301e": 1e-6, "\u30fb": 1e-4, "\u30fc": 8e-4, "\u3005": 1e-4,
    "\uff01": 2.5e-4, "\uff1f": 1.5e-4, "\uff08": 1.5e-4, "\uff09": 1.5e-4, "\uff1a": 5e-5,
    "\uff1b": 5e-6, "\uff0c": 3e-4, "\uff0e": 5e-6, "\uff05": 5e-6, "\uff06": 3e-6,
    "\uff0b": 3e-6, "\uff0d": 3e-6, "\uff1d": 2e-6, "\uff0f": 8e-6, "\uff5e": 3e-5,
    "\uff1c": 2e-6, "\uff1e": 5e-6, "\uff3b": 2e-6, "\uff3d": 2e-6, "\uff5c": 2e-6,
    "\uff03": 2e-6, "\uff20": 1e-6, "\uff3f": 1e-6, "\u3000": 5e-5, "\u2605": 5e-6,
    "\u2606": 3e-6, "\u25cb": 3e-6, "\u25cf": 4e-6, "\u25a0": 3e-6, "\u25a1": 2e-6,
    "\u203b": 5e-6, "\u2640": 1e-5, "\u2642": 1e-5, "\u266a": 2e-6,
}
PRIORS.update({
    # directional marks and isolates (Twitter puts isolates around mentions)
    "\u2066": 8e-6, "\u2067": 3e-6, "\u2068": 2e-6, "\u2069": 1e-5, "\u200e": 2e-6,
    "\u200f": 1e-6, "\u201e": 1.5e-5, "\u202a": 1e-6, "\u202b": 1e-6, "\u202c": 2e-6,
    "\u200c": 2e-6,
    # Japanese tweets: full-width exclamation and question marks are common; the
    # full-width period (and comma) belong to an academic style that uses them in
    # place of the ideographic comma and full stop (see the companion rule)
    "\uff0e": 3e-5, "\uff01": 3e-4, "\uff1f": 2e-4, "\u3001": 1.6e-3,
    # mathematical operators common in paper tweets
    "\u2212": 1e-5, "\u221a": 2e-6, "\u2229": 1e-6, "\u222a": 1e-6, "\u2208": 2e-6,
    "\u2200": 5e-7, "\u2203": 5e-7, "\u2202": 5e-7, "\u2207": 5e-7, "\u21d4": 1e-6,
    "\u2194": 1e-6, "\u2211": 5e-7, "\u222b": 5e-7, "\u2261": 5e-7, "\u2282": 5e-7,
})
PRIORS.update({chr(0x2460 + i): 1.5e-5 / (1 + i) for i in range(20)})  # circled digits
# emoji frequent in research and tech tweets (hand-picked; not in word lists)
PRIORS.update(dict.fromkeys((
    "\U0001f4dd\U0001f4c4\U0001f4ce\U0001f393\U0001f4bb\U0001f517\U0001f4ca\U0001f4c8"
    "\U0001f447\U0001f449\U0001f9f5\U0001f680\U0001f525\U0001f389\U0001f4e2\U0001f916"
    "\U0001f9e0\U0001f4a1\U0001f4da\U0001f4d6\U0001f52c\U0001f3c6\u2b50\u2705\U0001f4e3"
    "\U0001f4cc\U0001f50d\U0001f4f0\U0001f4c5\U0001f3a5\U0001f4f9\U0001f5a5\U0001f4c9"
    "\U0001f9ea\U0001f9ec\U0001f52d\U0001f30d\U0001f30e\U0001f30f\U0001f4a5\U0001f64c"
), 4e-6))
PRIORS.update({chr(0xFF21 + i): 2e-6 for i in range(26)})  # full-width capitals
PRIORS.update({chr(0xFF41 + i): 1e-6 for i in range(26)})  # full-width small letters


# Unicode Consortium, "Emoji Frequency" (unicode.org/emoji/charts/emoji-frequency,
# 2021 data): the most used emoji, in rank order (base characters, no VS16).
# Transcribed by hand from that publication; approximate (ranks may be off by a
# few places).  No post text is involved.
UNICODE_EMOJI_RANK = (
    "\U0001f602\u2764\U0001f923\U0001f44d\U0001f62d\U0001f64f\U0001f618\U0001f970"
    "\U0001f60d\U0001f60a\U0001f389\U0001f601\U0001f495\U0001f97a\U0001f605\U0001f525"
    "\u263a\U0001f926\u2665\U0001f937\U0001f644\U0001f606\U0001f917\U0001f609"
    "\U0001f382\U0001f914\U0001f44f\U0001f642\U0001f633\U0001f973\U0001f60e\U0001f44c"
    "\U0001f49c\U0001f614\U0001f4aa\u2728\U0001f496\U0001f440\U0001f60b\U0001f60f"
    "\U0001f622\U0001f449\U0001f497\U0001f629\U0001f4af\U0001f339\U0001f49e\U0001f388"
    "\U0001f499\U0001f603\U0001f621\U0001f490\U0001f61c\U0001f648\U0001f91e\U0001f604"
    "\U0001f924\U0001f64c\U0001f92a\u2763\U0001f600\U0001f48b\U0001f480\U0001f447"
    "\U0001f494\U0001f60c\U0001f493\U0001f929\U0001f643\U0001f62c\U0001f631\U0001f634"
    "\U0001f92d\U0001f610\U0001f31e\U0001f612\U0001f607\U0001f338\U0001f608\U0001f3b6"
    "\u270c\U0001f38a\U0001f975\U0001f61e\U0001f49a\u2600\U0001f5a4\U0001f4b0"
    "\U0001f61a\U0001f451\U0001f381\U0001f4a5\U0001f64b\u2639\U0001f611\U0001f974"
    "\U0001f448\U0001f4a9\u2705\U0001f44b\U0001f92e\U0001f624\U0001f922\U0001f31f"
    "\u2757\U0001f625\U0001f308\U0001f49b\U0001f61d\U0001f62b\U0001f632\U0001f595"
    "\u203c\U0001f534\U0001f33b\U0001f92f\U0001f483\U0001f44a\U0001f92c\U0001f3c3"
    "\U0001f615\U0001f441\u26a1\u2615\U0001f340\U0001f4a6\u2b50\U0001f98b"
    "\U0001f928\U0001f33a\U0001f639\U0001f918\U0001f337\U0001f49d\U0001f4a4\U0001f91d"
    "\U0001f430\U0001f613\U0001f498\U0001f37b\U0001f61f\U0001f623\U0001f9d0\U0001f620"
    "\U0001f920\U0001f63b\U0001f319\U0001f61b\U0001f919\U0001f64a"
)
EMOJI_RANK_K = 10  # Zipf-like: weight 1 / (rank + K)
# Share of the rank prior in the emoji mixture (rest: wordfreq).  Off: measured
# with 0.5, it gained a tweet in cp1254-drop/-fffd/-drop-twice and lost two in
# cp1250-drop (rank 66 "relieved face" chosen over rank 107 "rainbow" where both
# fit), so it is not used; see docs/repair.md.
EMOJI_RANK_SHARE = 0.0


PROFILE_LANGS = ("ja", "zh", "ko")


def _cjk(ch: str) -> bool:
    cp = ord(ch)
    return (0x3040 <= cp <= 0x30FF or 0x3400 <= cp <= 0x9FFF or 0xAC00 <= cp <= 0xD7A3
            or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF)


def norm_word(word: str) -> str:
    return word.replace("'", "\u2019")


def main() -> int:
    import regex  # build-time only
    import wordfreq

    pictographic = regex.compile(r"\p{Extended_Pictographic}")
    emoji: dict[str, float] = defaultdict(float)
    uni: dict[str, float] = defaultdict(float)
    bi: dict[str, float] = defaultdict(float)
    profiles: dict[str, dict[str, float]] = {lang: {} for lang in PROFILE_LANGS}
    total_weight = sum(LANGS.values())
    for lang, weight in LANGS.items():
        try:
            freqs = wordfreq.get_frequency_dict(lang, wordlist="best")
        except Exception as exc:  # pragma: no cover - missing language
            print(f"skip {lang}: {exc}", file=sys.stderr)
            continue
        words = sorted(freqs.items(), key=lambda kv: -kv[1])[:TOP_WORDS]
        for word, f in freqs.items():
            for ch in word:
                if ord(ch) > 0x2000 and pictographic.match(ch):
                    share = EMOJI_EN_SHARE if lang == "en" else 0.0
                    emoji[ch] += f * (share + (1 - EMOJI_EN_SHARE) * weight / total_weight)
        luni: dict[str, float] = defaultdict(float)
        lbi: dict[str, float] = defaultdict(float)
        mass = 0.0
        for word, f in words:
            w = BOUNDARY + norm_word(word) + BOUNDARY
            for i, ch in enumerate(w[1:], 1):
                luni[ch] += f
                lbi[w[i - 1] + ch] += f
                mass += f
        if lang in PROFILE_LANGS:
            pmass = sum(v for k, v in luni.items() if _cjk(k))
            for k, v in luni.items():
                if _cjk(k) and v / pmass >= 1e-7:
                    profiles[lang][k] = v / pmass
        scale = weight / total_weight / mass
        for k, v in luni.items():
            uni[k] += v * scale
        for k, v in lbi.items():
            bi[k] += v * scale
        print(f"{lang}: {len(words)} words", file=sys.stderr)
    # emoji are used alike in every language: the average token frequency over the
    # languages, spread over ~5 characters per token, replaces the weighted mixture
    total0 = sum(uni.values())
    mix_rank_prior(emoji)
    for ch, f in emoji.items():
        uni[ch] = f / EMOJI_CHARS_PER_TOKEN * total0
    # hand priors: add mass (they are mostly absent from word lists)
    for ch, p in PRIORS.items():
        uni[ch] = max(uni.get(ch, 0.0), p * total0)
    total = sum(uni.values())
    unip = {c: v / total for c, v in uni.items() if v / total >= MIN_UNIGRAM_P}
    btotal = sum(bi.values())
    lines: list[str] = [
        "# hotparse repair character model; built by scripts/build_repair_tables.py",
        "# derived from wordfreq 3.1.1 data (CC BY-SA 4.0) and the Unicode Character Database",
        "# U <char-hex> <q>: -ln P(char) * 4 (rounded)",
        "# B <hex1> <hex2> <q>: PMI(char1, char2) * 4 (rounded), char 20 = word boundary",
        "# R <prop> <start-hex> <end-hex>: code point range with an emoji property",
        "# V <lang> <char-hex> <q>: -ln P(char | CJK char of language lang) * 4",
    ]
    for c, p in sorted(unip.items(), key=lambda kv: -kv[1]):
        if len(c) != 1 or (unicodedata.category(c).startswith("C") and c not in PRIORS):
            continue
        lines.append(f"U\t{ord(c):x}\t{round(-math.log(p) * 4)}")
    nb = 0
    for pair, v in sorted(bi.items(), key=lambda kv: -kv[1]):
        pp = v / btotal
        if pp < MIN_BIGRAM_P:
            break
        a, b = pair[0], pair[1]
        if a not in unip or b not in unip:
            continue
        pmi = math.log(pp / (unip[a] * unip[b]))
        q = round(max(-16.0, min(32.0, pmi * 4)))
        lines.append(f"B\t{ord(a):x}\t{ord(b):x}\t{q}")
        nb += 1
    for lang, table in profiles.items():
        for c, p in sorted(table.items(), key=lambda kv: -kv[1]):
            lines.append(f"V\t{lang}\t{ord(c):x}\t{round(-math.log(p) * 4)}")
    for prop in ("Extended_Pictographic", "Emoji_Modifier_Base", "Emoji_Modifier",
                 "Emoji_Presentation", "Regional_Indicator"):
        pat = regex.compile(rf"\p{{{prop}}}")
        start = None
        for cp in range(0x110000 + 1):
            hit = cp < 0x110000 and pat.match(chr(cp)) is not None
            if hit and start is None:
                start = cp
            elif not hit and start is not None:
                lines.append(f"R\t{prop}\t{start:x}\t{cp - 1:x}")
                start = None
    data = ("\n".join(lines) + "\n").encode("utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(OUT, "wb", mtime=0, compresslevel=9) as fh:
        fh.write(data)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(unip)} chars, {nb} bigrams)",
          file=sys.stderr)
    build_lexicon(wordfreq)
    return 0


def mix_rank_prior(emoji: dict[str, float]) -> None:
    """Mix the Unicode emoji-frequency rank prior into the wordfreq emoji counts.

    A listed emoji gets the Zipf-like weight C / (rank + K), C chosen so that the
    listed emoji keep their wordfreq mass (the published ranking redistributes
    it), mixed with its wordfreq count at the share EMOJI_RANK_SHARE (0.0: off, so the
    counts are wordfreq's alone).  Emoji outside the list keep
    their wordfreq counts; those without one get a floor at run time from their
    Unicode properties (``Model.unigram``).
    """
    assert len(set(UNICODE_EMOJI_RANK)) == len(UNICODE_EMOJI_RANK)
    listed = {ch: 1.0 / (rank + EMOJI_RANK_K) for rank, ch in enumerate(UNICODE_EMOJI_RANK, 1)}
    scale = sum(emoji.get(ch, 0.0) for ch in listed) / sum(listed.values())
    for ch, w in listed.items():
        emoji[ch] = (1 - EMOJI_RANK_SHARE) * emoji.get(ch, 0.0) + EMOJI_RANK_SHARE * scale * w


def build_lexicon(wordfreq: Any) -> None:
    """Frequent words, for the word-level check of letters and CJK words."""
    best: dict[str, float] = {}
    for lang, (top, non_ascii) in LEXICON_LANGS.items():
        freqs = wordfreq.get_frequency_dict(lang, wordlist="best")
        words = sorted(freqs.items(), key=lambda kv: -kv[1])[:top]
        for word, f in words:
            w = norm_word(word)
            if non_ascii and w.isascii():
                continue
            if len(w) > 12 or not any(c.isalpha() for c in w):
                continue
            if f > best.get(w, 0.0):
                best[w] = f
    lines = [
        "# hotparse repair lexicon; built by scripts/build_repair_tables.py",
        "# derived from wordfreq 3.1.1 data (CC BY-SA 4.0)",
        "# <word> <q>: -ln(frequency) * 2 (rounded), highest over the languages listed",
    ]
    for w, f in sorted(best.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"{w}\t{round(-math.log(f) * 2)}")
    with gzip.GzipFile(LEXICON, "wb", mtime=0, compresslevel=9) as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"wrote {LEXICON} ({LEXICON.stat().st_size} bytes, {len(best)} words)", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
