"""One text's repair: the evidence check, then the model engine's reading or ftfy's,
whichever leaves fewer signs of mojibake (private to hotparse.mojibake)."""

from __future__ import annotations

import math
import re

from . import _tuning
from ._budget import Budget, OverBudget
from ._codepages import NOTHING_KEPT, Kept
from ._passes import _explain
from ._report import Candidate, RepairReport, Spot, _unchanged
from ._suspect import _random_like
from ._tuning import AMBIGUOUS_CONFIDENCE, CONFIDENCE_TEMPERATURE, FIXER_COST
from ._whole import _exact_only, _has_layer_evidence, _judged, _layer_evidence, _whole_layers


def _explain_checked(
    text: str,
    *,
    strong: bool = False,
    budget: Budget | None = None,
    kept: Kept = NOTHING_KEPT,
) -> RepairReport:
    """The repair of ``text``, changed only where it shows evidence of mojibake: the
    model engine's reading (gated spot by spot) or ftfy's, whichever leaves fewer
    signs of mojibake (then the more probable text).

    ``budget``: the model's work on the text (a new one of _tuning.MODEL_WORK when None);
    when it is spent, :class:`_decide.OverBudget` is raised.  ``kept``: per code page,
    the characters the post shows its decoding kept (``_kept.kept_marks``)."""
    if not (strong or _has_layer_evidence(text)) or _random_like(text):
        return _unchanged(text)
    # imported past the evidence check: text without signs (most text that only looks
    # suspect, such as names with diacritics side by side) loads neither the model nor
    # ftfy's fixers
    from ._breadth import ftfy_reading, residue

    engine = _explain(
        text,
        record_strong=strong,
        budget=Budget(_tuning.MODEL_WORK) if budget is None else budget,
        kept=kept,
    )
    found = ftfy_reading(text)
    if found is None:
        return engine
    fixed, steps, exact = found
    if fixed == engine.text or not _ftfy_allowed(text, fixed, strong=strong):
        return engine
    if engine.changed:
        # fewer signs left first, then a re-reading over a guess, then the likelier text
        guessed = any(s.lost_bytes for s in engine.spots)
        mine = (residue(engine.text), guessed, _suspects(engine.text), -_judged(engine.text))
        theirs = (residue(fixed), not exact, _suspects(fixed), -_judged(fixed))
        if mine <= theirs:
            return engine
    elif not strong and _foreign_on_weak_evidence(text, fixed):
        return engine
    return _report_from(text, fixed, steps, exact, engine.text)


_ASCII_SPACE = re.compile("[ \t\n\r\f\v]+")


def _ftfy_allowed(text: str, fixed: str, *, strong: bool) -> bool:
    """ftfy's whole-text reading ``fixed`` of ``text``, checked like the engine's own: it
    changes nothing outside the spans that show mojibake (unless the whole text is one
    lossless mis-decoding), removes no character of the text (no word joined to the
    next: ``ğŸ§ Can`` is not ``🧠Can``, the space was the text's), and writes no U+FFFD
    where the damaged text had bytes to rebuild (``ðŸ\ufffd`` is an emoji, not
    ``\ufffd``)."""
    from ._breadth import diff_spans

    if len(fixed.split()) < len(_ASCII_SPACE.split(text.strip())):
        return False
    from ._evidence import caps_broken

    spans = diff_spans(text, fixed)
    for a0, a1, b0, b1 in spans:
        replacement = fixed[b0:b1]
        if "\ufffd" in replacement or caps_broken(fixed, b0, b1):
            return False
        if not replacement and "\ufffd" in fixed[max(0, b0 - 1) : b0 + 1]:
            return False  # characters folded into a U+FFFD beside them
        if sum(c.isascii() and c.isalnum() for c in replacement) < sum(
            c.isascii() and c.isalnum() for c in text[a0:a1]
        ):
            return False
    # as for the engine's re-readings (``_passes._supported``): a sign on a changed span,
    # or strong signs in the text (two separate ones, the whole text one mis-decoding,
    # or the record around it damaged)
    ev = _layer_evidence(text)
    touched = any(ev.touches(a0, a1) for a0, a1, _, _ in spans)
    return strong or ev.whole or len(ev.spans) >= 2 or touched


def _foreign_on_weak_evidence(text: str, fixed: str) -> bool:
    """True when ``text`` shows one sign of mojibake only, is no whole lossless
    mis-decoding, and ``fixed`` (ftfy's reading) brings a character the engine's gate
    refuses on such evidence (a script found nowhere else, a modifier, a bare mark:
    ``Ağaç££`` read as ``Ağa磣``)."""
    from ._breadth import diff_spans
    from ._evidence import foreign_readings

    ev = _layer_evidence(text)
    if len(ev.spans) >= 2 or ev.whole or _whole_layers(text, 1):
        return False
    spots = [(a0, a1, fixed[b0:b1]) for a0, a1, b0, b1 in diff_spans(text, fixed)]
    return any(foreign_readings(text, spots))


def _explain_budgeted(
    text: str, *, strong: bool, work: Budget | None, kept: Kept = NOTHING_KEPT
) -> RepairReport:
    """:func:`_explain_checked` within ``work`` (_tuning.MODEL_WORK when None); past it, only an
    exact re-reading of the whole text (as for the pieces of a long text past the
    model's budget)."""
    try:
        return _explain_checked(text, strong=strong, budget=work, kept=kept)
    except OverBudget:
        return _exact_only(text)


def _suspects(text: str) -> int:
    """Lone ``Â``/``Ã`` left in ``text`` outside capitals (leads whose byte was lost)."""
    from ._decide import LONE

    return sum(1 for _ in LONE.finditer(text))

def _report_from(
    text: str, fixed: str, steps: tuple[tuple[str, str], ...], exact: bool, rival: str
) -> RepairReport:
    """A report for a whole-text reading found elsewhere (ftfy): one spot per changed
    region, scored on the engine's scale: the share of belief of ``fixed`` against
    ``rival`` (the engine's reading, or the text as written) under the same model and
    temperature as the engine's candidates, a reading by ftfy's fixers (not an exact
    re-reading: a space read as a no-break space) paying FIXER_COST."""
    from ._breadth import diff_spans

    gain = _judged(fixed) - _judged(rival) - (0.0 if exact else FIXER_COST)
    conf = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, gain / CONFIDENCE_TEMPERATURE))))
    spots = tuple(
        Spot(
            start=a0, end=a1, damaged=text[a0:a1], replacement=fixed[b0:b1], lost_bytes=0,
            confidence=conf, ambiguous=conf < AMBIGUOUS_CONFIDENCE,
            candidates=(
                Candidate(text=fixed[b0:b1], probability=conf, lost_bytes=0),
                Candidate(text=text[a0:a1], probability=1.0 - conf, lost_bytes=0),
            ),
        )
        for a0, a1, b0, b1 in diff_spans(text, fixed)
    )
    encoding = next((name for op, name in steps if op == "encode"), None)
    return RepairReport(text=fixed, original=text, encoding=encoding, steps=steps, spots=spots)
