"""Tweets: decode Twitter's oEmbed blockquotes into :class:`~hotparse.records.Tweet`.

The sections walker hands over the raw blockquote strings of a whole post; we
cut each into its ``<p>`` inner HTML (kept byte for byte as ``Tweet.html``)
and its tail (``&mdash; Name (@handle) <a href="…/status/ID">date</a>``), and
decode all of them with ONE BeautifulSoup pass per post: the pieces are
wrapped in numbered ``<div>`` elements and parsed together.  If the pieces do
not come back one to one (a stray ``</div>`` in a tweet, say), each piece is
parsed on its own instead, so a hostile tweet never shifts its neighbours.

Text extraction walks the tree with an explicit stack (no recursion, so 50,000
nested tags are fine) and records entity offsets into the text it builds.
"""

from __future__ import annotations

import html as _html
import math
import re
from collections.abc import Sequence
from typing import Any

import attrs
from bs4 import BeautifulSoup
from bs4.builder._htmlparser import BeautifulSoupHTMLParser, HTMLParserTreeBuilder
from bs4.element import NavigableString, PreformattedString, Tag

from hotparse._dates import read_date
from hotparse.records import Entities, Entity, Problem, Tweet, TweetOriginal
from hotparse.render import render_tweet

__all__ = ["RawTweet", "read_tweets", "repair_tweet"]


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
_SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object"})


class _ClosedVoids(list[str]):
    """bs4's record of void elements already closed, with O(1) membership.

    BeautifulSoup's html.parser builder appends every ``<br>`` (and other void
    start tags) to a list and searches that list on every end tag, which is
    quadratic: a tweet with 100,000 ``<br>`` and ``</b>`` took minutes.  This
    list keeps counts beside it so ``in`` and ``remove`` are constant time; the
    parse result is the same.
    """

    def __init__(self) -> None:
        super().__init__()
        self._counts: dict[str, int] = {}

    def append(self, tag: str) -> None:
        self._counts[tag] = self._counts.get(tag, 0) + 1

    def remove(self, tag: str) -> None:
        left = self._counts.get(tag, 0) - 1
        if left > 0:
            self._counts[tag] = left
        else:
            self._counts.pop(tag, None)

    def __contains__(self, tag: object) -> bool:
        return tag in self._counts


class _Parser(BeautifulSoupHTMLParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.already_closed_empty_element = _ClosedVoids()


class _Builder(HTMLParserTreeBuilder):
    """bs4's html.parser builder, using :class:`_ClosedVoids` (see there)."""

    def feed(self, markup: Any, _parser_class: type[BeautifulSoupHTMLParser] = _Parser) -> None:
        super().feed(markup, _parser_class=_parser_class)


_SOUP_FEATURES = "html.parser"


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
    """Decode every tweet of a post with one BeautifulSoup pass.

    The ``<p>`` tag and the tail are matched against the generator's exact
    shapes first; only what does not match is handed to BeautifulSoup, along
    with every tweet's inner HTML.
    """
    pieces = [_cut(raw.blockquote) for raw in raws]
    openings: list[dict[str, str] | None] = [_fast_opening(piece.opening) for piece in pieces]
    tails: list[_Tail | None] = [_fast_tail(piece.tail) for piece in pieces]
    fragments: list[str] = []
    for piece, opening, tail in zip(pieces, openings, tails, strict=True):
        fragments.append(piece.html)
        if opening is None:
            fragments.append(piece.opening + "</p>")
        if tail is None:
            fragments.append(piece.tail)
    trees = iter(_parse_all(fragments))
    results = []
    for raw, piece, opening, tail in zip(raws, pieces, openings, tails, strict=True):
        html_tree = next(trees)
        if opening is None:
            opening = _p_attrs(next(trees))
        if tail is None:
            tail = _read_tail(next(trees))
        results.append(_build(raw, piece, opening, html_tree, tail))
    return results


def _cut(blockquote: str) -> _Pieces:
    """Split the blockquote source into ``<p …>`` tag, its inner HTML and the tail."""
    opening_end = blockquote.find(">") + 1
    match = _P_OPEN.search(blockquote, opening_end)
    close = blockquote.rfind(_P_CLOSE)
    end = blockquote.lower().rfind("</blockquote")
    if end < 0:
        end = len(blockquote)
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


def _parse_all(fragments: Sequence[str]) -> list[Tag]:
    """Parse all fragments in one document; fall back to one document per fragment."""
    if not fragments:
        return []
    soup = BeautifulSoup(
        "".join(f"<div>{part}</div>" for part in fragments),
        builder=_Builder(multi_valued_attributes=None),
    )
    divs = soup.contents
    if len(divs) == len(fragments) and all(
        isinstance(div, Tag) and div.name == "div" for div in divs
    ):
        return [div for div in divs if isinstance(div, Tag)]
    return [_one(part) for part in fragments]


def _one(fragment: str) -> Tag:
    soup = BeautifulSoup(f"<div>{fragment}</div>", builder=_Builder(multi_valued_attributes=None))
    first = soup.find("div")
    if isinstance(first, Tag):
        # Anything a stray </div> pushed outside is moved back in, in order.
        for sibling in list(first.next_siblings):
            first.append(sibling.extract())
        return first
    return soup.new_tag("div")


def _visible(node: Tag) -> tuple[str, list[tuple[Tag, int, int]]]:
    """Visible text of ``node`` and the ``<a>`` tags with their offsets.

    ``<br>`` becomes ``"\\n"``; script, style and other non-visible elements are
    skipped; comments and processing instructions are dropped; entities were
    decoded by the parser.  Iterative, so arbitrarily deep trees are fine.
    """
    parts: list[str] = []
    size = 0
    links: list[tuple[Tag, int, int]] = []
    open_links: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(child, False) for child in reversed(node.contents)]
    while stack:
        item, leaving = stack.pop()
        if leaving:
            start = open_links.pop(id(item))
            links.append((item, start, size))
            continue
        if isinstance(item, NavigableString):
            if not isinstance(item, PreformattedString):
                parts.append(str(item))
                size += len(item)
            continue
        if not isinstance(item, Tag):
            continue
        name = item.name
        if name == "br":
            parts.append("\n")
            size += 1
            continue
        if name in _SKIP_TAGS:
            continue
        if name == "a":
            open_links[id(item)] = size
            stack.append((item, True))
        stack.extend((child, False) for child in reversed(item.contents))
    links.sort(key=lambda link: link[1])
    return "".join(parts), links


