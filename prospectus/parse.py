"""Content files to the frozen site model, collecting every problem in every file before giving up."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from .cache import engine_fingerprint, stable_hash
from .discover import MODULE_FILE, ContentFiles, ProgrammeFiles, link_out_problem
from .errors import BuildError, Problem, Severity
from .fields import Reader
from .frozen import frozen
from .markdown import MarkdownRenderer
from .sharing import fork_map
from .memo import Memo, settled, signature
from .model import Module, Programme, Site, SiteConfig
from .parse_cohorts import Known, parse_cohorts
from .parse_materials import unlisted_materials
from .parse_people import parse_page, parse_person, parse_venue
from .parse_programme import MaterialFiles, parse_eligibility, parse_module, parse_programme
from .sources import SourceDoc, read_markdown_file, read_yaml_file, relative
from .validate import check_site, cohort_problems, team_problems

T = TypeVar("T")
UNTAKEN = (-1, -1, -1, -1)  # a stamp not taken before reading: the file's is taken as it is opened


class Parser:
    """Reads files into model values for one build, keeping every problem it meets."""

    def __init__(self, root: Path, config: SiteConfig, md: MarkdownRenderer, files: ContentFiles, memo: Memo):
        self.root = root
        self.memo = memo
        self.people = {p.stem for p in files.people}
        self.venues = {p.stem for p in files.venues}
        self.tz = ZoneInfo(config.timezone)
        self.md = md
        self.engine = stable_hash((engine_fingerprint(), config))  # what parsing depends on besides the files
        self.problems: list[Problem] = []
        self.keys: dict[str, Any] = {}  # as shown → what the file was parsed from: its hash and what else it read
        self.done: list[tuple[str, str]] = []  # (path, as shown) of every file read or reused, in order
        self.stamps: dict[str, tuple[int, ...] | None] = {}  # taken by unchanged_files, for `file` to use

    def read(self, path: Path, shown: str, yaml_only: bool,
             stamp: tuple[int, ...] | None) -> tuple[SourceDoc | None, tuple[Problem, ...]]:
        """Read a file, or reuse what was read from it if it has not changed since."""
        known = self.memo.reads.get(str(path))
        if known is None or stamp is None or known[0] != stamp:
            doc, problems = (read_yaml_file if yaml_only else read_markdown_file)(path, shown)
            if stamp is UNTAKEN:  # taken as the file was opened to be read
                stamp = doc.stamp if doc is not None else None
            known = (stamp, doc, problems)
            if self.memo.keep_reads:
                self.memo.reads[str(path)] = known
        if known[1] is not None and settled(stamp):
            self.memo.seen[str(path)] = (stamp, known[1].digest, known[2])
        else:  # changed a moment ago: a change within the same clock tick would leave its stamp as it is
            self.memo.seen.pop(str(path), None)
        return known[1], known[2]

    def file(self, path: Path, parse: Callable[[SourceDoc, Reader], T | None], yaml_only: bool = False,
             depends: tuple[object, ...] = ()) -> T | None:
        """Read one file and parse it, recording its problems; `depends` is what else the parse looks at."""
        shown = relative(path, self.root)
        name = str(path)  # a file seen or read before needs its stamp to tell whether it is the same
        stamp = self.stamps.pop(name) if name in self.stamps else signature(path) \
            if name in self.memo.seen or name in self.memo.reads else UNTAKEN
        self.done.append((str(path), shown))
        known = self.unchanged(path, shown, stamp, depends)
        if known is None:
            doc, problems = self.read(path, shown, yaml_only, stamp)
            self.problems.extend(problems)
            if doc is None:
                return None
            key = (doc.digest, depends)
            known = self.memo.parsed.get(shown)
            if known is None or known[0] != key:
                value, problems, used = self.parse(shown, doc, parse)
                if hasattr(value, "made_from"):  # a programme, person or venue: what it was made from, for later
                    value = replace(value, made_from=stable_hash((self.engine, key)).hex())  # type: ignore[type-var]
                known = self.memo.parsed[shown] = (key, value, problems, used)
        self.keys[shown] = known[0]
        self.md.used |= known[3]
        self.problems.extend(known[2])
        return None if any(p.is_error for p in known[2]) else known[1]

    def unchanged(self, path: Path, shown: str, stamp: tuple[int, ...] | None,
                  depends: tuple[object, ...]) -> tuple[Any, Any, tuple[Problem, ...], frozenset[str]] | None:
        """Return what a file was parsed into last time, without reading it, if it is the very same file and
        what else its parse looks at is the same too (None otherwise)."""
        seen = self.memo.seen.get(str(path))
        if stamp is None or seen is None or seen[0] != stamp:
            return None
        known = self.memo.parsed.get(shown)
        if known is None or known[0] != (seen[1], depends):
            return None
        self.problems.extend(seen[2])
        return known

    def parse(self, shown: str, doc: SourceDoc, parse: Callable[[SourceDoc, Reader], T | None]
              ) -> tuple[T | None, tuple[Problem, ...], frozenset[str]]:
        """Parse a file's fields and text; return the value, its problems and the Markdown texts it used."""
        reader = Reader(shown, self.tz)
        outer, self.md.used = self.md.used, set()
        try:
            value = parse(doc, reader)
        finally:
            used, self.md.used = self.md.used, outer
            outer |= used
        return value, tuple(reader.problems), frozenset(used)

    def programme(self, files: ProgrammeFiles) -> Programme | None:
        """Read a programme folder."""
        modules: list[Module] = []
        numbers = set()
        materials = self.material_files(files)
        for path in files.modules:
            match = MODULE_FILE.fullmatch(path.name)
            assert match
            number, slug = int(match.group(1)), match.group(2)
            if number in numbers:
                self.problems.append(Problem(relative(path, self.root), 1, f"module {number} has two files",
                                             "give each module its own number at the start of its file name"))
                continue
            numbers.add(number)
            module = self.file(path, lambda d, r, n=number, s=slug: parse_module(d, n, s, materials, self.md, r),
                               depends=(materials,))
            if module:
                modules.append(module)
        eligibility = files.eligibility and self.file(files.eligibility,
                                                      lambda d, r: parse_eligibility(d, self.md, r))
        known = Known(frozenset(numbers), frozenset(self.venues))
        cohorts = self.file(files.cohorts, lambda d, r: parse_cohorts(d, known, r), yaml_only=True,
                            depends=(known,)) if files.cohorts else ()
        if files.programme is None:
            self.problems.append(Problem(relative(files.folder, self.root), 1,
                                         "this programme folder has no programme.md",
                                         "add programme.md (see docs/editing.md), or remove the folder"))
            return None
        parts = {"modules": tuple(sorted(modules, key=lambda m: m.number)), "eligibility": eligibility,
                 "cohorts": cohorts or (), "materials": materials,
                 "cohorts_source": relative(files.cohorts, self.root) if files.cohorts else ""}
        part_files = (*files.modules, *filter(None, (files.eligibility, files.cohorts)))
        parts_key = tuple(self.keys.get(relative(f, self.root)) for f in part_files)  # what each was read as
        programme = self.file(files.programme, lambda d, r: parse_programme(d, files.slug, parts, self.md, r),
                              depends=(part_files, parts_key, materials))
        limit = programme.max_participants if programme else None
        for cohort in cohorts or ():
            self.problems += cohort_problems(cohort, parts["cohorts_source"], numbers, limit)
        if programme:
            self.problems += team_problems(programme, self.people)
            if len(programme.modules) == len(files.modules):
                self.problems += unlisted_materials(programme, files.materials, self.root)
        return programme

    def forget_the_rest(self, reads: set[str]) -> None:
        """Forget what was parsed from files, and read from folders (`reads`: their names), this build did not
        read (they were deleted or moved)."""
        for gone in [name for name in self.memo.folders if name not in reads]:
            del self.memo.folders[gone]
        paths, shown = {path for path, _ in self.done}, {shown for _, shown in self.done}
        for table in (self.memo.seen, self.memo.reads):
            for gone in [path for path in table if path not in paths]:
                del table[gone]
        for gone in [name for name in self.memo.parsed if name not in shown]:
            del self.memo.parsed[gone]

    def unchanged_files(self, paths: tuple[Path | None, ...]) -> bool:
        """Say whether every file given (a programme folder's, or a person's) is the very one read last time."""
        for path in paths:
            if path is not None:
                seen = self.memo.seen.get(str(path))
                if seen is None or seen[0] != self._stamp(path):
                    return False
        return True

    def kept(self, read: Read) -> Any:
        """Return what a read gave last time in this process, if its files are the very ones it read then and
        all else it looks at is the same (None otherwise)."""
        known = self.memo.folders.get(read.name)
        if known is None or known[0] != _names(read.files):  # a file added, removed or renamed
            return None
        stamps = tuple(self._stamp(path) for path in read.files)
        return known[2] if known[1] == (stamps, read.depends) else None

    def keep(self, read: Read, result: Any) -> None:
        """Keep what a read gave for the next build in this process, if every file it read has settled."""
        known = self.memo.folders.get(read.name)
        if known is not None and known[2] is result:  # reused as it was: kept as it is
            return
        self.memo.folders.pop(read.name, None)
        seen = [self.memo.seen.get(str(path)) if path is not None else () for path in read.files]
        if all(entry is not None for entry in seen):  # every file settled (see Parser.read)
            stamps = tuple(entry[0] if entry else None for entry in seen)
            self.memo.folders[read.name] = (_names(read.files), (stamps, read.depends), result)

    def _stamp(self, path: Path | None) -> tuple[int, ...] | None:
        """Return a file's stamp, kept for `file` to use (it need not take it again)."""
        if path is None:
            return None
        stamp = self.stamps[str(path)] = signature(path)
        return stamp

    def material_files(self, files: ProgrammeFiles) -> MaterialFiles:
        """Return the files in a programme's materials folder with their sizes."""
        folder = files.folder / "materials"
        sizes = {}
        for path in files.materials:
            stamp = signature(path)
            sizes[path.relative_to(folder).as_posix()] = stamp[0] if stamp else 0
        return MaterialFiles(relative(folder, self.root) + "/", tuple(sizes.items()))


