"""What ``dump`` and ``export`` share, written once: the flags, ``--jobs``, the format table."""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import pytest

from hotparse.cli import main
from hotparse.tabular import FORMATS
from hotparse.tabular.formats import OUTPUT_FORMATS, Format, format_hint, guess_format
from tests.conftest import FIXTURES, corpus_files

HOTPARSE = [sys.executable, "-m", "hotparse.cli"]


def _table_rows(db: Path) -> dict[str, list[str]]:
    """Every table and view, rows sorted (as text)."""
    with sqlite3.connect(db) as conn:
        names = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
        )]
        return {
            name: sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{name}"'))
            for name in names
        }


def _archive(tmp_path: Path) -> Path:
    """Every fixture (duplicate post_ids, a file that is not a post, damaged posts)
    and, when ../shared is there, a dozen real posts."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for path in [*sorted(FIXTURES.glob("*.md")), *corpus_files()[:12]]:
        shutil.copyfile(path, folder / path.name)
    return folder


@pytest.mark.parametrize("extra", [[], ["--strict"], ["--no-repair"]], ids=["plain", "strict", "no-repair"])
def test_export_jobs_gives_the_same_rows_and_messages(tmp_path: Path, extra: list[str]) -> None:
    folder = _archive(tmp_path)
    runs = []
    for jobs in ("1", "2"):
        db = tmp_path / f"jobs{jobs}.db"
        done = subprocess.run(
            [*HOTPARSE, "export", "--jobs", jobs, *extra, str(folder), "-o", str(db)],
            capture_output=True, text=True, timeout=300,
        )
        runs.append((done.returncode, done.stderr, _table_rows(db)))
    (code1, err1, rows1), (code2, err2, rows2) = runs
    assert code1 == 1 and "README.md:1: no front matter" in err1  # README.md is not a post
    assert "was already given by" in err1  # two fixtures share a slug
    assert (code2, err2) == (code1, err1)
    assert rows1["posts"] and rows2 == rows1


def test_format_table_gives_choices_help_and_messages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert tuple(each.name for each in OUTPUT_FORMATS) == FORMATS
    assert set(FORMATS) == set(get_args(Format))
    assert main(["export", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "{" + ",".join(FORMATS) + "}" in help_text
    for each in OUTPUT_FORMATS:
        assert each.name in help_text
        for suffix in each.suffixes:
            assert guess_format(f"x{suffix.upper()}") == each.name
            assert f"*{suffix}" in help_text and f"*{suffix}" in format_hint()
    assert main(["export", str(FIXTURES / "basic.md"), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.endswith(f"hotparse: error: {tmp_path / 'out'}: {format_hint()}\n")
    assert all(name in format_hint() for name in FORMATS)
    assert main(["export", "--format", "nope", str(FIXTURES / "basic.md"), "-o", "x"]) == 2
    assert "invalid choice: 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["dump", "export"])
def test_both_commands_take_the_shared_flags(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    for flag in ("--strict", "--no-repair", "--jobs N", "PATH"):
        assert flag in out, (command, flag)


def _stored_rows(db: Path) -> dict[str, list[str]]:
    """Every table's rows but the full-text indexes' (their segments depend on the
    order of writes), sorted (as text)."""
    with sqlite3.connect(db) as conn:
        tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
        virtual = [n for n, sql in tables if sql.upper().startswith("CREATE VIRTUAL TABLE")]
        names = [n for n, _ in tables if not any(n == v or n.startswith(v + "_") for v in virtual)]
        return {n: sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{n}"')) for n in names}


def test_export_jobs_rerun_sends_only_changed_files_to_workers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --jobs the parent asks the database whether a file's post is kept before
    any worker gets the file: a re-run of an unchanged archive sends none, a changed
    file alone is sent, and the database ends as a fresh export's."""
    from hotparse.cli import _pool

    archive = tmp_path / "archive"
    archive.mkdir()
    for path in [FIXTURES / name for name in ("basic.md", "range.md", "damaged.md")]:
        shutil.copyfile(path, archive / path.name)
    for path in corpus_files()[:6]:
        shutil.copyfile(path, archive / path.name)
    sent: list[str] = []
    original = _pool._Pool.submit

    def submit(self: Any, path: str) -> Any:
        sent.append(Path(path).name)
        return original(self, path)

    monkeypatch.setattr(_pool._Pool, "submit", submit)
    db = tmp_path / "hot.db"

    def export(*extra: str) -> tuple[int, str]:
        status = main(["export", "--jobs", "2", *extra, str(archive), "-o", str(db)])
        return status, capsys.readouterr().err

    first = export()
    assert first[0] == 0 and "warning:" in first[1]  # damaged.md has problems
    assert sorted(sent) == sorted(path.name for path in archive.iterdir())
    before = _stored_rows(db)

    sent.clear()
    assert export() == first  # the same warnings said again, the same status
    assert sent == []  # no file parsed again
    assert _stored_rows(db) == before

    text = (archive / "range.md").read_text(encoding="utf-8")
    (archive / "range.md").write_text(text.replace("Tidy Attention", "Tidier Attention"), encoding="utf-8")
    assert export()[0] == 0
    assert sent == ["range.md"]
    fresh = tmp_path / "fresh.db"
    assert main(["export", str(archive), "-o", str(fresh)]) == 0
    assert _stored_rows(db) == _stored_rows(fresh)

    sent.clear()  # other options: every post is written again
    assert export("--no-repair")[0] == 0
    assert sorted(sent) == sorted(path.name for path in archive.iterdir())


