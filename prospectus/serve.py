"""The preview server: the site served under its base path, rebuilt on every save, with errors shown in the browser."""
from __future__ import annotations

import errno
import gc
import html
import logging
import sys
import mimetypes
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .options import BuildOptions, ProjectPaths
from .housestyle import plural
from .errors import BuildError, Problem, format_problem
from .memo import Memo
from .write import update_site

OVERLAY_ID = "prospectus-problems"
WARNINGS_ID = "prospectus-warnings"


@dataclass
class PreviewState:
    """What the server knows: the problems of the last build (empty when it succeeded)."""

    problems: tuple[Problem, ...] = ()
    builds: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def overlay(problems: tuple[Problem, ...]) -> bytes:
    """Return the HTML shown on top of every page: a panel of errors, or a quiet bar of warnings."""
    errors = sorted(p for p in problems if p.is_error)
    warnings = sorted(p for p in problems if not p.is_error)
    if errors:
        items = "".join(f"<li><code>{html.escape(format_problem(p))}</code></li>" for p in errors)
        extra = f"<p style=\"margin:.5rem 0 0\">There {'is' if len(warnings) == 1 else 'are'} " \
            f"{plural(len(warnings), 'warning')} as well.</p>" if warnings else ""
        one = len(errors) == 1
        return (f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;inset:0 0 auto 0;z-index:2147483647;'
                'max-height:70vh;overflow:auto;background:#fff4f4;color:#1b1f23;border-bottom:6px solid #b00020;'
                'padding:1rem 1.5rem;font:16px/1.5 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.3)">'
                f'<h2 style="margin:0 0 .5rem;font-size:1.25rem">The site could not be rebuilt: '
                f'{plural(len(errors), "problem")}</h2>'
                '<details open><summary style="cursor:pointer;min-height:24px">Hide or show the '
                f'{"problem" if one else "problems"}</summary>'
                '<p style="margin:.5rem 0">You are seeing the last version that built. Fix the '
                f'{"problem" if one else "problems"} below and save: this message goes away by itself.</p>'
                f'<ul style="margin:0;padding-left:1.25rem">{items}</ul>{extra}</details></div>').encode()
    items = "".join(f"<li><code>{html.escape(format_problem(p))}</code></li>" for p in warnings)
    return (f'<details id="{WARNINGS_ID}" role="status" style="position:fixed;inset:auto 0 0 auto;z-index:2147483647;'
            'max-width:40rem;max-height:50vh;overflow:auto;background:#fff8e1;color:#1b1f23;border:2px solid #6b4e00;'
            'padding:.5rem 1rem;font:15px/1.5 system-ui,sans-serif"><summary style="cursor:pointer">The site built '
            f'with {plural(len(warnings), "warning")} (the preview carries on, but '
            f'publishing stops at warnings)</summary><ul style="margin:.5rem 0 0;padding-left:1.25rem">{items}</ul>'
            '</details>').encode()


def _inject(body: bytes, problems: tuple[Problem, ...]) -> bytes:
    if not problems:
        return body
    panel = overlay(problems)
    index = body.find(b"<body")
    if index < 0:
        return panel + body
    end = body.find(b">", index) + 1
    return body[:end] + panel + body[end:]


def resolve(output: Path, base_path: str, path: str) -> tuple[str, Path | str | None]:
    """Map a request path to ('file', path), ('redirect', location) or ('missing', None), never leaving output.

    `path` is the decoded request path (WSGI's PATH_INFO): it is not decoded again.
    """
    if path + "/" == base_path or (path == "/" and base_path != "/"):
        return "redirect", base_path
    if not path.startswith(base_path):
        return "missing", None
    inside = path[len(base_path):]
    if "\x00" in inside or inside.startswith("/") or any(part in ("..", ".") for part in inside.split("/")):
        return "missing", None
    root = output.resolve()
    target = (root / inside).resolve()
    if target != root and root not in target.parents:
        return "missing", None
    if target.is_dir():
        if not path.endswith("/"):
            return "redirect", path + "/"
        target = target / "index.html"
    elif not target.exists() and target.with_suffix(".html").is_file():
        target = target.with_suffix(".html")
    if target.is_file() and root in target.resolve().parents:
        return "file", target
    return "missing", None


