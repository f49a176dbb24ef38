# ruff: noqa: RUF001
"""The model engine: layer by layer, groups decided per code page, each layer's spots
kept only where evidence supports them (private to hotparse.mojibake)."""

from __future__ import annotations

import math
import unicodedata
from typing import TYPE_CHECKING

import attrs

from ._budget import Budget
from ._codepages import CODEPAGES, NOTHING_KEPT, CodePage, Kept, codepage, narrowed
from ._report import _C1, Candidate, RepairReport, Spot, apply_spots
from ._suspect import _suspect_re
from ._tuning import (
    AMBIGUOUS_CONFIDENCE,
    AMBIGUOUS_RATIO,
    CODEPAGE_COST,
    CONFIDENCE_TEMPERATURE,
    COVERAGE_RATIO,
    IMPLAUSIBLE_SHARE,
    KATAKANA_GUESS_FACTOR,
    MARK_GUESS_CONFIDENCE,
    MAX_CANDIDATES,
    MAX_PASSES,
    START_GUESS_FACTOR,
    WEAK_REACH,
)
from ._whole import _judged, _layer_evidence, _lossless_layer, _whole_layers

if TYPE_CHECKING:
    from ._decide import Group
    from ._evidence import Evidence
    from ._model import Model


def _supported(spots: list[Spot], ev: Evidence, text: str, *, strong: bool) -> list[Spot]:
    """The spots (of one layer) that evidence supports.

    A re-reading (no lost byte) needs a sign of mojibake on it, or strong signs in the
    text: a supported re-reading elsewhere, or two separate signs.  A lost-byte guess
    needs strong signs in the text, or a sign on itself with at least two continuation
    bytes or a U+FFFD present, or a sure sign on itself (a pattern real text never shows:
    ``theÂpleasure``).  A katakana reading's confidence is lowered
    (KATAKANA_GUESS_FACTOR), so is one that opens the text with no sign on it
    (START_GUESS_FACTOR), and so is one with a combining mark among its readings
    when no sign touches it or a letter was chosen over the mark
    (MARK_GUESS_CONFIDENCE).
    Where the text shows one sign only (and the record none) and is no whole lossless
    mis-decoding under any code page (other characters stand outside any UTF-8
    sequence, as in ``”Ñandú`` under MacRoman, where ú is a lone continuation byte),
    a reading that brings
    a character of a script found nowhere else in the repaired text (beyond Latin and
    Greek), a rare Latin letter, a modifier letter or a combining mark is not supported
    (``”Ñandú`` stays; see :func:`_evidence.foreign_readings`).  No reading puts a
    small letter inside a word of capitals (:func:`_evidence.caps_broken`).
    ``strong``: the record around the text shows mojibake.
    """
    from ._evidence import foreign_readings

    spots = _caps_kept(text, spots)

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
        conf = s.confidence
        if _katakana(s.replacement):
            conf *= KATAKANA_GUESS_FACTOR
        elif not t and s.start == 0:
            conf *= START_GUESS_FACTOR
        if any(
            unicodedata.category(c.text[:1]) == "Mn" and not _implausible(c.text)
            for c in s.candidates
        ) and (
            not t or unicodedata.category(s.replacement[:1]) != "Mn"
        ):
            # a mark among the readings: the model cannot tell marks from letters by
            # meaning (ُ against ف in Arabic), so no sign means no bet, and a letter
            # chosen over a mark is no bet even under a sign (U+FFFD)
            conf = min(conf, MARK_GUESS_CONFIDENCE)
        if conf != s.confidence:
            ambiguous = s.ambiguous or conf < AMBIGUOUS_CONFIDENCE
            s = attrs.evolve(s, confidence=conf, ambiguous=ambiguous)
        kept.append(s)
    return kept


def _katakana(reading: str) -> bool:
    """True for a reading in the katakana block (loanwords and names: ``ヘシアン``)."""
    return len(reading) == 1 and 0x30A0 <= ord(reading) <= 0x30FF


