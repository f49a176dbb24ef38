"""``hotparse export`` meets every input path, output target, stream and signal as ``dump`` does.

The input matrix runs both commands on the same arguments and asserts the same
exit status and the same message lines, and that export's tables hold exactly
the posts dump printed.  Then what differs by nature (the output is a database
or a folder, not a stream) is pinned down: special files, descriptors, link
loops and names too long as ``-o`` or ``--metadata`` are one ``hotparse:
error: cannot write …`` line with nothing replaced or left behind; a signal
leaves the database whole with one line saying so, exit 128 + N.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import hotparse
import hotparse.reader
import hotparse.tabular
from hotparse.cli import main
from hotparse.tabular.schema import ALL_TABLES
from tests.conftest import FIXTURES

BASIC = str(FIXTURES / "basic.md")
HOTPARSE = [sys.executable, "-m", "hotparse.cli"]
ENV = {**os.environ, "PYTHONFAULTHANDLER": ""}
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and signals")


def _copy(path: Path, slug: str = "hot-papers-2021-04-14") -> None:
    text = Path(BASIC).read_text(encoding="utf-8")
    path.write_text(text.replace('slug: "hot-papers-2021-04-14"', f'slug: "{slug}"'), encoding="utf-8")


def _mixed_folder(tmp: Path) -> list[str]:
    folder = tmp / "mixed"
    folder.mkdir()
    _copy(folder / "a.md", "a")
    (folder / "b.md").symlink_to(folder / "nowhere.md")
    (folder / "c.md").symlink_to("c.md")
    os.mkfifo(folder / "d.md")
    (folder / "e.md").mkdir()
    _copy(folder / "f.md", "f")
    return [str(folder)]


def _empty_folder(tmp: Path) -> list[str]:
    (tmp / "empty").mkdir()
    return [str(tmp / "empty")]


def _only_subfolders(tmp: Path) -> list[str]:
    (tmp / "outer" / "inner").mkdir(parents=True)
    _copy(tmp / "outer" / "inner" / "post.md")
    return [str(tmp / "outer")]


def _long_name(tmp: Path) -> list[str]:
    path = tmp / ("n" * 252 + ".md")  # 255 bytes, the usual NAME_MAX
    _copy(path, "long")
    return [str(path), str(tmp / ("n" * 300 + ".md"))]


def _links(tmp: Path) -> list[str]:
    (tmp / "loop.md").symlink_to("loop.md")
    (tmp / "dangling.md").symlink_to(tmp / "nowhere.md")
    _copy(tmp / "target.md", "target")
    (tmp / "link.md").symlink_to(tmp / "target.md")
    return [str(tmp / "loop.md"), str(tmp / "dangling.md"), str(tmp / "link.md")]


def _devices(tmp: Path) -> list[str]:
    return ["/dev/null", "/dev/zero", BASIC]  # /dev/zero: the size limit (1 MiB here)


def _bad_names(tmp: Path) -> list[str]:
    return [str(tmp / "nope.md"), str(tmp / "a\x00b.md"), str(tmp / "new\nline.md"), BASIC]


def _unreadable(tmp: Path) -> list[str]:
    _copy(tmp / "locked.md", "locked")
    (tmp / "locked.md").chmod(0)
    (tmp / "shut").mkdir()
    _copy(tmp / "shut" / "post.md", "shut")
    (tmp / "shut").chmod(0)
    return [str(tmp / "locked.md"), str(tmp / "shut"), BASIC]


INPUTS: dict[str, Callable[[Path], list[str]]] = {
    "mixed-folder": _mixed_folder,
    "empty-folder": _empty_folder,
    "only-subfolders": _only_subfolders,
    "names-near-name-max": _long_name,
    "links": _links,
    "devices": _devices,
    "bad-names": _bad_names,
    "unreadable": _unreadable,
}


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, list[str]]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err.splitlines()


def _exported(db: Path) -> list[str]:
    if not db.exists():
        return []
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return [source for (source,) in conn.execute("SELECT source FROM posts ORDER BY rowid")]


@pytest.mark.parametrize("kind", sorted(INPUTS))
def test_export_reads_inputs_as_dump_does(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if kind == "unreadable" and ROOT:
        pytest.skip("root reads files without read permission")
    monkeypatch.setattr(hotparse.reader, "MAX_BYTES", 1 << 20)
    paths = INPUTS[kind](tmp_path)
    dump_status, out, dump_err = _run(capsys, "dump", *paths)
    db = tmp_path / "out.db"
    export_status, export_out, export_err = _run(capsys, "export", "-o", str(db), *paths)
    # the messages (errors and warnings) are the same lines, the status the same
    assert export_out == ""
    assert "Traceback" not in "\n".join(export_err)
    assert export_err == dump_err
    assert export_status == dump_status
    # and export holds exactly the posts dump printed
    printed = json.loads(out) if out else []
    printed = [printed] if isinstance(printed, dict) else printed
    assert _exported(db) == [post["source"] for post in printed]
    if kind in ("mixed-folder", "links", "devices", "bad-names"):
        assert dump_status == 1 and dump_err  # a failure of its own, not a quiet skip
    if kind in ("empty-folder", "only-subfolders"):
        assert dump_status == 0 and len(dump_err) == 1 and "warning: no *.md files" in dump_err[0]


def test_export_reads_a_fifo_and_stdin_as_dump_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = Path(BASIC).read_bytes()
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("wb") as writer:
            writer.write(data)

    for command in (["dump"], ["export", "-o", str(tmp_path / "fifo.db")]):
        thread = threading.Thread(target=feed)
        thread.start()
        status, _out, err = _run(capsys, *command, str(fifo))
        thread.join(10)
        assert (status, err) == (0, []), command
    assert _exported(tmp_path / "fifo.db") == [str(fifo)]

    monkeypatch.setattr(hotparse.reader, "MAX_BYTES", 1 << 16)
    for command in (["dump"], ["export", "-o", str(tmp_path / "stdin.db")]):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        status, _out, err = _run(capsys, *command, "-")
        assert (status, err) == (0, []), command
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data * 40), encoding="utf-8"))
        status, _out, err = _run(capsys, *command, "-")
        assert status == 1 and len(err) == 1, command
        assert err[0].startswith("<stdin>: ") and "65536 bytes" in err[0] and "limit" in err[0]
    assert _exported(tmp_path / "stdin.db") == ["<stdin>"]


# --------------------------------------------------------------------------- output targets


def _loop(tmp: Path) -> str:
    (tmp / "loop.db").symlink_to("loop.db")
    return str(tmp / "loop.db")


BAD_DATABASES: dict[str, tuple[Callable[[Path], str], str]] = {
    "dev-null": (lambda tmp: "/dev/null", "it is a character device; an SQLite database is a regular file"),
    "link-to-dev-full": (lambda tmp: _link(tmp, "/dev/full"), "it is a character device"),
    "dev-stdout": (lambda tmp: "/dev/stdout", "it names an open descriptor"),
    "proc-fd": (lambda tmp: "/proc/self/fd/1", "it names an open descriptor"),
    "fifo": (lambda tmp: (os.mkfifo(tmp / "p.db"), str(tmp / "p.db"))[1], "it is a named pipe (FIFO)"),
    "folder": (lambda tmp: ((tmp / "d.db").mkdir(), str(tmp / "d.db"))[1], "it is a folder"),
    "link-loop": (_loop, "Too many levels of symbolic links"),
    "missing-folder": (lambda tmp: str(tmp / "no" / "x.db"), "no does not exist"),
    "under-a-file": (lambda tmp: str(Path(BASIC) / "x.db"), "Not a directory"),
    "name-too-long": (lambda tmp: str(tmp / ("o" * 300 + ".db")), "File name too long"),
    # 250 bytes: a file name the system allows, but SQLite's "-journal" beside it is not
    "name-near-name-max": (lambda tmp: str(tmp / ("o" * 247 + ".db")), "the name is too long for SQLite"),
    "nul-in-name": (lambda tmp: str(tmp / "a\x00b.db"), "the name holds a NUL character"),
}


@pytest.mark.parametrize("kind", sorted(BAD_DATABASES))
def test_database_that_cannot_be_written_is_one_error(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, reason = BAD_DATABASES[kind]
    target = make(tmp_path)
    if target.startswith(("/dev/", "/proc/")) and not Path(target).exists():
        pytest.skip(f"no {target}")
    before = sorted(path.name for path in tmp_path.iterdir())
    status, out, err = _run(capsys, "export", "--format", "sqlite", "-o", target, BASIC)
    assert (status, out) == (1, "")
    shown = target.replace("\x00", "\\x00")
    assert len(err) == 1 and err[0].startswith(f"hotparse: error: cannot write {shown}: "), err
    assert reason in err[0]
    assert sorted(path.name for path in tmp_path.iterdir()) == before  # nothing made or replaced
    assert Path("/dev/full").is_char_device() or not Path("/dev/full").exists()
    # the API says the same as an OSError
    with pytest.raises(OSError, match=r"^cannot write ") as caught:
        hotparse.export([hotparse.load(BASIC)], target, format="sqlite")
    assert reason in str(caught.value)


def test_database_name_at_the_sqlite_limit_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / ("o" * 244 + ".db")  # 247 bytes, and 255 with "-journal"
    status, _out, err = _run(capsys, "export", "-o", str(db), BASIC)
    assert (status, err) == (0, [])
    assert _exported(db) == [BASIC]
    folder = tmp_path / ("c" * 255)  # a folder name at NAME_MAX: its files have short names
    status, _out, err = _run(capsys, "export", "--format", "csv", "-o", str(folder), BASIC)
    assert (status, err) == (0, [])
    assert (folder / "posts.csv").is_file()


BAD_FOLDERS: dict[str, tuple[Callable[[Path], str], str]] = {
    "dev-null": (lambda tmp: "/dev/null", "/dev/null is not a folder"),
    "regular-file": (lambda tmp: ((tmp / "f").write_text("x"), str(tmp / "f"))[1], "is not a folder"),
    "link-loop": (lambda tmp: ((tmp / "loop").symlink_to("loop"), str(tmp / "loop"))[1], "Too many levels"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FOLDERS))
def test_folder_that_cannot_be_written_is_one_error(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, reason = BAD_FOLDERS[kind]
    target = make(tmp_path)
    before = sorted(path.name for path in tmp_path.iterdir())
    status, out, err = _run(capsys, "export", "--format", "csv", "-o", target, BASIC)
    assert (status, out) == (1, "")
    assert len(err) == 1 and err[0].startswith("hotparse: error: ") and reason in err[0], err
    assert sorted(path.name for path in tmp_path.iterdir()) == before


METADATA_TARGETS: dict[str, tuple[Callable[[Path], str], str | None]] = {
    # (target, the error's reason or None when it is written)
    # devices through a link: a regression (a temporary file renamed over the target)
    # replaces the link in tmp_path, never the machine's /dev/full
    "link-to-dev-full": (lambda tmp: _link(tmp, "/dev/full"), "No space left on device"),
    "link-to-dev-null": (lambda tmp: _link(tmp, "/dev/null"), None),
    "fifo": (lambda tmp: _fifo_with_reader(tmp), None),
    "link-loop": (lambda tmp: ((tmp / "m.json").symlink_to("m.json"), str(tmp / "m.json"))[1],
                  "Too many levels of symbolic links"),
    "missing-folder": (lambda tmp: str(tmp / "no" / "m.json"), "No such file or directory"),
    "name-at-name-max": (lambda tmp: str(tmp / ("m" * 255)), None),
    "link-to-a-file": (lambda tmp: ((tmp / "real.json").write_text("old"),
                                     (tmp / "m.json").symlink_to("real.json"), str(tmp / "m.json"))[2], None),
}


def _link(tmp: Path, device: str) -> str:
    if not Path(device).is_char_device():
        pytest.skip(f"no {device}")
    (tmp / "m.json").symlink_to(device)
    return str(tmp / "m.json")


_READ: list[bytes] = []


def _fifo_with_reader(tmp: Path) -> str:
    fifo = tmp / "m.json"
    os.mkfifo(fifo)

    def read() -> None:
        with fifo.open("rb") as reader:
            _READ.append(reader.read())

    threading.Thread(target=read, daemon=True).start()
    return str(fifo)


@pytest.mark.parametrize("kind", sorted(METADATA_TARGETS))
def test_metadata_is_written_as_dump_writes_its_output(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--metadata on a device, a link or a long name: written through as ``dump -o``
    writes (never replacing /dev/full with a regular file), or one clear error."""
    make, reason = METADATA_TARGETS[kind]
    target = make(tmp_path)
    if target.startswith("/dev/") and not Path(target).exists():
        pytest.skip(f"no {target}")
    db = tmp_path / "hot.db"
    _READ.clear()
    status, out, err = _run(capsys, "export", "-o", str(db), "--metadata", target, BASIC)
    assert out == ""
    assert _exported(db) == [BASIC]  # the tables are written before the metadata
    if kind.startswith("link-to-dev"):
        assert Path(target).is_symlink() and Path(target).is_char_device()  # not replaced
    if kind == "fifo":
        assert Path(target).is_fifo()
        assert _wait_for(lambda: bool(_READ)) and json.loads(_READ[0])["databases"]
    if reason is None:
        assert (status, err) == (0, [])
        if kind in ("name-at-name-max", "link-to-a-file"):
            assert json.loads(Path(target).read_text())["databases"]
            assert Path(target).is_symlink() == (kind == "link-to-a-file")  # written through
    else:
        assert status == 1
        assert err == [err[0]] and err[0].startswith(f"hotparse: error: cannot write {target}: ")
        assert reason in err[0]
    leftovers = [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")]
    assert leftovers == []


# --------------------------------------------------------------------------- streams and signals


def shell(command: str) -> subprocess.CompletedProcess[bytes]:
    line = " ".join(f"'{part}'" for part in HOTPARSE)
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, timeout=60, check=False,
        env={**ENV, "HOTPARSE": line},
    )


