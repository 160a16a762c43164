"""PDFs kept between builds (in .cache/prospectus/pdf/, not in git), found by a hash of everything they are made of.

A PDF is made again only when its HTML, the site files it used (stylesheet, images, fonts), the fonts on this
computer or the versions of WeasyPrint and Prospectus's way of calling it have changed.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

from .cache import write_atomically
from .frozen import frozen
from .pdf import Rendered

KEEP = 4  # cached PDFs kept for each name, newest first: enough to undo an edit in the preview
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts",
                "/etc/fonts/conf.d")


def system_fonts() -> str:
    """Return a hash of the fonts installed on this computer (names, sizes and dates), which PDFs may use."""
    digest = hashlib.sha256()
    for folder in FONT_FOLDERS:
        for place, folders, names in sorted(os.walk(os.path.expanduser(folder))):
            folders.sort()
            for name in sorted(names):
                try:
                    stat = os.stat(os.path.join(place, name))
                except OSError:
                    continue
                digest.update(f"{place}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@frozen
class PdfCache:
    """Brochure PDFs kept between builds, found by a hash of what they were made from."""

    folder: Path

    @staticmethod
    def key(html: str, engine: str, fonts: str) -> str:
        """Return the hash that names a PDF made from `html` by `engine` with `fonts`."""
        return hashlib.sha256(f"{engine}\0{fonts}\0{html}".encode()).hexdigest()[:40]

    def _paths(self, name: str, key: str) -> tuple[Path, Path]:
        return self.folder / f"{name}.{key}.pdf", self.folder / f"{name}.{key}.json"

    def get(self, name: str, key: str, files: Mapping[str, bytes]) -> Rendered | None:
        """Return the cached PDF, if there is one and every site file it used is unchanged in `files`."""
        pdf, about = self._paths(name, key)
        try:
            facts = json.loads(about.read_text(encoding="utf-8"))
            resources = tuple((str(route), str(sha)) for route, sha in facts["resources"])
            if any(route not in files or hashlib.sha256(files[route]).hexdigest() != sha
                   for route, sha in resources):
                return None
            data = pdf.read_bytes()
            os.utime(about)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return Rendered(data, resources, tuple(facts.get("notes", ())), tuple(facts.get("left_out", ())))

    def put(self, name: str, key: str, rendered: Rendered) -> None:
        """Keep a PDF for later builds, and forget the oldest ones of the same name."""
        pdf, about = self._paths(name, key)
        facts = {"resources": [list(r) for r in rendered.resources], "notes": list(rendered.notes),
                 "left_out": list(rendered.left_out)}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(pdf, rendered.data)
            write_atomically(about, json.dumps(facts, indent=1).encode())  # written last: it marks the entry complete
            self._prune(name)
        except OSError:
            pass  # a cache that cannot be written only means the PDF is made again next time

    def _prune(self, name: str) -> None:
        entries = sorted(self.folder.glob(f"{name}.*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
            old.with_suffix(".pdf").unlink(missing_ok=True)

