"""The cheap test: could a text hold mojibake at all (private to hotparse.mojibake).

One regular-expression search, built from the code-page tables; False proves
that the repair would change nothing, so that clean text costs almost nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ._codepages import BREADTH_CODEPAGES, CODEPAGES, codepage
from ._tuning import STRAY_MIN_CHARS, STRAY_ODD

__all__ = ["might_be_mojibake"]


@lru_cache(maxsize=1)
def _suspect_re() -> re.Pattern[str]:
    leads: set[str] = set()
    conts: set[str] = {"\ufffd"}
    for name in (*CODEPAGES, *BREADTH_CODEPAGES):
        table = codepage(name).decode_table
        leads.update(table[b] for b in range(0xC2, 0xF5))
        conts.update(table[b] for b in range(0x80, 0xC0))

    def cls(chars: Iterable[str]) -> str:
        return "".join(re.escape(c) for c in sorted(chars))

    # a lead byte's character followed by a continuation byte's, or a lone Â / Ã, or a
    # C1 control (one pattern without top-level alternation keeps the scan fast)
    return re.compile(f"[{cls(leads)}\x80-\x9f](?:[{cls(conts)}]|(?<=[\u00c2\u00c3\x80-\x9f]))")


@lru_cache(maxsize=1)
def _pair_re() -> re.Pattern[str]:
    """A lead byte's character then a continuation byte's under any of CODEPAGES: what
    a text needs to hold a UTF-8 sequence when read back through one of them."""
    leads: set[str] = set()
    conts: set[str] = set()
    for name in CODEPAGES:
        table = codepage(name).decode_table
        leads.update(table[b] for b in range(0xC2, 0xF5))
        conts.update(table[b] for b in range(0x80, 0xC0))
    lead_class = "".join(re.escape(c) for c in sorted(leads))
    cont_class = "".join(re.escape(c) for c in sorted(conts))
    return re.compile(f"[{lead_class}][{cont_class}]")


def might_be_mojibake(text: str) -> bool:
    """Cheap test: False proves ``text`` has nothing :func:`repair` would change."""
    return not text.isascii() and _suspect_re().search(text) is not None


_ODD = "\u00a2\u00a4\u00a6\u00a8\u00ac\u00af\u00b4\u00b6\u00b8\u00b9\u00bc\u00bd\u00be"
"""Symbols that stand for continuation bytes and that real text seldom uses (cent, currency,
broken bar, diaeresis, not, macron, acute, pilcrow, cedilla, superscript one, fractions):
in mojibake each follows a lead byte, in random text most stand alone."""


@lru_cache(maxsize=1)
def _stray_patterns() -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    out = []
    for name in CODEPAGES:
        table = codepage(name).decode_table
        conts = "".join(re.escape(table[b]) for b in range(0x80, 0xC0))
        leads = "".join(re.escape(table[b]) for b in range(0xC2, 0xF5))
        odd = "".join(re.escape(c) for c in _ODD if c in conts)
        # U+FFFD stands for a lost continuation byte: the group goes on past it
        out.append((re.compile(f"[{leads}][{conts}\ufffd]+"), re.compile(f"[{odd}]")))
    return tuple(out)


def _random_like(text: str) -> bool:
    """True when no code page explains ``text`` as mojibake: under each, rare symbols
    that stand for continuation bytes follow no lead byte (STRAY_ODD of them at least,
    and at least a sixteenth as many as the grouped continuation characters).  Mojibake
    has none: every continuation byte follows its lead (leads are never lost; a U+FFFD
    standing for a lost continuation byte keeps the group going)."""
    if len(text) < STRAY_MIN_CHARS:
        return False
    for group_re, odd_re in _stray_patterns():
        grouped = 0
        inside = 0
        for m in group_re.finditer(text):
            grouped += m.end() - m.start() - 1
            inside += sum(1 for _ in odd_re.finditer(text, m.start(), m.end()))
        stray = sum(1 for _ in odd_re.finditer(text)) - inside
        if stray < STRAY_ODD or 16 * stray < grouped:
            return False
    return True
