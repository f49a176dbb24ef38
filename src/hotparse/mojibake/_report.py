"""The records a repair is reported in, and the helpers that replay them (private to
hotparse.mojibake; the names are public through its ``__init__``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from ._codepages import decode_sloppy, encode_sloppy

__all__ = ["Candidate", "RepairReport", "Spot", "apply_spots", "replay_steps"]


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

_C1 = re.compile("[\x80-\x9f]")
"""C1 controls (left out when a repaired text is judged)."""


def _unchanged(text: str) -> RepairReport:
    return RepairReport(text=text, original=text, encoding=None, steps=(), spots=())

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
