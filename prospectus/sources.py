"""Reading content files: discovery, text decoding, front matter and YAML."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .errors import Problem, Severity
from .frozen import frozen
from .memo import stamp_of
from .yamlnodes import Node, read_yaml

MAX_FILE_BYTES = 2_000_000
FENCE = "---"


@frozen
class SourceDoc:
    """One content file: its fields (a YAML node, if any), its Markdown body, and where the body starts."""

    path: str  # relative to the project root, with forward slashes
    meta: Node | None
    body: str
    body_line: int
    digest: str  # hash of the file's bytes, for caches
    stamp: tuple[int, int, int, int] | None = None  # the file's stamp (memo.stamp_of) as it was opened to be read


def relative(path: Path, root: Path) -> str:
    """Return `path` relative to `root` with forward slashes, as messages show it."""
    text, base = str(path), str(root)
    if text.startswith(base + "/"):
        return text[len(base) + 1:].replace("\\", "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, shown: str) -> tuple[str | None, str, tuple[Problem, ...], tuple[int, int, int, int] | None]:
    """Read a UTF-8 text file, dropping a byte-order mark and normalising line endings; return its text, the hash
    of its bytes, its problems and its stamp as it was opened."""
    try:  # os.open and os.read: a third of the time open() takes, for thousands of small files
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            stat = os.fstat(handle)
            size = stat.st_size
            if size > MAX_FILE_BYTES:
                return None, "", (Problem(shown, 1, f"this file is {size / 1_000_000:.1f} MB, larger than the "
                                          f"{MAX_FILE_BYTES // 1_000_000} MB a content file may be",
                                          "split it up, or keep large files in content/images"),), None
            data = _read_all(handle, size)
        finally:
            os.close(handle)
    except OSError as exc:
        return None, "", (Problem(shown, 1, f"this file could not be read ({exc.strerror})",
                                  "check that it exists and that you have permission to read it"),), None
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, digest, (Problem(shown, line, "this line has characters that are not UTF-8 text",
                                      "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)"),), None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, digest, (Problem(shown, line, "this file contains a null character, so it is not text",
                                      "save it again as plain UTF-8 text"),), None
    return text, digest, (), stamp_of(stat)


def _read_all(handle: int, size: int) -> bytes:
    """Read an open file of `size` bytes to its end (a short read of a file is its end; a file that has grown
    since its size was taken is read on until nothing comes)."""
    chunks = [os.read(handle, size + 1)]
    while len(chunks) == 1 and len(chunks[0]) > size or len(chunks) > 1 and chunks[-1]:
        chunks.append(os.read(handle, 65536))
    return b"".join(chunks)


# Example text in the starting files `build.py new` writes (prospectus/scaffold.py), which must not be
# published: each is a warning, so the preview carries on and a --strict build (a deploy) stops.
STARTING_TEXT = (
    "One or two sentences that say what the programme is and who it helps.", "Who it is for, in a line",
    "What participants will be able to do afterwards", "Write the overview here in Markdown.", "The first topic",
    "The second topic", "Describe the module here.", "label: New cohort", "Their job title",
    "A few sentences about them, written in the third person.", "First line of the address",
    "Access information: step-free access, hearing loops, parking, the nearest station.",
    "One sentence about this page, for search results and link previews.", "Write the page here in Markdown.")


def starting_text(text: str, shown: str) -> tuple[Problem, ...]:
    """Warn about each piece of starting text left in a file (not in comments)."""
    found = []
    for phrase in STARTING_TEXT:
        at = text.find(phrase)
        if at < 0 or text[text.rfind("\n", 0, at) + 1:at].lstrip().startswith("#"):
            continue
        found.append(Problem(shown, text.count("\n", 0, at) + 1,
                             f"this is still the example text that 'build.py new' wrote: '{phrase}'",
                             "replace it with your own words", Severity.WARNING))
    return tuple(found)


def read_yaml_file(path: Path, shown: str) -> tuple[SourceDoc | None, tuple[Problem, ...]]:
    """Read a whole-file YAML document such as site.yaml or cohorts.yaml."""
    text, digest, problems, stamp = read_text(path, shown)
    if text is None:
        return None, problems
    node, problems = read_yaml(text, shown)
    if problems:
        return None, problems
    return SourceDoc(shown, node, "", 1, digest, stamp), starting_text(text, shown)


def read_markdown_file(path: Path, shown: str) -> tuple[SourceDoc | None, tuple[Problem, ...]]:
    """Read a Markdown file that starts with a block of fields between two '---' lines."""
    text, digest, problems, stamp = read_text(path, shown)
    if text is None:
        return None, problems
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        return None, (Problem(shown, 1, "this file must start with a line of three dashes (---)",
                              "add a line '---' at the top, then the fields, then another '---' line "
                              "before the text"),)
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() in (FENCE, "...")), None)
    if closing is None:
        return None, (Problem(shown, 1, "the fields that start on line 1 are never closed",
                              "add a line with three dashes (---) after the last field"),)
    node, problems = read_yaml("\n".join(lines[1:closing]), shown, first_line=2)
    if problems:
        return None, problems
    body = "\n".join(lines[closing + 1:])
    return SourceDoc(shown, node, body, closing + 2, digest, stamp), starting_text(text, shown)
