"""Reading a post allocates about the post, not the size limit (memory stays flat when
streaming), and the limit still holds for inputs of unknown size."""

from __future__ import annotations

import io
import os
import threading
import tracemalloc
from pathlib import Path

import pytest

import hotparse
from hotparse import reader
from hotparse.errors import ParseError

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "basic.md"


def test_load_does_not_allocate_the_size_limit() -> None:
    hotparse.load(FIXTURE)  # lazy imports and caches first
    tracemalloc.start()
    try:
        hotparse.load(FIXTURE)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # read(MAX_BYTES + 1) allocated 256 MiB up front for every post
    assert peak < 8 * 2**20 < reader.MAX_BYTES


@pytest.mark.parametrize("extra", [-1, 0, 1, 5000])
def test_limit_holds_for_a_pipe(monkeypatch: pytest.MonkeyPatch, extra: int) -> None:
    limit = 3 * reader._CHUNK + 7
    monkeypatch.setattr(reader, "MAX_BYTES", limit)
    data = b"x" * (limit + extra)
    read_end, write_end = os.pipe()

    def feed() -> None:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        with os.fdopen(read_end, "rb") as pipe:
            if extra > 0:
                with pytest.raises(ParseError, match="size limit"):
                    reader.read_limited(pipe, source="<pipe>")
                pipe.read()  # let the writer finish
            else:
                assert reader.read_limited(pipe, source="<pipe>") == data
    finally:
        writer.join()


def test_unknown_size_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_BYTES", 10)
    assert reader.read_limited(io.BytesIO(b"0123456789")) == b"0123456789"
    with pytest.raises(ParseError):
        reader.read_limited(io.BytesIO(b"0123456789a"))
