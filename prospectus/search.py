"""The search index: pagefind reads the built pages and writes the files the search page loads.

It runs on the pages in memory, in a temporary folder, before the site is written: the index goes out in the
same all-or-nothing step as the pages it describes. Pagefind's output depends only on the pages (its file
names are hashes of their contents), so two builds of one commit give the same bytes; tests check this.
"""
from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .cache import write_atomically
from .errors import BuildError, Problem
from .memo import stamp_of

FOLDER = "pagefind"
# Pagefind also writes ready-made search interfaces; the site has its own (assets/search.js), so leave them out.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def pagefind_program() -> str:
    """Return the pagefind program installed with Prospectus (the pagefind[bin] package)."""
    try:
        from pagefind_bin import get_executable
        return str(get_executable())
    except (ImportError, FileNotFoundError):
        raise BuildError([Problem("pagefind", 1, "the search indexer (pagefind) is not installed",
                                  "install Prospectus again with: .venv/bin/python -m pip install -e .")]) from None


def search_index(files: Mapping[str, bytes], cache: Path | None = None) -> dict[str, bytes]:
    """Index the site's HTML pages with pagefind; return the index's files as {path in the site: bytes}.

    With a `cache` folder, the index made last time is reused when the pages and pagefind are the same.
    """
    with contextlib.closing(Indexing(cache)) as indexing:
        indexing.start(files)
        return indexing.result()


class Indexing:
    """The search index of the site's HTML pages, being made: `start` starts pagefind, which runs while the
    build goes on until `result` is asked for; `close` stops it and tidies up, whatever happened meanwhile (so
    make sure of `close` before calling `start`).

    With a `cache` folder, the index made last time is reused when the pages and pagefind are the same.
    """

    def __init__(self, cache: Path | None = None):
        self.cache = cache
        self.kept: Path | None = None  # where the index is kept for the next build (with a cache folder)
        self.known: dict[str, bytes] | None = None
        self.running: subprocess.Popen[str] | None = None
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        self.index = Path()  # where pagefind writes the index, once started

    def start(self, files: Mapping[str, bytes]) -> None:
        """Start indexing the HTML files among `files` (or find the index kept for them)."""
        program = pagefind_program()
        if self.cache is not None:
            # The program is known by its path and stamp, which change when it is replaced (reading and hashing
            # its 10 MB took longer than indexing the example site's pages).
            digest = hashlib.sha256(f"{program}\0{stamp_of(os.stat(program))}".encode())
            for name in sorted(files):
                if name.endswith(".html"):
                    digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
            self.kept = self.cache / f"{digest.hexdigest()[:32]}.json"
            self.known = _kept(self.kept)
        if self.known is None:
            self._start(program, files)

    def _start(self, program: str, files: Mapping[str, bytes]) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="prospectus-search-")
        site, self.index = Path(self.folder.name) / "site", Path(self.folder.name) / "index"
        pages = {name: data for name, data in files.items() if name.endswith(".html")}
        indexed = {name: data for name, data in pages.items() if b"data-pagefind-body" in data}
        for name, data in (indexed or pages).items():  # pages pagefind would skip are not worth its time
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(data)
        self.running = subprocess.Popen([program, "--site", str(site), "--output-path", str(self.index), "--quiet"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def result(self) -> dict[str, bytes]:
        """Wait for the index; return its files as {path in the site: bytes} (raise BuildError if pagefind
        failed)."""
        if self.known is not None:
            return self.known
        assert self.running is not None
        out, err = self.running.communicate()
        if self.running.returncode != 0:
            message = (err or out).strip().splitlines()
            raise BuildError([Problem("pagefind", 1, "the search index could not be made: "
                                      + (message[-1] if message else f"exit status {self.running.returncode}"),
                                      "check the message above, or build with --no-search")])
        self.known = {f"{FOLDER}/{path.relative_to(self.index).as_posix()}": path.read_bytes()
                      for path in sorted(self.index.rglob("*")) if path.is_file() and path.name not in UNUSED}
        if self.kept is not None:
            shutil.rmtree(self.kept.parent, ignore_errors=True)  # keep only the latest index
            with contextlib.suppress(OSError):  # a cache that cannot be written only means indexing again next time
                write_atomically(self.kept, json.dumps({name: base64.b64encode(data).decode()
                                                        for name, data in self.known.items()}).encode())
        return self.known

    def close(self) -> None:
        """Stop pagefind if it is still running, and remove its folder."""
        if self.running is not None and self.running.returncode is None:
            self.running.kill()
            self.running.communicate()
        if self.folder is not None:
            self.folder.cleanup()
            self.folder = None


def _kept(path: Path) -> dict[str, bytes] | None:
    """Read a kept index, or return None if there is none or it cannot be read."""
    try:
        return {name: base64.b64decode(data, validate=True) for name, data in json.loads(path.read_text()).items()}
    except (OSError, ValueError, TypeError, AttributeError, binascii.Error):
        return None
