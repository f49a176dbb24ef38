"""The command line, run in-process through ``main(argv) -> int``."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import hotparse
from hotparse.cli import main
from tests.conftest import FIXTURES

BASIC = str(FIXTURES / "basic.md")
DAMAGED = str(FIXTURES / "damaged.md")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_one_file_prints_one_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "dump", BASIC)
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["title"] == hotparse.load(BASIC).title
    assert data == hotparse.to_dict(hotparse.load(BASIC))


def test_several_files_print_an_array_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    range_post = str(FIXTURES / "range.md")
    code, out, _ = run(capsys, "dump", range_post, BASIC)
    assert code == 0
    assert [post["source"] for post in json.loads(out)] == [range_post, BASIC]


def test_folder_prints_its_md_files_sorted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in ("b.md", "a.md"):
        (tmp_path / name).write_text((FIXTURES / "empty.md").read_text(encoding="utf-8"))
    (tmp_path / "notes.txt").write_text("not a post")
    code, out, _ = run(capsys, "dump", str(tmp_path))
    assert code == 0
    assert [Path(post["source"]).name for post in json.loads(out)] == ["a.md", "b.md"]


def test_jsonl_prints_one_object_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dump", "--jsonl", BASIC, BASIC)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert json.loads(lines[0]) == json.loads(lines[1])


@pytest.mark.parametrize("files", [1, 2], ids=["object", "array"])
def test_indent_matches_json_dumps(capsys: pytest.CaptureFixture[str], files: int) -> None:
    code, out, _ = run(capsys, "dump", "--indent", "3", *[BASIC] * files)
    data = json.loads(out)
    assert code == 0
    assert out == json.dumps(data, ensure_ascii=False, indent=3) + "\n"


def test_output_file_is_written(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    code, out, _ = run(capsys, "dump", "-o", str(target), BASIC)
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["source"] == BASIC
    assert [path.name for path in tmp_path.iterdir()] == ["out.json"]  # no temp left


def test_output_into_missing_folder_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "dump", "-o", str(tmp_path / "no" / "out.json"), BASIC)
    assert code == 1
    assert "cannot write" in err and "Traceback" not in err


def test_failure_is_reported_and_the_others_still_printed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("# just markdown\n")
    code, out, err = run(capsys, "dump", str(bad), BASIC)
    assert code == 1
    assert [post["source"] for post in json.loads(out)] == [BASIC]
    assert (
        err.strip()
        == f"{bad}:1: no front matter: a Hot Papers post starts with a '---' line, then YAML with a title, then another '---' line"
    )


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "dump", str(tmp_path / "nope.md"))
    assert code == 1 and out == ""
    assert err.startswith(f"{tmp_path / 'nope.md'}: cannot read file")


def test_problems_are_warnings_and_strict_makes_them_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "dump", DAMAGED)
    assert code == 0 and json.loads(out)["problems"]
    assert f"{DAMAGED}:" in err and ": warning: " in err
    code, out, err = run(capsys, "dump", "--strict", DAMAGED)
    assert code == 1 and out == ""
    assert ": error: " in err


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FIXTURES / "basic.md").read_bytes()
    fake = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code, out, _ = run(capsys, "dump", "-")
    assert code == 0
    assert json.loads(out)["source"] == "<stdin>"


def test_jobs_keeps_order_and_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(path) for path in FIXTURES.glob("*.md") if path.name != "README.md")
    _, serial, _ = run(capsys, "dump", "--jsonl", *files)
    code, parallel, _ = run(capsys, "dump", "--jsonl", "--jobs", "2", *files)
    assert code == 0 and parallel == serial


@pytest.mark.parametrize(
    "argv",
    [[], ["dump"], ["frobnicate"], ["dump", "--indent", "x", BASIC], ["dump", "-j", "0", BASIC]],
    ids=["no-command", "no-path", "unknown-command", "bad-indent", "zero-jobs"],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert "usage:" in err and "Traceback" not in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"hotparse {hotparse.__version__}"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("ci", [None, "true"], ids=["terminal", "terminal-in-ci"])
def test_progress_only_on_a_terminal_outside_ci(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, ci: str | None
) -> None:
    import hotparse.cli._progress as cli

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(cli, "_PROGRESS_AFTER", 0.0)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    code = main(["dump", "--jsonl", BASIC, BASIC, BASIC])
    capsys.readouterr()
    assert code == 0
    shown = "hotparse: 3/3 files" in terminal.getvalue()
    assert shown is (ci is None)


def test_no_progress_in_a_pipe(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import hotparse.cli._progress as cli

    monkeypatch.setattr(cli, "_PROGRESS_AFTER", 0.0)
    monkeypatch.delenv("CI", raising=False)
    code, _, err = run(capsys, "dump", "--jsonl", BASIC, BASIC)
    assert code == 0 and "files" not in err


def test_file_name_that_is_not_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import os

    path = tmp_path / os.fsdecode(b"caf\xe9.md")  # a Latin-1 name: "caf\udce9.md"
    path.write_bytes((FIXTURES / "basic.md").read_bytes())
    assert main(["dump", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    out.encode("utf-8")  # what a UTF-8 stdout must be able to write (no lone surrogates)
    [post] = json.loads(out)
    assert post["source"] == str(path)


def test_stdin_closed(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert main(["dump", "-"]) == 1
    err = capsys.readouterr().err
    assert err == "<stdin>: standard input is closed\n"


def test_output_through_a_link_keeps_the_link_and_the_mode(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n")
    real.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert main(["dump", "-o", str(link), str(FIXTURES / "basic.md")]) == 0
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["title"] == "Hot Papers 2021-04-14"
    assert real.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_output_to_a_device_writes_to_it(capsys: pytest.CaptureFixture[str]) -> None:
    import stat

    assert main(["dump", "-o", "/dev/null", str(FIXTURES / "basic.md")]) == 0
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)  # still the device, not a file


def test_progress_line_never_shares_a_line_with_a_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import hotparse.cli._progress as cli

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(cli, "_PROGRESS_AFTER", 0.0)
    monkeypatch.delenv("CI", raising=False)
    damaged = str(FIXTURES / "damaged.md")
    code = main(["dump", "--jsonl", BASIC, damaged, BASIC])
    capsys.readouterr()
    assert code == 0
    # what a terminal shows: each line as last redrawn after a carriage return
    lines = [line.rsplit("\r", 1)[-1].replace("\033[K", "") for line in terminal.getvalue().split("\n")]
    messages = [line for line in lines if "damaged.md:" in line]
    assert messages and all(line.startswith(damaged + ":") for line in messages)
    assert "hotparse: 3/3 files" in terminal.getvalue()


def test_folder_leaves_out_hidden_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes((FIXTURES / "basic.md").read_bytes())
    (tmp_path / "._a.md").write_bytes(b"\x00\x05\x16\x07 resource fork")
    assert main(["dump", str(tmp_path)]) == 0
    assert [post["source"] for post in json.loads(capsys.readouterr().out)] == [
        str(tmp_path / "a.md")
    ]


def test_source_may_be_a_path() -> None:
    post = hotparse.parse((FIXTURES / "basic.md").read_text(encoding="utf-8"), source=FIXTURES / "basic.md")  # type: ignore[arg-type]
    assert post.source == str(FIXTURES / "basic.md")
    json.dumps(hotparse.to_dict(post))


# --------------------------------------------------------------------------- inputs that are not read


def _post_bytes() -> bytes:
    return (FIXTURES / "basic.md").read_bytes()


def _special_folder(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    """A folder with one good post and one ``*.md`` entry of each kind that cannot be read."""
    import os

    folder = tmp_path / "special"
    folder.mkdir()
    (folder / "good.md").write_bytes(_post_bytes())
    bad = {
        "dangling-link": folder / "a-dangling.md",
        "link-loop": folder / "b-loop.md",
        "fifo": folder / "c-fifo.md",
        "folder": folder / "d-folder.md",
    }
    bad["dangling-link"].symlink_to(folder / "nowhere.md")
    bad["link-loop"].symlink_to(bad["link-loop"].name)
    os.mkfifo(bad["fifo"])
    bad["folder"].mkdir()
    (bad["folder"] / "inner.md").write_bytes(_post_bytes())
    return folder, bad


def test_folder_entries_that_cannot_be_read_are_failures(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder, bad = _special_folder(tmp_path)
    code, out, err = run(capsys, "dump", str(folder))
    assert code == 1
    assert [post["source"] for post in json.loads(out)] == [str(folder / "good.md")]
    lines = err.splitlines()
    assert len(lines) == len(bad), err
    for path in bad.values():
        [line] = [line for line in lines if line.startswith(f"{path}: ")]
        assert "Traceback" not in line


def test_iter_posts_reports_folder_entries_that_cannot_be_read(tmp_path: Path) -> None:
    folder, bad = _special_folder(tmp_path)
    errors: list[hotparse.ParseError] = []
    posts = list(hotparse.iter_posts(folder, on_error=errors.append))
    assert [post.source for post in posts] == [str(folder / "good.md")]
    assert sorted(error.source or "" for error in errors) == sorted(map(str, bad.values()))


@pytest.mark.parametrize("layout", ["empty", "only-subfolders", "only-other-files"])
def test_input_without_posts_gets_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, layout: str
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    if layout == "only-subfolders":
        (folder / "2021").mkdir()
        (folder / "2021" / "a.md").write_bytes(_post_bytes())
    elif layout == "only-other-files":
        (folder / "notes.txt").write_text("x")
    code, out, err = run(capsys, "dump", str(folder))
    assert code == 0 and json.loads(out) == []
    [line] = err.splitlines()
    assert line.startswith(f"{folder}: warning: ") and "no *.md" in line


def test_folder_that_cannot_be_listed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder without read permission (simulated: the tests may run as root)."""
    import errno
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.md").write_bytes(_post_bytes())
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run(capsys, "dump", str(locked), BASIC)
    assert code == 1
    assert [post["source"] for post in json.loads(out)] == [BASIC]
    assert err.splitlines() == [f"{locked}: cannot read folder: Permission denied"]