def _caps_kept(text: str, spots: list[Spot]) -> list[Spot]:
    """``spots`` without those that put a small letter inside a word of capitals of the
    repaired text (:func:`_evidence.caps_broken`)."""
    from ._evidence import caps_broken

    if not any(c.islower() for s in spots for c in s.replacement):
        return spots
    repaired: list[str] = []
    where: list[tuple[int, int]] = []
    pos = 0
    size = 0
    for s in spots:
        repaired.append(text[pos : s.start])
        size += s.start - pos
        where.append((size, size + len(s.replacement)))
        repaired.append(s.replacement)
        size += len(s.replacement)
        pos = s.end
    repaired.append(text[pos:])
    joined = "".join(repaired)
    return [s for s, (a, b) in zip(spots, where, strict=True) if not caps_broken(joined, a, b)]


def _checked(
    current: str, spots: list[Spot], new_text: str, *, strong: bool
) -> tuple[list[Spot], str]:
    """The spots of one layer found in ``current`` that evidence supports, and the text."""
    kept = _supported(spots, _layer_evidence(current), current, strong=strong)
    if kept == spots:
        return spots, new_text
    return kept, apply_spots(current, kept)


def _explain(
    text: str,
    *,
    record_strong: bool = False,
    budget: Budget,
    kept: Kept = NOTHING_KEPT,
) -> RepairReport:
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
            cp = narrowed(name, kept.get(name, frozenset()))
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
            strong_check = record_strong or bool(steps)
        else:
            from ._model import get_model
            coverage.sort(key=lambda cn: -cn[0])
            top_cover = coverage[0][0]
            best: tuple[float, str, list[Spot], str] | None = None
            best_profile: str | None = None
            for cover, name in coverage:
                if cover < COVERAGE_RATIO * top_cover:
                    break
                strong = strong_of[name]
                profile = _preview_profile(current, strong)
                model = get_model(profile)
                result = _pass(current, name, model, strong, budget, kept)
                if result is not None:
                    result = (result[0] - CODEPAGE_COST[name], result[1], result[2])
                if result is not None and (best is None or result[0] > best[0] + 1e-9):
                    best = (result[0], name, result[1], result[2])
                    best_profile = profile
            if best is None:
                break
            _, name, pass_spots, new_text = best
            if best_profile == "zh":
                pass_spots = _as_japanese_too(
                    current, name, pass_spots, strong_of[name], budget, kept
                )
            strong_check = record_strong
        pass_spots, new_text = _checked(current, pass_spots, new_text, strong=strong_check)
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


def _as_japanese_too(
    text: str,
    name: str,
    spots: list[Spot],
    strong: list[Group],
    budget: Budget,
    kept: Kept = NOTHING_KEPT,
) -> list[Spot]:
    """``spots`` (read with the Chinese profile) with the confidence of each lost-byte
    guess of a Han character lowered to its share when the text is read as Japanese.

    Han characters without kana or hangul do not tell Chinese from Japanese (a
    Japanese name in kanji: ``高道 慎之介``), so the profile is a guess: a lost byte
    read as ``铁`` (simplified Chinese) is sure under the Chinese profile, a close
    call against ``道`` under the Japanese one.  The choice stays the Chinese
    profile's; the confidence is the lower of the two, with the Japanese reading's
    candidates shown when they make it lower.  A text with more than _FEW_HAN Han
    characters is taken as Chinese."""
    if not any(s.lost_bytes and _han(s.replacement) for s in spots):
        return spots
    if sum(map(_han, text)) + sum(_han(s.replacement) for s in spots) > _FEW_HAN:
        return spots
    from ._model import get_model

    other = _pass(text, name, get_model("ja"), strong, budget, kept)
    if other is None:
        return spots
    by_place = {(s.start, s.end): s for s in other[1]}
    out: list[Spot] = []
    for spot in spots:
        alt = by_place.get((spot.start, spot.end))
        if spot.lost_bytes and _han(spot.replacement) and alt is not None:
            share = next(
                (c.probability for c in alt.candidates if c.text == spot.replacement), 0.0
            )
            if share < spot.confidence:
                runner = max(
                    (c.probability for c in alt.candidates if c.text != spot.replacement),
                    default=0.0,
                )
                order = [c for c in alt.candidates if c.text == spot.replacement]
                order += [c for c in alt.candidates if c.text != spot.replacement]
                if not order or order[0].text != spot.replacement:
                    order = [*spot.candidates[:1], *order]
                spot = attrs.evolve(
                    spot,
                    confidence=share,
                    ambiguous=runner >= AMBIGUOUS_RATIO * share or share < AMBIGUOUS_CONFIDENCE,
                    candidates=tuple(order[:MAX_CANDIDATES]),
                )
        out.append(spot)
    return out


