"""The bad-input catalogue: every kind of hostile input, built from fixtures, with its outcome.

Each case turns ``fixtures/basic.md`` (or nothing) into the bytes of a bad
file and names what must happen, through the API (``hotparse.load``) and the
CLI (``hotparse.cli.main(["dump", PATH])``):

``Fatal``
    One clear error: :class:`hotparse.ParseError` and nothing else, with a
    one-line message (and the line, when the case names one); the CLI exits 1
    with exactly one ``PATH:…`` line on stderr and no traceback.
``Clean``
    Parsed exactly like the clean file: no problems, the same papers, and
    ``render`` gives the decoded text back.
``DecodedOrFatal``
    Either decoded correctly (same papers as the clean text) or one clear
    error; never garbage records.
``RefusedOrData``
    YAML that asks to construct Python objects: refused with one clear error,
    or read as plain data, and never run (a canary file must not appear).
``Partial``
    The rest parsed: the named papers are intact, and each problem is
    reported on its line (``PATH:LINE: warning: … [code]`` from the CLI).
``TweetSafe``
    ``<script>`` and friends never reach ``Tweet.text``; no ``javascript:``
    (or any non-http) address becomes an entity.

The rules for all cases (one error type, one line per failure, no traceback,
one bad file does not stop the others, no BrokenPipeError noise) are tested
at the end.  Time-limited cases (huge, deep, long runs) are in
``test_pathological.py``.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hostile import build
from hostile.compare import all_entities, content, tweets

import hotparse
from hotparse.cli import main
from tests.conftest import FIXTURES, read_exact

Maker = Callable[[Path], bytes]
"""Builds the bad file's bytes; gets a scratch folder (for canary paths)."""


# --------------------------------------------------------------------------- expectations


@attrs.frozen
class Fatal:
    """One clear error; ``line`` is an int, a needle naming the line, or None for any.

    ``some_line``: the error must name a line, whichever.
    """

    line: int | str | None = None
    some_line: bool = False


@attrs.frozen
class Clean:
    """Parsed exactly like ``clean`` (a fixture name)."""

    clean: str = "basic.md"


@attrs.frozen
class DecodedOrFatal:
    """Decoded to the same papers as ``clean()`` or one clear error."""

    clean: Callable[[], str] = build.basic


@attrs.frozen
class RefusedOrData:
    """Refused with one clear error, or read as data; the canary is never created."""


@attrs.frozen
class Partial:
    """The rest parsed.

    ``problems``: (code or None for any code, needle naming the line in the bad
    file).  ``intact``: indexes of basic.md's papers that must come out equal.
    ``papers``: how many papers the post must have.
    """

    problems: tuple[tuple[str | None, str], ...]
    intact: tuple[int, ...]
    papers: int = 3


@attrs.frozen
class TweetSafe:
    """``visible`` is in paper 2's first tweet text, ``hidden`` in no tweet text.

    ``or_problem``: when the visible text is lost, a problem on the tweet's line
    is enough (nothing dropped silently).
    """

    hidden: tuple[str, ...] = ()
    visible: str = build.TWEET_TEXT
    or_problem: bool = False


Expect = Fatal | Clean | DecodedOrFatal | RefusedOrData | Partial | TweetSafe


@attrs.frozen
class Case:
    name: str
    make: Maker
    expect: Expect


def text_case(name: str, make: Callable[[], str], expect: Expect) -> Case:
    return Case(name, lambda _tmp: make().encode("utf-8"), expect)


B = build
CANARY = "canary-created-by-yaml"


def canary_yaml(tag: str) -> Maker:
    """Front matter whose ``tag`` would create the canary folder if it were ever run."""

    def make(tmp: Path) -> bytes:
        target = json.dumps(str(tmp / CANARY))
        return B.with_front_matter_lines(f"evil: {tag} [{target}]\n").encode()

    return make


def canary_title(tmp: Path) -> bytes:
    target = json.dumps(str(tmp / CANARY))
    text = B.replace_once(
        B.basic(), "title: Hot Papers 2021-04-14",
        f"title: !!python/object/apply:os.mkdir [{target}]",
    )
    return text.encode()


def billion_laughs() -> str:
    rows = ['lol0: &lol0 "lol"']
    rows += [f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 9)}]" for n in range(1, 10)]
    return B.with_front_matter_lines("".join(row + "\n" for row in rows))


def quadratic_aliases() -> str:
    return B.with_front_matter_lines(
        f"big: &big \"{'x' * 4000}\"\nmany: [{', '.join(['*big'] * 4000)}]\n"
    )


def swap_papers_2_and_3() -> str:
    front, one, two, three = B.sections(B.basic())
    return front + one + three.rstrip("\n") + "\n\n\n\n" + two.rstrip("\n") + "\n\n\n\n"


def cut_in_tweet(newline: bool) -> Callable[[], str]:
    def make() -> str:
        text = B.basic()
        start = text.index("Notre article")
        return text[: start + 80] + ("\n" if newline else "")

    return make


def cut_before(needle: str, keep: int) -> Callable[[], str]:
    def make() -> str:
        text = B.basic()
        return text[: text.index(needle) + keep]

    return make


HEADING_2 = "# 2. Sketch2Mesh"
HEADING_3 = "# 3. Do Multilingual"
COUNTS_2 = "- retweets: 201, favorites: 745"
STATUS_2 = (
    '<a href="https://twitter.com/priya_venk_/status/1382401975962997625?ref_src=twsrc%5Etfw">'
)
SCRIPT = "platform.twitter.com/widgets.js"

