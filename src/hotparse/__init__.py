"""hotparse: read "Hot Papers" Markdown posts into typed records and JSON.

>>> import hotparse
>>> post = hotparse.load("fixtures/basic.md")          # doctest: +SKIP
>>> [paper.title for paper in post.papers]             # doctest: +SKIP

The heavy parsing libraries (mistune, BeautifulSoup, PyYAML) are imported on
first use, so ``import hotparse`` and ``hotparse --version`` stay fast.
"""

from __future__ import annotations

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
