"""Read PDFs the way people and assistive technology do: poppler's pdftotext, pdfinfo and pdftoppm, and pypdf."""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader


def tool(name: str) -> str:
    """Return the path of a poppler tool, or fail (never skip) saying how to get it."""
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} is missing: run scripts/test, which installs poppler-utils", pytrace=False)
    return found


@dataclass(frozen=True)
class Pdf:
    path: Path

    def pages(self) -> list[str]:
        """The text of each page, in reading order, with runs of white space made single spaces."""
        out = subprocess.run([tool("pdftotext"), "-enc", "UTF-8", str(self.path), "-"], capture_output=True,
                             check=True).stdout.decode("utf-8")
        return [re.sub(r"\s+", " ", page).strip() for page in out.split("\f")[:-1]]

    @property
    def text(self) -> str:
        return " ".join(self.pages())

    @property
    def squeezed(self) -> str:
        """The text with no white space at all, to find addresses that wrap across lines."""
        return "".join(self.text.split())

    def info(self) -> dict[str, str]:
        """What pdfinfo says: Title, Tagged, Page size, Pages …"""
        out = subprocess.run([tool("pdfinfo"), str(self.path)], capture_output=True, check=True, text=True).stdout
        return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}

    def reader(self) -> PdfReader:
        return PdfReader(self.path)

    def link_targets(self) -> list[str]:
        """The web addresses the PDF's links go to."""
        targets = []
        for page in self.reader().pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A")
                if action and action.get("/S") == "/URI":
                    targets.append(str(action["/URI"]))
        return targets

    def structure(self) -> tuple[list[str], list[str]]:
        """The tagged structure: every element's type in reading order ('/H1', '/P' …), and each figure's
        alternative text."""
        kinds: list[str] = []
        alts: list[str] = []

        def walk(node: object) -> None:
            node = node.get_object() if hasattr(node, "get_object") else node
            if isinstance(node, list):
                for item in node:
                    walk(item)
            elif isinstance(node, dict):
                if "/S" in node:
                    kinds.append(str(node["/S"]))
                    if node["/S"] == "/Figure":
                        alts.append(str(node.get("/Alt", "")))
                if "/K" in node:
                    walk(node["/K"])

        walk(self.reader().trailer["/Root"]["/StructTreeRoot"])
        return kinds, alts

    def png(self, prefix: Path, first: int, last: int, dpi: int = 60) -> list[Path]:
        """Render pages `first` to `last` to PNG files named after `prefix`; return them."""
        prefix.parent.mkdir(parents=True, exist_ok=True)
        for old in prefix.parent.glob(prefix.name + "-*.png"):
            old.unlink()
        subprocess.run([tool("pdftoppm"), "-r", str(dpi), "-f", str(first), "-l", str(last), "-png", str(self.path),
                        str(prefix)], check=True)
        return sorted(prefix.parent.glob(prefix.name + "-*.png"))
