"""Tweets: decode Twitter's oEmbed blockquotes into :class:`~hotparse.records.Tweet`.

The sections walker hands over the raw blockquote strings of a post; we cut
each into its ``<p>`` inner HTML (kept byte for byte as ``Tweet.html``) and
its tail (``&mdash; Name (@handle) <a href="…/status/ID">date</a>``).

Every tweet is read on its own: nothing in one tweet's markup (an unclosed
``<div>``, a stray ``</div>``) can move text into or out of another tweet.

``Tweet.text`` keeps every character of the source outside tags: entities
are decoded, ``<br>`` becomes ``"\\n"``, tags are dropped keeping their text,
and whitespace between tags stays exactly as written (BeautifulSoup would
fold a whitespace-only string into one space; our builder tells it not to).
Text after an unclosed ``<!--`` is a comment to the end of the tweet, as
HTML reads it: it is not visible text (``html`` keeps it, and a problem says
so).

Fast paths: the ``<p>`` tag, the tail and the ``<p>`` body are first read by
small strict readers for the exact shapes the oEmbed code writes; anything
else goes through BeautifulSoup, which is imported only then.  Set the
environment variable ``HOTPARSE_NO_FAST_PATHS=1`` (or call
:func:`set_fast_paths` with ``False``) to send everything through
BeautifulSoup, for debugging and for the tests that compare both readers.

Text extraction walks the tree with an explicit stack (no recursion, so 50,000
nested tags are fine) and records entity offsets into the text it builds.
"""

from __future__ import annotations

import functools
import html as _html
import os
import re
from collections.abc import Sequence
from typing import Any

import attrs

from hotparse._dates import read_date
from hotparse.records import Entities, Entity, Problem, Tweet
from hotparse.render import render_tweet

__all__ = ["RawTweet", "fast_paths", "read_tweets", "set_fast_paths", "text_and_entities"]

_FAST_PATHS = os.environ.get("HOTPARSE_NO_FAST_PATHS", "") in ("", "0")


def set_fast_paths(enabled: bool) -> None:
    """Use the strict fast readers (the default) or send every tweet through BeautifulSoup.

    Both give the same records; the switch is for debugging and for tests.  The
    environment variable ``HOTPARSE_NO_FAST_PATHS=1`` sets it to ``False`` at import.
    """
    global _FAST_PATHS
    _FAST_PATHS = bool(enabled)


def fast_paths() -> bool:
    """Whether the fast readers are in use (see :func:`set_fast_paths`)."""
    return _FAST_PATHS


_P_OPEN = re.compile(r"<p(?=[\s>/])[^>]*>", re.IGNORECASE)
_P_CLOSE = "</p>"
_STATUS = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<user>[^/?#\s]+)/status(?:es)?/(?P<id>\d{1,25})",
    re.IGNORECASE,
)
_TAIL = re.compile(
    # one space on each side of the name, as the embed code writes it: a name that
    # begins or ends with a space keeps it
    r"\s*(?:(?:&mdash;|\u2014|\u2013|-{1,2}) ?)?(?P<name>.*?) ?"
    r"\(@(?P<handle>[A-Za-z0-9_]{1,50})\)\s*\Z",
    re.DOTALL,
)
_TWITTER_LINK = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/", re.IGNORECASE)
_BLOCKQUOTE_END = re.compile("</blockquote", re.IGNORECASE | re.ASCII)

Link = tuple[str | None, int, int]
"""An ``<a>`` element of a tweet: its ``href`` (None without one), start and end in the text."""


@attrs.frozen(kw_only=True)
class RawTweet:
    """A tweet as the sections walker found it."""

    blockquote: str
    """The ``<blockquote …>…</blockquote>`` source text (may span lines)."""
    source: str
    """The exact source of the whole tweet: blockquote lines and script line, with newlines."""
    lines: tuple[int, int]
    """1-based line span."""


@attrs.frozen
class _Pieces:
    opening: str
    html: str
    tail: str
    problems: tuple[str, ...]


@attrs.frozen
class _Tail:
    author_name: str
    handle: str | None
    status_href: str | None
    date_text: str
    problems: tuple[str, ...] = ()