def _entities(text: str, links: list[tuple[Tag, int, int]]) -> Entities:
    hashtags: list[Entity] = []
    mentions: list[Entity] = []
    urls: list[Entity] = []
    media: list[Entity] = []
    for tag, start, end in links:
        href = tag.get("href")
        if not isinstance(href, str) or start == end:
            continue
        href = href.strip()
        lowered = href.lower()
        if not lowered.startswith(("http://", "https://")):
            continue  # javascript:, mailto:, relative … never become entities
        label = text[start:end]
        twitter = _TWITTER_LINK.match(href) is not None
        entity = Entity(text=label, start=start, end=end, url=_link_url(href, twitter))
        if label[:1] in "#\uff03$" and twitter and ("/hashtag/" in lowered or "/search" in lowered):
            hashtags.append(entity)
        elif label[:1] in "@\uff20" and twitter:
            mentions.append(entity)
        elif label.lower().startswith(("pic.twitter.com/", "pic.x.com/")):
            media.append(entity)
        else:
            urls.append(entity)
    return Entities(
        hashtags=tuple(hashtags), mentions=tuple(mentions), urls=tuple(urls), media=tuple(media)
    )


def _link_url(href: str, twitter: bool) -> str:
    """t.co and other addresses as written; Twitter links without the embed's tracking query.

    ``ref_src`` and ``src`` only say the link came from an embed; other
    parameters (a cashtag's ``q=%24TSLA``) are kept.
    """
    if not twitter or "?" not in href:
        return href
    base, _, query = href.partition("?")
    kept = [part for part in query.split("&") if part and not part.startswith(("ref_src=", "src="))]
    return base + ("?" + "&".join(kept) if kept else "")


def _p_attrs(opening: Tag) -> dict[str, str]:
    p = opening.find("p")
    if not isinstance(p, Tag):
        return {}
    return {
        key: " ".join(value) if isinstance(value, list) else str(value)
        for key, value in p.attrs.items()
    }


def _read_tail(tree: Tag) -> _Tail:
    """Author, handle, status link and date text from a parsed tail."""
    tail_text, tail_links = _visible(tree)
    status_href = None
    date_text = ""
    for tag, start, end in reversed(tail_links):
        href = tag.get("href")
        if isinstance(href, str) and _STATUS.search(href):
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
    raw: RawTweet, piece: _Pieces, p_attrs: dict[str, str], html_tree: Tag, tail: _Tail
) -> tuple[Tweet, list[Problem]]:
    problems = [*piece.problems, *tail.problems]
    text, links = _visible(html_tree)
    lowered = piece.html.lower()
    for name in ("script", "style"):
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


def repair_tweet(tweet: Tweet) -> Tweet:
    """The tweet with mojibake repaired in its html (and so its text) and author name.

    The damaged fields are kept on ``Tweet.original``; a clean tweet comes back
    as it is (one regular-expression search per field decides that).
    """
    from hotparse.mojibake import explain_repair, might_be_mojibake

    if not (might_be_mojibake(tweet.html) or might_be_mojibake(tweet.author_name)):
        return tweet
    html_report = explain_repair(tweet.html, context=tweet.author_name)
    name_report = explain_repair(tweet.author_name, context=tweet.html)
    if not (html_report.changed or name_report.changed):
        return tweet
    spots = html_report.spots + name_report.spots
    text, entities = tweet.text, tweet.entities
    if html_report.changed:
        text, links = _visible(_one(html_report.text))
        entities = _entities(text, links)
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
    )
