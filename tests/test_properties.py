"""Property tests (hypothesis).

1. Records -> render -> parse gives the records back.  The strategies build
   Post / Paper / Tweet records restricted to what the generator's canonical
   layout can represent (see ``hotparse.render``): one-line titles and author
   names, abstracts that are one block of non-blank lines, tweet HTML made of
   escaped text, ``<br>`` and the four kinds of ``<a>`` Twitter writes, whose
   visible text and entity offsets are computed here.
2. Mutated real posts (../shared/corpus when present, fixtures/ always):
   ``parse`` raises nothing but a clear ParseError, and whatever it returns
   renders back to the input byte for byte, serialises to JSON and back, and
   has entities whose offsets point at their text.

Mojibake repair is a separate step (``repair=False`` here), so generated text
that happens to look like mojibake is not "repaired" away from the record.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from functools import cache
from typing import Any

import attrs
import pytest
from hostile import build
from hostile.compare import all_entities
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st

import hotparse
from hotparse._dates import english_date
from hotparse.records import Entities, Entity, Paper, Period, Post, Tweet

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------- text

PRINTABLE = st.characters(categories=["L", "M", "N", "P", "S", "Zs"], exclude_characters="\ufeff")
"""Characters a line of a post can hold (no controls, surrogates, line separators, BOM)."""


def line_text(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(PRINTABLE, min_size=min_size, max_size=max_size)


HEADING = re.compile(r"# \d{1,18}\.(?: .*)?\Z", re.DOTALL)
BLOCKQUOTE = re.compile(r"\s{0,3}<blockquote[\s>]", re.IGNORECASE)


def abstract_line(line: str) -> bool:
    return (
        bool(line.strip(" \t"))
        and not HEADING.match(line)
        and not line.startswith("- ")
        and not BLOCKQUOTE.match(line)
    )


# --------------------------------------------------------------------------- records

UTC = dt.timezone.utc


@st.composite
def whole_second_utc(draw: st.DrawFn) -> dt.datetime:
    moment = draw(st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 1, 1)))
    return moment.replace(microsecond=0, tzinfo=UTC)


@st.composite
def post_dates(draw: st.DrawFn) -> dt.datetime | None:
    # records hold UTC (a file written with an offset is read as the same instant in
    # UTC; tests/test_fixtures.py covers that)
    kind = draw(st.sampled_from(["none", "generator", "micro"]))
    if kind == "none":
        return None
    moment = draw(whole_second_utc())
    if kind == "micro":
        return moment.replace(microsecond=draw(st.integers(1, 999_999)))
    return moment


@st.composite
def links(draw: st.DrawFn) -> tuple[str | None, str | None, str | None]:
    """(abs_url, pdf_url, arxiv_id)."""
    if draw(st.booleans()):
        arxiv = draw(st.from_regex(r"[0-9]{4}\.[0-9]{4,5}(v[1-9])?", fullmatch=True))
    else:
        arxiv = draw(st.from_regex(r"[a-z]{2,8}(-[a-z]{2})?(\.[A-Z]{2})?/[0-9]{7}", fullmatch=True))
    if draw(st.integers(0, 5)) == 0:
        url = draw(st.from_regex(r"https://[a-z]{1,10}\.org/[A-Za-z0-9_.-]{0,20}", fullmatch=True))
        return url, None, None
    pdf = f"https://arxiv.org/pdf/{arxiv}" if draw(st.booleans()) else None
    return f"https://arxiv.org/abs/{arxiv}", pdf, arxiv


@st.composite
def tweet_bodies(draw: st.DrawFn) -> tuple[str, str, Entities]:
    """(html, visible text, entities) from text, <br> and Twitter's four kinds of link."""
    parts: list[str] = []
    text = ""
    found: dict[str, list[Entity]] = {"hashtags": [], "mentions": [], "urls": [], "media": []}
    word = st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True)
    for kind in draw(st.lists(st.sampled_from(
            ["text", "text", "text", "br", "url", "media", "mention", "hashtag"]), max_size=12)):
        if kind == "text":
            piece = draw(line_text(1, 20))
            parts.append(html.escape(piece, quote=True).replace("&#x27;", "&#39;"))
            text += piece
            continue
        if kind == "br":
            parts.append("<br>")
            text += "\n"
            continue
        name = draw(word)
        if kind == "url":
            label, href, url = f"https://t.co/{name}", f"https://t.co/{name}", f"https://t.co/{name}"
        elif kind == "media":
            label, href, url = f"pic.twitter.com/{name}", f"https://t.co/{name}", f"https://t.co/{name}"
        elif kind == "mention":
            label = f"@{name}"
            href = f"https://twitter.com/{name}?ref_src=twsrc%5Etfw"
            url = f"https://twitter.com/{name}"
        else:
            label = f"#{name}"
            href = f"https://twitter.com/hashtag/{name}?src=hash&amp;ref_src=twsrc%5Etfw"
            url = f"https://twitter.com/hashtag/{name}"
        parts.append(f'<a href="{href}">{label}</a>')
        bucket = {"url": "urls", "media": "media", "mention": "mentions", "hashtag": "hashtags"}
        found[bucket[kind]].append(
            Entity(text=label, start=len(text), end=len(text) + len(label), url=url)
        )
        text += label
    entities = Entities(**{key: tuple(value) for key, value in found.items()})
    return "".join(parts), text, entities


