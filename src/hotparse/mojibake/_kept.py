# ruff: noqa: RUF002
"""Bytes a post shows its wrong decoding kept (private to hotparse.mojibake).

A lossy decoding loses the same bytes throughout a file: the bytes its code page
does not define (dropped, or written as U+FFFD), and often the no-break space and
the soft hyphen.  Which of them were lost is seen where one of them survived
inside a mojibake sequence that a repair read: ``Ã\\xa0`` read as ``à`` under cp1252
shows that 0xA0 was kept, a C1 control read inside a sequence (``\\x81``, 0x81
kept as a control) that undefined bytes were kept, a U+FFFD standing for a byte of
a sequence (``è¦\\ufffd``) that they were marked, not dropped silently.

:func:`kept_marks` collects those characters from the repairs of a post's fields,
per code page (the parser repairs the post once, collects, and repairs again the
tweets with a close call the evidence can change: :func:`touched_by`); ``_codepages.narrowed``
takes their bytes out of the set the engine assumes lost under that code page.
Only repairs count, not the raw text: a clean tweet's no-break space before a
dash (Russian ``а\\xa0—`` is a valid sequence under cp1251) is no evidence, and a
post damaged in two ways keeps each code page's evidence to itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from ._codepages import (
    CODEPAGES,
    CodePage,
    Kept,
    codepage,
    marks_undefined,
    with_invisible,
)
from ._report import RepairReport, Spot
from ._tuning import AMBIGUOUS_CONFIDENCE

__all__ = ["MARKS", "kept_marks", "touched_by"]

MARKS = frozenset("\u00a0\u00ad\ufffd" + "".join(map(chr, range(0x80, 0xA0))))
"""Characters whose survival tells what a lossy decoding kept."""


def kept_marks(reports: Iterable[RepairReport]) -> dict[str, frozenset[str]]:
    """Per code page, the characters of :data:`MARKS` the repairs ``reports`` show kept.

    Evidence is what sure spots read inside a sequence: spots that changed the text
    with confidence >= AMBIGUOUS_CONFIDENCE and no close call, in reports of one layer
    (two steps) under a code page the engine reads.  A post read once is one
    decoding, whichever code page explains each tweet best (latin-1 and cp1252 read
    ``Ã\xa1`` alike), so the post's evidence, all code pages' together, holds for
    each code page; when one of the repairs under a code page, sure or not, guessed
    a byte lost that the evidence says was kept, the post may hold two decodings (or
    a clean part the engine misread): that code page gets its own evidence only, and
    none when a guess contradicts that too.  (Letting only sure guesses contradict
    repaired 9 more tweets of the benchmark's fffd modes, and made repairs beside a
    tweet of another decoding wrong; see docs/design/repair.md.)"""
    own: dict[str, set[str]] = {}
    single = [r for r in reports if r.encoding in CODEPAGES and len(r.steps) == 2]
    for report in single:
        for spot in report.spots:
            marks = MARKS.intersection(spot.damaged)
            if (
                marks
                and spot.replacement != spot.damaged
                and spot.confidence >= AMBIGUOUS_CONFIDENCE
                and not spot.ambiguous
            ):
                own.setdefault(str(report.encoding), set()).update(marks)
    if not own:
        return {}
    pooled = frozenset().union(*own.values())
    out: dict[str, frozenset[str]] = {}
    for name in CODEPAGES:
        page = codepage(name)
        spots = [spot for r in single if r.encoding == name for spot in r.spots]
        for evidence in (pooled, frozenset(own.get(name, ()))):
            if evidence and not any(_guessed_kept(spot, page, evidence) for spot in spots):
                out[name] = evidence
                break
    return out


def _guessed_kept(spot: Spot, page: CodePage, kept: frozenset[str]) -> bool:
    """True when ``spot`` (read under ``page``) guessed lost a byte that ``kept`` says the
    decoding kept: a no-break space or soft hyphen seen kept, or an undefined byte
    dropped silently where C1 controls or U+FFFD were seen."""
    if not spot.lost_bytes or spot.replacement == spot.damaged:
        return False
    return _assumes_kept(spot.replacement, spot.damaged, page, kept)


def touched_by(report: RepairReport, kept: Kept) -> bool:
    """True when a lost-byte spot of ``report`` that is a close call, or whose reading
    assumes lost a byte that ``kept`` says the decoding kept, has a reading (the chosen
    one or an alternative) that assumes so: repairing the text again with ``kept`` can
    change what the parser reports.  A sure spot only gains confidence, so a report
    without such a spot is not repaired twice."""
    if report.encoding not in kept:
        return False
    page = codepage(str(report.encoding))
    marks = kept[str(report.encoding)]
    for spot in report.spots:
        if not spot.lost_bytes:
            continue
        chosen = _assumes_kept(spot.replacement, spot.damaged, page, marks)
        if not (chosen or spot.ambiguous or spot.confidence < AMBIGUOUS_CONFIDENCE):
            continue
        if chosen or any(
            _assumes_kept(candidate.text, spot.damaged, page, marks)
            for candidate in spot.candidates
            if candidate.lost_bytes and candidate.text != spot.damaged
        ):
            return True
    return False


def _assumes_kept(reading: str, damaged: str, page: CodePage, kept: frozenset[str]) -> bool:
    """True when reading ``damaged`` as ``reading`` under ``page`` assumes lost a byte
    that ``kept`` says was kept (U+FFFD in ``damaged`` stands for an undefined byte
    marked, not dropped)."""
    marked = marks_undefined(kept)
    kept = with_invisible(kept)
    left = list(reading.encode("utf-8"))
    for ch in damaged:
        b = page.encode_table.get(ch)
        if b is not None and b in left:
            left.remove(b)
    holes = damaged.count("\ufffd")
    silent = [b for b in left if not (holes and b in page.undefined)]
    return any(
        page.decode_table[b] in kept or (marked and b in page.undefined) for b in silent
    )
