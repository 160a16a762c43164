"""The real tools the quality checks run: Chromium, the Nu HTML Checker (Java) and axe-core.

A missing tool fails the check with what to install; nothing is ever skipped.
"""
from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from prospectus.options import ProjectPaths
from prospectus.serve import PreviewState, make_app

PROJECT = Path(__file__).resolve().parents[2]
VNU_JAR = PROJECT / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE_JS = PROJECT / "node_modules/axe-core/axe.min.js"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                  "--no-first-run", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]
SYSTEM_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
SCREENSHOTS = PROJECT / ".ci" / "screenshots"


def require(path: Path | str | None, what: str) -> str:
    """Return the tool's path, or fail (never skip) saying how to install it."""
    if not path or not Path(path).exists():
        pytest.fail(f"{what} is missing: run scripts/test, which installs it", pytrace=False)
    return str(path)


def java() -> str:
    return require(shutil.which("java"), "Java (the Nu HTML Checker runs on it)")


def chromium() -> str | None:
    """Return the system Chromium, or None to use the browser Playwright installed (scripts/test on Ubuntu)."""
    return next((p for p in SYSTEM_CHROMIUM if Path(p).exists()), None)


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@contextmanager
def serve_like_github_pages(output: Path, base_path: str) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 the way GitHub Pages does; yield the site's address."""
    paths = ProjectPaths.at(output.parent, output)
    server = make_server("127.0.0.1", 0, make_app(paths, lambda: base_path, PreviewState()),
                         server_class=_ThreadingServer, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
