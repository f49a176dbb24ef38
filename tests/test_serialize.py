"""from_dict takes back what to_dict gives, and refuses what does not fit."""

from __future__ import annotations

import json
from typing import Any

import pytest

import hotparse
from tests.conftest import FIXTURES, read_exact

BASE: dict[str, Any] = {"source": None, "title": "Hot Papers 2021-01-01", "date": None}

REFUSED = [
    ({"draft": "false"}, "draft"),  # bool("false") would be True
    ({"draft": 1}, "draft"),
    ({"tags": "arXiv"}, "tags"),  # a string is not a list of tags
    ({"date": "2021-01-01"}, "date"),  # a day is not a time
    ({"lines": "12"}, "lines"),
    ({"bogus": 1}, "bogus is not a field"),
]


@pytest.mark.parametrize(
    ("extra", "named"), REFUSED, ids=[next(iter(e)) + "=" + repr(next(iter(e.values()))) for e, _ in REFUSED]
)
def test_refuses_what_does_not_fit(extra: dict[str, Any], named: str) -> None:
    with pytest.raises(ValueError, match=named):
        hotparse.from_dict(hotparse.Post, {**BASE, **extra})


def test_refuses_coerced_numbers_in_papers() -> None:
    data = hotparse.to_dict(hotparse.parse(read_exact(FIXTURES / "basic.md")))
    for key, bad in [("rank", 2.9), ("favorites", True), ("authors", "Ann")]:
        broken = json.loads(json.dumps(data))
        broken["papers"][0][key] = bad
        with pytest.raises(ValueError, match=key):
            hotparse.from_dict(hotparse.Post, broken)


ACCEPTED = [
    {"draft": False},
    {"tags": ["a", "b"]},
    {"date": "2021-01-01T00:00:00Z"},
    {"date": "2021-01-01T00:00:00+00:00"},
]


@pytest.mark.parametrize("extra", ACCEPTED, ids=[repr(e) for e in ACCEPTED])
def test_accepts_what_fits(extra: dict[str, Any]) -> None:
    post = hotparse.from_dict(hotparse.Post, {**BASE, **extra})
    assert post.title == BASE["title"]


# --------------------------------------------------------------------------- only documented exceptions


def _deep(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


REFUSED_EXTRA = [
    ("deep-list", _deep(100_000), "deep"),
    ("bytes", b"abc", "bytes"),
    ("set", {"a"}, "set"),
    ("huge-int", 10**5000, "digits"),
    ("nan", float("nan"), "finite"),
    ("tuple-key", {1: "a"}, "key"),
]


@pytest.mark.parametrize(("value", "named"), [(v, n) for _, v, n in REFUSED_EXTRA],
                         ids=[name for name, _, _ in REFUSED_EXTRA])
def test_refuses_extra_that_is_not_json(value: Any, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        hotparse.from_dict(hotparse.Post, {**BASE, "extra": {"x": value}})


def test_refuses_a_whole_number_written_as_float() -> None:
    data = hotparse.to_dict(hotparse.parse(read_exact(FIXTURES / "basic.md")))
    data["papers"][0]["retweets"] = float(data["papers"][0]["retweets"])
    with pytest.raises(ValueError, match="retweets"):
        hotparse.from_dict(hotparse.Post, data)


@pytest.mark.parametrize("when", ["2021-01-01T00:00:00", "2021-01-01T02:00:00+02:00"],
                         ids=["naive", "offset"])
def test_refuses_times_not_in_utc(when: str) -> None:
    import datetime as dt

    for value in (when, dt.datetime.fromisoformat(when)):
        with pytest.raises(ValueError, match="UTC"):
            hotparse.from_dict(hotparse.Post, {**BASE, "date": value})


def test_missing_key_is_named() -> None:
    data = {key: value for key, value in BASE.items() if key != "title"}
    with pytest.raises(ValueError, match="title") as caught:
        hotparse.from_dict(hotparse.Post, data)
    assert "sub-exception" not in str(caught.value)


def test_from_dict_wrong_types() -> None:
    with pytest.raises(ValueError, match="dict"):
        hotparse.from_dict(hotparse.Post, "not a dict")
    with pytest.raises(TypeError, match="record class"):
        hotparse.from_dict(dict, BASE)  # type: ignore[type-var]


def test_wrong_argument_types_are_clear_type_errors(tmp_path: Any) -> None:
    text = read_exact(FIXTURES / "basic.md")
    calls = [
        ("source", lambda: hotparse.parse(text, source=5)),  # type: ignore[arg-type]
        ("path", lambda: hotparse.load(b"fixtures/basic.md")),  # type: ignore[arg-type]
        ("path", lambda: hotparse.load(None)),  # type: ignore[arg-type]
        ("paths", lambda: list(hotparse.iter_posts(b"fixtures"))),  # type: ignore[arg-type]
        ("paths", lambda: list(hotparse.iter_posts(5))),  # type: ignore[arg-type]
        ("text", lambda: hotparse.repair(None)),  # type: ignore[arg-type]
        ("text", lambda: hotparse.explain_repair(b"x")),  # type: ignore[arg-type]
        ("record", lambda: hotparse.to_dict("a string")),
        ("post", lambda: hotparse.render(None)),  # type: ignore[arg-type]
    ]
    for named, call in calls:
        with pytest.raises(TypeError, match=named) as caught:
            call()
        assert "not" in str(caught.value)  # "... must be X, not Y"


def test_huge_yaml_integers_dump_as_json() -> None:
    text = read_exact(FIXTURES / "basic.md").replace(
        "---\n", f"---\nbig: 0x{'f' * 5000}\n", 1
    )
    post = hotparse.parse(text)
    json.dumps(hotparse.to_dict(post))
    assert any(problem.code == "front-matter-value" for problem in post.problems)
    assert hotparse.render(post) == text


# --------------------------------------------------------------------------- property: only ValueError

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.binary(max_size=8), st.integers(13_990, 14_010).map(lambda bits: 1 << bits),
    st.datetimes(), st.dates(),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=4),
        st.frozensets(st.integers(), max_size=3),
        st.tuples(inner, inner),
    ),
    max_leaves=12,
)
_BASIC_DATA = hotparse.to_dict(hotparse.parse(read_exact(FIXTURES / "basic.md")))


def _replace(data: Any, path: list[int], value: Any) -> Any:
    """``data`` with the node ``path`` leads to (indexes taken modulo the size) replaced."""
    if not path or not isinstance(data, dict | list) or not data:
        return value
    if isinstance(data, dict):
        key = sorted(data)[path[0] % len(data)]
        return {**data, key: _replace(data[key], path[1:], value)}
    index = path[0] % len(data)
    return [*data[:index], _replace(data[index], path[1:], value), *data[index + 1:]]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.lists(st.integers(0, 50), max_size=6), value=_VALUES)
def test_from_dict_raises_only_value_error(path: list[int], value: Any) -> None:
    """Any value anywhere in a post's data: a ValueError, or a record that gives the data back."""
    data = _replace(_BASIC_DATA, path, value)
    try:
        post = hotparse.from_dict(hotparse.Post, data)
    except ValueError as error:
        assert str(error).startswith("data does not fit Post: ")
        assert "\n" not in str(error)
        return
    again = hotparse.to_dict(post)
    json.dumps(again)
    assert hotparse.from_dict(hotparse.Post, again) == post