CASES: list[Case] = [
    # ---- not a post at all: one clear error
    Case("empty-file", lambda _: b"", Fatal(line=1)),
    Case("blank-lines-only", lambda _: b"\n\n   \n\t\n", Fatal()),
    Case("random-binary", lambda _: B.random_bytes(4096), Fatal()),
    Case("random-binary-ascii-nul", lambda _: bytes(b % 128 for b in B.random_bytes(4096)),
         Fatal()),
    Case("png-image", lambda _: b"\x89PNG\r\n\x1a\n" + B.random_bytes(2048, seed=7), Fatal()),
    Case("gzipped-post", lambda _: gzip.compress(B.fixture_bytes("basic.md"), mtime=0), Fatal()),
    text_case("nul-byte-in-abstract",
              lambda: B.replace_once(B.basic(), B.ABSTRACT_START, "\x00" + B.ABSTRACT_START),
              Fatal(line=B.ABSTRACT_START)),
    text_case("markdown-not-a-post", lambda: B.body(B.basic()), Fatal(line=1)),
    text_case("readme-markdown", lambda: "# hotparse\n\nRead posts.\n\n- one\n- two\n",
              Fatal(line=1)),
    text_case("html-page", lambda: "<!doctype html>\n<html><body><p>hi</p></body></html>\n",
              Fatal(line=1)),
    text_case("json-document", lambda: json.dumps({"title": "Hot Papers 2021-04-14"}),
              Fatal(line=1)),
    text_case("front-matter-never-closed",
              lambda: B.replace_once(B.basic(), "\n---\n\n# 1.", "\n\n# 1."), Fatal(line=1)),
    text_case("front-matter-cut-off", lambda: B.basic()[:150], Fatal(line=1)),
    text_case("front-matter-opening-only", lambda: "---\n", Fatal(line=1)),
    text_case("front-matter-no-title", lambda: B.drop_line(B.basic(), "title: "), Fatal()),
    text_case("front-matter-empty-title",
              lambda: B.replace_once(B.basic(), "title: Hot Papers 2021-04-14", 'title: ""'),
              Fatal(line="title:")),
    text_case("front-matter-not-a-mapping",
              lambda: "---\n- Hot Papers 2021-04-14\n---\n" + B.body(B.basic()), Fatal(line=2)),
    text_case("front-matter-invalid-yaml",
              lambda: B.with_front_matter_lines("tags: [unclosed\n"), Fatal(some_line=True)),
    text_case("yaml-control-character",
              lambda: B.replace_once(B.basic(), 'category: "arXiv"', 'category: "arX\x03iv"'),
              Fatal(line="category:")),
    text_case("yaml-billion-laughs", billion_laughs, Fatal(line="lol1:")),
    text_case("yaml-quadratic-aliases", quadratic_aliases, Fatal(line="many:")),
    text_case("huge-front-matter-value",
              lambda: B.with_front_matter_lines(f"note: {'x' * 1_000_000}\n"), Fatal(line=2)),
    text_case("huge-front-matter-many-keys",
              lambda: B.with_front_matter_lines("".join(f"k{n}: v\n" for n in range(100_000))),
              Fatal(line=2)),
    # ---- front matter shapes: repeated keys (every value kept), huge integers, bad tags,
    # YAML line breaks that are not LF (lines are still counted in LF lines)
    text_case("front-matter-duplicate-title",
              lambda: B.with_front_matter_lines("title: Hot Papers 2021-04-15\n"),
              Partial((("duplicate-key", "title: Hot Papers 2021-04-15"),), intact=(0, 1, 2))),
    text_case("front-matter-duplicate-key",
              lambda: B.with_front_matter_lines("note: first\nnote: second\n"),
              Partial((("duplicate-key", "note: second"),), intact=(0, 1, 2))),
    text_case("front-matter-key-three-times",
              lambda: B.with_front_matter_lines("n: a\nn: b\nn: c\n"),
              Partial((("duplicate-key", "n: b"), ("duplicate-key", "n: c")), intact=(0, 1, 2))),
    text_case("front-matter-int-and-string-key",
              lambda: B.with_front_matter_lines('1: one\n"1": uno\n'),
              Partial((("duplicate-key", '"1": uno'),), intact=(0, 1, 2))),
    text_case("front-matter-duplicate-known-key",
              lambda: B.with_front_matter_lines("tags: [a]\ntags: [b]\n"),
              Partial((("duplicate-key", "tags: [b]"),), intact=(0, 1, 2))),
    text_case("front-matter-duplicate-nested-key",
              lambda: B.with_front_matter_lines("meta: {a: 1, a: 2}\n"),
              Partial((("duplicate-key", "meta:"),), intact=(0, 1, 2))),
    text_case("yaml-huge-hex-int", lambda: B.with_front_matter_lines(f"big: 0x{'f' * 5000}\n"),
              Partial((("front-matter-value", "big:"),), intact=(0, 1, 2))),
    text_case("yaml-huge-octal-int", lambda: B.with_front_matter_lines(f"big: 0{'7' * 6000}\n"),  # YAML 1.1 octal
              Partial((("front-matter-value", "big:"),), intact=(0, 1, 2))),
    text_case("yaml-huge-binary-int",
              lambda: B.with_front_matter_lines(f"big: -0b{'1' * 15000}\n"),
              Partial((("front-matter-value", "big:"),), intact=(0, 1, 2))),
    text_case("yaml-huge-base60-int",
              lambda: B.with_front_matter_lines(f"big: 1{':59' * 3000}\n"),
              Partial((("front-matter-value", "big:"),), intact=(0, 1, 2))),
    text_case("yaml-huge-decimal-int", lambda: B.with_front_matter_lines(f"big: {'9' * 5000}\n"),
              Partial((("front-matter-value", "big:"),), intact=(0, 1, 2))),
    text_case("yaml-huge-int-in-list",
              lambda: B.with_front_matter_lines(f"big: [1, 0x{'a' * 4000}]\n"),
              Partial((("front-matter-value", "big:"),), intact=(0, 1, 2))),
    text_case("yaml-huge-int-title",
              lambda: B.replace_once(B.basic(), "title: Hot Papers 2021-04-14",
                                     f"title: 0x{'f' * 5000}"),
              Fatal(line="title:")),
    text_case("yaml-bad-int-tag", lambda: B.with_front_matter_lines("ok: 1\nfoo: !!int x\n"),
              Fatal(line="foo: !!int")),
    text_case("yaml-bad-bool-tag", lambda: B.with_front_matter_lines("foo: !!bool maybe\n"),
              Fatal(line="foo: !!bool")),
    text_case("yaml-bad-float-tag", lambda: B.with_front_matter_lines("a: [1, !!float y]\n"),
              Fatal(line="a: [1")),
    *[
        text_case(f"yaml-line-break-{name}-before-error",
                  lambda brk=brk: B.with_front_matter_lines(f'note: "a{brk}b"\nfoo: !!int x\n'),
                  Fatal(line=4))  # lines are counted in LF lines (not by str.splitlines)
        for name, brk in [("u2028", "\u2028"), ("u2029", "\u2029"), ("nel", "\x85"),
                          ("lone-cr", "\r")]
    ],
    # ---- YAML that would construct Python objects: refused or data, never run
    Case("yaml-python-object-apply-title", canary_title, RefusedOrData()),
    Case("yaml-python-object-apply", canary_yaml("!!python/object/apply:os.mkdir"),
         RefusedOrData()),
    Case("yaml-python-object-new", canary_yaml("!!python/object/new:os.mkdir"), RefusedOrData()),
    Case("yaml-python-name",
         lambda _: B.with_front_matter_lines("evil: !!python/name:os.system ''\n").encode(),
         RefusedOrData()),
    Case("yaml-python-module",
         lambda _: B.with_front_matter_lines("evil: !!python/module:os ''\n").encode(),
         RefusedOrData()),
    Case("yaml-local-tag",
         lambda _: B.with_front_matter_lines("evil: !shell 'rm -rf /'\n").encode(),
         RefusedOrData()),
    Case("yaml-binary-and-set",
         lambda _: B.with_front_matter_lines("blob: !!binary aGVsbG8=\nset: !!set {a, b}\n")
         .encode(), RefusedOrData()),
    # ---- deep YAML: no RecursionError, a clear error or a value turned to text
    text_case("yaml-deeply-nested-lists",
              lambda: B.with_front_matter_lines(f"deep: {'[' * 5000}{']' * 5000}\n"),
              DecodedOrFatal()),
    text_case("yaml-deeply-nested-maps",
              lambda: B.with_front_matter_lines(f"deep: {'{a: ' * 3000}1{'}' * 3000}\n"),
              DecodedOrFatal()),
    # ---- line endings and byte order marks: exactly like the clean file
    Case("crlf", lambda _: B.fixture_bytes("basic.md").replace(b"\n", b"\r\n"), Clean()),
    Case("utf8-bom", lambda _: b"\xef\xbb\xbf" + B.fixture_bytes("basic.md"), Clean()),
    Case("utf8-bom-crlf",
         lambda _: b"\xef\xbb\xbf" + B.fixture_bytes("basic.md").replace(b"\n", b"\r\n"),
         Clean()),
    Case("utf16-le-bom", lambda _: B.basic().encode("utf-16"), Clean()),
    Case("utf16-be-bom", lambda _: b"\xfe\xff" + B.basic().encode("utf-16-be"), Clean()),
    Case("utf16-le-bom-crlf", lambda _: B.basic().replace("\n", "\r\n").encode("utf-16"),
         Clean()),
    Case("utf32-bom", lambda _: B.basic().encode("utf-32"), Clean()),
    text_case("mixed-line-endings",
              lambda: "".join(line.replace("\n", "\r\n") if number % 2 else line
                              for number, line in enumerate(B.lines(B.basic()))),
              Clean()),
    text_case("no-final-newline", lambda: B.basic().rstrip("\n"), Clean()),
    text_case("clean-fixture-crlf-copy", lambda: B.fixture("crlf.md"), Clean()),
    # ---- other encodings: decoded correctly or one clear error
    Case("utf16-le-no-bom", lambda _: B.basic().encode("utf-16-le"), DecodedOrFatal()),
    Case("utf16-be-no-bom", lambda _: B.basic().encode("utf-16-be"), DecodedOrFatal()),
    Case("windows-1252", lambda _: B.cp1252_clean().encode("cp1252"),
         DecodedOrFatal(clean=B.cp1252_clean)),
    Case("one-latin1-byte-in-abstract",
         lambda _: B.fixture_bytes("basic.md").replace(b"We present", b"We pr\xe9sent", 1),
         DecodedOrFatal(clean=lambda: B.basic().replace("We present", "We présent", 1))),
    Case("utf8-surrogate-bytes",
         lambda _: B.fixture_bytes("basic.md").replace(b"We present", b"We \xed\xa0\x80", 1),
         DecodedOrFatal()),
    # ---- damaged sections: the rest parsed, each problem on its line
    text_case("missing-authors-line", lambda: B.drop_line(B.basic(), "Priya Venkataraman,"),
              Partial((("missing-authors", HEADING_2),), intact=(0, 2))),
    text_case("missing-counts-line", lambda: B.drop_line(B.basic(), COUNTS_2),
              Partial((("missing-counts", HEADING_2),), intact=(0, 2))),
    text_case("missing-links-line", lambda: B.drop_line(B.basic(), "arxiv.org/abs/2104.05862"),
              Partial((("missing-links", HEADING_2),), intact=(0, 2))),
    text_case("missing-categories-line", lambda: B.drop_line(B.basic(), "[cs.CV]"),
              Partial((("missing-categories", HEADING_2),), intact=(0, 2))),
    text_case("missing-abstract-line", lambda: B.drop_line(B.basic(), B.ABSTRACT_START),
              Partial(((None, HEADING_2),), intact=(0, 2))),
    text_case("missing-tweet-blockquote-line",
              lambda: B.drop_line(B.basic(), "Ever wanted to 3D-print"),
              Partial(((None, SCRIPT),), intact=(0, 2))),
    text_case("missing-script-line", lambda: B.drop_line(B.basic(), SCRIPT),
              Partial((), intact=(0, 1, 2))),
    text_case("missing-heading-line", lambda: B.drop_line(B.basic(), HEADING_3),
              Partial(((None, "Camille Arnaud-Roux, Daisuke"),), intact=(0,), papers=2)),
    text_case("cut-off-in-tweet", cut_in_tweet(newline=False),
              Partial((("tweet-cut-off", "Notre article"),), intact=(0, 1))),
    text_case("cut-off-in-tweet-with-newline", cut_in_tweet(newline=True),
              Partial((("tweet-cut-off", "Notre article"),), intact=(0, 1))),
    text_case("cut-off-in-counts-line", cut_before("- retweets: 97", 15),
              Partial(((None, "- retweets: 97"),), intact=(0, 1))),
    text_case("cut-off-in-heading", cut_before(HEADING_3, 12),
              Partial(((None, "# 3. Do Mu"),), intact=(0, 1))),
    text_case("cut-off-in-authors", cut_before("Camille Arnaud-Roux, Daisuke", 20),
              Partial(((None, HEADING_3),), intact=(0, 1))),
    text_case("duplicate-rank", lambda: B.replace_once(B.basic(), "# 3. Do", "# 2. Do"),
              Partial((("rank-duplicate", "# 2. Do"),), intact=(0, 1))),
    text_case("all-ranks-one",
              lambda: B.basic().replace("# 2. Sketch", "# 1. Sketch").replace("# 3. Do", "# 1. Do"),
              Partial((("rank-duplicate", "# 1. Sketch"), ("rank-duplicate", "# 1. Do")),
                      intact=(0,))),
    text_case("out-of-order-ranks", swap_papers_2_and_3,
              Partial((("rank-order", HEADING_2),), intact=(0, 1, 2))),
    text_case("absurd-rank", lambda: B.replace_once(B.basic(), "# 3. Do", f"# {'9' * 23}. Do"),
              Partial(((None, "# 999"),), intact=(0,), papers=2)),
    text_case("absurd-retweets",
              lambda: B.replace_once(B.basic(), "retweets: 201", f"retweets: {'9' * 40}"),
              Partial(((None, "retweets: 999"),), intact=(0, 2))),
    text_case("absurd-favorites-2-64",
              lambda: B.replace_once(B.basic(), "favorites: 745", f"favorites: {2**64}"),
              Partial((("count-too-large", "favorites: 1844"),), intact=(0, 2))),
    text_case("negative-retweets",
              lambda: B.replace_once(B.basic(), "retweets: 201", "retweets: -201"),
              Partial((("counts-unreadable", "retweets: -201"),), intact=(0, 2))),
    text_case("counts-in-words",
              lambda: B.replace_once(B.basic(), COUNTS_2, "- retweets: many, favorites: lots"),
              Partial(((None, "retweets: many"),), intact=(0, 2))),
    text_case("impossible-counts-date",
              lambda: B.replace_once(B.basic(), "(04/15/2021 09:42:24)", "(02/30/2021 09:42:24)"),
              Partial((("counts-unreadable", "(02/30/2021"),), intact=(0, 2))),
    text_case("tweet-without-p",
              lambda: B.replace_once(B.basic(), '<p lang="en" dir="ltr">Ever', "Ever"),
              Partial((("tweet-unreadable", "Ever wanted"),), intact=(0, 2))),
    text_case("tweet-without-status-link",
              lambda: B.replace_once(B.basic(), STATUS_2, '<a href="https://example.org/">'),
              Partial((("tweet-unreadable", "Ever wanted"),), intact=(0, 2))),
    text_case("text-before-first-section",
              lambda: B.replace_once(B.basic(), "\n# 1. Quiet", "\nStray note.\n\n# 1. Quiet"),
              Partial((("preamble", "Stray note."),), intact=(0, 1, 2))),
    text_case("unknown-block-after-tweets",
              lambda: B.replace_once(B.basic(), "\n\n\n\n# 3. Do",
                                     "\n\nA stray paragraph.\n\n\n\n# 3. Do"),
              Partial(((None, "A stray paragraph."),), intact=(0, 2))),
    # ---- scripts and javascript: links inside a tweet
    text_case("script-in-tweet", lambda: B.tweet_in_paper2('<script>alert("pwned")</script>'),
              TweetSafe(hidden=("alert", "pwned"))),
    text_case("script-writing-a-link", lambda: B.tweet_in_paper2(
        "<script>document.write(\"<a href='javascript:alert(1)'>x</a>\")</script>"),
              TweetSafe(hidden=("document.write", "alert"))),
    text_case("style-in-tweet", lambda: B.tweet_in_paper2("<style>p { color: red }</style>"),
              TweetSafe(hidden=("color",))),
    text_case("svg-script-in-tweet",
              lambda: B.tweet_in_paper2("<svg><script>alert(1)</script></svg>"),
              TweetSafe(hidden=("alert",))),
    text_case("iframe-javascript",
              lambda: B.tweet_in_paper2('<iframe src="javascript:alert(1)">frame</iframe>'),
              TweetSafe(hidden=("frame", "alert"))),
    text_case("comment-in-tweet", lambda: B.tweet_in_paper2("<!-- secret <b>x</b> -->"),
              TweetSafe(hidden=("secret",))),
    text_case("img-onerror", lambda: B.tweet_in_paper2('<img src=x onerror="alert(1)">'),
              TweetSafe(hidden=("alert",))),
    text_case("unclosed-script", lambda: B.tweet_in_paper2("<script>alert(1)"),
              TweetSafe(hidden=("alert",), or_problem=True)),
    text_case("javascript-link",
              lambda: B.tweet_in_paper2('<a href="javascript:alert(1)">click me</a> '),
              TweetSafe(visible="click me " + B.TWEET_TEXT)),
    text_case("javascript-link-shouting",
              lambda: B.tweet_in_paper2('<a href="  JaVaScRiPt:alert(1)">https://t.co/x</a> '),
              TweetSafe(visible="https://t.co/x " + B.TWEET_TEXT)),
    text_case("javascript-link-char-refs",
              lambda: B.tweet_in_paper2('<a href="&#106;avascript&#58;alert(1)">j</a> '),
              TweetSafe(visible="j " + B.TWEET_TEXT)),
    text_case("javascript-link-tab-inside",
              lambda: B.tweet_in_paper2('<a href="java&#x09;script:alert(1)">t</a> '),
              TweetSafe(visible="t " + B.TWEET_TEXT)),
    text_case("javascript-link-as-hashtag", lambda: B.tweet_in_paper2(
        '<a href="javascript://twitter.com/hashtag/x?src=hash">#x</a> '),
              TweetSafe(visible="#x " + B.TWEET_TEXT)),
    text_case("javascript-link-as-mention", lambda: B.tweet_in_paper2(
        '<a href="javascript:alert(1)//https://twitter.com/x">@x</a> '),
              TweetSafe(visible="@x " + B.TWEET_TEXT)),
    text_case("vbscript-and-data-links", lambda: B.tweet_in_paper2(
        '<a href="vbscript:msgbox(1)">v</a> <a href="data:text/html,hi">d</a> '),
              TweetSafe(visible="v d " + B.TWEET_TEXT)),
    text_case("javascript-status-link", lambda: B.replace_once(
        B.basic(), STATUS_2, '<a href="javascript:alert(1)//twitter.com/a/status/1">'),
              TweetSafe()),
    text_case("javascript-link-wrapping-a-link", lambda: B.tweet_in_paper2(
        '<a href="javascript:alert(1)"><a href="https://t.co/in">inner</a></a> '),
              TweetSafe(visible="inner " + B.TWEET_TEXT)),
]

