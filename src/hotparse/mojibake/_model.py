"""Character model that ranks repair candidates (private to hotparse.mojibake).

``cost(prev, ch)`` is the natural-log probability of character ``ch`` after
``prev``: a unigram log probability plus a bigram association score (PMI), both
from ``_data/charmodel.tsv.gz`` (built by ``scripts/build_repair_tables.py``
from wordfreq word lists), with Unicode-property rules for what word lists do
not show: letter case, emoji joiners, variation selectors, skin-tone
modifiers, mathematical alphanumerics, quotes and script changes.

The table is read on first use (about 0.1 s), never at import time.
"""

from __future__ import annotations

import math
import unicodedata
from bisect import bisect_right
from functools import lru_cache

from ._codepages import read_table

__all__ = ["Model", "Tables", "detect_profile", "get_model", "get_tables"]

_SPACE = " "
_OPEN = frozenset("\u201c\u2018\u00ab\u300c\u300e\u3010\uff08\u3008\u300a\u3014\u201e")
_CLOSE = frozenset("\u201d\u2019\u00bb\u300d\u300f\u3011\uff09\u3009\u300b\u3015")
_ZWJ = "\u200d"
_VS16 = "\ufe0f"
_VS15 = "\ufe0e"
_KEYCAP_BASES = frozenset("0123456789#*")
_TEXT_EMOJI_VS = frozenset("\u00a9\u00ae\u203c\u2049\u2122\u2139\u24c2")


def _logaddexp(x: float, y: float) -> float:
    m = max(x, y)
    return m + math.log(math.exp(x - m) + math.exp(y - m))


def _category_prior(ch: str) -> float:
    """Log probability of a character missing from the table, from its properties."""
    cat = unicodedata.category(ch)
    cp = ord(ch)
    if cat in ("Cn", "Cs"):
        return -60.0
    if cat == "Co":
        return -30.0
    if cat == "Cc":
        return -14.0 if ch in "\n\t\r" else -32.0
    if cat == "Cf":
        return -22.0
    if cat[0] == "M":
        return -19.0
    if 0x3400 <= cp <= 0x4DBF:
        return -21.0  # CJK extension A: rare in running text
    if 0x20000 <= cp <= 0x3FFFF:
        return -23.0  # CJK extensions B and later: rarer still
    if 0x4E00 <= cp <= 0x9FFF or 0xAC00 <= cp <= 0xD7A3:
        return -18.0
    if cp >= 0x10000:
        return -24.0  # historic scripts and rare symbols of the supplementary planes
    if cat[0] in "LPZN":
        return -18.0
    return -19.5


def _script(ch: str) -> str:
    """Coarse class of a character: letters by script, digits, spaces, emoji..."""
    return _script_cached(ch)


