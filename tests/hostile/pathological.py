"""Pathological inputs (huge, deep, long runs), each with the check its outcome must pass.

Used by ``tests/test_pathological.py``, which builds each input in the test
process, writes it to a file, and reads it in a child process with a time
limit, like cmark's ``test/pathological_tests.py``.  The child is this module
run as a script::

    python tests/hostile/pathological.py CASE FILE      # exit 0: the check passed

``scale`` multiplies every size, so ``python tests/test_pathological.py
--report`` can show how time grows (1x against 4x).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import attrs

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hotparse
from hostile import build as B
from hostile import repair_texts as R

Outcome = hotparse.Post | hotparse.ParseError
Check = Callable[[Outcome, str], None]


class Failed(AssertionError):
    pass


def ensure(condition: object, message: str) -> None:
    if not condition:
        raise Failed(message)


# --------------------------------------------------------------------------- checks


def no_internal_error(outcome: Outcome) -> None:
    if isinstance(outcome, hotparse.ParseError):
        cause = outcome.__cause__
        ensure(cause is None or isinstance(cause, hotparse.ParseError),
               f"ParseError hides an internal {type(cause).__name__}: {outcome}")
        ensure("\n" not in str(outcome), f"multi-line error: {str(outcome)!r}")


def is_post(papers: int | None = None, min_papers: int = 0) -> Check:
    def check(outcome: Outcome, text: str) -> None:
        no_internal_error(outcome)
        ensure(isinstance(outcome, hotparse.Post), f"expected a post, got: {outcome}")
        assert isinstance(outcome, hotparse.Post)
        if papers is not None:
            ensure(len(outcome.papers) == papers, f"{len(outcome.papers)} papers, not {papers}")
        ensure(len(outcome.papers) >= min_papers, f"only {len(outcome.papers)} papers")

    return check


def is_error(outcome: Outcome, text: str) -> None:
    no_internal_error(outcome)
    ensure(isinstance(outcome, hotparse.ParseError), "expected one clear error, got a post")


def post_or_clear_error(outcome: Outcome, text: str) -> None:
    no_internal_error(outcome)


def front_matter_problem(code: str) -> Check:
    """A post with a ``code`` problem, or (over the front matter size limit) a clear error."""

    def check(outcome: Outcome, text: str) -> None:
        no_internal_error(outcome)
        if isinstance(outcome, hotparse.ParseError):
            ensure("more than" in outcome.message, f"unexpected error: {outcome}")
            return
        is_post(papers=3)(outcome, text)
        has_problem(code)(outcome, text)

    return check


def error_on_line(line: int) -> Check:
    """One clear error on ``line`` (or, over the front matter size limit, on line 2)."""

    def check(outcome: Outcome, text: str) -> None:
        no_internal_error(outcome)
        ensure(isinstance(outcome, hotparse.ParseError), "expected one clear error, got a post")
        assert isinstance(outcome, hotparse.ParseError)
        limit = "more than" in outcome.message
        ensure(outcome.line == (2 if limit else line), f"error on line {outcome.line}: {outcome}")

    return check


def tweet_text(contains: str, *, tweets: int = 1, min_length: int = 0) -> Check:
    """Paper 2 (index 1) has ``tweets`` tweets (at least, at larger scales); the first one's
    text holds ``contains``."""

    def check(outcome: Outcome, text: str) -> None:
        is_post(papers=3)(outcome, text)
        assert isinstance(outcome, hotparse.Post)
        found = outcome.papers[1].tweets
        ensure(len(found) >= tweets, f"paper 2 has {len(found)} tweets, not {tweets}")
        ensure(contains in found[0].text, f"{contains!r} not in tweet text {found[0].text[:80]!r}")
        ensure(len(found[0].text) >= min_length, f"tweet text has {len(found[0].text)} chars")

    return check


def field_length(getter: Callable[[hotparse.Post], str], minimum: int) -> Check:
    def check(outcome: Outcome, text: str) -> None:
        is_post(min_papers=2)(outcome, text)
        assert isinstance(outcome, hotparse.Post)
        size = len(getter(outcome))
        ensure(size >= minimum, f"field has {size} chars, expected at least {minimum}")

    return check


def description_is(make: Callable[[int], str]) -> Check:
    """The front matter description came through unchanged (at scale 1)."""

    def check(outcome: Outcome, text: str) -> None:
        is_post(papers=3)(outcome, text)
        assert isinstance(outcome, hotparse.Post)
        ensure(outcome.description is not None, "no description")
        if len(text) < 200_000:  # scale 1
            ensure(outcome.description == make(1), "the description was changed")

    return check


def _no_markup(text: str) -> str:
    """``text`` without the characters that start tags or entities in a tweet's html."""
    return text.replace("<", " ").replace("&", " ").replace(">", " ")


