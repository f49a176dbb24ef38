"""Whole-text readings: a text that is one lossless mis-decoding as a whole, read back
exactly at C speed, and the scores such readings are judged on (private to
hotparse.mojibake)."""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from ._codepages import CODEPAGES, codepage
from ._report import Candidate, RepairReport, Spot, _unchanged
from ._suspect import _pair_re
from ._tuning import CODEPAGE_COST, LAYER_MARGIN, LEX_WEIGHT, MIN_WHOLE_SEQUENCES, PIECE_RUNS

if TYPE_CHECKING:
    from ._evidence import Evidence


def _whole_layers(text: str, stop: int | None = None) -> int:
    """The most UTF-8 sequences that ``text`` holds when the whole of it is valid UTF-8
    under one of the code pages (0 when it is under none), not counting sequences
    made only of math and currency characters (times-pound) nor those inside a word of
    Cyrillic capitals that reads as no Cyrillic word (Ukrainian "RIMINI" in capitals
    holds three cp1251 pairs; see :func:`_evidence.cyrillic_capital_words`): two or more are a
    pattern that clean text seldom shows by chance.  ``stop``: return as soon as this
    many are counted."""
    from ._evidence import cyrillic_capital_words, is_formula

    best = 0
    capitals: list[tuple[int, int]] | None = None
    for name in CODEPAGES:
        decoded = _whole_decode(text, name)
        if decoded is None:
            continue
        if capitals is None:
            capitals = cyrillic_capital_words(text)
        data, count, i, w = decoded[0], 0, 0, 0
        after_letter = False
        while i < len(data):
            size = 1 if data[i] < 0xC0 else 2 if data[i] < 0xE0 else 3 if data[i] < 0xF0 else 4
            while w < len(capitals) and capitals[w][1] <= i:
                w += 1
            in_capitals = w < len(capitals) and capitals[w][0] <= i and i + size <= capitals[w][1]
            if size == 1:
                after_letter = chr(data[i]).isalpha()
                i += 1
                continue
            char = data[i : i + size].decode("utf-8")
            # a combining mark after no letter is no text (Ãñ read as MacRoman), and a
            # modifier letter or symbol is no sign either (Ka and i read as cp1251 give ʳ)
            category = unicodedata.category(char)
            mark = category[0] == "M"
            bare_mark = (mark and not after_letter) or category in ("Lm", "Sk")
            after_letter = char.isalpha() or (mark and after_letter)
            if not bare_mark and not in_capitals and not is_formula(text[i : i + size]):
                count += 1
                if stop is not None and count >= stop:
                    return count
            i += size
        best = max(best, count)
    return best

def _layer_evidence(text: str) -> Evidence:
    """Where ``text`` shows mojibake: the sequences of :func:`_evidence.evidence`, or the
    whole text when it is valid UTF-8 under a code page with enough sequences."""
    from ._evidence import Evidence, evidence

    ev = evidence(text)
    if not ev and _whole_layers(text) >= MIN_WHOLE_SEQUENCES:
        ev = Evidence(spans=((0, len(text)),), whole=True)
    return ev


def _has_layer_evidence(text: str) -> bool:
    """``bool(_layer_evidence(text))``, stopping at the first sign."""
    from ._evidence import has_evidence

    return has_evidence(text) or _whole_layers(text, MIN_WHOLE_SEQUENCES) >= MIN_WHOLE_SEQUENCES

@lru_cache(maxsize=4096)
def _exact_only(text: str, *, judge: bool = True) -> RepairReport:
    """Only an exact re-reading of the whole piece (at C speed): every character one
    byte of a code page, the bytes valid UTF-8, the text showing evidence, and its
    first runs of non-ASCII characters reading better decoded (``judge``), or else at
    least MIN_WHOLE_SEQUENCES UTF-8 sequences and a sign of mojibake in the piece."""
    from ._evidence import has_evidence

    if _pair_re().search(text) is None:
        return _unchanged(text)  # no UTF-8 sequence under any code page: nothing to re-read
    for name in CODEPAGES:
        decoded = _whole_decode(text, name)
        if decoded is None or decoded[1] == text:
            continue
        if not _has_layer_evidence(text):
            break
        if (
            _runs_read_better(text, name, PIECE_RUNS)
            if judge
            else has_evidence(text)
            and _whole_layers(text, MIN_WHOLE_SEQUENCES) >= MIN_WHOLE_SEQUENCES
        ):
            fixed = decoded[1]
            spots = tuple(
                Spot(
                    start=a0, end=a1, damaged=text[a0:a1], replacement=fixed[b0:b1],
                    lost_bytes=0, confidence=1.0, ambiguous=False,
                    candidates=(Candidate(text=fixed[b0:b1], probability=1.0, lost_bytes=0),),
                )
                for a0, a1, b0, b1 in _trimmed(text, fixed)
            )
            return RepairReport(
                text=fixed, original=text, encoding=name,
                steps=(("encode", name), ("decode", "utf-8")), spots=spots,
            )
    return _unchanged(text)


