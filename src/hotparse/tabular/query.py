"""The search box's query language, evaluated in Python on a row's text.

Datasette's search box runs ``rowid IN (SELECT rowid FROM [view] WHERE [view] MATCH
:search)`` on the search views ``tweets_search`` and ``papers_search``.  Those are
plain views (no full-text index): their last column holds the row's searched columns
(:func:`encode_sql`), and SQLite runs ``X MATCH Y`` on a value that is not a full-text
table as the function ``match(Y, X)``, which hotparse's Datasette plugin registers
on each connection (:func:`register`; without it the query fails with SQLite's
"unable to use function MATCH", never an empty result).  So the whole query is
read once, with one meaning per term, and its terms are combined as written.

The rules (docs/tables.md shows examples):

- Matching is case-insensitive (``str.casefold``) and runs of white space count as
  one space, in the query and in the text.
- A **term** (any run of characters up to white space, a parenthesis or a double
  quote: ``transformer``, ``self-supervised``, ``GPT-3``, ``t.co``, ``#AI``,
  ``C++``, ``論文``) and a **"phrase"** (``"C++"``, ``"large language model"``; ``""``
  in it is a quote) match as a literal string: of 3 characters or more anywhere
  (``former`` finds ``transformers``); of 1 or 2 characters holding a letter or digit
  of a script written with spaces (Latin, Greek, Cyrillic…), as a word: not beside
  another such letter or digit (``AI`` finds ``an AI model``, ``AIの``, ``#AI``,
  not ``OpenAI``); other 1- and 2-character terms (Chinese, Japanese, Korean, Thai,
  emoji, symbols) anywhere.
- ``term*`` matches a word starting with ``term`` (``transform*`` finds
  ``transformers``, not ``untransformed``).
- ``a b`` and ``a AND b`` both; ``a OR b`` either; ``a NOT b`` the first without
  the second; ``NOT a`` (first, or after ``AND``, ``OR`` or ``(``) the rows without
  ``a``.  As in SQLite's FTS5: operators in upper case (``or`` is a word), ``NOT``
  binds closest, then ``AND``, then ``OR``; ``( )`` group.
- ``NEAR(a b)`` (and ``NEAR(a b, 5)``) is read as ``a AND b``: both, at any distance.
- ``col: x`` and ``{col1 col2}: x`` look for ``x`` in those columns only (papers:
  ``title``, ``abstract``; tweets: ``text``).  A word before ``:`` that is no
  column is a term (``arXiv:``).
- A query the grammar cannot read is read without an operator left dangling at
  either end (``transformer OR`` is ``transformer``); failing that (a lone ``"``,
  ``a)``), as its space-separated pieces, each a literal term as written,
  operators too, all required: never an error, and never the opposite of a
  ``NOT``.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections.abc import Callable, Mapping

from hotparse.tabular.search import UNSPACED

__all__ = ["MARK", "compile_query", "encode_sql", "match", "register", "row_texts"]

MARK = "\x1f"
"""First character of a search view's encoded value (:func:`encode_sql`)."""

_UNSPACED_ALL = UNSPACED + (
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
)
_SPACED = f"(?![{_UNSPACED_ALL}])[^\\W_]"
"""A letter or digit of a script written with spaces between words (regex, one char)."""
_SPACED_CHAR = re.compile(_SPACED)

Texts = Mapping[str, str]
Test = Callable[[Texts], bool]


class _Unreadable(Exception):
    """The grammar cannot read the query: it is read as literal words."""


def _normal(text: str) -> str:
    folded = text.casefold()
    if not folded or folded.isspace():
        return folded and " "
    spaced = " ".join(folded.split())  # faster than a regex; keeps one edge space
    return (" " if folded[0].isspace() else "") + spaced + (" " if folded[-1].isspace() else "")