def all_of(*checks: Check) -> Check:
    def check(outcome: Outcome, text: str) -> None:
        for one in checks:
            one(outcome, text)

    return check


def has_problem(code: str) -> Check:
    def check(outcome: Outcome, text: str) -> None:
        assert isinstance(outcome, hotparse.Post)
        ensure(any(p.code == code for p in outcome.problems), f"no {code} problem")

    return check


def entity_count(kind: str, count: int) -> Check:
    """Paper 2's first tweet has at least ``count`` entities of ``kind`` (exactly, at scale 1)."""

    def check(outcome: Outcome, text: str) -> None:
        assert isinstance(outcome, hotparse.Post)
        found = len(getattr(outcome.papers[1].tweets[0].entities, kind))
        ensure(found >= count, f"{found} {kind}, expected {count}")

    return check


# --------------------------------------------------------------------------- inputs

RUN = 250_000
"""Length of a run of one character (at scale 1)."""
MEGA = 5_000_000
"""Length of a multi-megabyte line (at scale 1)."""
NEST = 50_000
"""Depth of nested tags (at scale 1)."""

Make = Callable[[int], str]


@attrs.frozen
class Case:
    name: str
    make: Make
    check: Check
    cli: bool = False
    """Also run ``hotparse dump --jsonl`` on it in its own process."""


def in_title(chunk: str) -> str:
    return B.replace_once(B.basic(), "# 2. Sketch2Mesh++:", "# 2. Sketch2Mesh++: " + chunk)


def in_authors(chunk: str) -> str:
    return B.replace_once(B.basic(), "Priya Venkataraman,", "Priya " + chunk + ",")


def in_abstract(chunk: str) -> str:
    return B.replace_once(B.basic(), B.ABSTRACT_START, chunk + " " + B.ABSTRACT_START)


def in_tweet(chunk: str) -> str:
    return B.tweet_in_paper2(chunk)


def own_line(chunk: str) -> str:
    return B.replace_once(B.basic(), "\n\n\n\n# 3. Do", "\n\n" + chunk + "\n\n\n\n# 3. Do")


PLACES: dict[str, Callable[[str], str]] = {
    "title": in_title,
    "authors": in_authors,
    "abstract": in_abstract,
    "tweet": in_tweet,
    "own-line": own_line,
}


def everywhere(chunk: str) -> str:
    """``chunk`` in paper 2's title, authors, abstract and first tweet, and on its own line."""
    text = B.basic()
    for place in ("title", "authors", "abstract", "tweet"):
        text = _apply(place, text, chunk)
    return own_line_in(text, chunk)


def _apply(place: str, text: str, chunk: str) -> str:
    anchors = {
        "title": ("# 2. Sketch2Mesh++:", "# 2. Sketch2Mesh++: " + chunk),
        "authors": ("Priya Venkataraman,", "Priya " + chunk + ","),
        "abstract": (B.ABSTRACT_START, chunk + " " + B.ABSTRACT_START),
        "tweet": (B.TWEET_TEXT, chunk + B.TWEET_TEXT),
    }
    old, new = anchors[place]
    return B.replace_once(text, old, new)


def own_line_in(text: str, chunk: str) -> str:
    return B.replace_once(text, "\n\n\n\n# 3. Do", "\n\n" + chunk + "\n\n\n\n# 3. Do")


def nested(open_tag: str, close_tag: str, depth: int) -> str:
    return open_tag * depth + "deep " + close_tag * depth


def repeated_body(times: int) -> str:
    text = B.basic()
    return text + B.body(text) * (times - 1)


def many_papers(count: int) -> str:
    text = B.basic()
    front, one = B.sections(text)[:2]
    rows = [one.replace("# 1. ", f"# {rank}. ", 1) for rank in range(1, count + 1)]
    return front + "".join(rows)


