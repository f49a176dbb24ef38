# ruff: noqa: RUF002, RUF003
"""Evidence that a text is mojibake, before anything is changed (private to hotparse.mojibake).

A reading that merely scores better than the text is no reason to change it:
``√π`` is valid UTF-8 under MacRoman and ``Noé’s`` is a lead byte and a
continuation byte under cp1252.  Text is changed only where it shows sequences
that real text does not: ftfy's badness heuristic (``ftfy.badness.BADNESS_RE``,
Apache-2.0, maintained by Robyn Speer; tuned on large real-text corpora), minus
its matches made only of math, currency and superscript characters, which real
formulas do show (``¬±``, ``× ²``),
plus a few patterns of our own (below).

:func:`evidence` returns the spans; :func:`gate` keeps the spots of a repair
that they support.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import attrs
from ftfy.badness import BADNESS_RE

__all__ = ["LOW_EVIDENCE_CONFIDENCE", "Evidence", "evidence", "is_formula"]

LOW_EVIDENCE_CONFIDENCE = 0.85
"""Highest confidence of a lost-byte guess that no sign of mojibake touches."""

_OWN = re.compile(
    # U+FFFD beside a character that stands for a UTF-8 lead byte: a lost byte
    "[\u00c2-\u00f4\u011e\u011f\u0130\u0131\u015e\u015f][\ufffd]"
    # C1 controls: never text (Windows-1252 quotes decoded as Latin-1, undefined bytes)
    "|[\x80-\x9f]"
    # an upper-case accented lead inside a lower-case word, before a character that
    # stands for a continuation byte: KlaipÄ—da, Å¡ for š
    "|(?<=[a-z])[\u00c3-\u00c5\u00c9-\u00cb][\u0080-\u00bf\u2013\u2014\u2018-\u201e"
    "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u0152\u0153\u0160\u0161"
    "\u0178\u017d\u017e\u0192\u02c6\u02dc](?=[a-z])"
    # a Latin letter, then a Cyrillic letter that stands for a lead byte under cp1251 and
    # a character that stands for a continuation byte (no word mixes scripts so):
    # colВ·lecciГі
    "|(?<=[A-Za-z\u00df-\u00ff])[\u0412-\u042f\u0430-\u0444][\u0402\u0403\u201a\u0453"
    "\u201e\u2026\u2020\u2021\u20ac\u2030\u0409\u2039\u040a\u040c\u040b\u040f\u0452"
    "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u2122\u0459\u203a\u045a\u045c\u045b"
    "\u045f\u00a0\u040e\u045e\u0408\u00a4\u0490\u00a6\u00a7\u0401\u00a9\u0404\u00ab"
    "\u00ac\u00ad\u00ae\u0407\u00b0\u00b1\u0406\u0456\u0491\u00b5\u00b6\u00b7\u0451"
    "\u2116\u0454\u00bb\u0458\u0405\u0455\u0457]"
    # × read as MacRoman or cp1250; a MacRoman root before an accented letter
    "|\u221a\u00f3|\u0102\u2014"
    "|\u221a[\u00c4\u00c5\u00c7\u00c9\u00d1\u00d6\u00dc\u00e0-\u00fc]"
    # a Cyrillic lead and a continuation between Latin text: environment.В\xa0https
    "|(?<=[A-Za-z.,;:!?])[\u0412-\u042f\u0430-\u0444][\u00a0\u00b0](?=[A-Za-z])"
)


@attrs.frozen(kw_only=True)
class Evidence:
    """Where ``text`` shows mojibake."""

    spans: tuple[tuple[int, int], ...]
    """Offsets of the sequences that real text does not show, in text order."""

    def touches(self, start: int, end: int) -> bool:
        """True when a span overlaps ``start..end`` (or touches it, for an empty one)."""
        for a, b in self.spans:
            if a < end and b > start:
                return True
            if a >= end:
                break
        return False

    def __bool__(self) -> bool:
        return bool(self.spans)


_FORMULA = frozenset(("Sm", "Sc", "Sk", "No", "Zs", "Po", "Pd"))
"""Categories of math, currency, superscripts, spaces, dashes and other punctuation
(† ‰ §): formulas put them side by side."""


_SPACE_AFTER = re.compile("[\u00c2\u00c3] $")
"""ftfy's ``Â``/``Ã`` before a plain space: also a capital word of French or Portuguese
(``et Â la``); a no-break space turned into a space is undone only beside other signs."""


def _in_capitals(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is capital letters inside a word of capitals
    (``NUORTTÂLÂŠKIELÂ``: Â before Š is no sign there)."""
    if not all(ch.isupper() for ch in text[start:end].strip()):
        return False
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (before.isupper() or not before.isalpha()) and (after.isupper() or not after.isalpha())


