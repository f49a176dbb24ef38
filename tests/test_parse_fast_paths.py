"""The parser's small fast paths give what the general code they skip gives.

Beside ``test_fast_paths.py`` (block kinds, repair evidence) and the tweet-body
reader in ``test_tweet_text.py``.  Each fast path here is compared with the code
it skips, on the real front matter / posts (fixtures, and ../shared/corpus when
present) and on random input built to sit near the edge of what it accepts:

- ``front_matter._fast_yaml`` against the YAML loader;
- ``tweets._entities`` (t.co and twitter.com links decided without a pattern,
  the embed's own queries cut without splitting) and ``tweets._fast_text``
  (references decoded by counting and replacing) against the way they were
  written before, kept here as the references;
- ``render._counted_at`` against ``strftime``, ``render._quote`` against
  ``json.dumps``;
- ``sections._blocks`` (no strip for lines that start with a letter) against
  the plain strip test;
- ``sections._freeze`` (papers compared without rendering their tweets again)
  and ``_mending.repair_papers`` (clean tweets skip the repair loop) against
  what rendering and the full loop decide.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import pytest
from conftest import FIXTURES, corpus_files, read_exact
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import MUTANT_SETTINGS, Mutant, mutated

import hotparse
from hotparse import front_matter
from hotparse.errors import ParseError
from hotparse.records import Entities, Entity, Paper, Problem
from hotparse.render import _counted_at, _quote, render_paper, render_tweet
from hotparse.sections import _blocks
from hotparse.tweets import _TWITTER_LINK, _entities

SETTINGS = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def real_texts() -> Iterator[tuple[str, str]]:
    for path in [*sorted(FIXTURES.glob("*.md")), *corpus_files()]:
        yield path.name, read_exact(path)


# ------------------------------------------------------------------ front matter


def yaml_load(block: str, monkeypatch: pytest.MonkeyPatch | None = None) -> Any:
    """``front_matter._load_yaml`` with the fast reader on, or (given ``monkeypatch``)
    off: the data and duplicates, or the error message and line."""
    if monkeypatch is not None:
        monkeypatch.setattr(front_matter, "_fast_yaml", lambda block: None)
    try:
        data, duplicates = front_matter._load_yaml(block, "post.md")
    except ParseError as error:
        return ("error", error.message, error.line)
    finally:
        if monkeypatch is not None:
            monkeypatch.undo()
    return data, duplicates, _types(data)


def _types(data: Any) -> Any:
    """The types inside ``data`` (``True == 1`` and ``"1" != 1`` must not hide a change)."""
    if isinstance(data, dict):
        return [(type(key), _types(value)) for key, value in data.items()]
    if isinstance(data, list):
        return [_types(item) for item in data]
    return type(data)


def front_matter_block(text: str) -> str | None:
    lines = text.replace("\r\n", "\n").removeprefix("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    end = front_matter._closing_line(lines)
    return None if end is None else "\n".join(lines[1:end])


def test_fast_front_matter_reads_every_real_post_as_yaml_does() -> None:
    fast_read = 0
    for name, text in real_texts():
        block = front_matter_block(text)
        if block is None:
            continue
        fast = front_matter._fast_yaml(block)
        if fast is not None:
            fast_read += 1
            with pytest.MonkeyPatch.context() as monkeypatch:
                assert yaml_load(block) == yaml_load(block, monkeypatch), name
    assert fast_read >= 10  # the fixtures in the generator's shape, and the corpus


QUOTED_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list(" !#$%&'()*+,-./:;<=>?@[]^_`{|}~azAZ09\"\\\t")),
        st.sampled_from(["\\n", "\\x41", "\\u00e9", "\\\\", "\\\"", "\x7f", "\x85", "\ufeff"]),
        st.characters(),
    ),
    max_size=12,
).map("".join)
PLAIN_VALUES = [
    "Hot Papers 2021-03-26", "Hot Papers 2021-03-26 - 2021-03-28", "Hot Papers 2021-3-26",
    "Hot Papers 2021-03-26 #x", "2021-03-26T11:41:31.Z", "2021-03-26T11:41:31Z",
    "2021-03-26 11:41:31.Z", "2021-03-26", "true", "false", "True", "FALSE", "yes", "no", "on",
    "off", "y", "null", "~", "1", "-1", "0x1F", "0o17", "017", "1:20", "1_000", "1.5", ".inf",
    "[a]", "{a: 1}", "*x", "&x y", "!!str 1", "!!int x", "|", ">", "post", "'post'", '"post" #c',
    '"post" ', '"po"st"', '"post', "",
]
VALUE = st.one_of(
    QUOTED_TEXT.map(lambda text: f'"{text}"'),
    QUOTED_TEXT.map(lambda text: f"'{text}'"),
    QUOTED_TEXT,
    st.sampled_from(PLAIN_VALUES),
)
KEYS = ["title", "date", "template", "draft", "slug", "category", "description", "socialImage"]
OTHER_LINE = st.one_of(
    st.builds(lambda key, value: f"{key}: {value}", st.sampled_from([
        *KEYS, "tags", "social_image", "other", "'title'", '"date"', "Title", " title",
    ]), VALUE),
    st.builds(lambda key, value: f"{key}:{value}", st.sampled_from(KEYS), VALUE),
    st.builds(lambda value: f"- {value}", VALUE),
    st.builds(lambda value: f"    - {value}", VALUE),
    st.sampled_from(["tags:", "", " ", "# comment", "...", "---", "\t", "tags: []", "%YAML 1.1"]),
)


@st.composite
def front_matter_blocks(draw: st.DrawFn) -> str:
    """Each known key once (some left out), in any order, with values of every kind
    (mostly double-quoted text of any characters); tags with items of the same kinds;
    sometimes blank lines and other lines put in."""
    keys = draw(st.lists(st.sampled_from([*KEYS, "tags"]), unique=True, max_size=9))
    lines = []
    for key in keys:
        if key == "tags":
            lines.append("tags:")
            items = draw(st.lists(st.one_of(
                QUOTED_TEXT.map(lambda text: f'"{text}"'), VALUE
            ), max_size=3))
            lines.extend(f"  - {item}" for item in items)
        else:
            lines.append(f"{key}: {draw(VALUE)}")
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.one_of(st.just(""), OTHER_LINE)))
    return "\n".join(lines)


@settings(SETTINGS, max_examples=1500)
@given(block=front_matter_blocks())
def test_fast_front_matter_equals_yaml_or_hands_over(block: str) -> None:
    if front_matter._fast_yaml(block) is None:
        return
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert yaml_load(block) == yaml_load(block, monkeypatch)


GENERATOR_LINES = [
    "title: Hot Papers 2021-03-26", "date: 2021-03-26T11:41:31.Z", 'template: "post"',
    "draft: false", 'slug: "hot-papers-2021-03-26"', 'category: "arXiv"', "tags:",
    '  - "arXiv"', '  - "Machine Learning"', 'description: "Hot papers 2021-03-26"',
    'socialImage: "/media/flying-marine.jpg"', "",
]


def test_fast_front_matter_equals_yaml_for_every_value_of_every_key() -> None:
    values = [*PLAIN_VALUES, *(f'"{c}"' for c in ["", " ", "a\\b", 'a"', "\t", "é", "#", ": "])]
    for number, line in enumerate(GENERATOR_LINES):
        key = line.split(":")[0].strip()
        for value in values:
            changed = list(GENERATOR_LINES)
            changed[number] = f"  - {value}" if line.startswith("  - ") else f"{key}: {value}"
            block = "\n".join(changed)
            fast = front_matter._fast_yaml(block)
            if fast is not None:
                with pytest.MonkeyPatch.context() as monkeypatch:
                    assert (fast, [], _types(fast)) == yaml_load(block, monkeypatch), block


def test_fast_front_matter_cases() -> None:
    base = "\n".join(GENERATOR_LINES)
    assert front_matter._fast_yaml(base) == {
        "title": "Hot Papers 2021-03-26",
        "date": "2021-03-26T11:41:31.Z",
        "template": "post",
        "draft": False,
        "slug": "hot-papers-2021-03-26",
        "category": "arXiv",
        "tags": ["arXiv", "Machine Learning"],
        "description": "Hot papers 2021-03-26",
        "socialImage": "/media/flying-marine.jpg",
    }
    for near_miss in [
        base + "\ntitle: Hot Papers 2021-03-27",  # a repeated key
        base + "\nauthor: someone",  # a key hotparse does not know
        base.replace('"post"', '"po\\"st"'),  # an escape
        base.replace('"post"', '"pöst"'),  # not ASCII
        base.replace('"post"', '"post" '),  # trailing space
        base.replace('"post"', "'post'"),  # other quotes
        base.replace("draft: false", "draft: no"),  # a YAML 1.1 boolean spelled otherwise
        base.replace('  - "arXiv"\n', ""),  # fewer items: still fine
        base.replace('  - "arXiv"\n  - "Machine Learning"', ""),  # tags: with no item (null)
        base.replace('  - "arXiv"', '\n  - "arXiv"'),  # a blank line inside the list
        base + "\n# a comment",
        "",
    ]:
        fast = front_matter._fast_yaml(near_miss)
        with pytest.MonkeyPatch.context() as monkeypatch:
            slow = yaml_load(near_miss, monkeypatch)
        assert fast is None or (fast, [], _types(fast)) == slow, near_miss
    assert front_matter._fast_yaml(base.replace('  - "arXiv"\n', "")) is not None
    assert front_matter._fast_yaml(base + "\ntitle: Hot Papers 2021-03-27") is None
    assert front_matter._fast_yaml(base.replace('"post"', '"po\\"st"')) is None


# ------------------------------------------------------------------ tweet entities


def entities_reference(text: str, links: list[tuple[str | None, int, int]]) -> Entities:
    """``tweets._entities`` as written before its fast paths (every link lower-cased and
    matched against the Twitter pattern)."""
    hashtags: list[Entity] = []
    mentions: list[Entity] = []
    urls: list[Entity] = []
    media: list[Entity] = []
    for href, start, end in links:
        if href is None or start == end:
            continue
        href = href.strip()
        lowered = href.lower()
        if not lowered.startswith(("http://", "https://")):
            continue
        label = text[start:end]
        twitter = _TWITTER_LINK.match(href) is not None
        url = href
        if twitter and "?" in href:
            base, _, query = href.partition("?")
            kept = [p for p in query.split("&") if p and not p.startswith(("ref_src=", "src="))]
            url = base + ("?" + "&".join(kept) if kept else "")
        entity = Entity(text=label, start=start, end=end, url=url)
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


HREF = st.one_of(
    st.none(),
    st.builds(
        lambda lead, host, path, trail: lead + host + path + trail,
        st.sampled_from(["", " ", "\t", "\u3000", "\n"]),
        st.sampled_from([
            "https://t.co/", "https://twitter.com/", "HTTPS://TWITTER.COM/", "http://twitter.com/",
            "https://x.com/", "https://www.twitter.com/", "https://mobile.x.com/",
            "https://t.co", "https://t.com/", "https://twitter.co/", "https://twitter.com",
            "http://", "https://", "javascript:", "mailto:", "/", "",
        ]),
        st.sampled_from([
            "", "abc", "hashtag/x?src=hash&ref_src=twsrc%5Etfw", "HashTag/X", "search?q=%24TSLA&src=ctag",
            "ann?ref_src=twsrc%5Etfw", "ann?ref_src=twsrc%5Etfw&lang=en", "a?b?ref_src=twsrc%5Etfw",
            "hashtag/x?src=hash&ref_src=twsrc%5Etfw&s=1", "x?src=a&&b=1", "pic.twitter.com/x", "?",
            "\u0130",
        ]),
        st.sampled_from(["", " ", "\u00a0"]),
    ),
)
LABEL_TEXT = st.text(
    st.one_of(st.sampled_from(list("#\uff03$@\uff20pPiIcC./xX\u0130 ")), st.characters()),
    max_size=20,
).map(lambda text: text + "pic.twitter.com/ab pic.x.com/")


@SETTINGS
@given(
    text=LABEL_TEXT,
    links=st.lists(st.tuples(HREF, st.integers(0, 40), st.integers(0, 40)), max_size=6),
)
def test_entities_equal_the_reference(
    text: str, links: list[tuple[str | None, int, int]]
) -> None:
    assert _entities(text, links) == entities_reference(text, links)


def test_entities_of_every_real_tweet_equal_the_reference() -> None:
    from hotparse import tweets

    checked = 0
    for _name, text in real_texts():
        try:
            post = hotparse.parse(text, repair=False)
        except ParseError:
            continue
        for paper in post.papers:
            for tweet in paper.tweets:
                read = tweets._fast_body(tweet.html)
                if read is not None:
                    assert _entities(*read) == entities_reference(*read) == tweet.entities
                    checked += 1
    assert checked > 10


def fast_text_reference(text: str) -> str | None:
    """``tweets._fast_text`` as written before (split on ``&``, each reference looked up)."""
    if ">" in text or "<" in text:
        return None
    first, *rest = text.split("&")
    parts = [first]
    for part in rest:
        semicolon = part.find(";") + 1
        names = {"amp;": "&", "lt;": "<", "gt;": ">", "quot;": '"', "#39;": "'"}
        decoded = names.get(part[:semicolon]) if semicolon else None
        if decoded is None:
            return None
        parts.append(decoded)
        parts.append(part[semicolon:])
    return "".join(parts)


REFERENCE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&", ";", "amp;", "lt;",
                         "&amp", "&#39", "&#x27;", "&eacute;", "<", ">", "#", "a", " "]),
        st.characters(),
    ),
    max_size=12,
).map("".join)


@settings(SETTINGS, max_examples=2000)
@given(text=REFERENCE_TEXT)
def test_fast_text_equals_the_reference(text: str) -> None:
    from hotparse.tweets import _fast_text

    assert _fast_text(text) == fast_text_reference(text)


def test_fast_text_cases() -> None:
    from hotparse.tweets import _fast_text

    for text, decoded in [
        ("a &amp;lt; b", "a &lt; b"),
        ("&amp;amp;", "&amp;"),
        ("&quot;it&#39;s&quot; &gt; &lt;", "\"it's\" > <"),
        ("plain", "plain"),
        ("&amp", None),
        ("a & b", None),
        ("&eacute;", None),
        ("&amp;x&", None),
        ("x > y", None),
    ]:
        assert _fast_text(text) == decoded == fast_text_reference(text), text


# ------------------------------------------------------------------ rendering


@SETTINGS
@given(
    value=st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
)
def test_counted_at_is_strftimes(value: dt.datetime) -> None:
    assert _counted_at(value) == f"{value:%m/%d/%Y %H:%M:%S}"


def test_counted_at_cases() -> None:
    for value in [
        dt.datetime(2021, 3, 5, 1, 2, 3, tzinfo=dt.timezone.utc),
        dt.datetime(999, 12, 31, 23, 59, 59),  # strftime's own (unpadded on glibc) writing
        dt.datetime(1000, 1, 1),
        dt.datetime(9999, 12, 31, 23, 59, 59, 999999),
    ]:
        assert _counted_at(value) == f"{value:%m/%d/%Y %H:%M:%S}"


@SETTINGS
@given(text=st.one_of(st.text(), st.text(st.characters(max_codepoint=0x7F))))
def test_quote_is_json_dumps(text: str) -> None:
    assert _quote(text) == json.dumps(text, ensure_ascii=False)


# ------------------------------------------------------------------ sections


def blocks_reference(lines: Sequence[str], start: int, end: int) -> list[tuple[int, int]]:
    runs = []
    first = None
    for index in range(start, end):
        blank = not lines[index].strip(" \t\n")
        if blank and first is not None:
            runs.append((first, index))
            first = None
        elif not blank and first is None:
            first = index
    if first is not None:
        runs.append((first, end))
    return runs


@SETTINGS
@given(lines=st.lists(st.text(st.sampled_from(list(" \t\n\r\x0b\u3000\u00a0ab")), max_size=4)))
def test_blocks_equal_the_strip_test(lines: list[str]) -> None:
    for start in range(len(lines) + 1):
        assert _blocks(lines, start, len(lines)) == blocks_reference(lines, start, len(lines))


def check_verbatim_decisions(text: str) -> None:
    """What ``sections._freeze`` decides (without rendering tweets) is what rendering
    the paper from its fields decides; each tweet renders back to its own lines."""
    try:
        post = hotparse.parse(text, repair=False)
    except ParseError:
        return
    lines = text.replace("\r\n", "\n").removeprefix("\ufeff").split("\n")
    for paper in post.papers:
        for tweet in paper.tweets:
            first, last = tweet.lines
            source = "".join(line + "\n" for line in lines[first - 1 : last])
            if last == len(lines):  # the file's last line, without a newline
                source = source.removesuffix("\n")
            assert render_tweet(tweet) == source, tweet.lines
        if paper.verbatim is not None:
            assert render_paper(attrs.evolve(paper, verbatim=None)) != paper.verbatim
    assert hotparse.render(post) == text  # so papers without verbatim render back


def test_verbatim_decisions_on_real_posts() -> None:
    for _name, text in real_texts():
        check_verbatim_decisions(text)


@MUTANT_SETTINGS
@given(mutant=mutated())
def test_verbatim_decisions_on_mutated_posts(mutant: Mutant) -> None:
    check_verbatim_decisions(mutant.text)


def repair_reference(
    papers: tuple[Paper, ...], lines: Sequence[str]
) -> tuple[tuple[Paper, ...], list[Problem]]:
    """``_mending.repair_papers`` as written before clean tweets skipped the loop."""
    from hotparse.repairing import (
        _with_kept,
        check_strings,
        post_budget,
        post_context,
        post_encodings,
        repair_tweet_result,
        tweet_problems,
    )

    post = post_budget()
    context = post_context(papers)
    out = []
    problems: list[Problem] = []
    results = []
    every = [
        [(tweet, repair_tweet_result(tweet, post, context)) for tweet in paper.tweets]
        for paper in papers
    ]
    # what the repairs show the decoding kept: the tweets it concerns repaired again
    every = _with_kept(every, context, post)
    for paper, found in zip(papers, every, strict=True):
        results.extend(found)
        tweets = tuple(result.tweet for _, result in found)
        if any(new is not old for new, old in zip(tweets, paper.tweets, strict=True)):
            paper = attrs.evolve(paper, tweets=tweets)
        out.append(paper)
        fields = [("title", paper.title), ("abstract", paper.abstract)]
        fields += [("authors", ", ".join(paper.authors))]
        problems.extend(check_strings(fields, lines, *paper.lines, post))
    encodings = post_encodings([result for _, result in results])
    for old, result in results:
        problems.extend(tweet_problems(old, result, lines, post, encodings))
    problems.sort(key=lambda problem: problem.line)
    return tuple(out), problems


def check_repair(text: str) -> None:
    from hotparse.repairing import repair_papers

    try:
        post = hotparse.parse(text, repair=False)
    except ParseError:
        return
    lines = text.replace("\r\n", "\n").removeprefix("\ufeff").split("\n")
    papers, problems = repair_papers(post.papers, lines)
    expected_papers, expected_problems = repair_reference(post.papers, lines)
    assert papers == expected_papers

    def key(problem: Problem) -> tuple[int, str, str]:
        # the reference's repair-limited message is a placeholder
        message = "" if problem.code == "repair-limited" else problem.message
        return (problem.line, problem.code, message)

    assert [key(p) for p in problems] == [key(p) for p in expected_problems]


def test_repair_skips_only_clean_tweets_on_real_posts() -> None:
    repaired = 0
    for name, text in real_texts():
        if name.startswith("mojibake") or re.search(r"[\u00c0-\u00ff]", text):
            check_repair(text)
            repaired += 1
    assert repaired >= 3


def test_repair_skips_only_clean_tweets_damaged_in_one_field() -> None:
    from hostile import build

    basic = build.basic()
    tail = basic.index("&mdash; ", basic.index("Ever wanted to 3D-print"))
    name_end = basic.index(" (@", tail)
    for damaged in [
        basic[:name_end] + " JosÃ© PÃ©rez" + basic[name_end:],  # the author name only
        basic.replace("Ever wanted to 3D-print", "CafÃ© wanted to 3D-print", 1),  # the html
        basic.replace("Ever wanted to 3D-print", "Caf&#195;&#169; wanted to 3D-print", 1),  # text
        basic.replace(  # the html only: an address, not text
            "Ever wanted to 3D-print", '<a href="https://example.org/CafÃ©">Ever</a> wanted to', 1
        ),
        basic,
    ]:
        check_repair(damaged)


@MUTANT_SETTINGS
@given(mutant=mutated())
def test_repair_skips_only_clean_tweets_on_mutated_posts(mutant: Mutant) -> None:
    check_repair(mutant.text)
