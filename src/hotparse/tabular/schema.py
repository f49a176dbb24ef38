"""The tables of an export: names, columns, types, keys, indexes and views.

One description drives every writer (SQLite, Parquet, CSV), the pandas dtypes,
the Datasette metadata and the schema in ``docs/tables.md``, so the column
names are the same everywhere and a query written against one archive works on
any.
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = [
    "ALL_TABLES",
    "ENTITIES",
    "ENTITY_SQL",
    "INDEXES",
    "SEARCH",
    "SEARCH_VIEWS",
    "TABLES",
    "VIEWS",
    "Column",
    "Search",
    "Table",
    "search_view_sql",
    "table",
]

Kind = Literal[
    "text", "integer", "real", "boolean", "date", "datetime", "text_list", "date_list", "pairs"
]
"""How a column is stored: ``date`` is ``YYYY-MM-DD`` and ``datetime``
``YYYY-MM-DDTHH:MM:SSZ`` (UTC) in SQLite and CSV, a date and a UTC timestamp in
microseconds in Parquet and pandas; ``text_list`` and ``date_list`` are JSON
arrays in SQLite and CSV and lists in Parquet; ``pairs`` is a JSON object in
SQLite and CSV and a list of (key, JSON value) structs in Parquet.  The table
in docs/tables.md shows each kind in each reader."""


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
    """The table these rows belong to and the columns that identify the parent row."""
    links: tuple[tuple[str, str], ...] = ()
    """Single-column foreign keys, (column, table): the column holds the other
    table's one-column primary key.  Datasette shows these as links both ways."""
    unique: tuple[str, ...] | None = None
    """The natural key, kept unique beside a one-column primary key."""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _c(name: str, kind: Kind, description: str) -> Column:
    return Column(name=name, kind=kind, description=description)


_POST_ID = _c("post_id", "text", "The post: its slug, else its file name without extension.")
_PAPER_KEY = _c(
    "paper_key",
    "text",
    "The paper section's key, `post_id/rank` (`hot-papers-2021-04-14/3`): the same on every run.",
)
_TWEET_KEY = _c(
    "tweet_key",
    "text",
    "The tweet row's key, `post_id/rank/position`: the same on every run.",
)
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
            _c("tags", "text_list", "Front matter `tags`, a list of strings (empty when none)."),
            _c("description", "text", "Front matter `description`."),
            _c("social_image", "text", "Front matter `socialImage`."),
            _c("template", "text", "Front matter `template`."),
            _c("draft", "boolean", "Front matter `draft`."),
            _c(
                "extra",
                "pairs",
                "Front matter keys hotparse does not know with their values as JSON "
                "(null when there are none).",
            ),
        ),
    ),
    Table(
        name="papers",
        description="One row per paper section of a post (a paper on several days has a "
        "row per day; `arxiv_papers` has one row per paper).",
        key=("paper_key",),
        unique=("post_id", "rank"),
        parent=("posts", ("post_id",)),
        links=(("post_id", "posts"),),
        columns=(
            _PAPER_KEY,
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
        links=(("post_id", "posts"), ("paper_key", "papers")),
        columns=(
            _POST_ID,
            _RANK,
            _c("position", "integer", "1-based place of the author in the author list."),
            _c("name", "text", "Author name as written."),
            _PAPER_KEY,
        ),
    ),
    Table(
        name="paper_categories",
        description="The arXiv categories of each paper, primary first.",
        key=("post_id", "rank", "position"),
        parent=("papers", ("post_id", "rank")),
        links=(("post_id", "posts"), ("paper_key", "papers")),
        columns=(
            _POST_ID,
            _RANK,
            _c("position", "integer", "1-based place of the category (1 is the primary one)."),
            _c("category", "text", "arXiv category, e.g. `cs.CV`."),
            _PAPER_KEY,
        ),
    ),
    Table(
        name="tweets",
        description="The tweets embedded under each paper. A tweet embedded under two "
        "papers has a row under each (count distinct `tweet_id` to count tweets).",
        key=("tweet_key",),
        unique=("post_id", "rank", "position"),
        parent=("papers", ("post_id", "rank")),
        links=(("paper_key", "papers"), ("post_id", "posts")),
        columns=(
            _TWEET_KEY,
            _PAPER_KEY,
            _POST_ID,
            _RANK,
            _TWEET_POSITION,
            _c("author_handle", "text", "Screen name without the `@`."),
            _c("date", "date", "Day of the tweet (null when the date text is not one we read)."),
            _c("text", "text", "Visible text of the tweet (mojibake repaired)."),
            _c("tweet_id", "text", "Status id (text: ids exceed what some readers hold exactly)."),
            _c("url", "text", "`https://twitter.com/<handle>/status/<id>`."),
            _c("author_name", "text", "Display name."),
            _c("date_text", "text", "The date as written in the post (`March 5, 2021`)."),
            _c("lang", "text", "Language Twitter gave the tweet (`en`, `ja`, `und` …)."),
            _c("dir", "text", "Text direction (`ltr`, `rtl`)."),
            _c("repaired", "boolean", "Whether mojibake was repaired in this tweet."),
            _c(
                "confidence",
                "real",
                "For a repaired tweet, how sure the repair is, in [0, 1] "
                "(null when nothing was repaired).",
            ),
            _c("html", "text", "The tweet's HTML exactly as in the post."),
        ),
    ),
    Table(
        name="tweet_entities",
        description="Hashtags, mentions, links and media links inside each tweet's text.",
        key=None,
        parent=("tweets", ("post_id", "rank", "position")),
        links=(("post_id", "posts"), ("tweet_key", "tweets")),
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
            _TWEET_KEY,
        ),
    ),
    Table(
        name="problems",
        description="What hotparse could not read as expected in each post (the rest was read).",
        key=None,
        parent=("posts", ("post_id",)),
        links=(("post_id", "posts"),),
        columns=(
            _POST_ID,
            _c("line", "integer", "Line of the post the problem is on."),
            _c("code", "text", "Stable problem code (see records.md)."),
            _c("message", "text", "What is wrong."),
        ),
    ),
)

