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
