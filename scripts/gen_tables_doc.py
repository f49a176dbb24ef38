"""Write the schema section of docs/tables.md from src/hotparse/tabular/schema.py.

The tables are described once, in the code; this script renders them between
the ``<!-- schema -->`` and ``<!-- /schema -->`` lines of the page, and
tests/test_tables_doc.py fails when the page is out of date.

    python scripts/gen_tables_doc.py          # rewrite the section in docs/tables.md
"""

from __future__ import annotations

from pathlib import Path

from hotparse.tabular.frames import DTYPES
from hotparse.tabular.schema import INDEXES, SEARCH, TABLES, VIEWS

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "tables.md"
START, END = "<!-- schema -->", "<!-- /schema -->"

_STORED = {
    "text": ("TEXT", "string"),
    "integer": ("INTEGER", "int64"),
    "real": ("REAL", "double"),
    "boolean": ("INTEGER 0 or 1", "bool"),
    "date": ("TEXT `YYYY-MM-DD`", "date32"),
    "datetime": ("TEXT `YYYY-MM-DDTHH:MM:SSZ`", "timestamp[s, UTC]"),
    "json": ("TEXT holding JSON", "string holding JSON"),
}


def generate() -> str:
    """The schema section, markers included."""
    out = [START, "", "Column kinds and how each format stores them:", ""]
    out += ["| kind | SQLite and CSV | Parquet | pandas |", "| --- | --- | --- | --- |"]
    for kind, (sqlite, parquet) in _STORED.items():
        csv = " (CSV: `true`/`false`)" if kind == "boolean" else ""
        out.append(f"| {kind} | {sqlite}{csv} | {parquet} | `{DTYPES[kind]}` |")
    out.append("")
    out.append(
        "A missing value is SQL `NULL`, an empty CSV field, a Parquet null, `<NA>`/`NaT` in pandas."
    )
    for table in TABLES:
        key = ", ".join(f"`{name}`" for name in table.key) if table.key else "none (rowid)"
        out += ["", f"### {table.name}", "", table.description, ""]
        parts = [f"Primary key: {key}."]
        if table.parent is not None:
            parent, columns = table.parent
            parts.append(f"Foreign key: ({', '.join(columns)}) → `{parent}`.")
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
            f"`{table}_fts` on `{table}({', '.join(cols)})`" for table, cols in SEARCH.items()
        )
        + "."
    )
    for name, sql in VIEWS.items():
        out += [
            "",
            f"View `{name}`:",
            "",
            "```sql",
            f"-- SQLite: the view {name}",
            sql.strip(),
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
