"""Mix-ups that ftfy's fixers undo and the model engine does not (private to hotparse.mojibake).

ftfy (Apache-2.0) undoes, exactly: Windows-1252 quotes left as C1 controls,
UTF-8 read as code page 437, Windows-1257 or ISO-8859-2, CESU-8 (surrogate
halves encoded one by one), ``Ã`` followed by a plain space where a no-break
space was turned into a space, and strings whose parts were mis-decoded
different numbers of times.  :func:`ftfy_reading` asks it, and keeps its answer
only when it removes signs of mojibake without adding replacement characters.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import ftfy
from ftfy.badness import badness

__all__ = ["diff_spans", "ftfy_reading", "residue"]

_NAMES = {
    "sloppy-windows-1252": "cp1252",
    "sloppy-windows-1250": "cp1250",
    "sloppy-windows-1251": "cp1251",
    "sloppy-windows-1253": "cp1253",
    "sloppy-windows-1254": "cp1254",
    "sloppy-windows-1257": "cp1257",
    "windows-1252": "cp1252",
    "macroman": "mac_roman",
    "utf-8-variants": "utf-8",
}
_C1 = re.compile("[\x80-\x9f]")
_UNDEFINED_C1 = re.compile("[\x81\x8d\x8f\x90\x9d]")
_EXACT = frozenset(("encode", "decode"))


def residue(text: str) -> int:
    """Signs of mojibake left in ``text``: ftfy's badness count plus C1 controls plus our
    sure signs of a lost byte (a lone ``Ã`` between small letters, as in ``VerÃssimo``)."""
    from ._evidence import sure_signs

    return badness(text) + len(_C1.findall(text)) + sure_signs(text)


def ftfy_reading(text: str) -> tuple[str, tuple[tuple[str, str], ...], bool] | None:
    """ftfy's repair of ``text``: the text, the steps (our code page names) and whether
    every step is an exact re-reading; ``None`` when ftfy changes nothing or its answer
    does not remove signs of mojibake."""
    fixed, found_plan = ftfy.fix_encoding_and_explain(text)
    plan = found_plan or []
    if fixed == text or fixed.count("\ufffd") > text.count("\ufffd"):
        return None
    if residue(fixed) >= residue(text):
        return None
    c1_only = ("decode", "windows-1252") in plan or ("transcode", "fix_c1_controls") in plan
    if c1_only and (_UNDEFINED_C1.search(text) or _c1_continues(text)):
        # C1 controls that Windows-1252 leaves undefined: not its quotes, but controls;
        # or one that completes a UTF-8 sequence read as Latin-1 (``Æ\x80`` is ƀ):
        # a continuation byte the engine declined to read, not a quote
        return None
    steps = tuple((op, _NAMES.get(arg, arg)) for op, arg in plan)
    return fixed, steps, all(op in _EXACT for op, _ in plan)


_LEAD_C1 = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]*[\u0080-\u009f][\u0080-\u00bf]*")


def _c1_continues(text: str) -> bool:
    """True when a C1 control of ``text`` is a continuation byte of a complete UTF-8
    sequence read as Latin-1 (a lead ``Â``-``ô`` and continuation bytes around it)."""
    for match in _LEAD_C1.finditer(text):
        piece = match.group()
        need = 1 if piece[0] <= "\u00df" else 2 if piece[0] <= "\u00ef" else 3
        try:
            if len(piece[: need + 1].encode("latin-1").decode("utf-8")) == 1:
                return True
        except UnicodeDecodeError:
            continue
    return False


_TOKEN = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


def diff_spans(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """Changed regions ``(a_start, a_end, b_start, b_end)`` between ``a`` and ``b``,
    aligned on runs of ASCII characters and runs of others (repairs keep ASCII as it
    is), each region trimmed of the characters it starts and ends with in both.

    Linear when the ASCII runs are the same in both texts (a re-reading); otherwise
    the runs are aligned with ``difflib`` (a few hundred runs in a piece of text)."""
    ta = _TOKEN.findall(a)
    tb = _TOKEN.findall(b)
    oa = [0]
    for t in ta:
        oa.append(oa[-1] + len(t))
    ob = [0]
    for t in tb:
        ob.append(ob[-1] + len(t))
    blocks: list[tuple[int, int, int, int]] = []
    if len(ta) == len(tb) and all(
        x == y for x, y in zip(ta, tb, strict=True) if x.isascii() or y.isascii()
    ):
        pairs = enumerate(zip(ta, tb, strict=True))
        blocks = [(i, i + 1, i, i + 1) for i, (x, y) in pairs if x != y]
    else:
        matcher = SequenceMatcher(None, ta, tb, autojunk=False)
        blocks = [
            (i1, i2, j1, j2)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        ]
    out: list[tuple[int, int, int, int]] = []
    for i1, i2, j1, j2 in blocks:
        a0, a1, b0, b1 = oa[i1], oa[i2], ob[j1], ob[j2]
        while a0 < a1 and b0 < b1 and a[a0] == b[b0]:
            a0, b0 = a0 + 1, b0 + 1
        while a1 > a0 and b1 > b0 and a[a1 - 1] == b[b1 - 1]:
            a1, b1 = a1 - 1, b1 - 1
        out.append((a0, a1, b0, b1))
    return out