# The generator's exact shapes for the <p> tag and the tail; anything else
# goes through BeautifulSoup.  Only the five escapes oEmbed writes are allowed,
# so html.unescape and BeautifulSoup agree on them.
_SIMPLE_TEXT = r"[^<>&]*(?:&(?:amp|lt|gt|quot|#39);[^<>&]*)*"
_FAST_OPENING = re.compile(r'<p lang="([a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)" dir="(ltr|rtl|auto)">')
_FAST_TAIL = re.compile(
    rf"&mdash; ({_SIMPLE_TEXT}) \(@([A-Za-z0-9_]{{1,50}})\) "
    rf'<a href="([^"<>&\s]*)">({_SIMPLE_TEXT})</a>'
)


def read_tweets(raws: Sequence[RawTweet]) -> list[tuple[Tweet, list[Problem]]]:
    """Decode every tweet of a post, each on its own."""
    return [_read_tweet(raw) for raw in raws]


def _read_tweet(raw: RawTweet) -> tuple[Tweet, list[Problem]]:
    piece = _cut(raw.blockquote)
    opening = _fast_opening(piece.opening) if _FAST_PATHS else None
    if opening is None:
        opening = _soup().p_attributes(piece.opening + "</p>")
    tail = _fast_tail(piece.tail) if _FAST_PATHS else None
    if tail is None:
        tail = _read_tail(piece.tail)
    return _build(raw, piece, opening, tail)


@functools.cache
def _soup() -> Any:
    """The BeautifulSoup reader (:mod:`hotparse._soup`), imported on first use."""
    from hotparse import _soup

    return _soup


def _cut(blockquote: str) -> _Pieces:
    """Split the blockquote source into ``<p …>`` tag, its inner HTML and the tail."""
    opening_end = blockquote.find(">") + 1
    match = _P_OPEN.search(blockquote, opening_end)
    close = blockquote.rfind(_P_CLOSE)
    # the last "</blockquote" in any letter case, found in the text itself (a
    # lower-cased copy can be longer: "İ".lower() is two characters); rfind finds
    # the generator's spelling, so only what follows it is searched again
    end = len(blockquote)
    last = blockquote.rfind("</blockquote")
    for found in _BLOCKQUOTE_END.finditer(blockquote, max(last, opening_end)):
        end = found.start()
    if match is None or close < match.end():
        inner = blockquote[opening_end:end]
        return _Pieces(opening="", html="", tail=inner, problems=("tweet has no <p> element",))
    return _Pieces(
        opening=match.group(0),
        html=blockquote[match.end() : close],
        tail=blockquote[close + len(_P_CLOSE) : end],
        problems=(),
    )


def _fast_opening(opening: str) -> dict[str, str] | None:
    match = _FAST_OPENING.fullmatch(opening)
    if match is None:
        return None
    return {"lang": match.group(1), "dir": match.group(2)}


def _fast_tail(tail: str) -> _Tail | None:
    match = _FAST_TAIL.fullmatch(tail)
    if match is None or not _STATUS.search(match.group(3)):
        return None
    return _Tail(
        author_name=_html.unescape(match.group(1)),
        handle=match.group(2),
        status_href=match.group(3),
        date_text=_html.unescape(match.group(4)),
    )


def _unclosed_comment(html: str) -> int:
    """Where an unclosed ``<!--`` starts in ``html``, or -1.

    HTML reads such a comment to the end of the document, so what follows it
    is not visible text.  Only a later ``-->`` closes a comment here: parsers
    (and Python versions of html.parser) disagree on ``<!-->`` and ``--!>``,
    and this way the text does not depend on which one runs.
    """
    position = 0
    while True:
        start = html.find("<!--", position)
        if start < 0:
            return -1
        close = html.find("-->", start + 4)
        if close < 0:
            return start
        position = close + 3


def _body(html: str) -> tuple[str, list[Link], list[str]]:
    """Visible text, links and problems of a tweet's ``<p>`` inner HTML."""
    problems = []
    cut = _unclosed_comment(html)
    if cut >= 0:
        html = html[:cut]
        problems.append(
            "tweet html has an unclosed comment '<!--': what follows it is not visible "
            "text (html keeps it all)"
        )
    read = _fast_body(html) if _FAST_PATHS else None
    if read is None:
        soup = _soup()
        read = soup.visible(soup.fragment(html))
    return read[0], read[1], problems


# The fast body reader: the oEmbed subset of a tweet's <p> inner HTML.
_FAST_REFERENCES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&amp;": "&"}
"""The references the oEmbed code writes; html.parser and bs4 decode them the same way.
``&amp;`` comes last: :func:`_fast_text` replaces them in this order."""
_LINK_OPEN = '<a href="'


