"""What each full-text index of an export finds, beside a plain scan, on ../shared/corpus.

Usage (from the repository root, in the venv)::

    python benchmarks/search_recall.py                 # export the corpus to a temp db
    python benchmarks/search_recall.py --db hot.db     # an existing export
    python benchmarks/search_recall.py --datasette     # also ask Datasette's search box

For each query and each searched table it prints the rows a plain scan finds (each
query's meaning written out by hand below, on the case-folded columns), the rows
``*_search`` finds (the view Datasette's search box uses, read by
:mod:`hotparse.tabular.query`), the rows any of the three indexes finds (what the
box found before the view was read so: right for one word, wrong for ``a NOT b``),
and each index alone: ``*_fts`` (words, ``unicode61``, the SQLite default),
``*_trigram`` (substrings), ``*_grams`` (one- and two-character words of Chinese
and Japanese); "error" where FTS5 cannot read the query, "(wrong)" where the rows
differ from the scan's.  With ``--datasette`` the box itself is asked, through
Datasette's JSON (``?_search=``), on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def _has(word: str) -> Callable[[str], bool]:
    return lambda text: word in text


def _word(word: str) -> Callable[[str], bool]:
    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")
    return lambda text: pattern.search(text) is not None


def _both(a: str, b: str) -> Callable[[str], bool]:
    return lambda text: a in text and b in text


QUERIES: dict[str, Callable[[str], bool]] = {
    "transformer": _has("transformer"),
    "diffusion": _has("diffusion"),
    "reinforcement": _has("reinforcement"),
    "論文": _has("論文"),
    "強化学習": _has("強化学習"),
    "diffusion OR transformer": lambda t: "diffusion" in t or "transformer" in t,
    "論文 OR 強化学習": lambda t: "論文" in t or "強化学習" in t,
    "論文 transformer": _both("論文", "transformer"),
    "transformer AND 論文": _both("論文", "transformer"),
    "AI transformer": lambda t: _word("ai")(t) and "transformer" in t,
    "NEAR(transformer 論文)": _both("論文", "transformer"),
    "transformer NOT 論文": lambda t: "transformer" in t and "論文" not in t,
    "transformer NOT former": lambda t: "transformer" in t and "former" not in t,
    "self-supervised": _has("self-supervised"),
    "GPT-3": _has("gpt-3"),
    "t.co": _has("t.co"),
    "arXiv:": _has("arxiv:"),
    "#AI": _has("#ai"),
    "@user": _has("@user"),
    "C++": _has("c++"),
    '"C++"': _has("c++"),
    '"#AI"': _has("#ai"),
    '"': _has('"'),
    "transformer OR": _has("transformer"),
    "diffusion or transformer": lambda t: (
        "diffusion" in t and _word("or")(t) and "transformer" in t
    ),
    "🔥": _has("🔥"),
    "👀": _has("👀"),
}
"""Each query and what it asks for, written out by hand (case-folded text): the scan."""
SEARCHED = {"tweets": ("text",), "papers": ("title", "abstract")}


def scan(conn: sqlite3.Connection, table: str, query: str) -> set[int]:
    """Rows whose searched columns (case-folded) pass the query's hand-written test."""
    columns = SEARCHED[table]
    test = QUERIES[query]
    found = set()
    for row in conn.execute(f"SELECT rowid, {', '.join(columns)} FROM [{table}]"):
        if test("\n".join(value or "" for value in row[1:]).casefold()):
            found.add(row[0])
    return found


def matched(conn: sqlite3.Connection, index: str, query: str) -> set[int] | str:
    sql = f"SELECT rowid FROM [{index}] WHERE [{index}] MATCH ?"
    try:
        return {rowid for (rowid,) in conn.execute(sql, [query])}
    except sqlite3.OperationalError:
        return "error"


def union(conn: sqlite3.Connection, table: str, query: str) -> set[int] | str:
    """What the box found before 0.x: a row any of the three indexes matches."""
    found: set[int] = set()
    for suffix in ("trigram", "fts", "grams"):
        rows = matched(conn, f"{table}_{suffix}", query)
        if isinstance(rows, str):
            return rows
        found |= rows
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _box_counts(db: Path, meta: Path) -> dict[tuple[str, str], int]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db), "--host", "127.0.0.1",
         "--port", str(port), "--metadata", str(meta)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/{db.stem}"
    counts = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    sys.exit("search_recall: datasette did not start")
                time.sleep(0.2)
        for table in SEARCHED:
            for query in QUERIES:
                url = f"{base}/{table}.json?_search={urllib.parse.quote(query)}&_size=1"
                with urllib.request.urlopen(url, timeout=60) as response:
                    data = json.loads(response.read())
                counts[table, query] = int(data["filtered_table_rows_count"])
    finally:
        process.terminate()
        process.wait(timeout=10)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--datasette", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = options.db
        meta = Path(folder) / "metadata.json"
        from hotparse.cli import main as hotparse_main

        if db is None:
            db = Path(folder) / "hot.db"
            argv = ["export", str(options.corpus), "-o", str(db), "--metadata", str(meta)]
        else:
            argv = ["export", str(options.corpus), "-o", str(db), "--metadata", str(meta)]
        if hotparse_main(argv) != 0:
            sys.exit("search_recall: the export failed")
        box = _box_counts(db, meta) if options.datasette else {}
        conn = sqlite3.connect(db)
        from hotparse.tabular.query import register

        register(conn)
        header = (
            "| table | query | scan | _search (box) | three indexes (box before) "
            "| _fts (words) | _trigram | _grams |"
        )
        if box:
            header += " Datasette box |"
        print(header)
        print("|" + " --- |" * (header.count("|") - 1))
        for table in SEARCHED:
            for query in QUERIES:
                want = scan(conn, table, query)
                found = [
                    matched(conn, f"{table}_search", query),
                    union(conn, table, query),
                    *(
                        matched(conn, f"{table}_{suffix}", query)
                        for suffix in ("fts", "trigram", "grams")
                    ),
                ]
                cells = [
                    rows
                    if isinstance(rows, str)
                    else f"{len(rows)}" + ("" if rows == want else " (wrong)")
                    for rows in found
                ]
                line = f"| {table} | `{query}` | {len(want)} | " + " | ".join(cells) + " |"
                if box:
                    line += f" {box[table, query]} |"
                print(line)
        conn.close()


if __name__ == "__main__":
    main()
