"""What a build keeps between runs, in a git-ignored folder: what the content files were parsed into (their
rendered Markdown with it) and each programme's page plan, and a note of the last build so that a build with
nothing changed can stop at once.

Everything here is found by what it was made from: hashes of the text, the engine's own source, the versions
of the libraries it uses, the settings and options, and files' stamps (size, modification and change times,
inode). A cache that cannot be read is ignored, never trusted.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.util
import io
import json
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any, BinaryIO

from .frozen import frozen
from .options import BuildOptions, ProjectPaths
from .errors import Problem, Severity
from .memo import stamp_of

ENGINE = Path(__file__).resolve().parent
LIBRARIES = ("jinja2", "markupsafe", "markdown", "pyyaml", "icalendar", "nh3", "pagefind", "weasyprint", "pydyf")


def digest(data: bytes) -> str:
    """Return the hash of a file's bytes the output record keeps (see outputcache.py)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def write_atomically(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write a file whole beside its place, then move it there in one step: no one reads half of it. `data`
    is the bytes, or what writes them to the open file (so that they need not all be in memory at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        if isinstance(data, bytes):
            temporary.write_bytes(data)
        else:
            with open(temporary, "wb") as file:
                data(file)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise


def write_json(path: Path, data: object) -> None:
    write_atomically(path, json.dumps(data, separators=(",", ":"), sort_keys=True).encode())


def read_json(path: Path) -> object:
    """Return a JSON file's value, or None if it is missing or damaged."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load_kept(paths: ProjectPaths, name: str) -> dict[str, Any]:
    """Return what the last build kept under `name` (values it made, by hashes of what they were made from)."""
    try:
        with open(paths.cache / f"{name}.pickle", "rb") as file:
            data = pickle.load(file)
    except Exception:  # noqa: BLE001 - a damaged or foreign file can fail in many ways; it is only ignored
        return {}
    return data if isinstance(data, dict) else {}


def save_kept(paths: ProjectPaths, name: str, data: dict[str, Any]) -> None:
    """Keep values for the next build; written whole, then moved into place."""
    # (pickled into the file as it goes, a frame at a time, rather than whole into memory first: for the work
    # of a large site, that is tens of megabytes less to make room for and copy)
    write_atomically(paths.cache / f"{name}.pickle", functools.partial(pickle.dump, data, protocol=5))


@frozen
class Work:
    """What a build made of the content, kept for the next (see Memo.seen, Memo.parsed, Memo.markdown and
    pages.plan_pages)."""

    seen: dict[str, Any]  # file → its stamp, content hash and reading problems
    parsed: dict[str, Any]  # file → what it was parsed into, with the hash and all else the parse looked at
    markdown: dict[str, Any]  # hash of a text → its rendering (Rendered)
    plans: dict[str, Any]  # programme → (a hash of all its plan was made from, (its view, its pages))
    folders: dict[str, Any]  # programme folder or person's file → what reading it gave (see Memo.folders)


SHARDS = 32  # kept in parts by programme, so that a rebuild after one edit rewrites one part
NAME = "work"


def shard_of(name: str) -> int:
    """Return the part a file or programme is kept in: a programme's files share its programme's part (and so
    the texts its page plan shows are stored once), and a file is in the same part whether it is named by its
    full path or as shown (content/people/…), so that what refers to it is stored with it."""
    before, programmes, after = name.rpartition("content/programmes/")  # a file, or a programme's folder
    key = after.split("/", 1)[0] if programmes else name.rpartition("content/")[2]  # a person's file, a slug …
    return zlib.crc32(key.encode()) % SHARDS


def _split(made: Work) -> list[dict[str, dict[str, Any]]]:
    """Split what was made into parts, each with the Markdown renderings its files used."""
    shards: list[dict[str, dict[str, Any]]] = [{"seen": {}, "parsed": {}, "markdown": {}, "plans": {},
                                                 "folders": {}} for _ in range(SHARDS)]
    for path, entry in made.seen.items():
        shards[shard_of(path)]["seen"][path] = entry
    for name, entry in made.parsed.items():
        shard = shards[shard_of(name)]
        shard["parsed"][name] = entry
        shard["markdown"].update((key, made.markdown[key]) for key in entry[3] if key in made.markdown)
    for slug, plan in made.plans.items():
        shards[shard_of(slug)]["plans"][slug] = plan
    for name, entry in made.folders.items():
        shards[shard_of(name)]["folders"][name] = entry
    return shards


def load_work(paths: ProjectPaths, settings: object) -> Work:
    """Return what the last build made of the content, where this engine made it with these settings (the base
    path among them, which rendered links carry); a part that cannot be read is left out."""
    kept = Work({}, {}, {}, {}, {})
    for n in range(SHARDS):
        data = load_kept(paths, f"{NAME}/{n:02d}")
        try:
            if data.get("engine") == engine_fingerprint() and data.get("settings") == settings:
                tables = [data["tables"][name] for name in ("seen", "parsed", "markdown", "plans", "folders")]
                if all(isinstance(table, dict) for table in tables):
                    for mine, table in zip((kept.seen, kept.parsed, kept.markdown, kept.plans, kept.folders),
                                           tables, strict=True):
                        mine.update(table)
        except Exception:  # noqa: BLE001 - a damaged or foreign file can fail in many ways; it is only ignored
            continue
    return kept


def changed_parts(paths: ProjectPaths, made: Work, loaded: Work) -> set[int]:
    """Return the parts of what this build made of the content that differ from what was loaded, or are
    missing from the cache folder: only these are written again (see save_work)."""
    changed = _changed(made.seen, loaded.seen, equal=True) | _changed(made.parsed, loaded.parsed) \
        | _changed(made.plans, loaded.plans) | _changed(made.folders, loaded.folders)
    return changed | {n for n in range(SHARDS) if not (paths.cache / f"{NAME}/{n:02d}.pickle").is_file()}


def save_work(paths: ProjectPaths, settings: object, made: Work, parts: set[int]) -> None:
    """Keep what this build made of the content for the next: the parts given (see changed_parts)."""
    if not parts:
        return
    for n, tables in enumerate(_split(made)):
        if n in parts:
            save_kept(paths, f"{NAME}/{n:02d}", {"engine": engine_fingerprint(), "settings": settings,
                                                 "tables": tables})


def _changed(made: dict[str, Any], loaded: dict[str, Any], equal: bool = False) -> set[int]:
    """Return the parts in which a table's entries differ from what was loaded (by identity, or `equal`)."""
    changed = {shard_of(key) for key, entry in made.items()
               if (loaded.get(key) != entry if equal else loaded.get(key) is not entry)}
    return changed | {shard_of(key) for key in loaded.keys() - made.keys()}


def stable_hash(value: object) -> bytes:
    """Return value_hash of a value with every set in it sorted, so that the hash is the same in every process
    (the order of a set of strings changes from one run of Python to the next)."""
    return value_hash(_stable(value))


def _stable(value: object) -> object:
    kind = type(value)
    if kind in _PLAIN:  # most values: nothing to look into
        return value
    if isinstance(value, _SETS):
        return ("set", tuple(sorted((_stable(v) for v in value), key=repr)))
    if isinstance(value, _SEQUENCES):
        return tuple([_stable(v) for v in value])
    names = _field_names(kind)
    if names is not None:
        return (kind.__name__, tuple([_stable(getattr(value, name)) for name in names]))
    return value


_PLAIN = frozenset({str, bytes, int, float, bool, type(None)})
_SETS, _SEQUENCES = (set, frozenset), (tuple, list)  # (tuples of types: a union would be made at each call)


@functools.cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """Return the names of a dataclass's fields, in order (None if it is not a dataclass)."""
    return tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None


def value_hash(value: object) -> bytes:
    """Return a hash of a value's pickle, written without back-references, so that equal values give equal
    hashes however their parts are shared. Raises if the value cannot be pickled (then it has no key)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, 5)
    pickler.fast = True  # no memo: a part used twice is written twice, not as a reference to the first
    pickler.dump(value)
    return hashlib.blake2b(buffer.getvalue(), digest_size=16).digest()


@functools.cache
def engine_fingerprint() -> str:
    """Return a hash of the engine's source and the versions of the libraries it renders with."""
    digest = hashlib.sha256()
    for path in sorted(ENGINE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        digest.update(f"{name}={_version(name)}".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _version(distribution: str) -> str:
    """Return an installed library's version from its dist-info folder's name (quicker than importlib.metadata)."""
    module = {"pyyaml": "yaml"}.get(distribution, distribution)
    spec = importlib.util.find_spec(module)
    if spec and spec.origin:
        site = Path(spec.origin).parent.parent
        prefix = distribution.lower().replace("-", "_") + "-"
        for name in os.listdir(site):
            if name.lower().startswith(prefix) and name.endswith(".dist-info"):
                return name[len(prefix):-len(".dist-info")]
    from importlib import metadata  # only when the folder is not found: it takes a while to import
    return metadata.version(distribution)


def inputs_fingerprint(paths: ProjectPaths, options: BuildOptions) -> str:
    """Return a hash of everything a build reads: content, templates, assets, options and the engine."""
    digest = hashlib.sha256(engine_fingerprint().encode())
    settings = {**asdict(options), "jobs": None, "today": options.today.isoformat(), "output": str(paths.output)}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    for top in (paths.content, paths.templates, paths.assets):
        # A file's size, times and inode change whenever it is written: no need to read it.
        digest.update("".join([f"{top.name}/{name}\0{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:"
                               f"{stat.st_ino}\0" for name, stat in tree_state(top)]).encode())
    return digest.hexdigest()


def tree_state(folder: Path) -> list[tuple[str, os.stat_result]]:
    """Return every file under a folder, with its stat, sorted by path (links are followed, as builds do)."""
    found: list[tuple[str, os.stat_result]] = []
    todo = [(str(folder), "")]  # (a folder, its path inside `folder`): a loop, not a function calling itself
    while todo:
        current, prefix = todo.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            name = prefix + entry.name
            try:
                if entry.is_dir():
                    todo.append((entry.path, name + "/"))
                elif entry.is_file():
                    found.append((name, entry.stat()))
            except OSError:
                continue
    found.sort(key=lambda item: item[0])
    return found


@frozen
class LastBuild:
    """What the last build noted of itself: its inputs' hash, how many pages, its warnings and next change."""

    inputs: str
    pages: int
    warnings: tuple[Problem, ...]
    next_change: str = ""


def _output_state(output: Path) -> dict[str, list[int]]:
    return {name: list(stamp_of(stat)) for name, stat in tree_state(output)}


def last_build_if_current(paths: ProjectPaths, inputs: str) -> LastBuild | None:
    """Return the last build's record if its inputs were these and its output is untouched since."""
    data = read_json(paths.cache / "last-build.json")
    if not isinstance(data, dict) or data.get("inputs") != inputs:
        return None
    if data.get("output") != str(paths.output) or data.get("files") != _output_state(paths.output):
        return None
    try:
        warnings = tuple(Problem(p, line, m, h, Severity.WARNING) for p, line, m, h in data["warnings"])
        return LastBuild(inputs, int(data["pages"]), warnings, str(data.get("next_change", "")))
    except (KeyError, TypeError, ValueError):
        return None


def record_build(paths: ProjectPaths, inputs: str, pages: int, warnings: tuple[Problem, ...],
                 next_change: str = "", output: Mapping[str, tuple[int, ...]] | None = None) -> None:
    """Note what this build read and wrote, so the next one can tell if anything changed; `output` is every
    file of the output folder with its stamp, if the build knows them."""
    files = {name: list(stamp) for name, stamp in output.items()} if output is not None \
        else _output_state(paths.output)
    write_json(paths.cache / "last-build.json", {
        "inputs": inputs, "output": str(paths.output), "files": files, "pages": pages,
        "warnings": [[w.path, w.line, w.message, w.hint] for w in warnings], "next_change": next_change})