def _fast_text(text: str) -> str | None:
    """Decode a run of text between tags, or None when it holds anything but the five
    references above (a bare ``&``, ``<``, ``>``, another entity): BeautifulSoup reads
    those."""
    if ">" in text or "<" in text:
        return None
    if "&" not in text:
        return text
    # no two references can overlap, so the counts say whether every "&" begins one
    if text.count("&") != sum(map(text.count, _FAST_REFERENCES)):
        return None
    # each "&" begins exactly one reference: replacing them one name after the other,
    # "&amp;" last, decodes each once ("&amp;lt;" gives "&lt;")
    for reference, character in _FAST_REFERENCES.items():
        text = text.replace(reference, character)
    return text


_INLINE_TAGS = {f"<{name}>": name for name in ("b", "i", "em", "strong", "span")}
"""Attribute-less inline tags the fast reader drops (keeping their text) when balanced."""


_TAG = re.compile(r"(<[^<>]*>)")
"""A tag, for splitting a body into text and tags.  Linear: ``[^<>]`` cannot run
past the next ``<``, so no text is scanned twice."""


def _fast_body(html: str) -> tuple[str, list[Link]] | None:
    """Text and links of a ``<p>`` body written in the oEmbed subset, else None.

    Accepts text (with :data:`_FAST_REFERENCES`), ``<br>``, ``<a href="URL">``
    (an href without quotes or angle brackets, with the same five references)
    and the :data:`_INLINE_TAGS`, every element closed in order; nothing else.
    Any other tag, a comment, ``<BR/>``, a stray ``<`` or ``>``, a stray or
    misnested end tag, or an element left open returns None, and BeautifulSoup
    reads the body with its rules for broken markup.  On well-nested markup
    both give the same text.  One split by :data:`_TAG` and one pass over the
    pieces, so the time is linear in the body.
    """
    pieces = _TAG.split(html)
    last = pieces.pop()  # pieces alternate text, tag, text, tag, …; then the last text
    pairs = iter(pieces)
    parts: list[str] = []
    size = 0
    links: list[Link] = []
    open_tags: list[str] = []
    href: str | None = None
    link_start = 0
    for text, tag in zip(pairs, pairs, strict=True):
        if text:
            if "&" in text or "<" in text or ">" in text:
                decoded = _fast_text(text)
                if decoded is None:
                    return None
                text = decoded
            parts.append(text)
            size += len(text)
        if tag == "<br>":
            parts.append("\n")
            size += 1
        elif tag == "</a>" and open_tags and open_tags[-1] == "a":
            open_tags.pop()
            links.append((href, link_start, size))
        elif tag.startswith(_LINK_OPEN) and tag.endswith('">') and "a" not in open_tags:
            href = tag[len(_LINK_OPEN) : -2]
            if '"' in href:
                return None
            if "&" in href:
                href = _fast_text(href)  # html.parser decodes attributes alike
                if href is None:
                    return None
            open_tags.append("a")
            link_start = size
        elif tag in _INLINE_TAGS:
            open_tags.append(_INLINE_TAGS[tag])
        elif tag.startswith("</") and open_tags and tag == f"</{open_tags[-1]}>":
            open_tags.pop()
        else:
            return None
    if last:
        text = _fast_text(last) if "&" in last or "<" in last or ">" in last else last
        if text is None:
            return None
        parts.append(text)
    if open_tags:
        return None
    return "".join(parts), links


_NO_ENTITIES = Entities()


def _entities(text: str, links: list[Link]) -> Entities:
    if not links:
        return _NO_ENTITIES
    hashtags: list[Entity] = []
    mentions: list[Entity] = []
    urls: list[Entity] = []
    media: list[Entity] = []
    for href, start, end in links:
        if href is None or start == end:
            continue
        href = href.strip()
        # the two hosts of nearly every link, decided without lower-casing or a pattern
        if href.startswith("https://t.co/"):
            twitter = False
        elif href.startswith("https://twitter.com/"):
            twitter = True
        elif not href.lower().startswith(("http://", "https://")):
            continue  # javascript:, mailto:, relative … never become entities
        else:
            twitter = _TWITTER_LINK.match(href) is not None
        label = text[start:end]
        url = _link_url(href) if twitter and "?" in href else href
        entity = Entity(text=label, start=start, end=end, url=url)
        first = label[:1]
        if twitter and first in "#\uff03$" and _tag_page(href):
            hashtags.append(entity)
        elif twitter and first in "@\uff20":
            mentions.append(entity)
        elif label.lower().startswith(("pic.twitter.com/", "pic.x.com/")):
            media.append(entity)
        else:
            urls.append(entity)
    return Entities(
        hashtags=tuple(hashtags), mentions=tuple(mentions), urls=tuple(urls), media=tuple(media)
    )