def is_formula(s: str) -> bool:
    """True when ``s`` is made only of math, currency, superscript and space characters."""
    return all(unicodedata.category(ch) in _FORMULA for ch in s)


_CYRILLIC_WORD = re.compile("[\u0400-\u04ff]{3}")
_CP1251_CONTS = "".join(
    bytes([b]).decode("cp1251") for b in range(0x80, 0xC0) if b != 0x98
)
_CYRILLIC_PAIR = re.compile(
    f"[\u0412-\u044f][{re.escape(_CP1251_CONTS)}]|[{re.escape(_CP1251_CONTS)}][\u0400-\u045f]"
)


@lru_cache(maxsize=1)
def _table_patterns() -> re.Pattern[str]:
    """Patterns built from the code pages' tables (see :func:`evidence`)."""
    from ._codepages import CODEPAGES, codepage

    parts: list[str] = []
    for name in CODEPAGES:
        table = codepage(name).decode_table
        conts = "".join(re.escape(table[b]) for b in range(0x80, 0xC0))
        caps = "".join(
            re.escape(table[b]) for b in (0xC2, 0xC3, 0xC4, 0xC5) if table[b].isalpha()
        )
        # an emoji (F0 9F ...): its first two characters and two continuation ones
        parts.append(f"{re.escape(table[0xF0] + table[0x9F])}[{conts}]{{2}}")
        # the lead of a Latin letter (C2-C5) and a continuation, inside a Latin word
        if caps:
            parts.append(f"[{caps}][{conts}](?=[a-z])")
        # any upper-case two-byte lead and a continuation letter or symbol before a
        # small Latin letter (no-break space and apostrophe aside: "À\xa0la", "É’s")
        uppers = "".join(
            re.escape(table[b]) for b in range(0xC6, 0xE0) if table[b].isupper()
        )
        others = "".join(
            re.escape(table[b])
            for b in range(0x80, 0xC0)
            if table[b] not in "\u00a0\u2019'" and not table[b].islower()
            and not table[b].isspace()
        )
        parts.append(f"[{uppers}][{others}](?=[a-z])")
        # E2 (punctuation, arrows, dingbats such as ✨ ✅) then a continuation from
        # 0x80-0x9F and one more that is no small letter: ‚ú®, вњЁ
        low = "".join(re.escape(table[b]) for b in range(0x80, 0xA0))
        last = "".join(
            re.escape(table[b]) for b in range(0x80, 0xC0) if not table[b].islower()
        )
        parts.append(f"{re.escape(table[0xE2])}[{low}][{last}]")
    return re.compile("|".join(parts))


def evidence(text: str) -> Evidence:
    """The spans of ``text`` that are mojibake, as far as sequences tell."""
    spans = [
        m.span()
        for m in BADNESS_RE.finditer(text)
        if not is_formula(m.group())
        and _SPACE_AFTER.search(m.group()) is None
        and not _in_capitals(text, *m.span())
    ]
    spans += [m.span() for m in _OWN.finditer(text)]
    spans += [m.span() for m in _table_patterns().finditer(text)]
    if _CYRILLIC_WORD.search(text) is None:
        # Cyrillic beside a cp1251 continuation character, in a text without a Cyrillic
        # word: µ and ε read as cp1251 give Оµ, § gives В§, ∞ gives в€ћ
        spans += [m.span() for m in _CYRILLIC_PAIR.finditer(text)]
    spans.sort()
    return Evidence(spans=tuple(spans))
