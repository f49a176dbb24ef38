"""Finding and deciding mojibake spots (private to hotparse.mojibake).

Under a code page every character of the text stands for one byte (ASCII for
itself, U+FFFD for one lost undefined byte).  A *group* is a UTF-8 lead byte
(0xC2-0xF4) with the continuation bytes that follow it.  When fewer follow than
the lead byte needs, the missing ones were lost and are filled from the code
page's lost set; every filling that decodes to one assigned character is a
candidate.  Groups that touch are decided together (Viterbi over their
options, "keep as it is" being one of them) with the character model.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from operator import add as _add
from typing import TYPE_CHECKING

import attrs

from ._budget import Budget, OverBudget
from ._codepages import HOLE, CodePage
from ._tuning import (
    CACHE_BONUS,
    CONTEXT,
    HOLE_COST,
    LEX_RANGE,
    LEX_TOP,
    LEX_WEIGHT,
    LONE_MARGIN,
    MARGIN,
    MAX_OPTIONS,
    PAIR_BONUS,
    PRUNE_BELOW,
    SPACE_HOLE_COST,
    SWEEP_WORK,
    WEAK_MARGIN,
    WEAK_REACH,
)

if TYPE_CHECKING:  # imported on first decision only: the structural check needs neither
    from ._model import Model
    from ._words import Lexicon

__all__ = ["Budget", "Group", "Option", "OverBudget", "decide", "find_groups"]



@attrs.frozen(kw_only=True)
class Option:
    """One reading of a group."""

    text: str
    """The characters of this reading."""
    prior: float
    """Log prior (0 for keeping the text, minus HOLE_COST per assumed lost byte)."""
    keep: bool
    """True for the reading that keeps the text as it is."""


@attrs.frozen(kw_only=True)
class Group:
    """A lead byte and its continuation bytes under one code page."""

    start: int
    """Offset of the lead character in the text."""
    end: int
    """Offset one past the last character of the group."""
    observed: int
    """Continuation bytes present (U+FFFD included)."""
    holes: int
    """Continuation bytes missing without a trace."""
    options: tuple[Option, ...]
    """``options[0]`` keeps the text; the others are candidate characters."""


_CAND_CACHE: dict[
    tuple[str, tuple[int, ...], int, tuple[int, ...]], tuple[tuple[str, float], ...]
] = {}


def _need(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 1
    if 0xE0 <= lead <= 0xEF:
        return 2
    if 0xF0 <= lead <= 0xF4:
        return 3
    return 0


def _candidates(
    cp: CodePage, lead: int, seen: tuple[int, ...]
) -> tuple[tuple[str, float], ...]:
    """Characters the lead byte plus ``seen`` (HOLE = lost undefined byte) can stand for,
    each with the log prior of the bytes it assumes lost."""
    key = (cp.name, cp.lost, lead, seen)
    got = _CAND_CACHE.get(key)
    if got is not None:
        return got
    need = _need(lead)
    missing = need - len(seen)
    undefined = [b for b in cp.undefined if 0x80 <= b <= 0xBF]
    out: dict[str, float] = {}
    for slots in itertools.combinations(range(need), missing):
        pools: list[Sequence[int]] = []
        it = iter(seen)
        for i in range(need):
            if i in slots:
                pools.append(cp.lost)
            else:
                b = next(it)
                pools.append(undefined if b == HOLE else (b,))
        for fill in itertools.product(*pools):
            try:
                ch = bytes((lead, *fill)).decode("utf-8")
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and _assigned(ch):
                prior = -sum(
                    SPACE_HOLE_COST if fill[i] in (0xA0, 0xAD) else HOLE_COST for i in slots
                )
                if prior > out.get(ch, -math.inf):
                    out[ch] = prior
    res = tuple(out.items())
    if len(_CAND_CACHE) < 200_000:
        _CAND_CACHE[key] = res
    return res


def _assigned(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch) not in ("Cn", "Cs")


_RE_CACHE: dict[tuple[str, bool], re.Pattern[str]] = {}


def _lead_pattern(cp: CodePage, *, weak: bool) -> re.Pattern[str]:
    """Lead-byte characters of ``cp`` (followed by a continuation one unless ``weak``)."""
    key = (cp.name, weak)
    pat = _RE_CACHE.get(key)
    if pat is None:
        leads = "".join(re.escape(cp.decode_table[b]) for b in range(0xC2, 0xF5))
        conts = "".join(re.escape(cp.decode_table[b]) for b in range(0x80, 0xC0))
        if cp.undefined:
            conts += "\ufffd"
        pat = re.compile(f"[{leads}]" if weak else f"[{leads}](?=[{conts}])")
        _RE_CACHE[key] = pat
    return pat


LONE = re.compile("(?<![A-Z\u00c0-\u00de])[\u00c2\u00c3](?![A-Z\u00c0-\u00de])")
_LONE_CODEPAGES = frozenset(("cp1252", "latin-1", "cp1254", "cp1250"))


def find_lone(text: str, cp: CodePage) -> list[Group]:
    """Lone ``Â``/``Ã`` (leads C2/C3 whose only continuation byte was dropped)
    outside all-capital words: the one sign of lossy mojibake a short field
    such as a name may show (``VerÃssimo``)."""
    if cp.name not in _LONE_CODEPAGES:
        return []
    groups: list[Group] = []
    for m in LONE.finditer(text):
        found: list[Group] = []
        _scan(text, cp, True, m.start(), m.start() + 1, found)
        groups.extend(g for g in found if g.observed == 0)
    return groups


def find_groups(
    text: str, cp: CodePage, *, weak: bool, near: list[Group] | None = None
) -> list[Group]:
    """Groups of ``text`` under ``cp``; with ``weak``, also lead bytes standing alone.

    With ``near``, lead bytes are looked for only within WEAK_REACH characters of
    those groups (lone lead bytes far from any sign of mojibake are left alone).
    """
    if near is None:
        windows = [(0, len(text))]
    else:
        windows = []
        for g in near:
            lo, hi = max(0, g.start - WEAK_REACH), g.end + WEAK_REACH
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
            else:
                windows.append((lo, hi))
    groups: list[Group] = []
    pos = 0
    for lo, hi in windows:
        pos = _scan(text, cp, weak, max(pos, lo), hi, groups)
    return groups


def _scan(text: str, cp: CodePage, weak: bool, pos: int, endpos: int, groups: list[Group]) -> int:
    enc = cp.encode_table
    n = len(text)
    pat = _lead_pattern(cp, weak=weak)
    while True:
        m = pat.search(text, pos, endpos)
        if m is None:
            break
        i = m.start()
        b = enc[text[i]]
        need = _need(b)
        seen: list[int] = []
        j = i + 1
        while j < n and len(seen) < need:
            c2 = text[j]
            if c2 == "\ufffd" and cp.undefined:
                seen.append(HOLE)
            else:
                b2 = enc.get(c2)
                if b2 is None or not 0x80 <= b2 <= 0xBF:
                    break
                seen.append(b2)
            j += 1
        pos = j
        opts = _options(cp, b, tuple(seen), text[i:j])
        if opts:
            groups.append(
                Group(start=i, end=j, observed=len(seen), holes=need - len(seen), options=opts)
            )
    return pos


_OPTIONS: dict[tuple[str, tuple[int, ...], str], tuple[Option, ...]] = {}


def _options(cp: CodePage, lead: int, seen: tuple[int, ...], keep: str) -> tuple[Option, ...]:
    """The options of a group whose characters are ``keep`` (``()`` when it has no
    candidate); the same characters under the same code page give the same options,
    which are kept."""
    key = (cp.name, cp.lost, keep)
    got = _OPTIONS.get(key)
    if got is None:
        cands = _candidates(cp, lead, seen)
        got = ()
        if cands:
            got = (
                Option(text=keep, prior=0.0, keep=True),
                *(Option(text=c, prior=prior, keep=False) for c, prior in cands),
            )
        if len(_OPTIONS) > 50_000:
            _OPTIONS.clear()
        _OPTIONS[key] = got
    return got


@attrs.frozen(kw_only=True)
class Decision:
    """The reading chosen for one group, with the local scores of its options."""

    group: Group
    """The group."""
    choice: int
    """Index into ``group.options``."""
    scores: tuple[float, ...]
    """Log score of each option with the chosen neighbours fixed."""
    bonus: float = 0.0
    """Bracket-pairing and companion bonus of the chosen option (part of its score)."""


_PRUNED: dict[tuple[int, int], tuple[Model, tuple[Option, ...], tuple[Option, ...]]] = {}


def _prune(model: Model, g: Group) -> Group:
    """Drop candidates that cannot win: far below the best on their own."""
    if len(g.options) <= MAX_OPTIONS // 2:
        return g
    # groups share their options (see _options): the pruned ones are kept per model
    key = (id(model), id(g.options))
    got = _PRUNED.get(key)
    if got is not None and got[0] is model and got[1] is g.options:
        options = got[2]
    else:
        scored = [(o.prior + model.unigram(o.text), i) for i, o in enumerate(g.options) if i]
        scored.sort(reverse=True)
        best = scored[0][0]
        keep_idx = sorted(i for s, i in scored[:MAX_OPTIONS] if s >= best - PRUNE_BELOW)
        options = (g.options[0], *(g.options[i] for i in keep_idx))
        if len(_PRUNED) > 50_000:
            _PRUNED.clear()
        _PRUNED[key] = (model, g.options, options)
    return Group(start=g.start, end=g.end, observed=g.observed, holes=g.holes, options=options)


def _clusters(groups: list[Group]) -> list[list[Group]]:
    out: list[list[Group]] = []
    for g in groups:
        if out and out[-1][-1].end == g.start:
            out[-1].append(g)
        else:
            out.append([g])
    return out


def _viterbi(model: Model, cluster: list[Group], left: str, right: str) -> list[int]:
    # state: option index of the previous group; value: best score so far.  Each step
    # takes the first best predecessor (as a strict ``>`` scan would), from a transition
    # table the model keeps per pair of option sets.
    prev_scores: list[float] = [0.0]
    prev_last: tuple[str, ...] = (left,)
    back: list[list[int]] = []
    for g in cluster:
        texts = _texts(g)
        scores: list[float] = []
        ptrs: list[int] = []
        for opt, col in zip(g.options, model.columns(texts, prev_last), strict=True):
            vals = list(map(_add, prev_scores, col))
            best = max(vals)
            ptrs.append(vals.index(best))
            scores.append(best + opt.prior)
        back.append(ptrs)
        prev_scores = scores
        prev_last = tuple(t[-1] for t in texts)
    final = [s + model.cost(pl, right) for s, pl in zip(prev_scores, prev_last, strict=True)]
    return _best_path(final, back)


def _best_path(final: list[float], back: list[list[int]]) -> list[int]:
    """The option indexes of the best path: the first best final score, followed back
    through the pointers of each step."""
    k = max(range(len(final)), key=final.__getitem__)
    path = [k]
    for ptrs in reversed(back[1:]):
        k = ptrs[k]
        path.append(k)
    path.reverse()
    return path


def _texts(g: Group) -> tuple[str, ...]:
    return tuple(o.text for o in g.options)


def _path_score(
    model: Model, cluster: list[Group], path: list[int], left: str, right: str
) -> float:
    total = 0.0
    prev = left
    for g, k in zip(cluster, path, strict=True):
        opt = g.options[k]
        total += opt.prior + model.score(opt.text, prev)
        prev = opt.text[-1]
    return total + model.cost(prev, right)


def _work(clusters: list[list[Group]]) -> int:
    """The work of deciding ``clusters``: the Viterbi steps (options times the options
    of the group before) and the sweeps (SWEEP_WORK per option)."""
    total = 0
    for cluster in clusters:
        before = 1
        for g in cluster:
            n = len(g.options)
            total += n * (before + SWEEP_WORK)
            before = n
    return total


def decide(
    model: Model,
    text: str,
    groups: list[Group],
    *,
    lexicon: Lexicon | None,
    budget: Budget | None = None,
) -> tuple[list[Decision], float]:
    """Choose a reading for every group; returns decisions and the total gain (nats).

    Clusters with a continuation byte present are decided first; clusters made
    only of lone lead bytes are repaired only when one of those was.  ``budget``:
    charged with the options to decide first (:class:`OverBudget` when it is spent).
    """
    groups = [_prune(model, g) for g in groups]
    clusters = _clusters(groups)
    if budget is not None:
        budget.spend(_work(clusters))
    weak = [all(g.observed == 0 for g in c) for c in clusters]
    order = [i for i in range(len(clusters)) if not weak[i]]
    order += [i for i in range(len(clusters)) if weak[i]]
    paths: list[list[int]] = [[] for _ in clusters]
    oks = [False] * len(clusters)
    strong_seen = False
    gain_total = 0.0
    for ci in order:
        cluster = clusters[ci]
        a, b = cluster[0].start, cluster[-1].end
        left = text[a - 1] if a > 0 else " "
        right = text[b] if b < len(text) else " "
        path = _viterbi(model, cluster, left, right)
        keep = [0] * len(cluster)
        paths[ci] = keep
        if path == keep:
            continue
        gain = _path_score(model, cluster, path, left, right) - _path_score(
            model, cluster, keep, left, right
        )
        need = MARGIN
        if weak[ci]:
            need = WEAK_MARGIN
            if not strong_seen:
                need = LONE_MARGIN if all(g.holes == 1 for g in cluster) else math.inf
        char_gain = gain
        if lexicon is not None and abs(gain - need) < LEX_RANGE:
            before = text[max(0, a - CONTEXT) : a]
            after = text[b : b + CONTEXT]
            mid_fix = "".join(g.options[k].text for g, k in zip(cluster, path, strict=True))
            gain += LEX_WEIGHT * (
                lexicon.window_score(before + mid_fix + after, model.unigram)
                - lexicon.window_score(text[max(0, a - CONTEXT) : b + CONTEXT], model.unigram)
            )
        if gain >= need:
            paths[ci] = path
            oks[ci] = True
            gain_total += char_gain  # comparable across code pages
            strong_seen = strong_seen or not weak[ci]
    choices = [k for p in paths for k in p]
    accepted = [ok for c, ok in zip(clusters, oks, strict=True) for _ in c]
    pieces: list[str] = []
    pos = 0
    for g, k in zip(groups, choices, strict=True):
        pieces.append(text[pos : g.start])
        pieces.append(g.options[k].text)
        pos = g.end
    pieces.append(text[pos:])
    sweeps = 3 if lexicon is not None else 1
    decisions: list[Decision] = []
    # characters of the repaired text: a cache model (a character or its companion
    # that stands elsewhere in the text is more likely here too)
    seen = Counter("".join(pieces))
    for sweep in range(sweeps):
        decisions = []
        pending: dict[str, int] = {}
        changed = False
        for idx, g in enumerate(groups):
            _count_brackets(pieces[2 * idx], pending)
            if not accepted[idx]:
                decisions.append(Decision(group=g, choice=0, scores=(0.0,) * len(g.options)))
                _count_brackets(pieces[2 * idx + 1], pending)
                continue
            left = _context(pieces, 2 * idx + 1, -1)
            right = _context(pieces, 2 * idx + 1, 1)
            prev = left[-1] if left else " "
            nxt = right[0] if right else " "
            scores = [
                o.prior + model.score(o.text, prev) + model.cost(o.text[-1], nxt)
                for o in g.options
            ]
            k = choices[idx]
            bonuses = [0.0] * len(scores)
            rest: str | None = None
            if len(g.options) > 2:
                for i, o in enumerate(g.options):
                    opener = _CLOSERS.get(o.text)
                    if opener is not None:
                        if pending.get(opener, 0) > 0:
                            bonuses[i] += PAIR_BONUS
                        elif opener not in "\u201c\u00ab\u2039":
                            bonuses[i] -= PAIR_BONUS / 2
                    closer = _OPENERS.get(o.text)
                    if closer is not None and closer not in "\u201d\u00bb\u203a":
                        if rest is None:
                            rest = "".join(pieces[2 * idx + 2 :])
                        if _unclosed(rest, o.text, closer):
                            bonuses[i] += PAIR_BONUS
                    if i and seen[_COMPANION.get(o.text, "")] > 0:
                        bonuses[i] += CACHE_BONUS
                scores = [v + b for v, b in zip(scores, bonuses, strict=True)]
            if lexicon is not None and len(g.options) > 2:
                top = sorted(range(1, len(scores)), key=lambda i: -scores[i])[:LEX_TOP]
                if g.observed == 0:
                    top.append(0)
                for i in top:
                    word = lexicon.window_score(left + g.options[i].text + right, model.unigram)
                    scores[i] += LEX_WEIGHT * word
                floor = min(scores[i] for i in top) - 5.0
                chosen = set(top)
                scores = [v if i in chosen else min(v, floor) for i, v in enumerate(scores)]
                best = max(top, key=scores.__getitem__)
                if best != k and sweep < sweeps - 1:
                    seen[g.options[k].text] -= 1
                    choices[idx] = k = best
                    pieces[2 * idx + 1] = g.options[k].text
                    seen[g.options[k].text] += 1
                    changed = True
            decisions.append(
                Decision(group=g, choice=k, scores=tuple(scores), bonus=bonuses[k])
            )
            _count_brackets(pieces[2 * idx + 1], pending)
        if not changed:
            break  # a sweep that changed nothing: the next ones would repeat it
    return decisions, gain_total


_CLOSERS = {
    "\u300d": "\u300c", "\u300f": "\u300e", "\u3011": "\u3010", "\uff09": "\uff08",
    "\u3009": "\u3008", "\u300b": "\u300a", "\u3015": "\u3014", "\u201d": "\u201c",
    "\u00bb": "\u00ab", "\u203a": "\u2039",
}
_OPENERS = {v: k for k, v in _CLOSERS.items()}
_COMPANION = {"\uff0e": "\uff0c", "\uff0c": "\uff0e"}
_BRACKETS = re.compile("[" + "".join(_CLOSERS) + "".join(_OPENERS) + "]")


def _is_symbol(ch: str) -> bool:
    import unicodedata

    return len(ch) == 1 and unicodedata.category(ch)[0] in "PS"


def _unclosed(rest: str, opener: str, closer: str) -> bool:
    """True when ``rest`` holds a ``closer`` that no ``opener`` of ``rest`` opens."""
    depth = 0
    for ch in rest:
        if ch == opener:
            depth += 1
        elif ch == closer:
            if depth == 0:
                return True
            depth -= 1
    return False


def _count_brackets(piece: str, pending: dict[str, int]) -> None:
    """Track opening brackets and quotes not yet closed."""
    for m in _BRACKETS.finditer(piece):
        ch = m.group()
        if ch in _OPENERS:
            pending[ch] = pending.get(ch, 0) + 1
        else:
            opener = _CLOSERS[ch]
            if pending.get(opener, 0) > 0:
                pending[opener] -= 1


def _context(pieces: list[str], at: int, direction: int) -> str:
    """Up to CONTEXT characters of the hypothesis before (-1) or after (+1) piece ``at``."""
    # the pieces next to ``at`` usually hold enough characters (a slice joined at C speed)
    if direction < 0:
        lo = max(0, at - 2 * CONTEXT)
        near = "".join(pieces[lo:at])
        if len(near) >= CONTEXT or lo == 0:
            return near[-CONTEXT:]
    else:
        hi = at + 1 + 2 * CONTEXT
        near = "".join(pieces[at + 1 : hi])
        if len(near) >= CONTEXT or hi >= len(pieces):
            return near[:CONTEXT]
    out: list[str] = []
    size = 0
    i = at + direction
    while 0 <= i < len(pieces) and size < CONTEXT:
        out.append(pieces[i])
        size += len(pieces[i])
        i += direction
    if direction < 0:
        return "".join(reversed(out))[-CONTEXT:]
    return "".join(out)[:CONTEXT]
