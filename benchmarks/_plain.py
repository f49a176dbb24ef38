"""The "plain pipeline" a user could write in thirty lines, for comparison.

python-frontmatter for the front matter, mistune's full AST (block and
inline) for the body, and one BeautifulSoup parse per tweet, extracting the
same fields hotparse does (titles, authors, counts, links, categories,
abstract; tweet id, url, author, date text, lang, dir, text with <br> as
newlines, html, links).  It is deliberately straightforward, not
deliberately slow.
"""

from __future__ import annotations

import re
from typing import Any

import frontmatter
import mistune
from bs4 import BeautifulSoup

_MD = mistune.create_markdown(renderer=None)
_COUNTS = re.compile(r"retweets: (\d+), favorites: (\d+) \(([^)]*)\)")
_STATUS = re.compile(r"/status/(\d+)")
_P_INNER = re.compile(r"<p[^>]*>(.*)</p>", re.S)


def _text(node: dict[str, Any]) -> str:
    if "raw" in node:
        return str(node["raw"])
    return "".join(_text(child) for child in node.get("children", []))


def _links(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    stack = [node]
    while stack:
        item = stack.pop()
        if item.get("type") == "link":
            found.append(item)
        stack.extend(reversed(item.get("children", [])))
    return found


def _tweet(html: str) -> dict[str, Any]:
    soup = BeautifulSoup(html, "html.parser")
    quote = soup.blockquote
    p = quote.p if quote else None
    inner = _P_INNER.search(html)  # the <p> source as written (decode_contents re-serialises)
    for br in p.find_all("br") if p else []:
        br.replace_with("\n")
    links = quote.find_all("a") if quote else []
    status = links[-1] if links else None
    href = status.get("href", "") if status else ""
    match = _STATUS.search(href)
    tail = quote.get_text() if quote else ""
    return {
        "id": match.group(1) if match else None,
        "url": href.split("?")[0],
        "author": tail.rsplit("(@", 1)[0].split("\u2014")[-1].strip(),
        "handle": tail.rsplit("(@", 1)[-1].split(")")[0],
        "date_text": status.get_text() if status else "",
        "lang": p.get("lang") if p else None,
        "dir": p.get("dir") if p else None,
        "text": p.get_text() if p else "",
        "html": inner.group(1) if inner else "",
        "links": [a.get("href") for a in (p.find_all("a") if p else [])],
    }


def plain_parse(text: str) -> dict[str, Any]:
    post = frontmatter.loads(text)
    tokens = _MD(post.content)
    papers: list[dict[str, Any]] = []
    paper: dict[str, Any] | None = None
    for token in tokens:
        kind = token["type"]
        if kind == "heading":
            rank, _, title = _text(token).partition(". ")
            paper = {"rank": int(rank), "title": title, "tweets": [], "blocks": 0}
            papers.append(paper)
            continue
        if paper is None or kind == "blank_line":
            continue
        if kind == "paragraph":
            if paper["blocks"] == 0:
                paper["authors"] = _text(token).split(", ")
            else:
                paper["abstract"] = _text(token)
        elif kind == "list":
            for item in token["children"]:
                line = _text(item)
                counts = _COUNTS.search(line)
                if counts:
                    paper["retweets"], paper["favorites"] = int(counts[1]), int(counts[2])
                    paper["counted_at"] = counts[3]
                elif line.startswith("links"):
                    paper["links"] = [link["attrs"]["url"] for link in _links(item)]
                else:
                    paper["categories"] = [_text(link) for link in _links(item)]
        elif kind == "block_html":
            for html in re.findall(r"<blockquote.*?</blockquote>", token["raw"], re.S):
                paper["tweets"].append(_tweet(html))
        paper["blocks"] += 1
    return {**post.metadata, "papers": papers}


def main(argv: list[str] | None = None) -> int:
    """``python benchmarks/_plain.py FOLDER``: the plain pipeline as a whole process,
    printing one JSON object per post (what ``hotparse dump --jsonl FOLDER`` does)."""
    import json
    import sys
    from pathlib import Path

    folder = Path((argv if argv is not None else sys.argv[1:])[0])
    out = sys.stdout
    for path in sorted(folder.glob("*.md")):
        data = plain_parse(path.read_text(encoding="utf-8"))
        out.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
