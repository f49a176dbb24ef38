"""Archive tables: posts as rows, pandas DataFrames, and SQLite, Parquet or CSV files.

See README.md in this folder for the flow and docs/tables.md for the schema.
"""

from __future__ import annotations

from hotparse.tabular.frames import to_dataframes
from hotparse.tabular.rows import post_id, post_rows, tables
from hotparse.tabular.schema import TABLES, Column, Table
from hotparse.tabular.writers import FORMATS, export

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
