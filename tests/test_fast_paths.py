"""The small fast paths of the sections walker give what the general code gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hotparse.sections import _kind, _mistune_kind

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
