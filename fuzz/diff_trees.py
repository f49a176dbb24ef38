#!/usr/bin/env python3
"""Differential fuzzing of ``hotparse`` between two commits: the same generated posts
through both source trees, the outputs compared by SHA-256.

Used to check that speed changes keep the output byte-identical (issue 11).  Each
input is a fixture or ../shared/corpus post cut to one to three papers, with one to
three targeted mutations (front matter lines, counts lines, tweet links, character
references, mojibake, whitespace and line endings, a byte order mark), or a small
post written from scratch.  For each input both trees give: ``dumps(parse(text))``
with and without repair and with ``indent=2``; whether that equals ``json.dumps(
to_dict(...))``; ``render`` (exact?), ``render(repaired=True)``, the render of the
record with every ``verbatim`` cleared, and the dump of parsing those back.  An
exception is compared by type and message; an input taking more than 60 s is a
hang.  Run from the repository root (the trees are taken with ``git archive``)::

    python fuzz/diff_trees.py c14761a HEAD --seeds 2-9 --count 3000

Prints, per seed, the inputs tried per mutation, and every input whose outputs
differ (written to ``fuzz/findings/diff-SEED-ID.md``) or where the second tree
raises, hangs, or dumps other than ``json.dumps(to_dict(...))``.  Exits 1 on any.
The corpus is read, never copied: findings are written only under the ignored
``fuzz/findings/``.
"""

# ruff: noqa: RUF001, B023, E501
# (look-alike characters are the point of the tables; the step lambdas run at once)
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FINDINGS = HERE / "findings"
R = random.Random(0)
NONASCII = [
    "é",
    "ü",
    "ß",
    "İ",
    "\u00a0",
    "\u2028",
    "\u0085",
    "日本",
    "😀",
    "\ufeff",
    "Ã©",
    "â€™",
    "ÐŸÑ€Ð¸",
    "\u200b",
    "\x7f",
    "\x0b",
    "\x0c",
    "\t",
]
YAML_SPECIAL = [
    "null",
    "~",
    "Null",
    "NULL",
    "",
    "true",
    "True",
    "TRUE",
    "yes",
    "Yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "0",
    "07",
    "0x1F",
    "1e3",
    ".inf",
    "-.inf",
    ".nan",
    "1_000",
    "1:30",
    "2021-03-26",
    "2021-03-26T11:41:31.Z",
    "2021-03-26 11:41:31",
    "'single'",
    "'it''s'",
    '"dq"',
    '"\\u00e9"',
    '"\\x41"',
    '"a\\"b"',
    '"\\\\"',
    '"tab\\there"',
    '"\\N"',
    "[a, b]",
    "{a: 1}",
    '"#x"',
    "a #comment",
    '"a" #comment',
    "|\n  block",
    ">\n  folded",
    "!!str 1",
    "&a x",
    "*a",
    '"Hot Papers 2021-04-14"',
    "Hot Papers 2021-04-14 - 2021-04-15",
    "Hot Papers 2021-4-14",
    "Hot Papers 2021-04-14 ",
    " Hot Papers 2021-04-14",
    '""',
    "''",
    '"é"',
    '"a\nb"',
    '"  spaced  "',
    "- x",
]


def _key_line(lines: list[str], end: int, key: str) -> int | None:
    """The front matter line (1 to ``end``, exclusive) that sets ``key``, or None."""
    return next((k for k in range(1, end) if lines[k].startswith(key + ":")), None)


def _set_key(
    lines: list[str], end: int, key: str, value: str, insert_at: Any = lambda: 1
) -> None:
    """Set ``key: value`` on the line that sets ``key``, or insert it at ``insert_at()``
    (called only then, so the random sequence is as before)."""
    idx = _key_line(lines, end, key)
    if idx is None:
        lines.insert(insert_at(), f"{key}: {value}")
    else:
        lines[idx] = f"{key}: {value}"