@st.composite
def tweets_(draw: st.DrawFn) -> Tweet:
    handle = draw(st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True))
    status = draw(st.from_regex(r"[1-9][0-9]{0,18}", fullmatch=True))
    day = draw(st.dates(min_value=dt.date(2006, 3, 21), max_value=dt.date(2040, 12, 31)))
    body, text, entities = draw(tweet_bodies())
    return Tweet(
        id=status,
        url=f"https://twitter.com/{handle}/status/{status}",
        author_name=draw(line_text(0, 30)),
        author_handle=handle,
        date=day,
        date_text=english_date(day),
        lang=draw(st.sampled_from(["en", "ja", "fr", "und", "zxx", "pt-br"])),
        dir=draw(st.sampled_from(["ltr", "rtl"])),
        text=text,
        html=body,
        entities=entities,
    )


@st.composite
def papers(draw: st.DrawFn, rank: int) -> Paper:
    first_name = st.builds(lambda head, tail: head + tail,
                           st.characters(categories=["L"]), line_text(0, 20))
    names = st.lists(line_text(1, 20), max_size=5)
    authors = (draw(first_name), *draw(names))
    assume(all(", " not in name for name in authors))
    abs_url, pdf_url, arxiv_id = draw(links())
    abstract_lines = draw(st.lists(line_text(1, 80).filter(abstract_line), min_size=1, max_size=3))
    return Paper(
        rank=rank,
        title=draw(line_text(1, 60).filter(lambda title: bool(title.strip()))),
        authors=authors,
        retweets=draw(st.integers(0, 2**53 - 1)),
        favorites=draw(st.integers(0, 2**53 - 1)),
        counted_at=draw(whole_second_utc()),
        arxiv_id=arxiv_id,
        abs_url=abs_url,
        pdf_url=pdf_url,
        categories=tuple(draw(st.lists(
            st.from_regex(r"[a-z]{2,5}(-[a-z]{2})?(\.[A-Z]{2})?", fullmatch=True),
            min_size=1, max_size=4))),
        abstract="\n".join(abstract_lines),
        tweets=tuple(draw(st.lists(tweets_(), max_size=3))),
    )


@st.composite
def posts(draw: st.DrawFn) -> Post:
    start = draw(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 1)))
    end = start + dt.timedelta(days=draw(st.sampled_from([0, 0, 1, 6])))
    title = f"Hot Papers {start}" if end == start else f"Hot Papers {start} - {end}"
    optional = st.none() | line_text(0, 40)
    ranks = sorted(draw(st.sets(st.integers(0, 10**6), max_size=4)))
    return Post(
        source=None,
        title=title,
        date=draw(post_dates()),
        slug=draw(optional),
        category=draw(optional),
        tags=tuple(draw(st.lists(line_text(0, 20), max_size=4))),
        description=draw(optional),
        social_image=draw(optional),
        template=draw(optional),
        draft=draw(st.sampled_from([None, True, False])),
        period=Period(start=start, end=end),
        papers=tuple([draw(papers(rank)) for rank in ranks]),
        newline=draw(st.sampled_from(["\n", "\r\n"])),
        bom=draw(st.booleans()),
    )


