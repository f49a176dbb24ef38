"""The public face of :mod:`hotparse.mojibake`: reports, :func:`repair`, :func:`explain_repair`.

The passes themselves (code pages, groups, decisions) live in the sibling modules;
see ``README.md`` in this folder for the flow.
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import attrs

from hotparse._arguments import require_text

from ._budget import Budget, OverBudget
from ._codepages import BREADTH_CODEPAGES, CODEPAGES, codepage, decode_sloppy, encode_sloppy

if TYPE_CHECKING:
    from ._decide import Group
    from ._evidence import Evidence
    from ._model import Model

__all__ = [
    "Candidate",
    "RepairReport",
    "Spot",
    "apply_spots",
    "explain_repair",
    "might_be_mojibake",
    "repair",
    "replay_steps",
]

AMBIGUOUS_RATIO = 0.25
"""A spot is ambiguous when the runner-up is at least this probable relative to the choice..."""
AMBIGUOUS_CONFIDENCE = 0.9
"""... or when the choice has less than this share of the belief."""
PIECE_CHARS = 2_000
"""Texts longer than this are repaired piece by piece (lines, long lines cut at a space)."""
MAX_MODEL_CHARS = PIECE_CHARS
"""Longer texts are first tried as one lossless mis-decoding as a whole (at C speed)."""
MODEL_BUDGET = 2_000
"""Characters of pieces the model decides per call (about a second of work); further
pieces get exact re-readings only, so that time stays linear whatever the text (tweets
are far shorter)."""
MODEL_WORK = 150_000
"""Work (see :func:`_decide._work`: Viterbi transitions plus options swept) the model may
do on one text, long texts' pieces together.  The heaviest field of the mojibake
benchmark needs about 51,000 (a tweet of Chinese read twice as cp1254 with bytes
lost, 730 characters); a hostile text (thousands of consecutive lost-byte sequences,
random Latin-1) would need millions.  Past it, the text or its remaining pieces get
exact re-readings only, so that no text costs the model more than about a second."""
POST_WORK = 10 * MODEL_WORK
"""Work the model may do on all the fields of one post that the parser repairs or
checks (about ten seconds): past it, the post's remaining suspect fields get exact
re-readings only, and each tweet left so gets a ``repair-limited`` problem."""
JUDGED_PIECES = 200
"""Pieces past the model budget whose runs are judged by the model; later pieces are
read as a lossless layer on structure and signs alone."""
PIECE_RUNS = 4
"""Runs of non-ASCII characters judged before a piece past the model budget is read as
one lossless layer."""
STRAY_ODD = 4
"""Rare symbols standing alone that mark a text as random rather than mojibake."""
STRAY_MIN_CHARS = 40
"""Shorter texts are not checked for randomness."""
CODEPAGE_COST = {
    "cp1252": 0.0, "latin-1": 0.0, "cp1254": 0.5, "cp1250": 1.0, "cp1251": 1.0, "mac_roman": 1.5
}
"""Prior cost (nats) of each mix-up: the common ones win ties."""
COVERAGE_RATIO = 0.5
"""Code pages explaining less than this share of the best one's damage are not tried."""
MAX_CANDIDATES = 12
"""Candidates listed per spot."""
CONFIDENCE_TEMPERATURE = 2.0
"""Model scores are divided by this before the candidates' shares are computed: the
character model is sharper than its knowledge (it cannot tell 🏆 from 🐆 by meaning)."""
LAYER_MARGIN = 2.0
"""A whole-text lossless reading must beat the text by this much (nats) to be taken."""
MIN_WHOLE_SEQUENCES = 2
"""A text that is valid UTF-8 as a whole under a code page, with at least this many
multi-byte sequences, counts as evidence of mojibake by itself."""
MAX_PASSES = 3
"""Mojibake applied several times is undone one layer per pass, at most this many."""


@attrs.frozen(kw_only=True)
class Candidate:
    """A possible reading of a damaged spot."""

    text: str
    """The replacement (one character, or the damaged text itself when kept)."""
    probability: float
    """Share of the model's belief among the spot's candidates, in [0, 1]."""
    lost_bytes: int
    """Bytes this reading assumes were lost (0 for lossless readings)."""


