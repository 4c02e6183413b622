"""The package's layout: no import cycles between newsledger modules, no module over 600 lines.

The import graph is read from the source with `ast`: every `import` and `from ... import` of a
newsledger module, at module level or inside a function (a late import still ties the two
modules together), relative imports resolved against the importing module's package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "newsledger"
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(tree: ast.AST, name: str, is_package: bool, modules: set[str]) -> set[str]:
    """The newsledger modules a module imports (`name` is the importing module)."""

    def known(dotted: str) -> str | None:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    out: set[str] = set()
    here = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [known(a.name) for a in node.names if a.name.split(".")[0] == "newsledger"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.rsplit(".", node.level - 1)[0] if node.level > 1 else here
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            if base.split(".")[0] != "newsledger":
                continue
            # `from . import views` imports the module newsledger.web.views; `from .api import
            # create_app` imports newsledger.api
            targets = [known(f"{base}.{a.name}") if f"{base}.{a.name}" in modules else known(base)
                       for a in node.names]
        else:
            continue
        out.update(t for t in targets if t is not None and t != name)
    return out


def import_graph() -> dict[str, set[str]]:
    files = sources()
    modules = set(files)
    return {
        name: imported(ast.parse(path.read_text("utf-8"), str(path)), name,
                       path.name == "__init__.py", modules)
        for name, path in files.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": set()}, None),
        ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, None),  # a diamond is no cycle
        ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": {"b"}}, ["b", "c", "b"]),
    ],
)
def test_find_cycle(graph: dict[str, set[str]], cycle: list[str] | None) -> None:
    assert find_cycle(graph) == cycle


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        ("newsledger.web.pages", "from ..api_common import Db", {"newsledger.api_common"}),
        ("newsledger.web.pages", "from . import views", {"newsledger.web.views"}),
        ("newsledger.extract.claims", "from .cues import Cue", {"newsledger.extract.cues"}),
        ("newsledger.extract.slant", "from .. import taxonomy", {"newsledger.taxonomy"}),
        ("newsledger.extract", "from . import actors", {"newsledger.extract.actors"}),
        ("newsledger.api", "def f():\n    from .store import Store", {"newsledger.store"}),
        ("newsledger.api", "import newsledger.store as s", {"newsledger.store"}),
        ("newsledger.api", "from . import __version__", {"newsledger"}),
        # nothing to find: outside imports, and a module importing itself
        ("newsledger.api", "import json\nfrom fastapi import FastAPI", set()),
        ("newsledger.store", "from .store import Store", set()),
    ],
)
def test_imports_are_resolved(name: str, source: str, expected: set[str]) -> None:
    modules = {"newsledger", "newsledger.api", "newsledger.api_common", "newsledger.store",
               "newsledger.taxonomy", "newsledger.web", "newsledger.web.views",
               "newsledger.web.pages", "newsledger.extract", "newsledger.extract.cues",
               "newsledger.extract.actors", "newsledger.extract.claims",
               "newsledger.extract.slant"}
    is_package = name in ("newsledger", "newsledger.web", "newsledger.extract")
    assert imported(ast.parse(source), name, is_package, modules) == expected


def test_no_import_cycles() -> None:
    graph = import_graph()
    assert "newsledger.api" in graph and graph["newsledger.api"]  # the graph was read
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_module_over_600_lines() -> None:
    lengths = {path: len(path.read_text("utf-8").splitlines()) for path in sources().values()}
    too_long = sorted(f"{p.relative_to(PACKAGE.parent)} ({n} lines)"
                      for p, n in lengths.items() if n > MAX_LINES)
    assert not too_long, f"modules over {MAX_LINES} lines: " + ", ".join(too_long)
