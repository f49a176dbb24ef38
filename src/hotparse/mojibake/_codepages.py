"""Single-byte code pages that UTF-8 gets mis-decoded as (private to hotparse.mojibake).

For each code page we keep the byte that every character decodes from, with the
bytes the code page leaves undefined mapped from C1 controls (the way "sloppy"
decoders such as ftfy's keep them), and the set of bytes a lossy decoding can
lose: the undefined ones plus no-break space and soft hyphen.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType

import attrs

__all__ = [
    "CODEPAGES",
    "NOTHING_KEPT",
    "CodePage",
    "Kept",
    "codepage",
    "decode_sloppy",
    "encode_sloppy",
    "marks_undefined",
    "narrowed",
    "with_invisible",
]

CODEPAGES: tuple[str, ...] = ("cp1252", "latin-1", "cp1254", "cp1250", "cp1251", "mac_roman")
"""Code pages the model engine tries, most likely first."""

BREADTH_CODEPAGES: tuple[str, ...] = ("cp437", "cp1257", "iso-8859-2", "cp1253")
"""Code pages only whole-text re-readings (ftfy's) undo; they widen the fast path."""

HOLE = -1
"""Marker for a byte known to be lost at this place (a U+FFFD in the text)."""


@attrs.frozen(kw_only=True)
class CodePage:
    """Byte <-> character tables of one single-byte code page."""

    name: str
    """Python codec name."""
    decode_table: tuple[str, ...]
    """Character for each byte 0..255; undefined bytes give the C1 control of that value."""
    encode_table: dict[str, int]
    """Character -> byte, the inverse of ``decode_table``."""
    undefined: frozenset[int]
    """Bytes the code page does not define."""
    lost: tuple[int, ...]
    """Continuation bytes (0x80-0xBF) a lossy decoding can drop: undefined, NBSP, SHY."""
    defined_c1: bool
    """True when the code page maps 0x80-0x9F to C1 controls itself (latin-1)."""


@cache
def codepage(name: str) -> CodePage:
    """Tables for the code page ``name`` (one of :data:`CODEPAGES`)."""
    dec: list[str] = []
    undefined: set[int] = set()
    for b in range(256):
        try:
            ch = bytes([b]).decode(name)
        except UnicodeDecodeError:
            ch = chr(b)  # C1 control for 0x80-0x9F, as sloppy decoders do
            undefined.add(b)
        dec.append(ch)
    enc = {ch: b for b, ch in enumerate(dec)}
    lost_set = {b for b in undefined if 0x80 <= b <= 0xBF}
    for special in ("\u00a0", "\u00ad"):
        sb = enc.get(special)
        if sb is not None and 0x80 <= sb <= 0xBF:
            lost_set.add(sb)
    return CodePage(
        name=name,
        decode_table=tuple(dec),
        encode_table=enc,
        undefined=frozenset(undefined),
        lost=tuple(sorted(lost_set)),
        defined_c1=name == "latin-1",
    )


_INVISIBLE = frozenset("\u00a0\u00ad")
"""No-break space and soft hyphen (see :func:`narrowed`)."""

def with_invisible(kept: frozenset[str]) -> frozenset[str]:
    """``kept`` with both no-break space and soft hyphen when it holds either: they are
    lost together, by a step that drops what does not show (or turns the space into a
    plain one), so one seen kept means both were."""
    return kept | _INVISIBLE if kept & _INVISIBLE else kept


def marks_undefined(kept: frozenset[str]) -> bool:
    """True when ``kept`` holds a C1 control or U+FFFD: the decoding kept (or marked) the
    bytes its code page does not define, so none of them was dropped silently."""
    return any(ch == "\ufffd" or "\x80" <= ch <= "\x9f" for ch in kept)


Kept = Mapping[str, frozenset[str]]
"""Per code page, the characters a post shows that decoding kept (``_kept.kept_marks``)."""

NOTHING_KEPT: Kept = MappingProxyType({})
"""No evidence: every code page keeps its whole lost set."""


@lru_cache(maxsize=256)  # posts show few sets of kept marks; a bound all the same
def narrowed(name: str, kept: frozenset[str]) -> CodePage:
    """The code page ``name`` with the bytes a post shows kept taken out of its lost set.

    ``kept`` holds characters the post's repairs under this code page read inside
    mojibake sequences (see ``_kept.kept_marks``): a no-break space or soft hyphen
    read there was not dropped, so its byte is not assumed lost elsewhere in the
    post (and neither is the other's: they are lost together); a C1 control or U+FFFD
    read there means the decoding kept (or marked) the bytes it does not define, so
    none of them was dropped silently (a U+FFFD still stands for one).  One wrong
    decoding per file is the common case, so what one field shows holds for the
    post's other fields read through the same code page."""
    page = codepage(name)
    if not kept:
        return page
    marked = marks_undefined(kept)
    kept = with_invisible(kept)
    lost = tuple(
        b
        for b in page.lost
        if not (marked and b in page.undefined) and page.decode_table[b] not in kept
    )
    return page if lost == page.lost else attrs.evolve(page, lost=lost)


def encode_sloppy(text: str, name: str) -> bytes:
    """Encode ``text`` with code page ``name``, C1 controls standing for undefined bytes."""
    table = codepage(name).encode_table
    return bytes(table[ch] for ch in text)


def decode_sloppy(data: bytes, name: str) -> str:
    """Decode ``data`` with code page ``name``, keeping undefined bytes as C1 controls."""
    table = codepage(name).decode_table
    return "".join(table[b] for b in data)


def read_table(name: str) -> str:
    """The text of a gzipped table in ``hotparse/_data`` (see build_repair_tables.py)."""
    with resources.files("hotparse").joinpath(f"_data/{name}").open("rb") as handle:
        return gzip.decompress(handle.read()).decode("utf-8")
