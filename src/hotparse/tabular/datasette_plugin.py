"""hotparse's Datasette plugin: tweets shown as tweets, safely, and rows on the first screen.

Installed with the ``datasette`` extra (an entry point of the ``datasette`` group),
it acts only on tables whose metadata (written by ``hotparse export --metadata``)
names it, under ``plugins.hotparse``:

``html``
    the column's HTML, sanitised with nh3 (Ammonia): only ``blockquote``, ``p``,
    ``a``, ``br``, ``span``, ``em``, ``strong``, ``b``, ``i``; ``href`` only with
    ``http``/``https`` (nothing else, so no ``javascript:``), no ``script`` or
    ``style`` element and no event handler or other attribute.
``links``
    the column's text, escaped, with its http(s) links clickable.
``html_clamp``
    columns cut to a few lines on the table page (whole on the row page).
``lists``
    JSON arrays shown as their items, comma-separated.
``links_to``
    ``{column: table}``: the value linked to the row of ``table`` it is the key of.
``short_links``
    ``{column: word}``: an http(s) URL shown as a link named ``word``.

It also registers, on each connection, the SQL function ``match`` that the search
views ``tweets_search`` and ``papers_search`` need (:mod:`hotparse.tabular.query`):
the search box's query is read once, with the rules docs/tables.md gives.

The page also gets a small stylesheet, so that the rows start on the first screen:
the column descriptions in a short scrolling box, facet values on a line, and on
a table page a linked key shown by its label alone (its row page shows both).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Callable
from typing import Any, TypeVar, cast

import markupsafe
import nh3
from datasette import hookimpl as _hookimpl
from datasette.utils import tilde_encode

from hotparse.tabular import query as _query

_F = TypeVar("_F", bound=Callable[..., Any])
hookimpl = cast(Callable[[_F], _F], _hookimpl)
"""Datasette's (untyped) hook marker, typed for mypy."""

__all__ = ["clean_html", "linked_text"]

_TAGS = {"blockquote", "p", "a", "br", "span", "em", "strong", "b", "i"}
_ATTRIBUTES = {"a": {"href"}, "p": {"lang", "dir"}, "blockquote": {"lang", "dir"}}
_SCHEMES = {"http", "https"}
_URL = re.compile(r"https?://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]}]")

_CSS = """
dl.column-descriptions { max-height: 5.5em; overflow-y: auto; border: 1px solid #ddd;
  padding: 0.2em 0.6em; font-size: 0.85em; }
body.table .hotparse-clamp { max-height: 4.6em; max-width: 32em; overflow: hidden; }
body.table .facet-info ul li { display: inline-block; margin-right: 1em; }
body.table td > em { display: none; }
body.table td.col-title, body.table td.col-text { min-width: 16em; }
.hotparse-tweet blockquote { margin: 0; }
"""


def clean_html(html: str) -> str:
    """Third-party HTML made safe to show: see the module's docstring."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def linked_text(text: str) -> str:
    """``text`` as HTML: escaped, line breaks kept, http(s) links clickable."""
    out: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        out.append(str(markupsafe.escape(text[last : match.start()])))
        url = match.group()
        out.append(
            f'<a href="{markupsafe.escape(url)}" rel="noopener noreferrer nofollow">'
            f"{markupsafe.escape(url)}</a>"
        )
        last = match.end()
    out.append(str(markupsafe.escape(text[last:])))
    return "".join(out).replace("\n", "<br>")


def _config(datasette: Any, database: str | None, table: str | None) -> dict[str, Any]:
    if not database or not table:
        return {}
    config = datasette.plugin_config("hotparse", database=database, table=table)
    return config if isinstance(config, dict) else {}


@hookimpl
def render_cell(
    value: Any, column: str, table: str | None, database: str | None, datasette: Any
) -> Any:
    config = _config(datasette, database, table)
    if not config or not isinstance(value, str):
        return None
    if config.get("html") == column:
        html = f'<div class="hotparse-tweet">{clean_html(value)}</div>'
    elif config.get("links") == column:
        html = linked_text(value)
    elif column in config.get("lists", ()):
        try:
            items = json.loads(value)
        except ValueError:
            return None
        if not isinstance(items, list):
            return None
        html = str(markupsafe.escape(", ".join(str(item) for item in items)))
    elif column in config.get("links_to", {}):
        other = config["links_to"][column]
        path = datasette.urls.row(database, other, tilde_encode(value))
        return markupsafe.Markup(
            f'<a href="{markupsafe.escape(path)}">{markupsafe.escape(value)}</a>'
        )
    elif column in config.get("short_links", {}):
        if not value.startswith(("https://", "http://")):
            return None
        word = config["short_links"][column]
        return markupsafe.Markup(
            f'<a href="{markupsafe.escape(value)}" title="{markupsafe.escape(value)}">'
            f"{markupsafe.escape(word)}</a>"
        )
    elif column in config.get("html_clamp", ()):
        html = str(markupsafe.escape(value))
    else:
        return None
    if column in config.get("html_clamp", ()):
        html = f'<div class="hotparse-clamp">{html}</div>'
    return markupsafe.Markup(html)


@hookimpl
def prepare_connection(conn: Any) -> None:
    _query.register(conn)


@hookimpl
def extra_css_urls() -> list[str]:
    return ["data:text/css," + urllib.parse.quote(_CSS)]
