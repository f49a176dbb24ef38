# ruff: noqa: RUF002
"""What a repair left damaged: signs of mojibake still in a repaired text (private to
hotparse.mojibake; public as :func:`hotparse.mojibake.damage_left`)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import lru_cache

from ._codepages import CODEPAGES, codepage
from ._suspect import might_be_mojibake

__all__ = ["damage_left", "names_damaged"]

_SNIPPET = 12
"""Characters shown on each side of a sign left."""
_SIGNS = 3
"""Signs of each kind looked for (the message names a few; one is enough to flag)."""


@lru_cache(maxsize=32)
def _lone_lead_re(encoding: str, repaired: bool) -> re.Pattern[str] | None:
    """A capital that stands for a two-byte lead byte under ``encoding`` where no word of
    real text puts one: between two small ASCII letters, alone or side by side
    (``VerÃssimo``, ``VerĂssimo``, ``areВexcited``, ``MoravÄÃk``), after the capital
    opening a word before a small letter (``KÅhei``), ending a word after a small
    letter (``JeriÄ``, ``RyÅ``), or before a letter of another script than Latin and
    Cyrillic (``Õոտ``); the lead of a no-break space (0xC2) glued to a word or a mark
    before a tag, a space, a digit or a capital (``environment.Â<a``, ``@Poyonoz,ÂMartin``);
    opening a word of small ASCII letters, for the leads 0xC2, 0xC3 and 0xC5
    (``Ãlvarez``, ``Åukasz``: Á and Ł lost their second byte), or for any lead in a
    ``repaired`` text (damaged as a whole, so that a real capital of that code page
    would be mojibake too: ``Åenol``); the first two bytes of an emoji with nothing
    after them (``đź`` before ``https``); the lead of a three-byte character touching
    kana or CJK (``ViTãた``: both continuations lost).  The code page is the one the record (or its
    post) was repaired from."""
    if encoding not in CODEPAGES:
        return None
    table = codepage(encoding).decode_table
    caps = "".join(re.escape(table[b]) for b in range(0xC2, 0xE0) if table[b].isupper())
    if not caps:
        return None
    nbsp = re.escape(table[0xC2])
    openers = (
        caps
        if repaired
        else "".join(re.escape(table[b]) for b in (0xC2, 0xC3, 0xC5) if table[b].isupper())
    )
    # (in a repaired text one small letter after it is enough, accented or not:
    # ``Åuštar``, where Š lost its 0xA0 and š was repaired; ``Æn`` for ``Ơn``; ``Äüler``)
    rest = "[a-z\u00df-\u00f6\u00f8-\u00ff]" if repaired else "[a-z]{2}"
    opening = f"|(?<![^\\s(])[{openers}](?={rest})" if openers else ""
    # right after the ASCII capital that opens a word
    after_capital = "(?<=[A-Z])(?<![^\\W\\d_][A-Z])"
    if repaired:
        # and in a repaired text, ending a word after its opening ASCII capital
        # (``BĂ`` for ``Bà``: the no-break space 0xA0 of à was lost)
        opening += f"|{after_capital}[{caps}](?![^\\W\\d_])"
    conts = "".join(re.escape(table[b]) for b in range(0x80, 0xC0))
    # the first two bytes of an emoji (F0 9F) with no continuation after them
    emoji = f"|{re.escape(table[0xF0] + table[0x9F])}(?![{conts}\ufffd])"
    # in a repaired text, the lead of a no-break space before a letter of a script
    # other than Latin and Cyrillic (``Вз”џ`` read as ``В生``: the 0xA0 was lost)
    foreign = f"|{nbsp}(?=[^\\W\\d_a-zA-Z\u00c0-\u024f\u0400-\u04ff])" if repaired else ""
    # the lead of a three-byte character (kana, kanji, CJK punctuation) touching kana
    # or CJK: both its continuations were lost (``ViTãた``: き lost 0x81 and 0x8D)
    leads3 = "".join(re.escape(table[b]) for b in range(0xE0, 0xF0))
    cjk = "\u3000-\u30ff\u3400-\u9fff\uac00-\ud7a3\uff00-\uffef"
    cut3 = f"|[{leads3}](?=[{cjk}])|(?<=[{cjk}])[{leads3}](?![{conts}])"
    # after the ASCII capital that opens a word, before a small letter (``KÅhei``,
    # ``VÄn``: ō and ă lost their second byte), and ending a word after a small
    # letter (``JeriÄ``: č lost its 0x8D); real words put no such capital there
    second = f"|{after_capital}[{caps}](?=[a-z])"
    last = f"|(?<=[A-Za-z][a-z])[{caps}](?![^\\W\\d_])"
    # before a letter of a script neither Latin nor Cyrillic (``Õոտ`` for Armenian
    # ``խոտ``: D5 lost 0x8D, ``ÎÎα`` for Greek): no word joins such a capital to it
    script = f"|[{caps}](?=[^\\W\\d_a-zA-Z\u00c0-\u024f\u1e00-\u1eff\u0400-\u052f])"
    return re.compile(
        f"(?<=[a-z])[{caps}]+(?=[a-z])|(?<=[\\w.,;:!?)]){nbsp}(?=[<\\sA-Z0-9])"
        f"{second}{last}{script}{opening}{emoji}{foreign}{cut3}"
    )


@lru_cache(maxsize=1)
def _cut_lead_re() -> re.Pattern[str]:
    """The lead of a three-byte character (0xE2, ``â`` under cp1252 and its kin) after no
    letter, with one continuation that is not a letter and nothing after it that could
    continue it: a character whose middle byte was lost (``Sundaram:â°<a``, ``⁰``
    with its 0x81 dropped).  Real text puts ``â`` inside or at the start of a word,
    before a letter."""
    table = codepage("cp1252").decode_table
    conts = [table[b] for b in range(0x80, 0xC0) if table[b] not in ("\u00a0", "\u00ad")]
    symbols = "".join(re.escape(c) for c in conts if not c.isalpha() and len(c) == 1)
    every = "".join(re.escape(c) for c in conts)
    return re.compile(f"(?<![^\\W\\d_])\u00e2[{symbols}](?![{every}\\w])")


_NAME_PAGES = ("cp1252", "cp1254", "cp1250", "cp1251", "latin-1", "cp1257")
"""Code pages a name seen clean elsewhere in the post is looked for damaged under."""


@lru_cache(maxsize=4096)
def _damaged_forms(word: str) -> frozenset[str]:
    """``word``'s UTF-8 bytes read as each of _NAME_PAGES: undefined bytes kept as C1
    controls, dropped, or read as U+FFFD; no-break space and soft hyphen kept or dropped."""
    data = word.encode("utf-8")
    forms: set[str] = set()
    for name in _NAME_PAGES:
        if name not in CODEPAGES:
            continue
        page = codepage(name)
        table = page.decode_table
        kept = "".join(table[b] for b in data)
        dropped = "".join(
            table[b] for b in data if b not in page.undefined and table[b] not in "\u00a0\u00ad"
        )
        fffd = "".join(
            "\ufffd" if b in page.undefined else table[b]
            for b in data
            if table[b] not in "\u00a0\u00ad" or b in page.undefined
        )
        forms.update((kept, dropped, fffd))
    forms.discard(word)
    return frozenset(forms)


def names_damaged(text: str, names: Sequence[str]) -> tuple[str, ...]:
    """Snippets of ``text`` where a word of ``names`` (text seen clean elsewhere in the
    post: the paper's authors line, a clean author name of another tweet) stands
    damaged: its UTF-8 bytes read as a single-byte code page, bytes possibly lost
    (``Åukasz`` where the authors line has ``Łukasz``)."""
    if text.isascii():
        return ()
    out: list[str] = []
    for word in sorted({w for name in names for w in name.split() if not w.isascii()}):
        if len(word) < 3:
            continue
        for form in sorted(_damaged_forms(word)):
            if len(form) < 3:
                continue
            at = text.find(form)
            if at >= 0:
                snippet = text[max(0, at - _SNIPPET) : at + len(form) + _SNIPPET]
                if snippet not in out:
                    out.append(snippet)
                break
        if len(out) >= _SIGNS:
            break
    return tuple(out)


def damage_left(
    text: str,
    encoding: str | None = None,
    *,
    repaired: bool = False,
    produced: Sequence[tuple[int, int]] = (),
) -> tuple[str, ...]:
    """Snippets of ``text`` that still show mojibake after a repair (empty when nothing
    is left): sequences real text does not show (the evidence a repair starts from,
    looked for when :func:`might_be_mojibake`) and, when ``encoding`` names the code
    page the record or its post was repaired from, a lone lead byte's capital where no
    word puts one.  ``repaired``: the text is the repair of a damaged text (else one
    the repair left as it was); ``produced``: the spans of ``text`` the repair wrote
    (a capital there is the repair's reading, not a lead left: ``Éric``)."""
    if text.isascii():
        return ()
    found: list[tuple[int, int]] = []
    if might_be_mojibake(text):
        from ._evidence import _spans

        # the first signs are enough to name the damage: the scan stops early, so a
        # huge field full of signs costs no more than a short one
        found.extend(itertools.islice(_spans(text), _SIGNS))
    found.extend(itertools.islice((m.span() for m in _cut_lead_re().finditer(text)), _SIGNS))
    lone = _lone_lead_re(encoding, repaired) if encoding else None
    if lone is not None:
        matches = (
            m.span()
            for m in lone.finditer(text)
            if not any(a <= m.start() < b for a, b in produced)
        )
        found.extend(itertools.islice(matches, _SIGNS))
    out: list[str] = []
    for a, b in sorted(set(found)):
        snippet = text[max(0, a - _SNIPPET) : b + _SNIPPET]
        if snippet not in out:
            out.append(snippet)
    return tuple(out)
