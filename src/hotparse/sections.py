"""Sections walker: the numbered ``# N. Title`` paper sections of a post body.

Two levels, because the generator never escapes what it pastes (an abstract
that starts with ```` ``` ```` or ``<!--`` would, read as Markdown, swallow
every later paper):

1. A line scanner cuts the body at heading lines ``# N. Title``.  Each paper
   owns the blank line before its heading, so papers render back by plain
   concatenation.
2. Inside a section, each run of non-blank lines is one block, parsed by
   mistune's block parser (no inline parsing: titles and abstracts are kept as
   source text).  The walker reads the blocks by position and mistune type:
   the authors paragraph, the counts / links / categories list items, the
   abstract, and the tweet HTML blocks.  Blocks that fit nowhere are kept as
   :class:`~hotparse.records.Fragment` with their lines, and reported.

Line spans are computed here: mistune 3 tokens carry no source positions.
mistune is imported only when a block is not one of the shapes ``_kind``
reads itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Sequence
from typing import Any

import attrs

from hotparse.records import Fragment, Paper, Problem, Tweet
from hotparse.render import SCRIPT_LINE, paper_head
from hotparse.tweets import RawTweet, read_tweets

__all__ = ["HEADING", "Section", "read_sections"]

HEADING = re.compile(r"# ([0-9]{1,18})\.(?: (.*))?\Z", re.DOTALL)
"""A paper heading line (without its newline)."""

_COUNTS = re.compile(
    r"- retweets: ([0-9]{1,30}), favorites: ([0-9]{1,30}) "
    r"\(([0-9][0-9])/([0-9][0-9])/([0-9]{4}) ([0-9][0-9]):([0-9][0-9]):([0-9][0-9])\)"
)
_ABS = re.compile(r"\[abs\]\(([^()\s]*)\)")
_PDF = re.compile(r"\[pdf\]\(([^()\s]*)\)")
_CATEGORY = re.compile(r"\[([^\[\]\s]+)\]\(https?://arxiv\.org/list/[^()\s]*\)")
_ARXIV_ID = re.compile(r"arxiv\.org/abs/(\S+?)/?\Z", re.IGNORECASE)
_BLOCKQUOTE_OPEN = re.compile(r"\s{0,3}<blockquote[\s>]", re.IGNORECASE)
_BLOCKQUOTE_CLOSE = re.compile(r"</blockquote\s*>", re.IGNORECASE)
_MAX_COUNT = 2**53 - 1
_LIST_STARTS = ("- retweets: ", "- links: ", "- [")
"""The lines of the generator's counts / links / categories list."""


@attrs.define
class Section:
    """A paper section during the walk (mutable; frozen into a Paper at the end)."""

    start: int
    """0-based index of the section's first line (its leading blank line if any)."""
    heading: int
    """0-based index of the heading line."""
    end: int
    """0-based index one past the last line."""
    rank: int
    title: str
    authors: tuple[str, ...] | None = None
    retweets: int | None = None
    favorites: int | None = None
    counted_at: dt.datetime | None = None
    abs_url: str | None = None
    pdf_url: str | None = None
    categories: tuple[str, ...] | None = None
    abstract: str | None = None
    list_end: int | None = None
    raw_tweets: list[RawTweet] = attrs.Factory(list)
    extra: list[Fragment] = attrs.Factory(list)
    problems: list[Problem] = attrs.Factory(list)

    def problem(self, index: int, code: str, message: str) -> None:
        self.problems.append(Problem(line=index + 1, code=code, message=message))


