"""The documentation matches the code: records reference, schema, and every example.

Every ```sh, ```python and ```pycon block of README.md and docs/**/*.md runs
here, each in a fresh folder; the convention is in docs/README.md ("Writing
docs").  A block preceded by ``<!-- docs-test: skip REASON -->`` is reported as
skipped with that reason, never as passed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import hotparse
from hotparse import records
from scripts.gen_records_doc import generate
from tests.conftest import CORPUS, FIXTURES, ROOT, SCHEMA, SEEDS


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


# --- Examples -----------------------------------------------------------------

#: Fence languages that run, and how.
RUN = {"sh": "bash", "python": "python", "pycon": "doctest"}
#: Fence languages that look runnable but would be silently left out: use sh or python.
LOOKALIKE = {"bash", "shell", "zsh", "console", "shell-session", "py", "python3", "ipython"}
#: The valid fixture posts copied into the example folder's archive/ (each dumps with exit 0).
ARCHIVE_POSTS = ("basic.md", "range.md", "title-markup.md", "hand-pasted.md", "mojibake-cp1254.md")
#: Seconds one block may take.
TIMEOUT = 30

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)")
_MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(.*?)\s*-->\s*$")
_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")


@attrs.frozen(kw_only=True)
class _Block:
    page: str  # path relative to the repository root
    line: int  # 1-based line of the opening fence
    lang: str
    code: str
    skip: str | None = None
    needs_shared: bool = False
    needs_commands: tuple[str, ...] = ()
    needs_modules: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def _doc_pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def _read_blocks(path: Path, page: str) -> tuple[list[_Block], list[str]]:
    """The fenced blocks of one page, with the docs-test markers applied, and any misuse."""
    blocks: list[_Block] = []
    errors: list[str] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    pending: dict[str, Any] = {}
    pending_line = 0
    index = 0
    while index < len(lines):
        text = lines[index]
        marker = _MARKER.match(text)
        fence = _FENCE.match(text)
        if marker:
            word, _, rest = marker.group(1).partition(" ")
            rest = rest.strip()
            if word == "skip" and rest:
                pending["skip"] = rest
            elif word == "needs-shared" and not rest:
                pending["needs_shared"] = True
            elif word == "needs-command" and rest:
                pending["needs_commands"] = tuple(rest.split())
            elif word == "needs-module" and rest:
                pending["needs_modules"] = tuple(rest.split())
            else:
                errors.append(f"{page}:{index + 1}: unknown or incomplete marker {text.strip()!r}")
            if pending:
                pending_line = pending_line or index + 1
        elif fence:
            indent, ticks, lang = fence.groups()
            body: list[str] = []
            index += 1
            while index < len(lines):
                stripped = lines[index].strip()
                if stripped.startswith(ticks[0] * len(ticks)) and set(stripped) == {ticks[0]}:
                    break
                body.append(lines[index][len(indent):] if lines[index].startswith(indent) else lines[index].lstrip())
                index += 1
            lang = lang.lower()
            start = index - len(body)
            if lang in RUN:
                blocks.append(_Block(page=page, line=start, lang=lang, code="\n".join(body) + "\n", **pending))
            elif lang in LOOKALIKE:
                errors.append(f"{page}:{start}: ```{lang} blocks are not run; use ```sh or ```python (or ```text for output)")
            elif pending:
                errors.append(f"{page}:{pending_line}: docs-test marker before a ```{lang} block, which is not run anyway")
            pending, pending_line = {}, 0
        elif pending and text.strip() and not _COMMENT.match(text):
            errors.append(f"{page}:{pending_line}: docs-test marker not followed by a code block")
            pending, pending_line = {}, 0
        index += 1
    if pending:
        errors.append(f"{page}:{pending_line}: docs-test marker not followed by a code block")
    return blocks, errors


def _all_blocks() -> tuple[list[_Block], list[str]]:
    blocks: list[_Block] = []
    errors: list[str] = []
    for path in _doc_pages():
        found, wrong = _read_blocks(path, path.relative_to(ROOT).as_posix())
        blocks += found
        errors += wrong
    return blocks, errors


BLOCKS, MARKER_ERRORS = _all_blocks()


def test_docs_markers_are_well_formed() -> None:
    assert not MARKER_ERRORS, "\n".join(MARKER_ERRORS)


def test_the_examples_are_found() -> None:
    """The collector sees the README's examples (so a parser bug cannot hide them all)."""
    readme = [block for block in BLOCKS if block.page == "README.md"]
    assert any(block.lang == "python" and "iter_posts" in block.code for block in readme)
    assert any(block.lang == "sh" and "hotparse dump" in block.code and not block.skip for block in readme)


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors for the headings of a page."""
    text = re.sub(r"^(`{3,}|~{3,}).*?^\1", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    heads = re.findall(r"^#{1,6} +(.*?) *#* *$", text, re.M)
    return {re.sub(r"[^\w\- ]", "", head.lower()).replace(" ", "-") for head in heads}


def test_relative_links_resolve() -> None:
    broken = []
    for page in _doc_pages():
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"^(`{3,}|~{3,}).*?^\1", "", text, flags=re.M | re.S)  # fenced blocks
        text = re.sub(r"(`+).+?\1", "", text, flags=re.S)  # code spans
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, fragment = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such file)")
            elif fragment and linked.suffix == ".md" and fragment not in _anchors(linked):
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken, "\n".join(broken)


def test_marker_reader(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- docs-test: skip needs a network -->\n"
        "<!-- other comment -->\n"
        "\n"
        "```sh\necho hi\n```\n"
        "  ```python\n  print(1)\n  ```\n"
        "<!-- docs-test: needs-shared -->\n"
        "````pycon\n>>> 1\n1\n```\nstill inside\n````\n"
        "```text\nnot run\n```\n"
        "<!-- docs-test: skip -->\n"
        "<!-- docs-test: skipp typo -->\n"
        "```bash\necho never run\n```\n"
        "<!-- docs-test: needs-command jq -->\n"
        "prose between\n",
        encoding="utf-8",
    )
    blocks, errors = _read_blocks(page, "page.md")
    assert [(b.line, b.lang, b.code, b.skip, b.needs_shared) for b in blocks] == [
        (4, "sh", "echo hi\n", "needs a network", False),
        (7, "python", "print(1)\n", None, False),
        (11, "pycon", ">>> 1\n1\n```\nstill inside\n", None, True),
    ]
    assert errors == [
        "page.md:20: unknown or incomplete marker '<!-- docs-test: skip -->'",
        "page.md:21: unknown or incomplete marker '<!-- docs-test: skipp typo -->'",
        "page.md:22: ```bash blocks are not run; use ```sh or ```python (or ```text for output)",
        "page.md:25: docs-test marker not followed by a code block",
    ]


@pytest.fixture(scope="session")
def _example_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fixtures/, archive/ and post.md, as every example sees them."""
    template = tmp_path_factory.mktemp("docs-example")
    shutil.copytree(FIXTURES, template / "fixtures")
    (template / "archive").mkdir()
    for name in ARCHIVE_POSTS:
        shutil.copyfile(FIXTURES / name, template / "archive" / name)
    shutil.copyfile(FIXTURES / "basic.md", template / "post.md")
    return template


