"""The fast JSON writer behind :func:`hotparse.serialize.dumps` (msgspec).

``dumps`` promises ``json.dumps(to_dict(record), ensure_ascii=..., indent=...)``
byte for byte.  The general path builds that dict with cattrs and writes it
with the standard library; this module writes the same bytes about ten times
faster:

- one small function per record class, generated from its attrs fields (in
  field order, which is the JSON key order), turns a record into the dicts and
  lists msgspec writes in C: no cattrs, no second pass turning tuples into
  lists (msgspec writes tuples as arrays);
- ``msgspec.json.format`` then lays the bytes out as the standard library
  does: ``", "`` and ``": "`` on one line, or ``indent`` spaces per level.

It gives up (returns None, and ``dumps`` takes the general path) whenever the
bytes could differ: ``ensure_ascii``, an indent of 0 or less (the standard
library then breaks lines without indenting), a string with a lone surrogate
(UTF-8 cannot hold it), a record type it does not know, and front matter
``extra`` values other than strings, booleans, None, integers and lists or
string-keyed dicts of those (floats are written differently: ``1e16`` against
Python's ``1e+16``).  Times are written by msgspec when it writes them as
``to_dict`` does (naive or UTC), else by the same function ``to_dict`` uses;
dates are ISO ``YYYY-MM-DD`` in both.  The tests compare both paths on the
corpus, the fixtures and generated records.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import msgspec

from hotparse import records
from hotparse._dates import iso_datetime as _write_time

__all__ = ["encode"]

_RECORDS: tuple[type, ...] = tuple(
    getattr(records, name) for name in records.__all__ if attrs.has(getattr(records, name))
)


class _Unsupported(Exception):
    """A value the fast writer cannot promise to write like the standard library."""


def encode(record: Any, indent: int | None) -> str | None:
    """``json.dumps(to_dict(record), ensure_ascii=False, indent=indent)``, or None."""
    if indent is not None and (type(indent) is not int or indent <= 0):
        return None
    writer = _writers().get(type(record))
    if writer is None:
        return None
    try:
        data = msgspec.json.encode(writer(record))
    except (_Unsupported, UnicodeEncodeError):
        return None
    return msgspec.json.format(data, indent=indent or 0).decode("utf-8")


def _iso_datetime(value: dt.datetime | None) -> dt.datetime | str | None:
    """What msgspec should write for a time: the time itself when msgspec writes it as
    :func:`hotparse._dates.iso_datetime` does (a plain ``datetime``, naive or UTC:
    ``2021-03-26T11:41:31Z``, microseconds as six digits when not 0; checked against
    it on generated times in tests/test_dumps.py), else that function's text (other
    offsets: msgspec drops an offset's seconds)."""
    if value is None or (
        type(value) is dt.datetime and (value.tzinfo is None or value.tzinfo is _UTC)
    ):
        return value
    return _write_time(value)


_UTC = dt.timezone.utc


def _float(value: float) -> msgspec.Raw:
    if value != value or value in (float("inf"), float("-inf")):
        raise _Unsupported
    return msgspec.Raw(float.__repr__(value).encode())


def _plain(value: Any) -> Any:
    """``value`` when it is plain JSON msgspec writes like the standard library; raises
    :class:`_Unsupported` otherwise.  Iterative: deep front matter values are fine."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is int:
            if -(2**63) <= item < 2**64:
                continue
            raise _Unsupported  # the standard library refuses some huge integers
        if kind is list or kind is tuple:
            stack.extend(item)
        elif kind is dict:
            for key in item:
                if type(key) is not str:
                    raise _Unsupported
            stack.extend(item.values())
        else:
            raise _Unsupported
    return value


def _extra(value: Mapping[str, Any]) -> Any:
    if type(value) is not dict:
        raise _Unsupported
    return _plain(value) if value else value


@functools.cache
def _writers() -> dict[type, Callable[[Any], Any]]:
    """One generated function per record class: record -> dict in field order."""
    namespace: dict[str, Any] = {
        "_iso_datetime": _iso_datetime,
        "_float": _float,
        "_extra": _extra,
        "_EMPTY": (),
    }
    sources = []
    for cls in _RECORDS:
        hints = typing.get_type_hints(cls)
        items = []
        for field in attrs.fields(cls):
            value = _field_code(f"o.{field.name}", hints[field.name])
            items.append(f"{field.name!r}: {value}")
        sources.append(f"def _write_{cls.__name__}(o):\n    return {{{', '.join(items)}}}\n")
    exec("\n".join(sources), namespace)  # our own code, generated from the attrs fields
    return {cls: namespace[f"_write_{cls.__name__}"] for cls in _RECORDS}


def _field_code(expression: str, hint: Any) -> str:
    """Python source that turns the field value ``expression`` of type ``hint`` into
    what msgspec should write."""
    origin = typing.get_origin(hint)
    arguments = typing.get_args(hint)
    if hint in _RECORDS:
        return f"_write_{hint.__name__}({expression})"
    if origin is typing.Union or origin is types.UnionType:
        kinds = [argument for argument in arguments if argument is not type(None)]
        if len(kinds) == 1 and len(arguments) == 2:
            inner = _field_code(expression, kinds[0])
            if inner == expression:
                return expression
            if kinds[0] is dt.datetime:
                return inner
            return f"(None if {expression} is None else {inner})"
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        if arguments[0] in _RECORDS:
            # the empty tuple is written as it is (msgspec writes tuples as arrays); any
            # other value, an empty list or string included, goes through the loop as
            # before (to_dict writes "" or {} as [], and refuses None or 0)
            return (
                f"({expression} if {expression} is _EMPTY"
                f" else [_write_{arguments[0].__name__}(x) for x in {expression}])"
            )
        return expression
    if hint is dt.datetime:
        return f"_iso_datetime({expression})"
    if hint is float:
        return f"_float({expression})"
    if origin is not None and issubclass(origin, Mapping):
        return f"_extra({expression})"
    if hint in (str, int, bool, dt.date) or origin is tuple:
        return expression
    raise TypeError(f"no JSON writer for {hint!r}")  # pragma: no cover - a new field type
