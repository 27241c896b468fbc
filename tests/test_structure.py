"""The package's shape: modules import one another in one direction, and the stages follow the run.

Read from the source with ``ast``, so imports made only for type checking
(under ``if TYPE_CHECKING:``) and imports inside functions count as well: a
circle closed by either still ties its modules together.  Modules are named by
their dotted path below ``excel_eval`` (``read.reader``, ``write.summary.kit``),
a package by its ``__init__``.  The stages are subpackages in the order a run
goes (``read`` → ``judge`` → ``write``); a stage never imports a later one, so
what a file says does not depend on how it is judged, nor a judgement on how it is shown.
"""

from __future__ import annotations

import ast
from collections.abc import Collection
from pathlib import Path

import excel_eval

PACKAGE = Path(excel_eval.__file__).parent
STAGES = ("read", "judge", "write")


def module_names() -> dict[str, Path]:
    """Every module by dotted name below ``excel_eval``, the package's own ``__init__`` left out (it only re-exports)."""
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            names[".".join(parts)] = path
    return names


def imported_modules(path: Path, known: Collection[str]) -> set[str]:
    """The package's modules (of ``known``) that ``path`` imports, anywhere in the file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "excel_eval" or node.module.startswith("excel_eval."):
                base = node.module.removeprefix("excel_eval").removeprefix(".")
                for alias in node.names:
                    inner = f"{base}.{alias.name}" if base else alias.name
                    names.add(inner if inner in known else base)
        elif isinstance(node, ast.Import):
            names |= {alias.name.removeprefix("excel_eval.") for alias in node.names
                      if alias.name.startswith("excel_eval.")}
    return names & set(known)


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports."""
    modules = module_names()
    return {name: imported_modules(path, modules.keys()) - {name} for name, path in modules.items()}


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


def stage_of(module: str) -> str | None:
    """The stage a module belongs to, or None for what every stage shares and what drives them (the top)."""
    first = module.split(".")[0]
    return first if first in STAGES else None


def backward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports against the run: a module of one stage importing one of a later stage."""
    return sorted((module, imported) for module, imports in graph.items() for imported in imports
                  if stage_of(module) and stage_of(imported)
                  and STAGES.index(stage_of(imported)) > STAGES.index(stage_of(module)))


def test_a_circle_is_found_when_there_is_one():
    assert cycles({"collect": {"judge.compare"}, "judge.compare": {"read.history"}, "read.history": {"collect"},
                   "keys": set()}) == [["collect", "judge.compare", "read.history", "collect"]]
    assert cycles({"collect": {"keys"}, "keys": set()}) == []


def test_the_graph_sees_type_only_local_and_subpackage_imports(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text("from typing import TYPE_CHECKING\nfrom excel_eval import findings, keys, __version__\n"
                      "from excel_eval.write import summary\nfrom excel_eval.write.summary.kit import Styles\n"
                      "if TYPE_CHECKING:\n    from excel_eval.collection import Collection\n"
                      "def run():\n    import excel_eval.judge.cross_file\n", encoding="utf-8")
    assert imported_modules(source, module_names().keys()) == {
        "findings", "keys", "collection", "judge.cross_file", "write.summary", "write.summary.kit"}


def test_no_module_imports_itself_back_through_others():
    assert cycles(import_graph()) == []


def test_a_backward_import_is_found():
    graph = {"read.reader": {"judge.checks", "findings"}, "judge.checks": {"read.reader", "write.tables"},
             "write.summary": {"judge.checks", "read.reader"}, "pipeline": {"write.summary"}}
    assert backward_imports(graph) == [("judge.checks", "write.tables"), ("read.reader", "judge.checks")]


def test_the_stages_import_in_the_direction_of_the_run():
    graph = import_graph()
    assert {stage_of(module) for module in graph} >= set(STAGES)
    assert backward_imports(graph) == []
