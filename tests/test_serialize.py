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
