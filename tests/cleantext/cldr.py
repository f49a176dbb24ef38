"""Real text from the Unicode CLDR, as Babel ships it: names and calendar words in every locale.

Every base locale Babel knows (a language, or a language and a script, such as
``sr_Latn``; about 390 with Babel 2.14+) gives its names of languages,
territories, scripts, currencies (singular and plural) and units, its month,
day, quarter, era and day-period names, relative date words ("in 3 days"),
unit amounts ("21 kilometres"), time-zone city names, a full and a long date,
and a list of three language names joined the locale's way.  Strings written
only in ASCII are left out: they cannot be mojibake.  The strings are grouped
by the script of their first letter (see :mod:`._scripts`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from ._scripts import script_of

_DATES = (dt.date(2024, 3, 14), dt.date(2025, 11, 2))
_UNITS_AMOUNTS = (1, 2, 5, 21, 1.5)


def base_locales() -> list[str]:
    """Every Babel locale that is a bare language or a language with a script."""
    from babel import localedata

    out = []
    for ident in localedata.locale_identifiers():
        parts = ident.split("_")
        if ident == "root":
            continue
        if len(parts) == 1 or (len(parts) == 2 and len(parts[1]) == 4 and parts[1].istitle()):
            out.append(ident)
    return sorted(out)


def _values(mapping: Mapping[Any, Any]) -> Iterator[str]:
    for value in mapping.values():
        if isinstance(value, str):
            yield value


def _nested(mapping: Mapping[Any, Any], *keys: str) -> Mapping[Any, Any]:
    for key in keys:
        try:
            mapping = mapping[key]
        except (KeyError, TypeError):
            return {}
    return mapping if hasattr(mapping, "values") else {}


def _locale_strings(ident: str) -> Iterator[str]:
    from babel import Locale, dates, lists, numbers

    locale = Locale.parse(ident)
    data = locale._data
    yield from _values(locale.languages)
    yield from _values(locale.territories)
    yield from _values(locale.scripts)
    yield from _values(locale.variants)
    yield from _values(locale.currencies)
    for forms in _nested(data, "currency_names_plural").values():
        yield from _values(forms)
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            yield from _values(_nested(data, "months", context, width))
            yield from _values(_nested(data, "days", context, width))
        yield from _values(_nested(data, "quarters", context, "wide"))
        yield from _values(_nested(data, "day_periods", context, "wide"))
    for width in ("wide", "abbreviated"):
        yield from _values(_nested(data, "eras", width))
    for field in _nested(data, "date_fields").values():
        yield from _values(_nested(field, "relative"))
        for when in ("future", "past"):
            for pattern in _values(_nested(field, when)):
                yield pattern.replace("{0}", "3")

    amounts = [numbers.format_decimal(n, locale=locale) for n in _UNITS_AMOUNTS]
    for unit, names in _nested(data, "unit_display_names").items():
        if isinstance(unit, str) and hasattr(names, "get"):
            long_name = names.get("long")
            if isinstance(long_name, str):
                yield long_name
        for pattern in _values(_nested(data, "unit_patterns", unit, "long")):
            if "{0}" in pattern:
                yield pattern.replace("{0}", amounts[len(pattern) % len(amounts)])
    for zone in _nested(data, "time_zones").values():
        if isinstance(zone, Mapping) and isinstance(zone.get("city"), str):
            yield zone["city"]
    for day in _DATES:
        for style in ("full", "long"):
            try:
                yield dates.format_date(day, style, locale=locale)
            except (KeyError, ValueError):
                continue
    names = list(_values(locale.languages))[:3]
    if len(names) == 3:
        with contextlib.suppress(KeyError, ValueError):
            yield lists.format_list(names, locale=locale)


@cache
def cldr_strings() -> tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """The CLDR strings grouped by script, and the locales each group draws on.

    Each string is kept once, under the first locale (in sorted order) that has it.
    """
    seen: set[str] = set()
    groups: dict[str, list[str]] = {}
    sources: dict[str, set[str]] = {}
    for ident in base_locales():
        for text in _locale_strings(ident):
            text = text.strip()
            if not text or text.isascii() or text in seen:
                continue
            seen.add(text)
            group = script_of(text) or "other"
            groups.setdefault(group, []).append(text)
            sources.setdefault(group, set()).add(ident)
    return (
        {k: tuple(v) for k, v in groups.items()},
        {k: frozenset(v) for k, v in sources.items()},
    )
