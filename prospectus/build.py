"""The build, top to bottom: settings, content, checks, page plan, rendering, writing."""
from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import ExitStack, closing, suppress
from dataclasses import field
from pathlib import Path
from typing import Any, TypeVar

from .brochure import Brochures, Renderer, brochure_pages, make_brochures, with_brochures
from .config import load_config
from .frozen import frozen
from .options import BuildOptions, Pdfs, ProjectPaths
from .discover import discover, link_out_problem, links_leaving
from .errors import BuildError, Problem, Severity, errors_in, promote_warnings
from .cache import Work, changed_parts, digest, load_kept, load_work, save_kept, save_work
from .markdown import MarkdownRenderer
from .memo import Memo, signature
from .model import Site
from .calendars import calendar_files
from .outputs import extra_files
from .parallel import HelperFailed, HelperStopped, Later, meanwhile
from .sharing import Handover
from .outputcache import OutputRecord, page_keys, save as save_output_record
from .pages import PlannedPage, plan_pages, site_view
from .parse import parse_site
from .publication import hidden_links, visible_site
from .render import Rendering, environment
from .schedule import Change, changes, describe_next
from .search import Indexing
from . import urls
from .urls import Urls
from .write import WriteReport, write_site


# Work for the next build that is quicker done in this process than in a helper forked for it:
FEW_PARTS = 4  # parts of the kept work (of 32) to write again
# The share of the pages the helper keeping the work leaves to this process to render, then keeping the work
# while this process renders them and writes the site (both take about as long, whatever the size of the site).
LEFT_TO_RENDER = 0.2  # (balanced at N = 1000: see bench/RESULTS.md, "The evening of 4 December")
MANY_BYTES = 32_000_000  # of output files to hash for the output record (pages are hashed as they are rendered)


@frozen
class BuildResult:
    """What a build made: the site as shown, its pages and files, what was written, and its warnings."""

    site: Site
    pages: tuple[PlannedPage, ...]
    files: dict[str, bytes]
    report: WriteReport | None
    warnings: tuple[Problem, ...]
    next_change: str  # 'Next change by itself: 2027-01-02, cohort …'
    brochures: Brochures = Brochures()
    kept: bool = True  # what it made was kept for the next build (False: the cache folder could not be written)
    memo: Memo | None = None  # all the build made along the way (its millions of objects go when the result does)


def _stopped_helpers_reported(build: Callable[..., BuildResult]) -> Callable[..., BuildResult]:
    """Report a helper process stopped from outside before the site was written (after it, only the next
    build's head start is lost: see build_site) as a problem, not a bug of ours."""
    @functools.wraps(build)
    def building(paths: ProjectPaths, *args: Any, **kwargs: Any) -> BuildResult:
        try:
            return build(paths, *args, **kwargs)
        except HelperStopped as stopped:
            raise BuildError([Problem(paths.show(paths.output), 1, f"the site could not be built ({stopped})",
                                      STOPPED_HINT)]) from None
    return building


STOPPED_HINT = "the machine may have run short of memory: close other programs, or build with --jobs 1 to use less"


