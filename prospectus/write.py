"""Writing the built site: all or nothing, unchanged files kept, and never over a folder we did not build."""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildError, Problem

MARKER = ".prospectus-output"
MARKER_TEXT = (b"This folder is built by Prospectus (python build.py) and is replaced on every build.\n"
               b"Edit the files in content/, templates/ and assets/ instead.\n")


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int
    stamps: Mapping[str, tuple[int, int, int]] = field(default_factory=dict, compare=False)  # as each file was left


def refusal(output: Path, root: Path, sources: tuple[Path, ...]) -> Problem | None:
    """Say why `output` must not be replaced, or return None if it is safe to replace."""
    output = output.resolve()
    shown = output.as_posix()
    for place in (Path("/"), Path.home(), root):
        place = place.resolve()
        if output == place or output in place.parents:
            return Problem(shown, 1, "refusing to build into this folder: it holds the project or your own files",
                           "build into a folder of its own, such as output/")
    for place in sources:
        place = place.resolve()
        if output == place or output in place.parents or place in output.parents:
            return Problem(shown, 1, f"refusing to build into this folder: it overlaps {place.name}/",
                           "build into a folder of its own, such as output/")
    if output.exists() and not output.is_dir():
        return Problem(shown, 1, "the output path is a file, not a folder", "remove the file or choose a folder")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        return Problem(shown, 1, "refusing to replace this folder: it has files that Prospectus did not build",
                       f"choose an empty folder with --output, or move the files away yourself (a folder "
                       f"Prospectus builds has a {MARKER} file in it)")
    return None


def _same(old: str, data: bytes) -> bool:
    try:
        if os.stat(old).st_size != len(data):
            return False
        with open(old, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step where the system can (Linux renameat2); say if it did."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0


def write_site(files: Mapping[str, bytes], output: Path, root: Path, sources: tuple[Path, ...],
               known: Callable[[str, bytes], bool | None] = lambda relative, data: None) -> WriteReport:
    """Replace `output` with exactly `files` (path → bytes), in one step, keeping unchanged files untouched.

    `known` says whether a file already holds its bytes, where a record of the last build can tell without
    reading the file (None: read it and compare).
    """
    problem = refusal(output, root, sources)
    if problem:
        raise BuildError([problem])
    output = output.resolve()
    staging = output.with_name(f".{output.name}.staging-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    written = unchanged = 0
    stamps: dict[str, tuple[int, int, int]] = {}
    try:
        staging.mkdir(parents=True)
        made = {str(staging)}
        for relative in sorted(files):  # as strings: pathlib would take longer than the writing
            target = os.path.join(staging, relative)
            parent = os.path.dirname(target)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            old = os.path.join(output, relative)
            same = known(relative, files[relative])
            if same or (same is None and _same(old, files[relative])):
                os.link(old, target)
                unchanged += 1
            else:
                with open(target, "wb") as file:
                    file.write(files[relative])
                written += 1
            stat = os.stat(target)
            stamps[relative] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        (staging / MARKER).write_bytes(MARKER_TEXT)
        previous = _swap(staging, output)
        removed = _remove(previous, files) if previous else 0
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return WriteReport(written, unchanged, removed, stamps)


def _remove(folder: Path, kept: Mapping[str, bytes]) -> int:
    """Delete the previous output, which the swap moved aside; return how many of its files are gone for good."""
    gone = 0
    for current, folders, names in os.walk(folder, topdown=False):
        prefix = os.path.relpath(current, folder).replace(os.sep, "/") + "/"
        for name in names:
            gone += name != MARKER and (name if prefix == "./" else prefix + name) not in kept
            with contextlib.suppress(OSError):  # the new site is in place: what cannot go is left, as rmtree would
                os.unlink(os.path.join(current, name))
        for name in folders:
            path = os.path.join(current, name)
            with contextlib.suppress(OSError):
                os.unlink(path) if os.path.islink(path) else os.rmdir(path)
    shutil.rmtree(folder, ignore_errors=True)
    return gone


def _swap(staging: Path, output: Path) -> Path | None:
    """Put the new output in place; return where the previous one now is (None if there was none)."""
    if not output.exists():
        staging.rename(output)
        return None
    if _exchange(staging, output):
        return staging
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    output.rename(old)
    staging.rename(output)
    return old


def update_site(files: Mapping[str, bytes], output: Path, previous: Mapping[str, bytes]) -> WriteReport:
    """Bring an output folder this process built to exactly `files`, writing only what differs from `previous`.

    Each file is replaced in one step, so a page is never served half-written. Used by the preview server.
    """
    if not (output / MARKER).is_file():
        raise BuildError([Problem(output.as_posix(), 1, "the output folder is not the one this preview built",
                                  "stop the preview and start it again")])
    written = unchanged = 0
    for relative, data in files.items():
        old = previous.get(relative)
        if old is data or old == data:
            unchanged += 1
            continue
        target = output / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        written += 1
    removed = [relative for relative in previous if relative not in files]
    for relative in removed:
        target = output / relative
        target.unlink(missing_ok=True)
        for folder in target.parents:
            if folder == output or any(folder.iterdir()):
                break
            folder.rmdir()
    return WriteReport(written, unchanged, len(removed))