@lru_cache(maxsize=65536)
def _script_cached(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x80:
        if ch.isalpha():
            return "L"
        if ch.isdigit():
            return "N"
        return "S"
    cat = unicodedata.category(ch)
    if 0x1D400 <= cp <= 0x1D7FF:
        return "M"
    if cat[0] == "L" or cat in ("Mn", "Mc"):
        if cp < 0x250 or 0x1E00 <= cp <= 0x1EFF:
            return "L"
        if 0x370 <= cp <= 0x3FF or 0x1F00 <= cp <= 0x1FFF:
            return "G"
        if 0x400 <= cp <= 0x52F:
            return "C"
        if 0x590 <= cp <= 0x5FF:
            return "H"
        if 0x600 <= cp <= 0x6FF or 0x750 <= cp <= 0x77F or 0xFB50 <= cp <= 0xFEFF:
            return "A"
        if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
            return "J"
        if 0x3400 <= cp <= 0x9FFF or 0x20000 <= cp <= 0x3FFFF or 0xF900 <= cp <= 0xFAFF:
            return "Z"
        if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
            return "K"
        if 0xFF21 <= cp <= 0xFF5A:
            return "F"
        return "O"
    if cat == "Nd":
        return "N"
    if cat[0] == "Z":
        return "S"
    if cat[0] == "C":
        return "Q"
    return "P"


# Penalty for two letters of different scripts touching (no space between).
_SCRIPT_PAIR: dict[frozenset[str], float] = {
    frozenset("LC"): -5.0, frozenset("LG"): -4.0, frozenset("LA"): -5.0, frozenset("LH"): -5.0,
    frozenset("CG"): -5.0, frozenset("CJ"): -4.0, frozenset("CZ"): -4.0, frozenset("CK"): -5.0,
    frozenset("GJ"): -4.0, frozenset("GZ"): -4.0, frozenset("AJ"): -5.0, frozenset("AZ"): -5.0,
    frozenset("KJ"): -4.0, frozenset("KZ"): -2.0, frozenset("LK"): -1.5, frozenset("LJ"): -0.3,
    frozenset("LZ"): -0.3, frozenset("LO"): -3.0, frozenset("OJ"): -3.0, frozenset("OZ"): -3.0,
    frozenset("LM"): -3.0, frozenset("MJ"): -4.0, frozenset("MZ"): -4.0, frozenset("CA"): -5.0,
}


class Tables:
    """The parsed contents of ``charmodel.tsv.gz``."""

    def __init__(self, text: str) -> None:
        self.uni: dict[str, float] = {}
        self.bi: dict[str, float] = {}
        self.profiles: dict[str, dict[str, float]] = {}
        ranges: dict[str, list[tuple[int, int]]] = {}
        for line in text.splitlines():
            if not line or line[0] == "#":
                continue
            parts = line.split("\t")
            if parts[0] == "U":
                self.uni[chr(int(parts[1], 16))] = -int(parts[2]) / 4.0
            elif parts[0] == "B":
                self.bi[chr(int(parts[1], 16)) + chr(int(parts[2], 16))] = int(parts[3]) / 4.0
            elif parts[0] == "V":
                table = self.profiles.setdefault(parts[1], {})
                table[chr(int(parts[2], 16))] = -int(parts[3]) / 4.0
            elif parts[0] == "R":
                ranges.setdefault(parts[1], []).append((int(parts[2], 16), int(parts[3], 16)))
        self.ranges = {
            k: ([a for a, _ in sorted(v)], [b for _, b in sorted(v)]) for k, v in ranges.items()
        }


_CACHE_LIMIT = 200_000
"""Entries kept in each memo table before it is cleared (bounds memory)."""
_COLUMNS_LIMIT = 1_000
"""Transition tables kept by :meth:`Model.columns` before the memo is cleared."""
_MEMO_LIMIT = 50_000
"""Entries kept in each memo of the parts of a cost (per character, per pair of table
forms) before it is cleared (bounds memory)."""
_CJK_SHARE = math.log(0.8)
_LOG_BOUNDARY = math.log(0.5)
"""Log share of CJK character pairs that straddle a word boundary."""
"""Log share of CJK characters in a text whose language profile is set."""


def detect_profile(text: str) -> str | None:
    """``ja`` when ``text`` has kana, ``ko`` for hangul, ``zh`` for other Han, else None."""
    han = False
    for ch in text:
        cp = ord(ch)
        if cp < 0x3040:
            continue
        if cp <= 0x30FF:
            return "ja"
        if 0xAC00 <= cp <= 0xD7A3:
            return "ko"
        if 0x4E00 <= cp <= 0x9FFF:
            han = True
    return "zh" if han else None


class Model:
    """Unigram + bigram character model with Unicode-property rules."""

    def __init__(self, tables: Tables, profile: str | None = None) -> None:
        self.uni = tables.uni
        self.bi = tables.bi
        self._ranges = tables.ranges
        self._profile = tables.profiles.get(profile or "", {})
        self.profile = profile if self._profile else None
        self._min_bigram = math.log(3e-8)
        self._cache: dict[str, float] = {}
        self._pairs: dict[str, float] = {}
        self._pmis: dict[str, float] = {}
        self._sides: dict[str, tuple[float, str, bool]] = {}
        self._charprops: dict[str, tuple[str, bool, bool, bool, bool, bool]] = {}
        self._columns: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[list[float], ...]] = {}

    def clear_memos(self) -> None:
        """Forget the kept costs (they are recomputed alike)."""
        for memo in (self._cache, self._pairs, self._columns, self._pmis, self._sides):
            memo.clear()
        self._charprops.clear()

    def has(self, prop: str, ch: str) -> bool:
        """True when ``ch`` has the emoji property ``prop`` (e.g. Extended_Pictographic)."""
        starts, ends = self._ranges.get(prop, ([], []))
        cp = ord(ch)
        i = bisect_right(starts, cp) - 1
        return i >= 0 and cp <= ends[i]

    def _norm(self, ch: str) -> str:
        """The character looked up in the tables: lower case, ASCII punctuation as a space."""
        if ch < "\x80":
            return ch.lower() if ch.isalnum() else _SPACE
        cp = ord(ch)
        if 0x1D400 <= cp <= 0x1D7FF:
            base = unicodedata.normalize("NFKC", ch)
            if len(base) == 1:
                return base.lower()
        low = ch.lower()
        return low if len(low) == 1 else low[0]

    def unigram(self, ch: str) -> float:
        """Log probability of ``ch`` on its own (surface form, case and style included)."""
        got = self._cache.get(ch)
        if got is not None:
            return got
        n = self._norm(ch)
        lp = self.uni.get(n)
        if self._profile and _script(n) in "JZK":
            got_p = self._profile.get(n)
            lp = None if got_p is None else got_p + _CJK_SHARE
        if lp is None:
            lp = _category_prior(n)
            if self.has("Extended_Pictographic", ch):
                lp = max(lp, _emoji_floor(ch, self.has("Emoji_Presentation", ch)))
        cp = ord(ch)
        if 0x1D400 <= cp <= 0x1D7FF:
            lp += math.log(3e-7) if cp >= 0x1D7CE else math.log(1e-5)  # digits are rarer
        elif 0x1F000 <= cp <= 0x1F0FF:
            lp -= 6.0  # mahjong, domino and playing-card symbols
        if ch != n and ch.lower() != ch and _script(ch) not in "M":
            lp += math.log(0.3)  # capital letters are rarer than small ones
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        self._cache[ch] = lp
        return lp

    def cost(self, prev: str, ch: str) -> float:
        """Log probability of ``ch`` following ``prev``."""
        key = prev + ch
        got = self._pairs.get(key)
        if got is None:
            got = self._cost(prev, ch)
            if len(self._pairs) > _CACHE_LIMIT:
                self._pairs.clear()
            self._pairs[key] = got
        return got

    def _cost(self, prev: str, ch: str) -> float:
        # the unigram and bigram part depends on the two characters' table forms only,
        # the rules on a few properties of each: both are kept per character
        lp, b, jb = self._side(ch)
        a, ja = self._side(prev)[1:]
        key = a + b
        pmi = self._pmis.get(key)
        if pmi is None:
            pmi = self._pmi(a, b, ja and jb)
            if len(self._pmis) > _MEMO_LIMIT:
                self._pmis.clear()
            self._pmis[key] = pmi
        lp += pmi
        return lp + self._rules(prev, ch)

    def _side(self, ch: str) -> tuple[float, str, bool]:
        """(unigram, table form or a space for a non-word character, CJK table form)."""
        got = self._sides.get(ch)
        if got is None:
            n = self._norm(ch)
            # punctuation and symbols do not occur in the word lists: they act as word edges
            if not _wordish(n):
                n = _SPACE
            got = (self.unigram(ch), n, _script(n) in "JZK")
            if len(self._sides) > _MEMO_LIMIT:
                self._sides.clear()
            self._sides[ch] = got
        return got

    def _pmi(self, a: str, b: str, cjk: bool) -> float:
        if a == _SPACE and b == _SPACE:
            return 0.0
        got = self.bi.get(a + b)
        if got is not None:
            pmi = got
        else:
            la = self.uni.get(a)
            lb = self.uni.get(b)
            if la is not None and lb is not None:
                pmi = max(-4.0, min(0.0, self._min_bigram - la - lb))
            else:
                pmi = 0.0
        if cjk:
            # no spaces: a word may end after a and the next begin with b
            across = self.bi.get(a + _SPACE, 0.0) + self.bi.get(_SPACE + b, 0.0) + _LOG_BOUNDARY
            pmi = _logaddexp(pmi, across) if got is not None else across
        return pmi

    def _props(self, ch: str) -> tuple[str, bool, bool, bool, bool, bool]:
        """(script, Emoji_Modifier, upper, alpha, lower, space) of ``ch``."""
        got = self._charprops.get(ch)
        if got is None:
            got = (
                _script(ch),
                self.has("Emoji_Modifier", ch),
                ch.isupper(),
                ch.isalpha(),
                ch.islower(),
                ch.isspace(),
            )
            if len(self._charprops) > _MEMO_LIMIT:
                self._charprops.clear()
            self._charprops[ch] = got
        return got

    def _rules(self, prev: str, ch: str) -> float:
        sp, p_em, _, p_alpha, p_lower, p_space = self._props(prev)
        sc, c_em, c_upper, c_alpha, _, c_space = self._props(ch)
        adj = 0.0
        # emoji sequences
        if ch == _ZWJ:
            pictograph = self.has("Extended_Pictographic", prev)
            return 3.0 if prev == _VS16 or pictograph or p_em else -6.0
        if prev == _ZWJ:
            adj += 3.0 if self.has("Extended_Pictographic", ch) else -4.0
        if ch in (_VS16, _VS15):
            bonus = 4.0 if ch == _VS16 else 1.0
            if self.has("Extended_Pictographic", prev) or prev in _TEXT_EMOJI_VS:
                return adj + bonus
            return adj + (0.5 if prev in _KEYCAP_BASES else -8.0)
        if c_em:
            return adj + (5.0 if self.has("Emoji_Modifier_Base", prev) else -7.0)
        # letter case inside words
        if c_upper and p_alpha and p_lower:
            adj -= 3.0
        # a word does not start with Â or Ã before another capital (NBSP, à mis-decoded)
        if prev in "\u00c2\u00c3" and c_upper:
            adj -= 3.5
        # an accented capital standing alone before a digit or symbol is unusual
        if "\u00c0" <= prev <= "\u00de" and not c_alpha:
            adj -= 2.0 if c_space else 3.0
        # an ideographic comma is followed by text, not by a space or a line end
        if prev in "\u3001\uff0c" and (c_space or ch in "<&"):
            adj -= 2.5
        # Japanese punctuation: a comma does not follow a sentence end or another
        # comma (while a full stop or "!" before a closing quote is the usual way
        # to end a quotation)
        if ch in "\u3001\uff0c" and prev in "\u3001\u3002\uff0c\uff0e\uff01\uff1f":
            adj -= 3.0
        # quotes
        if ch in _OPEN and (sp in "LNCGM" or prev in _CLOSE):
            adj -= 2.0
        # (">" ends a tag: html such as "<br>" stands where the text has a line break)
        if ch in _CLOSE and (p_space or prev in _OPEN or prev == ">") and ch != "\u2019":
            adj -= 3.0
        if prev in _CLOSE and prev != "\u2019" and sc in "LNCGM":
            adj -= 2.0
        # mathematical alphanumerics: neighbours share a style
        if sc == "M" or sp == "M":
            if sc == sp:
                adj += 3.0 if _math_style(prev) == _math_style(ch) else -3.0
            elif sc != "S" and sp != "S":
                adj -= 2.5
            else:
                adj -= 1.5  # a word edge: a lone mathematical letter pays it twice
        elif sc != sp and sc in "LCGAHJZKOF" and sp in "LCGAHJZKOF":
            adj += _SCRIPT_PAIR.get(frozenset((sc, sp)), -1.0)
        return adj

    def score(self, text: str, prev: str = _SPACE) -> float:
        """Log probability of ``text`` after the character ``prev``."""
        pairs = self._pairs
        total = 0.0
        for ch in text:
            got = pairs.get(prev + ch)
            total += self.cost(prev, ch) if got is None else got
            prev = ch
        return total

    def columns(self, texts: tuple[str, ...], lasts: tuple[str, ...]) -> tuple[list[float], ...]:
        """``score(t, p)`` for every ``t`` of ``texts`` (one list per text) and ``p`` of
        ``lasts``: the transition table of a Viterbi step, kept (groups of one code
        page repeat the same options)."""
        key = (texts, lasts)
        got = self._columns.get(key)
        if got is None:
            got = tuple([self.score(t, p) for p in lasts] for t in texts)
            if len(self._columns) > _COLUMNS_LIMIT:
                self._columns.clear()
            self._columns[key] = got
        return got


