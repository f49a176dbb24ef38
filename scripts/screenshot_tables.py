"""Take the screenshots of Datasette shown in docs/tables.md: the papers table, a
search of the tweets and a tweet's row page, each as it first opens (1400x1000).

The database is exported from our own fixture posts (no third-party data), served
by Datasette on 127.0.0.1 and a free port with the metadata ``hotparse export
--metadata`` writes, and photographed by headless Chromium; both are stopped
afterwards.

    python scripts/screenshot_tables.py                    # writes docs/tables-*.png
    python scripts/screenshot_tables.py --browser chromium --output-dir shots/

Needs the ``datasette`` extra and a Chromium (``apt-get install chromium``; for the
Japanese text, ``fonts-noto-cjk``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hotparse.cli import main as hotparse_main  # noqa: E402

POSTS = ("basic.md", "range.md", "title-markup.md", "hand-pasted.md", "mojibake-cp1254.md")
PAGES = {
    "tables-papers.png": "/hot/papers",
    "tables-search.png": "/hot/tweets?_search=%E8%A8%80%E8%AA%9E+OR+napkin",
    "tables-tweet.png": "/hot/tweets/hot-papers-2021-04-14~2F3~2F2",
}
"""Each screenshot and the page it shows: the papers table as it opens (its default
sort and columns), the tweets holding 言語 or napkin, and one tweet's row."""
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


_PROBE = """<!doctype html>
<html><body style="margin:0">
<iframe id="page" style="width:{width}px;height:{height}px;border:0"></iframe>
<script>
const frame = document.getElementById("page");
frame.onload = () => {{
  const row = frame.contentDocument.querySelector("table.rows-and-columns tbody tr");
  const out = document.createElement("pre");
  out.id = "first-row-top";
  out.textContent = row ? String(Math.round(row.getBoundingClientRect().top)) : "none";
  document.body.appendChild(out);
}};
frame.src = decodeURIComponent(location.hash.slice(1));
</script></body></html>
"""
"""A page served by Datasette beside the database (same origin), that opens a page in
a frame of the screenshot's size and writes where its first table row starts."""


def first_row_top(browser: str, base: str, path: str, size: str, profile: Path) -> int | None:
    """Where the first row of the page's table starts, in pixels from the top of a
    window of ``size``; None when the page shows no row."""
    width, height = size.split(",")
    done = subprocess.run(
        [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={int(width) + 40},{int(height) + 40}",
            "--virtual-time-budget=15000",
            "--dump-dom",
            f"{base}/probe/probe.html#{urllib.parse.quote(path, safe='')}",
        ],
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    found = re.search(r'<pre id="first-row-top">([^<]*)</pre>', done.stdout)
    if found is None:
        sys.exit(f"screenshot_tables: the probe of {path} gave no answer")
    return None if found.group(1) == "none" else int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--browser", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--output-dir", type=Path, default=ROOT / "docs")
    parser.add_argument("--size", default="1400,1000", help="window width,height")
    parser.add_argument(
        "--check",
        action="store_true",
        help="also say where each page's first row starts, and fail when it is not on "
        "the first screen",
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db, meta = work / "hot.db", work / "metadata.json"
        inputs = [str(ROOT / "fixtures" / name) for name in POSTS]
        if hotparse_main(["export", *inputs, "-o", str(db), "--metadata", str(meta)]) != 0:
            sys.exit("screenshot_tables: the export failed")
        probe = work / "probe"
        probe.mkdir()
        width, height = options.size.split(",")
        (probe / "probe.html").write_text(
            _PROBE.format(width=width, height=height), encoding="utf-8"
        )
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
                "--static",
                f"probe:{probe}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(f"{base}/-/versions.json", server)
            failed: list[str] = []
            for name, path in PAGES.items():
                profile = work / f"chromium-profile-{name}"
                profile.mkdir()
                output = (options.output_dir / name).resolve()
                subprocess.run(
                    [
                        options.browser,
                        *CHROMIUM_FLAGS,
                        f"--user-data-dir={profile}",
                        f"--window-size={options.size}",
                        f"--screenshot={output}",
                        base + path,
                    ],
                    check=True,
                    timeout=120,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                print(f"wrote {output}")
                if options.check:
                    top = first_row_top(
                        options.browser, base, path, options.size, work / f"probe-{name}"
                    )
                    print(f"{path}: first row at {top} px of {height}")
                    if top is None or top >= int(height):
                        failed.append(path)
        finally:
            server.terminate()
            server.wait(timeout=10)
    if options.check and failed:
        sys.exit(f"screenshot_tables: no row on the first screen of {', '.join(failed)}")


if __name__ == "__main__":
    main()