_PYTHON_RUNNER = """\
import sys
page, line, script = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(script, encoding="utf-8") as handle:
    code = handle.read()
exec(compile("\\n" * line + code, page, "exec"), {"__name__": "__main__"})
"""

_DOCTEST_RUNNER = """\
import doctest, sys
page, line, script = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(script, encoding="utf-8") as handle:
    code = handle.read()
test = doctest.DocTestParser().get_doctest(code, {"__name__": "__main__"}, page, page, line)
runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
result = runner.run(test)
sys.exit(1 if result.failed or not result.attempted else 0)
"""


@pytest.mark.parametrize("block", BLOCKS, ids=[block.id for block in BLOCKS])
def test_doc_example_runs(block: _Block, _example_template: Path, tmp_path: Path) -> None:
    if block.skip:
        pytest.skip(f"{block.id}: {block.skip}")
    if block.needs_shared and not CORPUS.is_dir():
        pytest.skip(f"{block.id}: needs the real archive (../shared/corpus)")
    missing = [name for name in block.needs_commands if shutil.which(name) is None]
    missing += [name for name in block.needs_modules if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"{block.id}: needs {', '.join(missing)}, not installed here")

    bindir = Path(sys.executable).parent
    assert (bindir / "hotparse").exists() or (bindir / "hotparse.exe").exists(), (
        f"no hotparse next to {sys.executable}: pip install -e '.[test]'"
    )
    work = tmp_path / "work"
    shutil.copytree(_example_template, work)
    if block.needs_shared:
        (work / "corpus").symlink_to(CORPUS, target_is_directory=True)
        if SEEDS.is_dir():
            (work / "seeds").symlink_to(SEEDS, target_is_directory=True)
    script = tmp_path / "block"
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    if block.lang == "sh":
        # blank lines first, so that bash's line numbers are the page's
        script.write_text("\n" * block.line + block.code, encoding="utf-8")
        argv = ["bash", "-euo", "pipefail", str(script)]
    else:
        script.write_text(block.code, encoding="utf-8")
        runner = _DOCTEST_RUNNER if block.lang == "pycon" or block.code.lstrip().startswith(">>>") else _PYTHON_RUNNER
        argv = [sys.executable, "-c", runner, block.page, str(block.line), str(script)]
    # a session of its own, so that a timeout ends the example's children too
    with subprocess.Popen(
        argv, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"{block.id}: the example ran over {TIMEOUT} s")
    assert process.returncode == 0, (
        f"{block.id}: the example exited {process.returncode}\n"
        f"--- stdout\n{stdout[-3000:]}\n--- stderr\n{stderr[-3000:]}"
    )