@_stopped_helpers_reported
def build_site(paths: ProjectPaths, options: BuildOptions, *, write: bool = True,
               memo: Memo | None = None, keep: bool = False,
               stage: Callable[[str], None] = lambda text: None, compiling: Later[None] | None = None) -> BuildResult:
    """Build the site under `paths.root` into `paths.output` as of `options.today`; raise BuildError on problems.

    Pass the same `memo` to successive builds in one process (the preview server) to reuse unchanged work;
    with `keep` (command-line builds), what the last build made is reused from the cache folder where it was
    made from the same things (see docs/development.md, "Speed"), and this build's is kept for the next.
    """
    if not paths.templates.is_dir():
        raise BuildError([Problem(paths.show(paths.templates), 1, "the templates folder is missing",
                                  "every site needs templates/: copy it from the Prospectus project")])
    leaving = links_leaving(paths.templates, paths.root) + links_leaving(paths.assets, paths.root)
    if leaving:
        raise BuildError([link_out_problem(paths.show(p)) for p in leaving])
    stage("Reading content")
    config, config_problems = load_config(paths, options)
    preview = memo is not None
    memo = memo or Memo(keep_reads=False)
    memo.start(config)
    content = discover(paths.content, memo.listings if preview else None)
    work = load_work(paths, config) if keep and not preview else None  # what the last build made of the content
    if work is not None:
        memo.seen.update(work.seen)
        memo.parsed.update(work.parsed)
        memo.markdown.update(work.markdown)
        memo.folders.update(work.folders)
    md = MarkdownRenderer(config.base_path, memo.markdown)
    try:
        site, warnings = parse_site(config, content, paths.root, md, memo, options.jobs)
    except BuildError as error:  # report the settings' problems with the content's
        raise BuildError((*config_problems, *error.problems)) from None
    warnings = (*config_problems, *warnings)
    shown = visible_site(site, options.today, options.drafts, memo)  # without drafts, future or expired items
    warnings = _settle((*warnings, *hidden_links(site, shown, options.today, options.drafts)), options)
    u = Urls(config.base_path, config.base_url)
    calendars = load_kept(paths, "calendars") if keep else None  # the events of the last build
    # The calendars (kept for the next build), and the days on which the site changes by itself, are made by a
    # helper process while the pages are planned and rendered.
    with meanwhile(lambda: _dated(site, shown, options, u, memo, calendars, paths if keep else None),
                   options.jobs) as dated, ExitStack() as later:
        stage(f"Planning pages for {len(shown.programmes):,} programmes")
        plans = dict(work.plans) if work is not None else None  # each programme's, from the last build
        pages = plan_pages(shown, options.today, u, memo, plans)
        common: dict[str, Any] = {"site": site_view(shown, options.today, u)}
        if compiling is not None:  # a helper compiling the templates into the cache: loaded from there once done
            with suppress(HelperFailed):
                compiling.result()
        env, closures = environment(paths.templates, memo, paths.cache / "jinja" if keep else None)
        static = {**_copied(paths.assets, "assets", memo), **_copied(paths.content / "images", "images", memo),
                  **_materials(paths.content, shown, memo)}
        if options.pdfs is Pdfs.MAKE:
            stage(f"Making brochures for {len(shown.programmes):,} programmes")
        brochures = _brochures(paths, options, pages, (env, closures, common), static, u, memo)
        missing = (Problem("templates/brochure.html", 1, f"the brochure PDFs cannot be made here: {brochures.missing}",
                           "a deploy (--strict) must not publish without them: install Pango, or build with --no-pdf",
                           Severity.WARNING),) if brochures.missing and options.strict else ()
        warnings = (*warnings, *_settle((*brochures.notes, *missing), options))
        pages = with_brochures(pages, brochures, memo)  # after the PDFs: programme pages give their size
        stage(f"Rendering {len(pages):,} pages")
        record = OutputRecord.load(paths.cache, paths.output) if keep and write else OutputRecord(paths.output)
        keys = page_keys(pages, common, closures, options.today) if record.written else {}
        reused = {page.route: data for page in pages
                  if (data := record.reuse(Urls.output_file(page.route), keys.get(Urls.output_file(page.route), "")))}
        # What was made of the content is all made by now: where much of it is new, a helper renders pages with
        # this process first, claiming them as it does and handing each chunk over as soon as it is done, then
        # keeps the work for the next build (and works out the pages' keys) while the site is written. Pages are
        # rendered by as many processes as the helpers leave processor cores for (a process that renders copies
        # much of what the pages show).
        made = Work(memo.seen, memo.parsed, memo.markdown, plans or {}, memo.folders)
        parts = changed_parts(paths, made, work) if work is not None else set()
        helping = options.jobs > 1 and len(parts) > FEW_PARTS
        rendering = later.enter_context(closing(Rendering(
            env, closures, [p for p in pages if p.route not in reused], common, paths.templates, paths.root, memo,
            options.today, max(1, options.jobs - (not dated.ready()) - helping), keep and write)))
        keying = (lambda: page_keys(pages, common, closures, options.today)) if keep and write and not keys else None
        handing = rendering.handover() if helping else None
        saving = later.enter_context(meanwhile(
            lambda: _keep_work(paths, config, made, parts, keying if helping else None, rendering, handing),
            options.jobs if helping else 1))
        rendering.forked()
        rendered = rendering.rendered(rendering.claimed())
        for route, hashed in rendering.digests.items():
            record.know(rendered[route], hashed)
        files = {Urls.output_file(p.route): reused[p.route] if p.route in reused else rendered[p.route]
                 for p in pages}
        files.update(brochures.files)
        # The search index is made by pagefind from the pages in memory, before anything is written, while the
        # calendars are finished: it is given every HTML file by now (calendars, the feed, the sitemap and
        # robots.txt, added below, are not HTML).
        indexing = later.enter_context(closing(Indexing(paths.cache / "search" if keep else None))) \
            if options.search and write else None
        if indexing is not None:
            indexing.start({**files, **static})
        made_calendars, history, calendars_unkept = dated.result()
        files.update(made_calendars)
        files.update(extra_files(shown, pages, options.today, u, history, memo))
        files.update(static)
        if indexing is not None:
            stage("Indexing pages for search")
            files.update(indexing.result())
            indexing.close()  # (its folder, a copy of the pages, is not kept while the site is written)
        stage(f"Writing {len(files):,} files")
        # The hashes of the files the output record needs and does not know yet are worked out meanwhile, by a
        # helper where there is much to hash.
        todo = [name for name, data in files.items() if not record.knows(data)] if keep and write else []
        recording = later.enter_context(meanwhile(
            lambda: _for_the_record(files, todo),
            options.jobs if sum(len(files[name]) for name in todo) > MANY_BYTES else 1)) if keep and write else None
        report = write_site(files, paths.output, paths.root, (paths.content, paths.templates, paths.assets),
                            record.same, paths.cache / "previous-output" if keep else None,
                            lambda: stage(f"Waiting for another build (or the preview) to finish writing "
                                          f"{paths.show(paths.output)}/")) if write else None
        # Once the site is written, a helper stopped from outside (say, by the system running out of memory)
        # loses only the next build's head start.
        kept_work, work_stopped = _after_writing(saving, KeptWork(""))
        unkept_work = kept_work.unkept
        digests, record_stopped = _after_writing(recording, {})
        keys = keys or kept_work.keys or (keying() if keying else {})
    kept = True
    if keep:
        unkept = [calendars_unkept, unkept_work or work_stopped]
        if write:
            assert report is not None
            unkept.append(record_stopped or _unkept(lambda: save_output_record(record, paths.cache, files, keys,
                                                                               report.stamps, digests)))
        if any(unkept):  # the site is built: only the next build's head start is lost
            kept = False
            why = next(filter(None, unkept))
            hint = STOPPED_HINT if why in (work_stopped, record_stopped) else \
                "check that the disk has space and that .cache/ is a folder you may write to"
            warnings = (*warnings, Problem(paths.show(paths.cache), 1, f"this build's work could not be kept "
                                           f"for the next ({why}), so the next build starts afresh",
                                           f"{'the site itself was built' if write else 'the check is complete'}: "
                                           f"{hint}", Severity.WARNING))
    return BuildResult(shown, pages, files, report, warnings, describe_next(history, options.today), brochures,
                       kept, memo)


