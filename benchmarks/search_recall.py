"""What each full-text index of an export finds, beside a plain scan, on ../shared/corpus.

Usage (from the repository root, in the venv)::

    python benchmarks/search_recall.py                 # export the corpus to a temp db
    python benchmarks/search_recall.py --db hot.db     # an existing export
    python benchmarks/search_recall.py --datasette     # also ask Datasette's search box

For each query and each searched table it prints the rows a plain scan finds (the
query's words as case-insensitive substrings of the searched columns; ``a OR b``
is the union) and the rows each index finds: ``*_fts`` (words, ``unicode61``, the
SQLite default), ``*_trigram`` (substrings), ``*_grams`` (one- and two-character
words of Chinese and Japanese), and ``*_search``, the view Datasette's search box
uses (trigram and grams together).  With ``--datasette`` the box itself is asked,
through Datasette's JSON (``?_search=``), on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

QUERIES = (
    "transformer",
    "diffusion",
    "reinforcement",
    "論文",
    "強化学習",
    "diffusion OR transformer",
    "論文 OR 強化学習",
)
SEARCHED = {"tweets": ("text",), "papers": ("title", "abstract")}


def scan(conn: sqlite3.Connection, table: str, query: str) -> set[int]:
    """Rows holding any of the OR-ed words, case-insensitively (Python's ``lower``)."""
    words = [word.lower() for word in query.split(" OR ")]
    columns = SEARCHED[table]
    found = set()
    for row in conn.execute(f"SELECT rowid, {', '.join(columns)} FROM [{table}]"):
        texts = [(value or "").lower() for value in row[1:]]
        if any(word in text for word in words for text in texts):
            found.add(row[0])
    return found


def matched(conn: sqlite3.Connection, index: str, query: str) -> set[int]:
    sql = f"SELECT rowid FROM [{index}] WHERE [{index}] MATCH ?"
    return {rowid for (rowid,) in conn.execute(sql, [query])}


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
        header = "| table | query | scan | _fts (words) | _trigram | _grams | _search (box) |"
        if box:
            header += " Datasette box |"
        print(header)
        print("|" + " --- |" * (header.count("|") - 1))
        for table in SEARCHED:
            for query in QUERIES:
                want = scan(conn, table, query)
                found = {
                    suffix: matched(conn, f"{table}_{suffix}", query)
                    for suffix in ("fts", "trigram", "grams", "search")
                }
                cells = [
                    f"{len(rows)}" + ("" if rows >= want else f" (misses {len(want - rows)})")
                    for rows in found.values()
                ]
                line = f"| {table} | `{query}` | {len(want)} | " + " | ".join(cells) + " |"
                if box:
                    line += f" {box[table, query]} |"
                print(line)
        conn.close()


if __name__ == "__main__":
    main()
