"""Front matter shapes, as properties: repeated keys, YAML line breaks that are not LF, bad tags.

Random front matter is written line by line (keys, some repeated; quoted
values holding U+2028, U+2029, U+0085 or a lone CR) above basic.md's body.
Whatever the shape: every repeated key is a ``duplicate-key`` problem on the
line of the repeat naming the earlier line, every value written is still on
the record, and an error is reported on the line that holds it.
"""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hotparse
from tests.conftest import FIXTURES, read_exact

BODY = read_exact(FIXTURES / "basic.md").split("\n---\n", 1)[1]
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = st.sampled_from(["note", "tags2", "a", "1", '"1"', "'note'", "x y"])
BREAKS = st.sampled_from(["\u2028", "\u2029", "\x85", "\r", ""])
WORDS = st.text(alphabet="abcdefgh ", min_size=1, max_size=8).map(str.strip).filter(bool)


@st.composite
def front_lines(draw: st.DrawFn) -> list[tuple[str, str]]:
    """(key, value) pairs: the value is a word, or two words around a YAML line break."""
    pairs = []
    for _ in range(draw(st.integers(1, 8))):
        key = draw(KEYS)
        first, second = draw(WORDS), draw(WORDS)
        value = f"{first}{draw(BREAKS)}{second}"
        pairs.append((key, value))
    return pairs


def post_text(pairs: list[tuple[str, str]], tail: str = "") -> str:
    rows = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in pairs)
    return f"---\ntitle: Hot Papers 2021-04-14\n{rows}{tail}---\n{BODY}"


def plain(key: str) -> str:
    return key.strip("\"'")


@SETTINGS
@given(pairs=front_lines())
def test_repeated_keys_are_reported_and_kept(pairs: list[tuple[str, str]]) -> None:
    text = post_text(pairs)
    post = hotparse.parse(text)
    assert hotparse.render(post) == text
    lines = {number: plain(key) for number, (key, _) in enumerate(pairs, start=3)}
    expected = set()
    for number, key in lines.items():
        earlier = [at for at, other in lines.items() if other == key and at < number]
        if earlier:
            expected.add((number, max(earlier)))
    found = set()
    for problem in post.problems:
        if problem.code == "duplicate-key":
            match = re.search(r"on line (\d+) repeats the one on line (\d+)", problem.message)
            assert match, problem.message
            assert int(match[1]) == problem.line
            found.add((problem.line, int(match[2])))
    # each repeat names an earlier line of the same key; every value stays on the record
    assert {line for line, _ in found} == {line for line, _ in expected}
    for line, earlier in found:
        assert lines[earlier] == lines[line]
    kept = json.dumps(hotparse.to_dict(post), ensure_ascii=False)
    for _, value in pairs:
        for part in re.split("[\u2028\u2029\x85\r]", value):
            assert part in kept, (part, post.extra)


@SETTINGS
@given(pairs=front_lines(), tag=st.sampled_from(["!!int x", "!!float y", "!!bool maybe"]))
def test_bad_tag_is_reported_on_its_line(pairs: list[tuple[str, str]], tag: str) -> None:
    text = post_text(pairs, tail=f"bad: {tag}\n")
    try:
        hotparse.parse(text)
    except hotparse.ParseError as error:
        assert error.line == len(pairs) + 3, str(error)
        assert "\n" not in str(error)
    else:
        raise AssertionError("a value its tag cannot read was accepted")
