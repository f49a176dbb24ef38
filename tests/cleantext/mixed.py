"""Upper-case text and mixed scripts with emoji, made from the CLDR and Faker strings.

Upper case: a seeded sample of the CLDR strings in the cased scripts (Latin,
Cyrillic, Greek, Armenian, Georgian) and of the Faker names, upper-cased with
:meth:`str.upper`.  Mixed: two or three strings of different scripts joined
with emoji (single code points, skin tones, ZWJ sequences, flags, keycaps).
"""

from __future__ import annotations

import random
import unicodedata
from functools import cache

from .cldr import cldr_strings
from .names import bare_names

_CASED = ("latin", "cyrillic", "greek", "armenian", "georgian")
_EMOJI_RANGES = ((0x1F300, 0x1F5FF), (0x1F600, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F900, 0x1F9FF))
_SEQUENCES = (
    "👩\u200d🔬",
    "👨\u200d💻",
    "🧑\u200d🏫",
    "🏳\ufe0f\u200d🌈",
    "❤\ufe0f\u200d🔥",
    "👍🏽",
    "🙏🏿",
    "👋🏻",
    "1\ufe0f\u20e3",
    "#\ufe0f\u20e3",
    "✅",
    "⚡",
    "✨",
    "❤\ufe0f",
    "☕",
    "⭐",
    "™\ufe0f",
)


def emoji() -> tuple[str, ...]:
    """Single emoji from the main blocks, sequences, and the flags of every territory code."""
    singles = [
        chr(c)
        for low, high in _EMOJI_RANGES
        for c in range(low, high + 1)
        if unicodedata.name(chr(c), "") and not 0x1F3FB <= c <= 0x1F3FF
    ]
    from babel import Locale

    flags = [
        "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code)
        for code in sorted(Locale.parse("en").territories)
        if len(code) == 2 and code.isalpha() and code.isupper()
    ]
    return (*singles, *_SEQUENCES, *flags)


@cache
def upper_case(count: int = 24_000, seed: int = 11) -> tuple[str, ...]:
    groups, _ = cldr_strings()
    pool = [text for group in _CASED for text in groups.get(group, ())]
    pool.extend(bare_names())
    rng = random.Random(seed)
    out: dict[str, None] = {}
    for text in rng.sample(pool, min(len(pool), count * 2)):
        upper = text.upper()
        if upper != text and not upper.isascii():
            out[upper] = None
        if len(out) >= count:
            break
    return tuple(out)


@cache
def mixed_scripts(count: int = 16_000, seed: int = 13) -> tuple[str, ...]:
    groups, _ = cldr_strings()
    scripts = sorted(g for g in groups if g != "other")
    marks = emoji()
    names = bare_names()
    rng = random.Random(seed)
    out: dict[str, None] = {}
    while len(out) < count:
        picked = rng.sample(scripts, rng.randint(2, 3))
        parts = [rng.choice(groups[g]) for g in picked]
        if rng.random() < 0.3:
            parts.append(rng.choice(names))
        glue = [rng.choice(marks) + rng.choice(("", " ")) for _ in parts]
        text = " ".join(
            f"{p} {g}" if rng.random() < 0.5 else f"{g}{p}"
            for p, g in zip(parts, glue, strict=True)
        )
        out[text.strip()] = None
    return tuple(out)