ENTITIES: tuple[Table, ...] = (
    Table(
        name="arxiv_papers",
        description="One row per paper (per `arxiv_id`), over every day it appeared. Counts "
        "are totals the generator took on each day: `retweets` and `favorites` are the last "
        "day's, `max_retweets` and `max_favorites` the largest of any day.",
        key=("arxiv_id",),
        columns=(
            _c("arxiv_id", "text", "arXiv identifier, as in `papers`."),
            _c("title", "text", "The title on the last day it appeared."),
            _c("retweets", "integer", "Retweets on the last day it appeared."),
            _c("favorites", "integer", "Favorites on the last day it appeared."),
            _c("max_retweets", "integer", "The most retweets of any day."),
            _c("max_favorites", "integer", "The most favorites of any day."),
            _c("first_day", "date", "The first day (post `period_start`) it appeared."),
            _c("last_day", "date", "The last day it appeared."),
            _c("day_count", "integer", "On how many distinct days it appeared."),
            _c("days", "date_list", "The days it appeared, oldest first."),
            _c("best_rank", "integer", "Its best (smallest) section number on any day."),
            _c(
                "tweets",
                "integer",
                "Distinct tweets embedded under it over all days (a tweet shown on two days "
                "counts once).",
            ),
            _c("primary_category", "text", "The first arXiv category, on the last day."),
            _c("categories", "text_list", "Its arXiv categories on the last day, primary first."),
            _c("abs_url", "text", "Link to the abstract page."),
            _c("pdf_url", "text", "Link to the PDF (null when the last day's post has none)."),
            _c("counted_at", "datetime", "When the last day's counts were taken (UTC)."),
            _c("last_paper_key", "text", "The `papers` row of the last day."),
        ),
    ),
    Table(
        name="accounts",
        description="One row per tweet author handle, over every tweet embedded in the archive.",
        key=("author_handle",),
        columns=(
            _c("author_handle", "text", "Screen name without the `@`, exactly as in `tweets`."),
            _c("name", "text", "The display name on the latest tweet."),
            _c("names", "text_list", "Every display name used, sorted."),
            _c(
                "tweets",
                "integer",
                "Distinct tweets (by `tweet_id`; a tweet without an id counts once per row).",
            ),
            _c("placements", "integer", "Tweet rows: a tweet under two papers counts twice."),
            _c("papers", "integer", "Distinct papers (`arxiv_id`) they tweeted about."),
            _c("first_day", "date", "Day of the first tweet (null when no tweet day was read)."),
            _c("last_day", "date", "Day of the last tweet."),
        ),
    ),
)
"""Tables with one row per paper and per account, computed from the per-post tables
(see :data:`ENTITY_SQL`): they are never written post by post."""

