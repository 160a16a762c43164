"""The Nu HTML Checker finds no errors or warnings on any page or stylesheet."""
from __future__ import annotations

import json
import subprocess

from .conftest import BuiltSite
from .tools import PROJECT, VNU_JAR, java, require


def vnu(*args: str) -> list[dict]:
    result = subprocess.run([java(), "-jar", require(VNU_JAR, "The Nu HTML Checker (npm vnu-jar)"), "--format",
                             "json", "--stdout", "--exit-zero-always", *args],
                            capture_output=True, text=True, timeout=300, check=True)
    return json.loads(result.stdout)["messages"]


def describe(message: dict) -> str:
    where = message.get("url", "").split("/output/")[-1]
    return f"{where}:{message.get('lastLine', '?')}: {message.get('type')}: {message.get('message')}"


def test_every_page_is_valid_html(sites: dict[str, BuiltSite]) -> None:
    files = [str(p) for site in sites.values() for p in sorted(site.output.rglob("*.html"))]
    assert len(files) > 30
    assert [describe(m) for m in vnu(*files)] == []


def test_the_stylesheet_is_valid_css() -> None:
    assert [describe(m) for m in vnu("--css", str(PROJECT / "assets/site.css"))] == []