@pytest.mark.parametrize("command", ["dump", "export"])
def test_closed_stderr_keeps_the_exit_status(tmp_path: Path, command: str) -> None:
    """Messages to a closed stderr are dropped; the status still says an input failed."""
    out = f"-o '{tmp_path / 'x.db'}'" if command == "export" else ""
    done = shell(f"eval \"$HOTPARSE {command} {out} '{BASIC}' '{tmp_path}/nope.md'\" 2>&- >/dev/null")
    assert done.returncode == 1
    assert done.stderr == b""


def test_export_with_closed_stdout_works(tmp_path: Path) -> None:
    """export writes nothing to stdout: a closed stdout is no error (dump's is)."""
    done = shell(f"eval \"$HOTPARSE export -o '{tmp_path / 'x.db'}' '{BASIC}'\" >&-")
    assert (done.returncode, done.stderr) == (0, b"")
    assert _exported(tmp_path / "x.db") == [BASIC]
    # through a link to /dev/stdout: a regression (a file renamed over the target)
    # replaces the link in tmp_path, not the machine's /dev/stdout
    link = tmp_path / "meta.json"
    link.symlink_to("/dev/stdout")
    done = shell(f"eval \"$HOTPARSE export -o '{tmp_path / 'y.db'}' --metadata '{link}' '{BASIC}'\" >&-")
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        f"hotparse: error: cannot write {link}: the descriptor is closed"
    ]
    assert link.is_symlink()


