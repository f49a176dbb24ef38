"""Pathological inputs, each read in its own process with a time limit (like cmark's tests).

The cases and their checks are in ``tests/hostile/pathological.py``: posts
repeated 100 times, multi-megabyte lines, 50,000 nested tags in a tweet, long
runs of ``[``, ``*``, ``<`` and backticks in every part of a paper, cmark's
own pathological patterns, deep YAML, many papers / tweets / entities.  Each
input is built here from ``fixtures/basic.md``, written to a temporary file,
and read by a child process (``hotparse.load`` then the case's check; for
some cases also ``hotparse dump --jsonl``).  The time limit is a generous
safety limit against hangs and blow-ups, not a performance assertion.

To see how time grows with the input (the cases at 1x and 4x size)::

    python tests/test_pathological.py --report [--scale 4] [-k PATTERN]
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hostile.pathological import CASES
from hostile.repair_texts import KINDS as REPAIR_KINDS

HERE = Path(__file__).resolve().parent
CHILD = HERE / "hostile" / "pathological.py"
LIMIT = float(os.environ.get("HOTPARSE_PATHOLOGICAL_LIMIT", "20"))
"""Seconds a case may take, start-up included (a safety limit, not a benchmark)."""
WORKERS = int(os.environ.get("HOTPARSE_PATHOLOGICAL_WORKERS", str(min(2, os.cpu_count() or 1))))
"""Children run at the same time (each still in its own process with its own limit)."""


def write_input(name: str, folder: Path, scale: int = 1) -> Path:
    path = folder / f"{name}.md"
    path.write_text(CASES[name].make(scale), encoding="utf-8", newline="")
    return path


def _spawn(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """``subprocess.run``, tried once more when the child could not even be started.

    Seen once on a loaded machine: ``OSError: [Errno 14] Bad address`` from
    starting the interpreter (before any hotparse code runs).  That is the
    harness failing, not the case; a second failure is reported as it is.
    """
    try:
        return subprocess.run(args, check=False, text=True, **kwargs)
    except OSError as error:
        if error.errno not in (errno.EFAULT, errno.EAGAIN, errno.ENOMEM):
            raise
        time.sleep(1.0)
        return subprocess.run(args, check=False, text=True, **kwargs)


def run_child(name: str, path: Path, limit: float = LIMIT) -> tuple[int, str, float]:
    start = time.perf_counter()
    try:
        done = _spawn(
            [sys.executable, str(CHILD), name, str(path)], capture_output=True, timeout=limit
        )
    except subprocess.TimeoutExpired:
        return -1, f"timed out after {limit:.0f} s", time.perf_counter() - start
    output = (done.stdout + done.stderr).strip()
    if done.returncode < 0:
        output += f"\nchild killed by {signal.Signals(-done.returncode).name}"
    return done.returncode, output, time.perf_counter() - start


def run_cli(path: Path, limit: float = LIMIT) -> tuple[int | None, str]:
    try:
        done = _spawn(
            [sys.executable, "-m", "hotparse.cli", "dump", "--jsonl", str(path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=limit,
        )
    except subprocess.TimeoutExpired:
        return None, f"timed out after {limit:.0f} s"
    if done.returncode < 0:
        return done.returncode, done.stderr + f"\nkilled by {signal.Signals(-done.returncode).name}"
    return done.returncode, done.stderr


class _Runner:
    """Runs the selected cases' children ``WORKERS`` at a time, ahead of the tests asking."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=WORKERS)
        self.folder = tempfile.TemporaryDirectory(prefix="hotparse-pathological-")
        self.futures: dict[tuple[str, str], Future[tuple[int | None, str]]] = {}
        self.lock = threading.Lock()

    def submit(self, kind: str, name: str) -> None:
        with self.lock:
            if (kind, name) not in self.futures:
                self.futures[kind, name] = self.pool.submit(self._run, kind, name)

    def result(self, kind: str, name: str) -> tuple[int | None, str]:
        self.submit(kind, name)
        return self.futures[kind, name].result()

    def _run(self, kind: str, name: str) -> tuple[int | None, str]:
        folder = Path(self.folder.name) / kind
        folder.mkdir(exist_ok=True)
        path = write_input(name, folder)
        try:
            if kind == "api":
                status, output, _ = run_child(name, path)
                return status, output
            return run_cli(path)
        finally:
            path.unlink()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.folder.cleanup()


@pytest.fixture(scope="module")
def runner(request: pytest.FixtureRequest) -> Iterator[_Runner]:
    active = _Runner()
    for item in request.session.items:  # start the selected cases of this module early
        callspec = getattr(item, "callspec", None)
        if item.module is sys.modules[__name__] and callspec is not None:
            kinds = {"test_pathological": "api", "test_pathological_cli": "cli"}
            if item.originalname in kinds:
                active.submit(kinds[item.originalname], callspec.params["name"])
    yield active
    active.close()


@pytest.mark.parametrize("name", list(CASES))
def test_pathological(name: str, runner: _Runner) -> None:
    status, output = runner.result("api", name)
    assert status == 0, output[-3000:]