def encode_sql(columns: tuple[str, ...]) -> str:
    """The SQL expression of a search view's searched value: :data:`MARK` and a JSON
    object of the columns' text."""
    pairs = ", ".join(f"'{column}', [{column}]" for column in columns)
    return f"char(31) || json_object({pairs})"


@functools.lru_cache(maxsize=16384)
def row_texts(value: str) -> dict[str, str]:
    """A searched value's columns, normalised (case folded, white space as one space):
    the view's encoded value, or any other text as one column ``""``."""
    if value.startswith(MARK):
        try:
            decoded = json.loads(value[1:])
        except ValueError:
            decoded = None
        if isinstance(decoded, dict):
            return {str(k): _normal(v) if isinstance(v, str) else "" for k, v in decoded.items()}
    return {"": _normal(value)}


def _literal(text: str, *, prefix: bool = False) -> Test:
    """A term or phrase: see the module's rules."""
    term = _normal(text).strip() if not text.isspace() else " "
    if not term:
        return lambda texts: True  # an empty phrase ("") asks for nothing
    head = _SPACED_CHAR.match(term[0]) is not None
    tail = _SPACED_CHAR.match(term[-1]) is not None
    # the term first, so that the regex engine looks for it as a string; the
    # letter before it is checked after, by a lookbehind over the term and that letter
    before = f"(?<!{_SPACED}{'.' * len(term)})" if head else ""
    if prefix:
        pattern = re.escape(term) + before
    elif len(term) <= 2 and any(_SPACED_CHAR.match(char) for char in term):
        pattern = re.escape(term) + before + (f"(?!{_SPACED})" if tail else "")
    else:
        return lambda texts: any(term in held for held in texts.values())
    search = re.compile(pattern, re.S).search
    return lambda texts: any(
        term in held and search(held) is not None for held in texts.values()
    )


_OPERATORS = {"AND", "OR", "NOT"}
_COLUMN = re.compile(r"^([^\W\d]\w*):(.*)$", re.S)
_NEAR_DISTANCE = re.compile(r",\s*\d+\s*$")


def _tokens(query: str, columns: tuple[str, ...]) -> list[tuple[str, object]]:
    """The query's tokens: ``(``, ``)``, ``op``, ``phrase``, ``word``, ``prefix``,
    ``cols`` (a column filter), ``near`` (the parts of a NEAR group)."""
    out: list[tuple[str, object]] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
        elif char in "()":
            out.append((char, None))
            i += 1
        elif char == '"':
            text, i = _phrase(query, i)
            out.append(("phrase", text))
        elif char == "{":
            end = query.find("}", i)
            if end < 0 or not query.startswith(":", end + 1):
                raise _Unreadable
            names = frozenset(query[i + 1 : end].split())
            if not names or not names <= set(columns):
                raise _Unreadable
            out.append(("cols", names))
            i = end + 2
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"':
                j += 1
            chunk = query[i:j]
            if chunk == "NEAR" and query.startswith("(", j):
                end = query.find(")", j)
                if end < 0:
                    raise _Unreadable
                inner = _NEAR_DISTANCE.sub("", query[j + 1 : end])
                parts = _tokens(inner, ())
                if not parts or any(kind not in ("phrase", "word", "prefix") for kind, _ in parts):
                    raise _Unreadable
                out.append(("near", parts))
                i = end + 1
                continue
            column = _COLUMN.match(chunk)
            if column and column.group(1) in columns:
                out.append(("cols", frozenset([column.group(1)])))
                i += len(column.group(1)) + 1
                continue
            if chunk in _OPERATORS:
                out.append(("op", chunk))
            elif chunk.endswith("*") and len(chunk) > 1:
                out.append(("prefix", chunk[:-1]))
            else:
                out.append(("word", chunk))
            i = j
    return out