@pytest.mark.parametrize("command", ["dump", "export"])
def test_messages_into_a_closed_pipe_are_quiet(tmp_path: Path, command: str) -> None:
    """``hotparse … 2>&1 | head -c 10`` with many messages (SIGPIPE on stderr): no
    BrokenPipeError noise, no hang, the status of the run."""
    for number in range(300):
        (tmp_path / f"bad-{number:03}.md").write_text("no front matter\n")
    out = f"-o '{tmp_path / 'x.db'}'" if command == "export" else ""
    done = shell(
        f"eval \"$HOTPARSE {command} {out} '{tmp_path}'\" 2>&1 >/dev/null | head -c 10 >/dev/null;"
        " echo ${PIPESTATUS[0]} >&2"
    )
    assert done.stderr.decode().strip() == "1"


def _fifo_run(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[bytes], Path]:
    folder = tmp_path / "posts"
    folder.mkdir()
    for number in range(3):
        _copy(folder / f"post-{number}.md", f"post-{number}")
    fifo = tmp_path / "waiting.md"
    os.mkfifo(fifo)  # opening it for reading waits: the run is under way until the signal
    process = subprocess.Popen(
        [*HOTPARSE, *args, str(folder), str(fifo)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
    )
    return process, fifo


def _wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> bool:
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


SIGNALS = [signal.SIGTERM, signal.SIGHUP, signal.SIGINT]


@pytest.mark.parametrize("signum", SIGNALS, ids=["SIGTERM", "SIGHUP", "SIGINT"])
def test_signal_during_sqlite_export(tmp_path: Path, signum: int) -> None:
    db = tmp_path / "out" / "hot.db"
    db.parent.mkdir()
    process, _fifo = _fifo_run(tmp_path, "export", "-o", str(db))
    try:
        assert _wait_for(lambda: len(_exported_quietly(db)) == 3), "the first posts were not written"
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    text = err.decode()
    assert process.returncode == 128 + signum, text
    how = "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"
    assert text.splitlines() == [
        f"hotparse: {how}: {db} holds every post exported before this one; "
        "run the export again to finish"
    ]
    assert len(_exported(db)) == 3
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def _exported_quietly(db: Path) -> list[str]:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)) as conn:
            return [source for (source,) in conn.execute("SELECT source FROM posts")]
    except sqlite3.Error:
        return []


