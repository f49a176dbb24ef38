"""Small case tables: tweet text and entities, date links, front matter, paper lines."""

from __future__ import annotations

import datetime as dt

import pytest

import hotparse
from hotparse._dates import read_date

FRONT = """---
title: Hot Papers 2021-04-01
date: 2021-04-02T08:00:00.Z
template: "post"
draft: false
slug: "hot-papers-2021-04-01"
category: "arXiv"
tags:
  - "arXiv"
description: "Hot papers 2021-04-01"
socialImage: "/media/x.jpg"

---
"""

PAPER = """
# 1. An Invented Paper

Ann Example, Bo Sample

- retweets: 10, favorites: 20 (04/02/2021 08:00:00)

- links: [abs](https://arxiv.org/abs/2104.00001) | [pdf](https://arxiv.org/pdf/2104.00001)
- [cs.LG](https://arxiv.org/list/cs.LG/recent)

An invented abstract.

{tweets}

"""

SCRIPT = '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'


def tweet_html(inner: str, tail: str | None = None) -> str:
    tail = tail or (
        '&mdash; Ann Example (@ann_ex) <a href="https://twitter.com/ann_ex/status/'
        '1377000000000000001?ref_src=twsrc%5Etfw">April 1, 2021</a>'
    )
    return f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{inner}</p>{tail}</blockquote>\n{SCRIPT}\n'


def one_tweet(inner: str, tail: str | None = None) -> hotparse.Tweet:
    text = FRONT + PAPER.format(tweets=tweet_html(inner, tail))
    post = hotparse.parse(text, repair=False)
    assert hotparse.render(post) == text
    (tweet,) = post.papers[0].tweets
    return tweet


TEXT_CASES = [
    ("plain", "Hello world", "Hello world"),
    ("br", "one<br>two<br><br>three", "one\ntwo\n\nthree"),
    ("entities", "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;", "a & b <c> \"d\" 'e'"),
    ("tags-dropped", "<b>bold</b> and <i>it</i>", "bold and it"),
    ("script-skipped", "x<script>alert(1)</script>y", "xy"),
    ("style-skipped", "x<style>p{}</style>y", "xy"),
    ("comment-dropped", "x<!-- hidden -->y", "xy"),
    ("nbsp-kept", "a\u00a0b", "a\u00a0b"),
    ("emoji", "🎉 done", "🎉 done"),
    ("unclosed-tag", "<b>open text", "open text"),
]


@pytest.mark.parametrize(
    ("inner", "text"), [c[1:] for c in TEXT_CASES], ids=[c[0] for c in TEXT_CASES]
)
def test_visible_text(inner: str, text: str) -> None:
    tweet = one_tweet(inner)
    assert tweet.text == text
    assert tweet.html == inner


def test_entities_kinds_and_offsets() -> None:
    inner = (
        'Read <a href="https://t.co/AbCdEf1234">https://t.co/AbCdEf1234</a> by '
        '<a href="https://twitter.com/bo_sample?ref_src=twsrc%5Etfw">@bo_sample</a> '
        '<a href="https://twitter.com/hashtag/ML?src=hash&amp;ref_src=twsrc%5Etfw">#ML</a> '
        '<a href="https://twitter.com/search?q=%24ACME&amp;src=ctag&amp;ref_src=twsrc%5Etfw">$ACME</a> '
        '<a href="https://t.co/ZyXwVu9876">pic.twitter.com/ZyXwVu9876</a>'
    )
    tweet = one_tweet(inner)
    entities = tweet.entities
    for entity in (*entities.hashtags, *entities.mentions, *entities.urls, *entities.media):
        assert tweet.text[entity.start : entity.end] == entity.text
    assert [e.text for e in entities.urls] == ["https://t.co/AbCdEf1234"]
    assert [e.url for e in entities.urls] == ["https://t.co/AbCdEf1234"]
    assert [e.url for e in entities.mentions] == ["https://twitter.com/bo_sample"]
    assert [e.text for e in entities.hashtags] == ["#ML", "$ACME"]
    assert entities.hashtags[1].url == "https://twitter.com/search?q=%24ACME"
    assert [e.text for e in entities.media] == ["pic.twitter.com/ZyXwVu9876"]


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JavaScript:void(0)", "data:text/html,x", "/relative", "mailto:a@b.c"],
    ids=["javascript", "javascript-case", "data", "relative", "mailto"],
)
def test_non_http_links_are_never_entities(href: str) -> None:
    tweet = one_tweet(f'see <a href="{href}">this</a>')
    entities = tweet.entities
    assert tweet.text == "see this"
    assert not (entities.hashtags or entities.mentions or entities.urls or entities.media)


