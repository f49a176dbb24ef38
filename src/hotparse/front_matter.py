"""Front matter: find the ``---`` block, read its YAML safely, map it to fields.

python-frontmatter's YAML handler reads the block, with a loader that is
PyYAML's safe loader minus two things: aliases (a "billion laughs" document
expands without end once written as JSON) and the implicit timestamp type (the
generator's ``2021-03-26T11:41:31.Z`` is not ISO 8601, and ``datetime`` objects
are not JSON).  We locate the block ourselves rather than with
``frontmatter.loads`` because that strips the text and rewrites line endings,
and we need the raw lines for line numbers and byte-exact round trips.

Fast path: a block written only in the generator's own shapes (``_fast_yaml``:
known keys once each, double-quoted printable ASCII, the plain title and date,
``draft: true|false``, a tags list) is read without the YAML loader, which
stays the reader of everything else (tests/test_parse_fast_paths.py compares
the two).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from typing import Any, NoReturn

import attrs
import yaml
from frontmatter.default_handlers import YAMLHandler

from hotparse._limits import MAX_INT_BITS
from hotparse.errors import ParseError
from hotparse.records import Period, Problem

__all__ = ["MAX_FRONT_MATTER_BYTES", "MAX_INT_BITS", "FrontMatter", "read_front_matter"]

MAX_FRONT_MATTER_BYTES = 64 * 1024
"""Front matter larger than this is refused (real posts have about 350 bytes)."""

_KNOWN_KEYS = {
    "title": "title",
    "date": "date",
    "template": "template",
    "draft": "draft",
    "slug": "slug",
    "category": "category",
    "tags": "tags",
    "description": "description",
    "socialImage": "social_image",
}

_DATE = re.compile(
    r"([0-9]{4})-([0-9][0-9])-([0-9][0-9])[Tt ]([0-9][0-9]):([0-9][0-9]):([0-9][0-9])"
    r"(?:\.([0-9]*))?[ ]?(Z|z|[+-][0-9][0-9]:?[0-9][0-9])?"
)
_TITLE_PERIOD = re.compile(
    r"Hot Papers ([0-9]{4}-[0-9][0-9]-[0-9][0-9])(?: - ([0-9]{4}-[0-9][0-9]-[0-9][0-9]))?"
)


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)




class _TooBig(str):
    """An integer too large to write in decimal, kept as the text of the file."""


@attrs.frozen
class _Duplicate:
    key: str
    first: int
    """File line of the earlier key."""
    again: int
    """File line of the repeated key."""
    kept_as: str


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader (libyaml's when present) without implicit timestamps.

    Two more changes: a key repeated in a mapping keeps every value (the
    earlier ones under ``KEY@LINE``) and is recorded in ``duplicates``; a value
    a constructor cannot read (``!!int x``) is a YAML error at its node, with
    its line, not a bare ValueError.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.block = stream
        self.duplicates: list[_Duplicate] = []
        self._breaks: list[int] | None = None

    def _line(self, index: int) -> int:
        """``_line_at(self.block, index)`` in log time (a block may repeat a key 10,000 times)."""
        if self._breaks is None:
            self._breaks = [at for at, char in enumerate(self.block) if char == "\n"]
        if index >= len(self.block):
            return len(self._breaks) + 3
        return bisect.bisect_left(self._breaks, max(index, 0)) + 2

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError, TypeError, LookupError) as error:
            value = node.value if isinstance(node.value, str) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {node.tag} value {_short(value)}: {error}",
                node.start_mark,
            ) from None

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]
        self.flatten_mapping(node)
        pairs: list[tuple[Any, Any, int]] = []
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    "found an unhashable key", key_node.start_mark,
                ) from None
            pairs.append((key, self.construct_object(value_node, deep=deep),
                          key_node.start_mark.index))
        last: dict[str, int] = {}
        previous: dict[int, int] = {}  # index of a repeated key -> index of the one before
        for key, _, index in pairs:
            text = str(key)
            if text in last:
                previous[index] = last[text]
            last[text] = index
        mapping: dict[Any, Any] = {}
        names: dict[int, str] = {}
        for key, value, index in pairs:
            text = str(key)
            if last[text] != index:  # an earlier value of a repeated key
                key = f"{text}@{self._line(index)}"
                if key in mapping:  # twice on one line: {a: 1, a: 2, a: 3}
                    key = f"{key}:{_column_at(self.block, index)}"
            elif key in mapping:  # equal in Python, written differently (1 and 1.0)
                key = text
            names[index] = key
            mapping[key] = value
            if index in previous:
                before = previous[index]
                self.duplicates.append(
                    _Duplicate(text, self._line(before), self._line(index), names[before])
                )
        return mapping


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int | str:
    text = loader.construct_scalar(node)
    try:
        value = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        if len(text) > 1000:  # more decimal digits than Python turns into an int
            return _TooBig(text)
        raise
    if value.bit_length() > MAX_INT_BITS:
        return _TooBig(text)
    return value


_Loader.yaml_implicit_resolvers = {
    first: [pair for pair in resolvers if pair[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _line_at(block: str, index: int) -> int:
    """The file line of character ``index`` of the block (which starts on line 2).

    YAML also counts U+2028, U+2029, U+0085 and a lone CR as line breaks;
    the file (and every message) counts only LF.  The end of the block is the
    closing ``---`` line (where an unclosed ``[`` is found missing).
    """
    if index >= len(block):
        return block.count("\n") + 3
    return block.count("\n", 0, max(index, 0)) + 2


def _column_at(block: str, index: int) -> int:
    if index >= len(block):
        return 1
    return index - (block.rfind("\n", 0, max(index, 0)) + 1) + 1

_HANDLER = YAMLHandler()


@attrs.frozen(kw_only=True)
class FrontMatter:
    """What the front matter block holds, and where it ends."""

    fields: dict[str, Any]
    """Known keys mapped to record field names, values checked."""
    extra: dict[str, Any]
    """Unknown keys with JSON-ready values."""
    problems: tuple[Problem, ...]
    """Values of the wrong type or shape."""
    end_line: int
    """0-based index of the closing ``---`` line."""


def read_front_matter(lines: list[str], source: str | None) -> FrontMatter:
    """Read the front matter at the top of ``lines`` (the file split on ``\\n``).

    Raises:
        ParseError: no front matter, never closed, too large, not valid safe
            YAML, not a mapping, or no title.
    """
    if not lines or lines[0].rstrip() != "---":
        raise ParseError(
            "no front matter: a Hot Papers post starts with a '---' line, "
            "then YAML with a title, then another '---' line",
            source=source,
            line=1,
            column=1,
        )
    end = _closing_line(lines)
    if end is None:
        raise ParseError(
            "front matter opened on line 1 is never closed: add a '---' line after the YAML",
            source=source,
            line=1,
            column=1,
        )
    block = "\n".join(lines[1:end])
    size = len(block.encode("utf-8", "surrogatepass"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise ParseError(
            f"front matter is {size} bytes, more than the {MAX_FRONT_MATTER_BYTES} allowed; "
            "this is not a Hot Papers post",
            source=source,
            line=2,
        )
    data, duplicates = _load_yaml(block, source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ParseError(
            "front matter is not a mapping of keys to values",
            source=source,
            line=2,
            column=1,
        )
    key_lines = _key_lines(lines, end)
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    problems: list[Problem] = []

    def problem(key: str, code: str, message: str) -> None:
        problems.append(Problem(line=key_lines.get(key, 2), code=code, message=message))

    for duplicate in duplicates:
        first, again = duplicate.first, duplicate.again
        problems.append(Problem(
            line=again,
            code="duplicate-key",
            message=(
                f"front matter key {duplicate.key!r} on line {again} repeats the one on line "
                f"{first}; the last value is used, line {first}'s is kept as "
                f"{duplicate.kept_as!r}"
                if first != again
                else f"front matter key {duplicate.key!r} appears twice on line {again}; "
                f"the last value is used, the first is kept as {duplicate.kept_as!r}"
            ),
        ))

    for raw_key, value in data.items():
        key = str(raw_key)
        name = _KNOWN_KEYS.get(key) if isinstance(raw_key, str) else None
        if name is None:
            json_value, changed = _jsonable(value)
            if changed:
                problem(key, "front-matter-value", f"front matter {key!r}: value turned to text")
            extra[key] = json_value
            continue
        checked = _check(name, value)
        if checked is _BAD:
            problem(
                key,
                "front-matter-value",
                f"front matter {key!r} has an unexpected value {_short(value)}; kept in extra",
            )
            extra[key] = _jsonable(value)[0]
        else:
            fields[name] = checked
    title = fields.get("title")
    if not title:
        raise ParseError(
            "front matter has no title: a Hot Papers post has 'title: Hot Papers YYYY-MM-DD'",
            source=source,
            line=key_lines.get("title", 1),
        )
    period = _period(title)
    if period is None:
        problem(
            "title",
            "title-period",
            f"title {title!r} names no day: expected 'Hot Papers YYYY-MM-DD' "
            "or 'Hot Papers YYYY-MM-DD - YYYY-MM-DD'",
        )
    fields["period"] = period
    return FrontMatter(fields=fields, extra=extra, problems=tuple(problems), end_line=end)


def _closing_line(lines: list[str]) -> int | None:
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return index
    return None


MAX_DEPTH = 64
"""Deepest nesting of YAML collections accepted (real posts have 2)."""
_NESTING_OR_ALIAS = re.compile(r"[*&\[{?]|-\s+-")
"""What a short block needs to hold an alias or to nest without indentation."""


def _check_events(block: str) -> None:
    """Refuse aliases and deep nesting before anything is built.

    Aliases can expand without end once written as JSON ("billion laughs").
    Deep nesting crashes libyaml's composer (a segmentation fault at 30,000
    levels), so the event stream, which the parser produces without
    recursion, is checked first.
    """
    if len(block) <= 2048 and _NESTING_OR_ALIAS.search(block) is None:
        return  # no alias, and too short to nest deeper than MAX_DEPTH by indentation
    depth = 0
    for event in yaml.parse(block, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            _refuse(
                f"YAML alias *{event.anchor} is not allowed in front matter "
                "(aliases can expand without end); write the value out",
                event,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                _refuse(
                    f"front matter nests deeper than {MAX_DEPTH} levels; "
                    "a Hot Papers post has flat keys",
                    event,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _refuse(message: str, event: yaml.Event) -> NoReturn:
    """Raise a YAML error at ``event``, reported like any other YAML error."""
    raise yaml.composer.ComposerError(None, None, message, event.start_mark)  # type: ignore[arg-type]


# The fast reader of the generator's front matter (see _fast_yaml).  Quoted text is
# printable ASCII without '"' and '\\': inside YAML double quotes it stands for itself.
_QUOTED = r'"([ !#-\[\]-~]*)"'
_FAST_LINE = re.compile(
    rf"(title|template|slug|category|description|socialImage): {_QUOTED}"
    r"|title: (Hot Papers [0-9]{4}-[0-9]{2}-[0-9]{2}(?: - [0-9]{4}-[0-9]{2}-[0-9]{2})?)"
    r"|date: ([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.Z)"
    r"|draft: (true|false)"
    r"|(tags):"
    rf"|  - {_QUOTED}"
    r"|"
)


def _fast_yaml(block: str) -> dict[str, Any] | None:
    """What the YAML loader makes of ``block`` when it is written in the generator's
    shapes only, else None.

    Accepts blank lines and, each key once: ``KEY: "text"`` (title, template,
    slug, category, description, socialImage; text as in :data:`_QUOTED`),
    ``title: Hot Papers YYYY-MM-DD`` (or a range) and ``date:
    YYYY-MM-DDTHH:MM:SS.Z`` unquoted (plain scalars no YAML rule turns into
    anything but text), ``draft: true`` or ``false``, and ``tags:`` followed
    directly by one or more ``  - "text"`` lines.  Anything else (another key, a
    repeated key, other quoting, comments, tabs, trailing spaces, non-ASCII text)
    returns None and the YAML loader reads the block: its rules and its error
    messages stay the reference (tests/test_parse_fast_paths.py compares both).
    """
    data: dict[str, Any] = {}
    tags: list[str] | None = None  # the list being filled, right after "tags:"
    for line in block.split("\n"):
        match = _FAST_LINE.fullmatch(line)
        if match is None:
            return None
        key, quoted, title, date, draft, tags_key, tag = match.groups()
        if tag is not None:
            if tags is None:
                return None
            tags.append(tag)
            continue
        if tags is not None and not tags:
            return None  # "tags:" with no item is null
        tags = None
        if key is not None:
            name, value = key, quoted
        elif title is not None:
            name, value = "title", title
        elif date is not None:
            name, value = "date", date
        elif draft is not None:
            name, value = "draft", draft == "true"
        elif tags_key is not None:
            tags = []
            name, value = "tags", tags
        else:
            continue  # a blank line
        if name in data:
            return None
        data[name] = value
    if (tags is not None and not tags) or not data:
        return None
    return data


def _load_yaml(block: str, source: str | None) -> tuple[Any, list[_Duplicate]]:
    fast = _fast_yaml(block)
    if fast is not None:
        return fast, []
    loaders: list[_Loader] = []

    def loader(stream: str) -> _Loader:
        loaders.append(_Loader(stream))
        return loaders[-1]

    try:
        _check_events(block)
        data = _HANDLER.load(block, Loader=loader)
        return data, loaders[0].duplicates if loaders else []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = _line_at(block, mark.index) if mark is not None else 2
        column = _column_at(block, mark.index) if mark is not None else None
        what = error.problem or error.context or "invalid YAML"
        raise ParseError(
            f"front matter is not valid safe YAML: {what}",
            source=source,
            line=line,
            column=column,
        ) from None
    except yaml.reader.ReaderError as error:
        before = block[: error.position]
        character = error.character
        code = f"U+{character:04X}" if isinstance(character, int) else repr(character)
        raise ParseError(
            f"front matter holds a character YAML does not allow ({code}); remove it",
            source=source,
            line=before.count("\n") + 2,
            column=len(before) - (before.rfind("\n") + 1) + 1,
        ) from None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as error:
        first = str(error).strip().split("\n", 1)[0]
        raise ParseError(
            f"front matter is not valid safe YAML: {type(error).__name__}: {first}"[:300],
            source=source,
            line=2,
        ) from None


def _key_lines(lines: list[str], end: int) -> dict[str, int]:
    """1-based line of each top-level key, for messages."""
    found: dict[str, int] = {}
    for index in range(1, end):
        line = lines[index]
        if line[:1] not in ("", " ", "\t", "-", "#"):
            key = line.split(":", 1)[0].strip().strip("\"'")
            found.setdefault(key, index + 1)
    return found


_BAD = object()


def _check(name: str, value: Any) -> Any:
    """The field value, or ``_BAD`` when it has the wrong type."""
    if isinstance(value, _TooBig):
        return _BAD
    if name == "date":
        return _parse_date(value) if isinstance(value, str) else _BAD
    if name == "draft":
        return value if isinstance(value, bool) else _BAD
    if name == "tags":
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return tuple(value)
        return _BAD
    return value if isinstance(value, str) else _BAD


def _parse_date(text: str) -> dt.datetime | object:
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return _BAD
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        tz = dt.timezone.utc
        if zone and zone not in ("Z", "z"):
            sign = 1 if zone[0] == "+" else -1
            digits = zone[1:].replace(":", "")
            tz = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        value = dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=tz
        )
        # the same instant in UTC, as documented (the file keeps its own writing: a
        # front matter that does not render back exactly is kept verbatim)
        return value.astimezone(dt.timezone.utc)
    except (ValueError, OverflowError):
        return _BAD


def _period(title: str) -> Period | None:
    match = _TITLE_PERIOD.fullmatch(title.strip())
    if match is None:
        return None
    try:
        start = dt.date.fromisoformat(match.group(1))
        end = dt.date.fromisoformat(match.group(2)) if match.group(2) else start
    except ValueError:
        return None
    if end < start:
        return None
    return Period(start=start, end=end)


def _jsonable(value: Any) -> tuple[Any, bool]:
    """A JSON-ready copy of a safe-YAML value, and whether anything was changed."""
    changed = False

    def convert(item: Any, depth: int) -> Any:
        nonlocal changed
        if depth > 50:
            changed = True
            return "<nested too deeply>"
        if isinstance(item, _TooBig):  # an integer too large for JSON: the text written
            changed = True
            return str(item)
        if item is None or isinstance(item, (bool, str, int)):
            return item
        if isinstance(item, float):
            if math.isfinite(item):
                return item
            changed = True
            return str(item)
        if isinstance(item, (list, tuple)):
            return [convert(element, depth + 1) for element in item]
        if isinstance(item, dict):
            out: dict[str, Any] = {}
            for key, element in item.items():
                if not isinstance(key, str):
                    changed = True
                out[str(key)] = convert(element, depth + 1)
            return out
        changed = True
        if isinstance(item, bytes):
            return item.decode("latin-1")
        if isinstance(item, (set, frozenset)):
            return sorted(str(element) for element in item)
        return str(item)

    return convert(value, 0), changed


def _short(value: Any) -> str:
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        return "(a very large integer)"
    if isinstance(value, (list, dict)):
        return f"(a {type(value).__name__} of {len(value)} items)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