@pytest.mark.parametrize("signum", SIGNALS, ids=["SIGTERM", "SIGHUP", "SIGINT"])
def test_signal_during_folder_export_leaves_the_folder_as_it_was(tmp_path: Path, signum: int) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "posts.csv").write_text("old\n")
    process, _fifo = _fifo_run(tmp_path, "export", "--format", "csv", "-o", str(folder))
    try:
        assert _wait_for(lambda: any(path.name.endswith(".tmp") for path in folder.iterdir()))
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    text = err.decode()
    assert process.returncode == 128 + signum, text
    assert len(text.splitlines()) == 1 and f"{folder} is unchanged" in text, text
    assert [path.name for path in folder.iterdir()] == ["posts.csv"]  # no temporary file left
    assert (folder / "posts.csv").read_text() == "old\n"


# --------------------------------------------------------------------------- busy databases
#
# Another connection holds a lock on the database: export waits for it up to the busy
# timeout (hotparse.tabular.sqlite.BUSY_TIMEOUT, documented in docs/tables.md), then
# gives up with one line naming the file and the kind of lock, exit status 1.


def _hold_write_lock(db: Path, *, new: bool) -> tuple[sqlite3.Connection, threading.Event]:
    """A connection in another thread that takes the write lock and keeps it until the
    event is set (``new``: on a database file it has just created, else on an export)."""
    if not new:
        assert main(["export", BASIC, "-o", str(db)]) == 0
    holder = sqlite3.connect(db, check_same_thread=False, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE IF NOT EXISTS theirs (x)" if new else "UPDATE posts SET title = title")
    release = threading.Event()

    def hold() -> None:
        release.wait(30)
        holder.execute("COMMIT")
        holder.close()

    threading.Thread(target=hold, daemon=True).start()
    return holder, release


def test_busy_timeout_is_the_documented_one() -> None:
    from hotparse.tabular.sqlite import BUSY_TIMEOUT

    docs = (Path(__file__).resolve().parent.parent / "docs").joinpath
    assert f"up to **{BUSY_TIMEOUT:g} seconds**" in docs("tables.md").read_text(encoding="utf-8")
    assert f"waited for up to {BUSY_TIMEOUT:g} seconds" in docs("cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("new", [True, False], ids=["while-export-creates-its-schema", "on-an-export"])
def test_export_waits_for_a_lock_held_for_two_seconds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], new: bool
) -> None:
    db = tmp_path / "hot.db"
    _, release = _hold_write_lock(db, new=new)
    capsys.readouterr()
    threading.Timer(2.0, release.set).start()
    status, out, err = _run(capsys, "export", str(FIXTURES / "range.md"), BASIC, "-o", str(db))
    assert release.is_set()  # it did wait
    assert (status, out, err) == (0, "", [])
    assert len(_exported(db)) == 2


