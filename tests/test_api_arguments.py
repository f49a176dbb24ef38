"""Every public function, given arguments of the wrong type, raises the documented exception.

docs/api.md, "Errors": ``ParseError`` for input (``parse`` of something that
is not text), ``ValueError`` for ``from_dict`` data that does not fit, and
``TypeError`` whose message names the argument and the type expected for an
argument of the wrong type -- never an AttributeError or a bare "'int' object
is not iterable" from deep inside, and never a value quietly taken for another
(``repair="no"`` repairing).  The table below must name every function of
``hotparse.__all__``.
"""

from __future__ import annotations

import inspect
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import hotparse
from tests.conftest import FIXTURES

BASIC = FIXTURES / "basic.md"
TEXT = BASIC.read_text(encoding="utf-8")


def _post() -> hotparse.Post:
    return hotparse.load(BASIC)


def _list(iterator: Any) -> list[Any]:
    return list(iterator)


# (function name, call, exception type, pattern the message must match)
Case = tuple[str, Callable[[Path], object], type[BaseException], str]

CASES: list[Case] = [
    ("parse", lambda _: hotparse.parse(5), hotparse.ParseError, r"expected text \(str\), got int"),  # type: ignore[arg-type]
    ("parse", lambda _: hotparse.parse(None), hotparse.ParseError, r"expected text \(str\), got NoneType"),  # type: ignore[arg-type]
    ("parse", lambda _: hotparse.parse(TEXT.encode()), hotparse.ParseError, r"got bytes; decode"),  # type: ignore[arg-type]
    ("parse", lambda _: hotparse.parse(TEXT, source=5), TypeError, r"^source must be a str or os\.PathLike\[str\], not int$"),  # type: ignore[arg-type]
    ("parse", lambda _: hotparse.parse(TEXT, source=b"x.md"), TypeError, r"^source must be .*not bytes; decode it with os\.fsdecode\(\)$"),  # type: ignore[arg-type]
    ("parse", lambda _: hotparse.parse(TEXT, repair="no"), TypeError, r"^repair must be True or False, not str$"),  # type: ignore[arg-type]
    ("load", lambda _: hotparse.load(5), TypeError, r"^path must be a str or os\.PathLike\[str\], not int$"),  # type: ignore[arg-type]
    ("load", lambda _: hotparse.load(None), TypeError, r"^path must be .*, not NoneType$"),  # type: ignore[arg-type]
    ("load", lambda _: hotparse.load(b"x.md"), TypeError, r"^path must be .*not bytes; decode it with os\.fsdecode\(\)$"),  # type: ignore[arg-type]
    ("load", lambda _: hotparse.load(BASIC, repair=None), TypeError, r"^repair must be True or False, not NoneType$"),  # type: ignore[arg-type]
    ("iter_posts", lambda _: _list(hotparse.iter_posts(5)), TypeError, r"^paths must be a path .* or an iterable of paths, not int$"),  # type: ignore[arg-type]
    ("iter_posts", lambda _: _list(hotparse.iter_posts(b"dir")), TypeError, r"^paths must be .*, not bytes$"),  # type: ignore[arg-type]
    ("iter_posts", lambda _: _list(hotparse.iter_posts(None)), TypeError, r"^paths must be .*, not NoneType$"),  # type: ignore[arg-type]
    ("iter_posts", lambda _: _list(hotparse.iter_posts([BASIC, 5])), TypeError, r"^each path must be a str or os\.PathLike\[str\], not int$"),  # type: ignore[list-item]
    ("iter_posts", lambda _: _list(hotparse.iter_posts([b"x.md"])), TypeError, r"^each path must be .*not bytes; decode"),  # type: ignore[list-item]
    ("iter_posts", lambda _: _list(hotparse.iter_posts(BASIC, repair="yes")), TypeError, r"^repair must be True or False, not str$"),  # type: ignore[arg-type]
    ("iter_posts", lambda _: _list(hotparse.iter_posts(BASIC, on_error=5)), TypeError, r"^on_error must be a function taking the error .* or None, not int$"),  # type: ignore[arg-type]
    ("render", lambda _: hotparse.render(None), TypeError, r"^post must be a hotparse\.Post, not NoneType$"),  # type: ignore[arg-type]
    ("render", lambda _: hotparse.render(TEXT), TypeError, r"^post must be a hotparse\.Post, not str$"),  # type: ignore[arg-type]
    ("render", lambda _: hotparse.render(_post().papers[0]), TypeError, r"^post must be a hotparse\.Post, not Paper$"),  # type: ignore[arg-type]
    ("render", lambda _: hotparse.render(_post(), repaired="yes"), TypeError, r"^repaired must be True or False, not str$"),  # type: ignore[arg-type]
    ("to_dict", lambda _: hotparse.to_dict("x"), TypeError, r"^record must be a hotparse record \(Post, Paper, Tweet, \.\.\.\), not str$"),
    ("to_dict", lambda _: hotparse.to_dict([_post()]), TypeError, r"^record must be a hotparse record .*, not list$"),
    ("from_dict", lambda _: hotparse.from_dict(dict, {}), TypeError, r"^cls must be a hotparse record class .*, not dict$"),
    ("from_dict", lambda _: hotparse.from_dict(5, {}), TypeError, r"^cls must be a hotparse record class .*, not int$"),  # type: ignore[call-overload]
    ("from_dict", lambda _: hotparse.from_dict(hotparse.Post, 5), ValueError, r"^data does not fit Post: data for Post must be a dict, not int$"),
    ("from_dict", lambda _: hotparse.from_dict(hotparse.Post, b"{}"), ValueError, r"^data does not fit Post: .*not bytes$"),
    ("repair", lambda _: hotparse.repair(None), TypeError, r"^text must be a str, not NoneType$"),  # type: ignore[arg-type]
    ("repair", lambda _: hotparse.repair(b"caf\xc3\xa9"), TypeError, r"^text must be a str, not bytes$"),  # type: ignore[arg-type]
    ("explain_repair", lambda _: hotparse.explain_repair(None), TypeError, r"^text must be a str, not NoneType$"),  # type: ignore[arg-type]
    ("explain_repair", lambda _: hotparse.explain_repair("x", context=5), TypeError, r"^context must be a str, not int$"),  # type: ignore[arg-type]
    ("kept_marks", lambda _: hotparse.mojibake.kept_marks(hotparse.explain_repair("x")), TypeError, r"^reports must be an iterable of RepairReport, not RepairReport$"),  # type: ignore[arg-type]
    ("kept_marks", lambda _: hotparse.mojibake.kept_marks(None), TypeError, r"^reports must be an iterable of RepairReport, not NoneType$"),  # type: ignore[arg-type]
    ("kept_marks", lambda _: hotparse.mojibake.kept_marks(["Ã\xa0"]), TypeError, r"^reports must hold RepairReport only; item 0 is a str$"),  # type: ignore[list-item]
    ("explain_within", lambda _: hotparse.mojibake.explain_within(5, hotparse.mojibake.Budget(1)), TypeError, r"^text must be a str, not int$"),  # type: ignore[arg-type]
    ("touched_by", lambda _: hotparse.mojibake.touched_by("x", {}), TypeError, r"^report must be a RepairReport, not str$"),  # type: ignore[arg-type]
    ("touched_by", lambda _: hotparse.mojibake.touched_by(hotparse.explain_repair("x"), ["cp1252"]), TypeError, r"^kept must be a mapping .*, not list$"),  # type: ignore[arg-type]
    ("explain_within", lambda _: hotparse.mojibake.explain_within("x", hotparse.mojibake.Budget(1), kept=5), TypeError, r"^kept must be a mapping of code page name to characters, not int$"),  # type: ignore[arg-type]
    ("explain_within", lambda _: hotparse.mojibake.explain_within("x", hotparse.mojibake.Budget(1), kept={"\xa0"}), TypeError, r"^kept must be a mapping .*, not set$"),  # type: ignore[arg-type]
    ("explain_within", lambda _: hotparse.mojibake.explain_within("x", hotparse.mojibake.Budget(1), kept={"cp1252": "\xa0"}), TypeError, r"^kept\['cp1252'\] must be a set of str, not str$"),
    ("explain_within", lambda _: hotparse.mojibake.explain_within("x", hotparse.mojibake.Budget(1), kept={"cp1252": {1}}), TypeError, r"^kept\['cp1252'\] must hold str only$"),  # type: ignore[dict-item]
    ("explain_within", lambda _: hotparse.mojibake.explain_within("x", hotparse.mojibake.Budget(1), kept={"utf-8": set()}), ValueError, r"^kept: 'utf-8' is not one of the code pages cp1252, "),
    ("tables", lambda _: hotparse.tables(5), TypeError, r"^posts must be an iterable of hotparse\.Post \(a list, or iter_posts\(\.\.\.\)\), not int$"),  # type: ignore[arg-type]
    ("tables", lambda _: hotparse.tables(None), TypeError, r"^posts must be an iterable of hotparse\.Post .*, not NoneType$"),  # type: ignore[arg-type]
    ("tables", lambda _: hotparse.tables("archive/"), TypeError, r"^posts must be an iterable of hotparse\.Post .*, not str$"),  # type: ignore[arg-type]
    ("tables", lambda _: hotparse.tables(_post()), TypeError, r"^posts must be an iterable of hotparse\.Post, not one Post: pass \[post\]$"),  # type: ignore[arg-type]
    ("tables", lambda _: hotparse.tables([_post(), 5]), TypeError, r"^posts must hold hotparse\.Post records only; item 1 is a int"),  # type: ignore[list-item]
    ("tables", lambda _: hotparse.tables([str(BASIC)]), TypeError, r"item 0 is a str \(read files with hotparse\.load or iter_posts\)$"),  # type: ignore[list-item]
    ("to_dataframes", lambda _: hotparse.to_dataframes(5), TypeError, r"^posts must be an iterable of hotparse\.Post .*, not int$"),  # type: ignore[arg-type]
    ("to_dataframes", lambda _: hotparse.to_dataframes(_post()), TypeError, r"not one Post: pass \[post\]$"),  # type: ignore[arg-type]
    ("export", lambda tmp: hotparse.export(5, tmp / "a.db"), TypeError, r"^posts must be an iterable of hotparse\.Post .*, not int$"),  # type: ignore[arg-type]
    ("export", lambda tmp: hotparse.export([_post(), None], tmp / "b.db"), TypeError, r"^posts must hold hotparse\.Post records only; item 1 is a NoneType"),  # type: ignore[list-item]
    ("export", lambda _: hotparse.export([_post()], 5), TypeError, r"^out must be a str or os\.PathLike\[str\], not int$"),  # type: ignore[arg-type]
    ("export", lambda _: hotparse.export([_post()], None), TypeError, r"^out must be .*, not NoneType$"),  # type: ignore[arg-type]
    ("export", lambda tmp: hotparse.export([_post()], bytes(tmp / "c.db")), TypeError, r"^out must be .*not bytes; decode it with os\.fsdecode\(\)$"),  # type: ignore[arg-type]
    ("export", lambda tmp: hotparse.export([_post()], tmp / "d.db", metadata=5), TypeError, r"^metadata must be a str or os\.PathLike\[str\], not int$"),  # type: ignore[arg-type]
    ("export", lambda tmp: hotparse.export([_post()], tmp / "e.db", format=5), ValueError, r"^unknown format 5: choose one of sqlite, parquet, csv$"),  # type: ignore[arg-type]
    ("export", lambda tmp: hotparse.export([_post()], tmp / "e.txt"), ValueError, r"e\.txt: give format='sqlite', 'parquet' or 'csv'$"),
    # output that cannot be written: an OSError naming the file, not sqlite3's own error
    ("export", lambda tmp: hotparse.export([_post()], tmp / "no" / "f.db"), OSError, r"^cannot write .*/no/f\.db: .*/no does not exist$"),
    ("export", lambda tmp: (tmp / "g.db").write_text("not a db " * 200) and hotparse.export([_post()], tmp / "g.db"), OSError, r"g\.db: not an SQLite database"),
]

