#!/usr/bin/env python3
"""atheris harness for ``hotparse.parse``: only ParseError may escape, and never an internal one.

Run from the repository root (time-bounded; see fuzz/README.md)::

    python fuzz/fuzz_parse.py -max_total_time=600

The first run copies ``fixtures/*.md`` into ``fuzz/corpus-work/`` (git-ignored)
as the seed corpus; libFuzzer adds the inputs it finds there.  Extra
arguments are passed to libFuzzer (``-runs=N``, ``-max_len=N``, ``-dict=…``).
Without atheris installed, ``python fuzz/fuzz_parse.py --replay FILE...`` runs
the same checks on saved inputs (crash files, say).

``--keep-going`` (ours, not libFuzzer's) records findings instead of stopping
at the first: each distinct finding (its kind and message with digits masked)
is logged once to ``fuzz/findings/findings.log`` and its first inputs are
saved as ``fuzz/findings/<signature>-<n>.bin``.  Use it for long unattended
runs; without it libFuzzer stops at the first finding and writes
``fuzz/artifacts/crash-*``.

What counts as a finding (an uncaught exception, which libFuzzer reports and
saves as ``crash-*``):

* any exception other than :class:`hotparse.ParseError` from ``decode`` or
  ``parse`` (``parse`` wraps unexpected failures in ParseError, so also:)
* a ParseError that chains an unexpected exception (``__cause__`` set: an
  "internal error" or a RecursionError turned into "nests too deeply");
* a ParseError whose message is empty or spans several lines;
* a parsed post whose ``render`` is not the input byte for byte, or whose
  ``to_dict`` is not JSON-serialisable, or does not come back through
  ``from_dict``, or whose ``serialize.dumps`` (the writer ``dump`` uses) differs
  from ``json.dumps(to_dict(post))``, or whose table rows (``post_rows``) lose a post or a
  paper.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import pkgutil
import re
import shutil
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEEDS = ROOT / "fixtures"
WORK = HERE / "corpus-work"
DICT = HERE / "hotparse.dict"
FINDINGS = HERE / "findings"
ARTIFACTS = HERE / "artifacts"
_SEEN: dict[str, int] = {}
_KEEP_GOING = False

try:
    import atheris
except ImportError:  # replay mode still works
    atheris = None

if atheris is not None:
    with atheris.instrument_imports(include=["hotparse", "mistune", "bs4"]):
        import bs4  # noqa: F401
        import mistune  # noqa: F401

        import hotparse
        from hotparse.reader import decode
        from hotparse.serialize import dumps
        from hotparse.tabular.rows import post_rows

        # lazily imported modules too, in subpackages as well
        for _module in pkgutil.walk_packages(hotparse.__path__, "hotparse."):
            importlib.import_module(_module.name)
else:  # pragma: no cover
    import hotparse
    from hotparse.reader import decode
    from hotparse.serialize import dumps


class Finding(AssertionError):
    """A broken promise of hotparse's API."""


def check_error(error: hotparse.ParseError, text: object) -> None:
    cause = error.__cause__
    if cause is not None and not isinstance(cause, hotparse.ParseError):
        raise Finding(f"ParseError chains {type(cause).__name__}: {error}") from cause
    if not error.message or "\n" in str(error):
        raise Finding(f"ParseError message is empty or multi-line: {str(error)!r}")


def check_text(text: str) -> None:
    try:
        post = hotparse.parse(text, source="fuzz.md")
    except hotparse.ParseError as error:
        check_error(error, text)
        return
    rendered = hotparse.render(post)
    if rendered != text:
        raise Finding("render(parse(text)) != text")
    data = hotparse.to_dict(post)
    for indent in (None, 2):
        if dumps(post, indent=indent) != json.dumps(data, ensure_ascii=False, indent=indent):
            raise Finding(f"dumps(post, indent={indent}) != json.dumps(to_dict(post))")
    if hotparse.from_dict(hotparse.Post, data) != post:
        raise Finding("from_dict(Post, to_dict(post)) != post")
    rows, left_out = post_rows(post)
    if len(rows["posts"]) != 1 or len(rows["papers"]) + len(left_out) != len(post.papers):
        raise Finding("post_rows(post) lost or invented a post or a paper")


def test_one_input(data: bytes) -> None:
    try:
        text = decode(data, source="fuzz.md")
    except hotparse.ParseError as error:
        check_error(error, data)
        # Not a decodable file: still feed the parser what a lenient reader would get.
        text = data.decode("utf-8", "replace")
    check_text(text)


def _signature(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    text = re.sub(r"#x[0-9a-fA-F]+|0x[0-9a-fA-F]+|\d+", "N", text)
    return text[:130]


def run_one(data: bytes) -> None:
    """libFuzzer's entry point: the checks, with findings recorded under --keep-going."""
    if not _KEEP_GOING:
        test_one_input(data)
        return
    try:
        test_one_input(data)
    except Exception as error:
        signature = _signature(error)
        digest = hashlib.sha1(signature.encode()).hexdigest()[:10]
        count = _SEEN.get(digest, 0)
        _SEEN[digest] = count + 1
        if count < 3:
            FINDINGS.mkdir(exist_ok=True)
            (FINDINGS / f"{digest}-{count}.bin").write_bytes(data)
        if count == 0:
            with (FINDINGS / "findings.log").open("a", encoding="utf-8") as log:
                log.write(f"== {digest}: {signature}\n")
                log.write("".join(traceback.format_exception(error)[-6:]))
                log.write("\n")
            print(f"\nFINDING {digest}: {signature}", file=sys.stderr, flush=True)


def seed_corpus() -> None:
    WORK.mkdir(exist_ok=True)
    for path in sorted(SEEDS.glob("*.md")):
        target = WORK / f"seed-{path.name}"
        if not target.exists():
            shutil.copyfile(path, target)


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--replay"]:
        failures = 0
        for name in args[1:]:
            try:
                test_one_input(Path(name).read_bytes())
            except Exception as error:  # report every file, then fail
                failures += 1
                print(f"{name}: {type(error).__name__}: {error}")
            else:
                print(f"{name}: ok")
        sys.exit(1 if failures else 0)
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris (or use --replay FILE...)")
    global _KEEP_GOING
    if "--keep-going" in args:
        _KEEP_GOING = True
        args = [arg for arg in args if arg != "--keep-going"]
    seed_corpus()
    ARTIFACTS.mkdir(exist_ok=True)
    argv = [sys.argv[0], *args]
    if not any(arg.startswith("-artifact_prefix=") for arg in args):
        argv.append(f"-artifact_prefix={ARTIFACTS}/")
    if not any(arg.startswith("-dict=") for arg in args) and DICT.exists():
        argv.append(f"-dict={DICT}")
    if not any(not arg.startswith("-") for arg in args):
        argv.append(str(WORK))
    atheris.Setup(argv, run_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
