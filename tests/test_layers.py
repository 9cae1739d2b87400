"""The package reads bottom-up: no module imports a module of a higher layer, and no two modules
import each other (directly or round a loop). Imports are read from the source (function-level
imports included), so a lazy import cannot hide an upward one."""

from __future__ import annotations

import ast
from pathlib import Path

from analysis import paths

PACKAGE = paths.PROJ_ROOT / "analysis"
# Lowest first. A module may import its own layer or a lower one.
LAYERS = [
    ("base", {"errors", "paths", "outputs"}),
    ("text", {"text", "reading", "structure", "parsing", "nlp", "sources"}),
    ("extractors", {"entities", "entity_forms", "discourse", "salience", "quotes", "sentiment",
                    "readability"}),
    ("rows", {"columns", "extraction"}),
    ("tables", {"frames"}),
    ("article", {"article"}),
    ("corpus", {"corpus"}),
    ("studies", {"reference", "studies"}),
    ("report", {"display", "style", "site", "report", "__main__"}),
]


def module_name(path: Path) -> str:
    """`analysis/corpus/run.py` -> "corpus.run"; a package's `__init__.py` -> its name."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module of the package (the package's own `__init__` left out: it only re-exports)."""
    found = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    found.pop("", None)
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules a module imports (`from . import x` counts x when x is a module)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join([*base, *([node.module] if node.module else [])])
            names = [f"{target}.{alias.name}".strip(".") for alias in node.names]
            found.update(n for n in names if n in known)
            if target in known and not any(n in known for n in names):
                found.add(target)
        elif isinstance(node, ast.ImportFrom | ast.Import):
            for alias in getattr(node, "names", []):
                full = node.module if isinstance(node, ast.ImportFrom) else alias.name
                if full and full.startswith("analysis."):
                    found.add(full.removeprefix("analysis."))
    found.discard(name)
    return found


def layer_of(name: str) -> int:
    """The layer of a module: its own entry, or its top-level package's."""
    for number, (_, members) in enumerate(LAYERS):
        if name in members or name.split(".")[0] in members:
            return number
    raise AssertionError(f"analysis/{name}: not in the layer map of tests/test_layers.py")


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(name, path, set(found)) for name, path in found.items()}


def test_every_module_has_a_layer():
    for name in modules():
        layer_of(name)


def test_no_module_imports_a_higher_layer():
    upward = [f"{name} ({LAYERS[layer_of(name)][0]}) imports {dep} ({LAYERS[layer_of(dep)][0]})"
              for name, deps in graph().items() for dep in sorted(deps) if layer_of(dep) > layer_of(name)]
    assert upward == []


def test_no_import_cycle():
    imports = graph()
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for dep in sorted(imports[name]):
            assert state.get(dep) != "open", " -> ".join([*trail, name, dep])
            if dep not in state:
                visit(dep, [*trail, name])
        state[name] = "done"

    for name in sorted(imports):
        if name not in state:
            visit(name, [])


def test_corpus_workers_depend_only_on_chunk_extraction():
    imports = graph()
    assert {d for d in imports["corpus.dask"] if d.startswith("corpus.")} <= {"corpus.chunks", "corpus.items"}
    assert {d for d in imports["corpus.pool"] if d.startswith("corpus.")} <= {"corpus.chunks", "corpus.items"}
    assert not {d for d in imports["corpus.store"] if d.startswith("corpus.")} - {"corpus.schema"}


def test_the_import_reader_sees_relative_and_lazy_imports():
    imports = graph()
    assert "corpus.dask" in imports["corpus.run"]  # imported inside a function
    assert {"corpus", "reference"} <= imports["studies.placement"]  # `from .. import corpus, ...`
    assert "corpus.features" in imports["corpus.chunks"]  # `from . import features`