IDS = [f"{name}-{index}" for index, (name, *_rest) in enumerate(CASES)]


@pytest.mark.parametrize(("name", "call", "kind", "pattern"), CASES, ids=IDS)
def test_wrong_argument_raises_the_documented_exception(
    name: str, call: Callable[[Path], object], kind: type[BaseException], pattern: str, tmp_path: Path
) -> None:
    with pytest.raises(BaseException) as caught:  # the exact type is checked below
        call(tmp_path)
    error = caught.value
    assert type(error) is kind, f"{name}: {type(error).__name__}: {error}"
    assert re.search(pattern, str(error)), f"{name}: {error}"
    assert "\n" not in str(error)


def test_every_public_function_is_in_the_table() -> None:
    functions = {
        name for name in hotparse.__all__ if inspect.isfunction(getattr(hotparse, name))
    }
    engine = {
        name
        for name in hotparse.mojibake.__all__
        if inspect.isfunction(getattr(hotparse.mojibake, name))
    }
    cased = {name for name, *_rest in CASES}
    assert functions <= cased
    assert cased - functions <= engine  # and some of hotparse.mojibake's own


def test_nothing_is_written_when_an_argument_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        hotparse.export([_post(), 5], tmp_path / "x.db")  # type: ignore[list-item]
    with pytest.raises(TypeError):
        hotparse.export([_post()], tmp_path / "y.db", metadata=5)  # type: ignore[arg-type]
    # each post is its own transaction: the bad item stops the export with the first
    # post written and the database whole; a wrong metadata name is refused before
    # anything is written
    with sqlite3.connect(tmp_path / "x.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM posts").fetchone() == (1,)
    assert not (tmp_path / "y.db").exists()