@attrs.frozen(kw_only=True)
class Spot:
    """One place of the original text that was replaced."""

    start: int
    """Offset of the first damaged character in ``RepairReport.original`` (code points)."""
    end: int
    """Offset one past the damaged characters, so ``original[start:end] == damaged``."""
    damaged: str
    """The damaged characters as they were."""
    replacement: str
    """What they were replaced with."""
    lost_bytes: int
    """Number of UTF-8 bytes that were missing and had to be guessed (0: none was)."""
    confidence: float
    """Probability of ``replacement`` under the model, in [0, 1].  Keeping the damaged
    text is one of the readings, so a spot with no lost byte is below 1.0 when the text
    could also be meant as written (``Ä\xa0`` for ``Ġ``)."""
    ambiguous: bool
    """True when the choice is not clear: the runner-up has at least a quarter of the
    winner's probability, or the winner less than 0.9; see ``candidates``."""
    candidates: tuple[Candidate, ...]
    """The best readings, most likely first (at most MAX_CANDIDATES); the chosen one included."""


@attrs.frozen(kw_only=True)
class RepairReport:
    """What :func:`explain_repair` did to a string."""

    text: str
    """The repaired text (equal to ``original`` when nothing was done)."""
    original: str
    """The text as given."""
    encoding: str | None
    """Code page whose mis-decoding was undone (``cp1254``, ``latin-1`` …), or ``None``."""
    steps: tuple[tuple[str, str], ...]
    """Replayable steps, ftfy style: ``(("encode", "cp1254"), ("decode", "utf-8"))``
    per layer undone; see :func:`replay_steps` (exact only for lossless, whole-text damage)."""
    spots: tuple[Spot, ...]
    """Replaced places, in text order; :func:`apply_spots` rebuilds ``text`` from them."""

    @property
    def changed(self) -> bool:
        """True when the text was repaired."""
        return self.text != self.original

    @property
    def ambiguous(self) -> tuple[Spot, ...]:
        """The spots whose choice was close."""
        return tuple(s for s in self.spots if s.ambiguous)


_C1 = re.compile("[\x80-\x9f]")


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
    from ._words import get_lexicon

    for profile in (None, "ja", "zh", "ko"):
        get_model(profile).clear_memos()
    get_lexicon().clear_memos()
    for table in (_decide._OPTIONS, _decide._PRUNED, _decide._CAND_CACHE):
        table.clear()
    _exact_only.cache_clear()
    _run_gain.cache_clear()


def _unchanged(text: str) -> RepairReport:
    return RepairReport(text=text, original=text, encoding=None, steps=(), spots=())


def explain_repair(text: str, *, context: str = "") -> RepairReport:
    """Repair ``text`` and tell how: code page, steps, and every replaced spot.

    ``context``: other text of the same record (the tweet's html for its author name).
    When it shows mojibake, the signs in ``text`` itself need not be as strong: a name
    such as ``Thea Ã…rrestad`` beside a damaged tweet is repaired with it.
    """
    require_text(text, "text")
    require_text(context, "context")
    return _explain_any(text, context, None)


def explain_within(text: str, post: Budget, *, context: str = "") -> tuple[RepairReport, bool]:
    """:func:`explain_repair` with the model's work drawn from ``post`` too (the parser's
    budget for one post, ``POST_WORK``); also whether the work ran out, so that the
    text got exact re-readings only (the parser reports that)."""
    work = Budget(MODEL_WORK, within=post)
    return _explain_any(text, context, work), work.exceeded


def _explain_any(text: str, context: str, work: Budget | None) -> RepairReport:
    if not might_be_mojibake(text):
        return _unchanged(text)
    try:
        strong = bool(context) and might_be_mojibake(context) and _has_layer_evidence(context)
        if len(text) > PIECE_CHARS:
            return _explain_long(text, strong=strong, work=work)
        return _explain_budgeted(text, strong=strong, work=work)
    except Exception:  # pragma: no cover - a bug must not break parsing
        return _unchanged(text)