def fm_mutate(text):
    lines = text.split("\n")
    try:
        end = lines.index("---", 1) if lines[0].lstrip("\ufeff") == "---" else None
    except ValueError:
        end = None
    if not end:
        return text, "fm-none"
    i = R.randrange(1, end) if end > 1 else 1
    line = lines[i]
    op = R.choice(
        [
            "quote",
            "escape",
            "nonascii",
            "tab",
            "trailing",
            "leading",
            "dup",
            "blank",
            "crlf",
            "bom",
            "draft",
            "title",
            "date",
            "special",
            "tags",
            "remove",
            "unknown",
            "comment",
            "docend",
            "swap",
            "single",
        ]
    )
    key = line.split(":", 1)[0] if ":" in line else None
    if op == "quote" and '"' in line:
        lines[i] = line.replace('"', R.choice(["'", "", '""', '"\\""']), R.choice([1, 2]))
    elif op == "escape" and '"' in line:
        j = line.rfind('"')
        lines[i] = (
            line[:j]
            + R.choice(
                [
                    "\\u00e9",
                    '\\"',
                    "\\\\",
                    "\\t",
                    "\\n",
                    "\\x41",
                    "\\/",
                    "\\ ",
                    "\\_",
                    "\\L",
                    "\\P",
                    "\\0",
                    "\\e",
                ]
            )
            + line[j:]
        )
    elif op == "nonascii":
        j = R.randrange(len(line) + 1)
        lines[i] = line[:j] + R.choice(NONASCII) + line[j:]
    elif op == "tab":
        lines[i] = line.replace(" ", "\t", 1) if R.random() < 0.5 else line + "\t"
    elif op == "trailing":
        lines[i] = line + R.choice([" ", "  ", "\t", " #c"])
    elif op == "leading":
        lines[i] = R.choice([" ", "  ", "\t"]) + line
    elif op == "dup":
        lines.insert(i, line if R.random() < 0.7 else line.replace('"', "'"))
    elif op == "blank":
        lines.insert(R.randrange(1, end + 1), R.choice(["", " ", "  ", "\t"]))
    elif op == "crlf":
        lines[i] = line + "\r"
    elif op == "bom":
        lines[0] = "\ufeff" + lines[0] if not lines[0].startswith("\ufeff") else lines[0][1:]
    elif op == "draft":
        v = R.choice(
            [
                "True",
                "False",
                "yes",
                "no",
                "TRUE",
                '"true"',
                "'false'",
                "~",
                "null",
                "1",
                "0",
                "true ",
                "false #c",
                "",
                "on",
                "y",
            ]
        )
        if key == "draft":
            lines[i] = "draft: " + v
        else:
            lines.insert(i, "draft: " + v)
    elif op == "title":
        v = R.choice(
            [
                *YAML_SPECIAL,
                "Hot Papers 2021-04-14",
                '"Hot Papers 2021-04-14"',
                "Hot Papers 2021-04-14 - 2021-04-16",
                "Hot Papers 2021-04-16 - 2021-04-14",
                "Hot Papers 2021-02-30",
                "Hot Papers ２０２１-04-14",
                "Hot Papers 2021-04-14: x",
                "Hot Papers #1",
                '"Hot Papers: 2021"',
                "Hot  Papers 2021-04-14",
            ]
        )
        _set_key(lines, end, "title", v)
    elif op == "date":
        v = R.choice(
            [
                "2021-04-15T09:42:17.Z",
                "2021-04-15T09:42:17Z",
                "2021-04-15T09:42:17.123Z",
                '"2021-04-15T09:42:17.Z"',
                "2021-04-15 09:42:17",
                "2021-04-15T09:42:17+02:00",
                "2021-04-15T09:42:17.Z ",
                "2021-13-45T99:99:99.Z",
                "2021-04-15",
                "0999-04-15T09:42:17.Z",
                "2021-04-15t09:42:17.z",
                "2021-04-15T09:42:17.1234567Z",
                "null",
                "",
                "2021-04-15T09:42:17.Z #c",
                "'2021-04-15T09:42:17.Z'",
                "2021-04-15T09:42:17.-Z",
                "٢٠٢١-04-15T09:42:17.Z",
            ]
        )
        _set_key(lines, end, "date", v)
    elif op == "special":
        k2 = R.choice(
            ["title", "template", "slug", "category", "description", "socialImage", "extra", "date"]
        )
        v = R.choice(YAML_SPECIAL)
        _set_key(lines, end, k2, v, insert_at=lambda: R.randrange(1, end + 1))
    elif op == "tags":
        idx = _key_line(lines, end, "tags")
        variants = [
            ["tags:"],
            ["tags: []"],
            ['tags: ["a", "b"]'],
            ['tags: "x"'],
            ["tags:", '- "a"'],
            ["tags:", '    - "a"'],
            ["tags:", "  - a"],
            ["tags:", "  - 'a'"],
            ["tags:", '  -  "a"'],
            ["tags:", '  - "a"', "", '  - "b"'],
            ["tags:", "", '  - "a"'],
            ["tags:", '  - "é"'],
            ["tags:", '  - ""'],
            ["tags: ", '  - "a"'],
            ["tags:", '  - "a" '],
            ["tags:", '  - "1"', "  - 1"],
            ["tags:", "  - null"],
            ["tags:", '  - "a"', "tags:", '  - "b"'],
            ["tags:", '  - "a"', '  - "a"'],
            ["tags:", '\t- "a"'],
            ["tags:", '  -"a"'],
            ["tags:", '  - "a"', '   - "b"'],
        ]
        v = R.choice(variants)
        if idx is None:
            lines[end:end] = v
        else:
            j = idx + 1
            while j < end and lines[j].startswith((" ", "-")):
                j += 1
            lines[idx:j] = v
    elif op == "remove" and end > 2:
        del lines[i]
    elif op == "unknown":
        lines.insert(
            R.randrange(1, end + 1),
            R.choice(
                [
                    'foo: "bar"',
                    "foo: bar",
                    'Title: "x"',
                    'titles: "x"',
                    'title : "x"',
                    '"title": "x"',
                    "x: 1",
                    "x: 1.5",
                    "x: 99999999999999999999999",
                    "x: [1, 2]",
                    'socialimage: "a"',
                ]
            ),
        )
    elif op == "comment":
        lines.insert(R.randrange(1, end + 1), R.choice(["# comment", "#", " # c"]))
    elif op == "docend":
        lines.insert(R.randrange(1, end + 1), R.choice(["...", "--- ", "%YAML 1.1"]))
    elif op == "swap" and end > 3:
        a, b = R.sample(range(1, end), 2)
        lines[a], lines[b] = lines[b], lines[a]
    elif op == "single":
        lines[i] = line.replace('"', "'")
    return "\n".join(lines), "fm-" + op


