"""The engine's layering holds: a module imports only modules listed above it (see docs/development.md)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "prospectus"

# Lowest layer first. A module may import only modules in earlier layers (or its own).
LAYERS = [
    {"frozen"},
    {"errors", "colour", "yamlhints", "parallel", "progress", "icalfold", "xmltext", "options"},
    {"yamlnodes", "model", "images", "memo", "sharing"},
    {"moments"},
    {"fields", "sources", "housestyle", "urls", "status", "publication"},
    {"sanitise", "markdown_quick"},
    {"schema", "markdown", "discover", "schedule"},
    {"config", "validate", "parse_people", "cache"},
    {"parse_cohorts", "parse_materials"},
    {"parse_programme"},
    {"parse"},
    {"views", "structured_data", "views_materials"},
    {"views_programme"},
    {"pages"},
    {"calendars", "feed", "sitemap", "search"},
    {"render", "write", "outputs", "pdf", "pdfcache", "outputcache"},
    {"brochure"},
    {"build"},
    {"preview_watch", "serve"},
    {"scaffold"},
    {"cli"},
]


def layer_of(name: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if name in layer)


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
    return found


def test_every_module_has_a_layer() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert modules - set().union(*LAYERS) == set()


def test_modules_import_only_lower_layers() -> None:
    wrong = []
    for path in sorted(PACKAGE.glob("*.py")):
        if path.stem == "__init__":
            continue
        for imported in imports_of(path):
            if layer_of(imported) > layer_of(path.stem):
                wrong.append(f"{path.stem} imports {imported}")
    assert wrong == []


def test_modules_stay_small() -> None:
    sizes = {p.stem: len(p.read_text().splitlines()) for p in PACKAGE.glob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 400} == {}


def test_every_dataclass_says_what_it_is() -> None:
    # (and Python 3.11's dataclasses give a class without a docstring one made from its signature as the class is
    # made: for the 49 that had none, about 2 ms of every command's start-up)
    missing = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and not ast.get_docstring(node) and any(
                    ast.unparse(decorator).startswith(("dataclass", "frozen")) for decorator in node.decorator_list):
                missing.append(f"{path.stem}.{node.name}")
    assert missing == []