def _trimmed(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """The one region where ``a`` and ``b`` differ, without their common ends."""
    start = 0
    end_a, end_b = len(a), len(b)
    while start < end_a and start < end_b and a[start] == b[start]:
        start += 1
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    return [(start, end_a, start, end_b)]


def _whole_decode(text: str, name: str) -> tuple[bytes, str] | None:
    """The bytes of ``text`` under code page ``name`` and their UTF-8 reading, when
    every character is one byte of it and the bytes are valid UTF-8 (at C speed)."""
    try:
        data = codecs.charmap_encode(text, "strict", _charmap(name))[0]
        return data, data.decode("utf-8")
    except (UnicodeError, ValueError):
        return None


def _whole_reading(text: str, name: str) -> str | None:
    """The UTF-8 reading of ``text`` under code page ``name`` when it is one and differs."""
    decoded = _whole_decode(text, name)
    return None if decoded is None or decoded[1] == text else decoded[1]


def _judged(text: str) -> float:
    """How likely ``text`` reads: the character model without a language profile plus
    the word check (the score code pages and lossless layers are compared on)."""
    from ._model import get_model
    from ._words import get_lexicon

    base = get_model(None)
    return base.score(text) + LEX_WEIGHT * get_lexicon().window_score(text, base.unigram)


def _lossless_whole(text: str) -> RepairReport:
    """Undo a lossless mis-decoding of the whole of ``text`` at C speed, or do nothing."""
    fits = [name for name in CODEPAGES if _whole_reading(text, name) is not None]
    # the scan for evidence costs more than the decodings: only when one of them fits
    if not fits or not _has_layer_evidence(text):
        return _unchanged(text)
    for name in fits:
        fixed = _whole_reading(text, name) or text
        if _runs_read_better(text, name):
            spot = Spot(
                start=0, end=len(text), damaged=text, replacement=fixed, lost_bytes=0,
                confidence=1.0, ambiguous=False,
                candidates=(Candidate(text=fixed, probability=1.0, lost_bytes=0),),
            )
            return RepairReport(
                text=fixed, original=text, encoding=name,
                steps=(("encode", name), ("decode", "utf-8")), spots=(spot,),
            )
    return RepairReport(text=text, original=text, encoding=None, steps=(), spots=())


def _lossless_layer(text: str, names: list[str]) -> tuple[str, list[Spot], str] | None:
    """``text`` read back through one of ``names`` when the whole of it is a lossless
    mis-decoding (every character one byte of that code page, the bytes valid UTF-8):
    the code page, one spot per UTF-8 sequence, the decoded text.  When several code
    pages decode it to different texts, the character model picks one."""
    found: dict[str, tuple[str, bytes]] = {}
    for name in names:
        decoded = _whole_decode(text, name)
        if decoded is not None and decoded[1] != text and decoded[1] not in found:
            found[decoded[1]] = (name, decoded[0])
    if not found:
        return None
    scores = {t: _judged(t) - CODEPAGE_COST[name] for t, (name, _) in found.items()}
    fixed = max(scores, key=scores.__getitem__)
    # clean text can be valid UTF-8 under a code page too (a French elision before é
    # under MacRoman: U+2019 is 0xD5 and é 0x8E): the reading must also be more likely
    if scores[fixed] < _judged(text) + LAYER_MARGIN:
        return None
    name, data = found[fixed]
    spots: list[Spot] = []
    i = 0
    while i < len(data):
        b = data[i]
        if b < 0x80:
            i += 1
            continue
        size = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
        ch = data[i : i + size].decode("utf-8")
        spots.append(
            Spot(
                start=i, end=i + size, damaged=text[i : i + size], replacement=ch,
                lost_bytes=0, confidence=1.0, ambiguous=False,
                candidates=(Candidate(text=ch, probability=1.0, lost_bytes=0),),
            )
        )
        i += size
    return name, spots, fixed


_NON_ASCII = re.compile("[^\x00-\x7f]+")
_SAMPLE_RUNS = 200
"""Runs of non-ASCII characters judged before a huge text is read as one lossless layer."""


def _runs_read_better(text: str, name: str, runs: int = _SAMPLE_RUNS) -> bool:
    """True when the first runs of non-ASCII characters of ``text`` (each a whole
    number of UTF-8 sequences under ``name``, the text being valid UTF-8 as a whole)
    read better decoded, by LAYER_MARGIN: the check of :func:`_lossless_layer`,
    on a bounded sample so that huge texts stay linear."""
    gain = 0.0
    for count, match in enumerate(_NON_ASCII.finditer(text)):
        if count >= runs:
            break
        a, b = match.span()
        run_gain = _run_gain(text[max(0, a - 1) : a], match.group(), text[b : b + 1], name)
        if run_gain is None:  # cannot happen for a run of a valid whole; never guess
            return False
        gain += run_gain
    return gain - CODEPAGE_COST[name] >= LAYER_MARGIN


@lru_cache(maxsize=8192)
def _run_gain(left: str, run: str, right: str, name: str) -> float | None:
    """How much better a run of non-ASCII characters reads decoded under ``name``
    (between its neighbours); runs repeat in long texts, so the answers are kept."""
    decoded = _whole_decode(run, name)
    if decoded is None:
        return None
    return _judged(left + decoded[1] + right) - _judged(left + run + right)


@cache
def _charmap(name: str) -> Any:  # codecs.EncodingMap, not exported by typeshed
    return codecs.charmap_build("".join(codepage(name).decode_table))
