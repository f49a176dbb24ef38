"""The tables as pandas DataFrames (pandas and pyarrow: the ``pandas`` extra).

Each table goes through the same Arrow table the Parquet writer writes, with the
same pandas metadata, so ``to_dataframes`` and ``pandas.read_parquet`` of an
export give the same dtypes (:data:`DTYPES`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hotparse._arguments import require_posts
from hotparse.records import Post
from hotparse.tabular.arrow import PANDAS
from hotparse.tabular.files import missing_extra
from hotparse.tabular.rows import tables
from hotparse.tabular.schema import ALL_TABLES, Kind

__all__ = ["DTYPES", "to_dataframes"]

DTYPES: dict[Kind, str] = PANDAS
"""pandas dtype of each column kind: nullable integers, ``date32[day][pyarrow]`` days,
UTC times in microseconds, lists as ``object`` columns of arrays."""


def to_dataframes(posts: Iterable[Post]) -> dict[str, Any]:
    """The tables of :func:`hotparse.tables` as ``pandas.DataFrame`` objects, by table
    name, and the entity tables ``arxiv_papers`` and ``accounts``.

    Counts and ranks are ``Int64`` (nullable integers), days ``date32[day][pyarrow]``,
    times ``datetime64[us, UTC]``, flags ``boolean``, text ``string``, lists
    ``object`` (NumPy arrays): the dtypes ``pandas.read_parquet`` gives for the
    Parquet export.  Raises ``ModuleNotFoundError`` with the command to run when
    pandas or pyarrow is missing, ``TypeError`` when ``posts`` is not an iterable
    of :class:`Post`.
    """
    posts = require_posts(posts)
    try:
        import pandas  # noqa: F401
    except ModuleNotFoundError:
        raise missing_extra("hotparse.to_dataframes", "pandas", "pandas") from None
    try:
        import pyarrow  # noqa: F401
    except ModuleNotFoundError:
        raise missing_extra("hotparse.to_dataframes", "pandas", "pyarrow") from None
    from hotparse.tabular.arrow import to_arrow

    rows = tables(posts, entities=True)
    return {table.name: to_arrow(table, rows[table.name]).to_pandas() for table in ALL_TABLES}
