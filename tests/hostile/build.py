"""Turn fixtures into hostile inputs: small pure functions over text and bytes."""

from __future__ import annotations

import functools
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"

TWEET_TEXT = "Ever wanted to 3D-print the doodle on your napkin?"
"""The start of the first tweet's visible text in basic.md (paper 2)."""
ABSTRACT_START = "We present Sketch2Mesh++"
"""The start of paper 2's abstract in basic.md."""


@functools.cache
def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture(name: str = "basic.md") -> str:
    return fixture_bytes(name).decode("utf-8")


def basic() -> str:
    return fixture("basic.md")


def lines(text: str) -> list[str]:
    """``text`` split into lines that keep their ``\\n``."""
    return text.splitlines(keepends=True)


def line_number(text: str, needle: str) -> int:
    """1-based number of the first line containing ``needle``."""
    for number, line in enumerate(lines(text), start=1):
        if needle in line:
            return number
    raise LookupError(needle)


def replace_once(text: str, old: str, new: str) -> str:
    if old not in text:
        raise LookupError(old)
    return text.replace(old, new, 1)


def drop_line(text: str, needle: str, occurrence: int = 1) -> str:
    """``text`` without the ``occurrence``-th line containing ``needle``."""
    kept: list[str] = []
    seen = 0
    for line in lines(text):
        if needle in line:
            seen += 1
            if seen == occurrence:
                continue
        kept.append(line)
    if seen < occurrence:
        raise LookupError(needle)
    return "".join(kept)


def front_matter_end(text: str) -> int:
    """Offset just after the closing ``---`` line of the front matter."""
    return text.index("\n---\n", 3) + len("\n---\n")


def body(text: str) -> str:
    """The post without its front matter."""
    return text[front_matter_end(text) :]


def front_matter(text: str) -> str:
    return text[: front_matter_end(text)]


def with_front_matter_lines(extra: str, *, title: str = "Hot Papers 2021-04-14") -> str:
    """A post: minimal front matter holding ``extra`` lines, then basic.md's body."""
    return f"---\ntitle: {title}\n{extra}---\n" + body(basic())


def sections(text: str) -> list[str]:
    """``text`` cut before each ``\\n# N.`` heading (the front matter is item 0)."""
    parts = text.split("\n# ")
    return [parts[0]] + ["\n# " + part for part in parts[1:]]


def tweet_in_paper2(payload: str) -> str:
    """basic.md with ``payload`` (raw HTML) at the start of paper 2's tweet."""
    return replace_once(basic(), TWEET_TEXT, payload + TWEET_TEXT)


def random_bytes(size: int, seed: int = 20210414) -> bytes:
    return random.Random(seed).randbytes(size)


def cp1252_clean() -> str:
    """basic.md with every character Windows-1252 cannot write replaced by ``?``."""
    return basic().encode("cp1252", "replace").decode("cp1252")


def corpus_files() -> list[Path]:
    """The real posts in ../shared/corpus, if present (third-party: never copied)."""
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.glob("*.md"))
