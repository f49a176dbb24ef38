"""Read the date link of a tweet: ``March 5, 2021``, ``2021年3月25日``, ``25. März 2021`` …

Twitter writes the link in the language of the page the embed code was taken
from.  We read the common shapes (month name before or after the day, CJK
year-month-day, ISO) for the languages tweets in the archive come in; anything
else gives ``None`` and the text stays on the record as ``date_text``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

__all__ = ["english_date", "iso_datetime", "read_date"]

_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Month names (full and common abbreviations), accents stripped, lower case.
_MONTH_WORDS: dict[str, int] = {}
for _index, _names in enumerate(
    [
        "january jan januar janv janvier enero ene gennaio gen janeiro januari gener",
        "february feb februar fevr fevrier febrero febbraio fevereiro februari febrer",
        "march mar marz mars marzo marco maart marc",
        "april apr avril avr abril aprile abr",
        "may mai mayo maggio mag maio mei maig",
        "june jun juni juin junio giugno junho juny",
        "july jul juli juil juillet julio luglio lug julho juliol",
        "august aug august aout agosto ago augustus agost",
        "september sep sept septembre septiembre settembre set setembro setembre",
        "october oct oktober octobre octubre ottobre ott outubro okt octubre",
        "november nov novembre noviembre novembro",
        "december dec dez dezember decembre diciembre dic dicembre dezembro desember desembre",
    ],
    start=1,
):
    for _word in _names.split():
        _MONTH_WORDS.setdefault(_word, _index)

_MONTH_FIRST = re.compile(r"([^\W\d_]+)\.?\s+([0-9]{1,2}),?\s+([0-9]{4})")
_DAY_FIRST = re.compile(
    r"([0-9]{1,2})\.?\s+(?:de\s+|d')?([^\W\d_]+)\.?\s+(?:de\s+|del\s+)?([0-9]{4})"
)
_CJK = re.compile(r"([0-9]{4})\s*[年년]\s*([0-9]{1,2})\s*[月월]\s*([0-9]{1,2})\s*[日일]?")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


@functools.lru_cache(maxsize=256)
def _month(word: str) -> int | None:
    folded = unicodedata.normalize("NFKD", word.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _MONTH_WORDS.get(folded)


def _make(year: str, month: int | None, day: str) -> dt.date | None:
    if month is None:
        return None
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def read_date(text: str) -> dt.date | None:
    """The day a date link names, or ``None`` when it is not a date we can read.

    Remembered for the last 4096 texts: the tweets of a post share a few dates.
    """
    text = text.strip()
    if not text or len(text) > 64:
        return None
    match = _MONTH_FIRST.fullmatch(text)
    if match:
        return _make(match.group(3), _month(match.group(1)), match.group(2))
    match = _DAY_FIRST.fullmatch(text)
    if match:
        return _make(match.group(3), _month(match.group(2)), match.group(1))
    match = _CJK.fullmatch(text)
    if match:
        return _make(match.group(1), int(match.group(2)), match.group(3))
    match = _ISO.fullmatch(text)
    if match:
        return _make(match.group(1), int(match.group(2)), match.group(3))
    return None


def english_date(day: dt.date) -> str:
    """The link text Twitter writes in English: ``March 5, 2021``."""
    return f"{_MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def iso_datetime(value: dt.datetime) -> str:
    """A time as records are written in JSON: ISO 8601, UTC as ``Z``
    (``2021-03-06T15:15:57Z``).  :mod:`hotparse.serialize` and the fast writer
    (:mod:`hotparse._encode`) both write times with it."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
