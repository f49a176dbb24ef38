"""Output names, stop signals inherited by --jobs workers, the worker count and the
progress lines off a terminal: the cases an adversarial review of the command line
found (each fails on the code before its fix)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hotparse.cli import main
from tests.conftest import FIXTURES

HOTPARSE = [sys.executable, "-m", "hotparse.cli"]


def _posts(folder: Path) -> list[Path]:
    folder.mkdir()
    found = []
    for name in ("basic.md", "range.md"):
        shutil.copyfile(FIXTURES / name, folder / name)
        found.append(folder / name)
    return found


@pytest.mark.parametrize("format_", ["csv", "parquet"])
def test_metadata_that_is_a_table_file_is_refused(
    tmp_path: Path, format_: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if format_ == "parquet":
        pytest.importorskip("pyarrow")
    [post, _] = _posts(tmp_path / "in")
    out = tmp_path / "out"
    metadata = out / f"papers.{format_}"
    assert main(["export", "--format", format_, "-o", str(out), "--metadata", str(metadata),
                 str(post)]) == 2
    err = capsys.readouterr().err
    assert "give --metadata another name" in err, err
    assert not out.exists()  # refused before anything was written


@pytest.mark.parametrize("format_", ["csv", "parquet"])
def test_input_named_as_a_table_file_in_the_output_folder_is_refused(
    tmp_path: Path, format_: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if format_ == "parquet":
        pytest.importorskip("pyarrow")
    folder = tmp_path / "C"
    folder.mkdir()
    post = folder / f"posts.{format_}"
    shutil.copyfile(FIXTURES / "basic.md", post)
    before = post.read_bytes()
    assert main(["export", "--format", format_, "-o", str(folder), str(post)]) == 2
    assert "is the input" in capsys.readouterr().err
    assert post.read_bytes() == before


def test_standard_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    """``hotparse dump a.md b.md >> b.md``: as ``-o b.md`` (and as cat) it is refused."""
    first, second = _posts(tmp_path / "in")
    before = second.read_bytes()
    with second.open("ab") as appended:
        done = subprocess.run(
            [*HOTPARSE, "dump", "--jsonl", str(first), str(second)],
            stdout=appended, stderr=subprocess.PIPE, timeout=120,
        )
    assert done.returncode == 2
    assert b"standard output is the input" in done.stderr
    assert second.read_bytes() == before
    # standard output a file that is no input is fine
    with (tmp_path / "out.jsonl").open("wb") as out:
        assert subprocess.run([*HOTPARSE, "dump", "--jsonl", str(first)], stdout=out,
                              timeout=120).returncode == 0


def test_file_name_that_is_not_utf8_is_exported_and_kept(tmp_path: Path) -> None:
    if sys.platform == "darwin":  # pragma: no cover - macOS refuses such names
        pytest.skip("the file system refuses names that are not UTF-8")
    folder = tmp_path / "N"
    _posts(folder)
    odd = os.fsencode(folder) + b"/c\xff.md"
    shutil.copyfile(FIXTURES / "title-markup.md", os.fsdecode(odd))
    db = tmp_path / "n.db"
    assert main(["export", str(folder), "-o", str(db)]) == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM posts").fetchone()[0] == 3
        stored = [row[0] for row in conn.execute("SELECT source FROM hotparse_sources")]
    assert any(name.endswith("c\\xff.md") for name in stored), stored
    # the re-run finds all three unchanged (the odd name included), with --jobs too
    written: list[str] = []
    from hotparse.tabular.sqlite import SQLiteWriter

    original = SQLiteWriter.write

    def write(self: Any, rows: Any, source: Any = None) -> None:
        written.append(rows["posts"][0]["post_id"])
        original(self, rows, source)

    SQLiteWriter.write = write  # type: ignore[method-assign]
    try:
        assert main(["export", "--jobs", "2", str(folder), "-o", str(db)]) == 0
    finally:
        SQLiteWriter.write = original  # type: ignore[method-assign]
    assert written == []


def _stop_checked(path: str, settings: Any) -> Any:
    from hotparse.cli._inputs import Outcome
    from hotparse.cli._signals import check_stop

    check_stop()
    return Outcome(path=path, value=len(path), errors=())


def test_workers_forget_a_stop_the_parent_recorded_before_the_fork(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A stop recorded in the parent just before the workers start is the parent's:
    the workers read their files (before the fix each one raised it, printed a
    traceback, and every file was reported as read by a dead worker).  The parent's
    own check between files (which ends the run on that stop) is switched off here,
    to see what the workers do."""
    from hotparse.cli import _pool, _signals

    monkeypatch.setattr(_pool, "check_stop", lambda: None)
    files = [f"file-{n}" for n in range(6)]
    _signals._pending_stop.append(signal.SIGTERM)
    try:
        found = list(_pool.outcomes(_stop_checked, files, None, 2))
    finally:
        _signals._pending_stop.clear()
    assert [each.value for each in found] == [len(path) for path in files]


def test_the_parent_of_workers_ends_the_run_on_a_stop_it_recorded() -> None:
    """Found by review: a stop Python dropped in the parent of a --jobs run was never
    raised again, and the run read every file (or waited for ever on a FIFO)."""
    from hotparse.cli import _pool, _signals

    files = [f"file-{n}" for n in range(6)]
    _signals._pending_stop.append(signal.SIGTERM)
    try:
        with pytest.raises(_signals.Stopped):
            list(_pool.outcomes(_stop_checked, files, None, 2))
    finally:
        _signals._pending_stop.clear()


def test_no_more_workers_than_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hotparse.cli import _pool

    started: list[int] = []
    original = _pool._Pool.__init__

    def init(self: Any, work: Any, settings: Any, jobs: int) -> None:
        started.append(jobs)
        original(self, work, settings, jobs)

    monkeypatch.setattr(_pool._Pool, "__init__", init)
    folder = tmp_path / "in"
    _posts(folder)
    assert main(["dump", "--jobs", "1000", "--jsonl", str(folder)]) == 0
    capsys.readouterr()
    assert started and max(started) == 2


def test_progress_off_a_terminal_is_whole_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--progress`` into a log: no carriage return or terminal escape, so every message
    stays a ``PATH: message`` line of its own."""
    import hotparse.cli._progress as progress

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "_PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(progress, "_LOG_EVERY", 0.0)
    folder = tmp_path / "in"
    _posts(folder)
    shutil.copyfile(FIXTURES / "damaged.md", folder / "damaged.md")
    main(["dump", "--progress", "--jsonl", str(folder)])
    err = capsys.readouterr().err
    assert "\r" not in err and "\033" not in err, repr(err)
    lines = err.splitlines()
    assert any(line.startswith("hotparse: 1/3 files") for line in lines), lines
    assert any(line.startswith(str(folder / "damaged.md") + ":") for line in lines), lines
