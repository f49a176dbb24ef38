"""The parser's repair step: mojibake repair applied to parsed records.

It calls the engine only through the names :mod:`hotparse.mojibake` exports.

Tweets (text, html, author name) are repaired, keeping the damaged fields on
``Tweet.original``.  Titles, authors, abstracts and front matter strings are
exact source text, so they are only checked: a field that looks like mojibake
gets a ``mojibake-suspected`` problem naming the likely reading.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import attrs

from hotparse.mojibake import POST_WORK, Budget, explain_within, might_be_mojibake
from hotparse.records import Paper, Problem, Tweet, TweetOriginal
from hotparse.tweets import text_and_entities

__all__ = ["check_strings", "post_budget", "repair_papers", "repair_tweet", "repair_tweet_within"]


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


def repair_tweet(tweet: Tweet) -> Tweet:
    """The tweet with mojibake repaired in its html (and so its text) and author name.

    The damaged fields are kept on ``Tweet.original``; a clean tweet comes back
    as it is (one regular-expression search per field decides that).
    """
    return repair_tweet_within(tweet, Budget(POST_WORK))[0]


def repair_tweet_within(tweet: Tweet, post: Budget) -> tuple[Tweet, bool]:
    """:func:`repair_tweet` with the repair model's work drawn from ``post`` (the
    post's budget); also whether the work ran out for it, so that its html or author
    name got exact re-readings only."""
    if not (might_be_mojibake(tweet.html) or might_be_mojibake(tweet.author_name)):
        return tweet, False
    html_report, html_limited = explain_within(tweet.html, post, context=tweet.author_name)
    name_report, name_limited = explain_within(tweet.author_name, post, context=tweet.html)
    limited = html_limited or name_limited
    if not (html_report.changed or name_report.changed):
        return tweet, limited
    spots = html_report.spots + name_report.spots
    text, entities = tweet.text, tweet.entities
    if html_report.changed:
        text, entities = text_and_entities(html_report.text)
    return attrs.evolve(
        tweet,
        text=text,
        html=html_report.text,
        author_name=name_report.text,
        entities=entities,
        repaired=True,
        original=TweetOriginal(
            author_name=tweet.author_name,
            text=tweet.text,
            html=tweet.html,
            encoding=html_report.encoding or name_report.encoding or "unknown",
            guessed=sum(1 for spot in spots if spot.lost_bytes),
            # rounded down: a close call (< 0.9) must not round up to 0.9
            confidence=math.floor(min(spot.confidence for spot in spots) * 1000) / 1000,
        ),
    ), limited
