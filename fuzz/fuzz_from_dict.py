#!/usr/bin/env python3
"""atheris harness for ``hotparse.from_dict``: only ValueError may escape.

Run from the repository root (time-bounded; see fuzz/README.md)::

    python fuzz/fuzz_from_dict.py -max_total_time=600

Each input is turned into a value (JSON text when it parses as JSON, else a
tree of None, bools, ints of any size, floats, text, bytes, sets, tuples,
lists and dicts built from the bytes) and put somewhere in the data of
``fixtures/basic.md`` (``to_dict`` of the parsed post).  A finding is:

* any exception other than ValueError from ``from_dict(Post, data)``;
* a ValueError whose message does not start ``data does not fit Post: `` or
  spans several lines;
* a record that ``to_dict``/``json.dumps`` cannot write, that
  ``serialize.dumps`` writes differently, that ``post_rows`` cannot turn into
  rows, or that does not come back equal through ``from_dict``.

``--replay FILE...`` runs the same checks on saved inputs without atheris.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ARTIFACTS = HERE / "artifacts"

try:
    import atheris
except ImportError:  # replay mode still works
    atheris = None

if atheris is not None:
    with atheris.instrument_imports(include=["hotparse", "cattrs"]):
        import hotparse
        import hotparse.serialize
        import hotparse.tabular.rows
else:  # pragma: no cover
    import hotparse
    import hotparse.serialize
    import hotparse.tabular.rows

BASE = hotparse.to_dict(hotparse.load(ROOT / "fixtures" / "basic.md"))


class Finding(AssertionError):
    """A broken promise of ``from_dict``."""


class _Bytes:
    """Reads small numbers and text from the fuzz input (without atheris too)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def byte(self) -> int:
        if self.at >= len(self.data):
            return 0
        self.at += 1
        return self.data[self.at - 1]

    def chunk(self, size: int) -> bytes:
        part = self.data[self.at : self.at + size]
        self.at += size
        return part


def _value(source: _Bytes, depth: int = 0) -> Any:
    kind = source.byte() % (13 if depth < 8 else 8)
    if kind == 0:
        return None
    if kind == 1:
        return bool(source.byte() & 1)
    if kind == 2:
        return int.from_bytes(source.chunk(source.byte() % 9), "big", signed=True)
    if kind == 3:  # an integer of up to ~16,000 bits
        return (1 << (source.byte() * 64)) - source.byte()
    if kind == 4:
        return [0.0, -0.0, 1.5, 2.0, float("inf"), float("nan"), 1e308][source.byte() % 7]
    if kind == 5:
        return source.chunk(source.byte() % 16).decode("utf-8", "surrogateescape")
    if kind == 6:
        return source.chunk(source.byte() % 8)
    if kind == 7:
        return ["2021-04-14", "2021-04-14T10:00:00Z", "2021-04-14T10:00:00",
                "2021-04-14T10:00:00+02:00", "x"][source.byte() % 5]
    if kind == 8:
        return [_value(source, depth + 1) for _ in range(source.byte() % 4)]
    if kind == 9:
        return {_key(source): _value(source, depth + 1) for _ in range(source.byte() % 4)}
    if kind == 10:
        return frozenset(range(source.byte() % 3))
    if kind == 11:
        return (_value(source, depth + 1), _value(source, depth + 1))
    value: Any = []
    for _ in range(source.byte() * 512):  # deep nesting, up to ~130,000 levels
        value = [value]
    return value


def _key(source: _Bytes) -> Any:
    if source.byte() % 5 == 0:
        return source.byte()
    return source.chunk(source.byte() % 8).decode("utf-8", "replace")


def _place(data: Any, source: _Bytes, value: Any, depth: int = 0) -> Any:
    if depth > 8 or not isinstance(data, dict | list) or not data or source.byte() % 4 == 0:
        return value
    if isinstance(data, dict):
        keys = sorted(data)
        if source.byte() % 7 == 0:
            return {**data, _key(source): value}  # a key that may not be a field
        key = keys[source.byte() % len(keys)]
        return {**data, key: _place(data[key], source, value, depth + 1)}
    index = source.byte() % len(data)
    return [*data[:index], _place(data[index], source, value, depth + 1), *data[index + 1 :]]


def test_one_input(data: bytes) -> None:
    try:
        value: Any = json.loads(data)
        built = _place(BASE, _Bytes(data[:16]), value)
    except (ValueError, RecursionError):
        source = _Bytes(data)
        built = _place(BASE, source, _value(source))
    try:
        post = hotparse.from_dict(hotparse.Post, built)
    except ValueError as error:
        text = str(error)
        if not text.startswith("data does not fit Post: ") or "\n" in text:
            raise Finding(f"unclear ValueError: {text[:300]!r}") from error
        return
    again = hotparse.to_dict(post)
    if hotparse.serialize.dumps(post) != json.dumps(again, ensure_ascii=False):
        raise Finding("serialize.dumps(post) != json.dumps(to_dict(post))")
    hotparse.tabular.rows.post_rows(post)
    if hotparse.from_dict(hotparse.Post, again) != post:
        raise Finding("from_dict(Post, to_dict(post)) != post")


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
    ARTIFACTS.mkdir(exist_ok=True)
    argv = [sys.argv[0], *args]
    if not any(arg.startswith("-artifact_prefix=") for arg in args):
        argv.append(f"-artifact_prefix={ARTIFACTS}/from-dict-")
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
