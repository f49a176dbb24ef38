"""Datasette metadata for an exported database: titles, descriptions, licences, facets."""

from __future__ import annotations

from typing import Any

from hotparse.tabular.schema import TABLES, VIEWS

__all__ = ["datasette_metadata"]

_VIEWS = {
    "paper_days": "Each paper with its post's day and the number of tweets embedded under it.",
    "distinct_tweets": "One row per tweet id, however many papers it is embedded under "
    "(placements).",
    "handles": "Per author handle: distinct tweets, placements under papers, papers, "
    "first and last tweet day.",
}

_FACETS = {
    "papers": ["primary_category"],
    "tweets": ["lang", "author_handle"],
    "tweet_entities": ["kind"],
    "paper_categories": ["category"],
    "problems": ["code"],
}


def _plain(text: str) -> str:
    """Datasette shows descriptions as plain text: no Markdown backticks."""
    return text.replace("`", "")


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette's ``metadata.json`` content for the database file named ``database`` (its stem)."""
    tables: dict[str, Any] = {}
    for table in TABLES:
        entry: dict[str, Any] = {
            "description": _plain(table.description),
            "columns": {column.name: _plain(column.description) for column in table.columns},
        }
        if table.name in _FACETS:
            entry["facets"] = _FACETS[table.name]
        if table.name == "papers":
            entry["sort_desc"] = "retweets"
        tables[table.name] = entry
    for name in VIEWS:
        tables[name] = {"description": _VIEWS[name]}
    return {
        "title": "Hot Papers archive",
        "description": (
            "arXiv papers people talked about most on Twitter, one post a day, as read by "
            "hotparse. retweets and favorites are totals over all the tweets the generator "
            "found about a paper, not only the embedded ones."
        ),
        "license": "Titles and abstracts: each paper's arXiv licence; tweets: their authors",
        "license_url": "https://arxiv.org/help/license",
        "source": "Hot Papers posts",
        "databases": {database: {"tables": tables}},
    }
