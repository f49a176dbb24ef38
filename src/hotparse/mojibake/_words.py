"""Word-level check of repair candidates (private to hotparse.mojibake).

Letters are judged by the word they end up in: the run of letters of one
script around the candidate is looked up in a lexicon of frequent words
(``_data/lexicon.tsv.gz``, from wordfreq).  Runs of CJK characters have no
spaces, so they are segmented into lexicon words with a unigram word model.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

from ._codepages import read_table

__all__ = ["Lexicon", "get_lexicon"]

OOV_WORD = -4.0
"""Score of a space-delimited word missing from the lexicon."""
OOV_CJK_CHAR = -2.0
"""Score of one CJK character that belongs to no lexicon word."""
MAX_WORD_BONUS = 16.0
"""Cap on how much better a lexicon word is than its characters."""
MAX_CJK_WORD = 6
_MEMO_LIMIT = 50_000
"""Windows kept per unigram function by :meth:`Lexicon.window_score` before clearing."""


@lru_cache(maxsize=65536)
def _wchar(ch: str) -> tuple[str, str]:
    """(normalized character, class): W for space-delimited scripts, C for CJK and hangul
    (segmented into lexicon words), '' for the rest."""
    cp = ord(ch)
    if 0x1D400 <= cp <= 0x1D7FF:
        base = unicodedata.normalize("NFKC", ch)
        if len(base) == 1:
            ch = base
            cp = ord(ch)
    if (
        0x3040 <= cp <= 0x30FF
        or 0x3400 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3FFFF
        or ch == "\u3005"
        or 0xAC00 <= cp <= 0xD7A3
    ):
        return ch, "C"
    cat = unicodedata.category(ch)
    if cat[0] == "L" or (cat in ("Mn", "Mc") and not 0xFE00 <= cp <= 0xFE0F and cp != 0x20E3):
        low = ch.lower()
        return (low if len(low) == 1 else ch), "W"
    return ch, ""


class Lexicon:
    """Frequent words with their log frequency."""

    def __init__(self, text: str) -> None:
        self.words: dict[str, float] = {}
        self._memo: dict[Callable[[str], float], dict[str, float]] = {}
        self._runs: dict[Callable[[str], float], dict[str, float]] = {}
        for line in text.splitlines():
            if not line or line[0] == "#":
                continue
            word, _, q = line.rpartition("\t")
            self.words[word] = -int(q) / 2.0

    def clear_memos(self) -> None:
        """Forget the kept window and run scores."""
        self._memo.clear()
        self._runs.clear()

    def window_score(self, s: str, unigram: Callable[[str], float]) -> float:
        """How much better the lexicon explains the words of ``s`` than single characters.

        Each word (and each lexicon word of a CJK run) scores its log frequency
        minus the log probabilities of its characters under ``unigram``; words
        missing from the lexicon score OOV_WORD.  Scores are relative, so that
        candidates compared on the same window can differ in length or script.
        The answers are kept per ``unigram`` (the same windows come back across
        sweeps, code pages and passes).
        """
        memo = self._memo.get(unigram)
        if memo is None:
            memo = self._memo[unigram] = {}
        got = memo.get(s)
        if got is None:
            got = self._window_score(s, unigram)
            if len(memo) > _MEMO_LIMIT:
                memo.clear()
            memo[s] = got
        return got

    def _window_score(self, s: str, unigram: Callable[[str], float]) -> float:
        runs = self._runs.get(unigram)
        if runs is None:
            runs = self._runs[unigram] = {}
        if len(runs) > _MEMO_LIMIT:
            runs.clear()
        total = 0.0
        run: list[str] = []
        cls = ""
        for ch in s:
            c, k = _wchar(ch)
            if k != cls and run:
                total += self._run(run, cls, unigram, runs)
                run = []
            cls = k
            if k:
                run.append(c)
        if run:
            total += self._run(run, cls, unigram, runs)
        return total

    def _run(
        self,
        chars: list[str],
        cls: str,
        unigram: Callable[[str], float],
        runs: dict[str, float],
    ) -> float:
        word = "".join(chars)
        key = cls + word  # runs repeat across windows: their scores are kept
        got = runs.get(key)
        if got is None:
            base = [unigram(c) for c in chars]
            if cls == "W":
                f = self.words.get(word)
                got = OOV_WORD if f is None else max(OOV_WORD, min(MAX_WORD_BONUS, f - sum(base)))
            else:
                got = self._segment(word, base)
            runs[key] = got
        return got

    def _segment(self, run: str, base: list[float]) -> float:
        n = len(run)
        best = [0.0] + [-1e18] * n
        words = self.words
        for i in range(n):
            here = best[i]
            if here + OOV_CJK_CHAR > best[i + 1]:
                best[i + 1] = here + OOV_CJK_CHAR
            cost = 0.0
            for j in range(i + 1, min(n, i + MAX_CJK_WORD) + 1):
                cost += base[j - 1]
                f = words.get(run[i:j])
                if f is not None:
                    v = here + max(OOV_CJK_CHAR * (j - i), min(MAX_WORD_BONUS, f - cost))
                    if v > best[j]:
                        best[j] = v
        return best[n]


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The shared lexicon, read from the package data on first call."""
    return Lexicon(read_table("lexicon.tsv.gz"))
