"""The command line: `python build.py [build|check|serve] [options]`."""
from __future__ import annotations

import argparse
import contextlib
import gc
import re
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, NoReturn
from datetime import date, datetime
from pathlib import Path

from .errors import BuildError, Problem, format_problem, promote_warnings
from .options import (DEFAULT_TIMEZONE, FOLDER_RULE, WEB_ADDRESS, WEB_ADDRESS_WANTED, BuildOptions, Pdfs,
                      ProjectPaths, normalise_base_path, path_of)
from .parallel import Later, default_jobs, meanwhile
from .progress import Progress

if TYPE_CHECKING:
    from .brochure import Brochures


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        from .fields import no_such_day
        why = no_such_day(text)
        raise argparse.ArgumentTypeError(f"expected a date like 2027-03-10, got '{text}'"
                                         + (f"; {why}" if why else "")) from None


def _base_path(text: str) -> str:
    if normalise_base_path(text) is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a folder path: {FOLDER_RULE}, like /brochures/")
    return text


def _base_url(text: str) -> str:
    if not re.fullmatch(WEB_ADDRESS, text.strip()):
        raise argparse.ArgumentTypeError(f"expected {WEB_ADDRESS_WANTED}, like https://owner.github.io/repo/, "
                                         f"got '{text}'")
    if normalise_base_path(path_of(text.strip())) is None:
        raise argparse.ArgumentTypeError(f"the path of '{text}' is not a folder path: {FOLDER_RULE}, like "
                                         "https://owner.github.io/brochures/")
    return text


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes of 1 or more, got '{text}'")
    return jobs


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """Say what is wrong in one line and where the options are listed (not the whole usage, which buries it)."""
        self.exit(2, f"{self.prog}: {message}\nSee the options with: {invocation()} --help\n")