def _phrase(query: str, start: int) -> tuple[str, int]:
    """The phrase opening at ``start`` (a double quote) and the place after it."""
    text: list[str] = []
    i = start + 1
    while True:
        end = query.find('"', i)
        if end < 0:
            raise _Unreadable
        text.append(query[i:end])
        if query.startswith('"', end + 1):  # "" is a quote inside the phrase
            text.append('"')
            i = end + 2
            continue
        return "".join(text), end + 1


class _Parser:
    def __init__(self, tokens: list[tuple[str, object]]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> tuple[str, object] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, object]:
        token = self.peek()
        if token is None:
            raise _Unreadable
        self.at += 1
        return token

    def query(self) -> Test:
        test = self.any_of()
        if self.peek() is not None:
            raise _Unreadable
        return test

    def any_of(self) -> Test:
        tests = [self.all_of()]
        while self.peek() == ("op", "OR"):
            self.take()
            tests.append(self.all_of())
        if len(tests) == 1:
            return tests[0]
        return lambda texts: any(test(texts) for test in tests)

    def all_of(self) -> Test:
        tests = [self.without()]
        while True:
            token = self.peek()
            if token == ("op", "AND"):
                self.take()
            elif token is None or token[0] == ")" or token == ("op", "OR"):
                break
            tests.append(self.without())
        if len(tests) == 1:
            return tests[0]
        return lambda texts: all(test(texts) for test in tests)

    def without(self) -> Test:
        test = self.unary()
        while self.peek() == ("op", "NOT"):
            self.take()
            left, right = test, self.unary()
            test = functools.partial(_and_not, left, right)
        return test

    def unary(self) -> Test:
        kind, value = self.take()
        if kind == "op" and value == "NOT":  # first, or after AND / OR / (: the rows without
            inner = self.unary()
            return lambda texts: not inner(texts)
        if kind == "cols":
            names = value
            assert isinstance(names, frozenset)
            inner = self.unary()
            return lambda texts: inner({k: v for k, v in texts.items() if k in names})
        if kind == "(":
            test = self.any_of()
            if self.take()[0] != ")":
                raise _Unreadable
            return test
        if kind == "near":
            assert isinstance(value, list)
            parts = [_part(k, v) for k, v in value]
            return lambda texts: all(part(texts) for part in parts)
        if kind in ("phrase", "word", "prefix"):
            return _part(kind, value)
        raise _Unreadable


def _and_not(left: Test, right: Test, texts: Texts) -> bool:
    return left(texts) and not right(texts)


def _part(kind: str, value: object) -> Test:
    assert isinstance(value, str)
    return _literal(value, prefix=kind == "prefix")


@functools.lru_cache(maxsize=512)
def compile_query(query: str, columns: tuple[str, ...] = ()) -> Test:
    """The test a row's texts (:func:`row_texts`) pass when ``query`` matches them,
    for a table searched in ``columns`` (the names ``col:`` filters may use)."""
    if not query.strip():
        return lambda texts: True
    try:
        return _Parser(_tokens(query, columns)).query()
    except _Unreadable:
        pass
    pieces = query.split()
    trimmed = list(pieces)
    while trimmed and trimmed[0] in ("AND", "OR"):  # an operator at an end: left out
        del trimmed[0]
    while trimmed and trimmed[-1] in _OPERATORS:
        del trimmed[-1]
    if trimmed and trimmed != pieces:
        try:
            return _Parser(_tokens(" ".join(trimmed), columns)).query()
        except _Unreadable:
            pass
    words = [_literal(word) for word in trimmed or pieces]  # as written, all required
    return lambda texts: all(word(texts) for word in words)


def match(query: object, value: object) -> int:
    """SQLite's ``match(query, value)``: 1 when the row value ``value`` matches ``query``."""
    if not isinstance(query, str) or not isinstance(value, str):
        return 0
    texts = row_texts(value)
    return int(compile_query(query, tuple(texts))(texts))


def register(connection: sqlite3.Connection) -> None:
    """Make ``[view] MATCH :query`` on the search views work on ``connection``."""
    connection.create_function("match", 2, match, deterministic=True)
