"""Rewrite fixtures/*.expected.json from the current parser.

Run after a deliberate change to the output, then read the diff before
committing it: the golden files are what tests/test_fixtures.py holds the
parser to.

    python scripts/update_goldens.py
"""

from __future__ import annotations

import json
from pathlib import Path

import hotparse

ROOT = Path(__file__).resolve().parent.parent


def golden(path: Path) -> str:
    """The expected JSON text for one fixture (source named relative to the repo)."""
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    post = hotparse.parse(text, source=path.relative_to(ROOT).as_posix())
    return json.dumps(hotparse.to_dict(post), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    for path in sorted((ROOT / "fixtures").glob("*.md")):
        if path.name == "README.md":
            continue
        target = path.with_suffix(".expected.json")
        target.write_text(golden(path), encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
