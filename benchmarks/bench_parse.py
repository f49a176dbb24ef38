"""Speed, scaling, streaming memory, --jobs and start-up of hotparse, on ../shared/corpus.

Usage (from the repository root; takes a few minutes on 2 cores)::

    python benchmarks/bench_parse.py                 # everything
    python benchmarks/bench_parse.py --runs 3 --skip scaling streaming
    python benchmarks/bench_parse.py --corpus PATH   # another folder of posts

Sections (each prints its numbers and the way they were measured):

``speed``
    In this process, on the decoded texts of the corpus, per stage: parse
    (text -> records), serialise (records -> JSON text) and dump (both), for
    ``hotparse`` (``parse`` and ``serialize.dumps``; parse also with
    ``repair=False`` and with BeautifulSoup for every tweet), the plain
    pipeline of ``benchmarks/_plain.py`` (python-frontmatter + mistune's full
    AST + one BeautifulSoup per tweet + ``json.dumps``) and the strict
    regular-expression reader of ``benchmarks/_strict.py`` (the practical
    floor).  CPU seconds of this process (``time.process_time``: steadier than
    wall time when other jobs share the cores), median of ``--runs``
    interleaved passes (each stage's hotparse and plain passes side by side,
    taking turns to go first); ratios plain / this and this / strict, and per
    stage the median of the per-run ratios plain / hotparse.  Then the peak
    traced memory (tracemalloc) of one pass that keeps every result, and how
    many fields hotparse and the plain pipeline agree on (so the comparison
    stays honest).
``process``
    Whole processes, start-up included: ``hotparse dump --jsonl CORPUS``
    against ``python benchmarks/_plain.py CORPUS`` and ``python
    benchmarks/_strict.py CORPUS`` (each prints one JSON object per post).
    Wall time and the children's CPU time (user + system, from
    ``getrusage``), median of ``--runs`` interleaved runs after one warm-up
    (which also writes hotparse's bytecode, as installing a package does).
``scaling``
    ``iter_posts`` over archives of 1x, 4x and 16x the corpus (folders of
    hard links), median of ``--runs`` (16x: of 3 runs at most); time per copy
    of the corpus should stay flat.
``streaming``
    Peak memory for the 1x and 16x archives: max RSS of a child running
    ``hotparse dump --jsonl FOLDER`` (read with ``getrusage(RUSAGE_CHILDREN)``
    in a fresh wrapper process), and tracemalloc's peak in a child looping over
    ``iter_posts``.  Target: 16x at most 1.2x of 1x.
``jobs``
    ``hotparse dump --jsonl`` on the 4x archive with ``--jobs 1`` and ``--jobs
    2``: wall time, the gain, and whether the output bytes are identical (the
    load average is printed first: the gain needs an idle second core).
``startup``
    ``hotparse --version`` (the installed console script) and ``python -c
    "import hotparse"``: median of 10 runs each (hyperfine-like, after 2 warm-ups).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _plain import plain_parse  # noqa: E402
from _strict import strict_parse  # noqa: E402

import hotparse  # noqa: E402
import hotparse.tweets  # noqa: E402
from hotparse.serialize import dumps  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SECTIONS = ("speed", "process", "scaling", "streaming", "jobs", "startup")


def median_time(
    action: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter
) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        gc.collect()
        start = clock()
        action()
        times.append(clock() - start)
    return statistics.median(times), times


def traced_peak(action: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        kept = action()
        peak = tracemalloc.get_traced_memory()[1]
        del kept
    finally:
        tracemalloc.stop()
    return peak


def mib(size: float) -> str:
    return f"{size / 2**20:.1f} MiB"


# --------------------------------------------------------------------------- speed


def agreement(texts: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Per field: (values that agree, values compared) between hotparse and the plain pipeline."""
    counts: dict[str, list[int]] = {}

    def tally(field: str, same: bool) -> None:
        pair = counts.setdefault(field, [0, 0])
        pair[0] += same
        pair[1] += 1

    for text in texts:
        ours, theirs = hotparse.parse(text), plain_parse(text)
        tally("post title", ours.title == theirs.get("title"))
        tally("paper count", len(ours.papers) == len(theirs["papers"]))
        for paper, plain in zip(ours.papers, theirs["papers"], strict=False):
            tally("paper rank", paper.rank == plain["rank"])
            tally("paper title", paper.title == plain["title"])
            tally("authors", list(paper.authors) == plain.get("authors"))
            tally(
                "counts",
                (paper.retweets, paper.favorites)
                == (plain.get("retweets"), plain.get("favorites")),
            )
            tally("links", [paper.abs_url, paper.pdf_url] == plain.get("links"))
            tally("categories", list(paper.categories) == plain.get("categories"))
            tally("abstract", paper.abstract == plain.get("abstract", ""))
            tally("tweet count", len(paper.tweets) == len(plain["tweets"]))
            for tweet, other in zip(paper.tweets, plain["tweets"], strict=False):
                tally("tweet id", tweet.id == other["id"])
                tally("tweet handle", tweet.author_handle == other["handle"])
                tally("tweet author", tweet.author_name == other["author"])
                tally("tweet date text", tweet.date_text == other["date_text"])
                tally("tweet lang/dir", (tweet.lang, tweet.dir) == (other["lang"], other["dir"]))
                tally("tweet text", tweet.text == other["text"])
                tally("tweet html", tweet.html == other["html"])
    return {field: (pair[0], pair[1]) for field, pair in counts.items()}


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


