"""Jinja: the environment for a build, its house-style filters, and template errors as located problems."""
from __future__ import annotations

import contextlib
import hashlib
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import meta
from jinja2.loaders import split_template_path
from markupsafe import Markup

from . import housestyle
from .cache import digest, engine_fingerprint, read_json, write_json
from .errors import BuildError, Problem
from .memo import Memo
from .sharing import MIN_PER_JOB, Claimed, Handover, Shared

if TYPE_CHECKING:  # (not imported: the templates' helper compiles the templates without the page plan's modules)
    from .pages import PlannedPage


try:  # the C function markupsafe.escape uses for a plain string (markupsafe 3)
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - another markupsafe: templates output with Jinja's own escape
    _escape_inner = None


def _escaped(value: object) -> str:
    """Return what markupsafe.escape returns for a value a template outputs, as a plain string.

    Jinja escapes every value a template outputs with markupsafe.escape, which makes a Markup of it (a third of
    the time pages take to render, in Python); the text is only joined into the page, so a string will do.
    """
    if type(value) is str:
        return _escape_inner(value)  # type: ignore[misc]
    html = getattr(value, "__html__", None)  # Markup, or any object that gives its own HTML
    if html is None:
        return _escape_inner(str(value))  # type: ignore[misc]
    text = html()
    return text if isinstance(text, str) else str(text)


class _Template(jinja2.Template):
    """A compiled template whose output is escaped with `_escaped` (where markupsafe has its C escaper)."""

    @classmethod
    def _from_namespace(cls, environment: jinja2.Environment, namespace: Any, globals: Any  # noqa: A002
                        ) -> jinja2.Template:
        if _escape_inner is not None:
            namespace["escape"] = _escaped  # the name the compiled code calls for each value it outputs
        return super()._from_namespace(environment, namespace, globals)


class PartialCache:
    """`partial_cached(name, **values)` in a template: the partial template `name` rendered with the values given
    and nothing else, once for each set of values (Hugo's partialCached). For a part shown the same on many
    pages, such as the key facts panel on each of a programme's pages (a quarter of the time pages took).

    A set of values is known by the identity of each: the values a build shows (its views) are never changed,
    and each is kept alive by the cache, so that another object cannot take its identity. `clear` after a build.
    """

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self.made: dict[tuple[object, ...], tuple[dict[str, Any], Markup]] = {}

    @jinja2.pass_context
    def __call__(self, context: jinja2.runtime.Context, name: str, **values: Any) -> Markup:
        key = (name, *((key, id(value)) for key, value in sorted(values.items())))
        known = self.made.get(key)
        if known is None:
            template = self.env.get_template(name, parent=context.name)
            known = self.made[key] = (values, Markup(template.render(values)))
        return known[1]

    def clear(self) -> None:
        self.made.clear()


class _Loader(jinja2.FileSystemLoader):
    """Jinja's loader for template files, which also notes which templates each one it compiles refers to,
    from the same parse (see `references`), so that a cold build parses each template once."""

    def __init__(self, folder: str):
        super().__init__(folder)
        self.references: dict[str, list[str] | None] = {}  # hash of a template's source → what it refers to

    def load(self, environment: jinja2.Environment, name: str,
             globals: Any = None) -> jinja2.Template:  # noqa: A002 - Jinja's name
        """Load a template as jinja2.BaseLoader.load does, compiling it from a parse we keep the references of."""
        source, filename, uptodate = self.get_source(environment, name)
        cache = environment.bytecode_cache
        bucket = cache.get_bucket(environment, name, filename, source) if cache is not None else None
        code = bucket.code if bucket is not None else None
        if code is None:
            tree = environment.parse(source, name, filename)
            self.references[_source_key(source.encode("utf-8"))] = _names_in(tree)
            code = environment.compile(tree, name, filename)
            if cache is not None and bucket is not None:
                bucket.code = code
                with contextlib.suppress(OSError):  # not kept (a full disk …): compiled again next time
                    cache.set_bucket(bucket)
        return environment.template_class.from_code(environment, code, globals or {}, uptodate)


def make_environment(templates: Path, compiled: Path | None = None) -> jinja2.Environment:
    """Make the Jinja environment for one build: autoescaping, strict about undefined values.

    With `compiled`, templates compiled by an earlier build are kept there and reused while unchanged.
    """
    cache = None
    if compiled is not None:
        with contextlib.suppress(OSError):  # no folder for them (a file in the way …): compiled every time
            compiled.mkdir(parents=True, exist_ok=True)
            cache = jinja2.FileSystemBytecodeCache(str(compiled))
    env = jinja2.Environment(
        loader=_Loader(str(templates)), bytecode_cache=cache,
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False, cache_size=-1,  # every template kept: a plain dict, not a locked LRU cache
        optimized=False)  # (Jinja's constant folding: it left the code of our templates as it was, in 8 ms of 105)
    env.template_class = _Template
    env.globals["partial_cached"] = PartialCache(env)
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