TAIL_CASES = [
    (
        "x-com-no-query",
        '&mdash; Bo (@bo) <a href="https://x.com/bo/status/123">April 1, 2021</a>',
        ("123", "https://twitter.com/bo/status/123", "Bo", "bo", dt.date(2021, 4, 1)),
    ),
    (
        "literal-dash",
        '\u2014 Bo Sample (@bo_s) <a href="https://twitter.com/bo_s/status/9?ref_src=twsrc%5Etfw">April 1, 2021</a>',
        ("9", "https://twitter.com/bo_s/status/9", "Bo Sample", "bo_s", dt.date(2021, 4, 1)),
    ),
    (
        "escaped-name",
        '&mdash; Lab &amp; Co (official) (@lab) <a href="https://twitter.com/lab/status/5">1 April 2021</a>',
        (
            "5",
            "https://twitter.com/lab/status/5",
            "Lab & Co (official)",
            "lab",
            dt.date(2021, 4, 1),
        ),
    ),
    (
        "unknown-date",
        '&mdash; Bo (@bo) <a href="https://twitter.com/bo/status/7">yesterday</a>',
        ("7", "https://twitter.com/bo/status/7", "Bo", "bo", None),
    ),
]


@pytest.mark.parametrize(
    ("tail", "expected"), [c[1:] for c in TAIL_CASES], ids=[c[0] for c in TAIL_CASES]
)
def test_tail_shapes(tail: str, expected: tuple[object, ...]) -> None:
    tweet = one_tweet("hi", tail)
    assert (tweet.id, tweet.url, tweet.author_name, tweet.author_handle, tweet.date) == expected


DATE_CASES = [
    ("en", "March 5, 2021", dt.date(2021, 3, 5)),
    ("en-short", "Mar 5, 2021", dt.date(2021, 3, 5)),
    ("ja", "2021年3月25日", dt.date(2021, 3, 25)),
    ("ko", "2021년 3월 25일", dt.date(2021, 3, 25)),
    ("de", "25. März 2021", dt.date(2021, 3, 25)),
    ("fr", "25 mars 2021", dt.date(2021, 3, 25)),
    ("es", "25 de marzo de 2021", dt.date(2021, 3, 25)),
    ("pt", "25 de março de 2021", dt.date(2021, 3, 25)),
    ("it", "25 marzo 2021", dt.date(2021, 3, 25)),
    ("iso", "2021-03-25", dt.date(2021, 3, 25)),
    ("impossible", "February 30, 2021", None),
    ("words", "yesterday", None),
    ("empty", "", None),
]


@pytest.mark.parametrize(
    ("text", "day"), [c[1:] for c in DATE_CASES], ids=[c[0] for c in DATE_CASES]
)
def test_date_links(text: str, day: dt.date | None) -> None:
    assert read_date(text) == day


