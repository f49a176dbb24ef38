"""The one exception that leaves hotparse's API.

Everything that goes wrong while reading a post ends up either as a
:class:`ParseError` (the input is not a Hot Papers post at all) or as a
:class:`~hotparse.records.Problem` on the record (one section is damaged, the
rest was read).
"""

from __future__ import annotations

import re

__all__ = ["ParseError"]

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_controls(text: str) -> str:
    """``text`` on one printable line: control characters and line separators as
    backslash escapes (``\\n``, ``\\x1b``, ``\\u2028``), and bytes of a file name that
    were not UTF-8 (surrogate escapes, as ``os.fsdecode`` gives them) as ``\\xNN``."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    character = match[0]
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    if character in _ESCAPES:
        return _ESCAPES[character]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class ParseError(ValueError):
    """The input cannot be read as a Hot Papers post.

    Subclasses :class:`ValueError`, so ``except ValueError`` catches it too.

    Attributes:
        message: what is wrong and what to do about it.
        source: the file the text came from, or ``None`` for a string (as
            given; ``str(error)`` writes control characters in it as escapes).
        line: 1-based line of the problem, or ``None`` when it concerns the
            whole input (an empty file, say).
        column: 1-based column, or ``None`` when not known.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        super().__init__(self.__str__())

    def __str__(self) -> str:
        # one line, whatever the file name holds (a newline, bytes that are not UTF-8)
        where = _escape_controls(self.source) if self.source is not None else "<string>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"

    def __reduce__(self) -> tuple[object, ...]:
        # Keep keyword-only attributes across pickling (``dump --jobs``).
        return (_rebuild, (self.message, self.source, self.line, self.column))

    def with_source(self, source: str | None) -> ParseError:
        """Return a copy that names ``source`` as the file."""
        return ParseError(self.message, source=source, line=self.line, column=self.column)


def _rebuild(message: str, source: str | None, line: int | None, column: int | None) -> ParseError:
    return ParseError(message, source=source, line=line, column=column)