def _explain_checked(
    text: str, *, strong: bool = False, budget: Budget | None = None
) -> RepairReport:
    """The repair of ``text``, changed only where it shows evidence of mojibake: the
    model engine's reading (gated spot by spot) or ftfy's, whichever leaves fewer
    signs of mojibake (then the more probable text).

    ``budget``: the model's work on the text (a new one of MODEL_WORK when None);
    when it is spent, :class:`_decide.OverBudget` is raised."""
    if not (strong or _has_layer_evidence(text)) or _random_like(text):
        return _unchanged(text)
    # imported past the evidence check: text without signs (most text that only looks
    # suspect, such as names with diacritics side by side) loads neither the model nor
    # ftfy's fixers
    from ._breadth import ftfy_reading, residue

    engine = _explain(
        text, record_strong=strong, budget=Budget(MODEL_WORK) if budget is None else budget
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
    """:func:`_explain_checked` within ``work`` (MODEL_WORK when None); past it, only an
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


def _supported(spots: list[Spot], ev: Evidence, text: str, *, strong: bool) -> list[Spot]:
    """The spots (of one layer) that evidence supports.

    A re-reading (no lost byte) needs a sign of mojibake on it, or strong signs in the
    text: a supported re-reading elsewhere, or two separate signs.  A lost-byte guess
    needs strong signs in the text, or a sign on itself with at least two continuation
    bytes or a U+FFFD present, or a sure sign on itself (a pattern real text never shows:
    ``theÂpleasure``); when no sign touches it, its confidence stays below 0.9.
    Where the text shows one sign only (and the record none) and is no whole lossless
    mis-decoding under any code page (other characters stand outside any UTF-8
    sequence, as in ``”Ñandú`` under MacRoman, where ú is a lone continuation byte),
    a reading that brings
    a character of a script found nowhere else in the repaired text (beyond Latin and
    Greek), a rare Latin letter, a modifier letter or a combining mark is not supported
    (``”Ñandú`` stays; see :func:`_evidence.foreign_readings`).
    ``strong``: the record around the text shows mojibake.
    """
    from ._evidence import LOW_EVIDENCE_CONFIDENCE, foreign_readings

    touched = [ev.touches(s.start, s.end) for s in spots]
    sure = [ev.sure_touches(s.start, s.end) for s in spots]
    if not strong and len(ev.spans) < 2 and not ev.whole and not _whole_layers(text, 1):
        far = foreign_readings(text, [(s.start, s.end, s.replacement) for s in spots])
        plausible = [not f for f in far]
        touched = [t and p for t, p in zip(touched, plausible, strict=True)]
        sure = [t and p for t, p in zip(sure, plausible, strict=True)]
    strong = strong or len(ev.spans) >= 2 or any(
        t and not s.lost_bytes for s, t in zip(spots, touched, strict=True)
    )
    kept: list[Spot] = []
    for s, t, u in zip(spots, touched, sure, strict=True):
        if not s.lost_bytes:
            if t or strong:
                kept.append(s)
            continue
        if not (strong or (t and (len(s.damaged) >= 3 or "\ufffd" in s.damaged)) or u):
            continue
        if not t and s.confidence > LOW_EVIDENCE_CONFIDENCE:
            s = attrs.evolve(s, confidence=LOW_EVIDENCE_CONFIDENCE, ambiguous=True)
        kept.append(s)
    return kept


def _checked(
    current: str, spots: list[Spot], new_text: str, *, strong: bool
) -> tuple[list[Spot], str]:
    """The spots of one layer found in ``current`` that evidence supports, and the text."""
    kept = _supported(spots, _layer_evidence(current), current, strong=strong)
    if kept == spots:
        return spots, new_text
    return kept, apply_spots(current, kept)


def _explain(text: str, *, record_strong: bool = False, budget: Budget) -> RepairReport:
    from ._decide import find_groups, find_lone

    current = text
    spots: list[Spot] = []
    steps: list[tuple[str, str]] = []
    encodings: list[str] = []
    for _ in range(MAX_PASSES):
        if current.isascii() or _suspect_re().search(current) is None:
            break
        # code pages ranked by how much of the text their strong groups explain
        coverage: list[tuple[int, str]] = []
        strong_of: dict[str, list[Group]] = {}
        for name in CODEPAGES:
            cp = codepage(name)
            strong = find_groups(current, cp, weak=False)
            if not strong:
                strong = find_lone(current, cp)
            cover = sum(g.end - g.start for g in strong)
            if cover:
                coverage.append((cover, name))
                strong_of[name] = strong
        if not coverage or _hopeless(current, strong_of):
            break
        layer = _lossless_layer(current, [name for _, name in coverage])
        if layer is not None:
            # the whole text is one lossless mis-decoding: undo it exactly, even where
            # the characters of this layer are themselves mojibake of a deeper one
            name, pass_spots, new_text = layer
            # a whole lossless layer under one already undone is mojibake for sure
            pass_spots, new_text = _checked(
                current, pass_spots, new_text, strong=record_strong or bool(steps)
            )
            if not pass_spots:
                break
            spots = _compose(spots, pass_spots, current, text) if spots else pass_spots
            current = new_text
            steps += [("encode", name), ("decode", "utf-8")]
            encodings.append(name)
            continue
        from ._model import get_model
        coverage.sort(key=lambda cn: -cn[0])
        top_cover = coverage[0][0]
        best: tuple[float, str, list[Spot], str] | None = None
        for cover, name in coverage:
            if cover < COVERAGE_RATIO * top_cover:
                break
            strong = strong_of[name]
            model = get_model(_preview_profile(current, strong))
            result = _pass(current, name, model, strong, budget)
            if result is not None:
                result = (result[0] - CODEPAGE_COST[name], result[1], result[2])
            if result is not None and (best is None or result[0] > best[0] + 1e-9):
                best = (result[0], name, result[1], result[2])
        if best is None:
            break
        _, name, pass_spots, new_text = best
        pass_spots, new_text = _checked(current, pass_spots, new_text, strong=record_strong)
        if not pass_spots:
            break
        spots = _compose(spots, pass_spots, current, text) if spots else pass_spots
        current = new_text
        steps += [("encode", name), ("decode", "utf-8")]
        encodings.append(name)
    if current == text:
        return RepairReport(text=text, original=text, encoding=None, steps=(), spots=())
    return RepairReport(
        text=current,
        original=text,
        encoding=encodings[0],
        steps=tuple(steps),
        spots=tuple(spots),
    )


_RARE_BLOCKS = ((0x0530, 0x058F), (0x1000, 0x10FF), (0x1200, 0x1DFF))
"""Armenian, Myanmar, Georgian, Ethiopic ... phonetic extensions: blocks whose letters
the text model treats as improbable; a lost byte after a Latin letter lands there
(``Tomáš`` under cp1252: ``á`` = 0xE1 leads, ``š`` = 0x9A continues, the rest U+1xxx)."""


def _hopeless(text: str, strong_of: dict[str, list[Group]]) -> bool:
    """True when no strong sign can be repaired: every candidate of every group lies in
    a rare block and no two-byte lead stands near (a lone one could still be repaired).

    A structural check that needs no table, so that clean names such as ``Tomáš`` or
    ``Lukáš`` do not load the text model (the full decision keeps them as well)."""
    from ._decide import WEAK_REACH

    for name, groups in strong_of.items():
        enc = codepage(name).encode_table
        for g in groups:
            for opt in g.options[1:]:
                cp = ord(opt.text[0])
                if len(opt.text) != 1 or not any(a <= cp <= b for a, b in _RARE_BLOCKS):
                    return False
            lo, hi = max(0, g.start - WEAK_REACH), g.end + WEAK_REACH
            for ch in text[lo:hi]:
                b = enc.get(ch)
                if b is not None and 0xC2 <= b <= 0xDF:
                    return False
    return True


def _explain_long(text: str, *, strong: bool, work: Budget | None = None) -> RepairReport:
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
    work = Budget(MODEL_WORK) if work is None else work
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
                rep = _explain_checked(piece, strong=strong, budget=work)
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
    from ._decide import LEX_WEIGHT
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


def _preview_profile(text: str, strong: list[Group]) -> str | None:
    """Language profile of ``text`` as it reads once the strong groups are decoded."""
    from ._model import detect_profile, get_model

    base = get_model(None)
    out: list[str] = []
    for g in strong:
        if g.observed == 0:
            continue
        best = max(g.options[1:], key=lambda o: o.prior + base.unigram(o.text))
        out.append(best.text)
    return detect_profile("".join(out)) or detect_profile(text)


def _pass(
    text: str, name: str, model: Model, strong: list[Group], budget: Budget
) -> tuple[float, list[Spot], str] | None:
    from ._decide import decide, find_groups
    from ._words import get_lexicon

    cp = codepage(name)
    groups = find_groups(text, cp, weak=True, near=strong)
    lexicon = get_lexicon()
    decisions, gain = decide(model, text, groups, lexicon=lexicon, budget=budget)
    if gain <= 0:
        return None
    if model.profile == "ja" and any(d.choice and d.group.holes for d in decisions):
        from ._ja import rerank

        decisions = rerank(text, decisions)
    extra = sum(d.group.options[d.choice].prior + d.bonus for d in decisions if d.choice)
    spots: list[Spot] = []
    out: list[str] = []
    judged_parts: list[str] = []
    pos = 0
    for d in decisions:
        g = d.group
        if d.choice == 0:
            continue
        opt = g.options[d.choice]
        top = max(d.scores)
        weights = [math.exp((s - top) / CONFIDENCE_TEMPERATURE) for s in d.scores]
        total = sum(weights)
        order = sorted(range(len(weights)), key=lambda k: -weights[k])
        lost = g.holes + g.options[0].text.count("\ufffd")
        cands = tuple(
            Candidate(
                text=g.options[k].text,
                probability=weights[k] / total,
                lost_bytes=0 if g.options[k].keep else lost,
            )
            for k in order[:MAX_CANDIDATES]
        )
        conf = weights[d.choice] / total
        runner = max((w for k, w in enumerate(weights) if k != d.choice), default=0.0)
        spots.append(
            Spot(
                start=g.start,
                end=g.end,
                damaged=text[g.start : g.end],
                replacement=opt.text,
                lost_bytes=lost,
                confidence=conf,
                ambiguous=runner >= AMBIGUOUS_RATIO * weights[d.choice]
                or conf < AMBIGUOUS_CONFIDENCE,
                candidates=cands,
            )
        )
        out.append(text[pos : g.start])
        out.append(opt.text)
        judged_parts.append(text[pos : g.start])
        judged_parts.append(_C1.sub("", opt.text))
        pos = g.end
    if not spots:
        return None
    out.append(text[pos:])
    judged_parts.append(text[pos:])
    fixed = "".join(out)
    # code pages are compared on the repaired texts, scored alike (C1 controls that a
    # repair produced are left out: undefined bytes of a further layer, for the next pass)
    score = _judged("".join(judged_parts)) + extra
    return score, spots, fixed


def _compose(first: list[Spot], second: list[Spot], mid: str, original: str) -> list[Spot]:
    """Express spots found in ``mid`` (the text after ``first``) in original offsets."""
    # map each offset of mid to an original span
    starts: list[int] = []
    ends: list[int] = []
    orig_pos = 0
    mid_pos = 0
    for s in first:
        gap = s.start - orig_pos
        starts.extend(range(orig_pos, s.start))
        ends.extend(range(orig_pos + 1, s.start + 1))
        mid_pos += gap
        for _ in s.replacement:
            starts.append(s.start)
            ends.append(s.end)
        mid_pos += len(s.replacement)
        orig_pos = s.end
    tail = len(mid) - mid_pos
    starts.extend(range(orig_pos, orig_pos + tail))
    ends.extend(range(orig_pos + 1, orig_pos + tail + 1))
    merged: list[Spot] = []
    used: set[int] = set()
    for s in second:
        o_start = starts[s.start]
        o_end = ends[s.end - 1]
        inner = [k for k, f in enumerate(first) if f.start >= o_start and f.end <= o_end]
        used.update(inner)
        conf = s.confidence
        lost = s.lost_bytes
        for k in inner:
            conf *= first[k].confidence
            lost += first[k].lost_bytes
        merged.append(
            attrs.evolve(
                s,
                start=o_start,
                end=o_end,
                damaged=original[o_start:o_end],
                confidence=conf,
                lost_bytes=lost,
            )
        )
    result = [f for k, f in enumerate(first) if k not in used] + merged
    result.sort(key=lambda sp: sp.start)
    return result


def apply_spots(original: str, spots: Iterable[Spot]) -> str:
    """Rebuild the repaired text from ``original`` and a report's ``spots``."""
    out: list[str] = []
    pos = 0
    for s in sorted(spots, key=lambda sp: sp.start):
        out.append(original[pos : s.start])
        out.append(s.replacement)
        pos = s.end
    out.append(original[pos:])
    return "".join(out)


def replay_steps(text: str, steps: Iterable[tuple[str, str]]) -> str:
    """Apply ``steps`` (as in :attr:`RepairReport.steps`) to the whole of ``text``.

    Exact for lossless damage of the whole text; raises ``UnicodeError`` otherwise.
    """
    for op, name in steps:
        if op == "encode":
            try:
                data = encode_sloppy(text, name) if name != "utf-8" else text.encode()
            except KeyError as exc:
                raise UnicodeError(f"cannot encode with {name}: {exc}") from None
            text = data.decode("latin-1")  # carry bytes until the decode step
        elif op == "decode":
            raw = text.encode("latin-1")
            text = raw.decode(name) if name == "utf-8" else decode_sloppy(raw, name)
        else:
            raise ValueError(f"unknown step {op!r}")
    return text
