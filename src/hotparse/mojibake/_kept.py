"""Bytes a post shows its wrong decoding kept (private to hotparse.mojibake).

A lossy decoding loses the same bytes throughout a file: the bytes its code page
does not define (dropped, or written as U+FFFD), and often the no-break space and
the soft hyphen. Which of them were lost is seen where one of them survived inside
a mojibake sequence: ``Ã\\xa0`` (``à`` read as cp1252) shows that 0xA0 was kept, a
C1 control inside a sequence (``ð\\x9f\\x98``) that undefined bytes were kept as
controls, a U+FFFD after a lead (``è¦\\ufffd``) that they were marked, not dropped
silently. :func:`kept_marks` collects those characters over the fields of a post;
``_codepages.narrowed`` takes their bytes out of the set the engine assumes lost, so
a close call between a byte the post shows kept and one it shows lost is no close
call (``'Ã'`` read as ``í``, 0xAD lost, rather than ``Í``, 0x8D lost, when the post
shows C1 controls kept).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ._codepages import CODEPAGES, codepage
from ._decide import _need

__all__ = ["kept_marks"]

_MARK = re.compile("(?<=[^\x00-\x7f])[\x80-\x9f\u00a0\u00ad\ufffd]")
"""Characters whose survival tells what a lossy decoding kept, after a character that
can stand for a byte of a sequence."""

_MARKS = "".join(map(chr, range(0x80, 0xA0))) + "\u00a0\u00ad\ufffd"

MAX_LOOKS = 64
"""Looks for a sequence around each mark character, after a non-ASCII character, before
the texts are taken to show none for it: a post damaged throughout shows its kept
bytes in its first sequences, and clean text rich in marks (no-break spaces after
accented letters) stays linear (a megabyte of ``é\xa0`` costs 6 s of Python
without the bound)."""


def kept_marks(texts: Iterable[str]) -> frozenset[str]:
    """The characters of :data:`_MARK` that ``texts`` show inside mojibake sequences
    under one of the code pages the engine tries: a complete UTF-8 sequence for a
    no-break space, soft hyphen or C1 control (its byte is a continuation byte of
    the sequence), a lead and its continuation bytes so far for U+FFFD."""
    found: set[str] = set()
    looks: dict[str, int] = {}
    pattern = _MARK
    for text in texts:
        pos = 0
        while match := pattern.search(text, pos):
            mark, at = match.group(), match.start()
            pos = at + 1
            looks[mark] = looks.get(mark, 0) + 1
            if _inside_sequence(text, at):
                found.add(mark)
            if mark in found or looks[mark] >= MAX_LOOKS:
                # settled: look for the other marks only (at most 35 patterns)
                done = found | {m for m, n in looks.items() if n >= MAX_LOOKS}
                rest = [m for m in _MARKS if m not in done]
                if not rest:
                    return frozenset(found)
                pattern = re.compile("(?<=[^\\x00-\\x7f])[" + re.escape("".join(rest)) + "]")
    return frozenset(found)


def _inside_sequence(text: str, at: int) -> bool:
    for name in CODEPAGES:
        enc = codepage(name).encode_table
        for back in range(1, 4):
            start = at - back
            if start < 0:
                break
            lead = enc.get(text[start])
            if lead is None or lead < 0x80:
                break
            need = _need(lead)
            if not need:
                if 0x80 <= lead <= 0xBF:
                    continue  # a continuation byte: look further back for the lead
                break
            if back > need:
                break
            if not all(0x80 <= enc.get(ch, 0) <= 0xBF for ch in text[start + 1 : at]):
                break
            if text[at] == "\ufffd":
                return True
            piece = text[start : start + need + 1]
            data = [enc.get(ch) for ch in piece]
            if len(piece) == need + 1 and all(b is not None for b in data):
                try:
                    decoded = bytes(b for b in data if b is not None).decode("utf-8")
                except UnicodeDecodeError:
                    break
                if len(decoded) == 1:
                    return True
            break
    return False

