"""Long texts, piece by piece in linear time, and the test for random text (private to
hotparse.mojibake)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from . import _tuning
from ._budget import Budget, OverBudget
from ._choose import _explain_checked
from ._codepages import NOTHING_KEPT, Kept
from ._report import RepairReport, Spot, _unchanged
from ._suspect import _pair_re, _random_like, might_be_mojibake
from ._tuning import (
    JUDGED_PIECES,
    MAX_MODEL_CHARS,
    MODEL_BUDGET,
    PIECE_CHARS,
)
from ._whole import _exact_only, _lossless_whole


def _explain_long(
    text: str,
    *,
    strong: bool,
    work: Budget | None = None,
    kept: Kept = NOTHING_KEPT,
) -> RepairReport:
    """Repair a long text piece by piece, in time linear in its length.

    A huge text that is one lossless mis-decoding as a whole is undone at C speed.
    Otherwise each piece (a line, long lines cut at a space) is repaired on its own;
    pieces whose characters mostly stand for stray continuation bytes (random text,
    not mojibake) are left alone, and once the model has decided MODEL_BUDGET
    characters the remaining pieces get only exact re-readings.
    """

    if len(text) > MAX_MODEL_CHARS:
        whole = _lossless_whole(text)
        if whole.changed:
            return whole
    spots: list[Spot] = []
    out: list[str] = []
    encoding: str | None = None
    steps: tuple[tuple[str, str], ...] = ()
    budget = MODEL_BUDGET
    work = Budget(_tuning.MODEL_WORK) if work is None else work
    pair_re = _pair_re()
    judged = JUDGED_PIECES
    for pos, piece in _pieces(text):
        if not might_be_mojibake(piece):
            out.append(piece)
            continue
        rep = None
        if budget >= len(piece):
            if _random_like(piece):
                out.append(piece)
                continue
            budget -= len(piece)
            try:
                rep = _explain_checked(piece, strong=strong, budget=work, kept=kept)
            except OverBudget:
                budget = 0  # the model's work is spent: exact re-readings from here on
        if rep is None:
            judge = judged > 0
            judged -= 1
            if pair_re.search(piece) is None:  # what _exact_only would say, sooner
                out.append(piece)
                continue
            rep = _exact_only(piece, judge=judge)
        if rep.changed:
            spots.extend(attrs.evolve(s, start=s.start + pos, end=s.end + pos) for s in rep.spots)
            encoding = encoding or rep.encoding
            steps = steps or rep.steps
        out.append(rep.text)
    fixed = "".join(out)
    if fixed == text:
        return _unchanged(text)
    return RepairReport(
        text=fixed, original=text, encoding=encoding, steps=steps, spots=tuple(spots)
    )


_CUT = re.compile(r"\s", re.ASCII)


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """``text`` as (offset, piece): lines, cut at a space (else after an ASCII character,
    else anywhere) when longer than PIECE_CHARS."""
    pos = 0
    for line in text.splitlines(keepends=True):
        start = 0
        while len(line) - start > PIECE_CHARS:
            lo, hi = start + PIECE_CHARS // 2, start + PIECE_CHARS
            cut = -1
            for m in _CUT.finditer(line, lo, hi):
                cut = m.end()
            if cut < 0:
                window = line[lo:hi]
                ascii_at = max(window.rfind(c) for c in "etaoinsrhl.,;:!?0123456789")
                cut = lo + ascii_at + 1 if ascii_at >= 0 else hi
            yield pos + start, line[start:cut]
            start = cut
        yield pos + start, line[start:]
        pos += len(line)
