"""Running `build.py serve` as a subprocess for the browser tests, and the project it previews."""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from ..quality.tools import PROJECT

MODULE = "content/programmes/building-collaborative-leadership/modules/02-building-trust-and-sharing-power.md"
PAGE = "programmes/building-collaborative-leadership/modules/building-trust-and-sharing-power/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, root: Path, *args: str):
        self.port = free_port()
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root), "--port", str(self.port),
             "--today", "2026-11-26", *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.url = f"http://127.0.0.1:{self.port}/brochures/"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url, timeout=1)
                return
            except OSError:
                assert self.process.poll() is None, self.process.communicate()[0]
                time.sleep(0.1)
        raise AssertionError("the preview server did not start")

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        out, _ = self.process.communicate(timeout=15)
        return out
