"""The public face of :mod:`hotparse.mojibake`: :func:`repair`, :func:`explain_repair`.

The passes themselves (code pages, groups, decisions) live in the sibling modules;
see ``README.md`` in this folder for the flow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hotparse._arguments import require_text

from . import _tuning
from ._budget import Budget
from ._codepages import CODEPAGES, NOTHING_KEPT, Kept
from ._report import Candidate, RepairReport, Spot, _unchanged, apply_spots, replay_steps
from ._suspect import might_be_mojibake
from ._tuning import MAX_MODEL_CHARS, PIECE_CHARS, POST_WORK
from ._whole import _has_layer_evidence

__all__ = [
    "MAX_MODEL_CHARS",
    "POST_WORK",
    "Candidate",
    "RepairReport",
    "Spot",
    "apply_spots",
    "explain_repair",
    "explain_within",
    "kept_marks",
    "might_be_mojibake",
    "repair",
    "replay_steps",
    "shows_mojibake",
    "touched_by",
]


def repair(text: str) -> str:
    """Return ``text`` with mojibake undone; clean text is returned unchanged.

    Never raises for a ``str`` argument (TypeError for anything else).
    """
    require_text(text, "text")
    if not might_be_mojibake(text):
        return text
    return explain_repair(text).text


def _clear_memos() -> None:
    """Forget every answer the engine keeps between calls (model costs, transition
    tables, lexicon windows, options, exact re-readings): repairs must not depend on
    them (``tests/test_repair_memos.py``)."""
    from . import _decide
    from ._model import get_model
    from ._whole import _exact_only, _run_gain
    from ._words import get_lexicon

    for profile in (None, "ja", "zh", "ko"):
        get_model(profile).clear_memos()
    get_lexicon().clear_memos()
    for table in (_decide._OPTIONS, _decide._PRUNED, _decide._CAND_CACHE):
        table.clear()
    _exact_only.cache_clear()
    _run_gain.cache_clear()

def explain_repair(text: str, *, context: str = "") -> RepairReport:
    """Repair ``text`` and tell how: code page, steps, and every replaced spot.

    ``context``: other text of the same record (the tweet's html for its author name).
    When it shows mojibake, the signs in ``text`` itself need not be as strong: a name
    such as ``Thea Ã…rrestad`` beside a damaged tweet is repaired with it.
    """
    require_text(text, "text")
    require_text(context, "context")
    return _explain_any(text, context, None)


def explain_within(
    text: str,
    post: Budget,
    *,
    context: str = "",
    kept: Mapping[str, Iterable[str]] | None = None,
) -> tuple[RepairReport, bool]:
    """:func:`explain_repair` with the model's work drawn from ``post`` too (the parser's
    budget for one post, ``POST_WORK``); also whether the work ran out, so that the
    text got exact re-readings only (the parser reports that).

    ``kept``: per code page (``"cp1252"``, ``"latin-1"`` ...), the characters the post
    shows that decoding kept (:func:`kept_marks` of its repairs): their bytes are not
    assumed lost here."""
    require_text(text, "text")
    require_text(context, "context")
    marks = _kept_argument(kept)
    work = Budget(_tuning.MODEL_WORK, within=post)
    return _explain_any(text, context, work, marks), work.exceeded


def kept_marks(reports: Iterable[RepairReport]) -> dict[str, frozenset[str]]:
    """What the repairs ``reports`` (of one post's fields) show the post's wrong decoding
    kept, per code page: the no-break spaces, soft hyphens, C1 controls and U+FFFD
    that a repaired spot read inside a mojibake sequence under that code page (one
    layer).  For :func:`explain_within`'s ``kept``; empty when they show none."""
    if isinstance(reports, RepairReport) or not isinstance(reports, Iterable):
        raise TypeError(
            f"reports must be an iterable of RepairReport, not {type(reports).__name__}"
        )
    checked = list(reports)
    for k, report in enumerate(checked):
        if not isinstance(report, RepairReport):
            raise TypeError(
                f"reports must hold RepairReport only; item {k} is a {type(report).__name__}"
            )
    if not any(report.spots for report in checked):
        return {}
    from ._kept import kept_marks as _kept_marks

    return _kept_marks(checked)


def touched_by(report: RepairReport, kept: Mapping[str, Iterable[str]]) -> bool:
    """True when repairing ``report.original`` again with ``kept`` (:func:`kept_marks`)
    can change it: a reading of one of its lost-byte spots assumes lost a byte that
    ``kept`` says the decoding kept.  The parser repairs only such texts twice."""
    if not isinstance(report, RepairReport):
        raise TypeError(f"report must be a RepairReport, not {type(report).__name__}")
    marks = _kept_argument(kept)
    if not marks or not any(spot.lost_bytes for spot in report.spots):
        return False
    from ._kept import touched_by as _touched_by

    return _touched_by(report, marks)


def _kept_argument(kept: object) -> Kept:
    """``kept`` as a mapping of code page name to a frozenset of str, else a TypeError
    (a mistaken argument must not quietly change nothing)."""
    if kept is None:
        return NOTHING_KEPT
    if not isinstance(kept, Mapping):
        raise TypeError(
            f"kept must be a mapping of code page name to characters, not {type(kept).__name__}"
        )
    out: dict[str, frozenset[str]] = {}
    for name, marks in kept.items():
        if name not in CODEPAGES:
            raise ValueError(f"kept: {name!r} is not one of the code pages {', '.join(CODEPAGES)}")
        if isinstance(marks, str) or not isinstance(marks, Iterable):
            raise TypeError(f"kept[{name!r}] must be a set of str, not {type(marks).__name__}")
        chars = frozenset(marks)
        if not all(isinstance(m, str) for m in chars):
            raise TypeError(f"kept[{name!r}] must hold str only")
        out[name] = chars
    return out


def shows_mojibake(text: str) -> bool:
    """True when ``text`` shows signs of mojibake (the evidence a repair starts from:
    sequences real text does not show, or one whole lossless mis-decoding), whether or
    not a repair could read them."""
    require_text(text, "text")
    return might_be_mojibake(text) and _has_layer_evidence(text)


def _explain_any(
    text: str, context: str, work: Budget | None, kept: Kept = NOTHING_KEPT
) -> RepairReport:
    if not might_be_mojibake(text):
        return _unchanged(text)
    try:
        strong = bool(context) and might_be_mojibake(context) and _has_layer_evidence(context)
        # the engine is imported on the first suspect text: clean posts never load it
        if len(text) > PIECE_CHARS:
            from ._long import _explain_long

            return _explain_long(text, strong=strong, work=work, kept=kept)
        from ._choose import _explain_budgeted

        return _explain_budgeted(text, strong=strong, work=work, kept=kept)
    except Exception:  # pragma: no cover - a bug must not break parsing
        return _unchanged(text)
