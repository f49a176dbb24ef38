"""Posts as rows of the export tables (plain Python, no extra dependency).

Each row is a ``dict`` keyed by the column names of :mod:`hotparse.tabular.schema`,
with Python values: ``str``, ``int``, ``float``, ``bool``, ``datetime.date``,
``datetime.datetime`` (UTC) or ``None``; ``text_list``, ``date_list`` and ``pairs``
columns are JSON texts (an array, an array of ``YYYY-MM-DD``, an object), as SQLite
and CSV store them; the Parquet writer turns them into lists and structs.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import Any

from hotparse._arguments import require_posts
from hotparse.records import Paper, Post, Problem, Tweet
from hotparse.tabular.schema import TABLES

__all__ = [
    "Row",
    "Rows",
    "duplicate_message",
    "duplicate_text",
    "paper_key",
    "post_id",
    "post_rows",
    "tables",
    "tweet_key",
]

Row = dict[str, Any]
Rows = dict[str, list[Row]]

_INT64 = 2**63 - 1
"""The largest integer SQLite and Parquet hold."""


def post_id(post: Post) -> str:
    """The key of a post in the tables: its slug, else its file name without extension.

    Raises ``ValueError`` for a post with neither (read from a string or stdin
    without a ``slug``).
    """
    if post.slug:
        return post.slug
    if post.source and post.source != "<stdin>":
        return _text(PurePath(post.source).stem)
    raise ValueError(
        f"{post.source or '<string>'}: the post has no slug and no file name, so it has no "
        "post_id; add a 'slug:' to its front matter"
    )


def paper_key(post: str, rank: int) -> str:
    """The one-column key of a paper row: ``post_id/rank``.  The rank is the part
    after the last ``/``, so two (post, rank) pairs never give the same key."""
    return f"{post}/{rank}"


def tweet_key(post: str, rank: int, position: int) -> str:
    """The one-column key of a tweet row: ``post_id/rank/position``."""
    return f"{post}/{rank}/{position}"


def post_rows(post: Post) -> tuple[Rows, tuple[Problem, ...]]:
    """The rows of one post in every table, and what had to be left out of them.

    A paper whose rank repeats an earlier one in the post, or is too large for
    a 64-bit integer, cannot be keyed by (``post_id``, ``rank``): it is left
    out of the tables and reported (the parser already lists it in the
    ``problems`` table too).
    """
    key = post_id(post)
    rows: Rows = {table.name: [] for table in TABLES}
    left_out: list[Problem] = []
    rows["posts"].append(_post_row(key, post))
    seen: set[int] = set()
    for paper in post.papers:
        if paper.rank in seen or paper.rank > _INT64:
            reason = "repeats an earlier section" if paper.rank in seen else "is too large"
            left_out.append(
                Problem(
                    line=paper.lines[0],
                    code="rank-duplicate" if paper.rank in seen else "rank-too-large",
                    message=f"paper rank {paper.rank} {reason}; the tables key papers by "
                    "(post_id, rank), so this section is left out of them",
                )
            )
            continue
        seen.add(paper.rank)
        _paper_rows(key, paper, rows)
    rows["problems"].extend(
        {"post_id": key, "line": problem.line, "code": problem.code, "message": problem.message}
        for problem in post.problems
    )
    return rows, tuple(left_out)


def tables(posts: Iterable[Post], *, entities: bool = False) -> dict[str, list[Row]]:
    """All the rows of ``posts``, table by table (``posts``, ``papers``, ``tweets`` …).

    With ``entities=True``, the entity tables follow: ``arxiv_papers`` (one row per
    ``arxiv_id``) and ``accounts`` (one row per tweet author handle).
    Papers left out of the tables (see :func:`post_rows`) are reported with
    :func:`warnings.warn`.  Raises ``ValueError`` when two posts have the same
    ``post_id``, ``TypeError`` when ``posts`` is not an iterable of :class:`Post`.
    """
    out: dict[str, list[Row]] = {table.name: [] for table in TABLES}
    for rows in keyed_rows(require_posts(posts)):
        for table, table_rows in rows.items():
            out[table].extend(table_rows)
    if entities:
        from hotparse.tabular.entities import entity_rows

        out.update(entity_rows(out))
    return out


def keyed_rows(posts: Iterable[Post]) -> Iterator[Rows]:
    """The rows of each post in turn, for :func:`tables` and :func:`~hotparse.export`:
    papers that cannot be keyed are left out with a warning (pointing at the caller of
    those functions); a second post with the same ``post_id`` raises ``ValueError``."""
    seen: dict[str, str] = {}
    for post in posts:
        rows, left_out = post_rows(post)
        name = post.source or "<string>"
        for problem in left_out:
            warnings.warn(f"{name}:{problem.line}: {problem.message}", stacklevel=3)
        key = rows["posts"][0]["post_id"]
        if key in seen:
            raise ValueError(duplicate_message(name, key, seen[key]))
        seen[key] = name
        yield rows


def duplicate_message(name: str, key: str, earlier: str) -> str:
    """The error for a second post with the same ``post_id`` in one export."""
    return f"{name}: {duplicate_text(key, earlier)}"


def duplicate_text(key: str, earlier: str) -> str:
    """:func:`duplicate_message` without the file name in front (for a message line)."""
    return (
        f"post_id {key!r} was already given by {earlier}; a post is keyed by its "
        "slug (else its file name), so give one of them another slug"
    )


def _post_row(key: str, post: Post) -> Row:
    return {
        "post_id": key,
        "title": post.title,
        "date": post.date,
        "period_start": post.period.start if post.period else None,
        "period_end": post.period.end if post.period else None,
        "source": _text(post.source) if post.source is not None else None,
        "slug": post.slug,
        "category": post.category,
        "tags": json.dumps(list(post.tags), ensure_ascii=False),
        "description": post.description,
        "social_image": post.social_image,
        "template": post.template,
        "draft": post.draft,
        "extra": json.dumps(dict(post.extra), ensure_ascii=False) if post.extra else None,
    }


def _paper_rows(key: str, paper: Paper, rows: Rows) -> None:
    rank = paper.rank
    paper_id = paper_key(key, rank)
    rows["papers"].append(
        {
            "paper_key": paper_id,
            "post_id": key,
            "rank": rank,
            "arxiv_id": paper.arxiv_id,
            "title": paper.title,
            "retweets": paper.retweets,
            "favorites": paper.favorites,
            "counted_at": paper.counted_at,
            "primary_category": paper.categories[0] if paper.categories else None,
            "abs_url": paper.abs_url,
            "pdf_url": paper.pdf_url,
            "abstract": paper.abstract,
        }
    )
    rows["paper_authors"].extend(
        {"post_id": key, "rank": rank, "position": position, "name": name, "paper_key": paper_id}
        for position, name in enumerate(paper.authors, start=1)
    )
    rows["paper_categories"].extend(
        {
            "post_id": key,
            "rank": rank,
            "position": position,
            "category": category,
            "paper_key": paper_id,
        }
        for position, category in enumerate(paper.categories, start=1)
    )
    for position, tweet in enumerate(paper.tweets, start=1):
        row = _tweet_row(key, rank, position, tweet, paper_id)
        rows["tweets"].append(row)
        _entity_rows(key, rank, position, tweet, row["tweet_key"], rows["tweet_entities"])


def _tweet_row(key: str, rank: int, position: int, tweet: Tweet, paper_id: str) -> Row:
    return {
        "tweet_key": tweet_key(key, rank, position),
        "paper_key": paper_id,
        "post_id": key,
        "rank": rank,
        "position": position,
        "author_handle": tweet.author_handle,
        "date": tweet.date,
        "text": tweet.text,
        "tweet_id": tweet.id,
        "url": tweet.url,
        "author_name": tweet.author_name,
        "date_text": tweet.date_text,
        "lang": tweet.lang,
        "dir": tweet.dir,
        "repaired": tweet.repaired,
        "confidence": tweet.original.confidence if tweet.original is not None else None,
        "html": tweet.html,
    }


def _entity_rows(
    key: str, rank: int, position: int, tweet: Tweet, tweet_id: str, out: list[Row]
) -> None:
    entities = tweet.entities
    for kind, found in (
        ("hashtag", entities.hashtags),
        ("mention", entities.mentions),
        ("url", entities.urls),
        ("media", entities.media),
    ):
        out.extend(
            {
                "post_id": key,
                "rank": rank,
                "position": position,
                "kind": kind,
                "text": entity.text,
                "start": entity.start,
                "end": entity.end,
                "url": entity.url,
                "tweet_key": tweet_id,
            }
            for entity in found
        )


def _text(name: str) -> str:
    """A file name that is not valid UTF-8 (kept with surrogate escapes) made storable."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name
