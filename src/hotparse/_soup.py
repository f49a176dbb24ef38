"""BeautifulSoup, set up the way hotparse reads tweet HTML (the slow, general path).

Imported only when a tweet needs it (:mod:`hotparse.tweets` reads the shapes
the oEmbed code writes without it), so a run over clean posts never loads bs4.

Two changes to bs4's html.parser builder:

- whitespace is preserved everywhere: bs4 folds a string made only of
  spaces, tabs and newlines into one space (or one newline) outside
  ``<pre>``, which changed tweet text (two spaces between two links became
  one).  Declaring the document root a whitespace-preserving tag keeps every
  string as written;
- :class:`_ClosedVoids` (see there) keeps the parse linear.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from bs4.builder._htmlparser import BeautifulSoupHTMLParser, HTMLParserTreeBuilder
from bs4.element import NavigableString, PreformattedString, Tag

__all__ = ["Link", "fragment", "p_attributes", "visible"]

Link = tuple[str | None, int, int]
"""An ``<a>`` element of a tweet: its ``href`` (None without one), start and end in the text."""

_SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object"})
_PRESERVE_WHITESPACE = frozenset({"[document]", "pre", "textarea"})
"""``[document]`` is the name of bs4's root object: every string is inside it."""


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


def _soup(markup: str) -> BeautifulSoup:
    builder = _Builder(multi_valued_attributes=None, preserve_whitespace_tags=_PRESERVE_WHITESPACE)
    return BeautifulSoup(markup, builder=builder)


def fragment(markup: str) -> Tag:
    """``markup`` parsed on its own, inside one ``<div>``."""
    soup = _soup(f"<div>{markup}</div>")
    first = soup.find("div")
    if isinstance(first, Tag):
        # Anything a stray </div> pushed outside is moved back in, in order.
        for sibling in list(first.next_siblings):
            first.append(sibling.extract())
        return first
    return soup.new_tag("div")  # pragma: no cover - the wrapper always makes a div


def p_attributes(markup: str) -> dict[str, str]:
    """The attributes of the first ``<p>`` in ``markup``."""
    p = fragment(markup).find("p")
    if not isinstance(p, Tag):
        return {}
    return {
        key: " ".join(value) if isinstance(value, list) else str(value)
        for key, value in p.attrs.items()
    }


def visible(node: Tag) -> tuple[str, list[Link]]:
    """Visible text of ``node`` and its ``<a>`` elements with their offsets.

    ``<br>`` becomes ``"\\n"``; script, style and other non-visible elements are
    skipped; comments and processing instructions are dropped; entities were
    decoded by the parser.  Iterative, so arbitrarily deep trees are fine.
    """
    parts: list[str] = []
    size = 0
    links: list[Link] = []
    open_links: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(child, False) for child in reversed(node.contents)]
    while stack:
        item, leaving = stack.pop()
        if leaving:
            start = open_links.pop(id(item))
            href = item.get("href")
            links.append((href if isinstance(href, str) else None, start, size))
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