def read_sections(
    lines: Sequence[str], body_start: int
) -> tuple[str, tuple[Paper, ...], list[Problem]]:
    """Walk the body ``lines[body_start:]`` (lines keep their ``\\n``).

    Returns the preamble text, the papers, and the problems found.
    """
    # the lines that start with "# " are picked in C (map and compress), then matched
    starting = map(
        str.startswith, itertools.islice(lines, body_start, None), itertools.repeat("# ")
    )
    headings = [
        index
        for index in itertools.compress(range(body_start, len(lines)), starting)
        if HEADING.match(lines[index].rstrip("\n"))
    ]
    heading_set = set(headings)
    starts: list[int] = []
    for index in headings:
        before = index - 1
        owned = before >= body_start and lines[before] == "\n" and before not in heading_set
        if starts and owned and before <= starts[-1]:
            owned = False
        starts.append(before if owned else index)
    sections: list[Section] = []
    for number, index in enumerate(headings):
        end = starts[number + 1] if number + 1 < len(headings) else len(lines)
        match = HEADING.match(lines[index].rstrip("\n"))
        if match is None:  # pragma: no cover - the list above only keeps matches
            continue
        sections.append(
            Section(
                start=starts[number],
                heading=index,
                end=end,
                rank=int(match.group(1)),
                title=match.group(2) or "",
            )
        )
    first = starts[0] if starts else len(lines)
    preamble = "".join(lines[body_start:first])
    problems: list[Problem] = []
    if preamble.strip():
        line = next(i for i in range(body_start, first) if lines[i].strip()) + 1
        problems.append(
            Problem(
                line=line,
                code="preamble",
                message="text before the first '# N. Title' section; kept as the post's preamble",
            )
        )
    for section in sections:
        _walk(section, lines)
    tweets = read_tweets([raw for section in sections for raw in section.raw_tweets])
    papers = []
    position = 0
    for section in sections:
        count = len(section.raw_tweets)
        parsed = tweets[position : position + count]
        position += count
        for _tweet, tweet_problems in parsed:
            section.problems.extend(tweet_problems)
        papers.append(_freeze(section, [tweet for tweet, _ in parsed], lines))
        problems.extend(section.problems)
    problems.extend(_rank_problems(sections))
    return preamble, tuple(papers), problems


def _blocks(lines: Sequence[str], start: int, end: int) -> list[tuple[int, int]]:
    """Runs of non-blank lines in ``lines[start:end]`` as (first, one past last)."""
    runs = []
    first = None
    for index in range(start, end):
        line = lines[index]
        # a line that starts with another character is not blank: no strip (a copy) needed
        blank = line[:1] in " \t\n" and not line.strip(" \t\n")
        if blank and first is not None:
            runs.append((first, index))
            first = None
        elif not blank and first is None:
            first = index
    if first is not None:
        runs.append((first, end))
    return runs


def _kind(text: str) -> str:
    """mistune's block type for a run of lines (first token).

    Three fast paths skip mistune for the generator's own fixed shapes, which
    make up nearly all of every post: tweet HTML blocks, the counts / links /
    categories list lines, and one-line blocks that no Markdown block rule can
    start (the authors line, abstracts; see :func:`_plain_line`).  Everything
    else (multi-line text, anything that starts with markup or a space) goes
    through mistune, which the corpus then never imports.
    """
    if text.startswith("<blockquote"):
        return "block_html"
    if text.startswith(_LIST_STARTS) and all(
        map(str.startswith, text.splitlines(), itertools.repeat(_LIST_STARTS))
    ):
        return "list"
    if _plain_line(text):
        return "paragraph"
    return _mistune_kind(text)


_ORDERED_MARKER = re.compile(r"\d{1,9}[.)]")
"""The start of an ordered list item as mistune's ``LIST_PATTERN`` has it (``\\d`` is
any Unicode decimal digit there too)."""
_PLAIN_STARTS = frozenset("$(\"'\u201c\u2018\u00ab")
"""Characters no block rule of mistune begins with (nor with spaces before them)."""


def _plain_line(text: str) -> bool:
    """One line that mistune reads as a paragraph, decided from its first character.

    A setext heading needs a second line, so a single line is a paragraph unless a
    block rule matches at its start.  Those rules begin with a space or tab, ``#``,
    ``>``, ``-``, ``+``, ``*``, ``_``, ``=``, a backtick, ``~``, ``<``, ``[`` (a
    link reference definition ``[label]:``) or a digit (``1.`` / ``1)`` of an ordered
    list).  Accepted here: a letter; a digit not followed by ``.`` or ``)`` within
    nine digits; ``[`` on a line without ``]:``; and the characters of
    ``_PLAIN_STARTS``.  Anything else is left to mistune (tested against it in
    tests/test_fast_paths.py).
    """
    if text.find("\n") not in (-1, len(text) - 1):
        return False
    first = text[:1]
    if first.isalpha() or first in _PLAIN_STARTS:
        return True
    if first.isdecimal():
        return _ORDERED_MARKER.match(text) is None
    return first == "[" and "]:" not in text


@functools.cache
def _block_parser() -> Any:
    """mistune's block parser, imported on first use (the fast paths read most posts)."""
    from mistune.block_parser import BlockParser

    return BlockParser()


def _mistune_kind(text: str) -> str:
    from mistune.core import BlockState

    state = BlockState()
    state.process(text)
    _block_parser().parse(state)
    for token in state.tokens:
        if token["type"] != "blank_line":
            return str(token["type"])
    return "blank_line"


