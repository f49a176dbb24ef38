"""Render records back to the Markdown the generator writes.

``render(parse(text)) == text`` for every post, byte for byte: each part is
written from its fields in the generator's layout, except where the parser
found that the fields do not render back to the source; there the record
carries the exact source in ``verbatim`` (``front_matter_verbatim`` for the
front matter) and that is written instead.  To render an edited record from
its fields, clear ``verbatim`` with :func:`attrs.evolve`.

Mojibake repair never changes what is rendered unless asked: a repaired tweet
keeps its damaged original on ``Tweet.original`` and ``render`` writes the
file as it was read; ``render(post, repaired=True)`` writes the repaired text.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from hotparse._arguments import require_bool
from hotparse.records import Paper, Post, Tweet

__all__ = [
    "SCRIPT_LINE",
    "paper_head",
    "render",
    "render_front_matter",
    "render_paper",
    "render_tweet",
]

SCRIPT_LINE = (
    '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
)
"""The line Twitter's embed code puts after every blockquote."""

_PLAIN_TITLE = re.compile(
    r"Hot Papers [0-9]{4}-[0-9]{2}-[0-9]{2}(?: - [0-9]{4}-[0-9]{2}-[0-9]{2})?"
)
"""Titles the generator writes unquoted; any other title is written quoted."""


def render(post: Post, *, repaired: bool = False) -> str:
    """The Markdown source of ``post``.

    Args:
        post: a parsed or constructed post.
        repaired: write repaired tweets with their repaired text (default:
            write them as they were read, so the round trip is exact).

    Raises:
        TypeError: ``post`` is not a :class:`Post`.
    """
    if not isinstance(post, Post):
        raise TypeError(f"post must be a hotparse.Post, not {type(post).__name__}")
    require_bool(repaired, "repaired")
    text = (
        render_front_matter(post)
        + post.preamble
        + "".join(render_paper(paper, repaired=repaired) for paper in post.papers)
    )
    if post.newline != "\n":
        text = text.replace("\n", post.newline)
    elif post.crlf_lines:
        parts = text.split("\n")
        for number in post.crlf_lines:
            if number < len(parts):
                parts[number - 1] += "\r"
        text = "\n".join(parts)
    if post.bom:
        text = "\ufeff" + text
    return text


def render_front_matter(post: Post) -> str:
    """The ``---`` block, ending with the newline after the closing ``---``."""
    if post.front_matter_verbatim is not None:
        return post.front_matter_verbatim
    title = post.title if _PLAIN_TITLE.fullmatch(post.title) else _quote(post.title)
    out = ["---\n", f"title: {title}\n"]
    if post.date is not None:
        out.append(f"date: {_front_matter_date(post.date)}\n")
    if post.template is not None:
        out.append(f"template: {_quote(post.template)}\n")
    if post.draft is not None:
        out.append(f"draft: {'true' if post.draft else 'false'}\n")
    if post.slug is not None:
        out.append(f"slug: {_quote(post.slug)}\n")
    if post.category is not None:
        out.append(f"category: {_quote(post.category)}\n")
    if post.tags:
        out.append("tags:\n")
        out.extend(f"  - {_quote(tag)}\n" for tag in post.tags)
    if post.description is not None:
        out.append(f"description: {_quote(post.description)}\n")
    if post.social_image is not None:
        out.append(f"socialImage: {_quote(post.social_image)}\n")
    out.append("\n---\n")
    return "".join(out)


def render_paper(paper: Paper, *, repaired: bool = False) -> str:
    """One paper section, starting with its blank line and ending after its tweets."""
    if paper.verbatim is not None and not (repaired and _any_repaired(paper)):
        return paper.verbatim
    if paper.verbatim is not None:
        return _patch_repaired(paper)
    out = [paper_head(paper)]
    out.extend(render_tweet(tweet, repaired=repaired) + "\n" for tweet in paper.tweets)
    out.append("\n\n")
    return "".join(out)


