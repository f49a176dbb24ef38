"""Generate docs/records.md from the field docstrings in src/hotparse/records.py.

Each record's fields are documented once, in the code (a string under each
field, as attrs users write them); this script turns them into the reference
page, and tests/test_docs.py fails when the page is out of date.

    python scripts/gen_records_doc.py          # rewrite docs/records.md
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "src" / "hotparse" / "records.py"
TARGET = ROOT / "docs" / "records.md"

INTRO = """# Records reference

`import hotparse` hands you these records. Every one is an `attrs` frozen class
with keyword-only, typed fields. The field names are also the JSON keys of
`hotparse dump` and `hotparse.to_dict`:

- dates are written `YYYY-MM-DD`;
- times are ISO 8601 in UTC with a `Z`, e.g. `2021-03-06T15:15:57Z`;
- tuples become JSON arrays;
- `lines` spans are `[first, last]`, 1-based and inclusive.

`hotparse.from_dict(Post, data)` reads that JSON back into an equal record.
The JSON Schema is [schema.json](schema.json).

This page is generated from the docstrings in `src/hotparse/records.py` by
`scripts/gen_records_doc.py`. Do not edit it by hand.

## Problem codes

| code | meaning |
| --- | --- |
| `preamble` | there is text before the first `# N. Title` section; it is kept in `Post.preamble` |
| `title-period` | the title names no day (`Hot Papers YYYY-MM-DD`), so `period` is null |
| `front-matter-value` | a front matter value has the wrong type, or an integer too large for JSON (more than about 3,900 digits); it is kept in `Post.extra` (the integer as the text written) |
| `duplicate-key` | a front matter key is written twice (`1:` and `"1":` count as the same key); the message names both lines; the last value is used and each earlier one is kept under `KEY@LINE` (in `Post.extra` for a top-level key, in the same mapping for a nested one) |
| `empty-title` | a paper heading has no title |
| `missing-authors` / `missing-counts` / `missing-links` / `missing-categories` / `missing-abstract` | a paper section lacks that line |
| `counts-unreadable` | the counts line is not in the usual shape; the numbers that could be read were kept |
| `count-too-large` | a count is beyond 2^53-1, so JSON readers cannot hold it; it is left null (the line is kept in `verbatim`) |
| `links-unreadable` / `categories-unreadable` / `unknown-line` / `unknown-block` | something the walker did not understand; it is kept in `Paper.extra` with its lines |
| `tweet-cut-off` | a blockquote is never closed (the file was truncated?); it is kept in `Paper.extra` |
| `tweet-unreadable` | a tweet lacks its `<p>`, its author or its status link; what could be read was kept |
| `rank-duplicate` / `rank-order` | a paper rank repeats, or comes after a higher one |
| `rank-too-large` | a paper rank is beyond 2^53-1, which JSON readers such as JavaScript and jq cannot hold exactly; the rank is kept |
| `mojibake-suspected` | a title, author list, abstract or front matter string reads like mojibake; it is left as written (only tweets are repaired) and the message names the likely reading |
| `repair-limited` | a tweet (or a checked field) looks like mojibake, but the repair model's work limit was reached (`MODEL_WORK` for one field, `POST_WORK` for one post, about ten seconds): only exact re-readings were tried and lost bytes were not guessed, so the text may still hold mojibake; a hostile file cannot make the parser spend longer |
| `repair-guessed` | a tweet's repair rests on a guess: a close call between readings (a repaired spot with confidence below 0.9, the runner-up listed), or signs of mojibake left in the repaired tweet; or a tweet left as written still looks like mojibake. The message names the line, what was read (or left) and the alternatives with their shares; `Tweet.original` keeps the text as written and its `confidence` is below 0.9. A repair with no close call and nothing left gets no problem |
"""


def _annotation(node: ast.expr | None) -> str:
    return ast.unparse(node) if node is not None else ""


def generate() -> str:
    tree = ast.parse(RECORDS.read_text(encoding="utf-8"))
    out = [INTRO]
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        doc = ast.get_docstring(node) or ""
        out.append(f"\n## {node.name}\n\n{doc}\n\n| field | type | meaning |\n| --- | --- | --- |")
        body = node.body
        for index, item in enumerate(body):
            if not (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)):
                continue
            text = ""
            following = body[index + 1] if index + 1 < len(body) else None
            if (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                text = " ".join(following.value.value.split())
            kind = _annotation(item.annotation).replace("|", "\\|")
            meaning = text.replace("|", "\\|")
            out.append(f"| `{item.target.id}` | `{kind}` | {meaning} |")
    return "\n".join(out) + "\n"


def main() -> None:
    TARGET.write_text(generate(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
