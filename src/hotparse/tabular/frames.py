"""The tables as pandas DataFrames with proper dtypes (pandas is an optional extra)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hotparse._arguments import require_posts
from hotparse.records import Post
from hotparse.tabular.files import missing_extra
from hotparse.tabular.rows import tables
from hotparse.tabular.schema import TABLES, Kind

__all__ = ["DTYPES", "to_dataframes"]

DTYPES: dict[Kind, str] = {
    "text": "string",
    "json": "string",
    "integer": "Int64",
    "real": "Float64",
    "boolean": "boolean",
    "date": "datetime64[s]",
    "datetime": "datetime64[s, UTC]",
}
"""pandas dtype of each column kind: nullable integers, dates at midnight, UTC times."""


def to_dataframes(posts: Iterable[Post]) -> dict[str, Any]:
    """The tables of :func:`hotparse.tables` as ``pandas.DataFrame`` objects, by table name.

    Counts and ranks are ``Int64`` (nullable integers), days are ``datetime64[s]``,
    times ``datetime64[s, UTC]``, flags ``boolean`` and text ``string``.
    Raises ``ModuleNotFoundError`` with the command to run when pandas is missing,
    ``TypeError`` when ``posts`` is not an iterable of :class:`Post`.
    """
    posts = require_posts(posts)
    try:
        import pandas as pd
    except ModuleNotFoundError:
        raise missing_extra("hotparse.to_dataframes", "pandas", "pandas") from None
    rows = tables(posts)
    frames: dict[str, Any] = {}
    for table in TABLES:
        frame = pd.DataFrame.from_records(rows[table.name], columns=list(table.names))
        for column in table.columns:
            series = frame[column.name]
            if column.kind == "date":
                series = pd.to_datetime(series)
            elif column.kind == "datetime":
                series = pd.to_datetime(series, utc=True)
            elif column.kind in ("integer", "real", "boolean"):
                series = series.astype("object")  # None, not NaN, for missing values
            frame[column.name] = series.astype(DTYPES[column.kind])
        frames[table.name] = frame
    return frames