IDS = [case.name for case in CASES]
assert len(set(IDS)) == len(IDS), "case names must be unique"


# --------------------------------------------------------------------------- helpers


def write_case(case: Case, tmp_path: Path) -> Path:
    path = tmp_path / f"{case.name}.md"
    path.write_bytes(case.make(tmp_path))
    return path


def load_outcome(path: Path) -> hotparse.Post | hotparse.ParseError:
    """``hotparse.load(path)``; any exception but ParseError fails the test."""
    try:
        return hotparse.load(path)
    except hotparse.ParseError as error:
        return error
    except BaseException as error:  # the one-error-type rule
        pytest.fail(f"hotparse.load raised {type(error).__name__}, not ParseError: {error!r}")


def assert_clear_error(error: hotparse.ParseError, path: Path, text: str | None) -> None:
    cause = error.__cause__
    assert cause is None or isinstance(cause, hotparse.ParseError), (
        f"ParseError hides an internal {type(cause).__name__}: {error}"
    )
    assert error.message.strip(), "empty error message"
    assert "\n" not in str(error), f"error message spans lines: {str(error)!r}"
    assert len(str(error)) <= 400, "error message is not short"
    assert error.source == str(path)
    assert str(error).startswith(f"{path}:")
    if error.line is not None:
        assert error.line >= 1
        if text is not None:
            assert error.line <= text.count("\n") + 1


