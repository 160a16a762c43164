"""Build real sites in a temporary folder from a dict of files, and run the command line on them."""
from __future__ import annotations

import contextlib
import resource
import shutil
import signal
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from prospectus.cli import main

PROJECT = Path(__file__).resolve().parent.parent

SITE_YAML = """\
title: Test programmes
organisation: Test Organisation
contact:
  email: hello@example.org
"""

PROGRAMME_MD = """\
---
title: A test programme
summary: A short summary of the test programme.
audience: Senior leaders
duration: Six months
duration_months: 6
format: online
fee:
  amount: 1000
  vat: plus VAT
apply:
  email: apply@example.org
---
About the programme.
"""

ACCESSIBILITY_MD = """\
---
title: Accessibility statement
---
We aim for WCAG 2.2 AA.
"""

MINIMAL = {
    "content/site.yaml": SITE_YAML,
    "content/pages/accessibility.md": ACCESSIBILITY_MD,
    "content/programmes/test/programme.md": PROGRAMME_MD,
}


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


class SiteKit:
    """A project folder in tmp_path with the real templates and assets, and content from a dict."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]):
        self.root = root
        self.capsys = capsys
        shutil.copytree(PROJECT / "templates", root / "templates")
        shutil.copytree(PROJECT / "assets", root / "assets")

    def write(self, files: dict[str, str | bytes | None]) -> SiteKit:
        """Write files (dedented text or bytes); None deletes a file."""
        for name, text in files.items():
            path = self.root / name
            if text is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(dedent(text), encoding="utf-8")
        return self

    def run(self, *args: str, today: str = "2026-11-26", pdf: bool = False) -> Run:
        """Run `python build.py ARGS` on this project and capture what it prints.

        Brochure PDFs are made only with `pdf=True` (making one takes a second; most tests need none).
        """
        self.capsys.readouterr()
        code = main([*args, "--root", str(self.root), "--today", today, *(() if pdf else ("--no-pdf",))])
        captured = self.capsys.readouterr()
        return Run(code, captured.out, captured.err)

    def page(self, route: str) -> str:
        path = self.root / "output" / route
        if route.endswith("/") or route == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def output_files(self) -> dict[str, bytes]:
        return snapshot(self.root / "output")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by its path there, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def problems(run: Run) -> list[str]:
    """The problem lines a run printed, without the summary line."""
    return [line for line in run.lines if not line.startswith("Found ")]


FIXTURE = PROJECT / "tests/fixtures/full/content"


def build_copy(root: Path, content: Path, *args: str, today: str = "2026-11-26") -> Path:
    """Copy `content` and the project's templates and assets into `root`, build it, and return its output."""
    shutil.copytree(content, root / "content")
    shutil.copytree(PROJECT / "templates", root / "templates")
    shutil.copytree(PROJECT / "assets", root / "assets")
    assert main(["--root", str(root), "--today", today, *args]) == 0
    return root / "output"


@contextlib.contextmanager
def largest_file_written(limit: int) -> Iterator[None]:
    """Let this process (and the helpers it starts) write no file larger than `limit` bytes: the system's own
    limit (ulimit -f), which makes a larger write fail with 'File too large', as a full disk fails with 'No space
    left on device'."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the error, rather than the signal that ends us
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)
