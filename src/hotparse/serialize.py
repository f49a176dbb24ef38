"""Records to JSON-ready dicts and back.

``to_dict`` turns any record into plain ``dict``/``list``/``str``/``int``/
``bool``/``None`` values: dates as ISO 8601 (``2021-03-05``), times as ISO 8601
UTC with ``Z`` (``2021-03-06T15:15:57Z``), line spans as two-item lists.
``from_dict(Post, data)`` rebuilds an equal record.  Both use cattrs.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import cattrs

__all__ = ["dumps", "from_dict", "to_dict"]

T = TypeVar("T")


def _iso_datetime(value: dt.datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _read_datetime(value: Any, _type: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    text = str(value)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    return dt.datetime.fromisoformat(text)


def _read_date(value: Any, _type: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@functools.lru_cache(maxsize=1)
def _converter() -> cattrs.Converter:
    import cattrs

    converter = cattrs.Converter()
    converter.register_unstructure_hook(dt.datetime, _iso_datetime)
    converter.register_unstructure_hook(dt.date, lambda value: value.isoformat())
    converter.register_structure_hook(dt.datetime, _read_datetime)
    converter.register_structure_hook(dt.date, _read_date)
    return converter


def to_dict(record: Any) -> Any:
    """A JSON-ready copy of ``record`` (a Post, Paper, Tweet or any hotparse record).

    Field names are the JSON keys; see ``docs/records.md`` and ``docs/schema.json``.
    """
    data = _converter().unstructure(record)
    return _lists(data)


def _lists(value: Any) -> Any:
    """Tuples become lists, as JSON has them (iteratively deep records are shallow)."""
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(item) for item in value]
    return value


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a record of type ``cls`` from :func:`to_dict` output.

    Raises:
        ValueError: ``data`` does not fit ``cls`` (cattrs' error is chained).
    """
    import cattrs

    try:
        return _converter().structure(data, cls)
    except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"data does not fit {cls.__name__}: {error}") from error


def dumps(record: Any, *, indent: int | None = None) -> str:
    """``json.dumps(to_dict(record))`` with non-ASCII kept as is."""
    import json

    return json.dumps(to_dict(record), ensure_ascii=False, indent=indent)