@pytest.mark.parametrize("kind", ["name-too-long", "not-a-folder"])
def test_path_that_cannot_be_looked_up_is_one_failure(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    path = str(tmp_path / ("x" * 300 + ".md")) if kind == "name-too-long" else BASIC + "/inner.md"
    code, out, err = run(capsys, "dump", path, BASIC)
    assert code == 1
    assert [post["source"] for post in json.loads(out)] == [BASIC]
    [line] = err.splitlines()
    assert line.startswith(f"{path}: cannot read file: ")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_device_input_has_the_size_limit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import hotparse.reader

    monkeypatch.setattr(hotparse.reader, "MAX_BYTES", 1 << 20)
    code, out, err = run(capsys, "dump", "/dev/zero", BASIC)
    assert code == 1
    assert [post["source"] for post in json.loads(out)] == [BASIC]
    [line] = err.splitlines()
    assert line.startswith("/dev/zero: ") and "1048576 bytes" in line and "limit" in line


def test_stdin_has_the_size_limit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import hotparse.reader

    monkeypatch.setattr(hotparse.reader, "MAX_BYTES", 1 << 16)
    fake = io.TextIOWrapper(io.BytesIO(_post_bytes() * 20), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code, out, err = run(capsys, "dump", "-")
    assert code == 1 and out == ""
    assert err.startswith("<stdin>: ") and "65536 bytes" in err and "limit" in err


def test_huge_indent_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "dump", "--indent", "100000000", BASIC)
    assert code == 2 and out == ""
    assert "--indent" in err and "Traceback" not in err


# --------------------------------------------------------------------------- names in messages


def test_file_name_with_a_newline_stays_on_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "two\nlines.md"
    path.write_bytes((FIXTURES / "damaged.md").read_bytes())
    bad = tmp_path / "bad\rname.md"
    bad.write_text("# just markdown\n")
    code, _, err = run(capsys, "dump", str(path), str(bad))
    assert code == 1
    lines = err.splitlines()
    assert lines and all(line.startswith(str(tmp_path)) for line in lines), lines
    shown = str(tmp_path / "two\\nlines.md")
    assert any(line.startswith(shown + ":") for line in lines)
    assert lines[-1].startswith(str(tmp_path / "bad\\rname.md") + ":1: ")


def test_file_name_not_utf8_leaves_the_text_unescaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import os

    path = tmp_path / os.fsdecode(b"caf\xe9.md")
    path.write_bytes((FIXTURES / "basic.md").read_bytes())
    assert main(["dump", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Anaïs" in out  # the post's own text is not \u-escaped
    assert json.loads(out)["source"] == str(path)


# --------------------------------------------------------------------------- output targets


def test_output_name_near_the_system_limit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / ("o" * 250 + ".json")
    code, _, err = run(capsys, "dump", "-o", str(target), BASIC)
    assert code == 0, err
    assert json.loads(target.read_text(encoding="utf-8"))["source"] == BASIC
    assert [path.name for path in tmp_path.iterdir()] == [target.name]


def test_output_on_a_link_loop_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to("loop.json")
    code, out, err = run(capsys, "dump", "-o", str(loop), BASIC)
    assert code == 1 and out == ""
    assert loop.is_symlink()
    assert err.startswith(f"hotparse: error: cannot write {loop}: ")
    assert [path.name for path in tmp_path.iterdir()] == ["loop.json"]


def test_readme_says_which_message_form_applies_without_a_line() -> None:
    readme = (FIXTURES.parent / "README.md").read_text(encoding="utf-8")
    assert "`PATH:LINE: message`" in readme and "`PATH: message` when no line applies" in readme


def test_parse_error_with_a_newline_in_the_name_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "two\nlines.md"
    path.write_text("# just markdown\n")
    with pytest.raises(hotparse.ParseError) as caught:
        hotparse.load(path)
    assert caught.value.source == str(path)  # kept as given
    assert str(caught.value) == f"{tmp_path}/two\\nlines.md:1:1: {caught.value.message}"


class _SignalInFinaliser:
    """Sends SIGHUP to this process from ``__del__``: Python runs the handler there and
    drops its exception ("Exception ignored in ..."), as can happen whenever a signal
    lands while a finaliser runs."""

    def __del__(self) -> None:
        import os
        import signal

        os.kill(os.getpid(), signal.SIGHUP)
        for _ in range(1000):  # the handler runs at one of these steps
            pass


def _signal_after_loading(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every load sends SIGHUP from a finaliser once the post is read; returns the
    paths loaded."""
    import hotparse.reader

    loaded: list[str] = []
    real_load = hotparse.reader.load

    def load(path: Any, **options: Any) -> Any:
        loaded.append(str(path))
        post = real_load(path, **options)
        finaliser = _SignalInFinaliser()
        del finaliser  # the signal's exception is dropped here, not raised
        return post

    monkeypatch.setattr(hotparse.reader, "load", load)
    return loaded


def _stopped_quietly(err: str) -> None:
    """One line, ``hotparse: stopped by SIGHUP``: Python's report of the exception it
    dropped ("Exception ignored in ...", a traceback) is not shown (CI saw it once,
    when the signal landed in importlib's weakref callback)."""
    assert err.splitlines() == ["hotparse: stopped by SIGHUP"]


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGHUP"), reason="no SIGHUP here")
def test_a_stop_whose_exception_was_dropped_ends_the_run_before_the_next_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    loaded = _signal_after_loading(monkeypatch)
    hook = sys.unraisablehook
    first, second = FIXTURES / "basic.md", FIXTURES / "crlf.md"
    status = main(["dump", "--jsonl", str(first), str(second)])
    captured = capsys.readouterr()
    assert status == 129
    assert loaded == [str(first)]  # the second input was never opened
    _stopped_quietly(captured.err)
    from hotparse.cli import _signals as cli

    assert not cli._pending_stop  # a later run in this process starts afresh
    assert sys.unraisablehook is hook  # put back as it was


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGHUP"), reason="no SIGHUP here")
def test_a_stop_dropped_after_the_last_input_still_ends_the_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    loaded = _signal_after_loading(monkeypatch)
    status = main(["dump", "--jsonl", str(FIXTURES / "basic.md")])
    captured = capsys.readouterr()
    assert loaded == [str(FIXTURES / "basic.md")]
    assert status == 129  # not 0: the run was stopped, though nothing was left to read
    _stopped_quietly(captured.err)


def test_a_run_in_another_thread_keeps_the_main_runs_stop() -> None:
    """Found by review: ``main`` run from another thread (a library embedding it) cleared
    the record of a stop the main thread's run had dropped, which then ended with exit
    0 and no message."""
    import signal
    import threading

    from hotparse.cli import _signals

    with _signals.stop_on_signals():
        _signals._pending_stop.append(signal.SIGHUP)  # a stop Python dropped
        worker = threading.Thread(target=main, args=(["--version"],))
        worker.start()
        worker.join()
        with pytest.raises(_signals.Stopped):
            _signals.check_stop()


def test_a_hook_set_during_the_run_is_kept() -> None:
    import sys

    from hotparse.cli._signals import stop_on_signals

    saved = sys.unraisablehook

    def mine(unraisable: Any) -> None:
        pass

    try:
        with stop_on_signals():
            sys.unraisablehook = mine
        assert sys.unraisablehook is mine
    finally:
        sys.unraisablehook = saved


def test_a_message_is_written_with_its_line_end_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A signal between a warning's text and its newline glued the stop message to the
    warning (found by review, 4 runs in 350 of --jobs runs signalled as a group)."""
    import sys

    from hotparse.cli._messages import say

    writes: list[str] = []

    class Stderr:
        def write(self, text: str) -> int:
            writes.append(text)
            return len(text)

        def flush(self) -> None:
            pass

    monkeypatch.setattr(sys, "stderr", Stderr())
    say("post.md: warning: something")
    assert writes == ["post.md: warning: something\n"]


def test_other_dropped_exceptions_are_still_reported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Only the stop is kept quiet: an error dropped in a finaliser during a run is
    reported by the hook that was there before."""
    import sys

    from hotparse.cli._signals import stop_on_signals

    seen: list[type[BaseException] | None] = []

    def previous(unraisable: Any) -> None:
        seen.append(unraisable.exc_type)

    class Broken:
        def __del__(self) -> None:
            raise ValueError("dropped")

    saved = sys.unraisablehook
    sys.unraisablehook = previous
    try:
        with stop_on_signals():
            broken = Broken()
            del broken
    finally:
        sys.unraisablehook = saved
    assert seen == [ValueError]
