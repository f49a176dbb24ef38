"""The parser's repair step: mojibake repair applied to parsed records.

It calls the engine only through the names :mod:`hotparse.mojibake` exports.

Tweets (text, html, author name) are repaired, keeping the damaged fields on
``Tweet.original``.  Titles, authors, abstracts and front matter strings are
exact source text, so they are only checked: a field that looks like mojibake
gets a ``mojibake-suspected`` problem naming the likely reading.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import attrs

from hotparse.mojibake import (
    AMBIGUOUS_CONFIDENCE,
    LEFT_CONFIDENCE,
    POST_WORK,
    Budget,
    RepairReport,
    Spot,
    damage_left,
    explain_within,
    kept_marks,
    might_be_mojibake,
    names_damaged,
    shows_mojibake,
    touched_by,
)
from hotparse.records import Paper, Problem, Tweet, TweetOriginal
from hotparse.tweets import text_and_entities

__all__ = [
    "RepairResult",
    "check_strings",
    "post_budget",
    "post_context",
    "post_encodings",
    "repair_papers",
    "repair_tweet",
    "repair_tweet_reported",
    "repair_tweet_result",
    "repair_tweet_within",
    "tweet_problems",
]


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

    The post is the context: when several of its tweets show mojibake, every tweet
    is repaired as part of a damaged record (:func:`post_context`), and the code pages
    its repaired tweets were read from are the ones signs left are looked for under
    (:func:`post_encodings`).  What the repairs show the wrong decoding kept (a
    no-break space, a soft hyphen, a C1 control or U+FFFD read inside a sequence:
    :func:`hotparse.mojibake.kept_marks`) is not guessed lost: the tweets with a
    close call that evidence can change are repaired again with it
    (:func:`_with_kept`).  Problems come sorted by line.
    """
    post = post_budget() if post is None else post
    context = post_context(papers)
    found: list[list[tuple[Tweet, RepairResult]]] = []
    for paper in papers:
        if all(map(_clean_tweet, paper.tweets)):
            found.append([(t, RepairResult(tweet=t, limited=False)) for t in paper.tweets])
        else:
            found.append(
                [(tweet, repair_tweet_result(tweet, post, context)) for tweet in paper.tweets]
            )
    found = _with_kept(found, context, post)
    layers = _post_layers([result for pairs in found for _, result in pairs])
    names = post_names(papers)
    found = [[(t, _refinish(t, r, layers, names)) for t, r in pairs] for pairs in found]
    out = []
    problems: list[Problem] = []
    for paper, pairs in zip(papers, found, strict=True):
        tweets = tuple(result.tweet for _, result in pairs)
        if any(new is not old for new, old in zip(tweets, paper.tweets, strict=True)):
            paper = attrs.evolve(paper, tweets=tweets)
        out.append(paper)
        fields = [("title", paper.title), ("abstract", paper.abstract)]
        fields += [("authors", ", ".join(paper.authors))]
        problems.extend(check_strings(fields, lines, *paper.lines, post))
    results = [pair for pairs in found for pair in pairs]
    encodings = post_encodings([result for _, result in results])
    for old, result in results:
        problems.extend(tweet_problems(old, result, lines, post, encodings, names))
    problems.sort(key=lambda problem: problem.line)
    return tuple(out), problems


def _with_kept(
    found: list[list[tuple[Tweet, RepairResult]]], context: str, post: Budget
) -> list[list[tuple[Tweet, RepairResult]]]:
    """``found`` with the tweets whose close calls the post's evidence of kept bytes
    (:func:`hotparse.mojibake.kept_marks`) can change
    (:func:`hotparse.mojibake.touched_by`) repaired again with that evidence.  The
    second repairs draw on half of what is left of ``post`` (the post's work stays
    bounded, and its fields' checks keep the rest); a tweet whose second repair runs
    out keeps its first one."""
    reports = [r for pairs in found for _, result in pairs for r in result.reports or ()]
    kept = kept_marks(reports)
    if not kept:
        return found
    share = post.left // 2
    again = Budget(share)
    out = []
    for pairs in found:
        row = []
        for tweet, result in pairs:
            if result.reports is not None and any(
                touched_by(report, kept) for report in result.reports
            ):
                second = repair_tweet_result(tweet, again, context, kept)
                if not second.limited:
                    result = second
            row.append((tweet, result))
        out.append(row)
    post.left -= share - again.left
    return out


