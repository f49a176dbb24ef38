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
        record = _converter().structure(data, cls)
    except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"data does not fit {cls.__name__}: {error}") from error
    # cattrs converts what it can ("false" -> True, "ab" -> ("a", "b"), 2.9 -> 2): the
    # record must give back the data it was read from, or the data did not fit
    where = _differs(data, to_dict(record), "")
    if where is not None:
        raise ValueError(f"data does not fit {cls.__name__}: {where}")
    return record


def _differs(given: Any, made: Any, path: str) -> str | None:
    found = _mismatch(given, made, path)
    if found is None or found.endswith(" is not a field"):
        return found
    return f"{found or 'the value'} has the wrong type or form"


def _mismatch(given: Any, made: Any, path: str) -> str | None:
    """Where and how ``made`` (to_dict of the record) does not repeat ``given``; None if
    it does.

    Keys ``given`` leaves out may take their defaults; times may be written
    ``+00:00`` instead of ``Z``.
    """
    if isinstance(given, dict):
        if not isinstance(made, dict):
            return path
        for key, value in given.items():
            if key not in made:
                return f"{path}.{key} is not a field" if path else f"{key} is not a field"
            found = _mismatch(value, made[key], f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
        return None
    if isinstance(given, (list, tuple)):
        if not isinstance(made, list) or len(made) != len(given):
            return path
        for i, (a, b) in enumerate(zip(given, made, strict=True)):
            found = _mismatch(a, b, f"{path}[{i}]")
            if found is not None:
                return found
        return None
    if isinstance(given, dt.datetime | dt.date):
        given = _written(given)
    if isinstance(given, str) and isinstance(made, str):
        same = given == made or (given.endswith("+00:00") and given[:-6] + "Z" == made)
        return None if same else path
    if isinstance(given, bool) or isinstance(made, bool):
        both = isinstance(given, bool) and isinstance(made, bool)
        return None if both and given == made else path
    if isinstance(given, int | float) and isinstance(made, int | float):
        return None if given == made else path
    return None if type(given) is type(made) and given == made else path


def _written(value: dt.date) -> str:
    """A date or time as :func:`to_dict` writes it."""
    return _iso_datetime(value) if isinstance(value, dt.datetime) else value.isoformat()


def dumps(record: Any, *, indent: int | None = None, ensure_ascii: bool = False) -> str:
    """``json.dumps(to_dict(record))``, non-ASCII kept as is unless ``ensure_ascii``.

    The same bytes are written by a faster writer (msgspec, see
    :mod:`hotparse._encode`) whenever it can promise them; otherwise by exactly
    that expression.
    """
    if not ensure_ascii:
        from hotparse._encode import encode

        text = encode(record, indent)
        if text is not None:
            return text
    import json

    return json.dumps(to_dict(record), ensure_ascii=ensure_ascii, indent=indent)
