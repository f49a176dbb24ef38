"""Repair leaves clean text alone: hundreds of thousands of clean strings, generated at test time.

The sets come from ``tests/cleantext`` (Babel's CLDR data, Faker's names, our
own math, currency and Latin-1 pair templates; see docs/clean-text.md).  On the
``real`` sets ``hotparse.repair`` must change no string; on the ``symbol`` and
``pair`` sets it may change no more strings than ``ftfy.fix_encoding`` does
(some of those strings, such as ``Ã©`` alone in a sentence, are mojibake in
every way that can be seen).  ``python benchmarks/clean_text.py`` prints the
same counts with examples.
"""

# ruff: noqa: RUF001

from __future__ import annotations

from functools import cache

import ftfy
import pytest
from cleantext import KINDS, SET_NAMES, cldr, clean_set, names
from cleantext._scripts import SCRIPT_GROUPS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hotparse

# Sets the engine still alters (measured with benchmarks/clean_text.py, see
# docs/clean-text.md).  Strict: once the engine leaves a set alone the test
# XPASSes, fails, and the name must go.  Empty since issue 8.
_TODAY = "the repair engine still alters clean text here"
KNOWN_FAILING: frozenset[str] = frozenset()


def _params(kinds: set[str]) -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=_TODAY))
        if name in KNOWN_FAILING
        else name
        for name in SET_NAMES
        if KINDS[name] in kinds
    ]


def _altered(strings: tuple[str, ...], fix: object) -> list[tuple[str, str]]:
    out = []
    for text in strings:
        result = fix(text)  # type: ignore[operator]
        if result != text:
            out.append((text, result))
    return out


def _show(name: str, altered: list[tuple[str, str]], total: int, who: str = "hotparse") -> str:
    sample = "\n".join(f"  {a!r} -> {b!r}" for a, b in altered[:8])
    return f"{name}: {who} altered {len(altered)} of {total} clean strings, e.g.\n{sample}"


@pytest.mark.parametrize("name", _params({"real"}))
def test_real_text_is_left_alone(name: str) -> None:
    strings = clean_set(name).strings
    assert strings, f"{name} is empty"
    altered = _altered(strings, hotparse.repair)
    assert not altered, _show(name, altered, len(strings))


@pytest.mark.parametrize("name", _params({"symbol", "pair"}))
def test_symbols_and_pairs_altered_no_more_than_ftfy(name: str) -> None:
    strings = clean_set(name).strings
    assert strings, f"{name} is empty"
    ours = _altered(strings, hotparse.repair)
    theirs = _altered(strings, ftfy.fix_encoding)
    only_ours = [pair for pair in ours if pair[0] not in {text for text, _ in theirs}]
    assert len(ours) <= len(theirs), (
        f"ftfy.fix_encoding altered {len(theirs)}; " + _show(name, only_ours, len(strings))
    )


def test_suite_is_large_and_covers_every_script() -> None:
    sets = [clean_set(name) for name in SET_NAMES]
    assert sum(len(s.strings) for s in sets) >= 200_000
    locales = set().union(*(s.locales for s in sets if s.name.startswith("cldr-")))
    assert len(locales) >= 100
    for group in SCRIPT_GROUPS:
        assert len(clean_set(f"cldr-{group}").strings) >= 1_000, group
    # the scripts the issue names, by a known word in each
    words = set().union(*(clean_set(f"cldr-{g}").strings for g in ("cyrillic", "latin")))
    for letter in "ўїěęőßñçšğ":  # Belarusian, Ukrainian, Czech, Polish, Hungarian, ...
        assert any(letter in w for w in words), letter
    names = clean_set("names-in-tweets").strings
    assert any("’s" in n for n in names) and any(n.startswith("„") for n in names)
    assert "(-1/2)! = √π" in clean_set("math-formulas").strings
    assert len(clean_set("latin1-pairs-word").strings) == 123 * 123


def test_sets_are_deterministic() -> None:
    from cleantext import mixed, symbols

    assert symbols.math_formulas.__wrapped__() == clean_set("math-formulas").strings
    assert symbols.prices.__wrapped__() == clean_set("prices").strings
    assert mixed.mixed_scripts.__wrapped__() == clean_set("mixed-scripts-emoji").strings
    assert cldr.base_locales() == sorted(cldr.base_locales())


_REAL = tuple(name for name in SET_NAMES if KINDS[name] == "real")


@st.composite
def _clean_texts(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        strings = clean_set(draw(st.sampled_from(_REAL))).strings
        parts.append(strings[draw(st.integers(0, len(strings) - 1))])
    separator = draw(st.sampled_from((" ", "\n", " — ", ", ", ": ", " · ", " 🎉 ")))
    return separator.join(parts)


_SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.mark.xfail("property-joined" in KNOWN_FAILING, strict=True, reason=_TODAY)
@_SETTINGS
@given(_clean_texts())
def test_property_clean_strings_joined_are_left_alone(text: str) -> None:
    assert hotparse.repair(text) == text


@cache
def _words() -> tuple[str, ...]:
    """Every word of the real sets that holds a non-ASCII letter (letters only)."""
    words: dict[str, None] = {}
    for name in _REAL:
        for text in clean_set(name).strings:
            for word in text.split():
                if word.isalpha() and not word.isascii():
                    words[word] = None
    return tuple(words)


@st.composite
def _words_in_tweets(draw: st.DrawFn) -> str:
    words = _words()
    word = words[draw(st.integers(0, len(words) - 1))]
    if draw(st.booleans()):
        word = word.upper() if draw(st.booleans()) else word.capitalize()
    other = words[draw(st.integers(0, len(words) - 1))]
    return draw(st.sampled_from(names.TEMPLATES)).format(n=word, m=other)


@pytest.mark.xfail("property-words" in KNOWN_FAILING, strict=True, reason=_TODAY)
@_SETTINGS
@given(_words_in_tweets())
def test_property_real_words_in_tweet_contexts_are_left_alone(text: str) -> None:
    assert hotparse.repair(text) == text
