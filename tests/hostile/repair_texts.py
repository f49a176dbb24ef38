"""Texts of any size for the repair's speed checks: clean or damaged, in several scripts.

Used by ``tests/test_pathological.py`` (linear growth, generous limits) and by
``benchmarks/repair_speed.py`` (the figures).  Every text is generated from a
seed; nothing here comes from real posts.
"""

# ruff: noqa: RUF001

from __future__ import annotations

import random
from collections.abc import Callable

_SENTENCES = (
    "It’s “quoted” — the café’s naïve façade, déjà vu.",
    "Zażółć gęślą jaźń; Příliš žluťoučký kůň; İstanbul’da güzel bir gün.",
    "Привет, мир! Это новая статья о машинном обучении.",
    "Καλημέρα κόσμε, αυτό είναι ένα άρθρο.",
    "新しい論文を公開しました！詳しくはこちらをご覧ください。",
    "我们已经发布了新的论文，欢迎阅读。새로운 논문을 공개했습니다.",
    "مرحبا بكم في العمل الجديد. שלום עולם.",
    "Launch day 🚀 at last 🎉 — 5×£35, ±0.1 °C, √π ≈ 1.77.",
)


def clean_text(size: int, seed: int = 1) -> str:
    """About ``size`` characters of clean text in many scripts, in lines of sentences."""
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        line = " ".join(rng.choice(_SENTENCES) for _ in range(rng.randint(1, 4))) + "\n"
        out.append(line)
        total += len(line)
    return "".join(out)[:size]


def mis_decode(text: str, codepage: str, lossy: str | None = None) -> str:
    """UTF-8 bytes of ``text`` read as ``codepage``; ``lossy="drop"`` drops the bytes the
    code page leaves undefined (and no-break spaces and soft hyphens), as a lossy decoder."""
    out: list[str] = []
    for b in text.encode("utf-8"):
        try:
            ch = bytes((b,)).decode(codepage)
        except UnicodeDecodeError:
            ch = "" if lossy == "drop" else chr(b)
        if lossy == "drop" and ch in ("\u00a0", "\u00ad"):
            ch = ""
        out.append(ch)
    return "".join(out)


def _damaged(size: int, codepage: str, lossy: str | None = None) -> str:
    text = mis_decode(clean_text(size, seed=2), codepage, lossy)[:size]
    return text[: text.rfind("\n") + 1] or text


def random_latin1(size: int, seed: int = 3) -> str:
    """Random printable Latin-1 characters (ASCII and U+00A0-U+00FF, with spaces)."""
    rng = random.Random(seed)
    alphabet = [chr(c) for c in (*range(0x20, 0x7F), *range(0xA0, 0x100))]
    return "".join(rng.choices(alphabet, k=size))


def random_letters(size: int, seed: int = 4) -> str:
    """Random letters of the Basic Multilingual Plane (any script) in words."""
    rng = random.Random(seed)
    letters = [chr(c) for c in range(0xA0, 0x10000) if chr(c).isalpha()]
    out: list[str] = []
    while len(out) < size:
        out.extend(rng.choices(letters, k=rng.randint(1, 9)))
        out.append(" ")
    return "".join(out[:size])


def damaged_random_cjk(size: int, seed: int = 5) -> str:
    """Random CJK ideographs in lines, read as cp1252, with one byte dropped in the middle
    (so that the whole text is no longer one lossless mis-decoding)."""
    rng = random.Random(seed)
    chars: list[str] = []
    while len(chars) < size // 3:
        chars.extend(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(rng.randint(5, 30)))
        chars.append(" " if rng.random() < 0.8 else "\n")
    text = mis_decode("".join(chars), "cp1252")[:size]
    middle = len(text) // 2
    return text[:middle] + text[middle + 1 :]


def random_high(size: int, seed: int = 7) -> str:
    """Random characters U+00A0-U+00FF only: under cp1252 nearly every one is a lead or a
    continuation byte, so the whole text is one run of candidate groups."""
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0xA0, 0xFF)) for _ in range(size))


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


KINDS: dict[str, Callable[[int], str]] = {
    "clean text, many scripts": clean_text,
    "random Latin-1": random_latin1,
    "random letters, any script": random_letters,
    "cp1252 mojibake (lossless)": lambda size: _damaged(size, "cp1252"),
    "cp1254 mojibake, bytes dropped": lambda size: _damaged(size, "cp1254", "drop"),
    "cp1251 mojibake (lossless)": lambda size: _damaged(size, "cp1251"),
    "random CJK mojibake, one byte lost": damaged_random_cjk,
    "random U+00A0-U+00FF": random_high,
    "lost-byte quotes 'â€' repeated": _repeat("â€"),
    "suspect lines 'Ã\\n' repeated": _repeat("Ã\n"),
}
"""Name -> function of the size in characters."""


def description_post(size: int = 30_000, seed: int = 6) -> str:
    """``fixtures/basic.md`` with a front matter ``description`` of ``size`` random Latin-1
    characters (a YAML single-quoted scalar)."""
    from hostile import build as B

    value = random_latin1(size, seed).replace("'", "''")
    return B.replace_once(
        B.basic(), 'description: "Hot papers 2021-04-14"', f"description: '{value}'"
    )