def make_app(paths: ProjectPaths, base_path: Callable[[], str], state: PreviewState) -> Callable[..., Iterable[bytes]]:
    """Return the WSGI app that serves the output folder like GitHub Pages does."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD")])
            return [b""]
        raw = environ.get("PATH_INFO", "/")
        try:  # WSGI gives the path's bytes as Latin-1 characters; the site's addresses are UTF-8
            path = raw.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            path = raw
        kind, found = resolve(paths.output, base_path(), path)
        if kind == "redirect":
            start_response("302 Found", [("Location", str(found)), ("Content-Length", "0")])
            return [b""]
        status = "200 OK"
        if kind == "missing":
            status, found = "404 Not Found", paths.output / "404.html"
        assert isinstance(found, Path)
        try:
            body = found.read_bytes()
        except OSError:
            body, found = b"<!DOCTYPE html><title>Not built yet</title><body><p>The site has not been built yet.",\
                Path("x.html")
        kind_of = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if kind_of == "text/html":
            body = _inject(body, state.problems)
            kind_of += "; charset=utf-8"
        start_response(status, [("Content-Type", kind_of), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]

    return app


class Preview:
    """The preview's builds: the first writes the whole site, later ones reuse unchanged work and write only
    the files that changed. A failed build leaves the last good site in place and its problems on show."""

    def __init__(self, paths: ProjectPaths, options: BuildOptions):
        self.paths = paths
        # One process: what a build makes is kept in this process's memo for the next (helpers' work would be
        # lost with them), and the server's threads do not mix with forking.
        self.options = replace(options, jobs=1)
        self.memo = Memo()
        self.state = PreviewState()
        self.written: dict[str, bytes] | None = None
        self.base_path = "/"

    def rebuild(self, changed: Iterable[str] = ()) -> bool:
        """Build again after `changed` files (absolute paths) were saved; say whether it succeeded."""
        from .build import build_site
        started = time.perf_counter()
        self.memo.forget(changed)
        try:
            result = build_site(self.paths, self.options, write=self.written is None, memo=self.memo)
            if self.written is not None:
                try:
                    report = update_site(result.files, self.paths.output, self.written)
                except BuildError:
                    self.written = None  # some files may be this build's: the next build writes the whole site
                    raise
            else:
                report = result.report
        except BuildError as error:
            self.state.problems = error.problems
            for problem in error.problems:
                print(format_problem(problem), flush=True)
            count = sum(1 for p in error.problems if p.is_error)
            print(f"Build failed: {plural(count, 'problem')}. Still serving the last good "
                  "version.", flush=True)
            return False
        finally:
            self.state.builds += 1
        self.written = result.files
        self.base_path = result.site.config.base_path
        self.state.problems = result.warnings
        for problem in sorted(result.warnings):  # as the command line prints them
            print(format_problem(problem), flush=True)
        gc.freeze()  # what this build made is kept for the next one: spare the collector from scanning it
        assert report is not None
        print(f"Built {len(result.pages):,} pages in {time.perf_counter() - started:.3f}s "
              f"({plural(report.written, 'file')} written, {report.removed:,} removed).",
              flush=True)
        if result.brochures.missing:
            print(f"Skipped the brochure PDFs: {result.brochures.missing} (see README.md).", flush=True)
        return True


def _port_message(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (f"Could not listen on {host}:{port} ({error.strerror}). Is a preview already running? Stop it, or "
                f"choose another port with --port {port + 1}.")
    return (f"Could not listen on {host}:{port} ({error.strerror}). Check the address given with --host (or leave "
            "it out to use 127.0.0.1), and use a port above 1024.")


LISTENING_ERRORS = (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES)  # what opening the port can meet


def port_problem(host: str, port: int) -> str:
    """Say why the preview cannot listen on host:port, or return '' if it can."""
    import socket
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        return _port_message(host, port, error)
    return ""


def serve(paths: ProjectPaths, options: BuildOptions, host: str, port: int) -> int:
    """Build, then serve the site and rebuild it whenever a file under content/, templates/ or assets/ changes."""
    from livereload import Server  # the server only loads when previewing
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    from .preview_watch import ChangeWatcher

    problem = port_problem(host, port)
    if problem:
        print(problem, file=sys.stderr, flush=True)
        return 1
    preview = Preview(paths, options)
    preview.rebuild()
    watcher = ChangeWatcher((paths.content, paths.templates, paths.assets), preview.rebuild,
                            lambda: LiveReloadHandler.reload_waiters("*"))
    class QuietServer(Server):  # type: ignore[misc]
        def _setup_logging(self) -> None:
            super()._setup_logging()
            logging.getLogger("livereload").setLevel(logging.WARNING)  # not a line for every page a browser opens

    server = QuietServer(app=make_app(paths, lambda: preview.base_path, preview.state), watcher=watcher)
    print(f"Previewing at http://{host}:{port}{preview.base_path}  (press Ctrl-C to stop)", flush=True)
    try:
        server.serve(port=port, host=host, debug=False, restart_delay=0)
    except OSError as error:
        if error.errno not in LISTENING_ERRORS:
            raise  # not about the port: a bug of ours, shown with its traceback
        print(_port_message(host, port, error), file=sys.stderr, flush=True)
        return 1
    finally:
        watcher.stop()
    IOLoop.clear_current()
    print("Stopped.", flush=True)
    return 0
