"""hotparse: read "Hot Papers" Markdown posts into typed records and JSON.

>>> import hotparse
>>> post = hotparse.load("fixtures/basic.md")          # doctest: +SKIP
>>> [paper.title for paper in post.papers]             # doctest: +SKIP

The heavy parsing libraries (mistune, BeautifulSoup, PyYAML) are imported on
first use, and so are the table functions (``export``, ``tables``,
``to_dataframes``, from :mod:`hotparse.tabular`), so ``import hotparse`` and
``hotparse dump`` start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hotparse.errors import ParseError
from hotparse.mojibake import RepairReport, explain_repair, repair
from hotparse.reader import iter_posts, load, parse
from hotparse.records import (
    Entities,
    Entity,
    Fragment,
    Paper,
    Period,
    Post,
    Problem,
    Tweet,
    TweetOriginal,
)
from hotparse.render import render
from hotparse.serialize import from_dict, to_dict

if TYPE_CHECKING:
    from hotparse.tabular import export, tables, to_dataframes

__version__ = "0.1.0"

__all__ = [
    "Entities",
    "Entity",
    "Fragment",
    "Paper",
    "ParseError",
    "Period",
    "Post",
    "Problem",
    "RepairReport",
    "Tweet",
    "TweetOriginal",
    "__version__",
    "explain_repair",
    "export",
    "from_dict",
    "iter_posts",
    "load",
    "parse",
    "render",
    "repair",
    "tables",
    "to_dataframes",
    "to_dict",
]


_TABULAR = frozenset(("export", "tables", "to_dataframes"))
"""Names of :mod:`hotparse.tabular` served on first use (sqlite3, csv and the table
schema are not needed to parse or dump)."""


def __getattr__(name: str) -> Any:
    if name in _TABULAR:
        from hotparse import tabular

        value = getattr(tabular, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'hotparse' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