_FEW_HAN = 8
"""Han characters (read or still damaged) beyond which a text without kana is taken as
Chinese: Japanese prose has kana between its kanji, so only a few Han characters (a
name in kanji, a term) leave the language open."""


def _han(reading: str) -> bool:
    return len(reading) == 1 and 0x4E00 <= ord(reading) <= 0x9FFF


_RARE_BLOCKS = ((0x0530, 0x058F), (0x1000, 0x10FF), (0x1200, 0x1DFF))
"""Armenian, Myanmar, Georgian, Ethiopic ... phonetic extensions: blocks whose letters
the text model treats as improbable; a lost byte after a Latin letter lands there
(``Tomáš`` under cp1252: ``á`` = 0xE1 leads, ``š`` = 0x9A continues, the rest U+1xxx)."""


def _hopeless(text: str, strong_of: dict[str, list[Group]]) -> bool:
    """True when no strong sign can be repaired: every candidate of every group lies in
    a rare block and no two-byte lead stands near (a lone one could still be repaired).

    A structural check that needs no table, so that clean names such as ``Tomáš`` or
    ``Lukáš`` do not load the text model (the full decision keeps them as well)."""
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
    text: str,
    name: str,
    model: Model,
    strong: list[Group],
    budget: Budget,
    kept: Kept = NOTHING_KEPT,
) -> tuple[float, list[Spot], str] | None:
    from ._decide import decide, find_groups
    from ._words import get_lexicon

    cp = narrowed(name, kept.get(name, frozenset()))
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
    seen: dict[str, bool] = {}
    pos = 0
    for d in decisions:
        g = d.group
        if d.choice == 0:
            continue
        opt = g.options[d.choice]
        top = max(d.scores)
        weights = [math.exp((s - top) / CONFIDENCE_TEMPERATURE) for s in d.scores]
        before = text[g.start - 1] if g.start else " "
        after = text[g.end] if g.end < len(text) else " "
        for k, option in enumerate(g.options):
            unlikely = _implausible(option.text) or _unpaired(option.text, text, cp, seen)
            if (
                (k != d.choice and unlikely)
                or _misplaced(option.text, before, after)
                or (k == d.choice and _capital_inside(option.text, before, after))
                or _never(option.text)
            ):
                weights[k] *= IMPLAUSIBLE_SHARE
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


_PAIRS = dict(zip("「『【〔〈《〖（［｛", "」』】〕〉》〗）］｝", strict=True))
_PARTNER = {**_PAIRS, **{b: a for a, b in _PAIRS.items()}}
"""CJK and full-width brackets, each with its partner (quotes are left out: ’ stands
alone as an apostrophe, and „ pairs with “ in German)."""


def _unpaired(reading: str, text: str, cp: CodePage, seen: dict[str, bool]) -> bool:
    """True for a bracket reading whose partner the text does not hold, neither clean nor
    damaged the same way: ``」`` for ``ã€�`` in a text with no ``「`` (``ã€Œ``) is
    no likely reading, ``、`` is.  Only when the partner's damaged form loses no byte
    under ``cp`` (else it could be in the text unseen).  ``seen``: partners looked for in
    ``text`` already (each is looked for once per pass).  Only the confidence uses this."""
    partner = _PARTNER.get(reading)
    if partner is None:
        return False
    data = partner.encode("utf-8")
    if any(b in cp.undefined or b in cp.lost for b in data):
        return False
    got = seen.get(partner)
    if got is None:
        damaged = "".join(cp.decode_table[b] for b in data)
        got = seen[partner] = partner in text or damaged in text
    return not got


