"""The arguments of ``hotparse export`` and the output formats.

Kept apart from :mod:`hotparse.tabular.command` so that building the command line
(``hotparse dump``, ``--help``) imports neither sqlite3 nor the writers.
"""

from __future__ import annotations

from typing import Any, Literal

__all__ = ["FORMATS", "Format", "add_parser"]

Format = Literal["sqlite", "parquet", "csv"]
FORMATS: tuple[Format, ...] = ("sqlite", "parquet", "csv")


def add_parser(commands: Any) -> None:
    """Register ``export`` on the ``hotparse`` subcommands."""
    export = commands.add_parser(
        "export",
        help="write posts as tables: SQLite, Parquet or CSV",
        description=(
            "Write posts as tables (posts, papers, paper_authors, paper_categories, tweets, "
            "tweet_entities, problems). OUT ending in .db, .sqlite or .sqlite3 is one SQLite "
            "database, updated in place: each post is replaced as a whole. With --format "
            "parquet or csv, OUT is a folder that gets one file per table."
        ),
    )
    export.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, or - for stdin")
    export.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="database file or folder to write"
    )
    export.add_argument(
        "--format", choices=FORMATS, default=None, help="sqlite (default for *.db), parquet, csv"
    )
    export.add_argument(
        "--metadata", metavar="FILE", default=None, help="also write Datasette metadata to FILE"
    )
    export.add_argument(
        "--strict", action="store_true", help="treat problems in a post as errors: the post fails"
    )
    export.add_argument(
        "--no-repair", dest="repair", action="store_false", help="do not repair mojibake in tweets"
    )
