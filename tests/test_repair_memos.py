"""The repair engine keeps answers between calls (model costs, transition tables, lexicon
windows, options of a group, exact re-readings of a piece) and bounds the model's work
per text.  A repair must not depend on what was repaired before it, and the bound must
never touch a real field: these properties check both.

``benchmarks/repair_equivalence.py`` checks the same on a large fixed set against the
outputs recorded before the speed work (issue 8).
"""

# ruff: noqa: RUF001

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotparse.mojibake import _api, _decide, _suspect, _tuning, _whole, explain_repair

_WORDS = (
    "café", "naïve", "“quoted”", "it’s", "—", "…", "🚀", "👍🏽", "Привет", "日本語の論文",
    "Zażółć", "İstanbul", "√π ≈ 1.77", "5×£35", "Noé’s", "«ok»", "한국어", "Ελλάδα", "a", "the",
)
_CODEPAGES = ("cp1252", "cp1254", "latin-1", "cp1250", "cp1251", "mac_roman", "cp1253")


@st.composite
def _mojibake(draw: st.DrawFn) -> str:
    """Clean words, their UTF-8 read as a code page (some bytes lost), or random Latin-1."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=60))
    clean = " ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8)))
    data = clean.encode("utf-8")
    drop = draw(st.sets(st.integers(0, max(0, len(data) - 1)), max_size=3))
    if drop and draw(st.booleans()):
        data = bytes(b for i, b in enumerate(data) if i not in drop)
    text = data.decode(draw(st.sampled_from(_CODEPAGES)), "replace")
    if draw(st.booleans()):
        text = text.replace("\ufffd", "")
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=_mojibake(), text=_mojibake())
def test_repair_does_not_depend_on_what_came_before(first: str, text: str) -> None:
    """The report of ``text`` is the same with every memo empty and after repairing
    ``first`` (whose answers are then kept)."""
    _api._clear_memos()
    cold = explain_repair(text)
    explain_repair(first)
    warm = explain_repair(text)
    assert repr(warm) == repr(cold)
    assert repr(explain_repair(text)) == repr(cold)


def _case_inputs() -> list[str]:
    root = Path(__file__).parent / "repair_cases"
    return [
        case["input"]
        for path in sorted(root.glob("*.json"))
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]
    ]


def test_no_repair_case_reaches_the_work_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every case file input is decided by the model in full: its work stays under a
    tenth of MODEL_WORK (the bound is for hostile texts only)."""
    spent: list[int] = []
    real = _decide.Budget.spend

    def spend(self: _decide.Budget, units: int) -> None:
        spent.append(units)
        real(self, units)

    monkeypatch.setattr(_decide.Budget, "spend", spend)
    worst = 0
    for text in _case_inputs():
        spent.clear()
        explain_repair(text)
        worst = max(worst, sum(spent))
    assert 0 < worst < _tuning.MODEL_WORK / 10


def test_over_budget_text_gets_exact_readings_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the budget a text is not modelled: lost-byte guesses are left alone, and a
    whole lossless mis-decoding is still undone exactly."""
    lossy = "Itâ€™s a â€œquickâ€ test â€” reallyâ€¦ and CafÃ©"
    lossless = "naïve café — it’s ".encode().decode("cp1252")
    assert explain_repair(lossy).text == "It’s a “quick” test — really… and Café"
    monkeypatch.setattr(_tuning, "MODEL_WORK", 0)
    assert explain_repair(lossy).text == lossy
    assert explain_repair(lossless).text == "naïve café — it’s "
    hostile = "â€" * 2000  # far past the real budget too: left as it is, at once
    monkeypatch.undo()
    assert explain_repair(hostile).text == hostile


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_mojibake(), st.text(max_size=40)))
def test_no_pair_means_no_whole_reading(text: str) -> None:
    """The fast skip of exact re-readings: without a lead byte's character followed by
    a continuation byte's (under some code page), no code page reads the whole text
    as different UTF-8."""
    from hotparse.mojibake._codepages import CODEPAGES

    if _suspect._pair_re().search(text) is None:
        assert all(_whole._whole_reading(text, name) is None for name in CODEPAGES)


def _context_slow(pieces: list[str], at: int, direction: int) -> str:
    """The context of a piece as the engine computed it before the fast path."""
    out: list[str] = []
    size = 0
    i = at + direction
    while 0 <= i < len(pieces) and size < _decide.CONTEXT:
        out.append(pieces[i])
        size += len(pieces[i])
        i += direction
    if direction < 0:
        return "".join(reversed(out))[-_decide.CONTEXT :]
    return "".join(out)[: _decide.CONTEXT]


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.text(alphabet="ab€", max_size=3), min_size=1, max_size=80),
    data=st.data(),
)
def test_context_fast_path_equals_the_loop(pieces: list[str], data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(pieces) - 1))
    for direction in (-1, 1):
        assert _decide._context(pieces, at, direction) == _context_slow(pieces, at, direction)


def _viterbi_slow(model: object, cluster: list[_decide.Group], left: str, right: str) -> list[int]:
    """The Viterbi search as the engine ran it before the transition tables."""
    import math

    prev_scores: list[float] = [0.0]
    prev_last: list[str] = [left]
    back: list[list[int]] = []
    for g in cluster:
        scores: list[float] = []
        ptrs: list[int] = []
        for opt in g.options:
            best = -math.inf
            arg = 0
            for k, (ps, pl) in enumerate(zip(prev_scores, prev_last, strict=True)):
                s = ps + model.score(opt.text, pl)  # type: ignore[attr-defined]
                if s > best:
                    best, arg = s, k
            scores.append(best + opt.prior)
            ptrs.append(arg)
        back.append(ptrs)
        prev_scores = scores
        prev_last = [o.text[-1] for o in g.options]
    final = [
        s + model.cost(pl, right)  # type: ignore[attr-defined]
        for s, pl in zip(prev_scores, prev_last, strict=True)
    ]
    return _decide._best_path(final, back)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_mojibake(), name=st.sampled_from(("cp1252", "cp1254", "latin-1", "mac_roman")))
def test_viterbi_with_tables_equals_the_loop(text: str, name: str) -> None:
    from hotparse.mojibake._codepages import codepage
    from hotparse.mojibake._model import get_model

    model = get_model(None)
    groups = [_decide._prune(model, g) for g in _decide.find_groups(text, codepage(name), weak=True)]
    for cluster in _decide._clusters(groups):
        a, b = cluster[0].start, cluster[-1].end
        left = text[a - 1] if a else " "
        right = text[b] if b < len(text) else " "
        assert _decide._viterbi(model, cluster, left, right) == _viterbi_slow(
            model, cluster, left, right
        )
