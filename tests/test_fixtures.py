"""Fixture posts (invented content) against their golden ``*.expected.json``."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import hotparse
from tests.conftest import FIXTURES, ROOT, SCHEMA, read_exact

POSTS = sorted(path for path in FIXTURES.glob("*.md") if path.name != "README.md")


def test_there_are_fixtures() -> None:
    assert len(POSTS) >= 10


@pytest.mark.parametrize("path", POSTS, ids=[path.stem for path in POSTS])
def test_matches_golden(path: Path) -> None:
    golden = path.with_suffix(".expected.json")
    assert golden.exists(), f"run scripts/update_goldens.py and review {golden.name}"
    post = hotparse.parse(read_exact(path), source=path.relative_to(ROOT).as_posix())
    assert hotparse.to_dict(post) == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", POSTS, ids=[path.stem for path in POSTS])
def test_round_trip_is_exact(path: Path) -> None:
    text = read_exact(path)
    assert hotparse.render(hotparse.parse(text)) == text


@pytest.mark.parametrize("path", POSTS, ids=[path.stem for path in POSTS])
def test_validates_against_schema(path: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(hotparse.to_dict(hotparse.load(path)), schema)


def test_crlf_and_bom_variants_parse_like_the_clean_file() -> None:
    clean = hotparse.load(FIXTURES / "basic.md")
    for name, newline, bom in (("crlf.md", "\r\n", False), ("bom.md", "\n", True)):
        variant = hotparse.load(FIXTURES / name)
        assert variant.newline == newline and variant.bom is bom
        assert variant.papers == clean.papers
        assert variant.problems == clean.problems


def test_damaged_fixture_reports_each_problem_with_its_line() -> None:
    post = hotparse.load(FIXTURES / "damaged.md")
    codes = {problem.code for problem in post.problems}
    assert {
        "preamble",
        "missing-counts",
        "counts-unreadable",
        "tweet-cut-off",
        "rank-duplicate",
        "rank-order",
        "count-too-large",
        "unknown-block",
    } <= codes
    lines = read_exact(FIXTURES / "damaged.md").split("\n")
    for problem in post.problems:
        assert 1 <= problem.line <= len(lines)
    # Nothing dropped: every line of the file is in a field or a kept fragment,
    # which is what makes the exact round trip possible.
    assert hotparse.render(post) == read_exact(FIXTURES / "damaged.md")


def test_hand_pasted_shapes_are_read() -> None:
    post = hotparse.load(FIXTURES / "hand-pasted.md")
    tweets = [tweet for paper in post.papers for tweet in paper.tweets]
    assert all(tweet.id and tweet.url and tweet.author_handle for tweet in tweets)
    assert all(tweet.url.startswith("https://twitter.com/") for tweet in tweets if tweet.url)
    assert {tweet.lang for tweet in tweets} >= {"zxx", "und", "ar", "ja", "de", "fr"}
    assert any(tweet.dir == "rtl" for tweet in tweets)
    unread = [tweet for tweet in tweets if tweet.date is None]
    assert [tweet.date_text for tweet in unread] == ["yesterday"]
    assert any(tweet.date_text == "2021年3月31日" and tweet.date for tweet in tweets)


@pytest.mark.parametrize("name", ["mojibake-cp1252.md", "mojibake-cp1254.md"])
def test_repaired_posts_render_as_read_unless_asked(name: str) -> None:
    text = read_exact(FIXTURES / name)
    post = hotparse.parse(text)
    repaired = [tweet for paper in post.papers for tweet in paper.tweets if tweet.repaired]
    assert repaired, "the fixture has damaged tweets"
    assert all(tweet.original is not None for tweet in repaired)
    assert hotparse.render(post) == text
    rewritten = hotparse.parse(hotparse.render(post, repaired=True), repair=False)
    for before, after in zip(
        [t for p in post.papers for t in p.tweets],
        [t for p in rewritten.papers for t in p.tweets],
        strict=True,
    ):
        assert (after.html, after.text, after.author_name) == (
            before.html,
            before.text,
            before.author_name,
        )


@pytest.mark.parametrize(
    ("retweets", "favorites"), [(57, 214), (57, None), (None, 214)], ids=["both", "retweets", "favorites"]
)
def test_rendering_from_fields_keeps_counts_without_a_time(
    retweets: int | None, favorites: int | None
) -> None:
    import attrs

    post = hotparse.parse(read_exact(FIXTURES / "basic.md"))
    paper = attrs.evolve(
        post.papers[0], retweets=retweets, favorites=favorites, counted_at=None, verbatim=None
    )
    edited = attrs.evolve(post, papers=(paper, *post.papers[1:]))
    back = hotparse.parse(hotparse.render(edited)).papers[0]
    assert (back.retweets, back.favorites) == (retweets, favorites)


def test_front_matter_date_with_an_offset_is_read_as_utc() -> None:
    import datetime as dt

    text = read_exact(FIXTURES / "basic.md").replace(
        "date: 2021-04-15T09:42:17.Z", "date: 2021-04-15T11:42:17+02:00"
    )
    post = hotparse.parse(text)
    assert post.date == dt.datetime(2021, 4, 15, 9, 42, 17, tzinfo=dt.timezone.utc)
    assert post.date.utcoffset() == dt.timedelta(0)
    assert hotparse.to_dict(post)["date"] == "2021-04-15T09:42:17Z"
    assert post.problems == ()
    assert hotparse.render(post) == text  # the file keeps its own writing


ODD_ABSTRACTS = [
    "- [Preprint] We study sketches of graphs.",
    "- links between graphs are studied here.",
    "- retweets: are studied as a signal.",
    "<blockquote> tags are studied.",
]


@pytest.mark.parametrize("abstract", ODD_ABSTRACTS, ids=["category-like", "links-like", "counts-like", "blockquote"])
def test_abstract_that_looks_like_a_meta_line_or_a_tweet(abstract: str) -> None:
    text = read_exact(FIXTURES / "basic.md")
    line = next(x for x in text.split("\n") if x.startswith("Early stopping is usually"))
    text = text.replace(line, abstract)
    post = hotparse.parse(text)
    assert post.papers[0].abstract == abstract
    assert post.problems == ()
    assert hotparse.render(post) == text


def test_rank_beyond_json_precision_is_reported() -> None:
    text = read_exact(FIXTURES / "basic.md").replace("\n# 3. ", "\n# 123456789012345678. ", 1)
    post = hotparse.parse(text)
    assert post.papers[2].rank == 123456789012345678
    assert [(p.code, p.line) for p in post.problems] == [
        ("rank-too-large", text.split("\n").index(next(
            x for x in text.split("\n") if x.startswith("# 123456789012345678.")
        )) + 1)
    ]
    assert hotparse.render(post) == text
