"""The only place that knows WeasyPrint: HTML to a tagged A4 PDF, the same bytes every time for the same inputs.

WeasyPrint needs the Pango library from the system; without it, `load_engine()` says why instead of failing.
Resources come only from the files the build is about to publish, never from the network or the disk.
"""
from __future__ import annotations

import contextlib
import ctypes
import hashlib
import io
import logging
import mimetypes
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from .frozen import frozen

ENGINE_VERSION = "1"  # change when the way PDFs are made changes, so that cached PDFs are made again
PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"
VARIANT = "pdf/ua-1"  # tagged PDF for assistive technology


@frozen
class Rendered:
    """A PDF and what went into it besides its HTML."""

    data: bytes
    resources: tuple[tuple[str, str], ...]  # (site file, sha256 of its bytes) for every file it used
    notes: tuple[str, ...] = ()  # what WeasyPrint warned about
    left_out: tuple[str, ...] = ()  # addresses of files it was not given: they are not the site's own


@dataclass
class _Fetcher:
    """Serves WeasyPrint the site's own files by address; refuses everything else."""

    site_root: str  # the address of the site's home page, ending in '/'
    files: Mapping[str, bytes]
    used: dict[str, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    def route(self, url: str) -> str | None:
        """Return the site file an address points to, or None if it is not one of ours."""
        if not url.startswith(self.site_root):
            return None
        route = unquote(urlsplit(url[len(self.site_root):]).path)
        return route if route in self.files else None

    def fetch(self, url: str) -> bytes:
        route = self.route(url)
        if route is None:
            self.refused.append(url)
            raise ValueError(f"{url} is not a file of this site")
        data = self.files[route]
        self.used[route] = hashlib.sha256(data).hexdigest()
        return data


class _Notes(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().strip())


@contextlib.contextmanager
def _captured_warnings(logger: logging.Logger) -> Iterator[_Notes]:
    notes = _Notes()
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(notes)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield notes
    finally:
        logger.removeHandler(notes)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


class Engine:
    """WeasyPrint, imported only when a PDF has to be made: importing it takes about a second."""

    def __init__(self) -> None:
        self.version = engine_version()
        self.weasyprint: Any = None

    def load(self) -> str:
        """Import WeasyPrint; return '' if it works, or a sentence saying why it cannot run on this computer."""
        if self.weasyprint is None:
            try:
                with contextlib.redirect_stdout(io.StringIO()):  # it prints a long notice when Pango is missing
                    import weasyprint
            except OSError as error:
                return (f"WeasyPrint could not load the Pango library it needs ({str(error).split(':')[0]}); "
                        f"install it with: sudo apt-get install {PANGO_PACKAGES}")
            except ImportError:
                return "WeasyPrint is not installed; install Prospectus again with: .venv/bin/pip install -e ."
            self.weasyprint = weasyprint
        return ""

    def render(self, html: str, site_root: str, files: Mapping[str, bytes]) -> Rendered:
        """Make a tagged PDF of `html`, with its identifier taken from its content; call `load()` first.

        Its dates come from the HTML's `dcterms.created` and `dcterms.modified` meta elements (WeasyPrint
        leaves them out otherwise), so nothing in it depends on the clock.
        """
        wp = self.weasyprint
        fetcher = _Fetcher(site_root, files)

        class SiteFiles(wp.urls.URLFetcher):  # WeasyPrint wants an instance of its own fetcher class
            def fetch(self, url: str, headers: object = None) -> Any:
                kind = mimetypes.guess_type(urlsplit(url).path)[0] or "application/octet-stream"
                return wp.urls.URLFetcherResponse(url, fetcher.fetch(url), {"Content-Type": kind})

        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        with _captured_warnings(wp.LOGGER) as warnings:
            data = wp.HTML(string=html, base_url=site_root, url_fetcher=SiteFiles()).write_pdf(
                pdf_variant=VARIANT, pdf_identifier=identifier)
        notes = (m for m in warnings.messages if not any(url in m for url in fetcher.refused))
        return Rendered(data, tuple(sorted(fetcher.used.items())), tuple(dict.fromkeys(notes)),
                        tuple(dict.fromkeys(fetcher.refused)))


def engine_version() -> str:
    """Describe what makes the PDFs here, without importing WeasyPrint: its version, pydyf's and Pango's."""
    from importlib import metadata  # only here: it takes a while to import, and most builds make no PDF
    found = []
    for package in ("weasyprint", "pydyf", "tinycss2", "cssselect2"):
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package} missing")
    pango = "missing"
    for name in ("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll"):
        try:
            pango = str(ctypes.CDLL(name).pango_version())
            break
        except (OSError, AttributeError):
            continue
    return f"{'; '.join(found)}; Pango {pango}; Prospectus PDF {ENGINE_VERSION}"