ERROR_CASES = [
    ("empty", "", 1, "empty input"),
    ("blank", "\n\n  \n", 1, "empty input"),
    ("no-front-matter", "# 1. Title\n", 1, "no front matter"),
    ("never-closed", "---\ntitle: Hot Papers 2021-04-01\n\n# 1. x\n", 1, "never closed"),
    ("no-title", "---\ndate: 2021-04-02T08:00:00.Z\n---\n", 1, "no title"),
    ("not-mapping", "---\n- a\n- b\n---\n", 2, "not a mapping"),
    ("bad-yaml", "---\ntitle: [unclosed\n---\n", 3, "not valid safe YAML"),
    (
        "python-tag",
        "---\ntitle: !!python/object/apply:os.system ['true']\n---\n",
        2,
        "not valid safe YAML",
    ),
    ("alias", "---\na: &x [1, 2]\nb: *x\ntitle: Hot Papers 2021-04-01\n---\n", 3, "alias"),
    ("nul", "---\ntitle: x\x00\n---\n", 2, "NUL"),
]


@pytest.mark.parametrize(
    ("text", "line", "words"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES]
)
def test_not_a_post_raises_parse_error(text: str, line: int, words: str) -> None:
    with pytest.raises(hotparse.ParseError) as caught:
        hotparse.parse(text, source="case.md")
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.source == "case.md" and error.line == line
    assert words in error.message
    assert str(error).startswith(f"case.md:{line}")


def test_unknown_front_matter_keys_are_kept_as_json() -> None:
    text = FRONT.replace(
        'socialImage: "/media/x.jpg"\n', 'socialImage: "/media/x.jpg"\nwhen: 2021-04-01\nn: 3\n'
    )
    post = hotparse.parse(text)
    assert post.extra == {"when": "2021-04-01", "n": 3}
    assert post.front_matter_verbatim is not None
    assert hotparse.render(post) == text


def test_front_matter_fields() -> None:
    post = hotparse.parse(FRONT)
    assert post.title == "Hot Papers 2021-04-01"
    assert post.date == dt.datetime(2021, 4, 2, 8, 0, tzinfo=dt.timezone.utc)
    assert post.period == hotparse.Period(start=dt.date(2021, 4, 1), end=dt.date(2021, 4, 1))
    assert (post.template, post.draft, post.slug, post.category) == (
        "post",
        False,
        "hot-papers-2021-04-01",
        "arXiv",
    )
    assert post.tags == ("arXiv",) and post.social_image == "/media/x.jpg"
    assert post.papers == () and post.problems == ()
    assert post.front_matter_verbatim is None


def test_range_title_gives_a_period() -> None:
    post = hotparse.parse(
        FRONT.replace("title: Hot Papers 2021-04-01", "title: Hot Papers 2021-04-01 - 2021-04-03")
    )
    assert post.period == hotparse.Period(start=dt.date(2021, 4, 1), end=dt.date(2021, 4, 3))


def test_title_without_a_day_is_a_problem() -> None:
    post = hotparse.parse(FRONT.replace("title: Hot Papers 2021-04-01", "title: Something else"))
    assert post.period is None
    assert [problem.code for problem in post.problems] == ["title-period"]


def test_paper_fields() -> None:
    text = FRONT + PAPER.format(tweets="")
    post = hotparse.parse(text)
    assert hotparse.render(post) == text
    (paper,) = post.papers
    assert paper.rank == 1 and paper.title == "An Invented Paper"
    assert paper.authors == ("Ann Example", "Bo Sample")
    assert (paper.retweets, paper.favorites) == (10, 20)
    assert paper.counted_at == dt.datetime(2021, 4, 2, 8, 0, tzinfo=dt.timezone.utc)
    assert paper.arxiv_id == "2104.00001"
    assert paper.pdf_url == "https://arxiv.org/pdf/2104.00001"
    assert paper.categories == ("cs.LG",)
    assert paper.abstract == "An invented abstract."
    assert paper.lines[0] == FRONT.count("\n") + 2
    assert paper.verbatim is None and post.problems == ()


def test_parse_rejects_bytes() -> None:
    with pytest.raises(hotparse.ParseError, match="decode"):
        hotparse.parse(b"---\n")  # type: ignore[arg-type]