def post_names(papers: Sequence[Paper]) -> tuple[str, ...]:
    """Names seen clean in the post: every paper's authors and the tweets' author names
    that show no mojibake (a name seen damaged in a tweet is looked up here)."""
    names = [author for paper in papers for author in paper.authors if not author.isascii()]
    names += [
        tweet.author_name
        for paper in papers
        for tweet in paper.tweets
        if not tweet.author_name.isascii() and not might_be_mojibake(tweet.author_name)
    ]
    return tuple(dict.fromkeys(name for name in names if not might_be_mojibake(name)))


def _post_layers(results: Sequence[RepairResult]) -> int:
    """The most layers of mis-decoding that at least _CONTEXT_FIELDS repaired tweets of
    the post undid (1 when none did): the post was read that many times, so a tweet
    that needed fewer has a lead byte of a layer left (``,ÂMartin``)."""
    counts = Counter(r.layers for r in results if r.layers)
    seen = [n for n, count in counts.items() if count >= _CONTEXT_FIELDS]
    return max(seen, default=1)


def _clean_tweet(tweet: Tweet) -> bool:
    """Nothing in the tweet looks like mojibake: :func:`repair_tweet_result` would keep it
    as it is (the same cheap test decides there), so it is not repaired (its problems
    are still looked for, under the post's code page)."""
    return not (
        might_be_mojibake(tweet.html)
        or might_be_mojibake(tweet.author_name)
        or might_be_mojibake(tweet.text)
    )


_CONTEXT_FIELDS = 2
"""Tweet fields showing mojibake that make the whole post the context of its repair."""


def post_context(papers: Sequence[Paper]) -> str:
    """Text that shows mojibake, to give every tweet as context when at least
    _CONTEXT_FIELDS tweet fields of the post show it (one wrong decoding per file is
    the common case); empty otherwise (a post with one damaged field is not taken as
    damaged throughout)."""
    shown: list[str] = []
    for paper in papers:
        for tweet in paper.tweets:
            for field in (tweet.html, tweet.author_name):
                if shows_mojibake(field):
                    shown.append(field)
                    if len(shown) >= _CONTEXT_FIELDS:
                        return shown[0][:_CONTEXT_CHARS]
    return ""


_CONTEXT_CHARS = 2_000
"""The post's sample of mojibake is cut to this (a text's context is checked whole)."""


def post_encodings(results: Sequence[RepairResult]) -> tuple[str, ...]:
    """The code pages the post's repaired tweets were read from, the most common first
    (empty when none was repaired).  A tweet left as written is looked at under each:
    tweets that show only curly quotes damaged read alike under cp1252 and cp1250,
    so the most common page may not be the one a name's lone lead byte belongs to
    (``AlĂcia`` under cp1250 in a post most of whose tweets were read as cp1252)."""
    counts = Counter(
        r.tweet.original.encoding
        for r in results
        if r.tweet.original is not None and r.tweet.original.encoding != "unknown"
    )
    return tuple(name for name, _ in counts.most_common())


def repair_tweet_reported(
    tweet: Tweet, lines: Sequence[str], post: Budget
) -> tuple[Tweet, list[Problem]]:
    """One tweet repaired on its own (its post not known) with its problems (see
    :func:`tweet_problems`)."""
    result = repair_tweet_result(tweet, post)
    encodings = post_encodings([result])
    return result.tweet, tweet_problems(tweet, result, lines, post, encodings)


