"""Mojibake repair applied to parsed records (the parser's side of :mod:`hotparse.mojibake`).

Tweets (text, html, author name) are repaired, keeping the damaged fields on
``Tweet.original``.  Titles, authors, abstracts and front matter strings are
exact source text, so they are only checked: a field that looks like mojibake
gets a ``mojibake-suspected`` problem naming the likely reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from hotparse.records import Paper, Problem
from hotparse.tweets import repair_tweet

__all__ = ["check_strings", "repair_papers"]


def repair_papers(
    papers: tuple[Paper, ...], lines: Sequence[str]
) -> tuple[tuple[Paper, ...], list[Problem]]:
    """Repair every paper's tweets; check its title, authors and abstract.

    ``lines`` are the source lines (without line ends), for the line numbers of
    the problems.
    """
    out = []
    problems: list[Problem] = []
    for paper in papers:
        tweets = tuple(repair_tweet(tweet) for tweet in paper.tweets)
        for tweet in tweets:
            if not tweet.repaired:
                # damage the html writes as character references (``&#195;&#169;``)
                # shows only in the text: reported, not repaired
                at = tweet.lines[0]
                problems.extend(check_strings([("tweet text", tweet.text)], lines, at, at))
        if any(new is not old for new, old in zip(tweets, paper.tweets, strict=True)):
            paper = attrs.evolve(paper, tweets=tweets)
        out.append(paper)
        fields = [("title", paper.title), ("abstract", paper.abstract)]
        fields += [("authors", ", ".join(paper.authors))]
        problems.extend(check_strings(fields, lines, *paper.lines))
    return tuple(out), problems


def _line_of(lines: Sequence[str], value: str, first: int, last: int) -> int:
    """The first line in ``first..last`` (1-based) that holds ``value``; ``first`` if none."""
    probe = value[:200]
    for number in range(first, min(last, len(lines)) + 1):
        if probe in lines[number - 1]:
            return number
    return first


def check_strings(
    fields: Iterable[tuple[str, str]], lines: Sequence[str], first: int, last: int
) -> list[Problem]:
    """A problem for each field whose text reads better repaired, on the line of
    ``first..last`` (1-based, of ``lines``) that holds the field's value."""
    from hotparse.mojibake import explain_repair, might_be_mojibake

    problems = []
    for name, value in fields:
        if not might_be_mojibake(value):
            continue
        report = explain_repair(value)
        if not report.changed:
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
