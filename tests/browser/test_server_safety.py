"""The preview server serves nothing outside the output folder, survives a flood of requests, and never serves a
half-written page during bursts of edits."""
from __future__ import annotations

import http.client
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .preview_server import MODULE, PAGE, Server

SECRET = "TOP-SECRET-MARKER"


@pytest.fixture
def guarded(project: Path) -> Iterator[Server]:
    (project / "secret.txt").write_text(SECRET)
    (project.parent / "outside.txt").write_text(SECRET)
    running = Server(project)
    os.symlink(project.parent / "outside.txt", project / "output" / "leak.html")
    os.symlink(project / "content", project / "output" / "content-link")
    yield running
    if running.process.poll() is None:
        running.stop()


def raw_get(port: int, path: str) -> tuple[int, bytes]:
    """Send the path exactly as given (no client-side clean-up of dots or escapes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


@pytest.mark.parametrize("path", [
    "/brochures/../secret.txt", "/brochures/../../outside.txt", "/brochures/%2e%2e/secret.txt",
    "/brochures/%2E%2E%2Fsecret.txt", "/brochures/%252e%252e/secret.txt", "/brochures/..%2f..%2foutside.txt",
    "/brochures/%2e%2e%5csecret.txt", "//secret.txt", "/brochures//etc/passwd", "/brochures/%2fetc%2fpasswd",
    "/brochures/leak.html", "/brochures/leak", "/brochures/content-link/site.yaml", "/brochures/%00",
    "/brochures/./../secret.txt", "/secret.txt", "/../secret.txt", "/brochures/.prospectus-output/../../secret.txt",
])
def test_nothing_outside_the_output_folder_is_served(guarded: Server, path: str) -> None:
    status, body = raw_get(guarded.port, path)
    assert SECRET.encode() not in body
    assert b"root:" not in body
    assert status in (302, 400, 404), status


def test_a_flood_of_requests_is_served_and_the_server_lives_on(guarded: Server) -> None:
    paths = [f"/brochures/{p}" for p in ("", "people/", PAGE, "assets/site.css", "nope/", "accessibility/")] * 100
    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = list(pool.map(lambda p: raw_get(guarded.port, p)[0], paths))
    assert statuses.count(200) == 500 and statuses.count(404) == 100
    assert raw_get(guarded.port, "/brochures/")[0] == 200
    assert guarded.process.poll() is None


def test_bursts_of_edits_never_serve_a_half_written_page(guarded: Server) -> None:
    module = guarded.root / MODULE
    original = module.read_text()
    seen: list[tuple[int, bytes]] = []
    stop = threading.Event()

    def fetch() -> None:
        while not stop.is_set():
            seen.append(raw_get(guarded.port, "/brochures/" + PAGE))

    readers = [threading.Thread(target=fetch) for _ in range(4)]
    for reader in readers:
        reader.start()
    for i in range(40):
        module.write_text(original + f"\nBurst edit number {i}.\n" + "Padding sentence. " * (i * 50))
        time.sleep(0.01)
    deadline = time.monotonic() + 20
    while b"Burst edit number 39." not in raw_get(guarded.port, "/brochures/" + PAGE)[1]:
        assert time.monotonic() < deadline, "the last edit never appeared"
        time.sleep(0.05)
    stop.set()
    for reader in readers:
        reader.join()
    assert len(seen) > 20
    assert all(body.rstrip().endswith(b"</html>") and body.count(b"<html") == 1 for _, body in seen)
    assert {status for status, _ in seen} == {200}  # never a "not found" while the page is being replaced
    assert all(b"<h1>Module 2: Building trust and sharing power</h1>" in body for _, body in seen)
    assert guarded.process.poll() is None