def tweet_problems(
    old: Tweet,
    result: RepairResult,
    lines: Sequence[str],
    post: Budget,
    encodings: Sequence[str],
    names: Sequence[str] = (),
) -> list[Problem]:
    """The problems of one tweet's repair: ``repair-limited`` when the post's work ran
    out; ``repair-guessed`` when the repair rests on a close call or leaves signs of
    mojibake (naming the line, the guess and the alternatives), or when a tweet left
    as written still shows them (a lone lead byte under one of ``encodings``, the code
    pages the post's tweets were repaired from, counts, and so does a word of
    ``names``, seen clean elsewhere in the post, standing damaged);
    ``mojibake-suspected`` for damage that shows only in the text."""
    repaired, limited, guesses = result.tweet, result.limited, result.guesses
    first, last = old.lines
    problems: list[Problem] = []
    if limited:
        problems.append(_limited(first, "tweet"))
    if not repaired.repaired and not limited:
        # damage the html writes as character references (``&#195;&#169;``)
        # shows only in the text: reported, not repaired
        problems.extend(check_strings([("tweet text", repaired.text)], lines, first, first, post))
        if not problems:
            left = tuple(
                dict.fromkeys(
                    found
                    for name in encodings or (None,)
                    for field in (repaired.html, repaired.author_name)
                    for found in damage_left(field, name)
                )
            )
            left += names_damaged(repaired.html, names)
            left += names_damaged(repaired.author_name, names)
            if left:
                problems.append(
                    Problem(
                        line=_line_of(lines, left[0], first, last),
                        code="repair-guessed",
                        message=(
                            f"tweet still looks like mojibake at {_quoted(left)}; no reading "
                            "was sure enough to repair it, so it is left as written"
                        ),
                    )
                )
    elif guesses and repaired.original is not None:
        problems.append(
            Problem(
                line=_line_of(lines, guesses[0][0], first, last),
                code="repair-guessed",
                message=(
                    f"tweet repaired on a guess (confidence {repaired.original.confidence:.2f}, "
                    f"UTF-8 read as {repaired.original.encoding}): "
                    + "; ".join(s for _, s in guesses)
                    + " (Tweet.original keeps the text as written)"
                ),
            )
        )
    return problems


def _quoted(snippets: Sequence[str]) -> str:
    shown = ", ".join(repr(s) for s in snippets[:3])
    return shown + (f" and {len(snippets) - 3} more" if len(snippets) > 3 else "")


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
    result = repair_tweet_result(tweet, post)
    return result.tweet, result.limited


@attrs.frozen(kw_only=True)
class RepairResult:
    """One tweet's repair: the tweet, whether the post's work ran out for it, and what
    the repair guessed (see :func:`repair_tweet_result`)."""

    tweet: Tweet
    limited: bool
    guesses: tuple[tuple[str, str], ...] = ()
    layers: int = 0
    """Layers of mis-decoding the repair undid (0: the tweet was not repaired)."""
    reports: tuple[RepairReport, RepairReport] | None = None
    """The html's and the author name's repair reports (None: not repaired)."""


_GUESSES_SHOWN = 3
"""Close calls a ``repair-guessed`` message spells out (the rest are counted)."""