_JOINERS = frozenset("\u2010\u2011")
"""Hyphens that join two words (U+2010, U+2011: typeset text, paper titles pasted from a
PDF): likely only between letters or digits."""
_CLOSING = frozenset("\u201d")
"""A closing double quote: unlikely between two letters (``state”of``), where the
hyphen it competes with when 0x9D was lost (U+2010, 0x90) is likely."""


def _misplaced(reading: str, before: str, after: str) -> bool:
    """True for a reading its neighbours make unlikely: a joining hyphen not between two
    letters or digits (U+2010 after ``great``, before a space), a closing double quote
    between two letters (``state”of``).  ``before``/``after``: the characters around
    the damaged text.  The chosen reading counts too (its confidence falls); only the
    confidence uses this."""
    if reading in _JOINERS:
        return not (before.isalnum() and after.isalnum())
    if reading in _CLOSING:
        return before.isalpha() and after.isalpha()
    return False


def _capital_inside(reading: str, before: str, after: str) -> bool:
    """True for a capital letter after a letter and before a small one (``TŐru`` for
    ``Tōru``, ``KŞhei``): chosen, it lowers the confidence.  Not counted against a
    runner-up: a review found ``DÉjàvu`` under cp1251-drop, where discounting the
    capital runner-up ``Ø`` made the wrong ``í`` sure (0.904) over the right ``à``."""
    return len(reading) == 1 and reading.isupper() and before.isalpha() and after.islower()


def _implausible(reading: str) -> bool:
    """True for a reading no tweet is likely to hold, whatever the model's floor for
    unseen characters says: a format character (U+200F), a space other than the
    usual ones (U+2001), a rare ideograph (CJK Extension A), a squared word of CJK
    Compatibility (``㍯`` against ``は`` when 0x81 was lost), or one of
    :func:`_never`.  Only the confidence uses this; the choice is the model's."""
    if len(reading) != 1:
        return False
    if _never(reading):
        return True
    cp = ord(reading)
    if 0x3300 <= cp <= 0x4DBF:  # CJK Compatibility (squared words), Extension A
        return True
    category = unicodedata.category(reading)
    return category == "Cf" or (category == "Zs" and cp not in (0x20, 0xA0, 0x3000))


def _never(reading: str) -> bool:
    """True for a reading no repair of a tweet should make: a private-use or unassigned
    code point, an ideograph beyond the basic plane (CJK Extension B and after,
    Tangut, Khitan), a block of rare symbols (Supplemental Arrows-C, legacy
    computing, Sutton SignWriting), or a letter of Samaritan, Mandaic or the Syriac
    Supplement (what a clean ``à``, or a Cyrillic a under cp1251, before a no-break
    space reads as: E0 A0).  Chosen or not, it keeps a tenth of its weight in the
    confidence: such a repair is no bet."""
    if len(reading) != 1:
        return False
    cp = ord(reading)
    return (
        0x20000 <= cp <= 0x3FFFF  # CJK Extension B and after
        or 0x0800 <= cp <= 0x087F  # Samaritan, Mandaic, Syriac Supplement: à + NBSP
        or 0x17000 <= cp <= 0x18D8F  # Tangut, Khitan
        or 0x1F800 <= cp <= 0x1F8FF  # Supplemental Arrows-C
        or 0x1FB00 <= cp <= 0x1FBFF  # Symbols for Legacy Computing
        or 0x1D800 <= cp <= 0x1DAAF  # Sutton SignWriting (marks beside math letters)
        or unicodedata.category(reading) in ("Co", "Cn")
    )


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
