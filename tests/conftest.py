"""Shared test helpers: where the fixtures and the real archive are."""

from __future__ import annotations

import importlib
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
