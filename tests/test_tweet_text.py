"""Tweet text fidelity, tweet isolation, and the fast tweet reader against BeautifulSoup.

- ``Tweet.text`` keeps every character of the source outside tags: entities
  decoded, ``<br>`` as ``\\n``, tags dropped keeping their text, whitespace
  between tags as written.  Checked against an independent extraction written
  here with :mod:`html.parser` directly, on every corpus tweet (when
  ../shared is present) and on random HTML with random whitespace between tags.
- Every tweet is read on its own; text behind an unclosed ``<!--`` is not text.
- The fast reader (:func:`hotparse.tweets.set_fast_paths`) gives records equal
  to BeautifulSoup's on every corpus post and on random, often broken, tweet
  HTML (where it is expected to hand over to BeautifulSoup).
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import corpus_files, read_exact
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hotparse
from hotparse import tweets as tweets_module
from hotparse.tweets import RawTweet, read_tweets

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TAIL = (
    '&mdash; Ann Example (@ann_example) <a href="https://twitter.com/ann_example/status/'
    '1367920278605598727?ref_src=twsrc%5Etfw">March 5, 2021</a>'
)


def blockquote(body: str, tail: str = TAIL) -> str:
    return f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{body}</p>{tail}</blockquote>'


def read(*bodies: str) -> list[tuple[hotparse.Tweet, list[hotparse.Problem]]]:
    raws = []
    for number, body in enumerate(bodies):
        quote = blockquote(body)
        raws.append(RawTweet(blockquote=quote, source=quote + "\n", lines=(number + 1, number + 1)))
    return read_tweets(raws)


class _Extract(HTMLParser):
    """The contract, written independently: data as html.parser decodes it, ``<br>`` as
    a newline, every tag dropped, comments dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def extract(html: str) -> str:
    parser = _Extract()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


@pytest.fixture
def slow_path() -> Iterator[None]:
    tweets_module.set_fast_paths(False)
    try:
        yield
    finally:
        tweets_module.set_fast_paths(True)


# ---------------------------------------------------------------- fidelity, one case each


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(
    ("body", "text"),
    [
        ('<a href="https://t.co/a">x</a>  <a href="https://t.co/b">y</a>', "x  y"),
        ("a<br>  <br>b", "a\n  \nb"),
        ('<a href="https://t.co/a">x</a> \n <a href="https://t.co/b">y</a>', "x \n y"),
        ("<b>a</b>\t\t<i>b</i>", "a\t\tb"),
        ("&amp;&lt;&gt;&quot;&#39;&eacute;&#233;&#x1F600;", "&<>\"'éé\U0001f600"),
    ],
)
def test_text_keeps_whitespace_between_tags(body: str, text: str, fast: bool) -> None:
    tweets_module.set_fast_paths(fast)
    try:
        ((tweet, problems),) = read(body)
    finally:
        tweets_module.set_fast_paths(True)
    assert tweet.text == text
    assert problems == []


def test_entity_offsets_follow_the_kept_whitespace() -> None:
    ((tweet, _),) = read(
        '<a href="https://t.co/a">x</a>   <a href="https://t.co/b">https://t.co/b</a>'
    )
    (url,) = [entity for entity in tweet.entities.urls if entity.url == "https://t.co/b"]
    assert tweet.text[url.start : url.end] == "https://t.co/b"
    assert url.start == 4


def test_unclosed_div_does_not_take_the_next_tweets_text() -> None:
    first, second = read("first tweet <div>", "</div></div>second tweet")
    assert first[0].text == "first tweet "
    assert second[0].text == "second tweet"


@pytest.mark.parametrize(
    "bodies",
    [
        ("a<div>", "</div>d</div>", "</div></div><div>b"),
        ("one <div><div>", "</div></div>two <div>", "</div>three"),
    ],
)
def test_closing_divs_do_not_close_into_another_tweet(bodies: tuple[str, ...]) -> None:
    together = [tweet.text for tweet, _ in read(*bodies)]
    alone = [read(body)[0][0].text for body in bodies]
    assert together == alone
    assert together[1] in ("d", "two ")


@pytest.mark.parametrize("fast", [True, False])
def test_unclosed_comment_hides_what_follows(fast: bool) -> None:
    tweets_module.set_fast_paths(fast)
    try:
        ((tweet, problems),) = read("shown <!--<script>alert(1)</script> hidden")
    finally:
        tweets_module.set_fast_paths(True)
    assert tweet.text == "shown "
    assert tweet.html == "shown <!--<script>alert(1)</script> hidden"
    assert [problem.code for problem in problems] == ["tweet-unreadable"]
    assert "unclosed comment" in problems[0].message


def test_closed_comments_are_dropped_quietly() -> None:
    ((tweet, problems),) = read("a<!-- x -->b<!---->c<!-- <b>y</b> -->d")
    assert tweet.text == "abcd"
    assert problems == []


def test_cut_finds_the_end_with_text_that_grows_when_lower_cased() -> None:
    # "İ".lower() is two characters: a search in a lower-cased copy lands too far
    tail = TAIL.replace("Ann Example", "İİİİ İİİİ")
    quote = blockquote("hello", tail)
    ((tweet, problems),) = read_tweets([RawTweet(blockquote=quote, source=quote, lines=(1, 1))])
    assert tweet.author_name == "İİİİ İİİİ"
    assert tweet.date_text == "March 5, 2021"
    assert problems == []
    pieces = tweets_module._cut(quote + "İİ")
    assert pieces.tail.endswith("</a>")


# ---------------------------------------------------------------- properties