def without_lines(post: Post) -> Post:
    """The post with every ``lines`` span zeroed (bookkeeping the records do not choose)."""
    return attrs.evolve(
        post,
        lines=(0, 0),
        papers=tuple(
            attrs.evolve(paper, lines=(0, 0),
                         tweets=tuple(attrs.evolve(tweet, lines=(0, 0)) for tweet in paper.tweets))
            for paper in post.papers
        ),
    )


@SETTINGS
@given(posts())
def test_render_then_parse_gives_the_records_back(post: Post) -> None:
    text = hotparse.render(post)
    parsed = hotparse.parse(text, repair=False)
    assert parsed.problems == ()
    # Field by field first, for readable failures; then the whole record.
    assert parsed.title == post.title and parsed.period == post.period
    assert parsed.date == post.date
    assert [paper.title for paper in parsed.papers] == [paper.title for paper in post.papers]
    for got, want in zip(parsed.papers, post.papers, strict=True):
        assert attrs.evolve(got, tweets=(), lines=(0, 0)) == attrs.evolve(want, tweets=())
        for got_tweet, want_tweet in zip(got.tweets, want.tweets, strict=True):
            assert attrs.evolve(got_tweet, lines=(0, 0)) == want_tweet
    assert without_lines(parsed) == post  # verbatim fields included: all None
    assert hotparse.render(parsed) == text


@settings(SETTINGS, max_examples=60)
@given(posts())
def test_records_survive_json(post: Post) -> None:
    parsed = hotparse.parse(hotparse.render(post), repair=False)
    data = json.loads(json.dumps(hotparse.to_dict(parsed)))
    assert hotparse.from_dict(Post, data) == parsed


@settings(max_examples=100, deadline=None)
@given(title=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .\-]*", fullmatch=True) | line_text(1, 40))
@example(title="0")
@example(title="null")
@example(title="true")
@example(title="1.5")
@example(title="Hot Papers ")
def test_any_title_renders_and_parses_back(title: str) -> None:
    """render writes titles of ``[A-Za-z0-9][A-Za-z0-9 .-]*`` unquoted: YAML must read them back."""
    assume(title.strip())
    post = Post(source=None, title=title, date=None)
    parsed = hotparse.parse(hotparse.render(post), repair=False)
    assert parsed.title == title


# --------------------------------------------------------------------------- mutated real posts


