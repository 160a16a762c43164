"""Where a project's files are and how a build is asked to run: all the command line needs before the build's
own modules are imported (a build with nothing to do never imports them)."""
from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from pathlib import Path

from .frozen import frozen

DEFAULT_TIMEZONE = "Europe/London"  # for site.yaml's timezone, and for today's date when it cannot be read
# The rules site.yaml's base_url and base_path are read by, which the command line's --base-url and --base-path
# follow too:
WEB_ADDRESS = r"https?://[^\s<>\"]+"
WEB_ADDRESS_WANTED = "a web address starting with https://"
FOLDER_RULE = "use letters, digits and hyphens between slashes"


@frozen
class ProjectPaths:
    """Where a project's folders are."""

    root: Path
    content: Path
    templates: Path
    assets: Path
    output: Path
    cache: Path  # work kept between builds, such as brochure PDFs (not in git)

    @classmethod
    def at(cls, root: Path, output: Path | None = None) -> ProjectPaths:
        """Return the standard layout of a project folder."""
        root = root.resolve()
        return cls(root, root / "content", root / "templates", root / "assets",
                   (output or root / "output").resolve(), root / ".cache" / "prospectus")

    def show(self, path: Path) -> str:
        """Return `path` as messages show it: relative to the project root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


class Pdfs(StrEnum):
    """What a build does about the brochure PDFs."""

    MAKE = "make"
    CHECK = "check"  # render their HTML only, to find template errors (python build.py check)
    SKIP = "skip"  # --no-pdf


@frozen
class BuildOptions:
    """How a build is asked to run: as of which day, how strictly, what it makes, with how many processes."""

    today: date
    strict: bool = False
    base_path: str | None = None  # overrides site.yaml
    base_url: str | None = None  # overrides site.yaml
    pdfs: Pdfs = Pdfs.MAKE
    jobs: int = 1  # processes to share the work between
    drafts: bool = False  # show drafts and items whose publish date is still to come (the preview does)
    search: bool = False  # make the search index with pagefind (python build.py does; the preview does not)


def normalise_base_path(text: str) -> str | None:
    """Return a base path like '/brochures/' from '/brochures', 'brochures/' or '/', or None if invalid."""
    parts = [p for p in text.strip().split("/") if p]
    if any(not re.fullmatch(r"[A-Za-z0-9._~-]+", p) or p in (".", "..") for p in parts):
        return None
    return "/" + "".join(p + "/" for p in parts)


def path_of(url: str) -> str:
    """Return the folder a web address points to: '/repo/' of 'https://owner.github.io/repo/', '/' of none."""
    return re.sub(r"^https?://[^/]+", "", url) or "/"
