"""Write the schema section of docs/tables.md from src/hotparse/tabular/schema.py.

The tables are described once, in the code; this script renders them between
the ``<!-- schema -->`` and ``<!-- /schema -->`` lines of the page, and
tests/test_tables_doc.py fails when the page is out of date.

    python scripts/gen_tables_doc.py          # rewrite the section in docs/tables.md
"""

from __future__ import annotations

from pathlib import Path

from hotparse.tabular.arrow import ARROW, DUCKDB, PANDAS, POLARS, TEXT
from hotparse.tabular.schema import (
    ALL_TABLES,
    ENTITIES,
    ENTITY_SQL,
    INDEXES,
    SEARCH,
    SEARCH_VIEWS,
    VIEWS,
    search_view_sql,
)

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "tables.md"
START, END = "<!-- schema -->", "<!-- /schema -->"


def generate() -> str:
    """The schema section, markers included."""
    out = [START, "", "### One type per column, whatever reads it", ""]
    out.append(
        "Each column has a kind; each reader gives a kind one type (tests/test_tables_types.py "
        "reads the Parquet export with pandas, DuckDB and polars and compares with "
        "`to_dataframes`). Times are UTC, in microseconds wherever a unit is kept; days are "
        "dates, not times."
    )
    out += [
        "",
        "| kind | SQLite and CSV | Parquet (Arrow) | `pandas.read_parquet` and `to_dataframes` "
        "| DuckDB | polars |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for kind, text in TEXT.items():
        out.append(
            f"| {kind} | {text} | `{ARROW[kind]}` | `{PANDAS[kind]}` | `{DUCKDB[kind]}` "
            f"| `{POLARS[kind]}` |"
        )
    out += [
        "",
        "A missing value is SQL `NULL`, an empty CSV field, a Parquet null, `<NA>`/`NaT`/`None` "
        "in pandas. In pandas a list is a NumPy array of its items (`pairs`: of "
        '`{"key": …, "value": …}` dicts, the value a JSON text); the Parquet files carry the '
        "pandas metadata that makes `pandas.read_parquet` give the dtypes above.",
    ]
    for table in ALL_TABLES:
        key = ", ".join(f"`{name}`" for name in table.key) if table.key else "none (rowid)"
        out += ["", f"### {table.name}", "", table.description, ""]
        parts = [f"Primary key: {key}."]
        if table.unique is not None:
            parts.append(f"Unique: ({', '.join(table.unique)}).")
        links = [f"`{column}` → `{other}`" for column, other in table.links]
        if table.parent is not None and len(table.parent[1]) > 1:
            links.append(f"({', '.join(table.parent[1])}) → `{table.parent[0]}`")
        if links:
            parts.append("Foreign keys: " + ", ".join(links) + ".")
        if table in ENTITIES:
            parts.append("Computed from the per-post tables (see below).")
        out += [" ".join(parts), ""]
        out += ["| column | kind | meaning |", "| --- | --- | --- |"]
        out += [f"| `{c.name}` | {c.kind} | {c.description} |" for c in table.columns]
    out += ["", "### Indexes, full-text search and views (SQLite)", ""]
    out.append(
        "Indexes: "
        + "; ".join(f"`{table}({', '.join(columns)})`" for table, columns in INDEXES)
        + ". Every table with a `post_id` also links it to `posts`."
    )
    out.append("")
    out.append(
        "Full-text (FTS5) tables, kept in step by triggers: "
        + "; ".join(
            f"`{s.name}` on `{s.table}({', '.join(s.columns)})`, tokenizer `{s.tokenize}`"
            + (" over `hotparse_search_grams()` of each column" if s.grams else "")
            for s in SEARCH
        )
        + "."
    )
    for name in SEARCH_VIEWS:
        out += ["", f"View `{name}` (the search box of `{SEARCH_VIEWS[name][0]}`):", ""]
        out += ["```sql", f"-- SQLite: the view {name}", search_view_sql(name), "```"]
    for name, sql in VIEWS.items():
        out += ["", f"View `{name}`:", "", "```sql", f"-- SQLite: the view {name}"]
        out += [sql.strip(), "```"]
    for name, (column, sql) in ENTITY_SQL.items():
        out += [
            "",
            f"The rows of `{name}` (for some keys only, `{{filter}}` is `AND {column} IN (…)`; "
            "for all, nothing):",
            "",
            "```sql",
            f"-- SQLite: the rows of {name}",
            sql.strip().replace("{filter}", ""),
            "```",
        ]
    out += ["", END]
    return "\n".join(out)


def main() -> None:
    page = TARGET.read_text(encoding="utf-8")
    before, rest = page.split(START, 1)
    _, after = rest.split(END, 1)
    TARGET.write_text(before + generate() + after, encoding="utf-8")


if __name__ == "__main__":
    main()