@pytest.mark.parametrize("new", [True, False], ids=["while-export-creates-its-schema", "on-an-export"])
def test_lock_held_past_the_busy_timeout_is_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, new: bool
) -> None:
    import hotparse.tabular.sqlite

    monkeypatch.setattr(hotparse.tabular.sqlite, "BUSY_TIMEOUT", 0.5)
    db = tmp_path / "hot.db"
    _, release = _hold_write_lock(db, new=new)
    capsys.readouterr()
    try:
        status, out, err = _run(capsys, "export", str(FIXTURES / "range.md"), "-o", str(db))
    finally:
        release.set()
    assert (status, out) == (1, "")
    assert err == [
        f"hotparse: error: {db}: the database is locked: another connection holds its write "
        "lock (a write transaction is open); hotparse waited 0.5 seconds for it (the busy "
        "timeout). Run the export again when that program has finished"
    ]
    # the API says the same, as an OSError naming the file
    with pytest.raises(OSError, match="the database is locked"):
        _, release = _hold_write_lock(tmp_path / "api.db", new=True)
        try:
            hotparse.export([hotparse.load(BASIC)], tmp_path / "api.db")
        finally:
            release.set()


# --------------------------------------------------------------------------- nothing exported
#
# An export whose inputs all fail leaves no new file and no new folder (and an existing
# output as it was); an export of a post or more creates them as before.

def _not_a_post(tmp: Path) -> str:
    (tmp / "notes.md").write_text("just a note, no front matter\n", encoding="utf-8")
    return str(tmp / "notes.md")


_FAILING_INPUTS: dict[str, Callable[[Path], list[str]]] = {
    "missing-folder": lambda tmp: [str(tmp / "no-such-folder")],
    "missing-file": lambda tmp: [str(tmp / "no-such.md")],
    "not-a-post": lambda tmp: [_not_a_post(tmp)],
    "two-failing": lambda tmp: [_not_a_post(tmp), str(tmp / "gone.md")],
}


@pytest.mark.parametrize("format_", ["sqlite", "csv", "parquet"])
@pytest.mark.parametrize("kind", sorted(_FAILING_INPUTS))
def test_export_whose_inputs_all_fail_leaves_nothing_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, format_: str
) -> None:
    if format_ == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / "out" / ("hot.db" if format_ == "sqlite" else "tables")
    (tmp_path / "out").mkdir()
    inputs = _FAILING_INPUTS[kind](tmp_path)
    metadata = str(tmp_path / "out" / "metadata.json")
    status, _, err = _run(
        capsys, "export", *inputs, "-o", str(out), "--format", format_, "--metadata", metadata
    )
    assert status == 1 and err
    assert list((tmp_path / "out").iterdir()) == []  # no file, no folder, no -wal, no metadata
    # a folder made for the output, parents included, is removed too
    deep = tmp_path / "new" / "deeper" / "tables"
    status, _, _ = _run(capsys, "export", *inputs, "-o", str(deep), "--format", format_)
    assert status == 1 and not (tmp_path / "new").exists()