def counts_mutate(text):
    ms = list(re.finditer(r"(?m)^- retweets: .*$", text))
    if not ms:
        return text, "counts-none"
    m = R.choice(ms)
    op = R.choice(
        ["huge", "zeros", "unicode", "spaces", "date", "partial", "year", "sign", "trail"]
    )
    line = m.group(0)
    if op == "huge":
        line = re.sub(
            r"retweets: [0-9]+",
            "retweets: "
            + R.choice(
                ["9007199254740991", "9007199254740992", "9" * 30, "9" * 31, "1" + "0" * 29]
            ),
            line,
        )
    elif op == "zeros":
        line = re.sub(
            r"favorites: ([0-9]+)",
            lambda g: "favorites: " + "0" * R.randint(1, 5) + g.group(1),
            line,
        )
    elif op == "unicode":
        line = line.replace("1", R.choice(["١", "１", "𝟏", "¹", "੧"]), 1)
    elif op == "spaces":
        line = line.replace(" ", R.choice(["  ", "\t", "\u00a0", ""]), R.randint(1, 3))
    elif op == "date":
        line = re.sub(
            r"\(.*\)",
            "("
            + R.choice(
                [
                    "02/30/2021 09:42:20",
                    "13/01/2021 00:00:00",
                    "04/15/0999 09:42:20",
                    "04/15/0001 00:00:00",
                    "04/15/2021 24:00:00",
                    "04/15/2021 23:59:60",
                    "4/15/2021 09:42:20",
                    "04/15/2021",
                    "04/15/9999 23:59:59",
                    "00/00/0000 00:00:00",
                    "04/15/1000 09:42:20",
                ]
            )
            + ")",
            line,
        )
    elif op == "partial":
        line = R.choice(
            [
                "- retweets: 5",
                "- retweets: 5, favorites: ?",
                "- retweets: ?, favorites: 7 (04/15/2021 09:42:20)",
                "- retweets:",
                "- retweets: 1, favorites: 2",
            ]
        )
    elif op == "year":
        line = re.sub(
            r"/([0-9]{4}) ", "/" + R.choice(["0999", "1000", "0100", "9999", "0000"]) + " ", line
        )
    elif op == "sign":
        line = line.replace("retweets: ", "retweets: " + R.choice(["-", "+", "0x"]))
    elif op == "trail":
        line = line + R.choice([" ", "\t", " x", "\r"])
    return text[: m.start()] + line + text[m.end() :], "counts-" + op


