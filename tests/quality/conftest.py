"""Build the example site and the full fixture site under /brochures/, serve them, and open a real browser."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from prospectus.cli import main

from .tools import CHROMIUM_FLAGS, PROJECT, chromium, serve_like_github_pages

BASE = "/brochures/"
SITES = {"example": PROJECT / "content", "fixture": PROJECT / "tests/fixtures/full/content"}


@dataclass(frozen=True)
class BuiltSite:
    name: str
    output: Path
    url: str  # http://127.0.0.1:PORT/brochures/

    def pages(self) -> list[str]:
        """Every HTML page, as a path under the base path ('', 'people/', '404.html' …)."""
        routes = []
        for file in sorted(self.output.rglob("*.html")):
            rel = file.relative_to(self.output).as_posix()
            routes.append(rel.removesuffix("index.html"))
        return routes


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, BuiltSite]]:
    built, servers = {}, []
    for name, content in SITES.items():
        root = tmp_path_factory.mktemp(name)
        shutil.copytree(content, root / "content")
        shutil.copytree(PROJECT / "templates", root / "templates")
        shutil.copytree(PROJECT / "assets", root / "assets")
        assert main(["--root", str(root), "--today", "2026-11-26", "--base-path", BASE, "--strict"]) == 0
        server = serve_like_github_pages(root / "output", BASE)
        servers.append(server)
        built[name] = BuiltSite(name, root / "output", server.__enter__())
    yield built
    for server in servers:
        server.__exit__(None, None, None)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
