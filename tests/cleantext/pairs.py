"""Every ordered pair of Latin-1 and cp1252 characters, in a sentence and inside a word.

The alphabet is U+00A0–U+00FF (the printable half of Latin-1) and the
printable characters cp1252 puts at 0x80–0x9F (``€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ``):
123 characters, so 15,129 pairs per context.  These are exactly the characters
UTF-8 mojibake is made of, so each pair is a place where a guesser can see a
mix-up that is not there.
"""

# ruff: noqa: RUF002

from __future__ import annotations

from functools import cache


def _alphabet() -> str:
    latin1 = "".join(chr(c) for c in range(0xA0, 0x100))
    cp1252 = ""
    for byte in range(0x80, 0xA0):
        try:
            cp1252 += bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return cp1252 + latin1


#: The 123 characters whose every ordered pair is tested.
ALPHABET = _alphabet()


@cache
def pairs_in_sentence() -> tuple[str, ...]:
    """``The sign {a}{b} stands alone.`` for every ordered pair."""
    return tuple(f"The sign {a}{b} stands alone." for a in ALPHABET for b in ALPHABET)


@cache
def pairs_in_word() -> tuple[str, ...]:
    """``Mo{a}{b}ra`` (the pair between letters of one word) for every ordered pair."""
    return tuple(f"See Mo{a}{b}ra now." for a in ALPHABET for b in ALPHABET)
