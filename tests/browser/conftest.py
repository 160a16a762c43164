"""Fixtures shared by the browser tests of the preview server."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..quality.tools import PROJECT
from .preview_server import Server


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("content", "templates", "assets"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    return tmp_path


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    running = Server(project)
    yield running
    if running.process.poll() is None:
        running.stop()
