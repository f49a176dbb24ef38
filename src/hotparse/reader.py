"""Reading posts: text -> :class:`~hotparse.records.Post`.

The flow is one way: raw text is split into lines (BOM and CRLF noted, so
``render`` can put them back), the front matter is read
(:mod:`hotparse.front_matter`), the body is walked into sections
(:mod:`hotparse.sections`) whose tweets are decoded (:mod:`hotparse.tweets`),
and damaged tweets are repaired (:mod:`hotparse.mojibake`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import attrs

from hotparse._arguments import require_bool, require_callable
from hotparse.errors import ParseError
from hotparse.records import Post, Problem

__all__ = ["MAX_BYTES", "decode", "iter_paths", "iter_posts", "load", "parse", "read_limited"]

_BOM = "\ufeff"
MAX_BYTES = 256 * 1024 * 1024
"""Inputs larger than this (files, devices, pipes, stdin) are refused rather than read."""


def parse(text: str, *, source: str | None = None, repair: bool = True) -> Post:
    """Read one Hot Papers post from a string.

    Args:
        text: the whole file as text (LF or CRLF line endings, BOM allowed).
        source: the path to name in errors and on the record.
        repair: repair mojibake in tweets (see :func:`hotparse.repair`).

    Returns:
        The post, with ``problems`` listing the sections that could not be read
        as expected.

    Raises:
        ParseError: the text is not a Hot Papers post (no front matter, no title).
            It is the only exception ``parse`` raises: an unexpected failure
            inside hotparse is reported as a ParseError too (with the original
            exception chained as ``__cause__``), so callers need one ``except``.
    """
    if source is not None:
        source = _path_text(source, "source")  # a pathlib.Path, say: the record holds text
    require_bool(repair, "repair")
    try:
        return _parse(text, source=source, repair=repair)
    except (ParseError, MemoryError, KeyboardInterrupt):
        raise
    except RecursionError as error:
        raise ParseError("input nests too deeply to read", source=source) from error
    except Exception as error:
        raise ParseError(
            f"internal error in hotparse ({type(error).__name__}: {error}); "
            "please report it with the input",
            source=source,
        ) from error


def _parse(text: str, *, source: str | None, repair: bool) -> Post:
    if not isinstance(text, str):
        raise ParseError(
            f"expected text (str), got {type(text).__name__}; "
            "decode bytes first, or read files with hotparse.load",
            source=source,
        )
    from hotparse.front_matter import read_front_matter
    from hotparse.render import render_front_matter
    from hotparse.sections import read_sections

    bom = text.startswith(_BOM)
    if bom:
        text = text[1:]
    newline = "\n"
    crlf_lines: tuple[int, ...] = ()
    crlf = text.count("\r\n")
    if crlf and crlf == text.count("\n"):
        newline = "\r\n"
    elif crlf:
        parts = text.split("\n")
        crlf_lines = tuple(
            number for number, part in enumerate(parts[:-1], start=1) if part.endswith("\r")
        )
    if crlf:
        text = text.replace("\r\n", "\n")
    if not text.strip():
        raise ParseError(
            "empty input: a Hot Papers post starts with '---' front matter", source=source, line=1
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ParseError(
            "input holds NUL bytes: this is a binary file, not a Hot Papers post",
            source=source,
            line=line,
        )
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    bare = parts if parts[-1] else parts[:-1]  # the same lines without their "\n"
    front = read_front_matter(bare, source)
    body_start = front.end_line + 1
    preamble, papers, problems = read_sections(lines, body_start)
    if repair:
        from hotparse.repairing import check_strings, post_budget, repair_papers

        work = post_budget()
        papers, found = repair_papers(papers, bare, work)
        problems.extend(found)
        strings = [(key, value) for key, value in front.fields.items() if isinstance(value, str)]
        problems.extend(check_strings(strings, bare, 2, front.end_line, work))
    fields = front.fields
    post = Post(
        source=source,
        title=fields["title"],
        date=fields.get("date"),
        slug=fields.get("slug"),
        category=fields.get("category"),
        tags=fields.get("tags", ()),
        description=fields.get("description"),
        social_image=fields.get("social_image"),
        template=fields.get("template"),
        draft=fields.get("draft"),
        period=fields.get("period"),
        papers=papers,
        problems=tuple(sorted([*front.problems, *problems], key=_problem_key)),
        extra=front.extra,
        preamble=preamble,
        newline=newline,
        crlf_lines=crlf_lines,
        bom=bom,
        lines=(1, max(len(lines), 1)),
    )
    front_source = "".join(lines[:body_start])
    if render_front_matter(post) != front_source:
        post = attrs.evolve(post, front_matter_verbatim=front_source)
    return post


def _problem_key(problem: Problem) -> tuple[int, str]:
    return (problem.line, problem.code)


def decode(data: bytes, *, source: str | None = None) -> str:
    """Decode the bytes of a post file.

    UTF-8 with or without BOM; UTF-16 or UTF-32 with a BOM.  Anything else
    (a file saved as Windows-1252, random binary) raises :class:`ParseError`
    naming the line of the first undecodable byte: nothing is guessed.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "utf-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        hint = ""
        if encoding == "utf-8" and _looks_like_utf16(data):
            hint = "; it looks like UTF-16 without a byte order mark"
        raise ParseError(
            f"not valid {encoding.upper()} (byte 0x{data[error.start]:02X}){hint}; "
            "save the file as UTF-8 and try again",
            source=source,
            line=line,
            column=column,
        ) from None
    if encoding != "utf-8" and text.startswith(_BOM):
        text = text[1:]
    return text