def _file_problems(files: ContentFiles, root: Path) -> list[Problem]:
    problems = []
    for path, rule in files.unknown:
        problems.append(Problem(relative(path, root), 1, "Prospectus does not use this file",
                                f"{rule}; move it or delete it"))
    for path in files.links_out:
        problems.append(link_out_problem(relative(path, root)))
    for path, better in files.bad_names:
        problems.append(Problem(relative(path, root), 1, f"the name '{path.name}' cannot be used in a web address",
                                f"rename it to '{better}' (lower-case letters, digits and hyphens)"))
    return problems


def _names(files: tuple[Path | None, ...]) -> tuple[str, ...]:
    return tuple(str(path) for path in files if path is not None)


@frozen
class Read:
    """The reading of a person's file or a programme's folder: what does it, the files it reads, and what else
    it looks at (the other files' names, the materials' stamps …)."""

    name: str
    do: Callable[[], Any]
    files: tuple[Path | None, ...]
    depends: object


def _shared(parser: Parser, reads: list[Read], jobs: int) -> list[Any]:
    """Do each read, sharing those with a changed file between `jobs` processes, and reusing what a read gave
    last time in this process (the preview) if its files and all else it looks at are unchanged; return what
    each read returned, in order.

    Each read's problems, new Markdown renderings and what its files were parsed into come back with it, so
    the result is the same however the work is shared, and can be used again as it is.
    """
    def one(read: Callable[[], Any]) -> tuple[Any, tuple[Problem, ...], dict[str, Any], set[str],
                                              list[tuple[str, str, Any, Any]]]:
        before, read_before = len(parser.problems), len(parser.done)
        value = read()
        problems = tuple(parser.problems[before:])
        del parser.problems[before:]  # they come back with the result, wherever it was made
        parsed = [(path, shown, parser.memo.seen.get(path), parser.memo.parsed.get(shown))
                  for path, shown in parser.done[read_before:]]
        return value, problems, *parser.md.take_new(), parsed

    parser.md.take_new()  # what was rendered before (venues, pages) does not come back with the first read
    kept = [parser.kept(read) for read in reads]
    todo = [read for read, result in zip(reads, kept, strict=True) if result is None]
    # A read with nothing to read again is not worth another process (with one process, all are read here).
    here = [jobs > 1 and parser.unchanged_files(read.files) for read in todo]
    shared = iter(fork_map(one, [read.do for read, done in zip(todo, here, strict=True) if not done], jobs))
    made = iter([one(read.do) if done else next(shared) for read, done in zip(todo, here, strict=True)])
    values = []
    for read, result in zip(reads, kept, strict=True):
        result = result or next(made)
        value, problems, rendered, used, parsed = result
        parser.problems.extend(problems)
        parser.md.cache.update(rendered)
        parser.md.used |= used
        for path, shown, seen, known in parsed:
            parser.done.append((path, shown))
            if seen is not None:
                parser.memo.seen[path] = seen
            else:  # changed a moment ago, or unreadable, where it was read: looked at again next time
                parser.memo.seen.pop(path, None)
            if known is not None:
                parser.memo.parsed[shown] = known
        parser.keep(read, result)
        values.append(value)
    return values


