"""The exported database opens in Datasette with no configuration: search, facets, links.

Datasette really runs here, on 127.0.0.1 and a free port, and is stopped at the end.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hotparse.cli import main
from tests.conftest import FIXTURES, require

ARCHIVE = ("basic.md", "range.md", "title-markup.md", "hand-pasted.md", "mojibake-cp1254.md")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    require("datasette")
    folder = tmp_path_factory.mktemp("datasette")
    db = folder / "hot.db"
    meta = folder / "metadata.json"
    argv = ["export", *(str(FIXTURES / name) for name in ARCHIVE), "-o", str(db), "--metadata", str(meta)]
    assert main(argv) == 0
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db), "--host", "127.0.0.1",
         "--port", str(port), "--metadata", str(meta)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(base, "/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read() if process.stdout else ""
                    pytest.fail(f"datasette did not start:\n{output}")
                time.sleep(0.2)
        yield base, db
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


def test_full_text_search(served: tuple[str, Path]) -> None:
    base, _ = served
    rows = _get(base, "/hot/papers.json?_search=idioms&_shape=array")
    assert [row["title"] for row in rows] == ["Do Multilingual Language Models Dream of Electric Idioms?"]
    rows = _get(base, "/hot/tweets.json?_search=napkin&_shape=array")
    assert [row["author_handle"] for row in rows] == ["priya_venk_"]


def test_facet_counts_match_the_database(served: tuple[str, Path]) -> None:
    base, db = served
    data = _get(base, "/hot/tweets.json?_facet=lang&_size=0")
    facet = {item["value"]: item["count"] for item in data["facet_results"]["lang"]["results"]}
    with sqlite3.connect(db) as conn:
        want = dict(conn.execute("SELECT lang, count(*) FROM tweets WHERE lang IS NOT NULL GROUP BY lang"))
    assert facet == want and facet["ja"] >= 2


def test_post_id_links_to_the_post(served: tuple[str, Path]) -> None:
    base, _ = served
    rows = _get(base, "/hot/papers.json?_labels=on&_shape=array&post_id=hot-papers-2021-04-14")
    assert len(rows) == 3
    assert rows[0]["post_id"] == {"value": "hot-papers-2021-04-14", "label": "Hot Papers 2021-04-14"}
    rows = _get(base, "/hot/tweets.json?_labels=on&_shape=array&author_handle=priya_venk_")
    assert rows[0]["post_id"]["label"] == "Hot Papers 2021-04-14"


def test_metadata_is_served(served: tuple[str, Path]) -> None:
    base, _ = served
    meta = _get(base, "/-/metadata.json")
    assert meta["title"] == "Hot Papers archive"
    columns = meta["databases"]["hot"]["tables"]["papers"]["columns"]
    assert "not only the embedded ones" in columns["retweets"]