WHITESPACE = st.text(st.sampled_from(" \t\n\r"), min_size=0, max_size=4)
TEXT_CHARS = st.characters(
    categories=["L", "M", "N", "P", "S", "Zs"], exclude_characters="<&\ufeff"
)
ENTITY = st.sampled_from(
    [
        "&amp;",
        "&lt;",
        "&gt;",
        "&quot;",
        "&#39;",
        "&eacute;",
        "&#233;",
        "&#xE9;",
        "&#x1F600;",
        "&nbsp;",
    ]
)
TEXT = st.lists(st.one_of(st.text(TEXT_CHARS, min_size=1, max_size=8), ENTITY), max_size=4).map(
    "".join
)
HREF = st.sampled_from(
    [
        "https://t.co/AbCdEf",
        "https://twitter.com/hashtag/AI?src=hash&amp;ref_src=twsrc%5Etfw",
        "https://twitter.com/someone?ref_src=twsrc%5Etfw",
    ]
)


@st.composite
def well_formed(draw: st.DrawFn, depth: int = 0) -> str:
    """Well-formed tweet HTML: text, entities, <br>, closed comments, nested elements,
    random whitespace between all of them."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        parts.append(draw(WHITESPACE))
        kind = draw(st.sampled_from(["text", "br", "comment", "a", "element"]))
        if kind == "text":
            parts.append(draw(TEXT))
        elif kind == "br":
            parts.append(draw(st.sampled_from(["<br>", "<br/>", "<br />"])))
        elif kind == "comment":
            parts.append("<!-- " + draw(st.text(TEXT_CHARS, max_size=5)).replace("-", "") + " -->")
        elif kind == "a":
            parts.append(f'<a href="{draw(HREF)}">{draw(TEXT)}</a>')
        elif depth < 3:
            name = draw(st.sampled_from(["b", "i", "span", "em", "strong"]))
            parts.append(f"<{name}>{draw(well_formed(depth + 1))}</{name}>")
    parts.append(draw(WHITESPACE))
    return "".join(parts)


@SETTINGS
@given(body=well_formed())
def test_text_equals_an_independent_extraction(body: str) -> None:
    for fast in (True, False):
        tweets_module.set_fast_paths(fast)
        try:
            ((tweet, _),) = read(body)
        finally:
            tweets_module.set_fast_paths(True)
        assert tweet.text == extract(body), fast


BROKEN = st.sampled_from(
    [
        "<div>",
        "</div>",
        "</div></div>",
        "<b>",
        "</b>",
        "</i>",
        "<a>",
        "</a>",
        "<A HREF='x'>",
        '<a href="https://t.co/x" class="c">',
        "<br/>",
        "<BR>",
        "</br>",
        "<p>",
        "</p>",
        "<!--",
        "-->",
        "<!-->",
        "<!",
        "<?pi?>",
        "<![CDATA[x]]>",
        "<script>",
        "</script>",
        "<style>",
        "&",
        "&amp",
        "&#",
        "&#x;",
        "&#0;",
        "&#128;",
        "&#xD800;",
        "&unknown;",
        "<",
        ">",
        "< b>",
        "<b",
        '"',
        "\u0130",
        "\r",
    ]
)


@st.composite
def broken(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(well_formed(), BROKEN, TEXT, WHITESPACE), max_size=8))
    return "".join(pieces)


@SETTINGS
@given(bodies=st.lists(broken(), min_size=1, max_size=3))
def test_fast_reader_equals_beautifulsoup_or_hands_over(bodies: list[str]) -> None:
    fast = read(*bodies)
    tweets_module.set_fast_paths(False)
    try:
        slow = read(*bodies)
    finally:
        tweets_module.set_fast_paths(True)
    assert fast == slow


def test_fast_reader_hands_over_what_it_does_not_know() -> None:
    fast_body = tweets_module._fast_body
    assert fast_body('a <a href="https://t.co/x">b</a><br>c &amp; d') == (
        "a b\nc & d",
        [("https://t.co/x", 2, 3)],
    )
    assert fast_body('<b>x<i><a href="h">y</a></i></b>') == ("xy", [("h", 1, 2)])
    for body in [
        "<b>x</i>",
        "<b>x",
        "x</b>",
        '<a href="x"><b>y</a></b>',
        "<b class='c'>x</b>",
        "a & b",
        "x > y",
        "<br/>",
        '<a href="x">a<a href="y">',
        "</a>",
        '<a href="x">open',
        "&eacute;",
        "<!-- c -->",
    ]:
        assert fast_body(body) is None, body


# ---------------------------------------------------------------- the corpus


def corpus_tweets() -> list[hotparse.Tweet]:
    found = []
    for path in corpus_files():
        post = hotparse.parse(read_exact(path), repair=False)
        found.extend(tweet for paper in post.papers for tweet in paper.tweets)
    return found


def test_corpus_tweet_text_equals_an_independent_extraction(corpus: list[Path]) -> None:
    tweets = corpus_tweets()
    assert len(tweets) == 2166
    differ = [tweet.id for tweet in tweets if tweet.text != extract(tweet.html)]
    assert differ == []
    # every corpus body is in the oEmbed subset the fast reader knows
    assert all(tweets_module._fast_body(tweet.html) is not None for tweet in tweets)


def test_corpus_records_are_the_same_through_beautifulsoup(
    corpus: list[Path], slow_path: None
) -> None:
    slow = {path: hotparse.parse(read_exact(path), source=str(path)) for path in corpus}
    tweets_module.set_fast_paths(True)
    for path, post in slow.items():
        assert hotparse.parse(read_exact(path), source=str(path)) == post, path