HREFS = [
    "HTTPS://T.CO/abc",
    "https://T.CO/abc",
    "https://t.co/",
    "https://t.co",
    "http://t.co/abc",
    " https://t.co/abc ",
    "https://TWITTER.COM/user?ref_src=twsrc%5Etfw",
    "https://Twitter.com/hashtag/AI?src=hash&amp;ref_src=twsrc%5Etfw",
    "https://twitter.com/hashtag/AI?src=hash&ref_src=twsrc%5Etfw",
    "https://twitter.com/hashtag/AI?ref_src=twsrc%5Etfw&src=hash",
    "https://twitter.com/search?q=%24TSLA&amp;src=ctag&amp;ref_src=twsrc%5Etfw",
    "https://twitter.com/user?ref_src=twsrc%5Etfw#frag",
    "https://twitter.com/user?ref_src=twsrc%5ETFW",
    "https://twitter.com/user?src=hash",
    "https://twitter.com/user?ref_src=",
    "https://twitter.com/user?",
    "https://twitter.com/user?&&",
    "https://twitter.com/user?a=1&ref_src=x&b=2",
    "https://twitter.com/",
    "https://twitter.com",
    "https://twitter.com.evil.com/x",
    "https://twitter.comx/x",
    "https://www.twitter.com/x?ref_src=twsrc%5Etfw",
    "https://mobile.twitter.com/x?src=hash",
    "https://x.com/u?ref_src=twsrc%5Etfw",
    "https://X.COM/hashtag/a?src=hash",
    "https://twitter.com/HASHTAG/a?src=hash",
    "https://twitter.com/Search?q=a",
    "javascript:alert(1)",
    "mailto:a@b",
    "/relative",
    "HTTP://example.com/?ref_src=twsrc%5Etfw",
    "https://t.co/abc?ref_src=twsrc%5Etfw",
    "https://twitter.com/user?ref_src=twsrc%5Etfw&amp;src=hash",
    "https://twitter.com/u?src=hash&amp;amp;ref_src=twsrc%5Etfw",
    "https://twitter.com/u?src=hash&ref_src=twsrc%5Etfw&",
    "https://twitter.com/u?ref_src=twsrc%5Etfw?x",
    "https://twitter.com/u??ref_src=twsrc%5Etfw",
    "https://twitter.com/u?ref_src=twsrc%5Etfw ",
    "\thttps://twitter.com/u?ref_src=twsrc%5Etfw",
    "https://twitter.com/u?srcx=1",
    "https://ｔｗｉｔｔｅｒ.com/u",
    "https://twıtter.com/u",
    "https://twitter.com/u?&#39;",
    "https://twitter.com/u?a&lt;b",
]
LABELS = [
    "#AI",
    "＃AI",
    "$TSLA",
    "@user",
    "＠user",
    "pic.twitter.com/abc",
    "PIC.TWITTER.COM/abc",
    "pic.x.com/a",
    "https://t.co/abc",
    "",
    "x",
    "#",
    "@",
]
REFS = [
    "&amp;amp;",
    "&#39",
    "&AMP;",
    "&quot",
    "&lt",
    "&gt;",
    "&#x27;",
    "&nbsp;",
    "&",
    "&&amp;",
    "&amp;lt;",
    "&amp;&amp;",
    "&lt;&gt;",
    "&#39;&#39;",
    "&quot;&quot",
    "&amp",
    "&;",
    "&#39;;",
    "&mdash;",
    "&hellip;",
    "& amp;",
    "&amp;#39;",
    "&lt;br&gt;",
    "&#195;&#169;",
    "&Atilde;&copy;",
    "&amp;quot;",
    "&ampamp;",
    "&#0039;",
    "&#x26;",
    "&lt;;",
    ";&amp;",
    "&&",
]


def link_mutate(text):
    ms = list(re.finditer(r'<a href="([^"]*)">([^<]*)</a>', text))
    if not ms:
        return text, "link-none"
    m = R.choice(ms)
    href, label = m.group(1), m.group(2)
    op = R.choice(["href", "case", "label", "both", "query"])
    if op == "href":
        href = R.choice(HREFS)
    elif op == "case":
        href = "".join(c.upper() if R.random() < 0.3 else c for c in href)
    elif op == "label":
        label = R.choice(LABELS)
    elif op == "both":
        href, label = R.choice(HREFS), R.choice(LABELS)
    elif op == "query":
        href = href.split("?")[0] + R.choice(
            [
                "?ref_src=twsrc%5Etfw",
                "?src=hash&amp;ref_src=twsrc%5Etfw",
                "?src=hash",
                "?q=%24X&amp;src=ctag",
                "?ref_src=twsrc%5Etfw#f",
                "#f?ref_src=x",
                "?REF_SRC=twsrc%5Etfw",
                "?ref_src=twsrc%5Etfw&amp;",
                "?src=hash&ref_src=twsrc%5Etfw",
                "?ref_src=twsrc%5Etfw&src=hash",
                "?src=hash&amp;ref_src=twsrc%5Etfw&amp;x=1",
            ]
        )
    return text[: m.start()] + f'<a href="{href}">{label}</a>' + text[m.end() :], "link-" + op


