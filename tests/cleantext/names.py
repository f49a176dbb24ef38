"""People's names from Faker in every locale it has, placed where tweets put names.

A researcher's name is most often followed by a closing mark: ``Noé’s``,
``“Zoé”``, ``Mañé—``, ``„Jovanović“``, ``«Gauß»``.  Each name (full name, first
name or surname, drawn with a per-locale seed) is put into one of the
templates below, chosen by a seeded generator, so every locale meets every
kind of neighbour: each name goes once into a template where a closing mark
follows it and once into any template.
"""

# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import random
import zlib
from functools import cache

#: Where a name sits in a tweet; ``{n}`` is the name, ``{m}`` a second name.
TEMPLATES = (
    "{n}’s new paper is out!",
    "Congrats to {n}’s group 🎉",
    "“{n}” — keynote at NeurIPS",
    "“{n}”",
    "‘{n}’",
    "„{n}“",
    "„{n}” in der Presse",
    "«{n}»",
    "« {n} »",
    "«\u00a0{n}\u00a0»",
    "‹{n}›",
    "»{n}«",
    "「{n}」",
    "Great talk by {n}—highly recommended",
    "Great talk by {n} — highly recommended",
    "{n}–{m} theorem",
    "{n} – {m}: joint work",
    "Thread by {n}…",
    "{n}… and then",
    "with {n}, {m} & co.",
    "(w/ {n})",
    "[{n}]",
    "{n}: “attention is all you need”",
    "{n}'s lab",
    "{n}» says",
    "by {n} et al.",
    "{n} et al. (2024)",
    "cc {n}!",
    "{n}?",
    "{n}; {m}",
    "{n}/{m}",
    "{n}\u00a0et\u00a0al.",
    "{n} 🧵",
    "{n}👏",
    "@{n}",
    "#{n}",
    "{n}*",
    "{n}†",
    "{n}¹",
    "{n}²,³",
    "{n} ⇒ {m}",
    "{n} → {m}",
    "{n}·{m}",
    "RT {n}: “{m}”",
)

_CLOSERS = "’”“»«›—–…"

#: The templates where a closing mark follows the name (the riskiest neighbours).
CLOSING = tuple(
    t for t in TEMPLATES if t.partition("{n}")[2].lstrip(" \u00a0")[:1] in tuple(_CLOSERS)
)

_PER_LOCALE = 600
_DEPRECATED = frozenset({"fr_QC"})


def faker_locales() -> list[str]:
    import faker.config

    return sorted(set(faker.config.AVAILABLE_LOCALES) - _DEPRECATED)


def _seed(*parts: str) -> int:
    return zlib.crc32("\x00".join(parts).encode("utf-8"))


@cache
def _names(locale: str) -> tuple[str, ...]:
    """The locale's names with a non-ASCII letter: full names, first names, surnames."""
    from faker import Faker

    fake = Faker(locale, providers=["faker.providers.person"])
    fake.seed_instance(_seed("names", locale))
    kinds = (fake.name, fake.first_name, fake.last_name, fake.last_name)
    drawn = (kinds[i % len(kinds)]() for i in range(_PER_LOCALE))
    return tuple(name for name in drawn if not name.isascii())


@cache
def names_in_tweets() -> tuple[tuple[str, ...], frozenset[str]]:
    """Names with at least one non-ASCII letter, each in a tweet-like template."""
    out: list[str] = []
    seen: set[str] = set()
    used: set[str] = set()
    for locale in faker_locales():
        rng = random.Random(_seed("templates", locale))
        names = _names(locale)
        for i, name in enumerate(names):
            other = names[(i * 7 + 3) % len(names)]
            for template in (rng.choice(CLOSING), rng.choice(TEMPLATES)):
                text = template.format(n=name, m=other)
                if text not in seen:
                    seen.add(text)
                    out.append(text)
                    used.add(locale)
    return tuple(out), frozenset(used)


@cache
def bare_names() -> tuple[str, ...]:
    """The non-ASCII names themselves (for the upper-case and mixed sets)."""
    out: list[str] = []
    for locale in faker_locales():
        out.extend(_names(locale))
    return tuple(dict.fromkeys(out))