@pytest.mark.parametrize("format_", FORMATS)
def test_export_jobs_gives_the_same_entity_tables(tmp_path: Path, format_: str) -> None:
    """The entity tables (arxiv_papers, accounts) of an export with --jobs are those
    of one process, in every format."""
    if format_ == "parquet":
        pytest.importorskip("pyarrow")
    folder = _archive(tmp_path)
    found = []
    for jobs in ("1", "2"):
        out = tmp_path / (f"jobs{jobs}.db" if format_ == "sqlite" else f"jobs{jobs}")
        assert main(["export", "--jobs", jobs, "--format", format_, str(folder), "-o", str(out)]) == 1
        if format_ == "sqlite":
            rows = _table_rows(out)
            found.append({name: rows[name] for name in ("arxiv_papers", "accounts")})
        elif format_ == "csv":
            found.append({
                name: (out / f"{name}.csv").read_text(encoding="utf-8").splitlines()[1:]
                for name in ("arxiv_papers", "accounts")
            })
        else:
            import pyarrow.parquet as pq

            found.append({
                name: pq.read_table(out / f"{name}.parquet").to_pylist()
                for name in ("arxiv_papers", "accounts")
            })
    assert all(found[0].values()) and found[1] == found[0]


@pytest.mark.parametrize("command", ["dump", "export"])
def test_help_ends_with_examples(capsys: pytest.CaptureFixture[str], command: str) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    head, _, examples = out.partition("\nexamples:\n")
    assert "usage:" in head and examples
    lines = examples.strip("\n").split("\n")
    assert len(lines) >= 3 and all(line.startswith(f"  hotparse {command} ") or line.startswith("  cat ") for line in lines)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


_SUMMARY = re.compile(
    r"hotparse: (\d+) posts, (\d+) papers, (\d+) tweets, (\d+) problems(?:, (\d+) failed)? in [0-9.]+ s"
)


@pytest.mark.parametrize("command", ["dump", "export"])
def test_progress_and_summary_on_a_terminal_or_when_asked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: str
) -> None:
    import hotparse
    import hotparse.cli._progress as progress

    names = ["basic.md", "damaged.md", "range.md", "README.md"]
    files = [str(FIXTURES / name) for name in names]
    out = ["--jsonl"] if command == "dump" else ["-o", str(tmp_path / "x.db")]
    posts = [hotparse.load(path) for path in files[:3]]
    expected = (
        len(posts), sum(len(post.papers) for post in posts),
        sum(len(paper.tweets) for post in posts for paper in post.papers),
        sum(len(post.problems) for post in posts), 1,
    )
    monkeypatch.delenv("CI", raising=False)
    # not a terminal, not asked: no progress, no summary
    assert main([command, *out, *files]) == 1
    assert _SUMMARY.search(capsys.readouterr().err) is None
    # asked (--progress): the summary, though stderr is not a terminal
    assert main([command, "--progress", *out, *files]) == 1
    [found] = _SUMMARY.findall(capsys.readouterr().err)
    assert tuple(int(each) for each in found) == expected
    # a terminal: the progress line with rate and time left, then the summary
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(progress, "_PROGRESS_AFTER", 0.0)
    assert main([command, *out, *files]) == 1
    capsys.readouterr()
    shown = terminal.getvalue()
    assert re.search(r"\rhotparse: 4/4 files, [0-9.]+ files/s, 0 s left", shown), shown
    assert shown.endswith("\n") and _SUMMARY.fullmatch(shown.rstrip("\n").rsplit("\n", 1)[-1].split("\r")[-1].replace("\033[K", ""))
