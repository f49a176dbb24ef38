"""The real archive (../shared/corpus): parse, count, round trip, schema, JSON round trip."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import jsonschema
import pytest

import hotparse
from tests.conftest import SCHEMA, read_exact

HEADING = re.compile(r"^# \d+\. ", re.MULTILINE)


@pytest.fixture(scope="module")
def parsed(corpus: list[Path]) -> list[tuple[Path, str, hotparse.Post]]:
    out = []
    for path in corpus:
        text = read_exact(path)
        out.append((path, text, hotparse.parse(text, source=str(path))))
    return out


def test_corpus_is_the_expected_archive(corpus: list[Path]) -> None:
    assert len(corpus) == 189


def test_every_post_parses_without_problems(parsed: list[tuple[Path, str, hotparse.Post]]) -> None:
    with_problems = {str(path): post.problems for path, _, post in parsed if post.problems}
    assert with_problems == {}


def test_counts_equal_raw_headings_and_blockquotes(
    parsed: list[tuple[Path, str, hotparse.Post]],
) -> None:
    papers = tweets = raw_papers = raw_tweets = 0
    for path, text, post in parsed:
        raw_p = len(HEADING.findall(text))
        raw_t = text.count("<blockquote")
        assert len(post.papers) == raw_p, path
        assert sum(len(paper.tweets) for paper in post.papers) == raw_t, path
        papers += len(post.papers)
        tweets += sum(len(paper.tweets) for paper in post.papers)
        raw_papers += raw_p
        raw_tweets += raw_t
    assert (papers, tweets) == (raw_papers, raw_tweets) == (1948, 2166)


def test_render_gives_back_every_file_byte_for_byte(
    parsed: list[tuple[Path, str, hotparse.Post]],
) -> None:
    different = [str(path) for path, text, post in parsed if hotparse.render(post) != text]
    assert different == []


def test_clean_posts_need_no_verbatim_copies(parsed: list[tuple[Path, str, hotparse.Post]]) -> None:
    """The generator's layout is rendered from fields: no part keeps a verbatim copy."""
    papers = [paper for _, _, post in parsed for paper in post.papers if paper.verbatim]
    fronts = [post for _, _, post in parsed if post.front_matter_verbatim]
    tweets = [
        tweet.id
        for _, _, post in parsed
        for paper in post.papers
        for tweet in paper.tweets
        if tweet.verbatim
    ]
    assert papers == [] and fronts == [] and tweets == []


def test_every_dump_validates_against_the_schema(
    parsed: list[tuple[Path, str, hotparse.Post]],
) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path, _, post in parsed:
        data = json.loads(json.dumps(hotparse.to_dict(post), ensure_ascii=False))
        errors = list(validator.iter_errors(data))
        assert errors == [], (path, errors[:1])


def test_to_dict_from_dict_round_trip(parsed: list[tuple[Path, str, hotparse.Post]]) -> None:
    for path, _, post in parsed:
        data = json.loads(json.dumps(hotparse.to_dict(post)))
        assert hotparse.from_dict(hotparse.Post, data) == post, path


def test_titles_and_abstracts_are_source_text(
    parsed: list[tuple[Path, str, hotparse.Post]],
) -> None:
    for _, text, post in parsed:
        lines = text.split("\n")
        for paper in post.papers:
            assert lines[paper.lines[0] - 1] == f"# {paper.rank}. {paper.title}"
            if paper.abstract:
                assert f"\n\n{paper.abstract}\n\n" in text


def test_tweet_line_spans_point_at_the_blockquote(
    parsed: list[tuple[Path, str, hotparse.Post]],
) -> None:
    for _, text, post in parsed:
        lines = text.split("\n")
        for paper in post.papers:
            for tweet in paper.tweets:
                first, last = tweet.lines
                assert lines[first - 1].startswith("<blockquote")
                assert lines[last - 1].startswith("<script")
                assert tweet.id is not None and tweet.id in lines[first - 1]


def _without(post: hotparse.Post) -> hotparse.Post:
    return attrs.evolve(post, source=None)


def test_seed_003_equals_its_corpus_original(seeds: Path, corpus: list[Path]) -> None:
    seed = hotparse.load(seeds / "003_160e46e2c0f7be59.txt")
    original = hotparse.load(corpus[0].parent / "2021-03-05---Hot-Papers.md")
    assert _without(seed) == _without(original)


def test_seed_000_parses_and_differs_only_in_four_damaged_tweets(
    seeds: Path, corpus: list[Path]
) -> None:
    seed = hotparse.load(seeds / "000_7a486d17df6f53e9.txt", repair=False)
    original = hotparse.load(corpus[0].parent / "2021-03-25---Hot-Papers.md", repair=False)
    assert seed.problems == ()
    assert len(seed.papers) == len(original.papers)
    damaged = []
    for seed_paper, paper in zip(seed.papers, original.papers, strict=True):
        assert attrs.evolve(seed_paper, tweets=()) == attrs.evolve(paper, tweets=())
        assert len(seed_paper.tweets) == len(paper.tweets)
        for seed_tweet, tweet in zip(seed_paper.tweets, paper.tweets, strict=True):
            if seed_tweet == tweet:
                continue
            damaged.append(tweet.id)
            differing = {
                field.name
                for field in attrs.fields(hotparse.Tweet)
                if getattr(seed_tweet, field.name) != getattr(tweet, field.name)
            }
            # Entities follow the text; offsets move when characters change.
            assert differing <= {"text", "html", "author_name", "entities", "verbatim"}
            assert differing & {"text", "html", "author_name"}
    assert len(damaged) == 4
    assert _without(attrs.evolve(seed, papers=())) == _without(attrs.evolve(original, papers=()))