def _walk(section: Section, lines: Sequence[str]) -> None:
    if not section.title.strip():
        section.problem(section.heading, "empty-title", "paper heading has no title")
    seen_list = False
    for first, last in _blocks(lines, section.heading + 1, section.end):
        text = "".join(lines[first:last])
        if _abstract_slot(section) and not _plainly_tweet(text):
            # the generator writes the abstract right after the categories line,
            # whatever it looks like ("- [Preprint] ...", "<blockquote> tags ...")
            section.abstract = text.removesuffix("\n")
            continue
        kind = _kind(text)  # not asked of the abstract, which is kept whatever its kind
        if kind == "block_html" and _BLOCKQUOTE_OPEN.match(text):
            _read_tweet_block(section, lines, first, last)
        elif kind == "list" and _is_meta_list(lines, first, last) and section.abstract is None:
            _read_list(section, lines, first, last)
            section.list_end = last
            seen_list = True
        elif (
            not seen_list and section.authors is None and kind == "paragraph" and last == first + 1
        ):
            section.authors = tuple(lines[first].rstrip("\n").split(", "))
        elif seen_list and section.abstract is None and not section.raw_tweets:
            section.abstract = text.removesuffix("\n")
        else:
            _keep(
                section,
                lines,
                first,
                last,
                "unknown-block",
                "block not understood; kept in the paper's extra",
            )
    _check_missing(section, lines)


def _abstract_slot(section: Section) -> bool:
    """True right after the categories line: the next block is the abstract."""
    return (
        section.categories is not None
        and section.abstract is None
        and not section.raw_tweets
        and not section.extra
    )


def _plainly_tweet(text: str) -> bool:
    """A block that is an embedded tweet, not an abstract that starts with markup."""
    head = text.split("\n", 1)[0]
    return _BLOCKQUOTE_OPEN.match(head) is not None and "twitter-tweet" in head


def _is_meta_list(lines: Sequence[str], first: int, last: int) -> bool:
    return any(
        map(str.startswith, lines[first:last], itertools.repeat(("- retweets", "- links", "- [")))
    )


def _keep(
    section: Section, lines: Sequence[str], first: int, last: int, code: str, message: str
) -> None:
    text = "".join(lines[first:last])
    section.extra.append(Fragment(lines=(first + 1, last), text=text.removesuffix("\n")))
    section.problem(first, code, message)


def _read_list(section: Section, lines: Sequence[str], first: int, last: int) -> None:
    for index in range(first, last):
        line = lines[index].rstrip("\n")
        if (
            line.startswith("- retweets")
            and section.retweets is None
            and section.counted_at is None
        ):
            _read_counts(section, index, line)
        elif line.startswith("- links") and section.abs_url is None:
            abs_match = _ABS.search(line)
            pdf_match = _PDF.search(line)
            if abs_match is None:
                _keep(
                    section,
                    lines,
                    index,
                    index + 1,
                    "links-unreadable",
                    "links line has no [abs](URL) link; kept in the paper's extra",
                )
                continue
            section.abs_url = abs_match.group(1)
            section.pdf_url = pdf_match.group(1) if pdf_match else None
        elif line.startswith("- [") and section.categories is None:
            found = tuple(_CATEGORY.findall(line))
            if not found:
                _keep(
                    section,
                    lines,
                    index,
                    index + 1,
                    "categories-unreadable",
                    "categories line has no [cat](https://arxiv.org/list/…) link; "
                    "kept in the paper's extra",
                )
                continue
            section.categories = found
        else:
            _keep(
                section,
                lines,
                index,
                index + 1,
                "unknown-line",
                "list line not understood; kept in the paper's extra",
            )


def _read_counts(section: Section, index: int, line: str) -> None:
    match = _COUNTS.fullmatch(line)
    if match is None:
        section.problem(
            index,
            "counts-unreadable",
            "counts line is not '- retweets: R, favorites: F (MM/DD/YYYY HH:MM:SS)'; "
            "its numbers were read where possible",
        )
        retweets = re.search(r"retweets: ([0-9]{1,30})", line)
        favorites = re.search(r"favorites: ([0-9]{1,30})", line)
        section.retweets = _count(section, index, retweets.group(1)) if retweets else None
        section.favorites = _count(section, index, favorites.group(1)) if favorites else None
        section.counted_at = None
        if section.retweets is None and section.favorites is None:
            section.retweets = None
        return
    section.retweets = _count(section, index, match.group(1))
    section.favorites = _count(section, index, match.group(2))
    month, day, year, hour, minute, second = map(int, match.groups()[2:])
    try:
        section.counted_at = dt.datetime(
            year, month, day, hour, minute, second, tzinfo=dt.timezone.utc
        )
    except ValueError:
        section.problem(index, "counts-unreadable", "counts line has an impossible date or time")