def expected_line(text: str, where: int | str) -> int:
    return where if isinstance(where, int) else build.line_number(text, where)


def decoded(path: Path) -> str | None:
    try:
        return hotparse.reader.decode(path.read_bytes())
    except hotparse.ParseError:
        return None


CLEAN_CONTENT: dict[str, Any] = {}


def clean_papers(name: str = "basic.md") -> list[Any]:
    if name not in CLEAN_CONTENT:
        CLEAN_CONTENT[name] = content(hotparse.load(build.FIXTURES / name))["papers"]
    return CLEAN_CONTENT[name]


def problem_lines(post: hotparse.Post) -> set[tuple[str, int]]:
    return {(problem.code, problem.line) for problem in post.problems}


def assert_safe_entities(post: hotparse.Post) -> None:
    for entity in all_entities(post):
        url = re.sub(r"[\x00-\x20]", "", entity.url).lower()
        assert url.startswith(("http://", "https://")), f"non-http entity {entity}"
        assert "javascript:" not in url
    for tweet in tweets(post):
        assert tweet.url is None or tweet.url.startswith("https://twitter.com/"), tweet.url


# --------------------------------------------------------------------------- the API


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_api(case: Case, tmp_path: Path) -> None:
    path = write_case(case, tmp_path)
    text = decoded(path)
    outcome = load_outcome(path)
    expect = case.expect

    if isinstance(outcome, hotparse.ParseError):
        assert_clear_error(outcome, path, text)
        if isinstance(expect, Fatal):
            if expect.line is not None:
                assert text is not None
                assert outcome.line == expected_line(text, expect.line), str(outcome)
            if expect.some_line:
                assert outcome.line is not None, str(outcome)
            return
        if isinstance(expect, DecodedOrFatal | RefusedOrData):
            assert not (tmp_path / CANARY).exists(), "YAML ran code"
            if isinstance(expect, DecodedOrFatal) and text is not None:
                assert outcome.line is not None, f"error names no line: {outcome}"
            return
        pytest.fail(f"expected {type(expect).__name__}, got ParseError: {outcome}")

    post = outcome
    assert not isinstance(expect, Fatal), f"expected one clear error, got a post: {post.problems}"
    assert text is not None
    assert hotparse.render(post) == text, "render does not give the file back"
    assert not (tmp_path / CANARY).exists(), "YAML ran code"
    assert_safe_entities(post)
    for problem in post.problems:
        assert 1 <= problem.line <= text.count("\n") + 1, problem
        assert problem.message and "\n" not in problem.message, problem
    if isinstance(expect, Clean):
        assert post.problems == ()
        assert content(post)["papers"] == clean_papers(expect.clean)
    elif isinstance(expect, DecodedOrFatal):
        clean = content(hotparse.parse(expect.clean()))["papers"]
        assert content(post)["papers"] == clean, "decoded to different papers"
        lines_after_front = {problem.line for problem in post.problems}
        assert all(line > 1 for line in lines_after_front)
    elif isinstance(expect, RefusedOrData):
        assert isinstance(post.title, str)
        json.dumps(hotparse.to_dict(post))
        assert post.problems, "a tagged value was read without a word"
    elif isinstance(expect, Partial):
        assert len(post.papers) == expect.papers, [paper.title for paper in post.papers]
        got = problem_lines(post)
        for code, needle in expect.problems:
            line = build.line_number(text, needle)
            found = {c for c, at in got if at == line}
            assert found if code is None else code in found, (
                f"no {code or 'problem'} on line {line} ({needle!r}); got {sorted(got)}"
            )
        papers = content(post)["papers"]
        clean = clean_papers()
        for index in expect.intact:
            title = clean[index]["title"]
            same = [paper for paper in papers if paper["title"] == title]
            assert same, f"paper {title!r} lost"
            assert {**same[0], "rank": clean[index]["rank"]} == clean[index], f"{title!r} changed"
    elif isinstance(expect, TweetSafe):
        for tweet in tweets(post):
            for hidden in expect.hidden:
                assert hidden not in tweet.text, f"{hidden!r} in tweet text {tweet.text[:80]!r}"
        first = post.papers[1].tweets[0]
        if expect.visible not in first.text:
            line = first.lines[0]
            assert expect.or_problem and any(p.line == line for p in post.problems), (
                f"visible text lost without a problem: {first.text[:80]!r}"
            )


