"""Typed, immutable records for a Hot Papers post.

Every record is an ``attrs`` frozen class with keyword-only fields; field names
are the JSON keys of ``hotparse dump`` (see ``docs/records.md``).  Records that
come from a part of the file carry ``lines``: the 1-based first and last line
of that part, like markdown-it-py's ``Token.map`` (which is 0-based and
half-open; ours is 1-based and inclusive so it can be quoted in messages).

Records are plain data: they do not know how they were parsed.  Reading lives
in :mod:`hotparse.reader`, writing in :mod:`hotparse.render` and
:mod:`hotparse.serialize`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = [
    "Entities",
    "Entity",
    "Fragment",
    "Paper",
    "Period",
    "Post",
    "Problem",
    "Tweet",
    "TweetOriginal",
]

Lines = tuple[int, int]
"""1-based first and last source line of a part of the post (inclusive)."""


@attrs.frozen(kw_only=True)
class Problem:
    """Something in the post that could not be read as expected.

    The rest of the post was read; ``hotparse dump`` prints problems as
    warnings and ``--strict`` turns them into errors.
    """

    line: int
    """1-based source line the problem is on."""
    code: str
    """Short stable identifier, e.g. ``missing-counts``; see docs/records.md."""
    message: str
    """What is wrong, in words, with a hint about what to do."""


@attrs.frozen(kw_only=True)
class Period:
    """The day or days a post covers, read from its title."""

    start: dt.date
    """First day covered."""
    end: dt.date
    """Last day covered (equal to ``start`` for a one-day post)."""


@attrs.frozen(kw_only=True)
class Fragment:
    """A part of the file the parser did not understand, kept as it was."""

    lines: Lines
    """Source line span."""
    text: str
    """The exact source text of those lines, without the final newline."""


@attrs.frozen(kw_only=True)
class Entity:
    """A hashtag, mention, link or media link inside a tweet's text."""

    text: str
    """The entity as it appears in ``Tweet.text`` (``#tag``, ``@user``, ``https://t.co/…``)."""
    start: int
    """Offset of the first character in ``Tweet.text`` (code points)."""
    end: int
    """Offset one past the last character, so ``Tweet.text[start:end] == text``."""
    url: str
    """The link's address: the t.co address for urls and media, the profile or hashtag page."""


@attrs.frozen(kw_only=True)
class Entities:
    """The entities of a tweet, each list in text order."""

    hashtags: tuple[Entity, ...] = ()
    """``#tag`` links."""
    mentions: tuple[Entity, ...] = ()
    """``@user`` links."""
    urls: tuple[Entity, ...] = ()
    """Other http(s) links (t.co addresses kept as they are)."""
    media: tuple[Entity, ...] = ()
    """``pic.twitter.com`` links."""


@attrs.frozen(kw_only=True)
class TweetOriginal:
    """The damaged fields of a tweet as they were before mojibake repair."""

    author_name: str
    """Author name as written in the file."""
    text: str
    """Visible text as written in the file."""
    html: str
    """``<p>`` inner HTML as written in the file."""
    encoding: str
    """The wrong decoding that was undone, e.g. ``cp1254``."""
    guessed: int
    """Characters rebuilt from bytes the wrong decoding lost (0: no byte was missing)."""
    confidence: float
    """Lowest confidence of any repaired character (or of repairing at all), in [0, 1],
    rounded down to 3 decimals, and at most 0.5 when signs of mojibake are left in the
    repaired tweet; below 0.9 one was a close call, and the post has a ``repair-guessed``
    problem naming it and its alternatives (``hotparse.explain_repair`` lists them all)."""