def _tag_page(href: str) -> bool:
    """A hashtag's (or cashtag's) page: ``/hashtag/`` or ``/search`` in any letter case."""
    lowered = href.lower()
    return "/hashtag/" in lowered or "/search" in lowered


_EMBED_QUERIES = frozenset(("ref_src=twsrc%5Etfw", "src=hash&ref_src=twsrc%5Etfw"))
"""The queries of the embed's profile and hashtag links: all of them goes."""


def _link_url(href: str) -> str:
    """A Twitter link without the embed's tracking query (t.co and other addresses
    are kept as written).

    ``ref_src`` and ``src`` only say the link came from an embed; other
    parameters (a cashtag's ``q=%24TSLA``) are kept.
    """
    base, _, query = href.partition("?")
    if query in _EMBED_QUERIES:  # fast path: nothing but the tracking parameters
        return base
    kept = [part for part in query.split("&") if part and not part.startswith(("ref_src=", "src="))]
    return base + ("?" + "&".join(kept) if kept else "")


def _read_tail(markup: str) -> _Tail:
    """Author, handle, status link and date text from a tail, read with BeautifulSoup."""
    soup = _soup()
    tail_text, tail_links = soup.visible(soup.fragment(markup))
    status_href = None
    date_text = ""
    for href, start, end in reversed(tail_links):
        if href is not None and _STATUS.search(href):
            status_href = href.strip()
            date_text = tail_text[start:end]
            tail_text = tail_text[:start]
            break
    match = _TAIL.match(tail_text)
    if match is not None:
        return _Tail(
            author_name=match.group("name"),
            handle=match.group("handle"),
            status_href=status_href,
            date_text=date_text,
        )
    return _Tail(
        author_name=tail_text.strip().lstrip("\u2014\u2013-").strip(),
        handle=None,
        status_href=status_href,
        date_text=date_text,
        problems=("tweet author is not written as 'Name (@handle)'",),
    )


def _build(
    raw: RawTweet, piece: _Pieces, p_attrs: dict[str, str], tail: _Tail
) -> tuple[Tweet, list[Problem]]:
    text, links, body_problems = _body(piece.html)
    problems = [*piece.problems, *tail.problems, *body_problems]
    # "<script" or "<style" in any case needs "<s" or "<S" (nothing else lowers to "s")
    lowered = piece.html.lower() if "<s" in piece.html or "<S" in piece.html else ""
    for name in ("script", "style") if lowered else ():
        if lowered.count(f"<{name}") > lowered.count(f"</{name}"):
            problems.append(
                f"tweet html has an unclosed <{name}>: everything after it is {name} "
                "content, not visible text (html keeps it all)"
            )
    tweet_id = url = user = None
    match = _STATUS.search(tail.status_href) if tail.status_href else None
    if match is None:
        problems.append("tweet has no status link, so no id or url")
    else:
        tweet_id = match.group("id")
        user = match.group("user")
        url = f"https://twitter.com/{user}/status/{tweet_id}"
    tweet = Tweet(
        id=tweet_id,
        url=url,
        author_name=tail.author_name,
        author_handle=tail.handle or user or "",
        date=read_date(tail.date_text),
        date_text=tail.date_text,
        lang=p_attrs.get("lang"),
        dir=p_attrs.get("dir"),
        text=text,
        html=piece.html,
        entities=_entities(text, links),
        lines=raw.lines,
    )
    if render_tweet(tweet) != raw.source:
        tweet = attrs.evolve(tweet, verbatim=raw.source)
    line = raw.lines[0]
    return tweet, [Problem(line=line, code="tweet-unreadable", message=m) for m in problems]


def text_and_entities(html: str) -> tuple[str, Entities]:
    """The plain text of a tweet's html (``<p>`` content) and its entities, as
    :func:`read_tweets` reads them (the repair step re-reads a repaired html so)."""
    text, links, _ = _body(html)
    return text, _entities(text, links)
