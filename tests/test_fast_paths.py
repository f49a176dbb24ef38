"""The small fast paths of the sections walker give what the general code gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hotparse.sections import _kind, _mistune_kind, _plain_line

LINE = st.text(st.characters(exclude_characters="\n"), max_size=30)


@settings(max_examples=500, deadline=None)
@given(first=st.characters(), rest=LINE, newline=st.booleans())
def test_one_line_block_kind_is_mistunes(first: str, rest: str, newline: bool) -> None:
    text = first + rest + ("\n" if newline else "")
    if "\n" in first:
        return
    assert _kind(text) == _mistune_kind(text)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=4))
def test_block_kind_is_mistunes(lines: list[str]) -> None:
    text = "".join(line + "\n" for line in lines)
    if text.startswith("<blockquote"):
        return  # read as a tweet block only when the walker's own pattern also matches
    assert _kind(text) == _mistune_kind(text)


# first characters the one-line fast path accepts besides letters, and what could make
# mistune read such a line otherwise: ordered-list markers, reference definitions
STARTS = st.sampled_from(list("0123456789[$(\"'\u201c\u2018\u00ab\u0663\uff11"))
TRICKY = st.text(st.sampled_from(list("0123456789\u0663.)]:[ \t\\abc")), max_size=14)


@settings(max_examples=1000, deadline=None)
@given(first=STARTS, rest=TRICKY, newline=st.booleans())
def test_one_line_digit_and_bracket_blocks_are_mistunes(
    first: str, rest: str, newline: bool
) -> None:
    text = first + rest + ("\n" if newline else "")
    assert _kind(text) == _mistune_kind(text), repr(text)


def test_one_line_fast_path_cases() -> None:
    for text, fast in [
        ("3D human pose\n", True),
        ("1. item\n", False),
        ("12) item", False),
        ("1234567890. not a list", True),
        ("\u0663. item", False),  # an Arabic-Indic digit starts a list too
        ("[Background] Previous work\n", True),
        ("[label]: https://example.org\n", False),  # may be a reference definition
        ("$x$ is a circuit\n", True),
        ("- item\n", False),
        ("two\nlines\n", False),
    ]:
        assert _plain_line(text) is fast, text
        assert _kind(text) == _mistune_kind(text), text


# --------------------------------------------------------------- repair evidence patterns
# hotparse.mojibake._evidence skips compiling its code-page patterns for a text that holds
# none of their first characters; the skip must never hide a match.  Characters are drawn
# from the code pages' own tables (where the patterns look) and from anywhere.


def _codepage_characters(low: int, high: int) -> list[str]:
    from hotparse.mojibake._codepages import CODEPAGES, codepage

    return sorted({codepage(name).decode_table[b] for name in CODEPAGES for b in range(low, high)})


LEADS = st.sampled_from(_codepage_characters(0xC2, 0xF5))
CONTINUATIONS = st.sampled_from(_codepage_characters(0x80, 0xC0))
LETTERS = st.sampled_from("abcsxyzA")


@st.composite
def _sequence(draw: st.DrawFn) -> str:
    """A UTF-8 lead byte and continuation bytes read through one code page, then a letter."""
    from hotparse.mojibake._codepages import CODEPAGES, codepage

    table = codepage(draw(st.sampled_from(CODEPAGES))).decode_table
    lead = draw(st.sampled_from([*range(0xC2, 0xE0), 0xE2, 0xF0]))
    second = 0x9F if lead == 0xF0 and draw(st.booleans()) else draw(st.integers(0x80, 0xBF))
    rest = "".join(table[b] for b in draw(st.lists(st.integers(0x80, 0xBF), max_size=2)))
    return table[lead] + table[second] + rest + draw(LETTERS)


TABLE_TEXT = st.lists(
    st.one_of(
        _sequence(),
        st.tuples(LEADS, CONTINUATIONS, CONTINUATIONS, LETTERS).map("".join),
        st.tuples(LETTERS, LEADS, CONTINUATIONS, LETTERS).map("".join),
        LEADS, CONTINUATIONS, LETTERS, st.sampled_from(" .,'"), st.characters(),
    ),
    max_size=8,
).map("".join)
"""Text of the code pages' lead and continuation characters (one code page's, or any
code page's beside any other's) and letters, which most patterns need around them."""


@settings(max_examples=2000, deadline=None)
@given(text=TABLE_TEXT)
def test_table_pattern_skip_hides_no_match(text: str) -> None:
    from hotparse.mojibake._evidence import _table_matches, _table_patterns

    fast = [m.span() for m in _table_matches(text)]
    assert fast == [m.span() for m in _table_patterns().finditer(text)], repr(text)


def test_table_pattern_skip_cases() -> None:
    from hotparse.mojibake._evidence import _may_match_tables, _table_matches

    # clean names and punctuation that reach the evidence check: no match can begin
    for clean in (
        "Zdeněk Horáš", "Jiří Kubíček", "Ayşe Gökçe öğretmen", "said \u2019\u2019 so",
        "\u2026\u201c", "château",
    ):
        assert not _may_match_tables(clean), clean
        assert list(_table_matches(clean)) == []
    # damage can, and is still found: cp1252 and cp1254 readings of ə and of an emoji
    for damaged in ("HÉ™sÉ™n", "yes \u011f\u0178\u2018\u008d ok"):
        assert _may_match_tables(damaged), damaged
        assert [m.group() for m in _table_matches(damaged)] != [], damaged
