"""The layout the README describes: apps depend one way, no module imports itself round in a circle,
and the importer is never loaded by the web process."""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Each app may import the apps before it in this list, never one after it.
LAYERS = ["catalogue", "municipalities", "services", "editorial", "books", "importer", "api"]
# The project package's composition root wires every app together.
COMPOSITION_ROOT = {"catalogue.urls", "catalogue.settings", "catalogue.test_settings"}


def modules() -> dict[str, Path]:
    found = {}
    for app in LAYERS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            found[name] = path
    return found


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            candidates = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found.update(name for name in candidates if name in known)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known) - {name} for name, path in known.items()}


def test_apps_depend_only_on_the_apps_before_them():
    wrong = []
    for module, targets in graph().items():
        if module in COMPOSITION_ROOT:
            continue
        layer = LAYERS.index(module.split(".")[0])
        for target in targets:
            if LAYERS.index(target.split(".")[0]) > layer:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_no_module_imports_itself_round_a_circle():
    edges = graph()
    cycles = set()

    def visit(module: str, path: list[str], done: set[str]) -> None:
        for target in edges[module]:
            if target in path:
                cycles.add(" -> ".join([*path[path.index(target) :], target]))
            elif target not in done:
                visit(target, [*path, target], done)
        done.add(module)

    done: set[str] = set()
    for module in edges:
        if module not in done:
            visit(module, [module], done)
    assert cycles == set()


def test_only_the_importer_and_its_commands_load_the_importer():
    importers = defaultdict(set)
    for module, targets in graph().items():
        for target in targets:
            if target.startswith("importer") and not module.startswith("importer"):
                importers[target].add(module)
    assert dict(importers) == {}