def _dated(site: Site, shown: Site, options: BuildOptions, u: Urls, memo: Memo, kept: dict[str, Any] | None,
           paths: ProjectPaths | None) -> tuple[dict[str, bytes], tuple[Change, ...], str]:
    """Return every calendar file, every day on which the site changes by itself (schedule.changes), and why
    the programmes' events could not be kept for the next build ('' if they were, or did not change). It may
    run in a helper process. With `paths`, the events are kept in its cache folder."""
    history = changes(site, options.drafts, memo)
    before = set(kept or ())  # what the file holds: it is written again only if this changes
    files = calendar_files(shown, options.today, u, memo, kept)
    if paths is None or kept is None or (set(kept) == before and (paths.cache / "calendars.pickle").is_file()):
        return files, history, ""
    return files, history, _unkept(lambda: save_kept(paths, "calendars", kept))


@frozen
class KeptWork:
    """What the helper keeping the work did: why the work could not be kept ('' if it was), and, where it was
    asked to, the pages' keys for the output record."""

    unkept: str
    keys: dict[str, str] = field(default_factory=dict)


def _keep_work(paths: ProjectPaths, settings: object, made: Work, parts: set[int],
               keying: Callable[[], dict[str, str]] | None = None, rendering: Rendering | None = None,
               handing: Handover | None = None) -> KeptWork:
    """Render pages not claimed yet, handing them over (where `handing`: while this process renders too); then
    work out the pages' keys (`keying`, where given) and keep the parts of what was made of the content that
    changed, while the site is written. It may run in a helper process."""
    if rendering is not None:
        rendering.hand_over(handing, LEFT_TO_RENDER)
    keys = keying() if keying else {}
    return KeptWork(_unkept(lambda: save_work(paths, settings, made, parts)), keys)


