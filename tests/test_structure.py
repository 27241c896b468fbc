"""The package's shape: its modules import one another in one direction only.

Read from the source with ``ast``, so imports made only for type checking
(under ``if TYPE_CHECKING:``) and imports inside functions count as well: a
circle closed by either still ties its modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import excel_eval

PACKAGE = Path(excel_eval.__file__).parent


def imported_modules(path: Path) -> set[str]:
    """The package's modules that ``path`` imports, anywhere in the file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "excel_eval":
                names |= {alias.name for alias in node.names}
            elif node.module.startswith("excel_eval."):
                names.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            names |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("excel_eval.")}
    return names


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports (the package's ``__init__`` is left out: it only re-exports)."""
    modules = {path.stem: path for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    return {name: (imported_modules(path) & modules.keys()) - {name} for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle through each module that is on one, as the modules in import order."""
    found, done = [], set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            found.append(path[path.index(name):] + [name])
            return
        if name in done:
            return
        for imported in sorted(graph[name]):
            visit(imported, path + [name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    return found


def test_a_circle_is_found_when_there_is_one():
    assert cycles({"collect": {"compare"}, "compare": {"history"}, "history": {"collect"}, "keys": set()}) == [
        ["collect", "compare", "history", "collect"]]
    assert cycles({"collect": {"keys"}, "keys": set()}) == []


def test_the_graph_sees_type_only_and_local_imports(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text("from typing import TYPE_CHECKING\nfrom excel_eval import findings, keys\n"
                      "if TYPE_CHECKING:\n    from excel_eval.collection import Collection\n"
                      "def run():\n    import excel_eval.judge\n", encoding="utf-8")
    assert imported_modules(source) == {"findings", "keys", "collection", "judge"}


def test_no_module_imports_itself_back_through_others():
    assert cycles(import_graph()) == []
