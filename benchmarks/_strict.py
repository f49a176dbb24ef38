"""A strict regular-expression reader of the same fields, for comparison: the practical floor.

It knows only the generator's exact layout (one ``key: value`` per front
matter line, ``# N. Title`` headings, the counts / links / categories lines,
the oEmbed blockquote on one line) and does nothing else: no YAML, no
Markdown, no HTML parser, no line spans, no problems, no render check, no
mojibake repair.  Input outside that layout is silently misread, which is
exactly what hotparse must not do; the ratio to it shows what all of that
costs.  Every pattern here is linear (no nested quantifiers).
"""

from __future__ import annotations

import html
import re
from typing import Any

_FRONT = re.compile(r"---\n(.*?)\n---\n", re.S)
_KEY = re.compile(r"^([A-Za-z_]+): ?(.*)$", re.M)
_HEADING = re.compile(r"^# ([0-9]+)\. (.*)$", re.M)
_COUNTS = re.compile(r"^- retweets: ([0-9]+), favorites: ([0-9]+) \(([^)\n]*)\)$", re.M)
_LINKS = re.compile(r"^- links: \[abs\]\(([^)\s]*)\)(?: \| \[pdf\]\(([^)\s]*)\))?", re.M)
_CATEGORY = re.compile(r"\[([^\]\s]+)\]\(https?://arxiv\.org/list/")
_TWEET = re.compile(
    r'<blockquote class="twitter-tweet"><p lang="([^"]*)" dir="([^"]*)">(.*?)</p>'
    r"&mdash; (.*?) \(@([A-Za-z0-9_]+)\) "
    r'<a href="([^"]*)">([^<]*)</a></blockquote>'
)
_STATUS = re.compile(r"/status/([0-9]+)")
_TAG = re.compile(r"<[^<>]*>")
_HREF = re.compile(r'<a href="([^"]*)">')


def _tweet(match: re.Match[str]) -> dict[str, Any]:
    lang, direction, body, author, handle, href, date_text = match.groups()
    status = _STATUS.search(href)
    return {
        "id": status.group(1) if status else None,
        "url": href.split("?")[0],
        "author": html.unescape(author),
        "handle": handle,
        "date_text": html.unescape(date_text),
        "lang": lang,
        "dir": direction,
        "text": html.unescape(_TAG.sub("", body.replace("<br>", "\n"))),
        "html": body,
        "links": [html.unescape(link) for link in _HREF.findall(body)],
    }


def _paper(rank: str, title: str, body: str) -> dict[str, Any]:
    lines = body.split("\n")
    blocks = [line for line in lines if line]
    paper: dict[str, Any] = {"rank": int(rank), "title": title, "tweets": []}
    if blocks:
        paper["authors"] = blocks[0].split(", ")
    counts = _COUNTS.search(body)
    if counts:
        paper["retweets"], paper["favorites"] = int(counts[1]), int(counts[2])
        paper["counted_at"] = counts[3]
    links = _LINKS.search(body)
    if links:
        paper["links"] = [links[1], links[2]]
    for index, line in enumerate(blocks):
        if line.startswith("- [") and "arxiv.org/list/" in line:
            paper["categories"] = _CATEGORY.findall(line)
            if index + 1 < len(blocks) and not blocks[index + 1].startswith("<blockquote"):
                paper["abstract"] = blocks[index + 1]
            break
    paper["tweets"] = [_tweet(match) for match in _TWEET.finditer(body)]
    return paper


def strict_parse(text: str) -> dict[str, Any]:
    front = _FRONT.match(text)
    data: dict[str, Any] = {}
    start = 0
    if front:
        for key, value in _KEY.findall(front.group(1)):
            data[key] = value.strip("\"'")
        start = front.end()
    headings = list(_HEADING.finditer(text, start))
    papers = []
    for number, heading in enumerate(headings):
        end = headings[number + 1].start() if number + 1 < len(headings) else len(text)
        papers.append(_paper(heading[1], heading[2], text[heading.end() : end]))
    data["papers"] = papers
    return data


def main(argv: list[str] | None = None) -> int:
    """``python benchmarks/_strict.py FOLDER``: one JSON object per post, as a whole process."""
    import json
    import sys
    from pathlib import Path

    folder = Path((argv if argv is not None else sys.argv[1:])[0])
    out = sys.stdout
    for path in sorted(folder.glob("*.md")):
        data = strict_parse(path.read_text(encoding="utf-8"))
        out.write(json.dumps(data, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
