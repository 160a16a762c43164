"""Materials listed in programme.md or a module: files from the programme's materials folder, or links."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import Problem, did_you_mean
from .fields import INVALID, Reader, complete
from .model import Material, Programme
from .sources import relative
from .yamlnodes import Node, Sequence, line_of


def material_name(path: str) -> str:
    """Return a file's path inside the materials folder, however the editor wrote it."""
    return path.strip().removeprefix("/").removeprefix("materials/")


def read_materials(values: Any, node: Node | None, available: Mapping[str, int], folder: str,
                   r: Reader) -> tuple[Material, ...] | None:
    """Build the materials a file lists; `available` maps each file in `folder` to its size. None if any is wrong."""
    if values is INVALID:
        return None
    items = list(node) if isinstance(node, Sequence) else []
    materials: list[Material | None] = []
    for number, (item, item_node) in enumerate(zip(values, items, strict=True), 1):
        materials.append(_material(item, item_node, number, available, folder, r) if complete(item) else None)
    if None in materials:
        return None
    return tuple(m for m in materials if m is not None)


def _material(values: dict[str, Any], node: Node, number: int, available: Mapping[str, int], folder: str,
              r: Reader) -> Material | None:
    where = f"material {number}"
    if bool(values["file"]) == bool(values["link"]):
        r.fail(node.line, f"{where}: give either 'file' or 'link'",
               f"use 'file: name.pdf' for a file you put in {folder}, or 'link: https://…' for something "
               "on another website")
        return None
    size = 0
    if values["file"]:
        name = material_name(values["file"])
        if name not in available:
            hint = f"put the file in {folder}{name}"
            suggestion = did_you_mean(name, available)
            if available and suggestion.startswith("did you mean"):
                hint += " or " + suggestion
            r.fail(line_of(node, "file"), f"{where}: the file '{name}' is not in {folder}", hint)
            return None
        size = available[name]
    return Material(title=values["title"], kind=values["kind"], file=material_name(values["file"] or ""),
                    link=values["link"] or "", description=values["description"] or "", size=size,
                    line=node.line)


def unlisted_materials(programme: Programme, files: tuple[Path, ...], root: Path) -> list[Problem]:
    """Report each file in the programme's materials folder that neither the programme nor a module lists."""
    listed = {m.file for m in (*programme.materials, *(m for module in programme.modules for m in module.materials))}
    problems = []
    for path in files:
        shown = relative(path, root)
        name = shown.split("/materials/", 1)[1]
        if name not in listed:
            problems.append(Problem(shown, 1, "this file is in the materials folder, but nothing lists it",
                                    f"add it under 'materials' in {programme.source} or in a module, with  "
                                    f"file: {name}  (see docs/editing.md), or delete it"))
    return problems