def ref_mutate(text):
    ms = list(re.finditer(r'<p lang="[^"]*" dir="[^"]*">(.*?)</p>', text))
    if not ms:
        return text, "ref-none"
    m = R.choice(ms)
    body = m.group(1)
    # insert into a text run (outside tags)
    spots = [k for k in range(len(body) + 1) if body.rfind("<", 0, k) <= body.rfind(">", 0, k)]
    k = R.choice(spots) if spots else 0
    body = body[:k] + "".join(R.choice(REFS) for _ in range(R.randint(1, 3))) + body[k:]
    where = R.random()
    if where < 0.2:  # in the author name
        tail_m = re.search(r"&mdash; ", text[m.end() :])
        if tail_m:
            at = m.end() + tail_m.end()
            return text[:at] + R.choice(REFS) + text[at:], "ref-name"
    return text[: m.start(1)] + body + text[m.end(1) :], "ref-body"


MOJI = [
    "Ã©",
    "Ã¼",
    "â€™",
    "â€œ",
    "Ã¨Ã",
    "ÐŸÑ€Ð¸Ð²ÐµÑ‚",
    "Ã¶",
    "Ã¡",
    "Ä±",
    "Ã‰",
    "Â ",
    "Ã\u00a0",
    "å¤§å­¦",
    "ã\u0081\u0093",
    "&#195;&#169;",
    "&#226;&#128;&#153;",
]


_MOJI_FIELDS = {
    "abstract": r"(?m)^- \[.*\n\n(.+)$",
    "title": r"(?m)^# [0-9]+\. (.*)$",
    "authors": r"(?m)^# [0-9]+\. .*\n\n(.+)$",
}
"""Where the abstract, the title and the authors of a paper stand (group 1)."""


def _insert_in_group(text: str, pattern: str, pieces: list[str]) -> str:
    """One of ``pieces`` put at a random place in group 1 of a random match of
    ``pattern`` (``text`` as it is when nothing matches)."""
    ms = list(re.finditer(pattern, text))
    if not ms:
        return text
    m = R.choice(ms)
    k = R.randint(m.start(1), m.end(1))
    return text[:k] + R.choice(pieces) + text[k:]


def moji_mutate(text):
    op = R.choice(["name", "html", "text-ref", "abstract", "title", "authors", "both"])
    if op in ("name", "both"):
        ms = list(re.finditer(r"&mdash; ([^(<]*) \(@", text))
        if ms:
            m = R.choice(ms)
            name = m.group(1)
            k = R.randrange(len(name) + 1)
            text = text[: m.start(1)] + name[:k] + R.choice(MOJI[:-2]) + name[k:] + text[m.end(1) :]
    if op in ("html", "both", "text-ref"):
        pieces = MOJI[-2:] if op == "text-ref" else MOJI
        text = _insert_in_group(text, r'<p lang="[^"]*" dir="[^"]*">([^<]*)', pieces)
    if op in _MOJI_FIELDS:
        text = _insert_in_group(text, _MOJI_FIELDS[op], MOJI)
    return text, "moji-" + op


