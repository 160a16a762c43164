"""Finding content files by where they are: every file is either used or reported, never silently ignored."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

from .errors import Problem
from .frozen import frozen
from .memo import settled, signature

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MATERIAL_FILE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)+")
MODULE_FILE = re.compile(r"(\d{1,2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md")
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".avif", ".ico"})


@frozen
class ProgrammeFiles:
    """The files of one programme folder, by their role."""

    slug: str
    folder: Path
    programme: Path | None
    eligibility: Path | None
    cohorts: Path | None
    modules: tuple[Path, ...]
    materials: tuple[Path, ...] = ()  # every file in its materials folder, sub-folders included


@frozen
class ContentFiles:
    """Every file under content/ by its role, and the files that have none or are misnamed."""

    site: Path
    people: tuple[Path, ...]
    venues: tuple[Path, ...]
    pages: tuple[Path, ...]
    images: tuple[Path, ...]
    programmes: tuple[ProgrammeFiles, ...]
    unknown: tuple[tuple[Path, str], ...]  # (file, what to do about it)
    bad_names: tuple[tuple[Path, str], ...]  # (file, the name it should have)
    links_out: tuple[Path, ...] = ()  # links that lead outside the project


def link_out_problem(shown: str) -> Problem:
    """Say that a file is a shortcut to something outside the project, which the build does not follow."""
    return Problem(shown, 1, "this is a shortcut (symbolic link) to a file outside the project folder, or to one "
                   "that no longer exists, and Prospectus does not follow it", "put a copy of the file here instead")


def links_leaving(folder: Path, root: Path) -> tuple[Path, ...]:
    """Find symbolic links under `folder` whose target is outside the project `root` (or does not exist)."""
    found = []
    base = root.resolve()
    todo = [str(folder)]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                target = Path(entry.path).resolve()
                if not target.exists() or (target != base and base not in target.parents):
                    found.append(Path(entry.path))
            elif entry.is_dir():
                todo.append(entry.path)
    return tuple(sorted(found))


def _ignored(path: Path) -> bool:
    return _ignored_name(path.name)


def _ignored_name(name: str) -> bool:
    return name.startswith(".") or name.endswith("~") or name.startswith("#") or name.endswith(".swp")


def _files(folder: Path, listed: list[str] | None = None) -> list[Path]:
    """Return the files and folders in a folder, sorted; note the folder in `listed`."""
    return [path for path, _ in _entries(folder, listed)]


def _entries(folder: Path, listed: list[str] | None = None) -> list[tuple[Path, str]]:
    """Return the files and folders in a folder, sorted, each with what it is ('dir', 'file' or '', as
    Path.is_dir and Path.is_file would say, links followed, without asking again); note the folder in
    `listed`."""
    if listed is not None:
        listed.append(str(folder))
    try:
        with os.scandir(folder) as listing:
            entries = sorted((entry.name, entry) for entry in listing if not _ignored_name(entry.name))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [(folder / name, _kind(entry)) for name, entry in entries]


def _kind(entry: os.DirEntry[str]) -> str:
    try:
        return "dir" if entry.is_dir() else "file" if entry.is_file() else ""
    except OSError:  # as Path.is_dir and Path.is_file, which say False
        return ""


@frozen
class _Listing:
    """What listing a programme folder found, and the state of every folder it listed."""

    stamps: tuple[tuple[str, tuple[int, int, int, int] | None], ...]  # a folder's stamp changes with its entries
    files: ProgrammeFiles
    unknown: tuple[tuple[Path, str], ...]
    bad: tuple[tuple[Path, str], ...]


def suggested_slug(stem: str) -> str:
    """Turn 'Nicola Walsh' into 'nicola-walsh'."""
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "page"


def discover(content: Path, kept: dict[str, _Listing] | None = None) -> ContentFiles:
    """List every file under content/ by its role.

    With `kept` (the preview's memo), a programme folder none of whose folders has changed since it was last
    listed is not listed again: adding, removing or renaming an entry changes a folder's modification time,
    and a folder changed within the last two seconds is always listed (its time could repeat within a tick).
    """
    unknown: list[tuple[Path, str]] = []
    bad: list[tuple[Path, str]] = []
    outside = links_leaving(content, content.parent)
    kinds: dict[str, list[Path]] = {"people": [], "venues": [], "pages": []}
    for kind, found in kinds.items():
        for path, what in _entries(content / kind):
            if path.suffix != ".md" or what == "dir":
                unknown.append((path, f"files in content/{kind} are Markdown files ending in .md"))
            elif not SLUG.fullmatch(path.stem):
                bad.append((path, suggested_slug(path.stem) + ".md"))
            elif path not in outside:
                found.append(path)
    images = sorted(p for p in (content / "images").rglob("*") if p.is_file() and not _ignored(p)) \
        if (content / "images").is_dir() else []
    for path in _files(content):
        if path.name not in ("site.yaml", "people", "venues", "pages", "images", "programmes"):
            unknown.append((path, "content/ holds site.yaml and the folders people, venues, pages, images "
                                  "and programmes"))
    programmes = []
    for folder, kind in _entries(content / "programmes"):
        if kind != "dir":
            unknown.append((folder, "each programme is a folder in content/programmes"))
            continue
        if not SLUG.fullmatch(folder.name):
            bad.append((folder, suggested_slug(folder.name)))
            continue
        programmes.append(_programme_files(folder, unknown, bad) if kept is None
                          else _kept_programme_files(folder, unknown, bad, kept))
    return ContentFiles(content / "site.yaml", tuple(kinds["people"]), tuple(kinds["venues"]),
                        tuple(kinds["pages"]), tuple(p for p in images if p not in outside), tuple(programmes),
                        tuple(unknown), tuple(bad), outside)


def _kept_programme_files(folder: Path, unknown: list, bad: list, kept: dict[str, _Listing]) -> ProgrammeFiles:
    """List a programme folder, or reuse its last listing if none of its folders has changed since."""
    known = kept.get(str(folder))
    if known is not None and all(signature(path) == stamp for path, stamp in known.stamps):
        unknown.extend(known.unknown)
        bad.extend(known.bad)
        return known.files
    found_unknown: list[tuple[Path, str]] = []
    found_bad: list[tuple[Path, str]] = []
    listed: list[str] = []
    files = _programme_files(folder, found_unknown, found_bad, listed)
    unknown.extend(found_unknown)
    bad.extend(found_bad)
    stamps = tuple((path, signature(path)) for path in listed)
    now = time.time_ns()
    if all(settled(stamp, now) for _, stamp in stamps):
        kept[str(folder)] = _Listing(stamps, files, tuple(found_unknown), tuple(found_bad))
    else:
        kept.pop(str(folder), None)
    return files


def _programme_files(folder: Path, unknown: list, bad: list, listed: list[str] | None = None) -> ProgrammeFiles:
    known = {"programme.md", "eligibility.md", "cohorts.yaml", "modules", "materials"}
    present: dict[str, str] = {}  # name → what it is
    for path, kind in _entries(folder, listed):
        present[path.name] = kind
        if path.name not in known:
            unknown.append((path, "a programme folder holds programme.md, eligibility.md, cohorts.yaml, "
                                  "a modules folder and a materials folder"))
    modules = []
    for path in _files(folder / "modules", listed) if "modules" in present else ():
        if MODULE_FILE.fullmatch(path.name):
            modules.append(path)
        elif path.suffix == ".md":
            number = re.match(r"\d+", path.stem)
            prefix = f"{int(number.group()):02d}-" if number else "01-"
            bad.append((path, prefix + suggested_slug(re.sub(r"^\d+[-_ ]*", "", path.stem)) + ".md"))
        else:
            unknown.append((path, "the modules folder holds one Markdown file per module"))

    def optional(name: str) -> Path | None:
        return folder / name if present.get(name) == "file" else None

    materials = _materials(folder / "materials", unknown, bad, listed) if "materials" in present else ()
    return ProgrammeFiles(folder.name, folder, optional("programme.md"), optional("eligibility.md"),
                          optional("cohorts.yaml"), tuple(modules), materials)


def _materials(folder: Path, unknown: list, bad: list, listed: list[str] | None = None) -> tuple[Path, ...]:
    """List the files in a materials folder whose names can be web addresses; report the others."""
    found = []
    for path in _files(folder, listed):
        if path.is_dir():
            if SLUG.fullmatch(path.name):
                found.extend(_materials(path, unknown, bad, listed))
            else:
                bad.append((path, suggested_slug(path.name)))
        elif path.name == "index.html":
            unknown.append((path, "a file in a materials folder cannot be called index.html, the address of "
                                  "the materials page itself"))
        elif not MATERIAL_FILE.fullmatch(path.name):
            bad.append((path, suggested_slug(path.stem) + path.suffix.lower()))
        else:
            found.append(path)
    return tuple(found)