def _looks_like_utf16(data: bytes) -> bool:
    """Many NUL bytes at every other position: UTF-16 text of mostly ASCII."""
    sample = data[:4096]
    half = len(sample) // 2
    return half > 8 and max(sample[0::2].count(0), sample[1::2].count(0)) > half * 0.6


def load(path: str | os.PathLike[str], *, repair: bool = True) -> Post:
    """Read the post at ``path`` (UTF-8 with or without BOM, LF or CRLF).

    Raises:
        ParseError: the file cannot be read, is not UTF-8 (or UTF-16/32 with a
            BOM), or is not a Hot Papers post.
    """
    name = _path_text(path, "path")
    require_bool(repair, "repair")
    if "\x00" in name:  # Python refuses the name before asking the system
        raise ParseError("cannot read file: the name holds a NUL character", source=name)
    try:
        with Path(name).open("rb") as handle:
            data = read_limited(handle, source=name)
    except OSError as error:
        raise ParseError(f"cannot read file: {error.strerror or error}", source=name) from None
    return parse(decode(data, source=name), source=name, repair=repair)


def read_limited(handle: BinaryIO, *, source: str | None = None) -> bytes:
    """All the bytes of ``handle`` (a file, device, pipe or stdin), at most :data:`MAX_BYTES`.

    Raises:
        ParseError: there are more (the limit is named in the message).
        OSError: reading failed.
    """
    limit = MAX_BYTES
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, AttributeError, ValueError):  # io.BytesIO and friends
        size = 0
    parts: list[bytes] = []
    if size <= limit:
        # the whole of a regular file in one read; a device or a pipe in 1 MiB pieces
        # (a read may return less than asked), never more than the limit and a byte
        step = size + 1 if size else 1 << 20
        size = 0
        while size <= limit:
            part = handle.read(min(step, limit + 1 - size))
            if not part:
                break
            parts.append(part)
            size += len(part)
            step = 1 << 20
    if size > limit:
        raise ParseError(
            f"input is more than {limit} bytes, the size limit for one post "
            "(hotparse.reader.MAX_BYTES); this is not a Hot Papers post",
            source=source,
        )
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _path_text(path: object, name: str) -> str:
    """``path`` (str or ``os.PathLike[str]``) as text, or a TypeError naming the argument."""
    if isinstance(path, str):
        return path
    if isinstance(path, os.PathLike):
        text = os.fspath(path)
        if isinstance(text, str):
            return text
    hint = "; decode it with os.fsdecode()" if isinstance(path, bytes) else ""
    raise TypeError(
        f"{name} must be a str or os.PathLike[str], not {type(path).__name__}{hint}"
    )


def iter_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    on_error: Callable[[ParseError], object] | None = None,
) -> Iterator[str]:
    """Each path given, with folders replaced by their ``*.md`` files, sorted.

    Hidden files (names starting with ``.``, such as macOS ``._x.md``
    resource forks) are left out of folders, as a shell's ``*.md`` leaves them.
    Subfolders are not read.  A folder that cannot be listed, and a ``*.md``
    entry that is not a readable regular file (a dangling symbolic link, a
    link loop, a FIFO, a folder), raise :class:`ParseError` naming it, or,
    with ``on_error``, are handed to it and skipped.  A path given that is not
    a folder is yielded as it is (:func:`load` reports it if it cannot be read).
    """
    for path in paths:
        name = _path_text(path, "each path")
        try:
            is_folder = stat.S_ISDIR(Path(name).stat().st_mode)
        except (OSError, ValueError):
            is_folder = False  # a missing file, a name too long: load() says so
        if not is_folder:
            yield name
            continue
        for child, error in _folder_entries(name):
            if error is None:
                yield child
            elif on_error is None:
                raise error
            else:
                on_error(error)


def _folder_entries(folder: str) -> list[tuple[str, ParseError | None]]:
    """The folder's ``*.md`` entries sorted, each with the error that keeps it from being read."""
    try:
        with os.scandir(folder) as listing:
            names = sorted(
                entry.name
                for entry in listing
                if entry.name.endswith(".md") and not entry.name.startswith(".")
            )
    except OSError as error:
        reason = error.strerror or str(error)
        return [(folder, ParseError(f"cannot read folder: {reason}", source=folder))]
    found: list[tuple[str, ParseError | None]] = []
    for entry in names:
        child = str(Path(folder) / entry)
        try:
            mode = Path(child).stat().st_mode
        except OSError as error:
            found.append((child, ParseError(
                f"cannot read file: {error.strerror or error}", source=child
            )))
            continue
        if stat.S_ISREG(mode):
            found.append((child, None))
            continue
        from hotparse.output import file_kind

        kind = file_kind(mode)
        found.append((child, ParseError(
            f"cannot read file: it is {kind}, not a regular file "
            "(a folder is read for its regular *.md files; subfolders are not read)",
            source=child,
        )))
    return found


def iter_posts(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    repair: bool = True,
    on_error: Callable[[ParseError], object] | None = None,
) -> Iterator[Post]:
    """Lazily read the posts at ``paths`` (files, or folders of ``*.md`` sorted by name).

    One post is held at a time.  A file that is not a post raises
    :class:`ParseError` when the iteration reaches it, which ends the
    iteration; pass ``on_error`` (for instance ``errors.append``) to have each
    error handed to it instead, and go on with the next file.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif isinstance(paths, bytes) or not isinstance(paths, Iterable):
        raise TypeError(
            "paths must be a path (str or os.PathLike[str]) or an iterable of paths, "
            f"not {type(paths).__name__}"
        )
    require_bool(repair, "repair")
    require_callable(on_error, "on_error")
    for name in iter_paths(paths, on_error=on_error):
        try:
            post = load(name, repair=repair)
        except ParseError as error:
            if on_error is None:
                raise
            on_error(error)
            continue
        yield post
