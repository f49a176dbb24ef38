"""Compare records on what they say, not on where they came from."""

from __future__ import annotations

from typing import Any

import hotparse

BOOKKEEPING = frozenset({"lines", "verbatim", "source", "front_matter_verbatim"})
"""Keys that say where a record came from or how to write it back, not what it holds."""


def content(record: Any, *, drop: frozenset[str] = BOOKKEEPING) -> Any:
    """``to_dict(record)`` without the bookkeeping keys, at every depth."""
    return _strip(hotparse.to_dict(record), drop)


def _strip(value: Any, drop: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {key: _strip(item, drop) for key, item in value.items() if key not in drop}
    if isinstance(value, list):
        return [_strip(item, drop) for item in value]
    return value


def all_entities(post: hotparse.Post) -> list[hotparse.Entity]:
    found: list[hotparse.Entity] = []
    for paper in post.papers:
        for tweet in paper.tweets:
            entities = tweet.entities
            found.extend(
                [*entities.hashtags, *entities.mentions, *entities.urls, *entities.media]
            )
    return found


def tweets(post: hotparse.Post) -> list[hotparse.Tweet]:
    return [tweet for paper in post.papers for tweet in paper.tweets]