def ws_mutate(text):
    lines = text.split("\n")
    op = R.choice(
        [
            "heading-trail",
            "blank-between",
            "no-script",
            "tab-blank",
            "no-final-nl",
            "extra-final",
            "script-variant",
            "space-blank",
            "tweet-split",
            "crlf-line",
            "delete-line",
            "dup-line",
            "swap-lines",
            "indent-tweet",
            "heading-variant",
            "cr-only",
        ]
    )
    if op == "heading-trail":
        hs = [k for k, line_ in enumerate(lines) if line_.startswith("# ")]
        if hs:
            k = R.choice(hs)
            lines[k] += R.choice([" ", "\t", "  "])
    elif op == "blank-between":
        k = R.randrange(len(lines))
        lines.insert(k, "")
    elif op == "no-script":
        ss = [k for k, line_ in enumerate(lines) if line_.startswith("<script")]
        if ss:
            del lines[R.choice(ss)]
    elif op == "tab-blank":
        bs = [k for k, line_ in enumerate(lines) if line_ == ""]
        if bs:
            lines[R.choice(bs)] = R.choice(["\t", " ", " \t ", "\x0b", "\u00a0", "\x0c"])
    elif op == "space-blank":
        bs = [k for k, line_ in enumerate(lines) if line_ == ""]
        if bs:
            lines[R.choice(bs)] = "   "
    elif op == "no-final-nl":
        return text.rstrip("\n"), "ws-" + op
    elif op == "extra-final":
        return text + R.choice(["\n", "\n\n", " ", "\n \n"]), "ws-" + op
    elif op == "script-variant":
        ss = [k for k, line_ in enumerate(lines) if line_.startswith("<script")]
        if ss:
            k = R.choice(ss)
            lines[k] = R.choice(
                [
                    lines[k] + " ",
                    " " + lines[k],
                    lines[k].replace("async ", ""),
                    lines[k] + "\t",
                    lines[k].upper(),
                ]
            )
    elif op == "tweet-split":
        bs = [k for k, line_ in enumerate(lines) if line_.startswith("<blockquote")]
        if bs:
            k = R.choice(bs)
            line_ = lines[k]
            j = line_.find("<br>")
            if j > 0:
                lines[k : k + 1] = [line_[: j + 4], line_[j + 4 :]]
    elif op == "crlf-line":
        k = R.randrange(len(lines))
        lines[k] += "\r"
    elif op == "cr-only":
        k = R.randrange(len(lines))
        lines[k] += "\r" + R.choice(["", "x"])
    elif op == "delete-line":
        del lines[R.randrange(len(lines))]
    elif op == "dup-line":
        k = R.randrange(len(lines))
        lines.insert(k, lines[k])
    elif op == "swap-lines":
        a, b = R.randrange(len(lines)), R.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
    elif op == "indent-tweet":
        bs = [k for k, line_ in enumerate(lines) if line_.startswith("<blockquote")]
        if bs:
            k = R.choice(bs)
            lines[k] = R.choice([" ", "  ", "   ", "    ", "\t"]) + lines[k]
    elif op == "heading-variant":
        hs = [k for k, line_ in enumerate(lines) if line_.startswith("# ")]
        if hs:
            k = R.choice(hs)
            lines[k] = re.sub(
                r"^# [0-9]+\.",
                R.choice(["# 0.", "# 007.", "# 1.", "# 999999999999999999.", "#  1.", "# ١."]),
                lines[k],
            )
    return "\n".join(lines), "ws-" + op


def crlf_all(text):
    return text.replace("\r\n", "\n").replace("\n", "\r\n"), "crlf-all"


def bom(text):
    return ("\ufeff" + text if not text.startswith("\ufeff") else text[1:]), "bom"


TOK = [
    "hello",
    " ",
    "  ",
    "\t",
    "é",
    "Ã©",
    "â€™",
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&#39;",
    "&amp;amp;",
    "&#39",
    "&AMP;",
    "&",
    "<br>",
    "<br/>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<span>",
    "</span>",
    "<em>x</em>",
    "#tag",
    "@user",
    "$TSLA",
    "日本語",
    "😀",
    "İ",
    "\u00a0",
    "<!-- c -->",
    "<",
    ">",
]


def rand_link():
    return f'<a href="{R.choice(HREFS)}">{R.choice([*LABELS, "text", "#AI", "@bob"])}</a>'


def rand_body():
    return "".join(
        R.choice(TOK) if R.random() < 0.8 else rand_link() for _ in range(R.randint(0, 12))
    )


def rand_tweet():
    name = "".join(
        R.choice(
            ["Ann", " ", "Ã©", "é", "&amp;", "&#39;", "O&#39;Neil", "Bob", "&quot;", "Ð\u009f", "İ"]
        )
        for _ in range(R.randint(0, 4))
    )
    date = R.choice(
        [
            "April 14, 2021",
            "Apr 14, 2021",
            "14 April 2021",
            "2021-04-14",
            "",
            "April 31, 2021",
            "&amp;",
            "April 14, 2021 ",
        ]
    )
    href = R.choice(
        [
            "https://twitter.com/ann/status/1382",
            "https://twitter.com/ann/status/1382?ref_src=twsrc%5Etfw",
            "https://TWITTER.com/ann/status/1382?ref_src=twsrc%5Etfw",
            "https://x.com/ann/status/1?ref_src=twsrc%5Etfw",
            "https://t.co/x",
        ]
    )
    lang = R.choice(["en", "ja", "und", "zxx", "pt-BR", "EN"])
    bq = f'<blockquote class="twitter-tweet"><p lang="{lang}" dir="ltr">{rand_body()}</p>&mdash; {name} (@ann_1) <a href="{href}">{date}</a></blockquote>'
    script = R.choice(
        ['<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>']
        * 5
        + ["", " <script src=widgets.js></script>"]
    )
    return bq + ("\n" + script if script else "")


