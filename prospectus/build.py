"""The build, top to bottom: settings, content, checks, page plan, rendering, writing."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import BuildOptions, ProjectPaths, load_config
from .discover import discover, links_leaving
from .errors import BuildError, Problem, errors_in, promote_warnings
from .cache import load_markdown, save_markdown
from .markdown import MarkdownRenderer, engine_key
from .memo import Memo, signature
from .model import Site
from .outputs import extra_files
from .pages import PlannedPage, plan_pages, site_view
from .parse import parse_site
from .publication import hidden_links, visible_site
from .render import environment, render_pages
from .schedule import changes, describe_next
from .search import search_index
from .urls import Urls
from .write import WriteReport, write_site


@dataclass(frozen=True)
class BuildResult:
    site: Site
    pages: tuple[PlannedPage, ...]
    files: dict[str, bytes]
    report: WriteReport | None
    warnings: tuple[Problem, ...]
    next_change: str  # 'Next change by itself: 2027-01-02, cohort …'


def build_site(paths: ProjectPaths, options: BuildOptions, *, write: bool = True,
               memo: Memo | None = None, keep: bool = False,
               stage: Callable[[str], None] = lambda text: None) -> BuildResult:
    """Build the site under `paths.root` into `paths.output` as of `options.today`; raise BuildError on problems.

    Pass the same `memo` to successive builds in one process (the preview server) to reuse unchanged work;
    with `keep`, Markdown rendered by the last build is reused from the cache folder and kept for the next.
    """
    if not paths.templates.is_dir():
        raise BuildError([Problem(paths.show(paths.templates), 1, "the templates folder is missing",
                                  "every site needs templates/: copy it from the Prospectus project")])
    leaving = links_leaving(paths.templates, paths.root) + links_leaving(paths.assets, paths.root)
    if leaving:
        raise BuildError([Problem(paths.show(p), 1, "this is a link to a file outside the project (or to nothing), "
                                  "which Prospectus does not follow", "copy the file itself into the project")
                          for p in leaving])
    stage("Reading content")
    config, config_problems = load_config(paths, options)
    memo = memo or Memo()
    memo.start(config)
    content = discover(paths.content)
    markdown_key = engine_key(config.base_path)
    if keep and not memo.markdown:
        memo.markdown.update(load_markdown(paths, markdown_key))
    md = MarkdownRenderer(config.base_path, memo.markdown)
    try:
        site, warnings = parse_site(config, content, paths.root, md, memo, options.jobs)
    except BuildError as error:  # report the settings' problems with the content's
        raise BuildError((*config_problems, *error.problems)) from None
    warnings = (*config_problems, *warnings)
    shown = visible_site(site, options.today, options.drafts, memo)  # without drafts, future or expired items
    warnings = _settle((*warnings, *hidden_links(site, shown, options.today)), options)
    history = changes(site, options.drafts, memo)  # the days on which the site changes by itself
    u = Urls(config.base_path, config.base_url)
    stage(f"Planning pages for {len(shown.programmes):,} programmes")
    pages = plan_pages(shown, options.today, u, memo)
    common: dict[str, Any] = {"site": site_view(shown, options.today, u)}
    stage(f"Rendering {len(pages):,} pages")
    env, closures = environment(paths.templates, memo)
    rendered = render_pages(env, closures, pages, common, paths.templates, paths.root, memo, options.today,
                            options.jobs)
    files = {Urls.output_file(route): data for route, data in rendered.items()}
    files.update(extra_files(shown, pages, options.today, u, history, memo))
    files.update(_copied(paths.assets, "assets", memo))
    files.update(_copied(paths.content / "images", "images", memo))
    if options.search and write:
        stage("Indexing pages for search")
        files.update(search_index(files))  # pagefind reads the pages from memory, before anything is written
    stage(f"Writing {len(files):,} files")
    report = write_site(files, paths.output, paths.root, (paths.content, paths.templates, paths.assets)) \
        if write else None
    if keep:
        save_markdown(paths, markdown_key, memo.markdown, md.used)
    return BuildResult(shown, pages, files, report, warnings, describe_next(history, options.today))


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
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            stamp = signature(path)
            known = memo.static.get(str(path))
            if known is None or known[0] != stamp:
                known = memo.static[str(path)] = (stamp, path.read_bytes())
            files[f"{prefix}/{path.relative_to(folder).as_posix()}"] = known[1]
    return files