def _count(section: Section, index: int, digits: str) -> int | None:
    value = int(digits)
    if value > _MAX_COUNT:
        section.problem(index, "count-too-large", f"count {digits} is absurdly large; left null")
        return None
    return value


def _read_tweet_block(section: Section, lines: Sequence[str], first: int, last: int) -> None:
    index = first
    while index < last:
        line = lines[index]
        if not _BLOCKQUOTE_OPEN.match(line):
            stray = index
            while index < last and not _BLOCKQUOTE_OPEN.match(lines[index]):
                index += 1
            _keep(
                section,
                lines,
                stray,
                index,
                "unknown-line",
                "lines between tweets not understood; kept in the paper's extra",
            )
            continue
        close = index
        while close < last and not (
            "</" in lines[close] and _BLOCKQUOTE_CLOSE.search(lines[close])
        ):
            close += 1
        if close == last:
            _keep(
                section,
                lines,
                index,
                last,
                "tweet-cut-off",
                "tweet blockquote is never closed (file cut off?); kept in the paper's extra",
            )
            return
        blockquote = "".join(lines[index : close + 1]).removesuffix("\n")
        end = close + 1
        if (end < last and lines[end].rstrip("\n").strip() == SCRIPT_LINE) or (
            end < last and lines[end].lstrip().startswith("<script") and "widgets.js" in lines[end]
        ):
            end += 1
        section.raw_tweets.append(
            RawTweet(
                blockquote=blockquote, source="".join(lines[index:end]), lines=(index + 1, end)
            )
        )
        index = end


def _check_missing(section: Section, lines: Sequence[str]) -> None:
    line = section.heading
    if section.authors is None:
        section.problem(line, "missing-authors", "paper has no authors line")
    counts_seen = any(problem.code.startswith("count") for problem in section.problems)
    if section.retweets is None and section.favorites is None and not counts_seen:
        section.problem(line, "missing-counts", "paper has no '- retweets: …' counts line")
    if section.abs_url is None:
        section.problem(line, "missing-links", "paper has no '- links: [abs](…)' line")
    if section.categories is None:
        section.problem(line, "missing-categories", "paper has no categories line")
    if section.abstract is None and section.list_end is not None:
        # An empty abstract is an empty line between two blank ones; fewer
        # blank lines than that means the line is missing.
        after = section.list_end
        blanks = 0
        while after + blanks < section.end and not lines[after + blanks].strip(" \t\n"):
            blanks += 1
        if after + blanks < section.end and blanks < 3:
            section.problem(line, "missing-abstract", "paper has no abstract line")


def _freeze(section: Section, tweets: list[Tweet], lines: Sequence[str]) -> Paper:
    abs_url = section.abs_url
    arxiv = _ARXIV_ID.search(abs_url) if abs_url else None
    paper = Paper(
        rank=section.rank,
        title=section.title,
        authors=section.authors or (),
        retweets=section.retweets,
        favorites=section.favorites,
        counted_at=section.counted_at,
        arxiv_id=arxiv.group(1) if arxiv else None,
        abs_url=abs_url,
        pdf_url=section.pdf_url,
        categories=section.categories or (),
        abstract=section.abstract or "",
        tweets=tuple(tweets),
        extra=tuple(section.extra),
        lines=(section.heading + 1, max(section.end, section.heading + 1)),
    )
    source = "".join(lines[section.start : section.end])
    # render_paper(paper) without rendering the tweets again: each tweet from
    # tweets._build renders back to its own source (it carries that source as
    # verbatim when its fields do not), so the sources stand in for the renderings
    tweets_source = "".join([raw.source + "\n" for raw in section.raw_tweets])
    if paper_head(paper) + tweets_source + "\n\n" != source:
        paper = attrs.evolve(paper, verbatim=source)
    return paper


def _rank_problems(sections: Sequence[Section]) -> list[Problem]:
    problems = []
    seen: set[int] = set()
    previous = 0
    for section in sections:
        line = section.heading + 1
        if section.rank in seen:
            problems.append(
                Problem(
                    line=line, code="rank-duplicate", message=f"rank {section.rank} appears twice"
                )
            )
        elif section.rank < previous:
            problems.append(
                Problem(
                    line=line,
                    code="rank-order",
                    message=f"rank {section.rank} comes after rank {previous}",
                )
            )
        if section.rank > _MAX_COUNT:
            problems.append(
                Problem(
                    line=line,
                    code="rank-too-large",
                    message=f"rank {section.rank} is beyond 2^53-1: JSON readers such as "
                    "JavaScript and jq may not hold it exactly (kept as written in the file)",
                )
            )
        seen.add(section.rank)
        previous = max(previous, section.rank)
    return problems