@attrs.frozen(kw_only=True)
class Tweet:
    """One embedded tweet (Twitter's oEmbed blockquote)."""

    id: str | None
    """Status id as a string (as Twitter's API gives it); ``None`` without a status link."""
    url: str | None
    """Canonical status address ``https://twitter.com/<handle>/status/<id>``."""
    author_name: str
    """Display name, HTML entities decoded."""
    author_handle: str
    """Screen name without the ``@``."""
    date: dt.date | None
    """Day of the tweet read from the date link; ``None`` when the text is not a date we read."""
    date_text: str
    """The date link's text as written (``March 5, 2021``, ``2021年3月25日`` …)."""
    lang: str | None
    """The ``<p lang>`` attribute (``en``, ``ja``, ``zxx``, ``und`` …)."""
    dir: str | None
    """The ``<p dir>`` attribute (``ltr`` or ``rtl``)."""
    text: str
    """Visible text: ``<br>`` is a newline, tags dropped, entities decoded."""
    html: str
    """The ``<p>`` element's inner HTML exactly as in the post."""
    entities: Entities = attrs.field(factory=Entities)
    """Hashtags, mentions, urls and media with offsets into ``text``."""
    repaired: bool = False
    """True when mojibake was repaired in this tweet's html (and so its text) or author name."""
    original: TweetOriginal | None = None
    """The damaged fields before repair; ``None`` when nothing was repaired."""
    lines: Lines = (0, 0)
    """Source line span of the blockquote and its script line."""
    verbatim: str | None = None
    """Exact source of this tweet when the fields do not render back to it; ``None`` otherwise."""


@attrs.frozen(kw_only=True)
class Paper:
    """One numbered section ``# N. Title``: a paper and its tweets."""

    rank: int
    """The section number N."""
    title: str
    """The title exactly as in the heading (never Markdown-rendered)."""
    authors: tuple[str, ...]
    """Author names, in order (the line split on ``", "``)."""
    retweets: int | None
    """Retweet count: a total over all the tweets the generator found about the paper, not
    only the embedded ones (in most papers it exceeds ``favorites``); ``None`` when the
    counts line is missing or unreadable."""
    favorites: int | None
    """Favorite count, a total over the same tweets; ``None`` when missing."""
    counted_at: dt.datetime | None
    """When the counts were taken (UTC, like the post's date)."""
    arxiv_id: str | None
    """arXiv identifier read from the abs link (``2103.03098``, ``hep-th/9901001``)."""
    abs_url: str | None
    """The abstract page link."""
    pdf_url: str | None
    """The PDF link; ``None`` when the post has none."""
    categories: tuple[str, ...]
    """arXiv categories, primary first."""
    abstract: str
    """The abstract exactly as in the post; ``""`` when empty."""
    tweets: tuple[Tweet, ...] = ()
    """Embedded tweets in post order."""
    extra: tuple[Fragment, ...] = ()
    """Blocks of this section the parser did not understand, kept with their lines."""
    lines: Lines = (0, 0)
    """Source line span of the section."""
    verbatim: str | None = None
    """Exact source of the section when the fields do not render back to it."""


@attrs.frozen(kw_only=True)
class Post:
    """A whole Hot Papers post: front matter and numbered paper sections."""

    source: str | None
    """Path the post was read from, or ``None`` for a string."""
    title: str
    """Front matter ``title``."""
    date: dt.datetime | None
    """Front matter ``date`` in UTC (an offset in the file is converted); ``None`` when
    missing or unreadable."""
    slug: str | None = None
    """Front matter ``slug``."""
    category: str | None = None
    """Front matter ``category``."""
    tags: tuple[str, ...] = ()
    """Front matter ``tags``."""
    description: str | None = None
    """Front matter ``description``."""
    social_image: str | None = None
    """Front matter ``socialImage``."""
    template: str | None = None
    """Front matter ``template``."""
    draft: bool | None = None
    """Front matter ``draft``."""
    period: Period | None = None
    """Days covered, from the title; ``None`` when the title names none."""
    papers: tuple[Paper, ...] = ()
    """Paper sections in post order."""
    problems: tuple[Problem, ...] = ()
    """What could not be read as expected (the rest was read)."""
    extra: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    """Front matter keys hotparse does not know, with their JSON-ready values."""
    preamble: str = ""
    """Text between the front matter and the first section (normally empty)."""
    front_matter_verbatim: str | None = None
    """Exact front matter block when the fields do not render back to it."""
    newline: str = "\n"
    """Line ending of the file: ``"\\r\\n"`` when every line ends so, else ``"\\n"``."""
    crlf_lines: tuple[int, ...] = ()
    """When the file mixes endings: the 1-based lines that end in ``"\\r\\n"``."""
    bom: bool = False
    """Whether the file started with a UTF-8 byte order mark."""
    lines: Lines = (0, 0)
    """Source line span of the whole post."""
