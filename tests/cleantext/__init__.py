"""Named sets of clean text, generated at test time from installed packages (Babel, Faker).

Nothing is downloaded and nothing third-party is committed: the strings come
from the CLDR data Babel ships, the name tables Faker ships, and our own
templates, with fixed seeds (so one set of package versions always gives the
same strings).  Three kinds of set:

``real``
    Text people write: locale data in every script, names in tweet contexts,
    upper case, mixed scripts with emoji.  A repair must leave every string alone.
``symbol``
    Math and currency text.  A repair may alter no more strings than
    ``ftfy.fix_encoding`` does.
``pair``
    Every ordered pair of Latin-1/cp1252 characters in a sentence and in a word, and
    words with diacritics glued to cp1252 marks.  Same rule as ``symbol``.

Use :data:`SET_NAMES` to list the sets without building them, and
:func:`clean_set` to build one (cached for the process)::

    from cleantext import SET_NAMES, clean_set
    for name in SET_NAMES:
        strings = clean_set(name).strings

From ``benchmarks/`` put ``tests/`` on ``sys.path`` first (see
benchmarks/clean_text.py).  Needs ``pip install -e '.[test]'``.
"""

# ruff: noqa: RUF001

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from typing import Literal

from . import cldr, glued, mixed, names, pairs, symbols
from ._scripts import SCRIPT_GROUPS

Kind = Literal["real", "symbol", "pair"]

__all__ = ["KINDS", "SET_NAMES", "CleanSet", "Kind", "all_sets", "clean_set"]


@dataclass(frozen=True)
class CleanSet:
    """One named set of clean strings."""

    name: str
    kind: Kind
    description: str
    strings: tuple[str, ...]
    #: The Babel or Faker locales the strings were drawn from (empty for our own tables).
    locales: frozenset[str]


def _cldr(group: str) -> tuple[tuple[str, ...], frozenset[str]]:
    strings, sources = cldr.cldr_strings()
    return strings.get(group, ()), sources.get(group, frozenset())


def _plain(
    build: Callable[[], tuple[str, ...]],
) -> Callable[[], tuple[tuple[str, ...], frozenset[str]]]:
    return lambda: (build(), frozenset())


_Builder = Callable[[], tuple[tuple[str, ...], frozenset[str]]]

_SCRIPT_TEXT = {
    "latin": "Latin script (incl. Vietnamese, Lower Sorbian, Nheengatu, Azerbaijani, ...)",
    "cyrillic": "Cyrillic (incl. Belarusian ў, Ukrainian, Serbian, Kazakh, ...)",
    "greek": "Greek",
    "arabic": "Arabic script (Arabic, Persian, Urdu, Pashto, Uyghur, ...)",
    "hebrew": "Hebrew and Yiddish",
    "indic": "Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala, ...",
    "southeast-asian": "Thai, Lao, Myanmar, Khmer, ...",
    "cjk": "Chinese, Japanese (Han, kana)",
    "hangul": "Korean",
    "ethiopic": "Ethiopic (Amharic, Tigrinya, ...)",
    "georgian": "Georgian",
    "armenian": "Armenian",
    "other": "other scripts (Tibetan, Mongolian, Cherokee, N'Ko, Adlam, ...) and strings with no letter (unit symbols)",
}

_REGISTRY: dict[str, tuple[Kind, str, _Builder]] = {
    **{
        f"cldr-{group}": (
            "real",
            f"CLDR names, calendar words, units and dates: {_SCRIPT_TEXT[group]}",
            partial(_cldr, group),
        )
        for group in SCRIPT_GROUPS
    },
    "names-in-tweets": (
        "real",
        "Faker names with non-ASCII letters, before ’s ” — – … » and inside „…“ “…” «…»",
        names.names_in_tweets,
    ),
    "upper-case": (
        "real",
        "CLDR strings and names in cased scripts, upper-cased",
        _plain(mixed.upper_case),
    ),
    "mixed-scripts-emoji": (
        "real",
        "two or three scripts in one string, with emoji, ZWJ sequences and flags",
        _plain(mixed.mixed_scripts),
    ),
    "math-formulas": (
        "symbol",
        "formulas with Greek letters and math operators",
        _plain(symbols.math_formulas),
    ),
    "math-pairs": (
        "symbol",
        "every ordered pair of the math alphabet in `f(x) = ..x`",
        _plain(symbols.math_pairs),
    ),
    "prices": (
        "symbol",
        "prices: 5×£35, 3×€5, no-break space before £ ¥ €, ₹ ₽ ...",
        _plain(symbols.prices),
    ),
    "cldr-prices": (
        "symbol",
        "currencies, percents and numbers as Babel formats them in every locale",
        symbols.locale_prices,
    ),
    "glued-punctuation": (
        "pair",
        "words with diacritics glued to cp1252 marks: ”Ñandú, €Ångström, Å’s, 3×Ş",
        _plain(glued.glued_punctuation),
    ),
    "latin1-pairs-sentence": (
        "pair",
        "every ordered pair of U+00A0–U+00FF and cp1252 printables, alone in a sentence",
        _plain(pairs.pairs_in_sentence),
    ),
    "latin1-pairs-word": (
        "pair",
        "every ordered pair of U+00A0–U+00FF and cp1252 printables, inside a word",
        _plain(pairs.pairs_in_word),
    ),
}

#: Every set's name, in table order.
SET_NAMES: tuple[str, ...] = tuple(_REGISTRY)
#: The kind of every set, by name.
KINDS: dict[str, Kind] = {name: entry[0] for name, entry in _REGISTRY.items()}


@cache
def clean_set(name: str) -> CleanSet:
    """Build (once per process) the set called ``name``."""
    kind, description, build = _REGISTRY[name]
    strings, locales = build()
    return CleanSet(name=name, kind=kind, description=description, strings=strings, locales=locales)


def all_sets() -> list[CleanSet]:
    return [clean_set(name) for name in SET_NAMES]
