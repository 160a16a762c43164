"""The preview server end to end: `build.py serve` as a subprocess, real Chromium, real livereload."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..quality.tools import CHROMIUM_FLAGS, PROJECT, chromium

from .preview_server import MODULE, PAGE, Server


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


def wait_for_reload_connection(page: object) -> None:
    """Wait until livereload's script has connected its WebSocket to the server."""
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && "
                           "window.LiveReload.connector._connectionDesired && "
                           "window.LiveReload.connector.socket && window.LiveReload.connector.socket.readyState === 1",
                           timeout=10_000)


def test_a_saved_edit_appears_without_reloading_by_hand(server: Server, page: object) -> None:
    page.goto(server.url + PAGE)
    wait_for_reload_connection(page)
    assert "Edited in the test" not in page.content()
    module = server.root / MODULE
    module.write_text(module.read_text() + "\nEdited in the test.\n")
    page.wait_for_function("() => document.body.innerText.includes('Edited in the test')", timeout=10_000)


def test_a_mistake_shows_the_problems_and_fixing_it_clears_them(server: Server, page: object) -> None:
    page.goto(server.url)
    wait_for_reload_connection(page)
    module = server.root / MODULE
    good = module.read_text()
    module.write_text(good.replace("days: 1.5", "days: one and a half"))
    overlay = page.wait_for_selector("#prospectus-problems", timeout=10_000)
    expected = (f"{MODULE}:3: 'days': expected a number of days like 2 or 1.5, got 'one and a half'; write the "
                "number of days using digits, in whole or half days (0.5, 1, 1.5, 2 …)")
    assert expected in overlay.inner_text()
    check = subprocess.run([sys.executable, str(PROJECT / "build.py"), "check", "--root", str(server.root),
                            "--today", "2026-11-26"], capture_output=True, text=True)
    assert expected in check.stderr.splitlines()
    assert "Building collaborative leadership" in page.inner_text("main"), "the last good page stays up"
    module.write_text(good)
    page.wait_for_selector("#prospectus-problems", state="detached", timeout=10_000)


def test_problems_in_pages_nobody_has_open_are_shown_everywhere(server: Server, page: object) -> None:
    page.goto(server.url + "people/")
    wait_for_reload_connection(page)
    cohorts = server.root / "content/programmes/building-collaborative-leadership/cohorts.yaml"
    cohorts.write_text(cohorts.read_text().replace("status: open", "status: opne"))
    overlay = page.wait_for_selector("#prospectus-problems", timeout=10_000)
    assert "'status': 'opne' is not one of the choices; did you mean 'open'?" in overlay.inner_text()


def test_the_output_folder_equals_a_production_build(server: Server, project: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    """The same as `build.py --drafts --no-search`: the preview shows drafts and makes no search index."""
    page_html = urllib.request.urlopen(server.url).read().decode()
    assert "livereload" in page_html
    on_disk = (project / "output/index.html").read_text()
    assert "livereload" not in on_disk and "prospectus-problems" not in on_disk
    other = tmp_path_factory.mktemp("production")
    subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(project), "--output", str(other),
                    "--today", "2026-11-26", "--drafts", "--no-search"], check=True, capture_output=True)
    files = sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(project / "output") for p in (project / "output").rglob("*") if p.is_file())
    assert all((other / f).read_bytes() == (project / "output" / f).read_bytes() for f in files)


def listening_addresses(port: int) -> set[str]:
    """Read the kernel's table of listening TCP sockets for a port (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":
                found.add(address)
    return found


def test_serves_on_loopback_only_under_the_base_path_and_stops_on_ctrl_c(server: Server) -> None:
    assert listening_addresses(server.port) == {"0100007F"}, "listening on 127.0.0.1 only"
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/") as response:
        assert response.url.endswith("/brochures/")
    assert re.search(r"<h1>[^<]+</h1>", urllib.request.urlopen(server.url).read().decode())
    out = server.stop()
    assert server.process.returncode == 0
    assert out.rstrip().endswith("Stopped.")
    assert "Traceback" not in out


def test_the_preview_says_search_works_on_the_built_site(server: Server, page: object) -> None:
    page.goto(server.url + "search/?q=trust")
    page.wait_for_function("() => document.querySelector('#search-status').innerText.startsWith('Search is not')",
                           timeout=10_000)
    assert page.inner_text("#search-status") == (
        "Search is not available here: the search index is made when the site is built for publishing (the "
        "preview does not make it).")
