"""Mojibake repair applied to parsed records (the parser's side of :mod:`hotparse.mojibake`).

Tweets (text, html, author name) are repaired, keeping the damaged fields on
``Tweet.original``.  Titles, authors, abstracts and front matter strings are
exact source text, so they are only checked: a field that looks like mojibake
gets a ``mojibake-suspected`` problem naming the likely reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from hotparse.records import Paper, Problem, Tweet
from hotparse.tweets import repair_tweet_within

from ._api import POST_WORK, explain_within, might_be_mojibake
from ._budget import Budget

__all__ = ["check_strings", "post_budget", "repair_papers"]


def post_budget() -> Budget:
    """The repair model's work for one post (``POST_WORK``), shared by its fields."""
    return Budget(POST_WORK)


def repair_papers(
    papers: tuple[Paper, ...], lines: Sequence[str], post: Budget | None = None
) -> tuple[tuple[Paper, ...], list[Problem]]:
    """Repair every paper's tweets; check its title, authors and abstract.

    ``lines`` are the source lines (without line ends), for the line numbers of
    the problems.  ``post``: the repair model's work for the post (a new
    :func:`post_budget` when None); a tweet repaired after it ran out gets exact
    re-readings only and a ``repair-limited`` problem.
    """
    post = post_budget() if post is None else post
    out = []
    problems: list[Problem] = []
    for paper in papers:
        if not all(map(_clean_tweet, paper.tweets)):
            paper = _repair_tweets(paper, lines, post, problems)
        out.append(paper)
        fields = [("title", paper.title), ("abstract", paper.abstract)]
        fields += [("authors", ", ".join(paper.authors))]
        problems.extend(check_strings(fields, lines, *paper.lines, post))
    return tuple(out), problems


def _clean_tweet(tweet: Tweet) -> bool:
    """Nothing in the tweet looks like mojibake: :func:`_repair_tweets` would keep it
    as it is and report nothing (the same cheap test decides there), so it is skipped."""
    return not (
        might_be_mojibake(tweet.html)
        or might_be_mojibake(tweet.author_name)
        or might_be_mojibake(tweet.text)
    )


def _repair_tweets(
    paper: Paper, lines: Sequence[str], post: Budget, problems: list[Problem]
) -> Paper:
    """The paper with its tweets repaired; their problems are added to ``problems``."""
    results = [repair_tweet_within(tweet, post) for tweet in paper.tweets]
    tweets = tuple(tweet for tweet, _ in results)
    for tweet, limited in results:
        at = tweet.lines[0]
        if limited:
            problems.append(_limited(at, "tweet"))
        if not tweet.repaired and not limited:
            # damage the html writes as character references (``&#195;&#169;``)
            # shows only in the text: reported, not repaired
            problems.extend(check_strings([("tweet text", tweet.text)], lines, at, at, post))
    if any(new is not old for new, old in zip(tweets, paper.tweets, strict=True)):
        paper = attrs.evolve(paper, tweets=tweets)
    return paper


def _limited(line: int, name: str) -> Problem:
    return Problem(
        line=line,
        code="repair-limited",
        message=(
            f"{name} looks like mojibake, but the repair model's work limit (one field, "
            "or one post) was reached: only exact re-readings were tried and lost bytes "
            "were not guessed; the text may still hold mojibake (hotparse.explain_repair "
            "on the field alone tries again)"
        ),
    )


def _line_of(lines: Sequence[str], value: str, first: int, last: int) -> int:
    """The first line in ``first..last`` (1-based) that holds ``value``; ``first`` if none."""
    probe = value[:200]
    for number in range(first, min(last, len(lines)) + 1):
        if probe in lines[number - 1]:
            return number
    return first


def check_strings(
    fields: Iterable[tuple[str, str]],
    lines: Sequence[str],
    first: int,
    last: int,
    post: Budget | None = None,
) -> list[Problem]:
    """A problem for each field whose text reads better repaired, on the line of
    ``first..last`` (1-based, of ``lines``) that holds the field's value; a
    ``repair-limited`` one for a field whose check ran out of the post's work."""
    post = post_budget() if post is None else post
    problems = []
    for name, value in fields:
        if not might_be_mojibake(value):
            continue
        report, limited = explain_within(value, post)
        if not report.changed:
            if limited:
                problems.append(_limited(_line_of(lines, value, first, last), name))
            continue
        sample = report.text if len(report.text) <= 80 else report.text[:77] + "..."
        problems.append(
            Problem(
                line=_line_of(lines, value, first, last),
                code="mojibake-suspected",
                message=(
                    f"{name} looks like UTF-8 read as {report.encoding}; it probably reads "
                    f"{sample!r}; left as written (only tweets are repaired)"
                ),
            )
        )
    return problems