def _bs4_only(action: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        hotparse.tweets.set_fast_paths(False)
        try:
            return action()
        finally:
            hotparse.tweets.set_fast_paths(True)

    return run


def _run_order(
    actions: dict[tuple[str, str], Callable[[], object]], run: int
) -> list[tuple[str, str]]:
    """The order of one run: per stage, hotparse and the plain pipeline side by side
    (the ratio's two terms measured seconds apart, not after the other pipelines),
    the one of them first in even runs, the other in odd runs; then the rest."""
    order: list[tuple[str, str]] = []
    for stage in ("parse", "serialise", "dump"):
        pair = [(stage, "hotparse"), (stage, "plain")]
        order += pair if run % 2 == 0 else pair[::-1]
        order += [key for key in actions if key[0] == stage and key not in pair]
    return order


def speed(texts: Sequence[str], runs: int) -> None:
    size = sum(len(text.encode("utf-8")) for text in texts)
    print(
        f"== speed: {len(texts)} posts, {mib(size)}, median of {runs} interleaved runs, one process"
    )
    for text in texts[:3]:  # warm up lazy imports and caches of every pipeline
        _json(plain_parse(text))
        _json(strict_parse(text))
    for text in texts:  # and hotparse's patterns compiled on first use (about 0.05 s)
        dumps(hotparse.parse(text))
    posts = [hotparse.parse(text) for text in texts]
    plain_data = [plain_parse(text) for text in texts]
    strict_data = [strict_parse(text) for text in texts]
    actions: dict[tuple[str, str], Callable[[], object]] = {
        ("parse", "hotparse"): lambda: [hotparse.parse(text) for text in texts],
        ("parse", "hotparse repair=False"): lambda: [
            hotparse.parse(text, repair=False) for text in texts
        ],
        ("parse", "hotparse BeautifulSoup only"): _bs4_only(
            lambda: [hotparse.parse(text) for text in texts]
        ),
        ("parse", "plain"): lambda: [plain_parse(text) for text in texts],
        ("parse", "strict"): lambda: [strict_parse(text) for text in texts],
        ("serialise", "hotparse"): lambda: [dumps(post) for post in posts],
        ("serialise", "plain"): lambda: [_json(data) for data in plain_data],
        ("serialise", "strict"): lambda: [_json(data) for data in strict_data],
        ("dump", "hotparse"): lambda: [dumps(hotparse.parse(text)) for text in texts],
        ("dump", "plain"): lambda: [_json(plain_parse(text)) for text in texts],
        ("dump", "strict"): lambda: [_json(strict_parse(text)) for text in texts],
    }
    times: dict[tuple[str, str], list[float]] = {key: [] for key in actions}
    for run in range(runs):  # interleaved, so a busy neighbour slows every pipeline alike
        for key in _run_order(actions, run):
            times[key].append(median_time(actions[key], 1, time.process_time)[0])
    print("stage: text -> records (parse), records -> JSON text (serialise), both (dump)")
    print("seconds are CPU seconds of this process (time.process_time)")
    print(
        f"{'stage':10} {'pipeline':30} {'median s':>9} {'plain/this':>11} {'this/strict':>12}"
        "   runs"
    )
    for (stage, name), values in times.items():
        median = statistics.median(values)
        plain = statistics.median(times[(stage, "plain")])
        strict = statistics.median(times[(stage, "strict")])
        print(
            f"{stage:10} {name:30} {median:9.3f} {plain / median:10.2f}x "
            f"{median / strict:11.2f}x   {_runs(values)}"
        )
    for stage in ("parse", "dump"):
        ratios = [
            plain / ours
            for ours, plain in zip(times[(stage, "hotparse")], times[(stage, "plain")], strict=True)
        ]
        print(
            f"{stage}: plain / hotparse, median of per-run ratios "
            f"{statistics.median(ratios):.2f}x (runs {min(ratios):.2f}-{max(ratios):.2f}x)"
            "   (target >= 5x)"
        )
    ours = statistics.median(times[("parse", "hotparse")])
    print(f"throughput hotparse.parse  {size / ours / 2**20:7.1f} MiB/s")
    ours_peak = traced_peak(lambda: [hotparse.parse(text) for text in texts])
    plain_peak = traced_peak(lambda: [plain_parse(text) for text in texts])
    print(
        f"peak traced memory, all results kept: hotparse {mib(ours_peak)}, plain {mib(plain_peak)}"
    )
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"max RSS of this process so far: {mib(rss)}")
    print("fields on which hotparse and the plain pipeline agree (agree/compared):")
    for field, (same, total) in agreement(texts).items():
        print(f"  {field:16} {same:6}/{total:<6} {'' if same == total else '(differs)'}")


