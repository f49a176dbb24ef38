# ruff: noqa: RUF001, RUF002, RUF003
"""Evidence that a text is mojibake, before anything is changed (private to hotparse.mojibake).

A reading that merely scores better than the text is no reason to change it:
``√π`` is valid UTF-8 under MacRoman and ``Noé’s`` is a lead byte and a
continuation byte under cp1252.  Text is changed only where it shows sequences
that real text does not: ftfy's badness heuristic (``ftfy.badness.BADNESS_RE``,
Apache-2.0, maintained by Robyn Speer; tuned on large real-text corpora), minus
its matches made only of math, currency and superscript characters, which real
formulas do show (``¬±``, ``× ²``),
plus a few patterns of our own (below).

:func:`evidence` returns the spans; ``_passes._supported`` keeps the spots of a
repair that they support.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

import attrs

from ._badness import BADNESS_RE

__all__ = [
    "Evidence",
    "caps_broken",
    "cyrillic_capital_words",
    "evidence",
    "foreign_readings",
    "has_evidence",
    "is_formula",
    "sure_signs",
]


_CP1251_CONT = "".join(
    re.escape(bytes([b]).decode("cp1251")) for b in range(0x80, 0xC0) if b not in (0x98, 0xA0)
)
"""Continuation characters under cp1251 (no-break space aside, as after a Russian word)."""
_CP1251_SIGN = "".join(
    re.escape(ch)
    for ch in (bytes([b]).decode("cp1251") for b in range(0x80, 0xC0) if b not in (0x98, 0xA0))
    if (not ch.isalpha() or ch.isupper()) and ch not in "\u00ab\u00bb"
)
"""The symbols and capitals among them (guillemets aside)."""
_CP1251_LATIN_CONTS = (
    "\u0402\u0403\u201a\u0453\u201e\u2026\u2020\u2021\u20ac\u2030\u0409\u2039\u040a"
    "\u040c\u040b\u040f\u0452\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u2122\u0459"
    "\u203a\u045a\u045c\u045b\u045f\u00a0\u040e\u045e\u0408\u00a4\u0490\u00a6\u00a7"
    "\u0401\u00a9\u0404\u00ab\u00ac\u00ad\u00ae\u0407\u00b0\u00b1\u0406\u0456\u0491"
    "\u00b5\u00b6\u00b7\u0451\u2116\u0454\u00bb\u0458\u0405\u0455\u0457"
)
"""cp1251 continuation characters after a Cyrillic lead in a Latin word (colВ·lecciГі)."""
_CP1251_PUNCT_CONT = "".join(
    re.escape(c) for c in _CP1251_LATIN_CONTS if unicodedata.category(c)[0] == "P"
)
_CP1251_LATIN_CONT = "".join(
    re.escape(c) for c in _CP1251_LATIN_CONTS if unicodedata.category(c)[0] != "P"
)
_GLUED_LEAD_SPACE = "(?<=[0-9a-z.,])[\u00c2\u00c3] (?=\\S)|(?<=[a-z])\u00c3  (?=[a-z])"
"""A capital Â/Ã glued to a number or small word before a space (the no-break space of
its UTF-8 sequence turned into a plain one), or Ã glued to a small word before two
spaces (``voilÃ  le``: à, then the space of the text)."""
_MAC_LOW = "".join(re.escape(bytes([b]).decode("mac_roman")) for b in range(0x80, 0xA0))
_MAC_CONT = "".join(re.escape(bytes([b]).decode("mac_roman")) for b in range(0x80, 0xC0))
_OWN = re.compile(
    # U+FFFD beside a character that stands for a UTF-8 lead byte: a lost byte
    "[\u00c2-\u00f4\u011e\u011f\u0130\u0131\u015e\u015f][\ufffd]"
    # C1 controls: never text (Windows-1252 quotes decoded as Latin-1, undefined bytes)
    "|[\x80-\x9f]"
    # a Latin letter, then a Cyrillic letter that stands for a lead byte under cp1251 and
    # a character that stands for a continuation byte (no word mixes scripts so):
    # colВ·lecciГі
    # (a punctuation mark then only before a letter: a Cyrillic С closing «XBС» is a
    # look-alike of C, not a lead)
    f"|(?<=[A-Za-z\u00df-\u00ff])[\u0412-\u042f\u0430-\u0444]"
    f"(?:[{_CP1251_LATIN_CONT}]|[{_CP1251_PUNCT_CONT}](?=[^\\W\\d_]))"
    # CJK and kana (E3-E9, EF leads) read as cp1251: a small lead letter and two
    # continuation characters, one of them a symbol or a capital (гЃ™ for す, еђ‘ for 向)
    # (not after a letter а-я or А-Я, itself a lead: a lead after a lead is no UTF-8,
    # as a Cyrillic word glued to marks, нутаг‹›)
    f"|(?<![\u0410-\u044f])[\u0433-\u0439\u043f]"
    f"(?:[{_CP1251_SIGN}][{_CP1251_CONT}]|[{_CP1251_CONT}][{_CP1251_SIGN}])"
    # MacRoman's no-break space (¬†) before a word
    "|\u00ac\u2020(?=\\w)"
    # MacRoman's degree sign after a letter (N¬∞ for N°)
    "|(?<=[A-Za-z])\u00ac\u221e"
    # a capital Â/Ã glued to a number or a small word, then a space: a no-break space
    # turned into a space (1Â mil.Â EUR); no word ends so
    f"|{_GLUED_LEAD_SPACE}"
    # E2 (math, arrows, punctuation) read as MacRoman: a low-9 quote, a letter for
    # 0x80-0x9F and a continuation character (‚àö for √, ‚àû for ∞); no quote mark
    # opens a word with two accented letters
    f"|\u201a[{_MAC_LOW}][{_MAC_CONT}]"
    # × read as MacRoman or cp1250; a MacRoman root before an accented letter
    # (Ă— not after a capital: a Romanian word of capitals before a dash, ROMÂNĂ—)
    "|\u221a\u00f3|(?<![A-Z\u00c0-\u00de])\u0102\u2014"
    "|\u221a[\u00c4\u00c5\u00c7\u00c9\u00d1\u00d6\u00dc\u00e0-\u00fc]"
    # a Cyrillic lead and a continuation between Latin text: environment.В\xa0https
    "|(?<=[A-Za-z.,;:!?])[\u0412-\u042f\u0430-\u0444][\u00a0\u00b0](?=[A-Za-z])"
)


@attrs.frozen(kw_only=True)
class Evidence:
    """Where ``text`` shows mojibake."""

    spans: tuple[tuple[int, int], ...]
    """Offsets of the sequences that real text does not show, in text order."""
    sure: tuple[tuple[int, int], ...] = ()
    """The spans among them that are enough, on their own, for a lost-byte guess they
    touch (see :func:`_sure_spans`), in text order."""
    whole: bool = False
    """True when the one span is the whole text, valid UTF-8 under a code page with
    several sequences: evidence for every spot of that layer."""

    _longest: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_longest", max((b - a for a, b in self.spans), default=0))

    def touches(self, start: int, end: int) -> bool:
        """True when a span overlaps ``start..end`` (or touches it, for an empty one)."""
        # spans are sorted by start; the longest span bounds how far back one can reach
        i = bisect.bisect_left(self.spans, (end,))
        reach = start - self._longest
        while i > 0:
            i -= 1
            a, b = self.spans[i]
            if a < reach:
                break
            if a < end and b > start:
                return True
        return False

    def __bool__(self) -> bool:
        return bool(self.spans)

    def sure_touches(self, start: int, end: int) -> bool:
        """True when a sure span overlaps ``start..end``."""
        return any(a < end and b > start for a, b in self.sure)


_FORMULA = frozenset(("Sm", "Sc", "Sk", "No", "Zs", "Po", "Pd"))
"""Categories of math, currency, superscripts, spaces, dashes and other punctuation
(† ‰ §): formulas put them side by side."""


_SPACE_AFTER = re.compile("[\u00c2\u00c3] $")
"""ftfy's ``Â``/``Ã`` before a plain space: also a capital word of French or Portuguese
(``et Â la``); a no-break space turned into a space is undone only beside other signs."""


@lru_cache(maxsize=4096)
def _ends_in_space(found: str) -> bool:
    return _SPACE_AFTER.search(found) is not None


_OPENING_QUOTE = re.compile("[\u00ab\u00bb\u2039\u203a\u201e\u201c\u201a\u2018][^\\W\\d_]$")
"""ftfy's match of a quotation mark and a letter, the mark opening a word (»Åse« as
Danish and German quote): that quote before a lead byte's letter is no sign."""