@pytest.mark.parametrize("format_", ["csv", "parquet"])
def test_folder_export_whose_inputs_all_fail_keeps_the_old_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], format_: str
) -> None:
    if format_ == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / "tables"
    assert main(["export", BASIC, "-o", str(out), "--format", format_]) == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    status, _, _ = _run(capsys, "export", str(tmp_path / "gone"), "-o", str(out), "--format", format_)
    assert status == 1
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


# --------------------------------------------------------------------------- re-runs
#
# A re-run skips a file whose post the database holds as that file would write it
# (same path, same SHA-256, same hotparse, tables and options); it says the post's
# warnings again.  Anything else is written as before.


def _writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The post_id of every post the SQLite writer writes from now on."""
    from hotparse.tabular.sqlite import SQLiteWriter

    written: list[str] = []
    original = SQLiteWriter.write

    def write(self: SQLiteWriter, rows: Any, source: Any = None) -> None:
        written.append(rows["posts"][0]["post_id"])
        original(self, rows, source)

    monkeypatch.setattr(SQLiteWriter, "write", write)
    return written


def _dump_db(db: Path) -> dict[str, list[Any]]:
    """Every table's rows but the full-text indexes' (their segments depend on the
    order of writes; tests/test_export_interrupt.py compares what they find)."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
        virtual = [n for n, sql in tables if sql.upper().startswith("CREATE VIRTUAL TABLE")]
        names = [n for n, _ in tables if not any(n == v or n.startswith(v + "_") for v in virtual)]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}


def test_rerun_skips_unchanged_posts_and_writes_changed_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for name in ("basic.md", "range.md", "damaged.md"):
        (archive / name).write_bytes((FIXTURES / name).read_bytes())
    db = tmp_path / "hot.db"
    written = _writes(monkeypatch)
    first = _run(capsys, "export", str(archive), "-o", str(db))
    assert first[0] == 0 and len(written) == 3
    assert any("warning:" in line for line in first[2])  # damaged.md has problems
    before = _dump_db(db)

    written.clear()
    again = _run(capsys, "export", str(archive), "-o", str(db))
    assert written == []  # nothing read or written again
    assert again == first  # the same messages (the warnings said again) and status
    assert _dump_db(db) == before

    text = (archive / "range.md").read_text(encoding="utf-8")
    (archive / "range.md").write_text(text.replace("Tidy Attention", "Tidier Attention"), encoding="utf-8")
    assert _run(capsys, "export", str(archive), "-o", str(db))[0] == 0
    assert written == ["hot-papers-2021-03-05---2021-03-07"]
    with contextlib.closing(sqlite3.connect(db)) as conn:
        titles = [t for (t,) in conn.execute("SELECT title FROM papers_fts WHERE papers_fts MATCH 'tidier'")]
    assert titles == ["Tidier Attention: Sorting Tokens Before You Attend"]
    with contextlib.closing(sqlite3.connect(db)) as conn:  # the trigram index too
        found = conn.execute("SELECT title FROM papers_trigram WHERE papers_trigram MATCH 'idier'").fetchall()
    assert found == [("Tidier Attention: Sorting Tokens Before You Attend",)]
    fresh = tmp_path / "fresh.db"
    assert main(["export", str(archive), "-o", str(fresh)]) == 0
    assert _dump_db(db) == _dump_db(fresh)


@pytest.mark.parametrize(
    "change",
    ["no-repair", "strict", "other-path", "row-deleted", "bookkeeping-damaged"],
)
def test_rerun_writes_a_post_whenever_its_rows_could_differ(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "basic.md").write_bytes(Path(BASIC).read_bytes())
    db = tmp_path / "hot.db"
    assert main(["export", str(archive), "-o", str(db)]) == 0
    written = _writes(monkeypatch)
    options: list[str] = []
    inputs = str(archive)
    if change in ("no-repair", "strict"):
        options = [f"--{change}"]
    elif change == "other-path":
        inputs = str(archive / ".." / "archive")
    else:
        with contextlib.closing(sqlite3.connect(db)) as conn:
            if change == "row-deleted":  # a user removed the post by hand
                for table in ("problems", "tweet_entities", "tweets", "paper_categories", "paper_authors", "papers", "posts"):
                    conn.execute(f'DELETE FROM "{table}"')
            else:
                conn.execute("UPDATE hotparse_sources SET warnings = 'not json'")
            conn.commit()
    capsys.readouterr()
    status, _, _ = _run(capsys, "export", inputs, "-o", str(db), *options)
    assert status == 0 and written == ["hot-papers-2021-04-14"]