# --------------------------------------------------------------------------- process


def process(corpus: Path, runs: int) -> None:
    """Whole processes, start-up included: ``hotparse dump --jsonl`` against the plain
    pipeline and the strict reader printing JSON lines (``python benchmarks/_plain.py``)."""
    print(
        f"== process: JSON lines of {corpus} as a whole process, start-up included, "
        f"median of {runs} interleaved runs"
    )
    commands = {
        "hotparse dump --jsonl": [*hotparse_command(), "dump", "--jsonl", str(corpus)],
        "plain pipeline": [sys.executable, str(ROOT / "benchmarks" / "_plain.py"), str(corpus)],
        "strict reader": [sys.executable, str(ROOT / "benchmarks" / "_strict.py"), str(corpus)],
    }
    # bytecode as an installed package has it: PYTHONDONTWRITEBYTECODE in the caller's
    # environment would make every run compile hotparse's modules (the libraries of the
    # plain pipeline were compiled when pip installed them); the warm-up writes it
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    import resource

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs + 1):
        for name, command in commands.items():
            cpu = children_cpu()
            start = time.perf_counter()
            subprocess.run(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env
            )
            walls[name].append(time.perf_counter() - start)
            cpus[name].append(children_cpu() - cpu)
    for kind, times in (("wall", walls), ("CPU (user+sys)", cpus)):
        print(f"{kind}:")
        for name, values in times.items():
            values.pop(0)  # warm-up (page cache, bytecode)
            print(f"  {name:24} {statistics.median(values):7.3f} s   runs {_runs(values)}")
        ours = statistics.median(times["hotparse dump --jsonl"])
        plain = statistics.median(times["plain pipeline"])
        strict = statistics.median(times["strict reader"])
        ratios = [
            theirs / mine
            for mine, theirs in zip(
                times["hotparse dump --jsonl"], times["plain pipeline"], strict=True
            )
        ]
        print(
            f"  plain / hotparse {plain / ours:.2f}x (median of per-run ratios "
            f"{statistics.median(ratios):.2f}x; target >= 3.5x); "
            f"hotparse / strict {ours / strict:.2f}x"
        )


def _runs(times: list[float]) -> str:
    return " ".join(f"{value:.3f}" for value in times)


# --------------------------------------------------------------------------- archives


def make_archive(corpus: Path, copies: int, folder: Path) -> Path:
    """``folder/x{copies}``: ``copies`` hard links (or copies) of every post, distinct names."""
    target = folder / f"x{copies}"
    if target.exists():
        return target
    target.mkdir()
    for number in range(copies):
        for path in sorted(corpus.glob("*.md")):
            link = target / f"{number:03}-{path.name}"
            try:
                os.link(path, link)
            except OSError:
                shutil.copyfile(path, link)
    return target


def scaling(corpus: Path, folder: Path, runs: int) -> None:
    print(
        f"== scaling: iter_posts over 1x, 4x, 16x archives (median of {runs}; 16x: {min(runs, 3)})"
    )
    base = None
    for copies in (1, 4, 16):
        archive = make_archive(corpus, copies, folder)
        count = len(list(archive.glob("*.md")))

        def walk(archive: Path = archive) -> int:
            return sum(1 for _post in hotparse.iter_posts(archive))

        walk()  # warm the page cache
        seconds, times = median_time(walk, runs if copies < 16 else min(runs, 3))
        per_copy = seconds / copies
        base = base or per_copy
        print(
            f"{copies:3}x {count:6} files {seconds:8.3f} s  per 1x {per_copy:6.3f} s  "
            f"relative {per_copy / base:5.2f}   runs {_runs(times)}"
        )


# --------------------------------------------------------------------------- streaming


def hotparse_command() -> list[str]:
    script = Path(sys.executable).parent / "hotparse"
    return [str(script)] if script.exists() else [sys.executable, "-m", "hotparse.cli"]


MAX_RSS = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
ITER_PEAK = (
    "import resource, sys, tracemalloc, hotparse\n"
    "for warm in sys.argv[2:]:  # lazy imports, caches, the repair model\n"
    "    hotparse.load(warm)\n"
    "tracemalloc.start()\n"
    "count = sum(1 for _post in hotparse.iter_posts(sys.argv[1]))\n"
    "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "print(tracemalloc.get_traced_memory()[1], rss, count)\n"
)