def _inside_word(text: str, start: int, end: int) -> bool:
    """True when letters stand on both sides of ``text[start:end]`` (Hyv√§rinen: no
    formula sits inside a word)."""
    return start > 0 and end < len(text) and text[start - 1].isalpha() and text[end].isalpha()


def _in_capitals(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is capital letters inside a word of capitals
    (``NUORTTÂLÂŠKIELÂ``: Â before Š is no sign there)."""
    if not all(ch.isupper() for ch in text[start:end]):
        return False
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (before.isupper() or not before.isalpha()) and (after.isupper() or not after.isalpha())


# A word made only of Cyrillic capitals (ШІ, РІМІНІ, СІРІ): Ukrainian, Belarusian and
# Kazakh write such words with letters that cp1251 also gives for continuation bytes
# (І Ї Є Ў Ґ Ё), so the capitals' pairs read as UTF-8 by chance.
_CYRILLIC_CAPITALS = "".join(chr(c) for c in range(0x0400, 0x0530) if chr(c).isupper())
_CYRILLIC_CAPITAL_WORD = re.compile(
    f"(?<![^\\W\\d_])[{_CYRILLIC_CAPITALS}]+(?![^\\W\\d_])"
)
_NON_CYRILLIC_LETTER = re.compile("(?![\u0400-\u052f])[^\\W\\d_]")
"""A letter of another script than Cyrillic."""


def _reads_cyrillic(text: str, start: int, end: int) -> bool:
    """True when the word ``text[start:end]`` (with the continuation characters after
    it) is, as cp1251 bytes, UTF-8 for modern Cyrillic letters: ``РЎРЎРЎР\xa0`` is
    СССР and ``РІС–РЅ`` is він, but ``РІМІНІ`` reads as в and a combining mark."""
    while end < len(text) and text[end] in _CP1251_CONTS:
        end += 1
    try:
        read = text[start:end].encode("cp1251").decode("utf-8")
    except UnicodeError:
        return False
    return all("\u0400" <= ch <= "\u045f" or ch in "\u0490\u0491" for ch in read)


def cyrillic_capital_words(text: str) -> list[tuple[int, int]]:
    """The spans of the words of ``text`` made only of Cyrillic capitals that are no
    sign of mojibake (their cp1251 reading is no Cyrillic word), in text order."""
    return [
        m.span()
        for m in _CYRILLIC_CAPITAL_WORD.finditer(text)
        if not _reads_cyrillic(text, *m.span())
    ]


def _in_cyrillic_capitals(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` lies in a word made only of Cyrillic capitals
    (``ШІ``, ``ПЌ``) whose cp1251 reading is no Cyrillic word: capitals of real text,
    no sign of mojibake by themselves."""
    a, b = start, end
    while a > 0 and text[a - 1].isalpha():
        a -= 1
    while b < len(text) and text[b].isalpha():
        b += 1
    return _CYRILLIC_CAPITAL_WORD.fullmatch(text, a, b) is not None and not _reads_cyrillic(
        text, a, b
    )


@lru_cache(maxsize=4096)
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


_LATIN_WORD_LETTERS = frozenset(
    "ƁɓƇƈƊɗƑƒƓƘƙƝƠơƯưƳƴƷǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǝǦǧǨǩǪǫǮǯǴǵǸǹȘșȚțȞȟȦȧȨȩȮȯȲȳ"
    "ƐƆƏƲɐɑɒɔɕɖəɛɡɣɨɩɪɲɵʃʉʊʋʌʒʔʻʼʾʿˈˌː"
)
"""Letters beyond Latin Extended-A that living orthographies write inside Latin words
(Azerbaijani, Romanian, Vietnamese, pinyin, African languages, Hawaiian ...)."""


def _in_latin_words(ch: str) -> bool:
    """True for a character that words of Latin letters hold: the letters above, a
    common combining accent (text in NFD), a Greek letter or a Russian one."""
    cp = ord(ch)
    return (
        ch in _LATIN_WORD_LETTERS
        or 0x0300 <= cp <= 0x030C or cp in (0x0323, 0x0327, 0x0328, 0x0331)
        or 0x0391 <= cp <= 0x03C9
        or 0x0410 <= cp <= 0x044F or cp in (0x0401, 0x0451)
    )


_POSSESSIVE = re.compile("[\u2019']s(?![^\\W\\d_])")
"""An apostrophe and the s of a possessive, the word ending there."""


@lru_cache(maxsize=1)
def _table_followers() -> dict[str, frozenset[str]]:
    """Every match of :func:`_table_patterns` begins with a character standing for a
    lead byte C2-DF, E2 or F0 under a code page, then one standing for a continuation
    byte under the same code page: those leads, each with the continuations that may
    follow it (a few hundred table look-ups, against a tenth of a second to build and
    compile the patterns)."""
    from ._codepages import CODEPAGES, codepage

    followers: dict[str, set[str]] = {}
    for name in CODEPAGES:
        table = codepage(name).decode_table
        conts = {table[b] for b in range(0x80, 0xC0)}
        for b1 in (*range(0xC2, 0xE0), 0xE2, 0xF0):
            followers.setdefault(table[b1], set()).update(conts)
    return {lead: frozenset(after) for lead, after in followers.items()}


def _may_match_tables(text: str) -> bool:
    """False proves that :func:`_table_patterns` finds nothing in ``text``: no lead
    character stands before a continuation character of its code page."""
    followers = _table_followers()
    if followers.keys().isdisjoint(text):
        return False
    for lead in followers.keys() & set(text):
        after = followers[lead]
        i = text.find(lead)
        while i >= 0:
            if text[i + 1 : i + 2] in after:
                return True
            i = text.find(lead, i + 1)
    return False


def _table_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of :func:`_table_patterns` in ``text``.

    Fast path: a text where no match can begin (most clean text, Turkish ``ğ`` and
    French ``â`` included) is not searched, and the patterns (about a tenth of a
    second to build and compile) are not built for it; tests/test_fast_paths.py
    checks the skip against the patterns."""
    if not _may_match_tables(text):
        return iter(())
    return _table_patterns().finditer(text)


@lru_cache(maxsize=1)
def _table_patterns() -> re.Pattern[str]:
    """Patterns built from the code pages' tables (see :func:`evidence`)."""
    from ._codepages import CODEPAGES, codepage

    parts: list[str] = []
    firsts: set[str] = set()
    for name in CODEPAGES:
        table = codepage(name).decode_table
        conts = "".join(re.escape(table[b]) for b in range(0x80, 0xC0))
        # the lead of a Latin letter (C2-C5) and a continuation before a small Latin
        # letter; an upper-case two-byte lead and a continuation letter or symbol before
        # one (no-break space and apostrophe aside: "À\xa0la", "É’s"), when the two stand
        # for a character that words of Latin letters hold (ə ș ơ ɛ ʻ, a combining
        # accent, a Greek or Russian letter: HÉ™sÉ™n, 10Î¼m).  After a small letter, a
        # pair of two capitals, a capital and a dash or other punctuation (Ä— Å· Ñ…),
        # or one that stands for a capital is no sign (MoĞra).
        anywhere: dict[str, str] = {}
        not_after_small: dict[str, str] = {}
        after_letter: dict[str, str] = {}
        for b1 in range(0xC2, 0xE0):
            lead = table[b1]
            if b1 < 0xC6 and not lead.isalpha():
                # a symbol lead (MacRoman's √ ≈) only between letters, for a small
                # letter: Hyv√§rinen
                after_letter[lead] = "".join(
                    re.escape(table[b])
                    for b in range(0x80, 0xC0)
                    if bytes((b1, b)).decode("utf-8").islower()
                )
                continue
            if not (b1 < 0xC6 or lead.isupper()) or lead == "\u0192":
                # (MacRoman's ƒ for C4 is a function sign more often than a lead)
                continue
            for b2 in range(0x80, 0xC0):
                cont = table[b2]
                decoded = bytes((b1, b2)).decode("utf-8")
                if b1 >= 0xC6 and (
                    cont in "\u00a0\u2019'" or cont.islower() or cont.isspace()
                    or not _in_latin_words(decoded)
                ):
                    continue
                capital = (
                    decoded.isupper()
                    or (lead.isupper() and cont.isupper())
                    or unicodedata.category(cont) in ("Pd", "Po", "Sk")
                )
                kept = not_after_small if capital else anywhere
                kept[lead] = kept.get(lead, "") + re.escape(cont)
        # nor right after a letter that stands for a lead byte itself: a lead after a
        # lead is no UTF-8 (a Cyrillic word of capitals glued to a dash: ...АР–t)
        leads = "".join(re.escape(table[b]) for b in range(0xC0, 0x100) if table[b].isalpha())
        for kept, before in (
            (anywhere, f"(?<![{leads}])"),
            (not_after_small, f"(?<![a-z{leads}])"),
            (after_letter, "(?<=[A-Za-z])"),
        ):
            if kept:
                alternatives = "|".join(f"{re.escape(a)}[{b}]" for a, b in kept.items())
                parts.append(f"{before}(?:{alternatives})(?=[a-z])")
                firsts.update(kept)
        root = "\u221a"
        if root in after_letter:
            # MacRoman's √ lead after a word's letters, before another √ or at the
            # word's end (tutkijainsin√∂√∂ri, Ringl√≥)
            smalls = after_letter[root]
            parts.append(f"(?<=[A-Za-z]{{2}}){root}[{smalls}](?={root}|(?![\\w]))")
        # an emoji (F0 9F ...): its first two characters and two continuation ones
        parts.append(f"{re.escape(table[0xF0] + table[0x9F])}[{conts}]{{2}}")
        # an emoji that lost one continuation byte, not before a letter beyond ASCII
        # (рџІ for 😲 under cp1251, where 0x98 is undefined) nor after one (the
        # Serbian name Ђорђе... Џорџ» ends in рџ before a closing mark); mathematical
        # letters (F0 9D ...) side by side, whole or with a byte lost (рќ©рќ° for 𝘩𝘰)
        high_letters = "".join(
            re.escape(table[b]) for b in range(0x80, 0x100) if table[b].isalpha()
        )
        parts.append(
            f"(?<![{high_letters}]){re.escape(table[0xF0] + table[0x9F])}[{conts}]"
            f"(?!(?!{re.escape(table[0xF0])})[^\\W\\d_A-Za-z])"
        )
        parts.append(f"(?:{re.escape(table[0xF0] + table[0x9D])}[{conts}][{conts}]?){{2,}}")
        firsts.update((table[0xF0], table[0xE2]))
        # E2 (punctuation, arrows, dingbats such as ✨ ✅) then a continuation from
        # 0x80-0x9F and one more that is no small letter: ‚ú®, вњЁ
        low = "".join(re.escape(table[b]) for b in range(0x80, 0xA0))
        last = "".join(
            re.escape(table[b]) for b in range(0x80, 0xC0) if not table[b].islower()
        )
        parts.append(f"{re.escape(table[0xE2])}[{low}][{last}]")
    # one look at the first character before the alternatives: most characters start none
    first = "".join(re.escape(c) for c in sorted(firsts))
    return re.compile(f"(?=[{first}])(?:{'|'.join(parts)})")


@lru_cache(maxsize=1)
def _run_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Per code page: two or more UTF-8 sequences side by side, each a lead character and
    its continuation characters (see :func:`_runs`)."""
    from ._codepages import CODEPAGES, codepage

    found: list[tuple[str, re.Pattern[str]]] = []
    for name in CODEPAGES:
        table = codepage(name).decode_table

        def cls(low: int, high: int, table: tuple[str, ...] = table) -> str:
            return "".join(re.escape(table[b]) for b in range(low, high + 1))

        cont = cls(0x80, 0xBF)
        # not inside a word of the code page's own letters (Kazakh СӘУІР—)
        letters = "".join(re.escape(table[b]) for b in range(0x80, 0x100) if table[b].isalpha())
        found.append((name, re.compile(
            f"(?<![{letters}])"
            f"(?:[{cls(0xC2, 0xDF)}][{cont}]|[{cls(0xE0, 0xEF)}][{cont}]{{2}}"
            f"|[{cls(0xF0, 0xF4)}][{cont}]{{3}}){{2,}}"
        )))
    return tuple(found)


def _runs(text: str) -> Iterator[tuple[int, int]]:
    """Two or more UTF-8 sequences side by side under one code page, with a symbol among
    their characters, that read as letters beyond Latin (and their marks and signs):
    Arabic, kana, CJK, mathematical letters read as cp1251, cp1250 or MacRoman
    (``Ш§Щ„`` for ال, ``ĺ‹•ç”»`` for 動画, ``рќљ”`` twice for 𝚔𝚔, ``„Åó„Åø`` for しみ).
    Real text does not put lead and continuation characters so, a symbol among them (not
    only a mark closing the run), outside a word of the code page's letters."""
    from ._codepages import encode_sloppy

    for name, pattern in _run_patterns():
        for m in pattern.finditer(text):
            raw = m.group()
            if raw[:-1].isalpha():
                continue
            try:
                read = encode_sloppy(raw, name).decode("utf-8")
            except (KeyError, UnicodeError):
                continue
            if all(ord(ch) >= 0x370 for ch in read) and any(ch.isalpha() for ch in read):
                yield m.span()


_LONE_LEAD = re.compile(
    # the lead of a two-byte character (often a no-break space) whose continuation byte
    # was lost, between small letters (theÂpleasure, VerÃssimo) or glued to a link:
    # Â and Ã are capitals, which no word writes so
    "(?<=[a-z])[\u00c2\u00c3](?=[a-z])|[\u00c2\u00c3](?=https?://)"
)


@lru_cache(maxsize=1)
def _lossy_run_patterns() -> tuple[re.Pattern[str], ...]:
    """Per code page: two or more three-byte leads side by side, each with one
    continuation character left (see :func:`_sure_spans`)."""
    from ._codepages import CODEPAGES, codepage

    found: list[re.Pattern[str]] = []
    for name in CODEPAGES:
        if name == "cp1251":
            # its leads E0-EF are the Cyrillic letters а-п, and its continuation
            # characters hold і ї є: Ukrainian він… is such a run
            continue
        table = codepage(name).decode_table
        leads = "".join(re.escape(table[b]) for b in range(0xE0, 0xF0))
        conts = "".join(re.escape(table[b]) for b in range(0x80, 0xC0))
        high = "".join(re.escape(table[b]) for b in range(0x80, 0x100))
        found.append(
            re.compile(f"(?<![A-Za-z{high}])(?:[{leads}][{conts}]){{2,}}(?![{conts}])")
        )
    return tuple(found)


def _sure_spans(text: str) -> Iterator[tuple[int, int]]:
    """Sequences that real text never shows and that speak for a lost byte beside them:
    a lone ``Â``/``Ã`` between small letters or before a link; and two or more
    three-byte leads (kana, CJK) side by side, each with one continuation character and
    a symbol among them (``ã—ã¿`` for しみ under cp1254, 0x81 lost)."""
    for m in _LONE_LEAD.finditer(text):
        yield m.span()
    for pattern in _lossy_run_patterns():
        for m in pattern.finditer(text):
            if not m.group().isalpha():
                yield m.span()


_GLUED_LEAD_SPACE_RE = re.compile(_GLUED_LEAD_SPACE)


def sure_signs(text: str) -> int:
    """How many sequences of ``text`` real text never shows: beside a lost byte, and a
    capital Â/Ã glued to a number or small word before a space."""
    return len(set(_sure_spans(text))) + len(_GLUED_LEAD_SPACE_RE.findall(text))


def _spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``text`` that are mojibake, as far as sequences tell (unordered)."""
    yield from _base_spans(text)
    yield from _added_spans(text)


def _added_spans(text: str) -> Iterator[tuple[int, int]]:
    """Runs and sure signs (each span once, even where two code pages find it)."""
    yield from _runs(text)
    yield from _sure_spans(text)


def _base_spans(text: str) -> Iterator[tuple[int, int]]:
    """ftfy's heuristic, our patterns and the table patterns (unordered)."""
    for m in BADNESS_RE.finditer(text):
        found = m.group()
        if _ends_in_space(found):
            continue
        if is_formula(found) and not _inside_word(text, *m.span()):
            continue
        if found.isupper() and _in_capitals(text, *m.span()):
            continue
        if _OPENING_QUOTE.match(found) and (m.start() == 0 or not text[m.start() - 1].isalnum()):
            continue
        yield m.span()
    for m in _OWN.finditer(text):
        yield m.span()
    for m in _table_matches(text):
        if _POSSESSIVE.match(text, m.end() - 1):
            # a capital and the apostrophe of a possessive: Å’s, ALEMÃ’s
            continue
        yield m.span()
    if _CYRILLIC_WORD.search(text) is None:
        # Cyrillic beside a cp1251 continuation character, in a text without a Cyrillic
        # word: µ and ε read as cp1251 give Оµ, § gives В§, ∞ gives в€ћ.  Two Cyrillic
        # letters are no sign in a word of Cyrillic capitals (ШІ, the Ukrainian for AI)
        # nor in a text whose letters are all Cyrillic (Оё, a Belarusian place name)
        only_cyrillic = _NON_CYRILLIC_LETTER.search(text) is None
        for m in _CYRILLIC_PAIR.finditer(text):
            if m.group().isalpha() and (
                only_cyrillic or _in_cyrillic_capitals(text, *m.span())
            ):
                continue
            if _quoted_cyrillic_word(text, *m.span()):
                continue
            yield m.span()


_WORD_CLOSERS = "\u00bb\u2026\u203a\u201d\u2019\u00a9\u00ae\u2122"
"""Marks that follow a word: » … › ” ’ © ® ™ (all continuation characters under cp1251)."""
_WORD_OPENERS = "\u00ab\u2039\u201e\u201c\u2018"
"""Marks that open a word: « ‹ „ “ ‘."""


def _quoted_cyrillic_word(text: str, start: int, end: int) -> bool:
    """True when the pair ``text[start:end]`` lies in a short word of Cyrillic letters
    set off by a mark: an opening mark before its first letter (``«ЕР``), a closing
    one after its last (``ЕР»``, ``ЕС…``, ``by Д… https``), or two of its letters when
    such a mark stands beside it (``аў…``, a word cut short).  Real cp1251 damage puts
    such pairs inside words of other letters (``sД…`` for Polish są) or among others."""
    a = start + (text[start] in _WORD_OPENERS)
    b = end - (text[end - 1] in _WORD_CLOSERS)
    if a >= b or not all(_is_cyrillic_letter(ch) for ch in text[a:b]):
        return False
    while a > 0 and _is_cyrillic_letter(text[a - 1]):
        a -= 1
    while b < len(text) and _is_cyrillic_letter(text[b]):
        b += 1
    opened = a > 0 and text[a - 1] in _WORD_OPENERS
    closed = b < len(text) and text[b] in _WORD_CLOSERS
    if not (opened or closed):
        return False
    left, right = a - 1 - opened, b + closed
    before = text[left] if left >= 0 else " "
    after = text[right] if right < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _is_cyrillic_letter(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff" and ch.isalpha()


def _script(ch: str) -> str:
    """The first word of the character's Unicode name (LATIN, CYRILLIC, ARABIC, CJK,
    MODIFIER, COMBINING ...)."""
    return unicodedata.name(ch, "?").split(" ", 1)[0]


_AT_HOME = frozenset(("LATIN", "GREEK"))
"""Scripts whose letters stand alone in Latin text (10μm, the α of a formula)."""


def _scripted(ch: str) -> bool:
    """True for a character that belongs to one script: a letter, any character of the
    script blocks between Greek and General Punctuation (an Arabic comma, an NKo digit),
    or of the supplementary planes outside emoji and mathematical letters (Roman signs,
    historic scripts)."""
    cp = ord(ch)
    return (
        ch.isalpha()
        or 0x0370 <= cp < 0x2000
        or (cp >= 0x10000 and not 0x1D400 <= cp < 0x1D800 and not 0x1F000 <= cp < 0x1FC00)
    )


def _scripts(chars: str) -> Counter[str]:
    return Counter(_script(c) for c in chars if not c.isascii() and _scripted(c))


def foreign_readings(text: str, spots: list[tuple[int, int, str]]) -> list[bool]:
    """For each spot ``(start, end, replacement)`` of ``text``: True when its replacement
    brings a character of a script that nothing else of the text, repaired, is written
    in, beyond Latin and Greek (``”Ñandú`` read as ``ӄandú``, ``Ş ×Ş`` as Hebrew, ``ğ†``
    as a CJK ideograph, ``‹Å`` as a Syriac stop), a Latin letter beyond Latin Extended-A
    that no living orthography writes (``ȁ``), or a modifier letter or combining mark: a
    reading that one sign alone does not justify."""
    total = _scripts(text)
    for start, end, replacement in spots:
        total.subtract(_scripts(text[start:end]))
        total.update(_scripts(replacement))
    out: list[bool] = []
    for _, _, replacement in spots:
        own = _scripts(replacement)
        found = False
        for ch in replacement:
            category = unicodedata.category(ch)
            if category[0] == "M" or category in ("Lm", "Sk"):
                found = True
                break
            if ch.isascii() or not _scripted(ch):
                continue
            script = _script(ch)
            if script == "LATIN":
                if 0x0180 <= ord(ch) < 0x02B0 and ch not in _LATIN_WORD_LETTERS:
                    found = True
                    break
                continue
            if script in _AT_HOME:
                continue
            if total[script] - own[script] <= 0:
                found = True
                break
        out.append(found)
    return out


def evidence(text: str) -> Evidence:
    """The spans of ``text`` that are mojibake, as far as sequences tell."""
    base = list(_base_spans(text))
    added = set(_added_spans(text)).difference(base)
    sure = tuple(sorted(set(_sure_spans(text))))
    return Evidence(spans=tuple(sorted(base + list(added))), sure=sure)


def has_evidence(text: str) -> bool:
    """``bool(evidence(text))``, stopping at the first span."""
    return next(_spans(text), None) is not None


def caps_broken(repaired: str, start: int, end: int) -> bool:
    """True when ``repaired[start:end]`` (a repair's replacement, in the repaired text)
    puts a small letter inside a word of capitals (the word's other letters, two at
    least, all capitals: all-caps leetspeak such as ``MÄ£ÄM`` is not ``MģÄM``).  A
    small letter with no one-letter capital (``ß`` in ``STRAßE``) is allowed; ASCII
    letters, which no repair makes, are not looked at, nor a letter followed by a
    character that stands for a continuation byte (mojibake of a further layer)."""
    if not any(
        not c.isascii() and c.islower() and len(c.upper()) == 1 and c.upper() != c
        for c in repaired[start:end]
    ):
        return False
    from ._suspect import _pair_re

    if _pair_re().search(repaired, max(0, start - 1), end + 1):
        # a layer still to undo: the letter is a lead or continuation byte's character
        # beside its partner (``VSLAMÃ¢â‚¬`` read once is ``VSLAMâ€``, ``S3‚àö√≥Z3``
        # is ``S3√óZ3``)
        return False
    lo = start
    while lo > 0 and not repaired[lo - 1].isspace():
        lo -= 1
    hi = end
    while hi < len(repaired) and not repaired[hi].isspace():
        hi += 1
    around = [c for c in repaired[lo:start] + repaired[end:hi] if c.isalpha()]
    return len(around) >= 2 and all(c.isupper() for c in around)