def environment(templates: Path, memo: Memo, compiled: Path | None = None) -> tuple[jinja2.Environment,
                                                                                  dict[str, str]]:
    """Return the Jinja environment for this build and each template's closure hash.

    The environment (with every template compiled and checked) is reused while no template has changed.
    """
    sources = {p.relative_to(templates).as_posix(): p.read_bytes()  # all of them: a template may include any
               for p in sorted(templates.rglob("*")) if p.is_file()}
    known = memo.environment
    if known is not None and known[0] == (templates, sources):
        return known[1], known[2]
    env = make_environment(templates, compiled)
    problems = syntax_problems(env, templates.parent)
    if problems:
        raise BuildError(problems)
    kept = compiled / "references.json" if compiled is not None else None
    parsed = {**env.loader.references, **_read_references(kept)}  # type: ignore[union-attr]
    closures = template_closures(sources, parsed)
    if kept is not None:
        found = {key: parsed[key] for key in map(_source_key, sources.values())}
        if found != read_json(kept):
            with contextlib.suppress(OSError):  # not kept: the templates are parsed again next time
                write_json(kept, found)
    memo.environment = ((templates, sources), env, closures)
    return env, closures


def _read_references(path: Path | None) -> dict[str, Any]:
    """Return what parsing found in each template source, as the last build kept it (nothing if unreadable)."""
    data = read_json(path) if path is not None else None
    if not isinstance(data, dict):
        return {}
    return {key: names for key, names in data.items()
            if names is None or (isinstance(names, list) and all(isinstance(n, str) for n in names))}