def rand_paper(n):
    title = R.choice(["A Title", "Ã© title", "Title with &amp;", "", " ", "T", "Über", "x" * 5])
    authors = ", ".join(
        R.choice(["Ann Lee", "Bö Çan", "Ã©mile", "X", "李"]) for _ in range(R.randint(1, 3))
    )
    counts = R.choice(
        [
            "- retweets: 3, favorites: 7 (04/15/2021 09:42:20)",
            "- retweets: 03, favorites: 7 (04/15/2021 09:42:20)",
            "- retweets: 3, favorites: 7 (04/15/0999 09:42:20)",
            "- retweets: 3, favorites: 7 (02/30/2021 09:42:20)",
            "- retweets: 9007199254740992, favorites: 7 (04/15/2021 09:42:20)",
            "- retweets: 3",
            "- retweets: ١, favorites: 7 (04/15/2021 09:42:20)",
        ]
    )
    links = (
        "- links: [abs](https://arxiv.org/abs/2104.00001) | [pdf](https://arxiv.org/pdf/2104.00001)"
    )
    cats = "- [cs.LG](https://arxiv.org/list/cs.LG/recent)"
    abstract = R.choice(
        [
            "An abstract.",
            "Ã© abstract",
            "",
            "- [x] list-like",
            "<blockquote>not a tweet</blockquote>",
            "1. ordered",
            "  indented",
        ]
    )
    tweets = "\n\n".join(rand_tweet() for _ in range(R.randint(0, 3)))
    sep = R.choice(["\n\n", "\n\n\n", "\n"])
    return f"\n# {n}. {title}\n\n{authors}\n\n{counts}\n\n{links}\n{cats}\n\n{abstract}\n\n{tweets}{sep}"


def rand_post():
    fm = [
        "---",
        "title: Hot Papers 2021-04-14",
        "date: 2021-04-15T09:42:17.Z",
        'template: "post"',
        "draft: false",
        'slug: "hot-papers-2021-04-14"',
        'category: "arXiv"',
        "tags:",
        '  - "arXiv"',
        'description: "Hot papers 2021-04-14"',
        'socialImage: "/media/x.jpg"',
        "",
        "---",
    ]
    text = "\n".join(fm) + "\n" + "".join(rand_paper(n + 1) for n in range(R.randint(1, 3)))
    return text


FAMILIES = [fm_mutate] * 5 + [counts_mutate] * 2 + [link_mutate] * 3 + [ref_mutate] * 3
FAMILIES += [moji_mutate] * 3 + [ws_mutate] * 3 + [crlf_all, bom]


def shrink(text: str) -> str:
    """Front matter and one to three papers in a row (keeps inputs small)."""
    parts = re.split(r"(?m)^(?=\n# [0-9]+\. )", text) if "\r" not in text else [text]
    if len(parts) <= 3:
        return text
    head, papers = parts[0], parts[1:]
    k = R.randint(1, min(3, len(papers)))
    start = R.randrange(len(papers) - k + 1)
    return head + "".join(papers[start : start + k])