def paper_head(paper: Paper) -> str:
    """A paper section from its fields up to its tweets: the blank line, heading, authors,
    counts, links, categories and abstract (with the blank line after it).  The reader
    (:mod:`hotparse.sections`) compares it with the source to tell whether a paper
    renders from its fields."""
    out = [f"\n# {paper.rank}. {paper.title}\n\n", ", ".join(paper.authors), "\n\n"]
    if paper.retweets is not None and paper.favorites is not None and paper.counted_at:
        out.append(
            f"- retweets: {paper.retweets}, favorites: {paper.favorites} "
            f"({_counted_at(paper.counted_at)})\n\n"
        )
    elif paper.retweets is not None or paper.favorites is not None or paper.counted_at:
        # a partial counts line still carries what is known ("?" for a missing count;
        # it is read back, with a counts-unreadable problem)
        parts = [
            f"{label}: {'?' if value is None else value}"
            for label, value in (("retweets", paper.retweets), ("favorites", paper.favorites))
        ]
        if paper.counted_at:
            parts.append(f"({_counted_at(paper.counted_at)})")
        out.append("- " + ", ".join(parts) + "\n\n")
    if paper.abs_url is not None:
        out.append(f"- links: [abs]({paper.abs_url})")
        if paper.pdf_url is not None:
            out.append(f" | [pdf]({paper.pdf_url})")
        out.append("\n")
    if paper.categories:
        out.append(
            "- "
            + " | ".join(f"[{c}](https://arxiv.org/list/{c}/recent)" for c in paper.categories)
            + "\n"
        )
    out.append(f"\n{paper.abstract}\n\n")
    return "".join(out)


def _counted_at(value: dt.datetime) -> str:
    """``value`` as the counts line writes it: ``MM/DD/YYYY HH:MM:SS``.

    Fast path: a datetime with a four-digit year is formatted by hand, as
    ``strftime`` would, at a fraction of its cost.  Anything else (a year below
    1000, which ``strftime`` writes without padding on some platforms; a
    subclass) still goes through ``strftime``.
    """
    if type(value) is dt.datetime and value.year >= 1000:
        return "%02d/%02d/%d %02d:%02d:%02d" % (  # noqa: UP031 - the fastest formatting
            value.month, value.day, value.year, value.hour, value.minute, value.second
        )
    return f"{value:%m/%d/%Y %H:%M:%S}"


def render_tweet(tweet: Tweet, *, repaired: bool = False) -> str:
    """The oEmbed source of a tweet, ending with its script line and a newline."""
    if repaired and tweet.original is not None and tweet.verbatim is not None:
        return _swap(tweet.verbatim, tweet)
    if tweet.verbatim is not None:
        return tweet.verbatim
    if tweet.original is not None and not repaired:
        name, body = tweet.original.author_name, tweet.original.html
    else:
        name, body = tweet.author_name, tweet.html
    href = f"{tweet.url}?ref_src=twsrc%5Etfw" if tweet.url else ""
    return (
        f'<blockquote class="twitter-tweet"><p lang="{tweet.lang}" dir="{tweet.dir}">'
        f"{body}</p>&mdash; {_escape(name)} (@{tweet.author_handle}) "
        f'<a href="{href}">{_escape(tweet.date_text)}</a></blockquote>\n{SCRIPT_LINE}\n'
    )


def _swap(source: str, tweet: Tweet) -> str:
    """Replace a repaired tweet's damaged html and name inside its verbatim source."""
    original = tweet.original
    if original is None:
        return source
    source = source.replace(original.html, tweet.html, 1) if original.html else source
    damaged_name = _escape(original.author_name)
    if damaged_name and damaged_name != _escape(tweet.author_name):
        source = source.replace(damaged_name + " (@", _escape(tweet.author_name) + " (@", 1)
    return source


def _any_repaired(paper: Paper) -> bool:
    return any(tweet.original is not None for tweet in paper.tweets)


def _patch_repaired(paper: Paper) -> str:
    text = paper.verbatim or ""
    for tweet in paper.tweets:
        if tweet.original is not None:
            damaged = render_tweet(tweet)
            text = text.replace(damaged, render_tweet(tweet, repaired=True), 1)
    return text


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def _escape(text: str) -> str:
    """Escape as Twitter's oEmbed does (``'`` as ``&#39;``, ``"`` as ``&quot;``)."""
    return text.translate(_ESCAPES)


def _quote(text: str) -> str:
    """``text`` as a JSON string (YAML reads it back).

    Fast path: printable ASCII without ``"`` or ``\\`` needs no escape, so the
    quotes go around it as they are; anything else goes through ``json.dumps``.
    """
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False)


def _front_matter_date(value: dt.datetime) -> str:
    """The generator's ``2021-03-26T11:41:31.Z`` for whole-second UTC times."""
    if value.utcoffset() == dt.timedelta(0) and value.microsecond == 0:
        return f"{value:%Y-%m-%dT%H:%M:%S}.Z"
    return value.isoformat()
