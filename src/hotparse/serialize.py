"""Records to JSON-ready dicts and back.

``to_dict`` turns any record into plain ``dict``/``list``/``str``/``int``/
``bool``/``None`` values: dates as ISO 8601 (``2021-03-05``), times as ISO 8601
UTC with ``Z`` (``2021-03-06T15:15:57Z``), line spans as two-item lists.
``from_dict(Post, data)`` rebuilds an equal record.  Both use cattrs.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from hotparse._dates import iso_datetime as _iso_datetime
from hotparse._limits import MAX_INT_BITS

if TYPE_CHECKING:
    import cattrs

__all__ = ["dumps", "from_dict", "to_dict"]

T = TypeVar("T")


class _FormError(ValueError):
    """A value of the right type in the wrong form; its message says what to write."""


def _read_datetime(value: Any, _type: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        read = value
    else:
        text = str(value)
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        read = dt.datetime.fromisoformat(text)
    offset = read.utcoffset()
    if offset is None:
        raise _FormError("a time without a time zone: write it in UTC, ending in Z")
    if offset:
        raise _FormError(f"a time at UTC{read.isoformat()[-6:]}: write it in UTC, ending in Z")
    return read


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

    Raises:
        TypeError: ``record`` is not a hotparse record.
    """
    if not _is_record_class(type(record)):
        raise TypeError(
            "record must be a hotparse record (Post, Paper, Tweet, ...), "
            f"not {type(record).__name__}"
        )
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
        ValueError: ``data`` does not fit ``cls``: the message names the key and
            what is wrong (cattrs' error is chained).
        TypeError: ``cls`` is not a hotparse record class.
    """
    import cattrs

    if not (isinstance(cls, type) and _is_record_class(cls)):
        raise TypeError(
            "cls must be a hotparse record class (Post, Paper, Tweet, ...), "
            f"not {getattr(cls, '__name__', type(cls).__name__)}"
        )
    if not isinstance(data, Mapping):
        raise ValueError(
            f"data does not fit {cls.__name__}: data for {cls.__name__} must be a dict, "
            f"not {type(data).__name__}"
        )
    wrong = _not_json(data)
    if wrong is not None:
        raise ValueError(f"data does not fit {cls.__name__}: {_one_line(wrong)}")
    try:
        record = _converter().structure(data, cls)
    except cattrs.BaseValidationError as error:
        raise ValueError(
            f"data does not fit {cls.__name__}: {_one_line(_explain(error))}"
        ) from error
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"data does not fit {cls.__name__}: {_one_line(str(error))}") from error
    # cattrs converts what it can ("false" -> True, "ab" -> ("a", "b"), 2.9 -> 2): the
    # record must give back the data it was read from, or the data did not fit
    where = _differs(data, to_dict(record), "")
    if where is not None:
        raise ValueError(f"data does not fit {cls.__name__}: {_one_line(where)}")
    return record


_CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def _one_line(text: str) -> str:
    """``text`` with line breaks and other control characters (from keys) escaped."""
    return _CONTROL.sub(lambda found: repr(found[0])[1:-1], text)


def _is_record_class(cls: type) -> bool:
    return attrs.has(cls) and cls.__module__ == "hotparse.records"


MAX_DEPTH = 100
"""Deepest nesting ``from_dict`` reads (a post is about 6 levels deep, ``extra`` at most 64)."""


def _not_json(data: Any) -> str | None:
    """What in ``data`` is not JSON-like data (or nests too deeply), or None.

    Iterative, so data nested 100,000 deep is refused without a RecursionError.
    """
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        where = path or "data"
        if depth > MAX_DEPTH:
            return f"{where} nests deeper than {MAX_DEPTH} levels"
        if value is None or isinstance(value, (bool, str, dt.date)):
            continue
        if isinstance(value, int):
            if value.bit_length() > MAX_INT_BITS:
                return f"{where} is an integer of more than {MAX_INT_BITS} bits (3,900 digits)"
            continue
        if isinstance(value, float):
            if not math.isfinite(value):
                return f"{where} is {value}, not a finite number"
            continue
        if isinstance(value, Mapping):
            for key, item in value.items():
                if not isinstance(key, str):
                    return f"{where} has a key that is not a string ({type(key).__name__})"
                stack.append((item, f"{path}.{key}" if path else key, depth + 1))
            continue
        if isinstance(value, (list, tuple)):
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
            continue
        return (
            f"{where} is {type(value).__name__}, not JSON data "
            "(str, int, float, bool, None, list or dict)"
        )
    return None


def _explain(error: Exception) -> str:
    """cattrs' error as 'where: what' for each failing key (a few at most)."""
    from cattrs.v import format_exception, transform_error

    def describe(exc: BaseException, kind: Any) -> str:
        if isinstance(exc, _FormError):
            return str(exc)
        if isinstance(exc, KeyError):
            return "required key missing"
        return format_exception(exc, kind)

    found = []
    for line in transform_error(error, path="$", format_exception=describe):
        what, _, where = line.rpartition(" @ ")
        where = where.removeprefix("$").removeprefix(".")
        found.append(f"{where or 'data'}: {what}" if what else line)
    more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
    return "; ".join(found[:3]) + more


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
    if isinstance(given, float) and isinstance(made, int):
        return path  # a count is a whole number: 2.0 is not 2
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