ALL_TABLES: tuple[Table, ...] = TABLES + ENTITIES
"""The per-post tables, then the entity tables: every table of an export."""

_FILTER = "{filter}"

ENTITY_SQL: dict[str, tuple[str, str]] = {
    "arxiv_papers": (
        "papers.arxiv_id",
        """
WITH placed AS (
  SELECT papers.paper_key, papers.post_id, papers.rank, papers.arxiv_id, papers.title,
         papers.retweets, papers.favorites, papers.counted_at, papers.primary_category,
         papers.abs_url, papers.pdf_url,
         coalesce(posts.period_start, substr(posts.date, 1, 10)) AS day
  FROM papers JOIN posts ON posts.post_id = papers.post_id
  WHERE papers.arxiv_id IS NOT NULL {filter}
), ordered AS (
  SELECT placed.*, row_number() OVER (
    PARTITION BY arxiv_id ORDER BY day DESC NULLS LAST, post_id DESC, rank) AS n
  FROM placed
), spans AS (
  SELECT arxiv_id, max(retweets) AS max_retweets, max(favorites) AS max_favorites,
         min(day) AS first_day, max(day) AS last_day, count(DISTINCT day) AS day_count,
         min(rank) AS best_rank
  FROM placed GROUP BY arxiv_id
), listed AS (
  SELECT arxiv_id, json_group_array(day) AS days
  FROM (SELECT DISTINCT arxiv_id, day FROM placed WHERE day IS NOT NULL ORDER BY arxiv_id, day)
  GROUP BY arxiv_id
), embedded AS (
  SELECT placed.arxiv_id,
         count(DISTINCT coalesce(tweets.tweet_id, tweets.paper_key || '#' || tweets.position))
           AS tweets
  FROM placed CROSS JOIN tweets WHERE tweets.paper_key = placed.paper_key
  GROUP BY placed.arxiv_id
)
SELECT ordered.arxiv_id, ordered.title, ordered.retweets, ordered.favorites,
       spans.max_retweets, spans.max_favorites, spans.first_day, spans.last_day,
       spans.day_count, coalesce(listed.days, '[]') AS days, spans.best_rank,
       coalesce(embedded.tweets, 0) AS tweets, ordered.primary_category,
       (SELECT json_group_array(category) FROM (
          SELECT category FROM paper_categories
          WHERE paper_categories.paper_key = ordered.paper_key ORDER BY position)) AS categories,
       ordered.abs_url, ordered.pdf_url, ordered.counted_at, ordered.paper_key AS last_paper_key
FROM ordered
JOIN spans ON spans.arxiv_id = ordered.arxiv_id
LEFT JOIN listed ON listed.arxiv_id = ordered.arxiv_id
LEFT JOIN embedded ON embedded.arxiv_id = ordered.arxiv_id
WHERE ordered.n = 1""",
    ),
    "accounts": (
        "tweets.author_handle",
        """
WITH placed AS (
  SELECT tweets.author_handle, tweets.author_name, tweets.tweet_id, tweets.date,
         tweets.paper_key, tweets.position, tweets.post_id, papers.arxiv_id
  FROM tweets LEFT JOIN papers ON papers.paper_key = tweets.paper_key
  WHERE tweets.author_handle IS NOT NULL {filter}
), ordered AS (
  SELECT placed.*, row_number() OVER (
    PARTITION BY author_handle ORDER BY date DESC NULLS LAST, post_id DESC,
    paper_key DESC, position DESC) AS n
  FROM placed
), counted AS (
  SELECT author_handle,
         count(DISTINCT coalesce(tweet_id, paper_key || '#' || position)) AS tweets,
         count(*) AS placements, count(DISTINCT arxiv_id) AS papers,
         min(date) AS first_day, max(date) AS last_day
  FROM placed GROUP BY author_handle
), named AS (
  SELECT author_handle, json_group_array(author_name) AS names
  FROM (SELECT DISTINCT author_handle, author_name FROM placed
        WHERE author_name IS NOT NULL ORDER BY author_handle, author_name)
  GROUP BY author_handle
)
SELECT ordered.author_handle, ordered.author_name AS name,
       coalesce(named.names, '[]') AS names, counted.tweets, counted.placements,
       counted.papers, counted.first_day, counted.last_day
FROM ordered
JOIN counted ON counted.author_handle = ordered.author_handle
LEFT JOIN named ON named.author_handle = ordered.author_handle
WHERE ordered.n = 1""",
    ),
}
"""For each entity table: the column its rows are keyed by in the per-post tables, and
the ``SELECT`` of its rows in column order.  ``{filter}`` becomes
``AND <column> IN (…)`` to recompute only some keys (the SQLite export does so for
the keys of the posts a run wrote, when the run ends), or nothing."""