def _emoji_floor(ch: str, presentation: bool) -> float:
    """Log probability of a pictograph the tables do not list.

    Newer emoji are rarer: the block stands for the Unicode version (the main
    pictograph blocks: Unicode 6-7; Supplemental Symbols and Pictographs: 8-13;
    Extended-A: 12 and later).  Text-presentation pictographs are rarer as emoji.
    """
    if not presentation:
        return -24.0
    cp = ord(ch)
    if 0x1FA70 <= cp <= 0x1FAFF:
        return -22.0
    if 0x1F900 <= cp <= 0x1F9FF:
        return -21.0
    return -20.5


@lru_cache(maxsize=65536)
def _wordish(ch: str) -> bool:
    """True for characters the word lists contain (letters, digits, marks)."""
    if ch == _SPACE:
        return True
    cp = ord(ch)
    if 0xFE00 <= cp <= 0xFE0F or 0x1F3FB <= cp <= 0x1F3FF or cp in (0x200D, 0x20E3):
        return False  # emoji components: handled by the emoji rules
    return unicodedata.category(ch)[0] in "LMN"


@lru_cache(maxsize=4096)
def _math_style(ch: str) -> str:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return ""
    return name.rsplit(" ", 2)[0]


@lru_cache(maxsize=1)
def get_tables() -> Tables:
    """The tables, read from the package data on first call."""
    return Tables(read_table("charmodel.tsv.gz"))


@lru_cache(maxsize=8)
def get_model(profile: str | None = None) -> Model:
    """The shared model for a language profile (see :func:`detect_profile`)."""
    return Model(get_tables(), profile)
