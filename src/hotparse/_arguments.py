"""Argument checks shared by the public functions: a wrong type is a TypeError that
names the argument, the type expected and the type given (never an AttributeError
from deep inside, and never a value quietly taken for another, like ``repair="no"``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from hotparse.records import Post


def require_bool(value: object, name: str) -> bool:
    """``value`` if it is ``True`` or ``False``, else a TypeError naming ``name``."""
    if isinstance(value, bool):
        return value
    raise TypeError(f"{name} must be True or False, not {type(value).__name__}")


def require_text(value: object, name: str) -> str:
    """``value`` if it is a ``str``, else a TypeError naming ``name``."""
    if isinstance(value, str):
        return value
    raise TypeError(f"{name} must be a str, not {type(value).__name__}")


def require_callable(value: object, name: str) -> Callable[..., object] | None:
    """``value`` if it is ``None`` or callable, else a TypeError naming ``name``."""
    if value is None or callable(value):
        return value
    raise TypeError(
        f"{name} must be a function taking the error (say errors.append) or None, "
        f"not {type(value).__name__}"
    )


def require_posts(posts: object) -> Iterator[Post]:
    """The posts of ``posts`` (an iterable of :class:`Post`), each checked as it comes.

    The container is checked at once; each item when it is reached (``posts`` may be a
    lazy ``iter_posts(...)``), with a TypeError naming its position.
    """
    if isinstance(posts, Post):
        raise TypeError("posts must be an iterable of hotparse.Post, not one Post: pass [post]")
    if isinstance(posts, (str, bytes, dict)) or not isinstance(posts, Iterable):
        raise TypeError(
            "posts must be an iterable of hotparse.Post (a list, or iter_posts(...)), "
            f"not {type(posts).__name__}"
        )
    return _each_post(posts)


def _each_post(posts: Iterable[object]) -> Iterator[Post]:
    for index, post in enumerate(posts):
        if not isinstance(post, Post):
            raise TypeError(
                f"posts must hold hotparse.Post records only; item {index} is a "
                f"{type(post).__name__} (read files with hotparse.load or iter_posts)"
            )
        yield post
