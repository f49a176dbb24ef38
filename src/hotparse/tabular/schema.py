"""The tables of an export: names, columns, types, keys, indexes and views.

One description drives every writer (SQLite, Parquet, CSV), the pandas dtypes,
the Datasette metadata and the schema in ``docs/tables.md``, so the column
names are the same everywhere and a query written against one archive works on
any.
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["INDEXES", "SEARCH", "TABLES", "VIEWS", "Column", "Table", "table"]

Kind = Literal["text", "integer", "real", "boolean", "date", "datetime", "json"]
"""How a column is stored: ``date`` is ``YYYY-MM-DD``, ``datetime`` is
``YYYY-MM-DDTHH:MM:SSZ`` (UTC) in SQLite and CSV, and a typed date or UTC
timestamp in Parquet and pandas; ``json`` is a JSON text."""


@attrs.frozen(kw_only=True)
class Column:
    """One column of a table."""

    name: str
    kind: Kind
    description: str


@attrs.frozen(kw_only=True)
class Table:
    """One table: its columns in order, its primary key and its parent."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] | None
    """Primary key columns (``None``: no primary key)."""
    parent: tuple[str, tuple[str, ...]] | None = None
    """The table these rows belong to and the columns that point at its key."""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _c(name: str, kind: Kind, description: str) -> Column:
    return Column(name=name, kind=kind, description=description)


_POST_ID = _c("post_id", "text", "The post: its slug, else its file name without extension.")
_RANK = _c("rank", "integer", "The paper's section number N (`# N. Title`) in the post.")
_TWEET_POSITION = _c("position", "integer", "1-based place of the tweet under its paper.")

TABLES: tuple[Table, ...] = (
    Table(
        name="posts",
        description="One row per post (one Markdown file).",
        key=("post_id",),
        columns=(
            _POST_ID,
            _c("title", "text", "Front matter `title`, e.g. `Hot Papers 2021-04-14`."),
            _c("date", "datetime", "Front matter `date`: when the post was generated (UTC)."),
            _c("period_start", "date", "First day the post covers (from its title)."),
            _c(
                "period_end",
                "date",
                "Last day the post covers (equal to `period_start` for a one-day post).",
            ),
            _c("source", "text", "Path the post was read from."),
            _c("slug", "text", "Front matter `slug`."),
            _c("category", "text", "Front matter `category`."),
            _c("tags", "json", "Front matter `tags` as a JSON array."),
            _c("description", "text", "Front matter `description`."),
            _c("social_image", "text", "Front matter `socialImage`."),
            _c("template", "text", "Front matter `template`."),
            _c("draft", "boolean", "Front matter `draft`."),
            _c(
                "extra",
                "json",
                "Front matter keys hotparse does not know, as a JSON object "
                "(null when there are none).",
            ),
        ),
    ),
    Table(
        name="papers",
        description="One row per paper section of a post.",
        key=("post_id", "rank"),
        parent=("posts", ("post_id",)),
        columns=(
            _POST_ID,
            _RANK,
            _c("arxiv_id", "text", "arXiv identifier (`2104.06517`, `math/0601077`)."),
            _c("title", "text", "The title exactly as in the heading."),
            _c(
                "retweets",
                "integer",
                "Retweets counted by the generator over all the tweets "
                "it found about the paper, not only the embedded ones.",
            ),
            _c("favorites", "integer", "Favorites (likes) counted the same way."),
            _c("counted_at", "datetime", "When the counts were taken (UTC)."),
            _c("primary_category", "text", "The first arXiv category (`cs.LG`)."),
            _c("abs_url", "text", "Link to the abstract page."),
            _c("pdf_url", "text", "Link to the PDF (null when the post has none)."),
            _c("abstract", "text", "The abstract exactly as in the post."),
        ),
    ),
    Table(
        name="paper_authors",
        description="The authors of each paper, in order.",
        key=("post_id", "rank", "position"),
        parent=("papers", ("post_id", "rank")),
        columns=(
            _POST_ID,
            _RANK,
            _c("position", "integer", "1-based place of the author in the author list."),
            _c("name", "text", "Author name as written."),
        ),
    ),
    Table(
        name="paper_categories",
        description="The arXiv categories of each paper, primary first.",
        key=("post_id", "rank", "position"),
        parent=("papers", ("post_id", "rank")),
        columns=(
            _POST_ID,
            _RANK,
            _c("position", "integer", "1-based place of the category (1 is the primary one)."),
            _c("category", "text", "arXiv category, e.g. `cs.CV`."),
        ),
    ),
    Table(
        name="tweets",
        description="The tweets embedded under each paper. A tweet embedded under two "
        "papers has a row under each (count distinct `tweet_id` to count tweets).",
        key=("post_id", "rank", "position"),
        parent=("papers", ("post_id", "rank")),
        columns=(
            _POST_ID,
            _RANK,
            _TWEET_POSITION,
            _c("tweet_id", "text", "Status id (text: ids exceed what some readers hold exactly)."),
            _c("url", "text", "`https://twitter.com/<handle>/status/<id>`."),
            _c("author_name", "text", "Display name."),
            _c("author_handle", "text", "Screen name without the `@`."),
            _c("date", "date", "Day of the tweet (null when the date text is not one we read)."),
            _c("date_text", "text", "The date as written in the post (`March 5, 2021`)."),
            _c("lang", "text", "Language Twitter gave the tweet (`en`, `ja`, `und` …)."),
            _c("dir", "text", "Text direction (`ltr`, `rtl`)."),
            _c("text", "text", "Visible text of the tweet (mojibake repaired)."),
            _c("html", "text", "The tweet's HTML exactly as in the post."),
            _c("repaired", "boolean", "Whether mojibake was repaired in this tweet."),
            _c(
                "confidence",
                "real",
                "For a repaired tweet, how sure the repair is, in [0, 1] "
                "(null when nothing was repaired).",
            ),
        ),
    ),
    Table(
        name="tweet_entities",
        description="Hashtags, mentions, links and media links inside each tweet's text.",
        key=None,
        parent=("tweets", ("post_id", "rank", "position")),
        columns=(
            _POST_ID,
            _RANK,
            _TWEET_POSITION,
            _c("kind", "text", "`hashtag`, `mention`, `url` or `media`."),
            _c("text", "text", "The entity as in the tweet's text (`#tag`, `@user`, a link)."),
            _c("start", "integer", "Offset of its first character in `tweets.text`."),
            _c(
                "end",
                "integer",
                'Offset one past its last character (quote the name: `"end"` is an SQL keyword).',
            ),
            _c("url", "text", "Where it links to."),
        ),
    ),
    Table(
        name="problems",
        description="What hotparse could not read as expected in each post (the rest was read).",
        key=None,
        parent=("posts", ("post_id",)),
        columns=(
            _POST_ID,
            _c("line", "integer", "Line of the post the problem is on."),
            _c("code", "text", "Stable problem code (see records.md)."),
            _c("message", "text", "What is wrong."),
        ),
    ),
)

