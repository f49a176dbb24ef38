"""Which script a string is written in, from the Unicode character names."""

from __future__ import annotations

import unicodedata

# The first word of a letter's Unicode name, mapped to the group a set is named after.
_GROUPS = {
    "LATIN": "latin",
    "CYRILLIC": "cyrillic",
    "GREEK": "greek",
    "ARABIC": "arabic",
    "HEBREW": "hebrew",
    "DEVANAGARI": "indic",
    "BENGALI": "indic",
    "GURMUKHI": "indic",
    "GUJARATI": "indic",
    "ORIYA": "indic",
    "TAMIL": "indic",
    "TELUGU": "indic",
    "KANNADA": "indic",
    "MALAYALAM": "indic",
    "SINHALA": "indic",
    "OL": "indic",
    "MEETEI": "indic",
    "THAI": "southeast-asian",
    "LAO": "southeast-asian",
    "MYANMAR": "southeast-asian",
    "KHMER": "southeast-asian",
    "JAVANESE": "southeast-asian",
    "SUNDANESE": "southeast-asian",
    "CJK": "cjk",
    "HIRAGANA": "cjk",
    "KATAKANA": "cjk",
    "BOPOMOFO": "cjk",
    "HANGUL": "hangul",
    "ETHIOPIC": "ethiopic",
    "GEORGIAN": "georgian",
    "ARMENIAN": "armenian",
}

#: Script groups in the order the sets are listed; "other" holds the rest
#: (Tibetan, Mongolian, Cherokee, Tifinagh, N'Ko, Vai, Adlam, Syriac, Thaana, ...).
SCRIPT_GROUPS = (
    "latin",
    "cyrillic",
    "greek",
    "arabic",
    "hebrew",
    "indic",
    "southeast-asian",
    "cjk",
    "hangul",
    "ethiopic",
    "georgian",
    "armenian",
    "other",
)


def script_of(text: str) -> str | None:
    """The group of the first letter of ``text`` (None when it has no letter)."""
    for ch in text:
        if not unicodedata.category(ch).startswith("L"):
            continue
        name = unicodedata.name(ch, "")
        if not name:
            return "other"
        return _GROUPS.get(name.split()[0], "other")
    return None