CLI_CASES = [name for name, case in CASES.items() if case.cli]


@pytest.mark.parametrize("name", CLI_CASES)
def test_pathological_cli(name: str, runner: _Runner) -> None:
    status, err = runner.result("cli", name)
    assert status is not None, err
    assert "Traceback" not in err, err[-3000:]
    assert status in (0, 1), err[-3000:]
    failures = [line for line in err.splitlines() if ": warning: " not in line]
    assert len(failures) == (1 if status == 1 else 0), failures[:5]


def _best_repair_time(texts: list[str], clock: Callable[[], float]) -> float:
    """The shortest time ``hotparse.repair`` takes on one of ``texts``."""
    import hotparse

    best = float("inf")
    for text in texts:
        start = clock()
        hotparse.repair(text)
        best = min(best, clock() - start)
    return best


REPAIR_SIZES = (30_000, 300_000)
"""Sizes (characters) at which ``repair`` is timed in one process: 10x apart."""


@pytest.mark.parametrize("kind", list(REPAIR_KINDS))
def test_repair_grows_linearly(kind: str) -> None:
    """``repair`` on 10x the text takes at most about 10x the time, whatever the text
    (clean or damaged, any script): a generous guard against super-linear growth (a
    quadratic step would take 100x), not a benchmark; ``benchmarks/repair_speed.py``
    prints the figures."""
    import hotparse

    make = REPAIR_KINDS[kind]
    hotparse.repair(REPAIR_KINDS["cp1254 mojibake, bytes dropped"](3_000))  # load the tables
    small, large = (
        _best_repair_time([make(size)] * 2, time.perf_counter) for size in REPAIR_SIZES
    )
    assert large <= 30 * small + 1.0, f"{kind}: {small:.3f} s, then {large:.3f} s at 10x"


SHORT_SIZES = (300, 3_000)
"""Sizes (characters) of the short hostile texts: a tweet, then a long field."""
SHORT_KINDS = (
    "random U+00A0-U+00FF",
    "lost-byte quotes 'â€' repeated",
    "random Latin-1",
    "cp1254 mojibake, bytes dropped",
)


@pytest.mark.parametrize("kind", SHORT_KINDS)
def test_repair_of_short_hostile_texts_grows_linearly(kind: str) -> None:
    """From a tweet's size to a long field's, 10x the hostile text takes at most about
    10x the time: the model's work per text is bounded (MODEL_WORK), so a few
    kilobytes of damage cannot cost seconds.  Ratios inside one run, generous limits."""
    import hotparse

    make = REPAIR_KINDS[kind]
    hotparse.repair(REPAIR_KINDS["cp1254 mojibake, bytes dropped"](3_000))  # load the tables
    # a new text each time: no answer kept from the run before
    small, large = (
        _best_repair_time([make(size + seed) for seed in range(3)], time.process_time)
        for size in SHORT_SIZES
    )
    assert large <= 20 * small + 0.25, f"{kind}: {small:.3f} s, then {large:.3f} s at 10x"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_crashing_input_does_not_stop_the_others(jobs: str, tmp_path: Path) -> None:
    """A folder with one deep-YAML file among good ones: every good post is still printed."""
    from hostile import build

    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "b-deep-yaml.md").write_text(CASES["deep-yaml-nesting"].make(1), encoding="utf-8")
    good = [folder / f"{prefix}{number}.md" for prefix in "ac" for number in range(3)]
    for path in good:
        path.write_bytes(build.fixture_bytes("basic.md"))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "hotparse.cli", "dump", "--jsonl", "--jobs", jobs, str(folder)],
            capture_output=True, text=True, timeout=LIMIT, check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"timed out after {LIMIT:.0f} s")
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode in (0, 1), f"exit status {done.returncode}: {done.stderr[-2000:]}"
    sources = [json.loads(line)["source"] for line in done.stdout.splitlines()]
    assert sorted(sources) == sorted(map(str, good))


def report(argv: list[str] | None = None) -> int:
    """Print each case's time at 1x and at ``--scale`` x, and the ratio."""
    parser = argparse.ArgumentParser(description="time the pathological cases at two sizes")
    parser.add_argument("--report", action="store_true")
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    options = parser.parse_args(argv)
    print(f"{'case':48} {'1x s':>8} {f'{options.scale}x s':>8} {'ratio':>6}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name in CASES:
            if options.k not in name:
                continue
            times = []
            for scale in (1, options.scale):
                path = write_input(name, Path(folder), scale)
                status, output, _ = run_child(name, path, limit=120)
                path.unlink()
                if status != 0:
                    times.append(float("nan"))
                    print(f"  {name} at {scale}x: {output.splitlines()[-1] if output else status}")
                    continue
                times.append(float(output.split()[-1]))
            ratio = times[1] / times[0] if times[0] > 0 else float("nan")
            worst = max(worst, ratio) if ratio == ratio else worst
            print(f"{name:48} {times[0]:8.3f} {times[1]:8.3f} {ratio:6.1f}")
    print(f"worst ratio {worst:.1f} (linear growth is {options.scale}; start-up excluded)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(report())
