"""Archive tables: posts as rows, pandas DataFrames, and SQLite, Parquet or CSV files.

See README.md in this folder for the flow and docs/tables.md for the schema.  The
names below are imported on first use, so that ``hotparse dump`` (which builds the
``export`` arguments from :mod:`hotparse.tabular.formats`) loads no writer.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hotparse.tabular.formats import FORMATS
    from hotparse.tabular.frames import to_dataframes
    from hotparse.tabular.rows import post_id, post_rows, tables
    from hotparse.tabular.schema import TABLES, Column, Table
    from hotparse.tabular.writers import export

__all__ = [
    "FORMATS",
    "TABLES",
    "Column",
    "Table",
    "export",
    "post_id",
    "post_rows",
    "tables",
    "to_dataframes",
]

_HOMES = {
    "FORMATS": "formats",
    "TABLES": "schema",
    "Column": "schema",
    "Table": "schema",
    "export": "writers",
    "post_id": "rows",
    "post_rows": "rows",
    "tables": "rows",
    "to_dataframes": "frames",
}
"""The module of each public name."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'hotparse.tabular' has no attribute {name!r}")
    value = getattr(import_module(f"hotparse.tabular.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
