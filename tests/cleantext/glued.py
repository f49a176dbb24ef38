"""Words with diacritics glued to cp1252 punctuation, with no space between.

Tweets glue marks to words: ``”Ñandú``, ``€Ångström``, ``Å’s``, ``Ü«``,
``3×Şampiyon``, ``Doğ†``.  The mark and the accented letter beside it are often
a lead and a continuation character of some code page, so a guesser sees a
mix-up that is not there.  Our own word list (place names and common words of
many Latin-script languages, in lower, title and upper case) meets every
printable mark of cp1252's 0x80-0xBF range and a few more, in the templates
below, drawn by a seeded generator.  Single letters are left out: a lone
``Å`` before ``¡`` is exactly the mojibake of ``š``, which no rule can tell
from text.
"""

# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import random
from functools import cache

_WORD_TEXT = (
    "Ñandú Ångström Škoda Łódź Gauß Noé Zoë Müller Şahin Doğan İzmir Čapek Dvořák Þór Ærø "
    "Øresund Mañé Jovanović Nguyễn Phở Ağaç São Ação Crème Brûlée Façade Señor Straße Köln "
    "Zürich Málaga Bogotá Perú Québec Île Ålesund Göteborg Kraków Gdańsk Plzeň Ústí Žilina "
    "Košice Prešov Bălți Iași Timișoara Târgu Şanlıurfa Eskişehir Muğla Çanakkale Kütahya "
    "Reykjavík Þingvellir Tórshavn Kōbe Tōkyō Nội Đà Nẵng ÉCOLE ÎLE ÂGE ÜBER ÇA ŞEHİR GÜÇ "
    "ÑANDÚ ÅSE ØST"
)
WORDS = tuple(_WORD_TEXT.split())
"""Our own words: places and common words with diacritics."""

MARKS = "”“’‘„‚€†‡‰‹›«»—–…•™×£¥©®°±²³¹¼½¾¶§¬¦¨´¸·¡¿¢¤µ÷"
"""cp1252's printable marks of 0x80-0xBF and the Latin-1 signs."""

TEMPLATES = (
    "{a}{p}{b}",
    "{p}{a}",
    "{a}{p}",
    "{a} {p}{b}",
    "{a}{p} {b}",
    "by {a}{p}s x",
    "{p}{a}{p}",
    "{a}{p}{p}",
    "{a}{p}{p}{b}",
    "see {a}{p}{b} here",
)
"""Where the mark sits: between two words, before or after one, doubled."""

COUNT = 20_000


@cache
def glued_punctuation() -> tuple[str, ...]:
    """``COUNT`` distinct strings, sorted (seeded, so always the same)."""
    rng = random.Random(8)
    out: set[str] = set()
    while len(out) < COUNT:
        template = rng.choice(TEMPLATES)
        out.add(template.format(a=rng.choice(WORDS), b=rng.choice(WORDS), p=rng.choice(MARKS)))
    return tuple(sorted(out))