@pytest.mark.parametrize("name", ["ALL_TABLES", "ENTITY_SQL", "SEARCH", "SEARCH_VIEWS", "INDEXES", "VIEWS"])
def test_settings_digest_covers_every_definition(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Another table, entity, full-text index, search view, index or view: another
    ``settings``, so every post of a database written by other definitions is written again."""
    import hotparse.tabular.sqlite as sqlite_module

    before = sqlite_module.source_settings(repair=True, strict=False)
    value = getattr(sqlite_module, name)
    shorter = value[:-1] if isinstance(value, tuple) else dict(list(value.items())[:-1])
    monkeypatch.setattr(sqlite_module, name, shorter)
    assert sqlite_module.source_settings(repair=True, strict=False) != before


def test_settings_digest_covers_janome(monkeypatch: pytest.MonkeyPatch) -> None:
    """Installing the ``ja`` extra (janome) changes what repair gives Japanese text: a
    re-run after installing it writes the posts again (when repairing)."""
    import hotparse.tabular.sqlite as sqlite_module

    monkeypatch.setattr(sqlite_module, "_janome_version", lambda: "none")
    without = sqlite_module.source_settings(repair=True, strict=False)
    monkeypatch.setattr(sqlite_module, "_janome_version", lambda: "0.5.0")
    assert sqlite_module.source_settings(repair=True, strict=False) != without
    assert "janome 0.5.0" in sqlite_module.source_settings(repair=True, strict=False)
    # without repair janome is never used: the settings do not name it
    assert "janome" not in sqlite_module.source_settings(repair=False, strict=False)


def test_rerun_still_finds_a_duplicate_post_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The skipped post's post_id still counts: a new file with the same one is refused."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.md").write_bytes(Path(BASIC).read_bytes())
    db = tmp_path / "hot.db"
    assert main(["export", str(archive), "-o", str(db)]) == 0
    (archive / "b.md").write_bytes(Path(BASIC).read_bytes())  # the same slug
    capsys.readouterr()
    written = _writes(monkeypatch)
    rerun = _run(capsys, "export", str(archive), "-o", str(db))
    assert written == []  # a.md kept, b.md refused
    fresh = _run(capsys, "export", str(archive), "-o", str(tmp_path / "fresh.db"))
    assert rerun == fresh and rerun[0] == 1
    assert any("hot-papers-2021-04-14" in line for line in rerun[2])


# --------------------------------------------------------------------------- failing table files
#
# A Parquet or CSV export whose table files fail (a write: a full disk; a close: an
# I/O error at the end) at any table and any point: one error line, exit status 1, no
# temporary file left, the folder's files as they were.  Proven over injected failures
# (hypothesis), and with a real full disk (a file size limit) in real processes.

_TABLE_NAMES = [table.name for table in ALL_TABLES]  # the entity tables, written on close, too


class _Failing:
    """A table file that fails at its ``at``-th write, or when closed."""

    def __init__(self, stream: Any, how: str, at: int) -> None:
        self._stream = stream
        self._how = how
        self._at = at
        self._writes = 0

    def write(self, data: Any) -> int:
        self._writes += 1
        if self._how == "write" and self._writes >= self._at:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return int(self._stream.write(data))

    def close(self) -> None:
        self._stream.close()
        if self._how == "close":
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@pytest.fixture(scope="module")
def folder_exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """For each format: the files of an export of one post (the old files), and of three
    (what a successful export writes)."""
    pytest.importorskip("pyarrow")
    root = tmp_path_factory.mktemp("folder-exports")
    made: dict[str, Path] = {}
    for format_ in ("csv", "parquet"):
        for what, inputs in (("old", [BASIC]), ("new", _NEW_INPUTS)):
            out = root / f"{format_}-{what}"
            with contextlib.redirect_stderr(io.StringIO()):
                assert main(["export", *inputs, "-o", str(out), "--format", format_]) == 0
            made[f"{format_}-{what}"] = out
    return made


_NEW_INPUTS = [str(FIXTURES / name) for name in ("basic.md", "range.md", "hand-pasted.md")]


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    format_=st.sampled_from(["csv", "parquet"]),
    table=st.sampled_from(_TABLE_NAMES),
    how=st.sampled_from(["write", "close"]),
    at=st.integers(min_value=1, max_value=30),
    api=st.booleans(),
)
# the entity tables' files are written when the export closes
@example(format_="csv", table="accounts", how="write", at=2, api=False)  # 1: the header
@example(format_="parquet", table="arxiv_papers", how="write", at=2, api=True)
@example(format_="parquet", table="accounts", how="close", at=1, api=False)
def test_failing_table_file_leaves_no_temporary_file_and_the_old_files(
    folder_exports: dict[str, Path], format_: str, table: str, how: str, at: int, api: bool
) -> None:
    import hotparse.tabular.files as files

    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "tables"
        shutil.copytree(folder_exports[f"{format_}-old"], out)
        old = _files(out)
        original = files._open_temporary

        def failing(path: Path, mode: str) -> Any:
            stream = original(path, mode)
            return _Failing(stream, how, at) if path.name.startswith(f".{table}.") else stream

        stderr = io.StringIO()
        files._open_temporary = failing  # type: ignore[assignment]
        try:
            if api:
                try:
                    hotparse.export(map(hotparse.load, _NEW_INPUTS), out, format=format_)  # type: ignore[arg-type]
                    status = 0
                except OSError as error:
                    status = 1
                    stderr.write(f"hotparse: error: {error}\n")
            else:
                with contextlib.redirect_stderr(stderr):
                    status = main(["export", *_NEW_INPUTS, "-o", str(out), "--format", format_])
        finally:
            files._open_temporary = original  # type: ignore[assignment]
        assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
        if status == 0:  # the failure point was never reached: the new files
            assert how == "write"
            assert _files(out) == _files(folder_exports[f"{format_}-new"])
        else:
            assert status == 1
            lines = stderr.getvalue().splitlines()
            assert len(lines) == 1 and lines[0].startswith("hotparse: error: "), lines
            assert _files(out) == old


def _limited(limit: int) -> Callable[[], None]:
    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_file_size


@pytest.mark.parametrize("format_", ["csv", "parquet"])
def test_full_disk_leaves_no_temporary_file(
    folder_exports: dict[str, Path], tmp_path: Path, format_: str
) -> None:
    """Real processes under a file size limit: as a disk that fills up at each size."""
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(12):
        _copy(archive / f"post-{n:02d}.md", f"post-{n:02d}")
    whole = tmp_path / "whole"
    with contextlib.redirect_stderr(io.StringIO()):
        assert main(["export", str(archive), "-o", str(whole), "--format", format_]) == 0
    largest = max(path.stat().st_size for path in whole.iterdir())
    runs = {}
    for limit in (1, largest // 2, largest - 1):
        out = tmp_path / f"tables-{limit}"
        shutil.copytree(folder_exports[f"{format_}-old"], out)
        runs[limit] = subprocess.Popen(
            [*HOTPARSE, "export", str(archive), "-o", str(out), "--format", format_],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
            preexec_fn=_limited(limit),
        )
    old = _files(folder_exports[f"{format_}-old"])
    for limit, process in runs.items():
        _, err = process.communicate(timeout=120)
        out = tmp_path / f"tables-{limit}"
        assert process.returncode == 1, (limit, err)
        assert len(err.splitlines()) == 1 and "File too large" in err, (limit, err)
        assert _files(out) == old, limit


@pytest.mark.parametrize("format_", ["sqlite", "csv"])
def test_signal_before_the_first_post_leaves_no_new_output(tmp_path: Path, format_: str) -> None:
    """Stopped while it waits for its first input (a FIFO): the database or folder it made
    is removed, and the line says so."""
    out = tmp_path / ("hot.db" if format_ == "sqlite" else "tables")
    fifo = tmp_path / "waiting.md"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [*HOTPARSE, "export", str(fifo), "-o", str(out), "--format", format_],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
    )
    try:
        assert _wait_for(out.exists), "the output was not made"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 128 + signal.SIGTERM
    assert err.decode().splitlines() == [
        f"hotparse: stopped by SIGTERM: {out} was not created (the run ended before its first post)"
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["waiting.md"]


def test_failed_export_keeps_a_new_database_another_export_wrote_to(tmp_path: Path) -> None:
    """Two exports into the same new file at once: the one that made the file and wrote
    nothing does not remove it when the other wrote posts (or still has it open)."""
    from hotparse.tabular.rows import post_rows
    from hotparse.tabular.sqlite import SQLiteWriter

    db = tmp_path / "hot.db"
    first = SQLiteWriter(str(db))  # makes the file
    second = SQLiteWriter(str(db))
    second.write(post_rows(hotparse.load(BASIC))[0])
    first.abort()  # the other still has it open
    assert db.exists()
    second.close()
    again = SQLiteWriter(str(tmp_path / "other.db"))
    late = SQLiteWriter(str(tmp_path / "other.db"))
    late.write(post_rows(hotparse.load(BASIC))[0])
    late.close()
    again.abort()  # the other is done, and its post is there
    assert _exported(tmp_path / "other.db") == [BASIC]
