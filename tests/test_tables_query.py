"""The search box's query language (hotparse.tabular.query) against a reference.

Queries are generated as trees (terms, phrases, prefixes, AND, OR, NOT, implicit AND,
column filters), written out as text, run through the search view with SQL as
Datasette runs it, and compared with a brute-force reading of the tree written here,
independently of the module: a term found by scanning every place it occurs.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotparse.tabular.query import register
from hotparse.tabular.rows import Rows, paper_key, tweet_key
from hotparse.tabular.schema import TABLES
from hotparse.tabular.sqlite import SQLiteWriter

_BOX = "SELECT rowid FROM [{table}] WHERE rowid IN (SELECT rowid FROM [{table}_search] WHERE [{table}_search] MATCH ?)"

_UNSPACED_NAMES = ("CJK ", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "IDEOGRAPHIC")


def _spaced(char: str) -> bool:
    """A letter or digit of a script written with spaces (by its Unicode name)."""
    if not char.isalnum():
        return False
    name = unicodedata.name(char, "")
    return not any(part in name for part in _UNSPACED_NAMES)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _occurs(term: str, text: str, *, prefix: bool) -> bool:
    """Reference: ``term`` (normalised) in ``text`` (normalised) by the documented rules."""
    if not term:
        return True
    word = prefix or (len(term) <= 2 and any(_spaced(c) for c in term))
    start = text.find(term)
    while start >= 0:
        end = start + len(term)
        before_ok = not (_spaced(term[0]) and start > 0 and _spaced(text[start - 1]))
        after_ok = prefix or not (_spaced(term[-1]) and end < len(text) and _spaced(text[end]))
        if not word or (before_ok and after_ok):
            return True
        start = text.find(term, start + 1)
    return False


@dataclass(frozen=True)
class Term:
    text: str
    quoted: bool
    prefix: bool = False


@dataclass(frozen=True)
class Op:
    op: str  # "AND", "OR", "NOT", "" (implicit AND)
    left: Node
    right: Node


@dataclass(frozen=True)
class Col:
    column: str
    inner: Node


Node = Term | Op | Col


def _render(node: Node) -> str:
    if isinstance(node, Term):
        if node.prefix:
            return node.text + "*"
        return '"' + node.text.replace('"', '""') + '"' if node.quoted else node.text
    if isinstance(node, Col):
        return f"{node.column}: ({_render(node.inner)})"
    glue = f" {node.op} " if node.op else " "
    return f"({_render(node.left)}{glue}{_render(node.right)})"


def _holds(node: Node, columns: dict[str, str]) -> bool:
    if isinstance(node, Term):
        term = _norm(node.text)
        return any(_occurs(term, _norm(text), prefix=node.prefix) for text in columns.values())
    if isinstance(node, Col):
        return _holds(node.inner, {k: v for k, v in columns.items() if k == node.column})
    left, right = _holds(node.left, columns), _holds(node.right, columns)
    if node.op == "OR":
        return left or right
    if node.op == "NOT":
        return left and not right
    return left and right


LATIN = "abAB1éß"  # small alphabets: terms are often found, inside words and beside them
CJK = "論文学習の"
THAI = "สวัส"
EMOJI = "🔥👀"
PUNCT = "+#@.-:"
WORD = st.one_of(
    st.text(alphabet=LATIN, min_size=1, max_size=3),
    st.text(alphabet=CJK, min_size=1, max_size=3),
    st.text(alphabet=THAI, min_size=1, max_size=3),
    st.text(alphabet=EMOJI, min_size=1, max_size=2),
    st.text(alphabet=LATIN + CJK + PUNCT, min_size=1, max_size=4),
)
GLUE = st.sampled_from([" ", "", " ", "\n", ", ", "-", "#", "@"])
TEXT = st.lists(st.tuples(WORD, GLUE), min_size=0, max_size=8).map(lambda parts: "".join(w + g for w, g in parts))


def _bare(text: str) -> bool:
    return (
        text not in ("AND", "OR", "NOT")
        and not any(c in text for c in ' ()"{*')
        and not text.startswith(("title:", "abstract:"))
        and text != "NEAR"
    )


@st.composite
def _terms(draw: st.DrawFn) -> Term:
    text = draw(WORD)
    kind = draw(st.sampled_from(["bare", "quoted", "prefix"]))
    if kind == "prefix" and _bare(text):
        return Term(text=text, quoted=False, prefix=True)
    if kind == "bare" and _bare(text):
        return Term(text=text, quoted=False)
    return Term(text=text, quoted=True)


QUERY = st.recursive(
    _terms(),
    lambda inner: st.one_of(
        st.builds(Op, op=st.sampled_from(["AND", "OR", "NOT", ""]), left=inner, right=inner),
        st.builds(Col, column=st.sampled_from(["title", "abstract"]), inner=inner),
    ),
    max_leaves=5,
)


def _rows(titles: list[str], abstracts: list[str]) -> Rows:
    rows: Rows = {table.name: [] for table in TABLES}
    blank = {table.name: dict.fromkeys(table.names) for table in TABLES}
    rows["posts"].append({**blank["posts"], "post_id": "p", "tags": "[]"})
    for rank, (title, abstract) in enumerate(zip(titles, abstracts, strict=True), start=1):
        rows["papers"].append(
            {**blank["papers"], "paper_key": paper_key("p", rank), "post_id": "p", "rank": rank,
             "title": title, "abstract": abstract}
        )
        rows["tweets"].append(
            {**blank["tweets"], "tweet_key": tweet_key("p", rank, 1), "paper_key": paper_key("p", rank),
             "post_id": "p", "rank": rank, "position": 1, "text": title + "\n" + abstract, "repaired": False}
        )
    return rows


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteWriter]:
    out = SQLiteWriter(str(tmp_path_factory.mktemp("query") / "query.db"))
    register(out._db.conn)
    yield out
    out.close()


def _box(conn: sqlite3.Connection, table: str, query: str) -> list[int]:
    order = {r: n for n, (r,) in enumerate(conn.execute(f"SELECT rowid FROM [{table}] ORDER BY rowid"))}
    return sorted(order[r] for (r,) in conn.execute(_BOX.format(table=table), [query]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=5), query=QUERY, data=st.data())
def test_box_reads_boolean_queries_as_the_reference(
    writer: SQLiteWriter, pairs: list[tuple[str, str]], query: Node, data: st.DataObject
) -> None:
    titles, abstracts = [t for t, _ in pairs], [a for _, a in pairs]
    writer.write(_rows(titles, abstracts))
    conn = writer._db.conn
    text = _render(query)
    want = [n for n, (t, a) in enumerate(pairs) if _holds(query, {"title": t, "abstract": a})]
    assert _box(conn, "papers", text) == want, text
    if not _has_column(query):  # tweets have one column, text (title and abstract joined)
        want = [n for n, (t, a) in enumerate(pairs) if _holds(query, {"text": t + "\n" + a})]
        assert _box(conn, "tweets", text) == want, text


def _has_column(node: Node) -> bool:
    if isinstance(node, Col):
        return True
    if isinstance(node, Op):
        return _has_column(node.left) or _has_column(node.right)
    return False


EXAMPLES = [
    "An AI model for 論文 search",  # 0
    "OpenAI transformers and C++ code #AI",  # 1
    "強化学習の論文を読んだ 🔥",  # 2
    "self-supervised GPT-3 at t.co/x arXiv:2101.0001 @user",  # 3
    "สวัสดี ครับ transformer",  # 4
    'a "quoted" word (see a) untransformed',  # 5
]


@pytest.mark.parametrize(
    ("query", "want"),
    [
        ("論文 transformer", []),
        ("論文 AI", [0]),
        ("論文 AND AI", [0]),
        ("論文 OR 🔥", [0, 2]),
        ("transformer NOT 論文", [1, 4]),
        ("transformer NOT former", []),
        ("transform* NOT C++", [4]),
        ("AI", [0, 1]),  # a word: not OpenAI's; #AI is one
        ("ai OR 論文 NOT 強化", [0, 1]),  # NOT binds closest, then OR
        ("AI OR 論文 強化", [0, 1, 2]),  # AND before OR
        ("(AI OR 論文) 強化", [2]),
        ("NOT transformer", [0, 2, 3, 5]),
        ("NEAR(論文 AI)", [0]),
        ("NEAR(論文 AI, 3)", [0]),
        ("self-supervised", [3]),
        ("GPT-3", [3]),
        ("t.co", [3]),
        ("arXiv:", [3]),
        ("#AI", [1]),
        ("@user", [3]),
        ("C++", [1]),
        ('"C++"', [1]),
        ('"#AI"', [1]),
        ("🔥", [2]),
        ("สว", [4]),
        ("ครับ", [4]),
        ('"', [5]),  # a lone quote: the character
        ("transformer OR", [1, 4]),  # a trailing OR left out
        ("AND 論文 NOT", [0, 2]),  # operators at both ends
        ("transformer AND NOT 論文", [1, 4]),  # NOT after AND
        ("論文 OR NOT transformer", [0, 2, 3, 5]),
        ('transformer NOT "論文', []),  # unreadable: pieces as written, the word NOT too
        ('"quoted NOT', [5]),  # unreadable, a dangling NOT left out: the piece "quoted
        ("transformer or", []),  # or is a word (as in FTS5), and none of these has it
        ("a)", [5]),
        ("-transformer", []),  # a literal term: nothing holds "-transformer"
        ('"a ""quoted"" word"', [5]),
        ("model for", [0]),
    ],
)
def test_examples(writer: SQLiteWriter, query: str, want: list[int]) -> None:
    writer.write(_rows(EXAMPLES, [""] * len(EXAMPLES)))
    assert _box(writer._db.conn, "tweets", query) == want


def test_column_filters(writer: SQLiteWriter) -> None:
    writer.write(_rows(["AI for 論文", "Graph nets"], ["graph of 論文", "An AI model"]))
    conn = writer._db.conn
    assert _box(conn, "papers", "AI") == [0, 1]
    assert _box(conn, "papers", "title: AI") == [0]
    assert _box(conn, "papers", "abstract:AI") == [1]
    assert _box(conn, "papers", "{title abstract}: graph") == [0, 1]
    assert _box(conn, "papers", "title: graph NOT abstract: 論文") == [1]
    assert _box(conn, "tweets", "title: AI") == []  # no column title in tweets: a term


def test_without_the_function_the_view_fails_loudly(tmp_path: Path) -> None:
    db = str(tmp_path / "plain.db")
    out = SQLiteWriter(db)
    out.write(_rows(["AI"], [""]))
    out.close()
    with sqlite3.connect(db) as conn, pytest.raises(sqlite3.OperationalError, match="MATCH"):
        conn.execute(_BOX.format(table="tweets"), ["AI"]).fetchall()