@cache
def named_sources() -> tuple[tuple[str, str], ...]:
    """(name, text) of fixtures/*.md and of about 40 real posts, when ../shared is there."""
    found = [(f"fixtures/{path.name}", path.read_text(encoding="utf-8", errors="replace"))
             for path in sorted(build.FIXTURES.glob("*.md"))]
    corpus = build.corpus_files()
    found += [(f"corpus/{path.name}", path.read_text(encoding="utf-8"))
              for path in corpus[:: max(1, len(corpus) // 40)]]
    return tuple(found)


def sources() -> tuple[str, ...]:
    return tuple(text for _name, text in named_sources())


TOKENS = [
    "\n", "\r\n", "\r", "\ufeff", "\x00", "---\n", "\n---\n", "# 1. ", "\n# 2. ", "# 99999999999. ",
    "- retweets: 1, favorites: 2 (01/02/2021 03:04:05)\n", "- links: [abs](x)\n",
    "- [cs.LG](https://arxiv.org/list/cs.LG/recent)\n", '<blockquote class="twitter-tweet">',
    "</blockquote>", '<p lang="en" dir="ltr">', "</p>", "<br>", '<a href="javascript:x">',
    '<a href="https://t.co/x">', "</a>", "&mdash;", "&amp;", "&#", "<script>", "</script>",
    "<!--", "-->", "```", "<div>", "</div>", "*&a [x]: ", "!!python/object/apply:os.system",
    "{", "[", "'", '"', "\t", ":", " (@h) ", "\u202e", "Ã©", "🎉",
]


@attrs.frozen
class Mutant:
    """A real post with a few edits; its repr names the post and the edits, not the text."""

    source: str
    edits: tuple[str, ...]
    text: str = attrs.field(repr=False)


@st.composite
def mutated(draw: st.DrawFn) -> Mutant:
    name, text = draw(st.sampled_from(named_sources()))
    edits: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        size = len(text)
        at = draw(st.integers(0, size))
        kind = draw(st.sampled_from(["delete", "insert", "token", "duplicate", "truncate",
                                     "swap-lines", "crlf"]))
        if kind == "delete":
            length = draw(st.integers(1, 400))
            edits.append(f"delete {length} at {at}: {text[at : at + length][:40]!r}")
            text = text[:at] + text[at + length :]
        elif kind == "insert":
            piece = draw(st.text(max_size=30))
            edits.append(f"insert {piece!r} at {at}")
            text = text[:at] + piece + text[at:]
        elif kind == "token":
            piece = draw(st.sampled_from(TOKENS)) * draw(st.integers(1, 3))
            edits.append(f"insert {piece!r} at {at}")
            text = text[:at] + piece + text[at:]
        elif kind == "duplicate":
            length = draw(st.integers(1, 2000))
            edits.append(f"duplicate {length} at {at}")
            text = text[:at] + text[at : at + length] + text[at:]
        elif kind == "truncate":
            edits.append(f"truncate at {at}")
            text = text[:at]
        elif kind == "swap-lines":
            lines = text.split("\n")
            if len(lines) > 2:
                i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
                edits.append(f"swap lines {i + 1} and {j + 1}")
                lines[i], lines[j] = lines[j], lines[i]
                text = "\n".join(lines)
        else:
            edits.append("LF -> CRLF")
            text = text.replace("\n", "\r\n")
    return Mutant(source=name, edits=tuple(edits), text=text)


def check_post_or_error(text: str) -> hotparse.Post | None:
    try:
        post = hotparse.parse(text, source="mutant.md")
    except hotparse.ParseError as error:
        cause = error.__cause__
        assert cause is None or isinstance(cause, hotparse.ParseError), (
            f"internal error: {error}"
        )
        assert "\n" not in str(error) and error.message.strip()
        return None
    return post


MUTANT_SETTINGS = settings(
    SETTINGS,
    max_examples=200,
    # Shrinking re-parses whole posts hundreds of times; the edits in the report say enough.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


@MUTANT_SETTINGS
@given(mutated())
def test_mutated_posts_raise_only_clear_parse_errors(mutant: Mutant) -> None:
    check_post_or_error(mutant.text)


@MUTANT_SETTINGS
@given(mutated())
def test_mutated_posts_render_back_and_make_sense(mutant: Mutant) -> None:
    text = mutant.text
    post = check_post_or_error(text)
    if post is None:
        return
    assert hotparse.render(post) == text
    last = max(1, text.replace("\r\n", "\n").count("\n") + 1)
    for problem in post.problems:
        assert 1 <= problem.line <= last, problem
    for paper in post.papers:
        for tweet in paper.tweets:
            e = tweet.entities
            for entity in (*e.hashtags, *e.mentions, *e.urls, *e.media):
                assert tweet.text[entity.start : entity.end] == entity.text
    for entity in all_entities(post):
        assert entity.url.lower().startswith(("http://", "https://")), entity
    data: Any = json.loads(json.dumps(hotparse.to_dict(post)))
    assert hotparse.from_dict(Post, data) == post


@SETTINGS
@given(st.sampled_from(sources()), st.sampled_from(["crlf", "bom", "both"]))
def test_crlf_and_bom_parse_like_the_clean_text(text: str, variant: str) -> None:
    assume(text.startswith("---") and "\r" not in text)
    clean = check_post_or_error(text)
    assume(clean is not None)
    assert clean is not None
    changed = text.replace("\n", "\r\n") if variant != "bom" else text
    changed = "\ufeff" + changed if variant != "crlf" else changed
    post = hotparse.parse(changed)
    assert post.papers == clean.papers
    assert post.problems == clean.problems
    assert hotparse.render(post) == changed


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_utf_boms_decode_like_utf8(encoding: str) -> None:
    for text in sources()[:20]:
        if "\x00" in text or text.startswith("\ufeff"):
            continue
        try:
            want = hotparse.parse(text)
        except hotparse.ParseError:
            continue
        got = hotparse.parse(hotparse.reader.decode(text.encode(encoding)))
        assert got.papers == want.papers
