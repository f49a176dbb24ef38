"""One text's repair: the evidence check, then the model engine's reading or ftfy's,
whichever leaves fewer signs of mojibake (private to hotparse.mojibake)."""

from __future__ import annotations

from . import _tuning
from ._budget import Budget, OverBudget
from ._passes import _explain
from ._report import Candidate, RepairReport, Spot, _unchanged
from ._suspect import _random_like
from ._tuning import AMBIGUOUS_CONFIDENCE
from ._whole import _exact_only, _has_layer_evidence, _judged, _layer_evidence, _whole_layers


def _explain_checked(
    text: str, *, strong: bool = False, budget: Budget | None = None
) -> RepairReport:
    """The repair of ``text``, changed only where it shows evidence of mojibake: the
    model engine's reading (gated spot by spot) or ftfy's, whichever leaves fewer
    signs of mojibake (then the more probable text).

    ``budget``: the model's work on the text (a new one of _tuning.MODEL_WORK when None);
    when it is spent, :class:`_decide.OverBudget` is raised."""
    if not (strong or _has_layer_evidence(text)) or _random_like(text):
        return _unchanged(text)
    # imported past the evidence check: text without signs (most text that only looks
    # suspect, such as names with diacritics side by side) loads neither the model nor
    # ftfy's fixers
    from ._breadth import ftfy_reading, residue

    engine = _explain(
        text, record_strong=strong, budget=Budget(_tuning.MODEL_WORK) if budget is None else budget
    )
    found = ftfy_reading(text)
    if found is None:
        return engine
    fixed, steps, exact = found
    if fixed == engine.text:
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
    return _report_from(text, fixed, steps, exact)


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


def _explain_budgeted(text: str, *, strong: bool, work: Budget | None) -> RepairReport:
    """:func:`_explain_checked` within ``work`` (_tuning.MODEL_WORK when None); past it, only an
    exact re-reading of the whole text (as for the pieces of a long text past the
    model's budget)."""
    try:
        return _explain_checked(text, strong=strong, budget=work)
    except OverBudget:
        return _exact_only(text)


def _suspects(text: str) -> int:
    """Lone ``Â``/``Ã`` left in ``text`` outside capitals (leads whose byte was lost)."""
    from ._decide import LONE

    return sum(1 for _ in LONE.finditer(text))

def _report_from(
    text: str, fixed: str, steps: tuple[tuple[str, str], ...], exact: bool
) -> RepairReport:
    """A report for a whole-text reading found elsewhere (ftfy): one spot per changed
    region; re-readings are exact, other steps (a space read as a no-break space) are
    near-certain guesses."""
    from ._breadth import diff_spans

    conf = 1.0 if exact else AMBIGUOUS_CONFIDENCE
    spots = tuple(
        Spot(
            start=a0, end=a1, damaged=text[a0:a1], replacement=fixed[b0:b1], lost_bytes=0,
            confidence=conf, ambiguous=not exact,
            candidates=(Candidate(text=fixed[b0:b1], probability=conf, lost_bytes=0),),
        )
        for a0, a1, b0, b1 in diff_spans(text, fixed)
    )
    encoding = next((name for op, name in steps if op == "encode"), None)
    return RepairReport(text=fixed, original=text, encoding=encoding, steps=steps, spots=spots)
