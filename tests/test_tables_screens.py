"""Each table's first screen in Datasette shows rows, in a real browser (issue 16).

scripts/screenshot_tables.py exports the fixture posts, serves them with Datasette on
127.0.0.1 and photographs the papers table, a search of the tweets and a tweet's row
page with headless Chromium at 1400x1000; ``--check`` also has Chromium measure
where each page's first table row starts and fails when it is below the window.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, require

SCRIPT = ROOT / "scripts" / "screenshot_tables.py"


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_first_screens_show_rows(tmp_path: Path) -> None:
    require("datasette")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check", "--browser", browser, "--output-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    tops = dict(re.findall(r"^(\S+): first row at (\d+) px of 1000$", done.stdout, re.M))
    assert len(tops) == 3, done.stdout
    assert all(int(top) < 1000 for top in tops.values()), tops
    for name in ("tables-papers.png", "tables-search.png", "tables-tweet.png"):
        assert _png_size(tmp_path / name) == (1400, 1000)
