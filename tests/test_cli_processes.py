"""The command line in real processes: special files as output, closed streams, signals, --jobs.

Each test starts ``python -m hotparse.cli`` (or a shell around it) and looks at
what a user would see: exit status, stdout, stderr, files left behind.  The
timeouts are safety limits against hangs, not performance assertions.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

BASIC = str(FIXTURES / "basic.md")
HOTPARSE = [sys.executable, "-m", "hotparse.cli"]
ENV = {**os.environ, "PYTHONFAULTHANDLER": ""}

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes and signals")


def shell(command: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """``command`` under bash, with ``HOTPARSE`` naming the command line."""
    line = " ".join(f"'{part}'" for part in HOTPARSE)
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, timeout=60, check=False,
        env={**ENV, "HOTPARSE": line}, **kwargs,  # type: ignore[arg-type]
    )


def copies(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / f"copies-{count}"
    folder.mkdir()
    data = (FIXTURES / "basic.md").read_bytes()
    for number in range(count):
        (folder / f"post-{number:04}.md").write_bytes(data)
    return folder


# --------------------------------------------------------------------------- -o on special files


@pytest.mark.parametrize("target", ["/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"])
def test_output_to_stdout_device_appends_to_the_redirected_file(tmp_path: Path, target: str) -> None:
    if not Path(target).exists():
        pytest.skip(f"{target} does not exist here")
    log = tmp_path / "log.txt"
    log.write_text("before\n")
    done = shell(f'eval "$HOTPARSE dump -o {target} \'{BASIC}\'" >> "{log}"')
    assert done.returncode == 0, done.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("before\n")
    assert json.loads(text[len("before\n"):])["source"] == BASIC


@pytest.mark.parametrize("target", ["/dev/stdout", "/dev/stderr", "/proc/self/fd/1"])
def test_output_to_stdout_device_through_a_pipe(target: str) -> None:
    if not Path(target).exists():
        pytest.skip(f"{target} does not exist here")
    done = subprocess.run(
        [*HOTPARSE, "dump", "-o", target, BASIC], capture_output=True, timeout=60, check=False,
        env=ENV,
    )
    assert done.returncode == 0, done.stderr
    written = done.stderr if target == "/dev/stderr" else done.stdout
    assert json.loads(written)["source"] == BASIC


# --------------------------------------------------------------------------- closed and full streams


def test_closed_stdout_is_one_clear_error() -> None:
    done = shell(f"eval \"$HOTPARSE dump '{BASIC}'\" >&-")
    assert done.returncode == 1
    err = done.stderr.decode()
    assert "Traceback" not in err
    assert err.splitlines() == ["hotparse: error: standard output is closed"]


def test_output_to_dev_stdout_when_stdout_is_closed() -> None:
    done = shell(f"eval \"$HOTPARSE dump -o /dev/stdout '{BASIC}'\" >&-")
    assert done.returncode == 1
    err = done.stderr.decode()
    assert "Traceback" not in err
    assert err.splitlines() == ["hotparse: error: cannot write /dev/stdout: the descriptor is closed"]


def test_version_to_a_full_device_fails() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    done = shell('eval "$HOTPARSE --version" > /dev/full')
    assert done.returncode == 1
    err = done.stderr.decode()
    assert "Traceback" not in err and "Exception ignored" not in err
    assert err.startswith("hotparse: error: ") and "No space left on device" in err


def test_dump_to_a_full_device_fails() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    done = shell(f"eval \"$HOTPARSE dump '{BASIC}'\" > /dev/full")
    assert done.returncode == 1
    err = done.stderr.decode()
    assert "Traceback" not in err and "Exception ignored" not in err
    assert err.splitlines() == ["hotparse: error: cannot write output: No space left on device"]


# --------------------------------------------------------------------------- signals


def _wait_for(predicate: object, timeout: float = 30.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT],
                         ids=["SIGTERM", "SIGHUP", "SIGINT"])
def test_signal_during_output_removes_the_temporary_file(tmp_path: Path, signum: int) -> None:
    folder = copies(tmp_path, 3)
    fifo = tmp_path / "waiting.md"
    os.mkfifo(fifo)  # opening it for reading waits: the run is under way until the signal
    out = tmp_path / "out" / "posts.json"
    out.parent.mkdir()
    process = subprocess.Popen(
        [*HOTPARSE, "dump", "-o", str(out), str(folder), str(fifo)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
    )
    try:
        assert _wait_for(lambda: any(out.parent.iterdir())), "no temporary file appeared"
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 128 + signum, err
    assert b"Traceback" not in err
    assert list(out.parent.iterdir()) == [], "temporary file left behind"


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in task.read_text().split()]
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_jobs_dead_worker_is_an_error_for_its_file(tmp_path: Path) -> None:
    """A worker killed (as the out-of-memory killer would) while it reads one file:
    that file fails with a message, every other file is printed, no traceback."""
    folder = copies(tmp_path, 6)
    fifo = tmp_path / "stuck.md"
    os.mkfifo(fifo)  # a worker reading it waits until it is killed
    process = subprocess.Popen(
        [*HOTPARSE, "dump", "--jsonl", "--jobs", "2", str(folder), str(fifo)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        lines = [process.stdout.readline() for _ in range(6)]  # every file before the FIFO
        while process.poll() is None:  # kill the worker(s) still waiting, again after a retry
            time.sleep(0.3)
            for child in _children(process.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
        rest = process.stdout.read()
        err = process.stderr.read().decode()
    finally:
        process.kill()
        process.wait()
    assert [json.loads(line)["source"] for line in lines] == sorted(
        str(path) for path in folder.iterdir()
    )
    assert rest == b""
    assert process.returncode == 1, err
    assert "Traceback" not in err and "BrokenProcessPool" not in err
    [line] = err.splitlines()
    assert line.startswith(f"{fifo}: ") and "worker" in line


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_jobs_ctrl_c_ends_every_process(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole foreground process group) during ``dump -j 2``."""
    folder = copies(tmp_path, 400)
    process = subprocess.Popen(
        [*HOTPARSE, "dump", "--jsonl", "--jobs", "2", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, start_new_session=True,
    )
    assert process.stdout is not None
    try:
        process.stdout.readline()  # parsing is under way
        workers = _children(process.pid)
        assert workers
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    text = err.decode()
    assert process.returncode == 130, text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    assert text.splitlines() == ["hotparse: interrupted"]
    assert _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), 10)


