"""Writing the built site: all or nothing, unchanged files kept, and never over a folder we did not build."""
from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from pathlib import Path

from .cache import write_atomically
from .errors import BuildError, Problem
from .frozen import frozen
from .memo import stamp_of
from .sources import relative as shown_path

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX system
    fcntl = None  # type: ignore[assignment]

MARKER = ".prospectus-output"
MARKER_TEXT = (b"This folder is built by Prospectus (python build.py) and is replaced on every build.\n"
               b"Edit the files in content/, templates/ and assets/ instead.\n")


@frozen
class WriteReport:
    """What writing the site did: files written, unchanged and removed, and each file's stamp."""

    written: int
    unchanged: int
    removed: int
    stamps: Mapping[str, tuple[int, int, int, int]] = field(default_factory=dict, compare=False)  # each file as left


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


def _same(old: str, stat: os.stat_result | None, data: bytes) -> bool:
    if stat is None or stat.st_size != len(data):
        return False
    try:
        with open(old, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step where the system can (Linux renameat2); say if it did."""
    try:  # the C library Python itself uses (ctypes.util.find_library would run ldconfig, a process per build)
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0


def write_site(files: Mapping[str, bytes], output: Path, root: Path, sources: tuple[Path, ...],
               known: Callable[[str, bytes, os.stat_result], bool | None] = lambda relative, data, stat: None,
               spare: Path | None = None, waiting: Callable[[], None] = lambda: None) -> WriteReport:
    """Replace `output` with exactly `files` (path → bytes), in one step, keeping unchanged files untouched.

    The new site is made in a folder on the output's file system and swapped in whole, so the output is always
    one whole build; builds writing to the same place take turns. With `spare` (in the project's cache folder),
    the output a build replaces is kept there (mostly hard links to the same files) and the next build makes
    its new site in it by changing only what differs, instead of making a folder per page and deleting the
    old ones. `known` says whether a file (as `os.stat` found it) already holds its bytes, where a record of
    the last build can tell without reading the file (None: read it and compare). `waiting` is called if
    another build (or the preview) is writing the same output, before waiting for it to finish.
    """
    with _refusals_as_problems(shown_path(output, root)):
        problem = refusal(output, root, sources)
        if problem:
            raise BuildError([problem])
        return _write_whole(files, output.resolve(), known, spare, waiting)


@contextlib.contextmanager
def _refusals_as_problems(shown: str) -> Iterator[None]:
    """Turn the system refusing a write (a full disk, no permission …) into a problem at the output folder
    `shown`, saying why; any other OSError is a bug of ours and keeps its traceback."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in _UNWRITABLE:
            raise
        raise BuildError([Problem(shown, 1, f"the site could not be written ({exc.strerror or exc})",
                                  _UNWRITABLE[exc.errno])]) from None


# What to do when the system will not let a file be written, by its reason (errno).
_DISK_FULL = "free some space on that disk, or build into a folder on another disk with --output"
_NO_PERMISSION = "check that you may write to this folder and to .cache/, or build into another with --output"
_UNWRITABLE = {errno.ENOSPC: _DISK_FULL, errno.EDQUOT: _DISK_FULL, errno.EACCES: _NO_PERMISSION,
               errno.EPERM: _NO_PERMISSION,
               errno.EROFS: "this disk can only be read: build into a folder on another disk with --output",
               errno.EFBIG: "a file is larger than this system lets a program write (see 'ulimit -f'): raise "
                            "the limit, or build where there is none"}
_NO_RETRY = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}  # a new staging folder would fare no better


def _write_whole(files: Mapping[str, bytes], output: Path,
                 known: Callable[[str, bytes, os.stat_result], bool | None], spare: Path | None,
                 waiting: Callable[[], None]) -> WriteReport:
    output.parent.mkdir(parents=True, exist_ok=True)
    if spare is not None and not _same_file_system(spare.parent, output.parent):
        spare = None  # a folder can only be swapped with one on its own file system
    with _turn(output.parent, waiting), _turn(spare.parent if spare and spare.parent != output.parent else None,
                                               waiting):
        if spare is not None and _usable(spare):
            try:
                return _write(files, output, spare, known, spare)
            except OSError as exc:  # something unexpected in it (a folder where a file goes …): start afresh
                shutil.rmtree(spare, ignore_errors=True)
                if exc.errno in _NO_RETRY:  # … unless the disk refuses, as it would a new folder
                    raise
        staging = output.with_name(f".{output.name}.staging-{os.getpid()}")
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        return _write(files, output, staging, known, spare)


@contextlib.contextmanager
def _turn(folder: Path | None, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold a lock on a folder (the output's parent, the kept output's) while writing, so that two builds never
    write the same output, or use the same kept output, at once."""
    if fcntl is None or folder is None:  # not a POSIX system: no locking
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another build writes here: say so, then wait for it
            waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def _same_file_system(first: Path, second: Path) -> bool:
    try:
        first.mkdir(parents=True, exist_ok=True)
        return os.stat(first).st_dev == os.stat(second).st_dev
    except OSError:
        return False


def _usable(spare: Path) -> bool:
    """Say whether the previous output kept in the cache folder can be made into the new site; clear it away
    if it is there but cannot (half deleted, or not a folder)."""
    if spare.is_dir() and not spare.is_symlink() and (spare / MARKER).is_file():
        return True
    if spare.is_symlink() or spare.is_file():
        spare.unlink()
    elif spare.exists():
        shutil.rmtree(spare, ignore_errors=True)
    return False


def _write(files: Mapping[str, bytes], output: Path, staging: Path,
           known: Callable[[str, bytes, os.stat_result], bool | None], spare: Path | None) -> WriteReport:
    """Make `staging` hold exactly `files`, changing only what differs, and swap it with `output`."""
    try:
        present, folders = _listing(staging)
        present.pop(MARKER, None)
        written = unchanged = 0
        stamps: dict[str, tuple[int, int, int, int]] = {}
        made = {str(staging), *folders}
        old_site = output.is_dir()  # a first build has no old files to look at
        for relative in sorted(files):  # as strings: pathlib would take longer than the writing
            target = os.path.join(staging, relative)
            parent = os.path.dirname(target)
            if parent not in made:
                _make_folder(parent, made)
            old = os.path.join(output, relative)
            there = present.pop(relative, None)  # what the staging folder holds at this path
            try:
                before = os.stat(old) if old_site else None
            except FileNotFoundError:
                before = None
            same = before is not None and known(relative, files[relative], before)
            if same or (same is None and _same(old, before, files[relative])):
                unchanged += 1
                assert before is not None
                if there is None or (there.st_ino, there.st_dev) != (before.st_ino, before.st_dev):
                    if there is not None:
                        os.unlink(target)
                    os.link(old, target)
                    stat = os.stat(target)  # linking changes the file's change time
                else:
                    stat = there
            else:
                written += 1
                if there is not None:
                    os.unlink(target)  # it may be the output's own file: never write through it
                stat = _create(target, files[relative])
            stamps[relative] = stamp_of(stat)
        for relative in present:  # left from the build it was
            os.unlink(os.path.join(staging, relative))
        if present:
            _prune(staging, folders, files)
        marker = staging / MARKER
        marker.unlink(missing_ok=True)
        marker.write_bytes(MARKER_TEXT)
        stamps[MARKER] = stamp_of(os.stat(marker))
        removed = sum(1 for name in _names(output) if name != MARKER and name not in files)
        previous = _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # half made: the next build starts afresh
        raise
    # The new site is in place: nothing here may fail the build. Deleting the previous output (when it cannot
    # be kept) changes the change times of the files it shared with the new one: they are stamped again.
    if previous is not None and previous != spare and not _keep_or_remove(previous, spare):
        _restamp(output, stamps)
    return WriteReport(written, unchanged, removed, stamps)


def _restamp(output: Path, stamps: dict[str, tuple[int, int, int, int]]) -> None:
    """Take each file's stamp again, as it is now."""
    for relative in stamps:
        with contextlib.suppress(OSError):
            stamps[relative] = stamp_of(os.stat(os.path.join(output, relative)))


def _make_folder(folder: str, made: set[str]) -> None:
    """Make a folder, and any above it not in `made` (the folders known to be there), adding them to it: one
    mkdir for a page's own folder, without os.makedirs' checks of every folder above."""
    above = os.path.dirname(folder)
    if above not in made and above != folder:
        _make_folder(above, made)
    try:
        os.mkdir(folder)
    except FileExistsError:
        if not os.path.isdir(folder):
            raise
    made.add(folder)


def _create(path: str, data: bytes) -> os.stat_result:
    """Write a new file (failing if one is there) and return its stat as written: os.open and os.write, which
    take a third of the time open() does for thousands of small files."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        return os.fstat(handle)
    finally:
        os.close(handle)


def _listing(folder: Path) -> tuple[dict[str, os.stat_result], set[str]]:
    """Return every file under a folder (its path inside it → its stat) and every folder under it (as full
    paths); raise if there is a symbolic link in it."""
    files: dict[str, os.stat_result] = {}
    folders: set[str] = set()

    def walk(current: str, prefix: str) -> None:
        for entry in os.scandir(current):
            if entry.is_symlink():  # never made by a build: writing beneath it could go anywhere
                raise FileExistsError(f"a link in {folder}: {prefix}{entry.name}")
            if entry.is_dir():
                folders.add(entry.path)
                walk(entry.path, prefix + entry.name + "/")
            else:
                files[prefix + entry.name] = entry.stat()

    walk(str(folder), "")
    return files, folders


def _names(folder: Path) -> list[str]:
    """Return the path inside a folder of every file under it that can be listed."""
    names: list[str] = []

    def walk(current: str, prefix: str) -> None:
        try:
            entries = list(os.scandir(current))
        except OSError:  # missing, or not ours to read: nothing to count there
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, prefix + entry.name + "/")
            else:
                names.append(prefix + entry.name)

    walk(str(folder), "")
    return names


def _prune(staging: Path, folders: set[str], files: Mapping[str, bytes]) -> None:
    """Remove the folders the staging folder held that no file of the new site is in (emptied of the files
    left from the build it was)."""
    needed = set()
    for relative in files:
        parts = relative.split("/")[:-1]
        for depth in range(len(parts), 0, -1):
            folder = os.path.join(staging, *parts[:depth])
            if folder in needed:
                break
            needed.add(folder)
    for folder in sorted(folders - needed, key=len, reverse=True):  # the deepest first
        os.rmdir(folder)


def _keep_or_remove(previous: Path, spare: Path | None) -> bool:
    """Keep the previous output for the next build to start from, or delete it if it cannot be kept; say
    whether it was kept."""
    try:
        if spare is None or spare.is_symlink() or spare.exists():
            raise FileExistsError(spare)
        previous.rename(spare)
        return True
    except OSError:
        shutil.rmtree(previous, ignore_errors=True)  # what cannot go is left, as rmtree would
        return False


def _swap(staging: Path, output: Path) -> Path | None:
    """Put the new output in place; return where the previous one now is (None if there was none)."""
    if not output.exists():
        staging.rename(output)
        return None
    if _exchange(staging, output):
        return staging
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    output.rename(old)
    try:
        staging.rename(output)
    except BaseException:
        old.rename(output)  # the previous site back in its place, as the build's message will say
        raise
    return old


def update_site(files: Mapping[str, bytes], output: Path, previous: Mapping[str, bytes]) -> WriteReport:
    """Bring an output folder this process built to exactly `files`, writing only what differs from `previous`.

    Each file is replaced in one step, so a page is never served half-written; a build writing the same output
    meanwhile is waited for (see write_site). Used by the preview server.
    """
    with _refusals_as_problems(output.as_posix()), _turn(output.parent):  # each file written is whole
        return _update(files, output, previous)


def _update(files: Mapping[str, bytes], output: Path, previous: Mapping[str, bytes]) -> WriteReport:
    if not (output / MARKER).is_file():
        raise BuildError([Problem(output.as_posix(), 1, "the output folder is not the one this preview built",
                                  "stop the preview and start it again")])
    written = unchanged = 0
    for relative, data in files.items():
        old = previous.get(relative)
        if old is data or old == data:
            unchanged += 1
            continue
        write_atomically(output / relative, data)  # never served half-written
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
