"""The layers of the package (docs/architecture.md): the command line on top, no import circle.

Read from the source, every ``import`` counted (module level, inside functions, in
``try`` blocks; not those under ``if TYPE_CHECKING:``, which never run):

- no module of ``src/hotparse`` takes part in an import circle;
- no module outside ``hotparse/cli/`` imports ``hotparse.cli``;
- ``hotparse/cli/`` uses the library's public names only (no ``_private`` module or name);

and, in a fresh interpreter, reading, ``to_dict`` and ``export`` from Python load no
``hotparse.cli`` module.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
BASIC = ROOT / "fixtures" / "basic.md"


def _modules(src: Path = SRC) -> dict[str, Path]:
    """Every module of the hotparse package: dotted name -> file."""
    found = {}
    for path in sorted((src / "hotparse").rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _runs(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node of ``tree`` except what sits under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def _imports(name: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for each import in ``path``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in _runs(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, [], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.append((base, [alias.name for alias in node.names], node.lineno))
    return found


def _graph(src: Path = SRC) -> dict[str, set[str]]:
    """Module -> the hotparse modules it imports (``from A import b`` is an edge to
    ``A.b`` when that is a module, else to ``A``)."""
    modules = _modules(src)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for module, names, _ in _imports(name, path, modules):
            targets = [f"{module}.{each}" for each in names if f"{module}.{each}" in modules]
            if len(targets) < len(names) or not names:
                targets.append(module)
            graph[name].update(target for target in targets if target in modules)
    return graph


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` (its modules, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if start in state:
            continue
        path = [start]
        state[start] = 1
        edges = [iter(sorted(graph[start]))]
        while edges:
            following = next(edges[-1], None)
            if following is None:
                state[path.pop()] = 2
                edges.pop()
                continue
            if state.get(following) == 1:
                return [*path[path.index(following):], following]
            if following not in state:
                state[following] = 1
                path.append(following)
                edges.append(iter(sorted(graph[following])))
    return None


def test_circle_finder_finds_a_circle() -> None:
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b"}, "b": set()}) is None


def test_no_import_circle() -> None:
    graph = _graph()
    assert "hotparse.cli" in graph and "hotparse.serialize" in graph["hotparse"]
    assert _circle(graph) is None, " -> ".join(_circle(graph) or [])


def test_nothing_outside_the_command_line_imports_it() -> None:
    modules = _modules()
    importers = [
        f"{name}:{line}"
        for name, path in modules.items()
        if not (name == "hotparse.cli" or name.startswith("hotparse.cli."))
        for module, names, line in _imports(name, path, modules)
        if module == "hotparse.cli" or module.startswith("hotparse.cli.")
        or (module == "hotparse" and "cli" in names)
    ]
    assert importers == []


def test_command_line_uses_public_names_only() -> None:
    modules = _modules()
    private = [
        f"{name}:{line}: {module} {names}"
        for name, path in modules.items()
        if name == "hotparse.cli" or name.startswith("hotparse.cli.")
        for module, names, line in _imports(name, path, modules)
        if module.startswith("hotparse") and not module.startswith("hotparse.cli")
        and (
            any(part.startswith("_") for part in module.split("."))
            or any(each.startswith("_") and each != "__version__" for each in names)
        )
    ]
    assert private == []


def test_library_calls_load_no_command_line_module(tmp_path: Path) -> None:
    code = (
        "import sys, hotparse\n"
        f"post = hotparse.parse(open({str(BASIC)!r}, encoding='utf-8').read(), source='b.md')\n"
        "hotparse.to_dict(post)\n"
        "hotparse.load(sys.argv[2])\n"
        "counts = hotparse.export([post], sys.argv[1])\n"
        "assert counts['posts'] == 1, counts\n"
        "print(sorted(name for name in sys.modules if name.startswith('hotparse.cli')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "x.db"), str(BASIC)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