def streaming(corpus: Path, folder: Path) -> None:
    print("== streaming: peak memory of 1x and 16x archives (target: 16x <= 1.2x of 1x)")
    rss: dict[int, int] = {}
    traced: dict[int, int] = {}
    iter_rss: dict[int, int] = {}
    for copies in (1, 16):
        archive = make_archive(corpus, copies, folder)
        command = [*hotparse_command(), "dump", "--jsonl", str(archive)]
        done = subprocess.run(
            [sys.executable, "-c", MAX_RSS, *command], capture_output=True, text=True, check=True
        )
        rss[copies] = int(done.stdout.split()[-1]) * 1024
        warm = [ROOT / "fixtures" / name for name in ("basic.md", "mojibake-cp1252.md")]
        done = subprocess.run(
            [sys.executable, "-c", ITER_PEAK, str(archive), *map(str, warm)],
            capture_output=True,
            text=True,
            check=True,
        )
        peak, own_rss, _count = (int(word) for word in done.stdout.split())
        traced[copies] = peak
        iter_rss[copies] = own_rss * 1024
        print(
            f"{copies:3}x  dump --jsonl max RSS {mib(rss[copies]):>10}   "
            f"iter_posts: tracemalloc peak {mib(peak):>10}, max RSS {mib(own_rss * 1024):>10}"
        )
    print(
        f"16x / 1x: dump --jsonl RSS {rss[16] / rss[1]:.2f}, "
        f"iter_posts tracemalloc peak {traced[16] / traced[1]:.2f}, "
        f"iter_posts RSS {iter_rss[16] / iter_rss[1]:.2f}"
    )


# --------------------------------------------------------------------------- jobs


def jobs(corpus: Path, folder: Path) -> None:
    archive = make_archive(corpus, 4, folder)
    print(f"== jobs: hotparse dump --jsonl on the 4x archive ({os.cpu_count()} cores)")
    outputs = {}
    seconds_by_count = {}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average before: {load:.2f} (the gain needs an idle second core)")
    for count in (1, 2):
        command = [*hotparse_command(), "dump", "--jsonl", "--jobs", str(count), str(archive)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        seconds = time.perf_counter() - start
        outputs[count] = done.stdout
        seconds_by_count[count] = seconds
        print(
            f"--jobs {count}: {seconds:7.3f} s  exit {done.returncode}  "
            f"{mib(len(done.stdout))} of JSON lines"
        )
    print(
        f"same bytes with --jobs 1 and --jobs 2: {outputs[1] == outputs[2]}; "
        f"gain --jobs 2: {seconds_by_count[1] / seconds_by_count[2]:.2f}x"
    )


# --------------------------------------------------------------------------- start-up


def startup(runs: int = 10) -> None:
    print(f"== start-up: median of {runs} runs after 2 warm-ups (target: --version within 150 ms)")
    for label, command in [
        ("hotparse --version", [*hotparse_command(), "--version"]),
        ("python -c 'import hotparse'", [sys.executable, "-c", "import hotparse"]),
        ("python -c 'pass' (interpreter alone)", [sys.executable, "-c", "pass"]),
    ]:
        times = []
        for number in range(runs + 2):
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
            if number >= 2:
                times.append(time.perf_counter() - start)
        print(
            f"{label:38} median {statistics.median(times) * 1000:6.1f} ms   "
            f"min {min(times) * 1000:6.1f}   max {max(times) * 1000:6.1f}"
        )


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip", nargs="*", default=[], choices=SECTIONS)
    parser.add_argument("--only", nargs="*", default=None, choices=SECTIONS)
    options = parser.parse_args(argv)
    corpus: Path = options.corpus
    if not corpus.is_dir() or not any(corpus.glob("*.md")):
        print(f"no posts in {corpus}: give --corpus PATH", file=sys.stderr)
        return 1
    chosen = [s for s in (options.only or SECTIONS) if s not in options.skip]
    print(
        f"python {sys.version.split()[0]}, hotparse {hotparse.__version__}, "
        f"{os.cpu_count()} cores, corpus {corpus}"
    )
    texts = [hotparse.reader.decode(path.read_bytes()) for path in sorted(corpus.glob("*.md"))]
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="hotparse-bench-") as scratch:
        folder = Path(scratch)
        for section in chosen:
            start = time.perf_counter()
            if section == "speed":
                speed(texts, options.runs)
            elif section == "process":
                process(corpus, options.runs)
            elif section == "scaling":
                scaling(corpus, folder, options.runs)
            elif section == "streaming":
                streaming(corpus, folder)
            elif section == "jobs":
                jobs(corpus, folder)
            else:
                startup()
            results[section] = time.perf_counter() - start
            print()
    print("sections took " + ", ".join(f"{key} {value:.0f} s" for key, value in results.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
