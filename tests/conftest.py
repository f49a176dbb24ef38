"""Shared test helpers: where the fixtures and the real archive are."""

from __future__ import annotations

import contextlib
import importlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
SCHEMA = ROOT / "docs" / "schema.json"


def read_exact(path: Path) -> str:
    """A file's text with its line endings untouched."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def corpus_files() -> list[Path]:
    """The real posts, or an empty list when ../shared is not there."""
    return sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    files = corpus_files()
    if not files:
        pytest.skip("../shared/corpus is not present")
    return files


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


def require(module: str) -> Any:
    """Import a module that the ``test`` extra installs (duckdb, pandas, pyarrow,
    datasette); when it is missing the test fails, it is not skipped."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        pytest.fail(f"{module} is not installed: pip install -e '.[test]'")


@contextlib.contextmanager
def datasette_serving(db: Path, metadata: Path) -> Iterator[str]:
    """``datasette serve`` of ``db`` on 127.0.0.1 at a free port, until the block ends:
    its base URL (the test fails with Datasette's output when it does not start)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db), "--host", "127.0.0.1",
         "--port", str(port), "--metadata", str(metadata)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=10):
                    break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read() if process.stdout else ""
                    pytest.fail(f"datasette did not start:\n{output}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
