"""Take the screenshot of Datasette's papers table shown in docs/tables.md.

The database is exported from our own fixture posts (no third-party data), served
by Datasette on 127.0.0.1 and a free port, and photographed by headless
Chromium; both are stopped afterwards.

    python scripts/screenshot_tables.py                    # writes docs/tables-datasette.png
    python scripts/screenshot_tables.py --browser chromium --output shot.png

Needs the ``datasette`` extra and a Chromium (``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hotparse.cli import main as hotparse_main  # noqa: E402

POSTS = ("basic.md", "range.md", "title-markup.md", "hand-pasted.md", "mojibake-cp1254.md")
COLUMNS = ("title", "retweets", "favorites", "primary_category", "arxiv_id")
"""Shown besides the key columns (post_id, rank), which Datasette always shows."""
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit("screenshot_tables: datasette did not start")
            time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--browser", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "tables-datasette.png")
    parser.add_argument("--size", default="1400,1400", help="window width,height")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db, meta = work / "hot.db", work / "metadata.json"
        inputs = [str(ROOT / "fixtures" / name) for name in POSTS]
        if hotparse_main(["export", *inputs, "-o", str(db), "--metadata", str(meta)]) != 0:
            sys.exit("screenshot_tables: the export failed")
        port = _free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "datasette",
                "serve",
                str(db),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--metadata",
                str(meta),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(f"{base}/-/versions.json", server)
            columns = "&".join(f"_col={name}" for name in COLUMNS)
            url = f"{base}/hot/papers?_sort_desc=retweets&{columns}"
            profile = work / "chromium-profile"
            profile.mkdir()
            subprocess.run(
                [
                    options.browser,
                    *CHROMIUM_FLAGS,
                    f"--user-data-dir={profile}",
                    f"--window-size={options.size}",
                    f"--screenshot={options.output.resolve()}",
                    url,
                ],
                check=True,
                timeout=120,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"wrote {options.output}")


if __name__ == "__main__":
    main()