# ---------------------------------------------------------------- start-up footprint
# `hotparse dump` of clean posts loads neither the table writers (sqlite3, csv, the
# export command) nor ftfy and its wcwidth tables: they are imported on first use.
# A post whose tweets only look suspect (names with diacritics next to each other)
# reaches the repair's evidence check, which imports ftfy; that is measured in
# benchmarks/bench_parse.py (startup, process), not asserted here.
_NOT_FOR_DUMP = (
    "sqlite3", "csv", "ftfy", "wcwidth", "hotparse.tabular.writers",
    "hotparse.tabular.command", "hotparse.tabular.rows", "hotparse.mojibake._evidence",
    "hotparse.tabular.sqlite", "hotparse.tabular.files", "hotparse.tabular.schema", "pyarrow",
)


def test_dump_of_clean_posts_imports_no_writer_nor_ftfy() -> None:
    code = (
        "import contextlib, io, sys\n"
        "from hotparse.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['dump', '--jsonl', {BASIC!r}]) == 0\n"
        f"print(' '.join(sorted(set({_NOT_FOR_DUMP!r}) & set(sys.modules))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == ""


def test_export_and_table_names_still_load_on_use() -> None:
    code = (
        "import hotparse, hotparse.tabular as t\n"
        "print(hotparse.export.__module__, hotparse.tables.__module__, t.TABLES[0].name,\n"
        "      'to_dataframes' in dir(hotparse), sorted(set(t.__all__) - set(dir(t))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == [
        "hotparse.tabular.writers", "hotparse.tabular.rows", "posts", "True", "[]"
    ]