def _for_the_record(files: dict[str, bytes], todo: list[str]) -> dict[str, str]:
    """Return the hashes of the files (`todo`) whose hashes the output record needs and does not know yet. It
    may run in a helper process."""
    return {name: digest(files[name]) for name in todo}


R = TypeVar("R")


def _after_writing(later: Later[R] | None, otherwise: R) -> tuple[R, str]:
    """Return what a helper made and '', or `otherwise` and why it made nothing: there was no helper (None), or
    it was stopped from outside ('' for the first)."""
    if later is None:
        return otherwise, ""
    try:
        return later.result(), ""
    except HelperStopped as stopped:
        return otherwise, str(stopped)


def _unkept(keep: Callable[[], None]) -> str:
    """Keep something for the next build; return why it could not be kept ('' if it was)."""
    try:
        keep()
    except OSError as exc:
        return exc.strerror or str(exc)
    return ""


def _brochures(paths: ProjectPaths, options: BuildOptions, pages: tuple[PlannedPage, ...],
               rendering: tuple[Any, dict[str, str], dict[str, Any]], static: dict[str, bytes], u: Urls,
               memo: Memo) -> Brochures:
    """Make the brochure PDFs; with --no-pdf make nothing, and when only checking render their HTML alone."""
    planned = brochure_pages(pages, options.today, u, memo) if options.pdfs is not Pdfs.SKIP else ()
    if not planned:
        return Brochures()
    from .pdf import Engine  # (only here: a build without brochures has no need of the PDF engine's modules)
    from .pdfcache import PdfCache
    how = Renderer(Engine() if options.pdfs is Pdfs.MAKE else None, PdfCache(paths.cache / "pdf"),
                   paths.templates, paths.root, options.jobs)
    return make_brochures(*rendering, planned, static, u, how, memo)


def _settle(problems: tuple[Problem, ...], options: BuildOptions) -> tuple[Problem, ...]:
    """Raise if there are errors (warnings too, when strict); return the warnings otherwise."""
    if options.strict:
        problems = promote_warnings(problems)
    if errors_in(problems):
        raise BuildError(problems)
    return problems


def _copied(folder: Path, prefix: str, memo: Memo) -> dict[str, bytes]:
    """Read every file in a folder of static files, to be copied to the site as it is."""
    if not folder.is_dir():
        return {}
    return {f"{prefix}/{path.relative_to(folder).as_posix()}": _read(path, memo)
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.name.startswith(".")}


def _materials(content: Path, site: Site, memo: Memo) -> dict[str, bytes]:
    """Read every file that a programme or module lists as material, to be copied to the site."""
    return {urls.material_file(p.slug, m.file): _read(content / "programmes" / p.slug / "materials" / m.file, memo)
            for p in site.programmes for m in (*p.materials, *(m for module in p.modules for m in module.materials))
            if m.file}


def _read(path: Path, memo: Memo) -> bytes:
    """Return a file's bytes, reusing what was read last time if it has not changed since."""
    stamp = signature(path)
    known = memo.static.get(str(path))
    if known is None or known[0] != stamp:
        known = memo.static[str(path)] = (stamp, path.read_bytes())
    return known[1]