# --------------------------------------------------------------------------- the CLI


WARNING = re.compile(r"^(?P<path>.+):(?P<line>\d+): warning: (?P<msg>.+) \[(?P<code>[a-z0-9-]+)\]$")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cli(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_case(case, tmp_path)
    status = main(["dump", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    assert not (tmp_path / CANARY).exists(), "YAML ran code"
    if status == 1:
        assert isinstance(case.expect, Fatal | DecodedOrFatal | RefusedOrData), err
        assert out == "", "a failed single input printed JSON"
        lines = err.splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}: {err[:500]}"
        assert lines[0].startswith(f"{path}:"), lines[0]
        return
    assert status == 0, f"exit status {status}: {err[:500]}"
    assert not isinstance(case.expect, Fatal), "expected exit 1"
    data = json.loads(out)
    assert data["source"] == str(path)
    text = decoded(path)
    assert text is not None
    for line in err.splitlines():
        match = WARNING.match(line)
        assert match, f"not a 'PATH:LINE: warning: msg [code]' line: {line!r}"
        assert match["path"] == str(path)
    if isinstance(case.expect, Partial):
        warned = {(m["code"], int(m["line"])) for m in map(WARNING.match, err.splitlines()) if m}
        for code, needle in case.expect.problems:
            line = build.line_number(text, needle)
            assert any(at == line and code in (None, c) for c, at in warned), (line, code, err)
    if isinstance(case.expect, Clean):
        assert err == ""
        assert content_of_json(data["papers"]) == clean_papers(case.expect.clean)


def content_of_json(papers: list[Any]) -> list[Any]:
    from hostile.compare import BOOKKEEPING, _strip

    return _strip(papers, BOOKKEEPING)


PARTIAL_CASES = [case for case in CASES if isinstance(case.expect, Partial) and case.expect.problems]


@pytest.mark.parametrize("case", PARTIAL_CASES, ids=[case.name for case in PARTIAL_CASES])
def test_cli_strict_turns_problems_into_errors(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_case(case, tmp_path)
    assert main(["dump", "--strict", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err and all(re.match(rf"^{re.escape(str(path))}:\d+: error: .+ \[[a-z0-9-]+\]$", line)
                       for line in err.splitlines()), err


# --------------------------------------------------------------------------- rules for all


def write_all(tmp_path: Path) -> tuple[list[Path], list[Path]]:
    """Every case as a file in one folder, plus basic.md; (fatal, readable) paths."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    fatal: list[Path] = []
    readable: list[Path] = []
    for case in [*CASES, Case("zz-basic", lambda _: build.fixture_bytes("basic.md"), Clean())]:
        path = folder / f"{case.name}.md"
        path.write_bytes(case.make(tmp_path))
        try:
            hotparse.load(path)
        except hotparse.ParseError:
            fatal.append(path)
        else:
            readable.append(path)
    return sorted(fatal), sorted(readable)


def check_mixed_run(status: int, out: str, err: str, fatal: list[Path], readable: list[Path]) -> None:
    assert status == 1
    assert "Traceback" not in err
    data = json.loads(out)
    assert [item["source"] for item in data] == [str(path) for path in readable]
    failures = [line for line in err.splitlines() if not WARNING.match(line)]
    for path in fatal:
        mine = [line for line in failures if line.startswith(f"{path}:")]
        assert len(mine) == 1, (path, mine)
    assert len(failures) == len(fatal), failures


def test_one_bad_file_does_not_stop_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fatal, readable = write_all(tmp_path)
    assert fatal and readable
    status = main(["dump", str(tmp_path / "mixed")])
    out, err = capsys.readouterr()
    check_mixed_run(status, out, err, fatal, readable)
    # The same inputs named one by one, missing file included.
    missing = tmp_path / "mixed" / "does-not-exist.md"
    status = main(["dump", *map(str, sorted([*fatal, *readable])), str(missing)])
    out, err = capsys.readouterr()
    check_mixed_run(status, out, err, [*fatal, missing], readable)


def test_jobs_keep_output_order_and_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_all(tmp_path)
    folder = str(tmp_path / "mixed")
    outputs = []
    for jobs in ("1", "2"):
        for layout in ([], ["--jsonl"]):
            status = main(["dump", "--jobs", jobs, *layout, folder])
            out, err = capsys.readouterr()
            outputs.append((jobs, layout, status, out, err))
    for layout in ([], ["--jsonl"]):
        one = next(o for o in outputs if o[0] == "1" and o[1] == layout)
        two = next(o for o in outputs if o[0] == "2" and o[1] == layout)
        assert one[2:] == two[2:]


def test_parse_of_non_text_is_one_clear_error() -> None:
    for value in (b"---\ntitle: x\n---\n", None, 42):
        with pytest.raises(hotparse.ParseError) as caught:
            hotparse.parse(value)  # type: ignore[arg-type]
        assert "\n" not in str(caught.value)


def test_iter_posts_raises_only_parse_error(tmp_path: Path) -> None:
    """iter_posts yields the readable posts up to the first bad file, then raises ParseError."""
    fatal, readable = write_all(tmp_path)
    first_bad = min(fatal)
    seen = []
    with pytest.raises(hotparse.ParseError) as caught:
        for post in hotparse.iter_posts(tmp_path / "mixed"):
            seen.append(post.source)
    assert caught.value.source == str(first_bad)
    assert seen == [str(path) for path in readable if path < first_bad]


# --------------------------------------------------------------------------- special files

# Folder entries named *.md that are not regular files.  Each is reported as one
# ``PATH: message`` line and counts as a failure; the other files are printed.


def _socket(path: Path) -> None:
    import socket

    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))


def _link_chain_loop(path: Path) -> None:
    path.symlink_to(path.with_name("other.lnk"))
    path.with_name("other.lnk").symlink_to(path.name)


def _folder_holding_posts(path: Path) -> None:
    path.mkdir()
    (path / "inner.md").write_bytes(build.fixture_bytes("basic.md"))


SPECIAL_ENTRIES: dict[str, Callable[[Path], None]] = {
    "dangling-link": lambda path: path.symlink_to(path.parent / "nowhere.md"),
    "link-loop": lambda path: path.symlink_to(path.name),
    "link-chain-loop": _link_chain_loop,
    "fifo": lambda path: os.mkfifo(path),
    "folder": lambda path: path.mkdir(),
    "folder-holding-posts": _folder_holding_posts,
    "unix-socket": _socket,
    "link-to-device": lambda path: path.symlink_to("/dev/null"),
}


@pytest.mark.parametrize("kind", sorted(SPECIAL_ENTRIES))
def test_special_entry_in_a_folder_is_one_failure(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.md").write_bytes(build.fixture_bytes("basic.md"))
    entry = folder / "b.md"
    if len(str(entry)) > 100 and kind == "unix-socket":
        pytest.skip("socket path too long for AF_UNIX")
    SPECIAL_ENTRIES[kind](entry)
    (folder / "c.md").write_bytes(build.fixture_bytes("basic.md"))
    status = main(["dump", str(folder)])
    out, err = capsys.readouterr()
    assert status == 1
    assert [post["source"] for post in json.loads(out)] == [str(folder / "a.md"), str(folder / "c.md")]
    assert len(err.splitlines()) == 1 and err.startswith(f"{entry}: cannot read file: "), err
    # export: the same message and status (a.md and c.md share a slug: c.md is refused
    # by export alone, with a message of its own)
    assert main(["export", "-o", str(tmp_path / "out.db"), str(folder)]) == status
    out, export_err = capsys.readouterr()
    assert out == ""
    assert [line for line in export_err.splitlines() if "was already given by" not in line] == [
        err.strip()
    ]
    errors: list[hotparse.ParseError] = []
    posts = list(hotparse.iter_posts(folder, on_error=errors.append))
    assert [post.source for post in posts] == [str(folder / "a.md"), str(folder / "c.md")]
    assert [error.source for error in errors] == [str(entry)]
    with pytest.raises(hotparse.ParseError):
        list(hotparse.iter_posts(folder))  # without on_error: raised, not skipped


# Paths given directly that cannot be read or looked up: one ``PATH: message``
# line each, exit 1, the others printed.
SPECIAL_PATHS: dict[str, Callable[[Path], str]] = {
    "missing": lambda tmp: str(tmp / "nope.md"),
    "name-too-long": lambda tmp: str(tmp / ("n" * 300 + ".md")),
    "path-too-long": lambda tmp: "/".join([str(tmp), *["d" * 200] * 30, "x.md"]),
    "under-a-file": lambda tmp: str(FIXTURES / "basic.md" / "x.md"),
    "dangling-link": lambda tmp: (
        (tmp / "dangling.md").symlink_to(tmp / "nowhere"), str(tmp / "dangling.md"))[1],
    "link-loop": lambda tmp: ((tmp / "loop.md").symlink_to("loop.md"), str(tmp / "loop.md"))[1],
    "dev-null": lambda tmp: "/dev/null",
    "nul-in-name": lambda tmp: str(tmp / "a\x00b.md"),
}


@pytest.mark.parametrize("kind", sorted(SPECIAL_PATHS))
def test_special_path_given_is_one_failure(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = SPECIAL_PATHS[kind](tmp_path)
    basic = str(FIXTURES / "basic.md")
    status = main(["dump", path, basic])
    out, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in err
    assert [post["source"] for post in json.loads(out)] == [basic]
    lines = err.splitlines()
    shown = path.replace("\x00", "\\x00")
    assert len(lines) == 1 and lines[0].startswith(f"{shown}:"), err
    # export: the same message and status
    assert main(["export", "-o", str(tmp_path / "out.db"), path, basic]) == status
    assert capsys.readouterr() == ("", err)
    with pytest.raises(hotparse.ParseError) as caught:
        hotparse.load(path)
    assert "\n" not in str(caught.value)


# ``-o`` targets that cannot be written: one ``hotparse: error: cannot write PATH: …``
# line, exit 1, nothing replaced, no temporary file left.
BAD_OUTPUTS: dict[str, Callable[[Path], str]] = {
    "link-loop": lambda tmp: ((tmp / "loop.json").symlink_to("loop.json"), str(tmp / "loop.json"))[1],
    "folder": lambda tmp: ((tmp / "out.json").mkdir(), str(tmp / "out.json"))[1],
    "missing-folder": lambda tmp: str(tmp / "no" / "out.json"),
    "name-too-long": lambda tmp: str(tmp / ("o" * 300 + ".json")),
    "nul-in-name": lambda tmp: str(tmp / "a\x00b.json"),
    "full-device": lambda tmp: "/dev/full",
    "closed-descriptor": lambda tmp: f"/dev/fd/{_closed_descriptor()}",
}


def _closed_descriptor() -> int:
    """A descriptor number that is not open now: high, so that the files the run opens
    (which take the lowest free numbers) do not land on it (a fixed 97 once did)."""
    for number in range(1000, 900, -1):
        try:
            os.fstat(number)
        except OSError:
            return number
    pytest.skip("descriptors 901-1000 are all open")


@pytest.mark.parametrize("kind", sorted(BAD_OUTPUTS))
def test_output_that_cannot_be_written_is_one_error(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = BAD_OUTPUTS[kind](tmp_path)
    if target.startswith("/dev/") and not Path("/dev/fd").exists():
        pytest.skip("no /dev/fd")
    if target == "/dev/full" and not Path(target).exists():
        pytest.skip("no /dev/full")
    before = sorted(path.name for path in tmp_path.iterdir())
    status = main(["dump", "-o", target, str(FIXTURES / "basic.md")])
    out, err = capsys.readouterr()
    assert status == 1 and out == ""
    shown = target.replace("\x00", "\\x00")
    assert err.splitlines() == [err.strip()] and err.startswith(f"hotparse: error: cannot write {shown}: "), err
    assert sorted(path.name for path in tmp_path.iterdir()) == before


# --------------------------------------------------------------------------- real processes


def run_cli(*args: str, stdin: bytes = b"", timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "hotparse.cli", *args],
        input=stdin, capture_output=True, timeout=timeout, check=False,
        env={**os.environ, "PYTHONFAULTHANDLER": ""},
    )


def test_subprocess_mixed_folder_no_traceback(tmp_path: Path) -> None:
    fatal, readable = write_all(tmp_path)
    done = run_cli("dump", str(tmp_path / "mixed"))
    err = done.stderr.decode()
    check_mixed_run(done.returncode, done.stdout.decode(), err, fatal, readable)


@pytest.mark.parametrize(
    "stdin",
    [b"", build.random_bytes(4096), gzip.compress(b"x" * 1000, mtime=0), b"---\ntitle: [\n---\n"],
    ids=["empty", "random-binary", "gzip", "bad-yaml"],
)
def test_subprocess_bad_stdin(stdin: bytes) -> None:
    done = run_cli("dump", "-", stdin=stdin)
    err = done.stderr.decode()
    assert done.returncode == 1
    assert done.stdout == b""
    assert len(err.splitlines()) == 1 and err.startswith("<stdin>"), err
    assert "Traceback" not in err


def copies_folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / f"copies-{count}"
    folder.mkdir()
    for number in range(count):
        (folder / f"post-{number:03}.md").write_bytes(build.fixture_bytes("basic.md"))
    return folder


@pytest.mark.parametrize(
    "options", [[], ["--jsonl"], ["--indent", "2"], ["--jobs", "2"]],
    ids=["array", "jsonl", "indent", "jobs-2"],
)
def test_subprocess_head_closes_pipe_quietly(tmp_path: Path, options: list[str]) -> None:
    """``hotparse dump folder | head -n 1``: no BrokenPipeError noise, no hang."""
    folder = copies_folder(tmp_path, 80)  # about 1 MB of JSON: more than a pipe holds
    process = subprocess.Popen(
        [sys.executable, "-m", "hotparse.cli", "dump", *options, str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # what head does after its line
    try:
        err = process.stderr.read()
        status = process.wait(timeout=60)
    finally:
        process.kill()
    assert first
    assert b"Traceback" not in err and b"BrokenPipe" not in err and b"Exception" not in err, err
    assert err == b"", err
    assert status in (0, 1, -13, 141), status


def test_subprocess_head_with_shell_pipe(tmp_path: Path) -> None:
    folder = copies_folder(tmp_path, 80)
    command = f'"{sys.executable}" -m hotparse.cli dump "{folder}" | head -c 100 >/dev/null'
    done = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60, check=False)
    assert done.stderr == b"", done.stderr


def test_every_problem_code_is_documented(tmp_path: Path) -> None:
    """Each problem code the catalogue (plus the fixtures) produces is in the
    codes table of docs/records.md."""
    root = Path(__file__).resolve().parent.parent
    doc = (root / "docs" / "records.md").read_text(encoding="utf-8")
    table = doc.split("## Problem codes", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([a-z]+(?:-[a-z]+)*)`", table))
    posts = [hotparse.load(path) for path in sorted((root / "fixtures").glob("*.md"))
             if path.name != "README.md"]
    posts.append(hotparse.parse(suspect_fields_post()[0]))
    for case in CASES:
        outcome = load_outcome(write_case(case, tmp_path))
        if isinstance(outcome, hotparse.Post):
            posts.append(outcome)
    codes = {problem.code for post in posts for problem in post.problems}
    assert len(codes) >= 10, codes  # the catalogue exercises most codes
    assert codes <= documented, f"undocumented problem codes: {sorted(codes - documented)}"


def suspect_fields_post() -> tuple[str, dict[str, int]]:
    """basic.md with mojibake in its description, one abstract and one author list
    (fields that are checked, never changed), and the line of each."""
    text = read_exact(FIXTURES / "basic.md")
    lines = text.split("\n")
    where: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if line.startswith("description:"):
            lines[number - 1] = 'description: "Hot papers â€” 2021-04-14"'
            where["description"] = number
        elif line.startswith("Early stopping is usually") and "abstract" not in where:
            lines[number - 1] = line.replace("Early stopping", "Early stoppingâ€™s", 1)
            where["abstract"] = number
        elif "Anaïs" in line and "authors" not in where:
            lines[number - 1] = line.replace("Anaïs", "AnaÃ¯s")
            where["authors"] = number
    assert len(where) == 3
    return "\n".join(lines), where


def test_suspected_mojibake_is_reported_on_its_line() -> None:
    text, where = suspect_fields_post()
    post = hotparse.parse(text)
    found = {
        problem.message.split(" ", 1)[0]: problem.line
        for problem in post.problems
        if problem.code == "mojibake-suspected"
    }
    assert found == where
    assert hotparse.render(post) == text  # checked, never changed


def test_mojibake_only_in_text_is_reported() -> None:
    """The html writes the damage as character references: the text shows it, the
    html does not; the tweet is left as written and the problem is on its line."""
    lines = read_exact(FIXTURES / "basic.md").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if '<blockquote class="twitter-tweet">' in line)
    marker = lines[number - 1].index(">", lines[number - 1].index("<p")) + 1
    line = lines[number - 1]
    lines[number - 1] = line[:marker] + "Caf&#195;&#169; talk. " + line[marker:]
    text = "\n".join(lines)
    post = hotparse.parse(text)
    tweet = next(t for p in post.papers for t in p.tweets if t.lines[0] == number)
    assert tweet.text.startswith("CafÃ© talk.") and not tweet.repaired
    assert [(p.line, p.message.split(" ", 2)[:2]) for p in post.problems] == [
        (number, ["tweet", "text"])
    ]
    assert hotparse.render(post) == text
