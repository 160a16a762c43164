"""What the last build wrote: each output file's stamp, a hash of its bytes, and the key of what made it.

With this record the next build need not render a page again whose key is unchanged (the page is read back
from the output, whose stamp proves it untouched since), nor read a file back to tell that its bytes are
unchanged. A page's key is a hash of everything its rendering reads: the engine and library versions, the
template and every template it uses, and the values the page shows. Anything that cannot be keyed is
rendered; a record that cannot be read, or one about another output folder, is ignored.
"""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from .cache import digest, engine_fingerprint, read_json, value_hash, write_json
from .frozen import frozen
from .memo import stamp_of
from .pages import PlannedPage
from .urls import Urls

NAME = "output.json"


@frozen
class Written:
    """An output file as the last build left it."""

    stamp: tuple[int, int, int, int]  # size, modification and change times, inode (memo.stamp_of)
    digest: str  # of the bytes
    key: str  # of what made it ('' if it was not keyed)


class OutputRecord:
    """The files of an output folder as the last build left them."""

    def __init__(self, output: Path, written: Mapping[str, Written] | None = None):
        self.output = output
        self.written = dict(written or {})
        self.folder = str(output) + os.sep
        self.digests: dict[int, tuple[bytes, str]] = {}  # id of bytes → (the bytes, their hash)

    def digest(self, data: bytes) -> str:
        """Return the hash of some bytes, hashing the same bytes object only once."""
        known = self.digests.get(id(data))
        if known is None or known[0] is not data:
            known = self.digests[id(data)] = (data, digest(data))
        return known[1]

    @classmethod
    def load(cls, cache: Path, output: Path) -> OutputRecord:
        try:
            data = read_json(cache / NAME)
            if data["output"] != str(output):  # type: ignore[index]
                return cls(output)
            written = {}
            for name, (stamp, hashed, key) in data["files"].items():  # type: ignore[index]
                size, time, changed, inode = (int(n) for n in stamp)
                if not (isinstance(name, str) and isinstance(hashed, str) and isinstance(key, str)):
                    return cls(output)
                written[name] = Written((size, time, changed, inode), hashed, key)
        except Exception:  # noqa: BLE001 - a damaged record can fail in many ways; it is only ignored
            return cls(output)
        return cls(output, written)

    def _unchanged(self, relative: str, stat: os.stat_result | None = None) -> Written | None:
        """Return the record of a file if the file (as `stat` found it, if given) is still as the last build
        left it."""
        known = self.written.get(relative)
        if known is None:
            return None
        try:
            return known if stamp_of(stat or os.stat(self.folder + relative)) == known.stamp else None
        except OSError:
            return None

    def reuse(self, relative: str, key: str) -> bytes | None:
        """Return the bytes of a file the last build made from the same key, if it is untouched since (its stamp
        says so, and then its bytes are those recorded: their hash is not worked out again)."""
        known = self.written.get(relative)
        if known is None or not key or known.key != key:
            return None
        try:  # os.open and os.read rather than open(): a third quicker for thousands of small files
            handle = os.open(self.folder + relative, os.O_RDONLY)
            try:
                if stamp_of(os.fstat(handle)) != known.stamp:  # the very file opened, not one since
                    return None
                data = os.read(handle, known.stamp[0] + 1)  # one byte more than it should hold, to tell
            finally:
                os.close(handle)
        except OSError:
            return None
        if len(data) != known.stamp[0]:  # it changed as it was read
            return None
        self.digests[id(data)] = (data, known.digest)
        return data

    def know(self, data: bytes, hashed: str) -> None:
        """Note the hash of these very bytes, worked out where they were made."""
        self.digests[id(data)] = (data, hashed)

    def knows(self, data: bytes) -> bool:
        """Say whether the hash of these very bytes is known already."""
        known = self.digests.get(id(data))
        return known is not None and known[0] is data

    def same(self, relative: str, data: bytes, stat: os.stat_result | None = None) -> bool | None:
        """Say whether the file (as `stat` found it, if given) already holds `data`, or None if only reading it
        can tell."""
        known = self._unchanged(relative, stat)
        return None if known is None else known.digest == self.digest(data)


def save(record: OutputRecord, cache: Path, files: Mapping[str, bytes], keys: Mapping[str, str],
         left: Mapping[str, tuple[int, int, int, int]], digests: Mapping[str, str] | None = None) -> None:
    """Record the output folder as this build `left` it (each file's stamp, taken as it was written), with the
    hash of each file's bytes (from `digests`, by file, where they were worked out already).

    A file anyone changes after that has another stamp (its change time moves, whatever else is put back),
    so the next build reads it and compares it rather than trusting this record."""
    digests = digests or {}
    written = {name: [list(left[name]), digests.get(name) or record.digest(data), keys.get(name, "")]
               for name, data in files.items() if name in left}
    write_json(cache / NAME, {"output": str(record.output), "files": written})


def page_keys(pages: Sequence[PlannedPage], common: Mapping[str, Any], closures: Mapping[str, str],
              today: object) -> dict[str, str]:
    """Return a key for each page's output file: a hash of what its rendering reads.

    A value many pages share (a programme's view) is hashed once; the values of
    a page the plan knows the making of (`made_from`, a hash of all it was made from) are not hashed at all. A
    page whose values cannot be hashed gets no key, and so is always rendered.
    """
    hashed: dict[int, tuple[object, bytes]] = {}

    def hash_of(value: object) -> bytes:
        known = hashed.get(id(value))
        if known is None:  # the value is kept with its hash, so its id is not reused by another object
            known = hashed[id(value)] = (value, value_hash(value))
        return known[1]

    try:
        base = hash_of((engine_fingerprint(), str(today), dict(common)))
    except Exception:  # noqa: BLE001 - a value that cannot be pickled: no page can be kept
        return {}
    def key(page: PlannedPage) -> str:
        closure = closures.get(page.template)
        if closure is None:
            return ""
        try:
            shown = [(f.name, getattr(page, f.name)) for f in fields(page) if f.name != "context"]
            values = [] if page.made_from else [(name, hash_of(value)) for name, value in sorted(page.context.items())]
            return value_hash((base, closure, shown, values)).hex()
        except Exception:  # noqa: BLE001 - a value that cannot be pickled: the page is always rendered
            return ""

    return {Urls.output_file(page.route): made for page in pages if (made := key(page))}
