"""The output formats of ``export``: one table, from which everything that names them is made.

``hotparse export --format``'s choices and help, the messages that list the
formats, the guess from a file name, the writer class (imported only when
that format is written, so that building the command line or ``hotparse dump``
loads no writer, no sqlite3 and no pyarrow) and what an interrupted export
leaves all come from :data:`OUTPUT_FORMATS`.  A new format is one row here
and its writer class (with ``write``, ``close`` and ``abort``).
"""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path
from typing import Any, Literal, get_args

import attrs

__all__ = [
    "FORMATS",
    "OUTPUT_FORMATS",
    "Format",
    "OutputFormat",
    "format_help",
    "format_hint",
    "guess_format",
    "listed",
    "output_format",
]

Format = Literal["sqlite", "parquet", "csv"]


_FOLDER_LEFT = "is unchanged (its files are replaced only when an export ends); run it again"
"""What a folder export (Parquet, CSV) holds when a signal stopped it."""


@attrs.frozen(kw_only=True)
class OutputFormat:
    """One output format of ``export``."""

    name: Format
    """What ``--format`` and ``export(format=...)`` call it."""
    folder: bool
    """The output is a folder with one file per table (else one file)."""
    suffixes: tuple[str, ...]
    """File name endings that choose this format when none is given."""
    writer: str
    """``module:Class`` of its writer, imported on first use."""
    left_when_stopped: str
    """What the output holds after an interrupted export (a stop message ends with it)."""
    table_suffix: str = ""
    """For a folder format, the ending of each table's file (``papers.csv``)."""

    def files(self, out: str) -> tuple[str, ...]:
        """The files an export to ``out`` writes: ``out`` itself, or a file per table in
        the folder ``out`` (for the check that no output is an input or another output)."""
        if not self.folder:
            return (out,)
        from hotparse.tabular.schema import ALL_TABLES

        return tuple(
            str(Path(out, f"{table.name}{self.table_suffix}")) for table in ALL_TABLES
        )

    def writer_class(self) -> Any:
        """The writer class (its module imported now)."""
        module, _, name = self.writer.partition(":")
        return getattr(import_module(module), name)


OUTPUT_FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat(
        name="sqlite",
        folder=False,
        suffixes=(".db", ".sqlite", ".sqlite3"),
        writer="hotparse.tabular.sqlite:SQLiteWriter",
        left_when_stopped=(
            "holds every post exported before this one; run the export again to finish"
        ),
    ),
    OutputFormat(
        name="parquet",
        folder=True,
        suffixes=(),
        writer="hotparse.tabular.files:ParquetWriter",
        table_suffix=".parquet",
        left_when_stopped=_FOLDER_LEFT,
    ),
    OutputFormat(
        name="csv",
        folder=True,
        suffixes=(),
        writer="hotparse.tabular.files:CSVWriter",
        table_suffix=".csv",
        left_when_stopped=_FOLDER_LEFT,
    ),
)
"""Every output format, the default first."""

FORMATS: tuple[Format, ...] = tuple(each.name for each in OUTPUT_FORMATS)
"""The names of the output formats."""

if set(FORMATS) != set(get_args(Format)):  # pragma: no cover - a format added to one only
    raise AssertionError("Format and OUTPUT_FORMATS name different formats")

_BY_NAME: dict[str, OutputFormat] = {each.name: each for each in OUTPUT_FORMATS}


def output_format(name: str) -> OutputFormat | None:
    """The format called ``name``, None when there is none."""
    return _BY_NAME.get(name) if isinstance(name, str) else None


def guess_format(out: str | os.PathLike[str]) -> Format | None:
    """The format whose file name endings ``out`` has (``sqlite`` for ``.db``,
    ``.sqlite`` and ``.sqlite3``), else ``None``."""
    suffix = Path(out).suffix.lower()
    for each in OUTPUT_FORMATS:
        if suffix in each.suffixes:
            return each.name
    return None


def listed(words: tuple[str, ...] | list[str], last: str = "or") -> str:
    """``a, b or c``."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def format_help() -> str:
    """``--format``'s help: ``sqlite (default for *.db, *.sqlite, *.sqlite3), parquet, csv``."""
    parts = []
    for each in OUTPUT_FORMATS:
        if each.suffixes:
            names = ", ".join(f"*{suffix}" for suffix in each.suffixes)
            parts.append(f"{each.name} (default for {names})")
        else:
            parts.append(each.name)
    return ", ".join(parts)


def format_hint() -> str:
    """What to do when no format can be told from the name: ``name the database *.db,
    *.sqlite or *.sqlite3, or give --format sqlite, parquet or csv``."""
    names = [f"*{suffix}" for each in OUTPUT_FORMATS for suffix in each.suffixes]
    return f"name the database {listed(names)}, or give --format {listed(list(FORMATS))}"
