"""The text the ``*_grams`` full-text indexes hold: short words of unspaced scripts.

SQLite's ``trigram`` tokenizer finds any substring of three characters or more, in
any script, but a query of one or two characters matches nothing; and Chinese and
Japanese write many words in two characters (``論文``, ``学習``).  So beside the
trigram index, each searched column is also indexed as :func:`search_grams` gives
it, with the ``unicode61`` tokenizer: the runs of Han, kana and Hangul are cut into
their single characters and overlapping pairs, each a word of its own, and the other
text is kept, split from them.  A one- or two-character query (``論文``, ``AI``) is
then one word of this index: it finds every row holding it in a run of those
scripts, and the Latin words around them.  Only the rows holding such a run are
indexed; in the others, the word index (``*_fts``) finds the short Latin words.
"""

from __future__ import annotations

import re

__all__ = ["UNSPACED", "has_unspaced", "search_grams"]

UNSPACED = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3005-\u3007"  # iteration mark, closing mark, ideographic zero
    "\u3041-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana (with ー)
    "\u3131-\u318e"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7a3"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # halfwidth Katakana
    "\U00020000-\U0003134f"  # CJK extensions B to G
)
"""Characters of scripts written without spaces between words, as a regex class body."""

_RUN = re.compile(f"[{UNSPACED}]+")


def has_unspaced(text: str | None) -> bool:
    """Whether ``text`` holds a character of :data:`UNSPACED`: only such rows are
    indexed in the ``*_grams`` tables (the others are found by the word index)."""
    return text is not None and _RUN.search(text) is not None


def search_grams(text: str | None) -> str | None:
    """``text`` with each run of :data:`UNSPACED` characters replaced by its characters
    and overlapping pairs, space-separated: ``様々なTransformer論文`` gives
    ``様 様々 々 々な な Transformer 論 論文 文``."""
    if text is None:
        return None
    if _RUN.search(text) is None:
        return text
    return _RUN.sub(_grams, text)


def _grams(match: re.Match[str]) -> str:
    run = match.group()
    words = []
    for index, char in enumerate(run):
        words.append(char)
        if index + 1 < len(run):
            words.append(run[index : index + 2])
    return " " + " ".join(words) + " "