@attrs.frozen(kw_only=True)
class Search:
    """One full-text index (SQLite FTS5) on some columns of a table."""

    name: str
    table: str
    columns: tuple[str, ...]
    tokenize: str
    """FTS5 ``tokenize`` option."""
    grams: bool = False
    """Index :func:`hotparse.tabular.search.search_grams` of each column, for the rows
    holding Chinese, Japanese or Korean text only (a table of its own, kept by
    triggers), instead of the text itself (external content)."""


SEARCH: tuple[Search, ...] = (
    Search(name="papers_fts", table="papers", columns=("title", "abstract"), tokenize="unicode61"),
    Search(name="tweets_fts", table="tweets", columns=("text",), tokenize="unicode61"),
    Search(
        name="papers_trigram", table="papers", columns=("title", "abstract"), tokenize="trigram"
    ),
    Search(name="tweets_trigram", table="tweets", columns=("text",), tokenize="trigram"),
    Search(
        name="papers_grams",
        table="papers",
        columns=("title", "abstract"),
        tokenize="unicode61",
        grams=True,
    ),
    Search(
        name="tweets_grams", table="tweets", columns=("text",), tokenize="unicode61", grams=True
    ),
)
"""Full-text indexes: ``*_fts`` for words (as the SQLite default, ranked, ``prefix*``),
``*_trigram`` for any substring of three characters or more, ``*_grams`` for the one-
and two-character words of Chinese and Japanese text (see docs/tables.md)."""

SEARCH_VIEWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "papers_search": ("papers", ("title", "abstract")),
    "tweets_search": ("tweets", ("text",)),
}
"""What Datasette's search box searches: a plain view of a table's searched columns,
whose last column (named as the view) ``MATCH`` reads with the rules of
:mod:`hotparse.tabular.query` (see docs/tables.md)."""


def search_view_sql(name: str) -> str:
    """The ``CREATE VIEW`` body of a search view: ``rowid``, the searched columns, and a
    column named as the view holding them encoded, that ``MATCH`` is run against."""
    from hotparse.tabular.query import encode_sql

    table_name, columns = SEARCH_VIEWS[name]
    listed = ", ".join(f"[{column}]" for column in columns)
    return f"SELECT rowid, {listed}, {encode_sql(columns)} AS [{name}] FROM [{table_name}]"


INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("posts", ("period_start",)),
    ("papers", ("arxiv_id",)),
    ("papers", ("primary_category",)),
    ("papers", ("retweets",)),
    ("paper_authors", ("name",)),
    ("paper_categories", ("category",)),
    ("tweets", ("tweet_id",)),
    ("tweets", ("paper_key",)),
    ("paper_authors", ("paper_key",)),
    ("paper_categories", ("paper_key",)),
    ("tweet_entities", ("tweet_key",)),
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
    for candidate in ALL_TABLES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)
