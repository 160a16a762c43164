"""What one build hands to the next in the same process (the preview server), so unchanged work is reused.

Each entry is keyed by exactly what it was made from: a file's stamp (stamp_of: size, modification and
change times, inode; the watcher also makes the server forget every file it reports changed), a file's
content hash, or the very objects an earlier stage returned. A build with a Memo writes byte for byte what a
build without one writes; tests check this after random edits. Command-line builds keep `seen`, `parsed`,
`markdown` and `folders` (and the page plans) between runs: see cache.load_work.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Memo:
    """What builds in one process keep for the next (the preview's), or what one build makes along the way."""

    # Whether to keep `reads`, what each file was read into (its fields as YAML nodes, and its text): the preview
    # parses a file again without reading it when only what else it looks at has changed; a command-line build
    # reads each file once, and holding what it read would only make it slower (more memory to take and copy).
    keep_reads: bool = True
    settings: Any = None  # the site settings and build options every entry below was made with
    reads: dict[str, tuple[Any, Any, tuple[Any, ...]]] = field(default_factory=dict)
    seen: dict[str, tuple[Any, str, tuple[Any, ...]]] = field(default_factory=dict)  # path → stamp, hash, problems
    parsed: dict[str, tuple[Any, Any, tuple[Any, ...], frozenset[str]]] = field(default_factory=dict)
    markdown: dict[str, Any] = field(default_factory=dict)
    views: dict[str, tuple[tuple[Any, ...], Any]] = field(default_factory=dict)
    rendered: dict[str, tuple[Any, Any, bytes]] = field(default_factory=dict)
    static: dict[str, tuple[Any, bytes]] = field(default_factory=dict)
    pdfs: dict[str, tuple[Any, Any, Any]] = field(default_factory=dict)  # brochure route → (HTML, files used, PDF)
    environment: Any = None  # (template sources, Jinja environment, closures)
    listings: dict[str, Any] = field(default_factory=dict)  # programme folder → its files, while unchanged
    folders: dict[str, tuple[tuple[str, ...], Any, Any]] = field(default_factory=dict)  # a programme folder or
    # person → its files, what they and the rest its reading looks at were, and what reading it gave

    def start(self, settings: Any) -> None:
        """Begin a build: forget everything if the settings differ from the last build's."""
        if settings != self.settings:
            for table in (self.reads, self.seen, self.parsed, self.markdown, self.views, self.rendered, self.static,
                          self.pdfs, self.listings, self.folders):
                table.clear()
            self.settings = settings

    def forget(self, paths: Iterable[str]) -> None:
        """Forget what was read from these absolute paths (the watcher saw them change)."""
        paths = set(paths)
        for path in paths:
            self.reads.pop(path, None)
            self.seen.pop(path, None)
            self.static.pop(path, None)
        for name in [name for name, (files, _, _) in self.folders.items() if paths.intersection(files)]:
            del self.folders[name]


def stamp_of(stat: os.stat_result) -> tuple[int, int, int, int]:
    """Return what tells one state of a file from another: its size, modification and change times and inode.

    Writing a file changes its change time, which no tool can set back, so an equal stamp means the same
    file as when the stamp was taken."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


SETTLED_NS = 2_000_000_000  # a file or folder changed less than this long ago may change again in the same tick


def settled(stamp: tuple[int, int, int, int] | None, now: int | None = None) -> bool:
    """Say whether a stamp is old enough to be trusted next time: a change within the same clock tick as the
    last one would leave the stamp as it is, so anything modified a moment ago is looked at again."""
    return stamp is not None and stamp[1] < (now or time.time_ns()) - SETTLED_NS


def signature(path: Path | str) -> tuple[int, int, int, int] | None:
    """Return a file's stamp (see stamp_of), or None if it cannot be read."""
    try:
        return stamp_of(os.stat(path))
    except OSError:
        return None
