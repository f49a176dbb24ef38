"""Arrow (Parquet) types of the tables, and the pandas dtypes every reader agrees on.

The Parquet files carry the pandas metadata pyarrow reads back, so that
``pandas.read_parquet`` gives the same dtypes as :func:`hotparse.to_dataframes`
(which converts through the same Arrow table); DuckDB and polars read the Arrow
types themselves.  docs/tables.md has the table of each kind in each reader.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from hotparse.tabular.rows import Row
from hotparse.tabular.schema import Kind, Table

__all__ = [
    "ARROW",
    "DUCKDB",
    "PANDAS",
    "POLARS",
    "TEXT",
    "arrow_schema",
    "arrow_values",
    "to_arrow",
]

ARROW: dict[Kind, str] = {
    "text": "string",
    "integer": "int64",
    "real": "double",
    "boolean": "bool",
    "date": "date32[day]",
    "datetime": "timestamp[us, tz=UTC]",
    "text_list": "list<element: string>",
    "date_list": "list<element: date32[day]>",
    "pairs": "list<element: struct<key: string, value: string>>",
}
"""The Arrow type of each column kind, as pyarrow reads it back from the Parquet file."""

PANDAS: dict[Kind, str] = {
    "text": "string",
    "integer": "Int64",
    "real": "Float64",
    "boolean": "boolean",
    "date": "date32[day][pyarrow]",
    "datetime": "datetime64[us, UTC]",
    "text_list": "object",
    "date_list": "object",
    "pairs": "object",
}
"""The pandas dtype of each kind (lists: ``object`` columns of NumPy arrays, as pyarrow
gives them; pairs: arrays of ``{"key": …, "value": …}`` dicts)."""

POLARS: dict[Kind, str] = {
    "text": "String",
    "integer": "Int64",
    "real": "Float64",
    "boolean": "Boolean",
    "date": "Date",
    "datetime": "Datetime(time_unit='us', time_zone='UTC')",
    "text_list": "List(String)",
    "date_list": "List(Date)",
    "pairs": "List(Struct({'key': String, 'value': String}))",
}
"""What ``polars.read_parquet`` gives for each kind (tests/test_tables_types.py checks)."""

DUCKDB: dict[Kind, str] = {
    "text": "VARCHAR",
    "integer": "BIGINT",
    "real": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP WITH TIME ZONE",
    "text_list": "VARCHAR[]",
    "date_list": "DATE[]",
    "pairs": 'STRUCT("key" VARCHAR, "value" VARCHAR)[]',
}
"""What DuckDB's ``read_parquet`` gives for each kind."""

TEXT: dict[Kind, str] = {
    "text": "TEXT",
    "integer": "INTEGER",
    "real": "REAL",
    "boolean": "INTEGER 0 or 1 (CSV: `true`/`false`)",
    "date": "TEXT `YYYY-MM-DD`",
    "datetime": "TEXT `YYYY-MM-DDTHH:MM:SSZ` (UTC)",
    "text_list": 'TEXT, a JSON array of strings (`["a","b"]`)',
    "date_list": 'TEXT, a JSON array of `YYYY-MM-DD` (`["2021-03-05"]`)',
    "pairs": 'TEXT, a JSON object (`{"key": value}`)',
}
"""How SQLite and CSV hold each kind (a missing value: NULL, an empty CSV field)."""

_PANDAS_TYPES: dict[Kind, str] = {
    "text": "unicode",
    "integer": "int64",
    "real": "float64",
    "boolean": "bool",
    "date": "date",
    "datetime": "datetimetz",
    "text_list": "list[unicode]",
    "date_list": "list[date]",
    "pairs": "list[object]",
}


def _types() -> dict[Kind, Any]:
    import pyarrow as pa

    return {
        "text": pa.string(),
        "integer": pa.int64(),
        "real": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us", tz="UTC"),
        "text_list": pa.list_(pa.string()),
        "date_list": pa.list_(pa.date32()),
        "pairs": pa.list_(pa.struct([("key", pa.string()), ("value", pa.string())])),
    }


def arrow_schema(table: Table) -> Any:
    """The pyarrow schema of ``table``, with the pandas metadata of its dtypes."""
    import pyarrow as pa

    types = _types()
    key = set(table.key or ("post_id",))
    columns = []
    for column in table.columns:
        entry: dict[str, Any] = {
            "name": column.name,
            "field_name": column.name,
            "pandas_type": _PANDAS_TYPES[column.kind],
            "numpy_type": PANDAS[column.kind],
            "metadata": {"timezone": "UTC"} if column.kind == "datetime" else None,
        }
        columns.append(entry)
    pandas = {
        "index_columns": [],
        "column_indexes": [],
        "columns": columns,
        "creator": {"library": "hotparse"},
        "pandas_version": "2.1.0",
    }
    return pa.schema(
        [
            pa.field(column.name, types[column.kind], nullable=column.name not in key)
            for column in table.columns
        ],
        metadata={b"pandas": json.dumps(pandas).encode("utf-8")},
    )


def _pairs(text: str | None) -> list[dict[str, str]] | None:
    if text is None:
        return None
    return [
        {"key": key, "value": json.dumps(value, ensure_ascii=False)}
        for key, value in json.loads(text).items()
    ]


def _dates(text: str | None) -> list[dt.date] | None:
    return None if text is None else [dt.date.fromisoformat(day) for day in json.loads(text)]


def _texts(text: str | None) -> list[str] | None:
    return None if text is None else list(json.loads(text))


_CONVERT: dict[Kind, Callable[[Any], Any]] = {
    "text_list": _texts,
    "date_list": _dates,
    "pairs": _pairs,
}


def arrow_values(table: Table) -> Callable[[Row], Row]:
    """A row as pyarrow takes it: the JSON texts of list and pairs columns decoded."""
    converted = [(c.name, _CONVERT[c.kind]) for c in table.columns if c.kind in _CONVERT]
    if not converted:
        return lambda row: row

    def convert(row: Row) -> Row:
        out = dict(row)
        for name, function in converted:
            out[name] = function(row[name])
        return out

    return convert


def to_arrow(table: Table, rows: list[Row]) -> Any:
    """``rows`` of ``table`` as a ``pyarrow.Table``."""
    import pyarrow as pa

    convert = arrow_values(table)
    return pa.Table.from_pylist([convert(row) for row in rows], schema=arrow_schema(table))