def parse_site(config: SiteConfig, files: ContentFiles, root: Path, md: MarkdownRenderer,
               memo: Memo | None = None, jobs: int = 1) -> tuple[Site, tuple[Problem, ...]]:
    """Read every content file into a Site and its warnings; raise BuildError listing every problem."""
    parser = Parser(root, config, md, files, memo or Memo())
    parser.problems.extend(_file_problems(files, root))
    if not files.programmes:
        parser.problems.append(Problem("content/programmes", 1, "there are no programmes yet",
                                       "add a folder for each programme; see docs/editing.md", Severity.WARNING))
    images = tuple(relative(p, files.site.parent / "images") for p in files.images)
    venues = tuple(v for v in (parser.file(path, lambda d, r, s=path.stem: parse_venue(d, s, md, r))
                               for path in files.venues) if v)
    pages = tuple(p for p in (parser.file(path, lambda d, r, s=path.stem: parse_page(d, s, md, r))
                              for path in files.pages) if p)
    # People and programmes, the bulk of the content, are read by up to `jobs` processes.
    people_reads = [Read(str(path), lambda path=path: parser.file(path, lambda d, r, s=path.stem: parse_person(
                        d, s, frozenset(images), md, r), depends=(frozenset(images),)), (path,), images)
                    for path in files.people]
    others = (frozenset(parser.people), frozenset(parser.venues))  # what a programme's checks look at
    folder_reads = [Read(str(folder.folder), lambda folder=folder: parser.programme(folder),
                         (folder.programme, *folder.modules, folder.eligibility, folder.cohorts),
                         (others, tuple((str(m), signature(m)) for m in folder.materials)))
                    for folder in files.programmes]
    reads = [*people_reads, *folder_reads]
    read = _shared(parser, reads, jobs)
    people = tuple(p for p in read[:len(people_reads)] if p)
    programmes = tuple(p for p in read[len(people_reads):] if p)
    site = Site(config=config, programmes=tuple(sorted(programmes, key=lambda p: (p.order, p.title.casefold()))),
                people=tuple(sorted(people, key=lambda p: p.sort_key)), venues=venues, pages=pages,
                images=images)
    problems = (*parser.problems, *check_site(site, frozenset(p.stem for p in files.pages)))
    if any(p.is_error for p in problems):
        raise BuildError(problems)
    parser.forget_the_rest({r.name for r in reads})
    return site, problems
