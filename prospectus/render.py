"""Jinja: the environment for a build, its house-style filters, and template errors as located problems."""
from __future__ import annotations

import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2

from . import housestyle
from .errors import BuildError, Problem
from .pages import PlannedPage


def make_environment(templates: Path) -> jinja2.Environment:
    """Make the Jinja environment for one build: autoescaping, strict about undefined values."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False)
    env.filters.update(date=housestyle.day, date_range=housestyle.day_range, money=housestyle.money,
                       fee=housestyle.fee, days=housestyle.days, time=housestyle.clock)
    return env


def _template_location(exc: BaseException, templates: Path, root: Path) -> tuple[str, int] | None:
    """Find the template file and line an error happened on, from the traceback Jinja rewrites."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return _shown(Path(exc.filename), root), exc.lineno
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.suffix in (".html", ".xml", ".txt", ".json") and templates in path.parents:
            found = (_shown(path, root), frame.lineno or 1)
    return found


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def template_problem(exc: Exception, page: PlannedPage, templates: Path, root: Path) -> Problem:
    """Describe a template error for the person editing templates; re-raise errors that are our own bugs."""
    if isinstance(exc, jinja2.TemplateNotFound):
        return Problem(_shown(templates / page.template, root), 1,
                       f"template error: the template '{exc.name}' does not exist",
                       f"create templates/{exc.name}, or correct the name that refers to it")
    location = _template_location(exc, templates.resolve(), root)
    if location is None:
        raise exc
    message = getattr(exc, "message", None) or str(exc)
    return Problem(location[0], location[1], f"template error: {message}",
                   "fix the template; the comment on its first line lists the values it can use")


def syntax_problems(env: jinja2.Environment, root: Path) -> list[Problem]:
    """Compile every template, so a mistake in one that no page uses yet is still found."""
    problems = []
    for name in env.list_templates(filter_func=lambda n: not Path(n).name.startswith(".")):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            shown = _shown(Path(exc.filename), root) if exc.filename else f"templates/{name}"
            problems.append(Problem(shown, exc.lineno, f"template error: {exc.message}",
                                    "fix the template; the comment on its first line lists the values it can use"))
    return problems


def render_page(env: jinja2.Environment, page: PlannedPage, common: dict[str, Any]) -> str:
    """Render one planned page to text."""
    template = env.get_template(page.template)
    return template.render(common, page=page, **page.context)


def render_pages(env: jinja2.Environment, pages: Iterable[PlannedPage], common: dict[str, Any],
                 templates: Path, root: Path) -> dict[str, bytes]:
    """Render every page; raise BuildError with each distinct template error if any fail."""
    out: dict[str, bytes] = {}
    problems = set(syntax_problems(env, root))
    if problems:
        raise BuildError(problems)
    for page in pages:
        try:
            out[page.route] = render_page(env, page, common).encode("utf-8")
        except Exception as exc:  # noqa: BLE001 - template code can raise anything; ours is re-raised
            problems.add(template_problem(exc, page, templates, root))
    if problems:
        raise BuildError(problems)
    return out