def generate(seed: int, count: int, corpus: Path) -> list[dict[str, Any]]:
    """``count`` mutated posts and ``count // 4`` written from scratch."""
    R.seed(seed)
    paths = sorted((ROOT / "fixtures").glob("*.md")) + sorted(corpus.glob("*.md"))
    texts = []
    for path in paths:
        try:
            texts.append(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            continue
    inputs = []
    for number in range(count):
        text = shrink(R.choice(texts))
        families = []
        for _ in range(R.choice([1, 1, 1, 2, 3])):
            text, family = R.choice(FAMILIES)(text)
            families.append(family)
        inputs.append({"id": number, "family": "+".join(families), "text": text})
    for number in range(count, count + count // 4):
        text, families = rand_post(), ["synth"]
        if R.random() < 0.5:
            text, family = R.choice(FAMILIES)(text)
            families.append(family)
        inputs.append({"id": number, "family": "+".join(families), "text": text})
    return inputs


# ------------------------------------------------------------------ one tree's outputs


class _Timeout(BaseException):
    pass


def _alarm(*_: Any) -> None:
    raise _Timeout


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _outputs(text: str) -> dict[str, Any]:
    import attrs

    import hotparse
    from hotparse import serialize

    def bare(post: Any) -> Any:
        papers = tuple(
            attrs.evolve(
                paper,
                verbatim=None,
                tweets=tuple(attrs.evolve(tweet, verbatim=None) for tweet in paper.tweets),
            )
            for paper in post.papers
        )
        return attrs.evolve(post, front_matter_verbatim=None, papers=papers)

    out: dict[str, Any] = {}

    def step(name: str, function: Any) -> None:
        try:
            out[name] = function()
        except hotparse.ParseError as error:
            out[name] = f"ParseError:{error.line}:{error.column}:{error.message}"
        except Exception as error:
            out[name] = f"EXC:{type(error).__name__}:{str(error)[:200]}"

    for repair, tag in ((True, ""), (False, "_nr")):
        posts: list[Any] = []
        step("parse" + tag, lambda: posts.append(hotparse.parse(text, repair=repair)) or "ok")
        if not posts:
            continue
        post = posts[0]
        reference = json.dumps(serialize.to_dict(post), ensure_ascii=False, indent=2)
        step("dumps" + tag, lambda: _hash(serialize.dumps(post)))
        step("dumps2" + tag, lambda: _hash(serialize.dumps(post, indent=2)))
        step("ref_eq" + tag, lambda: serialize.dumps(post, indent=2) == reference)
        step("render_eq" + tag, lambda: hotparse.render(post) == text)
        step("render_rep" + tag, lambda: _hash(hotparse.render(post, repaired=True)))
        fields = bare(post)
        step("render_fields" + tag, lambda: _hash(hotparse.render(fields)))
        step(
            "reparse_fields" + tag,
            lambda: _hash(serialize.dumps(hotparse.parse(hotparse.render(fields), repair=repair))),
        )
        step(
            "reparse_rep" + tag,
            lambda: _hash(
                serialize.dumps(hotparse.parse(hotparse.render(post, repaired=True), repair=False))
            ),
        )
    return out


def _run(inputs: Path, outputs: Path) -> None:
    """In a child process whose PYTHONPATH picks the tree: one line of outputs per input."""
    signal.signal(signal.SIGALRM, _alarm)
    with outputs.open("w") as out:
        for line in inputs.read_text().splitlines():
            item = json.loads(line)
            signal.alarm(60)
            try:
                result = _outputs(item["text"])
            except _Timeout:
                result = {"TIMEOUT": True}
            finally:
                signal.alarm(0)
            result["id"] = item["id"]
            out.write(json.dumps(result) + "\n")


# ------------------------------------------------------------------ driver


def _tree(commit: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "src"], check=True, capture_output=True
    ).stdout
    tar = into / "src.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as files:
        files.extractall(into)  # our own repository's archive
    return into / "src"


def _seeds(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--run":
        _run(Path(sys.argv[2]), Path(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the commit before (reference)")
    parser.add_argument("other", help="the commit after")
    parser.add_argument("--seeds", default="1", help="a seed or a range A-B")
    parser.add_argument("--count", type=int, default=1000, help="mutated posts per seed")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    options = parser.parse_args()
    found = False
    tried: collections.Counter[str] = collections.Counter()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        trees = []
        for name, commit in (("base", options.base), ("other", options.other)):
            (work / name).mkdir()
            trees.append(_tree(commit, work / name))
        for seed in _seeds(options.seeds):
            inputs = generate(seed, options.count, options.corpus)
            source = work / f"in{seed}.jsonl"
            source.write_text("".join(json.dumps(item) + "\n" for item in inputs))
            children = []
            for number, tree in enumerate(trees):
                environment = {**os.environ, "PYTHONPATH": str(tree)}
                command = [sys.executable, __file__, "--run", str(source), str(work / f"o{number}")]
                children.append(subprocess.Popen(command, env=environment))
            for child in children:
                child.wait()
            base = (work / "o0").read_text().splitlines()
            other = (work / "o1").read_text().splitlines()
            for item, before, after in zip(inputs, base, other, strict=True):
                families = set(item["family"].split("+"))
                tried.update(families)
                first, second = json.loads(before), json.loads(after)
                bad = [
                    key
                    for key, value in second.items()
                    if key == "TIMEOUT"
                    or (isinstance(value, str) and value.startswith("EXC:"))
                    or (key.startswith("ref_eq") and value is not True)
                ]
                if first == second and not bad:
                    continue
                found = True
                keys = sorted(key for key in {*first, *second} if first.get(key) != second.get(key))
                FINDINGS.mkdir(exist_ok=True)
                path = FINDINGS / f"diff-{seed}-{item['id']}.md"
                path.write_bytes(item["text"].encode("utf-8", "surrogatepass"))
                print(
                    f"seed {seed} input {item['id']} ({item['family']}): differs in {keys}, "
                    f"second tree bad in {bad}; written to {path}"
                )
            print(f"seed {seed}: {len(inputs)} inputs", flush=True)
    print(f"inputs per mutation: {dict(sorted(tried.items()))}")
    print("differences found" if found else "no difference")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