def many_tweets(count: int) -> str:
    lines = B.lines(B.basic())
    first = B.line_number(B.basic(), B.TWEET_TEXT) - 1
    tweet = lines[first] + lines[first + 1]
    return "".join(lines[: first + 2]) + tweet * (count - 1) + "".join(lines[first + 2 :])


def deep_yaml(depth: int) -> str:
    return B.with_front_matter_lines(f"deep: {'[' * depth}{']' * depth}\n")


def build_cases() -> list[Case]:
    cases = [
        # ---- size: repeated posts, multi-megabyte lines
        Case("post-body-repeated-100", lambda s: repeated_body(100 * s),
             all_of(is_post(min_papers=300), has_problem("rank-duplicate")), cli=True),
        Case("whole-file-repeated-100", lambda s: B.basic() * (100 * s),
             is_post(min_papers=300), cli=True),
        Case("megabyte-line-abstract",
             lambda s: in_abstract("lorem ipsum " * (MEGA * s // 12)),
             field_length(lambda p: p.papers[1].abstract, MEGA - 12), cli=True),
        Case("megabyte-line-tweet-text", lambda s: in_tweet("lorem ipsum " * (MEGA * s // 12)),
             tweet_text("lorem ipsum", min_length=MEGA - 12), cli=True),
        Case("megabyte-line-title", lambda s: in_title("x" * (MEGA * s)),
             field_length(lambda p: p.papers[1].title, MEGA)),
        Case("megabyte-line-authors", lambda s: in_authors(", ".join(["Ann Lee"] * (MEGA * s // 9))),
             field_length(lambda p: ", ".join(p.papers[1].authors), MEGA - 9)),
        Case("megabyte-line-stray", lambda s: own_line("z" * (MEGA * s)),
             all_of(is_post(papers=3), has_problem("unknown-block"))),
        Case("megabyte-line-href", lambda s: in_tweet(f'<a href="https://t.co/{"x" * MEGA * s}">l</a> '),
             tweet_text("l " + B.TWEET_TEXT)),
        Case("megabyte-line-no-front-matter", lambda s: "a" * (MEGA * s), is_error, cli=True),
        Case("megabyte-front-matter", lambda s: B.with_front_matter_lines(f"k: {'v' * MEGA * s}\n"),
             is_error),
        Case("front-matter-never-closed-huge", lambda s: "---\n" + "title: x\n" * (MEGA * s // 9),
             is_error),
        # ---- depth: nested tags inside a tweet, deep YAML
        *[
            Case(f"nested-50000-{name}-in-tweet",
                 lambda s, o=open_tag, c=close_tag: in_tweet(
                     nested(o, c, NEST * s // max(1, o.count("<")))),
                 tweet_text("deep " + B.TWEET_TEXT), cli=name == "b")
            for name, open_tag, close_tag in [
                ("b", "<b>", "</b>"),
                ("span", "<span>", "</span>"),
                ("a", '<a href="https://t.co/x">', "</a>"),
                ("div", "<div>", "</div>"),
                ("blockquote", "<blockquote>", "</blockquote>"),
                ("q-b-i", "<q><b><i>", "</i></b></q>"),
                ("unclosed-i", "<i>", ""),
                ("unclosed-p", "<p>", ""),
                ("table", "<table><tr><td>", "</td></tr></table>"),
            ]
        ],
        Case("nested-50000-b-in-author", lambda s: B.replace_once(
            B.basic(), "Priya V. 👩\u200d💻", nested("<b>", "</b>", NEST * s)),
             is_post(papers=3)),
        Case("nested-50000-div-in-abstract", lambda s: in_abstract(nested("<div>", "</div>", NEST * s)),
             is_post(papers=3)),
        Case("nested-50000-blockquote-markdown", lambda s: in_abstract("> " * (NEST * s) + "deep"),
             is_post(papers=3)),
        Case("nested-lists-markdown",  # 2,000 levels (4 MB), repeated ``s`` times
             lambda s: own_line("\n\n".join(["\n".join("  " * i + "- x" for i in range(2000))] * s)),
             is_post(papers=3)),
        Case("deep-yaml-nesting", lambda s: deep_yaml(30_000 * s), post_or_clear_error, cli=True),
        Case("yaml-billion-laughs", lambda s: B.with_front_matter_lines("".join(
            [f'l0: &l0 "{"lol" * s}"\n'] + [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n"
                                           for n in range(1, 10)])), is_error),
        # ---- count: many papers, tweets, entities, problems
        Case("many-papers-10000", lambda s: many_papers(10_000 * s), is_post(min_papers=10_000)),
        Case("many-tweets-10000", lambda s: many_tweets(10_000 * s),
             tweet_text(B.TWEET_TEXT, tweets=10_000)),
        Case("many-headings-blank-separated-50000",
             lambda s: own_line("\n\n".join(["# 1. x"] * (50_000 * s))),
             is_post(min_papers=50_000)),
        Case("many-headings-50000", lambda s: own_line("\n".join(["# 1. x"] * (50_000 * s))),
             is_post(min_papers=50_000)),
        Case("many-unclosed-blockquotes",
             lambda s: own_line('<blockquote class="twitter-tweet">\n' * (50_000 * s)),
             is_post(papers=3)),
        Case("many-lines-in-one-tweet", lambda s: in_tweet("line<br>\n" * (50_000 * s)),
             tweet_text("line\n")),
        Case("many-stray-paragraphs", lambda s: own_line("\n\n".join(["stray"] * (50_000 * s))),
             all_of(is_post(papers=3), has_problem("unknown-block"))),
        Case("many-links-in-tweet",
             lambda s: in_tweet('<a href="https://t.co/x">https://t.co/x</a> ' * (20_000 * s)),
             all_of(tweet_text("https://t.co/x"), entity_count("urls", 20_001))),
        Case("many-entities-amp", lambda s: in_tweet("&amp;" * (RUN * s)), tweet_text("&&&&")),
        Case("many-br", lambda s: in_tweet("<br>" * (100_000 * s)), tweet_text("\n\n\n")),
        Case("many-br-and-end-tags-in-tweet", lambda s: in_tweet("x<br><b>y</b>" * (100_000 * s)),
             tweet_text("x\ny")),
        Case("many-p-in-tweet", lambda s: in_tweet("</p><p>" * (50_000 * s)),
             tweet_text(B.TWEET_TEXT)),
        Case("many-stray-div-closers-in-tweets",
             lambda s: many_tweets(2000 * s).replace(B.TWEET_TEXT, "</div>" + B.TWEET_TEXT),
             tweet_text(B.TWEET_TEXT, tweets=2000)),
        Case("nul-run", lambda s: "\x00" * (MEGA * s), is_error),
        # ---- mojibake repair on long fields (issue 8: linear time, random text left alone)
        Case("random-latin1-description-30000", lambda s: R.description_post(30_000 * s),
             description_is(lambda s: R.random_latin1(30_000 * s, seed=6)), cli=True),
        Case("random-latin1-tweet-megabyte",
             lambda s: in_tweet(_no_markup(R.random_latin1(MEGA * s // 5))),
             tweet_text("", min_length=MEGA // 5)),
        Case("mojibake-tweet-megabyte",
             lambda s: in_tweet(R.mis_decode(R.clean_text(MEGA * s // 20), "cp1252")),
             tweet_text("Привет, мир!", min_length=MEGA // 40), cli=True),
        Case("lossy-mojibake-tweet-megabyte",
             lambda s: in_tweet(R.mis_decode(R.clean_text(MEGA * s // 20), "cp1254", "drop")),
             tweet_text("", min_length=MEGA // 40)),
        Case("lossy-mojibake-abstract-megabyte",
             lambda s: in_abstract(R.mis_decode(R.clean_text(MEGA * s // 20), "cp1254", "drop")),
             is_post(papers=3)),
        # ---- front matter shapes near the 64 KB limit (over it at larger scales: refused)
        Case("yaml-huge-hex-int", lambda s: B.with_front_matter_lines(f"big: 0x{'f' * 60_000 * s}\n"),
             front_matter_problem("front-matter-value"), cli=True),
        Case("yaml-huge-decimal-int",
             lambda s: B.with_front_matter_lines(f"big: {'9' * 60_000 * s}\n"),
             front_matter_problem("front-matter-value")),
        Case("yaml-huge-base60-int",
             lambda s: B.with_front_matter_lines(f"big: 1{':59' * 20_000 * s}\n"),
             front_matter_problem("front-matter-value")),
        Case("yaml-many-duplicate-keys",
             lambda s: B.with_front_matter_lines("k: v\n" * (10_000 * s)),
             front_matter_problem("duplicate-key"), cli=True),
        Case("yaml-many-duplicates-on-one-line",
             lambda s: B.with_front_matter_lines("m: {" + "a: 1, " * (10_000 * s) + "}\n"),
             front_matter_problem("duplicate-key")),
        Case("yaml-many-line-separators-then-bad-tag",
             lambda s: B.with_front_matter_lines(
                 'note: "' + "a\u2028b\x85" * (8_000 * s) + '"\nfoo: !!int x\n'),
             error_on_line(4)),
    ]
    # ---- long runs of one character, in every part of a paper
    for char in ["[", "*", "<", "`"]:
        for place, put in PLACES.items():
            cases.append(Case(f"run-{_char_name(char)}-{place}",
                              lambda s, c=char, p=put: p(c * (RUN * s)), is_post(papers=3)))
    for char in ["]", "_", ">", "&", "(", "!", "\\", "#", "-", "|", "~", '"', "'", "=", " a"]:
        cases.append(Case(f"run-{_char_name(char)}-everywhere",
                          lambda s, c=char: everywhere(c * (RUN * s // len(c))), is_post(papers=3)))
    # ---- cmark's pathological patterns, in the abstract and in a tweet
    for name, unit in CMARK_PATTERNS.items():
        cases.append(Case(f"cmark-{name}", lambda s, u=unit: everywhere(u * (RUN * s // len(u))),
                          is_post(papers=3)))
    cases.append(Case("cmark-nested-brackets", lambda s: everywhere(
        "[" * (RUN * s // 2) + "a" + "]" * (RUN * s // 2)), is_post(papers=3)))
    cases.append(Case("cmark-backticks-growing", lambda s: everywhere(
        "".join("e" + "`" * i for i in range(1, int((RUN * s) ** 0.5)))), is_post(papers=3)))
    return cases


CMARK_PATTERNS = {
    "nested-strong-emph": "*a **a ",
    "emph-closers-no-openers": "a_ ",
    "emph-openers-no-closers": "_a ",
    "link-closers-no-openers": "a] ",
    "link-openers-no-closers": "[a ",
    "mismatched-openers-closers": "*a_ ",
    "openers-closers-multiple-of-3": "a**b c* ",
    "link-openers-emph-closers": "[ a_ ",
    "pattern-bracket-paren": "[ (](",
    "unclosed-links-a": "[a](<b ",
    "unclosed-links-b": "[a](b ",
    "unclosed-comment": "<!-- ",
    "unclosed-processing-instruction": "<? ",
    "unclosed-declaration": "<!A ",
    "unclosed-cdata": "<![CDATA[ ",
    "unclosed-tags": "<a b=",
    "closing-tags": "</",
    "char-ref-fragments": "&#",
    "autolinks": "<http://a ",
    "entity-like": "&a",
}


def _char_name(char: str) -> str:
    names = {"[": "lbracket", "]": "rbracket", "*": "star", "<": "lt", ">": "gt", "`": "backtick",
             "_": "underscore", "&": "amp", "(": "lparen", "!": "bang", "\\": "backslash",
             "#": "hash", "-": "dash", "|": "pipe", "~": "tilde", '"': "dquote", "'": "squote",
             "=": "equals", " a": "space-a"}
    return names[char]


CASES = {case.name: case for case in build_cases()}


# --------------------------------------------------------------------------- the child


def child(name: str, path: str) -> int:
    """Read ``path`` with hotparse.load, run the case's check; print the time taken."""
    case = CASES[name]
    text = Path(path).read_bytes().decode("utf-8", "replace")
    start = time.perf_counter()
    try:
        outcome: Outcome = hotparse.load(path)
    except hotparse.ParseError as error:
        outcome = error
    except BaseException as error:
        print(f"FAIL {name}: {type(error).__name__} escaped: {error!r}"[:2000])
        return 1
    seconds = time.perf_counter() - start
    try:
        case.check(outcome, text)
    except Failed as failure:
        print(f"FAIL {name}: {failure}"[:2000])
        return 1
    print(f"OK {name} {seconds:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(child(sys.argv[1], sys.argv[2]))
