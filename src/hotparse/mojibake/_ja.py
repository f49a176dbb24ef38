"""Japanese sentence context for repair candidates (private to hotparse.mojibake).

Kana and kanji that differ only in a lost byte (く/き, 量/重, マ/バ) look alike to a
character model.  When the optional ``janome`` package is installed (a pure-Python
MeCab port bundling mecab-ipadic with its word costs and connection-cost matrix,
Apache-2.0; ``pip install 'janome>=0.5.0'``), each repaired spot of Japanese text
is re-ranked by the cost of the best morphological path through a window of the
repaired sentence with each candidate in place, left to right, then once more
with the right-hand context repaired.  Without janome nothing changes.

janome is imported only here, on the first Japanese text with lost bytes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import attrs

from ._decide import Decision

__all__ = ["available", "rerank"]

COST_SCALE = 1.0 / 700.0
"""Nats per unit of MeCab path cost (ipadic costs are about -700 x log probability)."""
JA_WEIGHT = 2.0
"""Weight of the morphological path cost against the character model."""
MAX_PENALTY = 4.0
"""Cap (nats) on how much the sentence check can take from a reading."""
TOP = 6
"""Candidates of a spot that get the sentence check."""
RANGE = 12.0
"""Candidates this far (nats) below the best are not checked."""
WINDOW = 16
"""Characters of repaired text on each side of the spot."""
SWEEPS = 2

_JA = re.compile("[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
_EDGE = re.compile("[\n<>]")
_LETTER = re.compile("^[\u3041-\u3096\u3005\u3400-\u9fff\uf900-\ufaff]$")


def _letter(s: str) -> bool:
    return _LETTER.match(s) is not None


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    try:
        from janome.tokenizer import Tokenizer  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return None
    return Tokenizer()


def available() -> bool:
    """True when janome can be used."""
    return _tokenizer() is not None


@lru_cache(maxsize=65536)
def _path_cost(s: str) -> float:
    """Cost of the best morphological path through ``s`` (BOS and EOS included)."""
    tk = _tokenizer()
    trans = tk.sys_dic.get_trans_cost
    prev = 0
    total = 0
    for tok in tk.tokenize(s):
        node = tok.node
        total += trans(prev, node.left_id) + node.cost
        prev = node.right_id
    return float(total + trans(prev, 0))


def rerank(text: str, decisions: list[Decision]) -> list[Decision]:
    """Re-rank the candidates of repaired spots in Japanese text by sentence cost."""
    if _tokenizer() is None:
        return decisions
    out = list(decisions)
    chosen = [d.group.options[d.choice].text for d in out]
    for _ in range(SWEEPS):
        changed = False
        for idx, d in enumerate(out):
            g = d.group
            if len(g.options) <= 2 or not any(d.scores):
                continue
            scores = d.scores
            best = max(scores)
            cands = sorted(
                (i for i in range(len(scores)) if scores[i] >= best - RANGE),
                key=lambda i: -scores[i],
            )[:TOP]
            # only letters are compared: the morphological costs of punctuation and
            # emoji (unknown words to the dictionary) say little
            if not _letter(g.options[cands[0]].text):
                continue
            cands = [i for i in cands if _letter(g.options[i].text)]
            if len(cands) < 2:
                continue
            left = _side(text, out, chosen, idx, -1)
            right = _side(text, out, chosen, idx, 1)
            if not (_JA.search(left) or _JA.search(right)):
                continue
            new = list(scores)
            costs = {i: _path_cost(left + g.options[i].text + right) for i in cands}
            low = min(costs.values())
            for i in cands:
                new[i] = scores[i] - min(MAX_PENALTY, JA_WEIGHT * COST_SCALE * (costs[i] - low))
            top = max(cands, key=new.__getitem__)
            if top != d.choice:
                changed = True
            out[idx] = attrs.evolve(d, choice=top, scores=tuple(new))
            chosen[idx] = g.options[top].text
        if not changed:
            break
    return out


def _side(text: str, decisions: list[Decision], chosen: list[str], idx: int, step: int) -> str:
    """Up to WINDOW characters of the current reading beside spot ``idx``, stopping at
    a line break or markup."""
    parts: list[str] = []
    size = 0
    if step < 0:
        pos = decisions[idx].group.start
        k = idx - 1
        while size < WINDOW and pos > 0:
            lo = decisions[k].group.end if k >= 0 else 0
            seg = text[lo:pos]
            parts.append(seg)
            size += len(seg)
            if k < 0:
                break
            parts.append(chosen[k])
            size += len(chosen[k])
            pos = decisions[k].group.start
            k -= 1
        s = "".join(reversed(parts))[-WINDOW:]
        edges = [m.end() for m in _EDGE.finditer(s)]
        return s[edges[-1] :] if edges else s
    pos = decisions[idx].group.end
    k = idx + 1
    n = len(text)
    while size < WINDOW and pos < n:
        hi = decisions[k].group.start if k < len(decisions) else n
        seg = text[pos:hi]
        parts.append(seg)
        size += len(seg)
        if k >= len(decisions):
            break
        parts.append(chosen[k])
        size += len(chosen[k])
        pos = decisions[k].group.end
        k += 1
    s = "".join(parts)[:WINDOW]
    m = _EDGE.search(s)
    return s[: m.start()] if m else s