def repair_tweet_result(
    tweet: Tweet,
    post: Budget,
    context: str = "",
    kept: Mapping[str, frozenset[str]] | None = None,
) -> RepairResult:
    """:func:`repair_tweet_within`, and what its repair guessed: for each close call (a
    spot below AMBIGUOUS_CONFIDENCE) or sign of mojibake left, the damaged text (to find
    its line) and a description naming the reading chosen and the alternatives.
    ``context``: text of the post that shows mojibake (:func:`post_context`); ``kept``:
    per code page, what the post's repairs show its decoding kept
    (:func:`hotparse.mojibake.kept_marks`): bytes not assumed lost."""
    if not (might_be_mojibake(tweet.html) or might_be_mojibake(tweet.author_name)):
        return RepairResult(tweet=tweet, limited=False)
    html_context = f"{tweet.author_name}\n{context}" if context else tweet.author_name
    name_context = f"{tweet.html}\n{context}" if context else tweet.html
    html_report, html_limited = explain_within(
        tweet.html, post, context=html_context, kept=kept
    )
    name_report, name_limited = explain_within(
        tweet.author_name, post, context=name_context, kept=kept
    )
    limited = html_limited or name_limited
    if not (html_report.changed or name_report.changed):
        return RepairResult(tweet=tweet, limited=limited)
    layers = max(1, len(html_report.steps) // 2, len(name_report.steps) // 2)
    return _finish(tweet, (html_report, name_report), limited, layers, layers, ())


def _refinish(
    tweet: Tweet, result: RepairResult, layers: int, names: Sequence[str]
) -> RepairResult:
    """``result`` looked at again with the post as context: ``layers``, the layers the
    post was read through (:func:`_post_layers`), and ``names`` seen clean in the post
    (:func:`post_names`); unchanged when neither says more than the tweet alone."""
    if result.reports is None or (layers <= result.layers and not names):
        return result
    return _finish(
        tweet, result.reports, result.limited, result.layers, max(layers, result.layers), names
    )


def _finish(
    tweet: Tweet,
    reports: tuple[RepairReport, RepairReport],
    limited: bool,
    own: int,
    layers: int,
    names: Sequence[str],
) -> RepairResult:
    """The repaired tweet from its html's and author name's reports: confidence lowered
    and guesses named for close calls and signs left (a lead of a layer the post was
    read through, ``layers``, or a name of ``names`` still damaged)."""
    html_report, name_report = reports
    spots = html_report.spots + name_report.spots
    encoding = html_report.encoding or name_report.encoding
    html_written = _written(html_report, layers)
    name_written = _written(name_report, layers)
    left = damage_left(
        html_report.text, encoding, repaired=html_report.changed, produced=html_written
    ) + damage_left(
        name_report.text, encoding, repaired=name_report.changed, produced=name_written
    )
    left += names_damaged(html_report.text, names) + names_damaged(name_report.text, names)
    left += _leads_left(html_report, html_written) + _leads_left(name_report, name_written)
    left = tuple(dict.fromkeys(left))
    confidence = min(spot.confidence for spot in spots)
    if left:
        confidence = min(confidence, LEFT_CONFIDENCE)
    close = sorted(
        (spot for spot in spots if spot.confidence < AMBIGUOUS_CONFIDENCE or spot.ambiguous),
        key=lambda spot: spot.confidence,
    )
    guesses = [(spot.damaged, _describe(spot)) for spot in close]
    if len(guesses) > _GUESSES_SHOWN:
        more = len(guesses) - _GUESSES_SHOWN
        guesses = [*guesses[:_GUESSES_SHOWN], (guesses[0][0], f"{more} more close calls")]
    if left:
        guesses.append((left[0], f"left as written, still looking like mojibake: {_quoted(left)}"))
    text, entities = tweet.text, tweet.entities
    if html_report.changed:
        text, entities = text_and_entities(html_report.text)
    repaired = attrs.evolve(
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
            encoding=encoding or "unknown",
            guessed=sum(1 for spot in spots if spot.lost_bytes),
            # rounded down: a close call (< 0.9) must not round up to 0.9
            confidence=math.floor(confidence * 1000) / 1000,
        ),
    )
    return RepairResult(
        tweet=repaired,
        limited=limited,
        guesses=tuple(guesses),
        layers=own,
        reports=(html_report, name_report),
    )


def _leads_left(report: RepairReport, written: list[tuple[int, int]]) -> tuple[str, ...]:
    """Where ``report.text`` still holds, outside what its spots wrote (``written``, from
    :func:`_written`), a lone lead character that one of its spots read as a character
    whose other bytes were lost (``Ä`` read as ``č`` in ``Äeština``, left in
    ``Älánek``): the same damage, not read there.  Snippets around each, as
    :func:`damage_left` gives them."""
    leads = {
        spot.damaged
        for spot in report.spots
        if spot.lost_bytes and len(spot.damaged) == 1 and spot.replacement != spot.damaged
    }
    if not leads:
        return ()
    text = report.text
    out = []
    for at, ch in enumerate(text):
        if ch in leads and not any(a <= at < b for a, b in written):
            out.append(text[max(0, at - 12) : at + 13])
    return tuple(out)


def _written(report: RepairReport, layers: int) -> list[tuple[int, int]]:
    """The spans of ``report.text`` that its spots wrote, but for spots that undid
    fewer layers than the report (a damaged text shorter than one character per byte
    per layer): ``Ã…`` read once as ``Å`` in a text read twice is a lead whose
    partner was lost (``Łukasz``), not a repair's capital (``ÃƒÂ‰`` is ``É``).
    ``layers``: the most layers a field of the record was read through."""
    out = []
    shift = 0
    for spot in report.spots:
        start = spot.start + shift
        if len(spot.damaged) >= 2**layers:
            out.append((start, start + len(spot.replacement)))
        shift += len(spot.replacement) - (spot.end - spot.start)
    return out


def _describe(spot: Spot) -> str:
    """``'ğŸ†' read as '🏆' (0.62; or '🐆' 0.31, kept as written 0.02)``."""
    others = [
        (
            "kept as written" if c.text == spot.damaged else repr(c.text)
        ) + f" {c.probability:.2f}"
        for c in spot.candidates
        if c.text != spot.replacement
    ][:3]
    alternatives = f"; or {', '.join(others)}" if others else ""
    return (
        f"{spot.damaged!r} read as {spot.replacement!r} ({spot.confidence:.2f}{alternatives})"
    )