def parser() -> argparse.ArgumentParser:
    """Describe the command line."""
    p = _Parser(prog="python build.py", description="Build a programme brochure site from "
                "content/, templates/ and assets/ into output/.")
    p.add_argument("command", nargs="?", default="build", choices=("build", "check", "serve", "new"),
                   help="build (the default) writes the site; check only looks for problems; serve previews "
                        "the site and rebuilds it as you edit; new writes a starting file")
    p.add_argument("kind", nargs="?", help="new: what to make: programme, module, cohort, person, venue or page")
    p.add_argument("name", nargs="?", help="new: its file name (for a module or cohort: the programme's folder)")
    p.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                   help="build the site as of this date (default: today in the site's time zone)")
    p.add_argument("--base-path", type=_base_path, metavar="/PATH/", help="the folder the site is published "
                   "under, such as /brochures/ (default: from content/site.yaml)")
    p.add_argument("--base-url", type=_base_url, metavar="URL", help="the full address the site is published at")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--drafts", action="store_true", help="include drafts and items whose publish date is still "
                   "to come (serve always does)")
    p.add_argument("--no-search", action="store_true", help="build without the search index (faster)")
    p.add_argument("--no-pdf", action="store_true", help="make no brochure PDFs (faster); programme pages then "
                   "do not link to one")
    p.add_argument("--root", type=Path, default=Path("."), help="the project folder (default: here)")
    p.add_argument("--output", type=Path, help="where to write the site (default: ROOT/output)")
    p.add_argument("--jobs", type=_jobs, metavar="N", help="share the work between N processes (default: one per "
                   "processor core)")
    p.add_argument("--host", default="127.0.0.1", help="serve: the address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="serve: the port to listen on (default: 8000)")
    return p


def site_today(paths: ProjectPaths) -> date:
    """Return today's date in the site's time zone (Europe/London unless site.yaml says otherwise)."""
    from zoneinfo import ZoneInfo  # (imported here, once the templates' helper is begun: see main)

    import yaml
    zone = DEFAULT_TIMEZONE
    try:
        data = yaml.safe_load((paths.content / "site.yaml").read_text(encoding="utf-8"))
        zone = str(data.get("timezone") or DEFAULT_TIMEZONE) if isinstance(data, dict) else zone
        return datetime.now(ZoneInfo(zone)).date()
    except (OSError, yaml.YAMLError, ValueError, KeyError):
        return datetime.now(ZoneInfo(DEFAULT_TIMEZONE)).date()


def report_problems(problems: tuple[Problem, ...]) -> None:
    """Print each problem on its own line, sorted by file and line, to standard error."""
    for problem in sorted(problems):
        print(format_problem(problem), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    paths = ProjectPaths.at(args.root, args.output)
    jobs = args.jobs or default_jobs()
    building = args.command in ("build", "check") and not args.kind
    with templates_compiled_ahead(paths, jobs) if building else contextlib.nullcontext() as compiling:
        options = BuildOptions(today=args.today or site_today(paths), strict=args.strict,
                               base_path=args.base_path, base_url=args.base_url, jobs=jobs,
                               drafts=args.drafts or args.command == "serve",
                               search=args.command == "build" and not args.no_search,
                               pdfs=Pdfs.SKIP if args.no_pdf else Pdfs.CHECK if args.command == "check" else Pdfs.MAKE)
        if args.command == "new":
            return run_new(args.kind, args.name, paths.root)
        if args.kind:
            parser().error(f"unexpected '{args.kind}' after '{args.command}'")
        if args.command == "serve":
            from .serve import serve  # only the preview needs the server
            return serve(paths, options, args.host, args.port)
        return run_build(paths, options, check_only=args.command == "check", compiling=compiling)


def run_new(kind: str | None, name: str | None, root: Path) -> int:
    """Write a starting file and say what to edit next; return the exit status."""
    from .scaffold import KINDS, ScaffoldError, create
    run = invocation()
    if kind not in KINDS:
        print(f"say what to make: {run} new {{{','.join(KINDS)}}} NAME", file=sys.stderr)
        return 2
    try:
        created = create(kind, name, root, run)
    except ScaffoldError as error:
        print(f"Nothing was created: {error}.", file=sys.stderr)
        return 1
    done = "Added a new cohort to" if created.added else "Created"
    print(f"{done} {created.path.relative_to(root).as_posix()}.\n{created.next_steps}.\nPreview with: {run} serve")
    return 0


def invocation() -> str:
    """Return how this program was run, for instructions: '.venv/bin/python build.py' or 'python build.py'."""
    try:
        python = Path(sys.executable).relative_to(Path.cwd())
    except ValueError:
        return "python build.py"
    return f"{python.as_posix()} build.py"


_LAST: list[object] = []  # the last build's result, with all it made along the way


def run_build(paths: ProjectPaths, options: BuildOptions, check_only: bool = False,
              compiling: Later[None] | None = None) -> int:
    """Build or check once, printing what happened; return the exit status. `compiling`: the helper compiling
    the templates, if one was begun (see templates_compiled_ahead)."""
    from .cache import inputs_fingerprint, last_build_if_current
    inputs = inputs_fingerprint(paths, options) if not check_only else ""
    last = last_build_if_current(paths, inputs) if inputs else None
    if last is not None:
        report_problems(last.warnings)
        print(f"Nothing has changed since the last build: {paths.show(paths.output)}/ is up to date "
              f"({last.pages:,} pages as of {options.today.isoformat()}){with_warnings(last.warnings)}.")
        if last.next_change:
            print(last.next_change)
        return 0
    with _collector_off():
        return _built(paths, options, inputs, check_only, compiling)


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """Turn Python's cycle collector off for a build, which makes millions of objects and drops few (the collector
    would only slow it down), and on again after it if it was on, with what the build made frozen: the
    collector's next pass would otherwise look at every object made meanwhile."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.freeze()
            gc.enable()


def _built(paths: ProjectPaths, options: BuildOptions, inputs: str, check_only: bool,
           compiling: Later[None] | None) -> int:
    """Build or check, printing what happened; return the exit status."""
    from .cache import record_build
    from .housestyle import plural
    progress = Progress()
    try:
        from .build import build_site  # only now: a build with nothing to do need not load it
        result = build_site(paths, options, write=not check_only, keep=True, stage=progress.stage,
                            compiling=compiling)
        _LAST[:] = [result]  # not freed on return: build.py leaves without freeing it (see there)
    except BuildError as error:
        progress.done()
        shown = promote_warnings(error.problems) if options.strict else error.problems
        report_problems(shown)
        errors = [p for p in shown if p.is_error]  # counted as shown: with --strict, warnings are errors too
        kept = "" if check_only else f" {paths.show(paths.output)}/ was not changed."
        print(f"Found {plural(len(errors), 'problem')} in {plural(len({p.path for p in errors}), 'file')}.{kept}",
              file=sys.stderr)
        return 1
    progress.done()
    report_problems(result.warnings)
    pages = len(result.pages)
    if check_only:
        found = f"No errors found, and {plural(len(result.warnings), 'warning')} above" if result.warnings \
            else "No problems found"
        print(f"{found}: {pages:,} pages would be built as of {options.today.isoformat()}.")
    else:
        r = result.report
        assert r is not None
        # Noted, for the next build to tell whether anything changed, unless that build must try again: without
        # Pango (the PDFs), or where this build's work could not be kept (its warning would be repeated).
        if not result.brochures.missing and result.kept:
            with contextlib.suppress(OSError):  # not noted (a full disk): the next build cannot skip its work
                record_build(paths, inputs, len(result.pages), result.warnings, _after(result), r.stamps)
        print(f"Built {pages:,} pages into {paths.show(paths.output)}/ as of {options.today.isoformat()} "
              f"({plural(r.written, 'file')} written, {r.unchanged:,} unchanged, {r.removed:,} removed)"
              f"{with_warnings(result.warnings)}.")
    print(result.next_change)
    if not check_only:
        report_brochures(result.brochures, options, paths)
    if not result.site.config.base_url:
        print(NO_BASE_URL)
    return 0


def with_warnings(warnings: tuple[Problem, ...]) -> str:
    """Return what a build's summary line says of the warnings printed above it, which a deploy stops at."""
    if not warnings:
        return ""
    from .housestyle import plural  # (not imported by a build with nothing to do and nothing to warn of)
    return f", with {plural(len(warnings), 'warning')} above (publishing stops at warnings)"


def templates_compiled_ahead(paths: ProjectPaths, jobs: int) -> AbstractContextManager[Later[None] | None]:
    """As a build or check (with a cache folder) starts, before anything else, compile its templates into the
    cache in a helper process, on a processor core with nothing else to do until the content is read: the build
    then loads them from there (a twentieth of the time) once the helper is done. Templates compiled by an
    earlier build need no helper (and a build that turns out to have nothing to do stops one it began)."""
    compiled = paths.cache / "jinja"
    if jobs < 2 or (compiled / "references.json").is_file():
        return contextlib.nullcontext()
    return meanwhile(lambda: _compile(paths.templates, compiled), jobs)


def _compile(templates: Path, compiled: Path) -> None:
    gc.disable()  # (as in a build: compiling makes many objects and drops few)
    from .memo import Memo
    from .render import environment  # in the helper: the main process imports the rest of the build meanwhile
    with contextlib.suppress(Exception):  # a mistake in a template is the build's to report, in the main process
        environment(templates, Memo(), compiled)


def report_brochures(brochures: Brochures, options: BuildOptions, paths: ProjectPaths) -> None:
    """Say how many brochure PDFs were made and reused, or plainly why there are none."""
    if options.pdfs is Pdfs.SKIP:
        print("Skipped the brochure PDFs, as --no-pdf asked: the programme pages do not link to them.")
    elif brochures.missing:
        print(f"Skipped the brochure PDFs: {brochures.missing} (see README.md). Everything else was built, and "
              "the programme pages do not link to a brochure.", file=sys.stderr)
    elif brochures.files:
        print(f"Brochure PDFs: {brochures.made:,} made, {brochures.reused:,} reused unchanged from "
              f"{paths.show(paths.cache)}/pdf/.")


NO_BASE_URL = ("No base URL is set, so pages have no canonical address or sharing links, and there is no sitemap "
               "or feed: set base_url in content/site.yaml, or build with --base-url.")


def _after(result) -> str:  # type: ignore[no-untyped-def]
    """Return what every build says after its summary: the next change by itself, and a missing base URL."""
    return result.next_change + ("" if result.site.config.base_url else "\n" + NO_BASE_URL)