SEARCH: dict[str, tuple[str, ...]] = {
    "papers": ("title", "abstract"),
    "tweets": ("text",),
}
"""Full-text indexes (SQLite FTS5): table -> searched columns."""

INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("posts", ("period_start",)),
    ("papers", ("arxiv_id",)),
    ("papers", ("primary_category",)),
    ("papers", ("retweets",)),
    ("paper_authors", ("name",)),
    ("paper_categories", ("category",)),
    ("tweets", ("tweet_id",)),
    ("tweets", ("author_handle",)),
    ("tweets", ("lang",)),
    ("tweets", ("date",)),
    ("tweet_entities", ("kind", "text")),
    ("tweet_entities", ("post_id", "rank", "position")),
    ("problems", ("post_id",)),
    ("problems", ("code",)),
)
"""Indexes on the columns people join and filter on (keys are indexed already)."""

VIEWS: dict[str, str] = {
    "paper_days": """
SELECT papers.post_id, posts.period_start AS day, papers.rank, papers.arxiv_id,
       papers.title, papers.retweets, papers.favorites, papers.primary_category,
       (SELECT count(*) FROM tweets
         WHERE tweets.post_id = papers.post_id AND tweets.rank = papers.rank) AS tweets
FROM papers JOIN posts ON posts.post_id = papers.post_id""",
    "distinct_tweets": """
SELECT tweet_id, min(author_handle) AS author_handle, min(date) AS date, min(lang) AS lang,
       min(text) AS text, count(*) AS placements, count(DISTINCT post_id) AS posts
FROM tweets WHERE tweet_id IS NOT NULL GROUP BY tweet_id""",
    "handles": """
SELECT author_handle, count(DISTINCT tweet_id) AS tweets, count(*) AS placements,
       count(DISTINCT post_id || '/' || rank) AS papers, min(date) AS first_date,
       max(date) AS last_date
FROM tweets GROUP BY author_handle""",
}
"""SQLite views for the common questions (their SQL is shown in docs/tables.md)."""


def table(name: str) -> Table:
    """The table called ``name``."""
    for candidate in TABLES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)