class Rendering:
    """The pages a build renders, shared between the processes that claim them (parallel.Shared): this one,
    helpers forked for it (`claimed`), and any helper forked once this is made that calls `claim` when it has
    nothing else to do (see build.build_site). `pages` returns what was rendered, wherever."""

    def __init__(self, env: jinja2.Environment, closures: dict[str, str], pages: Iterable[PlannedPage],
                 common: dict[str, Any], templates: Path, root: Path, memo: Memo | None = None, key: object = None,
                 jobs: int = 1, hashed: bool = False):
        self.memo, self.pages = memo or Memo(), list(pages)
        self.digests: dict[str, str] = {}  # with `hashed`: each page rendered → the hash of its bytes
        self.made_with = {page.route: (closures.get(page.template), key) for page in self.pages}
        self.partials = env.globals.get("partial_cached")
        todo = []
        for page in self.pages:  # a page that is the very object rendered last time, with the same templates
            known = self.memo.rendered.get(page.route)
            if not (known and known[0] is page and known[1] == self.made_with[page.route]):
                todo.append(page)

        def render(page: PlannedPage) -> tuple[bytes, str] | Problem:
            try:
                data = render_page(env, page, common).encode("utf-8")
            except Exception as exc:  # noqa: BLE001 - template code can raise anything; ours is re-raised
                return template_problem(exc, page, templates, root)
            return data, digest(data) if hashed else ""  # hashed where it is rendered, for the output record

        self.todo = todo
        self.shared = Shared(render, todo, jobs)
        self.helpers = max(0, min(jobs, len(todo) // MIN_PER_JOB) - 1)  # fewer pages are not worth a fork
        self.handing: Handover | None = None  # what a helper forked with nothing else to do first hands over

    def handover(self) -> Handover | None:
        """Make what a helper about to be forked hands its pages over through (None where it cannot)."""
        self.handing = Handover.open()
        return self.handing

    def hand_over(self, handing: Handover | None, leave: float = 0.0) -> None:
        """Render pages not claimed yet (in that helper), handing each chunk over as soon as it is done, until no
        more than the share `leave` of them is left to claim."""
        if handing is not None:
            self.shared.hand_over(handing, leave)

    def forked(self) -> None:
        """Say that the helper handing pages over is forked (or was not: it rendered what it claimed here)."""
        if self.handing is not None:
            self.handing.forked()

    def claimed(self) -> list[Claimed[tuple[bytes, str] | Problem]]:
        """Render the pages not claimed yet, here and in the helpers forked for it; with what the helper handing
        pages over rendered, once it has said it has no more."""
        try:
            return self.shared.claimed(self.helpers, self.handing)
        finally:
            if isinstance(self.partials, PartialCache):
                self.partials.clear()  # what this build showed is not kept alive by it

    def unclaimed(self, made: list[Claimed[tuple[bytes, str] | Problem]]) -> bool:
        return self.shared.unclaimed(made)

    def rendered(self, made: list[Claimed[tuple[bytes, str] | Problem]]) -> dict[str, bytes]:
        """Return every page's bytes from what was rendered (`made`, by every process that claimed some);
        raise BuildError with each distinct template error if any failed."""
        for page, result in zip(self.todo, self.shared.results(made), strict=True):
            if not isinstance(result, Problem):
                result, self.digests[page.route] = result
            self.memo.rendered[page.route] = (page, self.made_with[page.route], result)
        out: dict[str, bytes] = {}
        problems: set[Problem] = set()
        for page in self.pages:
            result = self.memo.rendered[page.route][2]
            if isinstance(result, Problem):
                problems.add(result)
                del self.memo.rendered[page.route]
            else:
                out[page.route] = result
        if problems:
            raise BuildError(problems)
        return out

    def close(self) -> None:
        self.shared.claims.close()
        if self.handing is not None:
            self.handing.close()


def render_pages(env: jinja2.Environment, closures: dict[str, str], pages: Iterable[PlannedPage],
                 common: dict[str, Any], templates: Path, root: Path, memo: Memo | None = None,
                 key: object = None, jobs: int = 1) -> dict[str, bytes]:
    """Render every page, with up to `jobs` processes; raise BuildError with each distinct template error if any
    fail.

    With a memo, a page that is the very object rendered last time, with the same templates and the same
    `key` (what every page shows, such as the build date), keeps the bytes it had.
    """
    rendering = Rendering(env, closures, pages, common, templates, root, memo, key, jobs)
    try:
        return rendering.rendered(rendering.claimed())
    finally:
        rendering.close()


def references(source: str, known: Iterable[str] = ()) -> set[str] | None:
    """Return the templates a template extends, includes or imports; None if it could use any template.

    Jinja's own parser finds them, however the tag is written; a name worked out when the page is rendered, a
    name that is not one of the `known` templates (when given), or a template that cannot be parsed gives None.
    """
    return _within(_named(source), known)


def _named(source: str) -> list[str] | None:
    """Return the template names a template's source refers to (None: any template)."""
    try:
        return _names_in(jinja2.Environment().parse(source))
    except jinja2.TemplateError:
        return None


def _names_in(tree: jinja2.nodes.Template) -> list[str] | None:
    """Return the template names a parsed template refers to (None: any template)."""
    found = set(meta.find_referenced_templates(tree))
    for call in tree.find_all(jinja2.nodes.Call):  # partial_cached("name", …) renders a template too
        if isinstance(call.node, jinja2.nodes.Name) and call.node.name == "partial_cached":
            first = call.args[0] if call.args else None
            found.add(first.value if isinstance(first, jinja2.nodes.Const) and isinstance(first.value, str)
                      else None)
    if None in found:
        return None
    try:
        return sorted({"/".join(split_template_path(name)) for name in found if name is not None})
    except jinja2.TemplateError:
        return None


def _within(names: list[str] | None, known: Iterable[str]) -> set[str] | None:
    known = set(known)
    return None if names is None or (known and not set(names) <= known) else set(names)


def _source_key(source: bytes) -> str:
    """Return the key of what parsing a template source found, which this engine's version is part of."""
    return hashlib.sha256(engine_fingerprint().encode() + b"\0" + source).hexdigest()


def template_closures(sources: dict[str, bytes], parsed: dict[str, Any] | None = None) -> dict[str, str]:
    """Return, for each template, a hash of its source and of every template it extends or includes.

    `parsed` keeps what parsing found in each source, by a hash of the source, for the next build.
    """
    parsed = {} if parsed is None else parsed
    refers = {}
    for name, source in sources.items():
        key = _source_key(source)
        if key not in parsed:
            parsed[key] = _named(source.decode("utf-8", "replace"))
        refers[name] = _within(parsed[key], sources)
    closures = {}
    for name in sources:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            inner = refers.get(current, set())
            if inner is None:  # a template chosen at run time: depend on them all
                seen = set(sources)
                break
            todo.extend(inner)
        digest = hashlib.sha256()
        for used in sorted(seen):
            digest.update(used.encode() + b"\0" + sources.get(used, b"") + b"\0")
        closures[name] = digest.hexdigest()
    return closures
