"""``serialize.dumps`` writes exactly ``json.dumps(to_dict(record), ...)``.

The fast writer (msgspec, :mod:`hotparse._encode`) is compared with that
expression on every fixture and corpus post, on every kind of record, and on
generated records with hostile strings and front matter values; where it
cannot promise the same bytes it must hand over (and the result is still the
same).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import FIXTURES, read_exact
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hotparse
from hotparse import _encode
from hotparse.serialize import dumps, to_dict

INDENTS = [None, 1, 2, 4]


def reference(record: Any, indent: int | None = None, ensure_ascii: bool = False) -> str:
    return json.dumps(to_dict(record), ensure_ascii=ensure_ascii, indent=indent)


def records_of(post: hotparse.Post) -> list[Any]:
    found: list[Any] = [post, *post.problems]
    if post.period is not None:
        found.append(post.period)
    for paper in post.papers:
        found.extend([paper, *paper.extra])
        for tweet in paper.tweets:
            found.extend([tweet, tweet.entities])
            if tweet.original is not None:
                found.append(tweet.original)
    return found


FIXTURE_POSTS = sorted(path for path in FIXTURES.glob("*.md") if path.name != "README.md")


@pytest.mark.parametrize("path", FIXTURE_POSTS, ids=[path.stem for path in FIXTURE_POSTS])
def test_fixtures_dump_as_the_standard_library_does(path: Path) -> None:
    post = hotparse.parse(read_exact(path), source=str(path))
    for record in records_of(post):
        for indent in INDENTS:
            assert dumps(record, indent=indent) == reference(record, indent)
    assert _encode.encode(post, None) is not None  # the fast writer did the work


def test_corpus_dumps_as_the_standard_library_does(corpus: list[Path]) -> None:
    for path in corpus:
        post = hotparse.parse(read_exact(path), source=str(path))
        assert _encode.encode(post, None) == reference(post), path
        assert _encode.encode(post, 2) == reference(post, 2), path


def test_hands_over_what_it_cannot_promise() -> None:
    post = hotparse.parse(read_exact(FIXTURES / "basic.md"))
    assert _encode.encode(post, 0) is None
    assert _encode.encode(post, -1) is None
    assert _encode.encode({"a": 1}, None) is None
    for extra in [{"x": 1.5}, {"x": 2**70}, {"x": [float("nan")]}, {"x": {1: 2}}]:
        odd = attrs.evolve(post, extra=extra)
        assert _encode.encode(odd, None) is None
        assert dumps(odd) == reference(odd)
    lone = attrs.evolve(post, title="\ud800")
    assert _encode.encode(lone, None) is None
    assert dumps(lone, ensure_ascii=True) == reference(lone, ensure_ascii=True)
    for indent in (0, -2):
        assert dumps(post, indent=indent) == reference(post, indent)


@functools.cache
def base_post() -> hotparse.Post:
    return hotparse.parse(read_exact(FIXTURES / "mojibake-cp1252.md"))


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=12,
)
TEXT = st.text(st.characters(codec=None, categories=None), max_size=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extra=st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=4),
    title=TEXT,
    abstract=TEXT,
    confidence=st.floats(min_value=0, max_value=1),
    indent=st.sampled_from([None, 0, 1, 2, 3]),
    ensure_ascii=st.booleans(),
)
def test_generated_records_dump_as_the_standard_library_does(
    extra: dict[str, Any],
    title: str,
    abstract: str,
    confidence: float,
    indent: int | None,
    ensure_ascii: bool,
) -> None:
    post = base_post()
    paper = post.papers[0]
    tweets = list(paper.tweets)
    original = hotparse.TweetOriginal(
        author_name=title,
        text=abstract,
        html="",
        encoding="cp1252",
        guessed=1,
        confidence=confidence,
    )
    tweets[0] = attrs.evolve(tweets[0], text=title, original=original)
    paper = attrs.evolve(paper, abstract=abstract, tweets=tuple(tweets))
    post = attrs.evolve(post, title=title, extra=extra, papers=(paper, *post.papers[1:]))
    try:
        expected = reference(post, indent, ensure_ascii)
    except ValueError:  # an integer the standard library will not write
        with pytest.raises(ValueError):
            dumps(post, indent=indent, ensure_ascii=ensure_ascii)
        return
    assert dumps(post, indent=indent, ensure_ascii=ensure_ascii) == expected


OFFSETS = st.none() | st.just(dt.timezone.utc) | st.timedeltas(
    min_value=dt.timedelta(hours=-23, minutes=-59), max_value=dt.timedelta(hours=23, minutes=59)
).map(dt.timezone)


@settings(max_examples=500, deadline=None)
@given(counted=st.datetimes(timezones=OFFSETS), date=st.none() | st.datetimes(timezones=OFFSETS))
def test_times_dump_as_the_standard_library_does(counted: dt.datetime, date: dt.datetime) -> None:
    """msgspec writes naive and UTC times itself (``_encode._iso_datetime``); any time,
    offsets with seconds and microseconds included, comes out as ``to_dict`` has it."""
    post = base_post()
    paper = attrs.evolve(post.papers[0], counted_at=counted)
    post = attrs.evolve(post, date=date, papers=(paper, *post.papers[1:]))
    for record in (post, paper):
        assert _encode.encode(record, None) == reference(record)


@pytest.mark.parametrize(
    "value", [(), [], "", {}, b"", range(0), None, 0, False], ids=lambda value: repr(value)
)
def test_odd_values_where_records_belong_dump_as_to_dict_has_them(value: Any) -> None:
    """A hand-built record holding something else where a tuple of records belongs:
    ``dumps`` writes what ``json.dumps(to_dict(...))`` writes ("" and {} as []), or
    raises where ``to_dict`` raises (None, 0).  Only the empty tuple itself is passed
    to msgspec as it is."""
    post = base_post()
    paper = post.papers[0]
    records = [
        attrs.evolve(paper, tweets=value),
        attrs.evolve(paper, extra=value),
        attrs.evolve(post, papers=value),
        attrs.evolve(post, problems=value),
    ]
    for record in records:
        try:
            expected = reference(record, 2)
        except TypeError:
            with pytest.raises(TypeError):
                dumps(record, indent=2)
            continue
        assert dumps(record, indent=2) == expected
