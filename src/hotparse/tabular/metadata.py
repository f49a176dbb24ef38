"""Datasette metadata for an exported database: titles, descriptions, licences, facets,
the search each table's box runs, the first screen of each table, and how the
hotparse plugin renders some cells (see :mod:`hotparse.tabular.datasette_plugin`)."""

from __future__ import annotations

from typing import Any

from hotparse.tabular.schema import ALL_TABLES, SEARCH_VIEWS, VIEWS
from hotparse.tabular.sqlite import PENDING, SOURCES

_INTERNAL = (PENDING, SOURCES)
"""The SQLite export's own tables (entity keys to recompute, the files written from):
hidden in Datasette."""

__all__ = ["datasette_metadata"]

_VIEWS = {
    "paper_days": "Each paper with its post's day and the number of tweets embedded under it.",
    "distinct_tweets": "One row per tweet id, however many papers it is embedded under "
    "(placements).",
    "handles": "Per author handle: distinct tweets, placements under papers, papers, "
    "first and last tweet day (the accounts table has more).",
    "papers_search": "What the search box of papers searches (title and abstract), read by "
    "hotparse's plugin: use it through that box.",
    "tweets_search": "What the search box of tweets searches (text), read by hotparse's "
    "plugin: use it through that box.",
}

_FACETS = {
    "papers": ["primary_category"],
    "tweets": ["lang"],
    "tweet_entities": ["kind"],
    "paper_categories": ["category"],
    "problems": ["code"],
    "arxiv_papers": ["primary_category"],
}

_SORT_DESC = {
    "posts": "period_start",
    "papers": "retweets",
    "tweets": "date",
    "arxiv_papers": "max_retweets",
    "accounts": "tweets",
}

_LABELS = {
    "posts": "title",
    "papers": "title",
    "arxiv_papers": "title",
    "accounts": "name",
    "tweets": "author_handle",
}
"""The column Datasette shows beside a key it links to (a tweet's paper by its title)."""

_RENDER: dict[str, dict[str, Any]] = {
    "tweets": {
        "html": "html",
        "links": "text",
        "html_clamp": ["html", "text"],
        "short_links": {"url": "tweet"},
    },
    "papers": {"html_clamp": ["abstract"], "short_links": {"abs_url": "abs", "pdf_url": "pdf"}},
    "posts": {"lists": ["tags"]},
    "arxiv_papers": {
        "lists": ["days", "categories"],
        "short_links": {"abs_url": "abs", "pdf_url": "pdf"},
    },
    "accounts": {"lists": ["names"]},
}
_LINKS_TO = {
    "papers": {"arxiv_id": "arxiv_papers"},
    "arxiv_papers": {"last_paper_key": "papers"},
    "tweets": {"author_handle": "accounts"},
}
"""Columns linked to a row of another table besides the foreign keys (the entity rows
are computed when a run ends, after the posts' rows, so the database does not hold
these as foreign keys)."""

"""How the hotparse Datasette plugin renders cells: ``html`` sanitised HTML, ``links``
text with clickable http(s) links, ``html_clamp`` columns cut short on the table
page (whole on the row page), ``lists`` JSON arrays as comma-separated items,
``short_links`` URLs as a short link,
``links_to`` a column linked to the row of another table keyed by its value: the
foreign keys too, which Datasette links on the table page but not on a row page."""


def _plain(text: str) -> str:
    """Datasette shows descriptions as plain text: no Markdown backticks."""
    return text.replace("`", "")


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette's ``metadata.json`` content for the database file named ``database`` (its stem)."""
    tables: dict[str, Any] = {}
    for table in ALL_TABLES:
        entry: dict[str, Any] = {
            "description": _plain(table.description),
            "columns": {column.name: _plain(column.description) for column in table.columns},
            "facet_size": 10,
        }
        if table.name in _FACETS:
            entry["facets"] = _FACETS[table.name]
        if table.name in _SORT_DESC:
            entry["sort_desc"] = _SORT_DESC[table.name]
        if table.name in _LABELS:
            entry["label_column"] = _LABELS[table.name]
        render = dict(_RENDER.get(table.name, {}))
        links = dict(table.links)
        links.update(_LINKS_TO.get(table.name, {}))
        if links:
            render["links_to"] = links
        if render:
            entry["plugins"] = {"hotparse": render}
        tables[table.name] = entry
    for view, (searched, _) in SEARCH_VIEWS.items():
        tables[searched].update({"fts_table": view, "fts_pk": "rowid", "searchmode": "raw"})
    for name in (*VIEWS, *SEARCH_VIEWS):
        tables[name] = {"description": _VIEWS[name]}
    for name in _INTERNAL:
        tables[name] = {"hidden": True}
    return {
        "title": "Hot Papers archive",
        "description": (
            "arXiv papers people talked about most on Twitter, one post a day, as read by "
            "hotparse. retweets and favorites are totals over all the tweets the generator "
            "found about a paper, not only the embedded ones. Search boxes take words "
            '(punctuation included: C++, #AI), "phrases", prefix*, OR, AND, NOT and '
            "title:, case-insensitive; 1- and 2-letter Latin words as words, anything "
            "else as any part of the text, in any script."
        ),
        "license": "Titles and abstracts: each paper's arXiv licence; tweets: their authors",
        "license_url": "https://arxiv.org/help/license",
        "source": "Hot Papers posts",
        "databases": {database: {"tables": tables}},
    }
