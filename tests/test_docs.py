"""The documentation matches the code: records reference, schema, README example."""

from __future__ import annotations

import json
import re

import attrs
import pytest

import hotparse
from hotparse import records
from scripts.gen_records_doc import generate
from tests.conftest import ROOT, SCHEMA


def test_records_reference_is_up_to_date() -> None:
    page = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    assert page == generate(), "run: python scripts/gen_records_doc.py"


def test_every_record_field_has_a_docstring() -> None:
    page = generate()
    for name in records.__all__:
        cls = getattr(records, name)
        for field in attrs.fields(cls):
            row = re.search(rf"^\| `{field.name}` \| [^\n]*\| (.*) \|$", page.split(f"## {name}\n")[1], re.M)
            assert row and row.group(1).strip(), f"{name}.{field.name} has no docstring"


def test_schema_properties_are_the_record_fields() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    pairs = {
        "post": hotparse.Post,
        "paper": hotparse.Paper,
        "tweet": hotparse.Tweet,
        "entities": hotparse.Entities,
        "entity": hotparse.Entity,
        "problem": hotparse.Problem,
        "fragment": hotparse.Fragment,
    }
    for key, cls in pairs.items():
        assert list(schema["$defs"][key]["properties"]) == [f.name for f in attrs.fields(cls)], key


def test_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = readme.split("```python\n", 1)[1].split("```", 1)[0]
    archive = 'hotparse.iter_posts("archive/")'
    assert archive in code
    code = code.replace(archive, 'hotparse.iter_posts(["fixtures/basic.md", "fixtures/range.md"])')
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})


def test_api_doc_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    import doctest

    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(ROOT / "docs" / "api.md"), module_relative=False, globs={"hotparse": hotparse}
    )
    assert result.attempted > 0 and result.failed == 0
