"""Speed never changes the result: parallel, cached and skipped builds equal a clean single-process build."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
import shutil
import time
from pathlib import Path

import pytest


from prospectus.cache import shard_of
from prospectus.cli import main

from .sitekit import FIXTURE, SiteKit, problems, snapshot


@pytest.fixture
def full(kit: SiteKit) -> SiteKit:
    shutil.rmtree(kit.root / "content")
    shutil.copytree(FIXTURE, kit.root / "content")
    return kit


def fresh_build(kit: SiteKit, *args: str) -> dict[str, bytes]:
    """Build a copy of the project in one process with no cache (the project's own is left as it is)."""
    clean = kit.root.parent / "clean-project"
    shutil.rmtree(clean, ignore_errors=True)
    for folder in ("content", "templates", "assets"):
        shutil.copytree(kit.root / folder, clean / folder, symlinks=True)
    code = main(["--root", str(clean), "--today", "2026-11-26", "--no-pdf", "--jobs", "1", *args])
    assert code == 0
    return snapshot(clean / "output")


def test_parallel_and_cached_builds_equal_a_clean_single_process_build(full: SiteKit) -> None:
    source = full.root / "content/programmes/strategic-leadership"
    for n in range(12):  # enough pages and texts for the work to be shared between processes
        shutil.copytree(source, full.root / f"content/programmes/copy-{n:02d}")
    clean = fresh_build(full)
    assert len(clean) > 32 * 2
    assert full.run("--jobs", "2").code == 0
    assert full.output_files() == clean
    module = full.root / "content/programmes/strategic-leadership/modules/02-leading-others.md"
    module.write_text(module.read_text() + "\nA new paragraph.\n")
    assert full.run("--jobs", "2").code == 0  # reuses the cached Markdown of every other file
    assert full.output_files() == fresh_build(full)


def test_only_the_preview_holds_what_each_file_was_read_into(full: SiteKit) -> None:
    # the preview reads a file again only when it changes; a command-line build reads each once and holds no
    # readings (the fields as YAML nodes, the text), which would only fill memory
    from datetime import date
    from prospectus.build import build_site
    from prospectus.options import BuildOptions, Pdfs, ProjectPaths
    from prospectus.memo import Memo
    options = BuildOptions(date(2026, 11, 26), pdfs=Pdfs.SKIP)
    command_line = build_site(ProjectPaths.at(full.root), options, keep=True)
    preview = build_site(ProjectPaths.at(full.root), options, memo=Memo())
    assert command_line.memo is not None and preview.memo is not None
    assert not command_line.memo.reads and command_line.memo.parsed
    assert len(preview.memo.reads) == len(preview.memo.parsed) > 10
    assert command_line.files == preview.files


def test_what_helpers_keep_for_the_next_build_is_what_one_process_keeps(full: SiteKit,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # A large build keeps its work and works out the output record's hashes and keys in helpers: here every
    # build does, and a clean build in one process must keep the same
    from prospectus import build, outputcache
    from prospectus.cache import load_kept, read_json
    from prospectus.write import MARKER
    from prospectus.options import ProjectPaths

    def kept(kit: SiteKit) -> tuple[object, ...]:
        record = read_json(kit.root / ".cache/prospectus/output.json")
        assert isinstance(record, dict)
        paths = ProjectPaths.at(kit.root)
        work = [load_kept(paths, f"work/{n:02d}").get("tables") for n in range(32)]
        return ({name: entry[1:] for name, entry in record["files"].items()}, work, load_kept(paths, "calendars"))

    monkeypatch.setattr(build, "MANY_BYTES", 0)
    monkeypatch.setattr(build, "FEW_PARTS", -1)
    assert full.run("--jobs", "2").code == 0
    in_helpers = kept(full)
    monkeypatch.setattr(build, "MANY_BYTES", 10 ** 12)
    monkeypatch.setattr(build, "FEW_PARTS", 10 ** 9)
    shutil.rmtree(full.root / ".cache")
    assert full.run("--jobs", "1").code == 0
    assert kept(full) == in_helpers and len(in_helpers[0]) > 50 and all(in_helpers[1])
    assert {name: digest for name, (digest, _) in in_helpers[0].items()} == {
        name: outputcache.digest(data) for name, data in full.output_files().items() if name != MARKER}


def test_a_build_with_nothing_changed_stops_at_once(full: SiteKit) -> None:
    assert full.run().code == 0
    stamps = {p: p.stat().st_mtime_ns for p in (full.root / "output").rglob("*")}
    run = full.run()
    assert run.out == ("Nothing has changed since the last build: output/ is up to date (26 pages as of 2026-11-26).\n"
                       "Next change by itself: 2026-12-03, cohort 'running-2026' of strategic-leadership is over\n")
    assert {p: p.stat().st_mtime_ns for p in (full.root / "output").rglob("*")} == stamps


def test_a_build_with_nothing_to_do_imports_none_of_the_build(full: SiteKit) -> None:
    # (the site settings, the model, Jinja, Markdown: a third of a second on a slow machine, for nothing)
    import ast
    import subprocess
    import sys
    assert full.run().code == 0
    script = ("import sys; from prospectus.cli import main; main(sys.argv[1:]); "
              "print(sorted(m for m in sys.modules if m.startswith(('prospectus', 'jinja2', 'markdown'))))")
    done = subprocess.run([sys.executable, "-c", script, "--root", str(full.root), "--today", "2026-11-26",
                           "--no-pdf"], capture_output=True, text=True, check=True, cwd=full.root)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Nothing has changed since the last build")
    assert ast.literal_eval(lines[-1]) == ["prospectus", "prospectus.cache", "prospectus.cli", "prospectus.errors",
                                           "prospectus.frozen", "prospectus.memo", "prospectus.options",
                                           "prospectus.parallel", "prospectus.progress"]


def test_a_build_without_pdfs_and_the_templates_helper_import_only_what_they_use(full: SiteKit) -> None:
    # (the PDF engine's modules, for a build with --no-pdf; the page plan's, to compile the templates)
    import ast
    import subprocess
    import sys
    script = ("import sys; from prospectus.cli import main; main(sys.argv[1:]); "
              "print(sorted(m for m in sys.modules if m.startswith(('prospectus.pdf', 'weasyprint'))))")
    done = subprocess.run([sys.executable, "-c", script, "--root", str(full.root), "--today", "2026-11-26",
                           "--no-pdf"], capture_output=True, text=True, check=True, cwd=full.root)
    assert done.stdout.splitlines()[0].startswith("Built 26 pages")
    assert ast.literal_eval(done.stdout.splitlines()[-1]) == []
    script = ("import sys; from pathlib import Path; from prospectus.cli import _compile; "
              "_compile(Path(sys.argv[1]), Path(sys.argv[2])); "
              "print(sorted(m for m in sys.modules if m.startswith('prospectus')))")
    done = subprocess.run([sys.executable, "-c", script, str(full.root / "templates"), str(full.root / "compiled")],
                          capture_output=True, text=True, check=True, cwd=full.root)
    assert (full.root / "compiled" / "references.json").is_file()
    assert ast.literal_eval(done.stdout) == ["prospectus", "prospectus.cache", "prospectus.cli", "prospectus.errors",
                                             "prospectus.frozen", "prospectus.housestyle", "prospectus.memo",
                                             "prospectus.options", "prospectus.parallel", "prospectus.progress",
                                             "prospectus.render", "prospectus.sharing"]


@pytest.mark.parametrize("change", [
    "content/people/ben-okafor.md", "templates/partials/tag.html", "assets/site.css", "--today", "--base-path",
    "output"])
def test_any_change_to_what_a_build_reads_means_a_real_build(full: SiteKit, change: str) -> None:
    assert full.run().code == 0
    args: list[str] = []
    if change == "--today":
        args = []
        run = full.run(today="2026-11-27")
    else:
        if change == "--base-path":
            args = ["--base-path", "/other/"]
        elif change == "output":
            (full.root / "output/index.html").write_text("edited by hand")
        else:
            path = full.root / change
            path.write_text(path.read_text() + "\n")
        run = full.run(*args)
    assert run.code == 0
    assert run.out.startswith("Built 26 pages")


def test_markdown_cache_follows_the_base_path(full: SiteKit) -> None:
    full.run("--base-path", "/a/")
    assert 'href="/a/people/"' in full.page("about/")
    full.run("--base-path", "/b/")
    assert 'href="/b/people/"' in full.page("about/")


@pytest.mark.parametrize("damage", [
    b"{not json", b"\x80\x06garbage", b"\x80\x05K\x01.", b'{"output": "OUT", "files": []}',
    b'{"output": "OUT", "files": {"index.html": [[1, 2], "x", "y"]}}'])
def test_a_damaged_cache_is_ignored(full: SiteKit, damage: bytes) -> None:
    clean = fresh_build(full)
    assert full.run().code == 0
    (full.root / "content/site.yaml").write_text((full.root / "content/site.yaml").read_text() + "\n")
    for path in (full.root / ".cache/prospectus").rglob("*"):
        if path.is_file():
            path.write_bytes(damage.replace(b"OUT", str(full.root / "output").encode()))
    run = full.run()
    assert (run.code, run.err) == (0, "")
    assert full.output_files() == clean


def test_errors_are_the_same_whatever_the_number_of_processes(full: SiteKit) -> None:
    tag = full.root / "templates/partials/tag.html"
    tag.write_text(tag.read_text().replace("status.label", "status.labl"))
    one, two = full.run("--jobs", "1"), full.run("--jobs", "2")
    assert one.code == two.code == 1
    assert problems(one) == problems(two) == [
        "templates/partials/tag.html:2: template error: 'prospectus.views.Tag object' has no attribute 'labl'; fix "
        "the template; the comment on its first line lists the values it can use"]


def test_the_cache_stays_out_of_the_output(full: SiteKit) -> None:
    full.run()
    assert not [p for p in (full.root / "output").rglob("*") if ".cache" in p.parts]
    assert (full.root / ".cache/prospectus/last-build.json").is_file()


def test_the_progress_line_shows_only_on_a_terminal_after_a_second() -> None:
    import io

    from prospectus.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    quiet, shown = io.StringIO(), Terminal()
    Progress(quiet, delay=0).stage("Rendering 9,004 pages")
    assert quiet.getvalue() == ""
    Progress(shown, delay=3600).stage("Reading content")
    assert shown.getvalue() == ""
    line = Progress(shown, delay=0)
    line.stage("Rendering 9,004 pages")
    line.done()
    assert shown.getvalue() == "\r\033[KRendering 9,004 pages…\r\033[K"


def test_work_shared_between_processes_comes_back_in_order() -> None:
    from prospectus.parallel import HelperFailed
    from prospectus.sharing import CHUNKS_PER_JOB, fork_map
    here = os.getpid()
    items = list(range(500))
    assert fork_map(lambda n: (n, os.getpid()), items, 1) == [(n, here) for n in items]

    def slow_at_first(n: int) -> tuple[int, int]:
        time.sleep(0.4 if n == 0 else 0.001)  # while one process does the first, the others claim the rest
        return n * n, os.getpid()

    shared = fork_map(slow_at_first, items, 3)
    assert [value for value, _ in shared] == [n * n for n in items]
    done_by = [pid for _, pid in shared]
    assert len(set(done_by)) == 3, "three processes did the work"
    size = max(1, len(items) // (3 * CHUNKS_PER_JOB))
    chunks = [done_by[i:i + size] for i in range(0, len(items), size)]
    assert all(len(set(chunk)) == 1 for chunk in chunks), "each chunk is done by one process"
    assert done_by.count(done_by[0]) < 50, "while one process did the slow item, the others claimed the rest"
    with pytest.raises(HelperFailed, match="ZeroDivisionError"):  # (each item takes a moment: a helper gets some)
        fork_map(lambda n: (time.sleep(0.001), 1 / (os.getpid() == here)), items, 2)  # in a helper
    before = children()
    with pytest.raises(ZeroDivisionError):  # in the main process: helpers are still reaped
        fork_map(lambda n: (time.sleep(0.001), 1 / (os.getpid() != here)), items, 2)
    assert children() == before


def test_a_helper_can_leave_a_share_of_the_work_to_the_others() -> None:
    from prospectus.sharing import Handover, Shared
    shared = Shared(lambda n: n * n, list(range(1000)), 1)
    handing = Handover.open()
    assert handing is not None
    shared.hand_over(handing, leave=0.25)  # (here, as a helper would)
    handing.forked()
    made = shared.claimed(0, handing)
    handing.close()
    assert shared.results(made) == [n * n for n in range(1000)]
    mine, handed = made
    assert len(handed) == len(shared.chunks) - len(shared.chunks) // 4 and len(mine) == len(shared.chunks) // 4


def test_work_shared_between_processes_is_done_by_the_others_when_a_process_cannot_be_started(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from prospectus.sharing import fork_map
    started = []

    def fork() -> int:
        if started:  # the first helper starts; the system has no process to spare for the second
            raise BlockingIOError(11, "Resource temporarily unavailable")
        started.append(True)
        return real_fork()

    real_fork = os.fork
    monkeypatch.setattr(os, "fork", fork)
    items = list(range(300))
    shared = fork_map(lambda n: (n * n, time.sleep(0.001), os.getpid())[::2], items, 3)
    assert [value for value, _ in shared] == [n * n for n in items]
    assert len({pid for _, pid in shared}) == 2, "the helper that started, and this process"


def test_work_done_meanwhile_comes_back_or_is_stopped() -> None:
    from prospectus.parallel import HelperFailed, meanwhile
    here = os.getpid()
    with meanwhile(lambda: (time.sleep(0.3), os.getpid(), [n * n for n in range(1000)])[1:], 2) as later:
        assert not later.ready()
        waited = time.monotonic()
        while not later.ready() and time.monotonic() - waited < 30:
            time.sleep(0.05)
        assert later.ready()
        pid, squares = later.result()
    assert pid != here and squares == [n * n for n in range(1000)]
    with meanwhile(lambda: os.getpid(), 1) as later:  # one processor core: done at once, in this process
        assert later.ready() and later.result() == here
    with pytest.raises(HelperFailed, match="ZeroDivisionError"), meanwhile(lambda: 1 / 0, 2) as later:
        later.result()
    before = children()
    with pytest.raises(RuntimeError), meanwhile(lambda: time.sleep(60), 2):
        assert children() != before  # the helper is at work …
        raise RuntimeError("the build stopped")
    assert children() == before  # … and stopped and reaped when the build stops without its result


def test_a_helper_result_is_pickled_into_memory_as_it_goes_or_fails_plainly() -> None:
    # many frames of pickle (each 64 KiB), and values shared within the result stay shared
    from prospectus.parallel import HelperFailed, meanwhile
    shared = ["a value"] * 3
    big = {f"page {n}": (f"text {n} " * 500).encode() for n in range(2000)}
    with meanwhile(lambda: (big, shared, [shared[0]] * 2), 2) as later:
        assert later.helper is not None
        got, values, again = later.result()
    assert got == big and values == shared and values[0] is again[0] is again[1]
    # a result that cannot be pickled is a bug of ours, reported with its traceback, not half a result
    with pytest.raises(HelperFailed, match="pickle"), meanwhile(lambda: [b"x" * 200_000, lambda: None], 2) as later:
        later.result()
    with meanwhile(lambda: "after a failure", 2) as later:  # (and the next helper is not troubled by it)
        assert later.result() == "after a failure"


def test_kept_work_is_pickled_into_its_file_whole(tmp_path: Path) -> None:
    from prospectus.cache import load_kept, save_kept
    from prospectus.options import ProjectPaths
    paths = ProjectPaths.at(tmp_path)
    kept = {f"key {n}": ("value", n, b"x" * 1000) for n in range(5000)}
    save_kept(paths, "calendars", kept)
    assert load_kept(paths, "calendars") == kept
    assert sorted(p.name for p in paths.cache.iterdir()) == ["calendars.pickle"]  # no temporary file left


def test_a_helper_that_has_finished_ends_before_its_result_is_read() -> None:
    # its result (larger than a pipe holds) waits in memory: the helper's own memory is given back at once
    from prospectus.parallel import meanwhile
    with meanwhile(lambda: b"x" * 5_000_000, 2) as later:
        assert later.helper is not None
        helper = later.helper[0]
        waited = time.monotonic()
        while state(helper) != "Z" and time.monotonic() - waited < 30:
            time.sleep(0.01)
        assert state(helper) == "Z"  # ended, waiting only to be reaped
        assert later.ready() and later.result() == b"x" * 5_000_000


def test_a_helper_killed_while_leaving_its_result_fails_plainly_and_every_helper_is_reaped() -> None:
    from prospectus.parallel import HelperFailed
    from prospectus.sharing import fork_map
    before, fds, here = children(), len(os.listdir("/proc/self/fd")), os.getpid()
    write = os.write

    def half_then_killed(fd: int, data: bytes) -> int:
        write(fd, bytes(data[:len(data) // 2]))
        os.kill(os.getpid(), 9)
        return 0

    def square(n: int) -> int:
        if os.getpid() != here:  # in a helper: its result is cut short
            os.write = half_then_killed  # type: ignore[assignment]
        time.sleep(0.001)  # a moment each, so that the helpers claim some
        return n * n

    with pytest.raises(HelperFailed, match="stopped by signal 9"):  # not half a pickle read
        fork_map(square, list(range(300)), 3)
    assert children() == before and len(os.listdir("/proc/self/fd")) == fds


def killed_in_a_helper(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Have build.NAME, where a forked helper runs it, stopped as the system stops a process out of memory."""
    from prospectus import build
    here, run = os.getpid(), getattr(build, name)

    def stopped(*args: object) -> object:
        if os.getpid() != here:
            os.kill(os.getpid(), 9)
        return run(*args)
    monkeypatch.setattr(build, name, stopped)


def test_a_helper_stopped_before_the_site_is_written_fails_the_build_plainly(full: SiteKit,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert full.run("--jobs", "2").code == 0
    before = full.output_files()
    (full.root / "content/pages/accessibility.md").write_text(
        (full.root / "content/pages/accessibility.md").read_text() + "\nChanged.\n")
    killed_in_a_helper(monkeypatch, "_dated")  # the calendars' helper
    run = full.run("--jobs", "2")
    assert run.code == 1
    assert run.lines == ["output:1: the site could not be built (a helper process was stopped by signal 9); the "
                         "machine may have run short of memory: close other programs, or build with --jobs 1 to use "
                         "less", "Found 1 problem in 1 file. output/ was not changed."]
    assert full.output_files() == before
    assert full.run("--jobs", "1").code == 0  # done in this process


def test_a_helper_stopped_after_the_site_is_written_costs_only_the_next_builds_head_start(
        full: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    from prospectus import build
    monkeypatch.setattr(build, "MANY_BYTES", 0)  # the output record's hashes are worked out by a helper
    killed_in_a_helper(monkeypatch, "_for_the_record")
    run = full.run("--jobs", "2")
    assert run.code == 0
    assert problems(run) == [".cache/prospectus:1: warning: this build's work could not be kept for the next (a "
                             "helper process was stopped by signal 9), so the next build starts afresh; the site "
                             "itself was built: the machine may have run short of memory: close other programs, or "
                             "build with --jobs 1 to use less"]
    built = full.output_files()
    monkeypatch.undo()
    assert full.run().out.startswith("Built 26 pages")  # not 'Nothing has changed': the record was not kept
    assert full.output_files() == built


def rendering_slowly(monkeypatch: pytest.MonkeyPatch, log: Path, in_helper: Callable[[], None] = lambda: None) -> None:
    """Make each page take a moment to render (so that the helper keeping the work, once it has kept it, finds
    pages left to claim), noting which process rendered it in `log`; a helper rendering one first does
    `in_helper`."""
    from prospectus import render
    here, real = os.getpid(), render.render_page

    def slow(*args: object) -> str:
        if os.getpid() != here:
            in_helper()
        with open(log, "a") as file:
            file.write(f"{os.getpid()}\n")
        time.sleep(0.01)
        return real(*args)  # type: ignore[arg-type]
    monkeypatch.setattr(render, "render_page", slow)


def test_the_helper_keeping_the_work_renders_pages_too(full: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    from prospectus import build
    for n in range(6):
        shutil.copytree(full.root / "content/programmes/strategic-leadership",
                        full.root / f"content/programmes/copy-{n:02d}")
    clean = fresh_build(full)
    monkeypatch.setattr(build, "FEW_PARTS", -1)  # the work is kept by a helper, however little changed
    rendering_slowly(monkeypatch, full.root.parent / "rendered-by")
    run = full.run("--jobs", "2")
    assert run.code == 0 and problems(run) == []
    by = (full.root.parent / "rendered-by").read_text().split()
    assert len(by) == sum(name.endswith(".html") for name in clean) and len(set(by)) == 2  # each page once
    assert full.output_files() == clean


def test_pages_a_stopped_helper_claimed_are_rendered_here(full: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    from prospectus import build
    for n in range(6):
        shutil.copytree(full.root / "content/programmes/strategic-leadership",
                        full.root / f"content/programmes/copy-{n:02d}")
    clean = fresh_build(full)
    monkeypatch.setattr(build, "FEW_PARTS", -1)
    rendering_slowly(monkeypatch, full.root.parent / "rendered-by", lambda: os.kill(os.getpid(), 9))
    run = full.run("--jobs", "2")
    assert run.code == 0
    assert problems(run) == [".cache/prospectus:1: warning: this build's work could not be kept for the next (a "
                             "helper process was stopped by signal 9), so the next build starts afresh; the site "
                             "itself was built: the machine may have run short of memory: close other programs, or "
                             "build with --jobs 1 to use less"]
    assert full.output_files() == clean


def stopped_from_outside() -> int:
    os.kill(os.getpid(), 15)  # as `kill` or an out-of-memory daemon (earlyoom) stops a process
    return 1


def out_of_memory() -> int:
    raise MemoryError


@pytest.mark.parametrize(("work", "said"), [(stopped_from_outside, "a helper process was stopped by signal 15"),
                                            (out_of_memory, "a helper process ran out of memory")])
def test_a_helper_stopped_from_outside_is_not_taken_for_a_bug(work: Callable[[], int], said: str) -> None:
    from prospectus.parallel import HelperStopped, meanwhile
    before = children()
    with pytest.raises(HelperStopped) as stopped, meanwhile(work, 2) as later:
        later.result()
    assert str(stopped.value) == said and children() == before


def test_templates_are_compiled_into_the_cache_ahead_by_a_helper_once(kit: SiteKit) -> None:
    # (the main process then loads them from there; a build compiles them itself if they are not there yet)
    from contextlib import nullcontext

    from prospectus.cli import templates_compiled_ahead
    from prospectus.options import ProjectPaths
    from prospectus.parallel import Later
    paths = ProjectPaths.at(kit.root)
    compiled = paths.cache / "jinja"
    before = children()
    with templates_compiled_ahead(paths, 2) as ahead:
        assert isinstance(ahead, Later) and ahead.helper is not None
        waited = time.monotonic()
        while not ahead.ready() and time.monotonic() - waited < 60:
            time.sleep(0.01)
        assert ahead.result() is None
    assert children() == before
    assert (compiled / "references.json").is_file() and len(list(compiled.glob("*.cache"))) > 20
    assert isinstance(templates_compiled_ahead(paths, 2), nullcontext)  # compiled already
    assert isinstance(templates_compiled_ahead(ProjectPaths.at(kit.root / "x"), 1), nullcontext)  # one process


def test_a_helper_does_not_hold_the_results_of_helpers_forked_before_it() -> None:
    # (so that a result read and dropped is given back, not kept until every later helper ends)
    from prospectus.parallel import meanwhile
    with meanwhile(lambda: (time.sleep(0.2), b"x" * 1000)[1], 2) as first, \
            meanwhile(lambda: time.sleep(1), 2) as second:
        assert first.helper is not None and second.helper is not None
        helper, waited = second.helper[0], time.monotonic()
        while results_held(helper) > 1 and time.monotonic() - waited < 5:
            time.sleep(0.01)  # the helper closes the others' first thing after it starts
        assert results_held(helper) == 1  # its own
        assert first.result() == b"x" * 1000


def results_held(pid: int) -> int:
    """How many result files (parallel._memory_file) a process has open."""
    folder, held = f"/proc/{pid}/fd", 0
    for fd in os.listdir(folder):
        with contextlib.suppress(FileNotFoundError):  # closed between listing and reading: not held
            held += "prospectus-result" in os.readlink(f"{folder}/{fd}")
    return held


def state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0]


def test_a_helper_stopped_while_keeping_work_leaves_no_half_written_file(tmp_path: Path) -> None:
    from prospectus.cache import write_atomically
    from prospectus.parallel import meanwhile
    kept = tmp_path / "kept.pickle"

    def keep_again_and_again() -> None:
        while True:
            write_atomically(kept, b"x" * 20_000_000)

    for _ in range(3):
        with pytest.raises(RuntimeError), meanwhile(keep_again_and_again, 2):
            waited = time.monotonic()
            while not kept.exists() and time.monotonic() - waited < 30:
                time.sleep(0.01)
            time.sleep(0.03)  # most likely in the midst of writing it again
            raise RuntimeError("the build stopped")
        assert [path.name for path in tmp_path.iterdir()] == ["kept.pickle"]
        kept.unlink()


def children() -> set[int]:
    """This process's child processes (reaped ones are gone; unreaped ones stay listed)."""
    import os
    found: set[int] = set()
    for task in os.listdir(f"/proc/{os.getpid()}/task"):
        with open(f"/proc/{os.getpid()}/task/{task}/children") as listing:
            found |= {int(pid) for pid in listing.read().split()}
    return found


@pytest.mark.parametrize(("path", "old", "new"), [
    ("content/programmes/strategic-leadership/cohorts.yaml", "2027-04-14 9:30", "2027-04-15 9:30"),
    ("content/programmes/strategic-leadership/modules/01-leading-yourself.md", "title: ", "title: Renamed "),
    ("content/site.yaml", "email: ", "email: x"),
    ("templates/partials/key_facts.html", ">Key facts<", ">The facts<"),  # shown with partial_cached
    ("templates/partials/facts.html", "<dt>", "<dt class=\"x\">"),  # included by that partial
])
def test_kept_calendars_and_pages_follow_every_change(full: SiteKit, path: str, old: str, new: str) -> None:
    assert full.run().code == 0
    target = full.root / path
    assert old in target.read_text()
    target.write_text(target.read_text().replace(old, new, 1))
    assert full.run().code == 0  # reuses what the changes leave as it was
    assert full.output_files() == fresh_build(full)


def test_the_output_replaced_is_kept_and_made_into_the_next_site(full: SiteKit) -> None:
    """A rebuild makes its new site in the output the last build replaced (kept in the cache folder), changing
    only what differs, rather than making and deleting a folder per page."""
    assert full.run().code == 0
    folders = [(full.root / "output/about").stat().st_ino]
    page = full.root / "content/pages/about.md"
    for n in range(3):
        page.write_text(page.read_text() + f"\nMore {n}.\n")
        assert full.run().out.startswith("Built 26 pages into output/ as of 2026-11-26 (1 file written, 61 unchanged, "
                                         "0 removed).")
        assert (SPARE(full) / ".prospectus-output").is_file()
        assert full.output_files() == fresh_build(full)
        folders.append((full.root / "output/about").stat().st_ino)
    assert folders[0] == folders[2] != folders[1] == folders[3]  # two folders, each in turn made into the new site
    assert not [p.name for p in full.root.iterdir() if p.name.startswith(".output")]  # nothing beside output/
    (full.root / "content/pages/about.md").unlink()
    assert full.run().out.startswith("Built 25 pages into output/ as of 2026-11-26 (1 file written, 60 unchanged, "
                                     "1 removed).")
    assert full.output_files() == fresh_build(full)


def SPARE(kit: SiteKit) -> Path:  # noqa: N802 - a constant place, for each project
    return kit.root / ".cache/prospectus/previous-output"


@pytest.mark.parametrize("trouble", ["a folder where a file goes", "a file that cannot be deleted",
                                     "a link to a folder elsewhere", "no marker", "a file in its place"])
def test_a_previous_output_that_cannot_be_used_is_left_for_a_new_folder(full: SiteKit, trouble: str,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert full.run().code == 0
    page = full.root / "content/pages/about.md"
    page.write_text(page.read_text() + "\nMore.\n")
    assert full.run().code == 0
    spare = SPARE(full)
    if trouble == "a folder where a file goes":
        (spare / "robots.txt").unlink()
        (spare / "robots.txt").mkdir()
        (spare / "robots.txt/stray.txt").write_text("stray")
    elif trouble == "a file that cannot be deleted":
        unlink = os.unlink

        def refuse(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
            if "previous-output" in str(path) and str(path).endswith("about/index.html"):
                raise PermissionError(13, "Permission denied", str(path))
            unlink(path, *args, **kwargs)  # type: ignore[arg-type]
        monkeypatch.setattr(os, "unlink", refuse)
    elif trouble == "a link to a folder elsewhere":
        elsewhere = full.root.parent / "elsewhere"
        elsewhere.mkdir()
        shutil.rmtree(spare / "about")
        (spare / "about").symlink_to(elsewhere, target_is_directory=True)
    elif trouble == "no marker":  # as a deletion stopped half way leaves it
        (spare / ".prospectus-output").unlink()
    else:
        shutil.rmtree(spare)
        spare.write_text("not a folder")
    page.write_text(page.read_text() + "\nEven more.\n")
    run = full.run()
    monkeypatch.undo()
    assert run.out.startswith("Built 26 pages into output/ as of 2026-11-26 (1 file written, 61 unchanged, 0 removed).")
    assert "Even more." in full.page("about/")
    assert full.output_files() == fresh_build(full)
    assert not [p for p in full.root.iterdir() if "staging" in p.name or ".old-" in p.name]
    assert not (full.root.parent / "elsewhere").exists() or not any((full.root.parent / "elsewhere").iterdir())
    page.write_text(page.read_text() + "\nAnd more.\n")
    assert full.run().code == 0 and (spare / ".prospectus-output").is_file()  # kept again, and used
    assert full.output_files() == fresh_build(full)


def test_builds_writing_the_same_output_take_turns(full: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build waits while another writes the same output (the lock on the output's parent folder)."""
    import fcntl
    import threading
    from prospectus import write
    assert full.run().code == 0
    handle = os.open(full.root, os.O_RDONLY)
    fcntl.flock(handle, fcntl.LOCK_EX)
    released: list[float] = []
    entered: list[float] = []
    real = write._write

    def note(*args: object, **kwargs: object) -> object:
        entered.append(time.monotonic())
        return real(*args, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(write, "_write", note)

    def release() -> None:
        time.sleep(1)
        released.append(time.monotonic())
        os.close(handle)
    other = threading.Thread(target=release)
    other.start()
    page = full.root / "content/pages/about.md"
    page.write_text(page.read_text() + "\nMore.\n")
    assert full.run().code == 0
    other.join()
    assert entered and entered[0] >= released[0]  # it began writing only once the other let go
    monkeypatch.undo()
    assert full.output_files() == fresh_build(full)


def test_an_output_on_another_file_system_is_still_reused(full: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the output cannot be kept in the cache folder (another file system), the previous output is deleted
    after the swap; the files it shared with the new one are stamped again, so the next build still trusts
    them (and, with nothing changed, stops at once)."""
    from prospectus import write
    monkeypatch.setattr(write, "_same_file_system", lambda first, second: False)
    assert full.run().code == 0
    page = full.root / "content/pages/about.md"
    page.write_text(page.read_text() + "\nMore.\n")
    assert full.run().out.startswith("Built 26 pages into output/ as of 2026-11-26 (1 file written, 61 unchanged")
    assert not SPARE(full).exists()
    assert full.run().out.startswith("Nothing has changed since the last build")


def test_an_output_in_a_folder_that_is_not_there_yet(full: SiteKit) -> None:
    target = full.root.parent / "dist" / "site"
    assert full.run("--output", str(target)).code == 0
    assert (target / "index.html").is_file()




@pytest.mark.parametrize("how", ["rewritten", "rewritten with its size and time put back", "removed", "added"])
def test_an_output_file_changed_by_someone_else_is_put_right_by_the_next_build(full: SiteKit, how: str) -> None:
    """The record of the output holds each file's stamp as the build wrote it; a file anyone changes after that
    has another stamp (its change time moves, whatever else is put back), so the next build does not trust the
    record for it, and the no-change shortcut does not apply."""
    assert full.run().code == 0
    built = full.output_files()
    page = full.root / "output/about/index.html"
    before = page.stat()
    if how == "removed":
        page.unlink()
    elif how == "added":
        (full.root / "output/stray.html").write_text("stray")
    else:
        page.write_bytes(page.read_bytes().replace(b"<html", b"<HTML", 1))
        if how.endswith("put back"):
            os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
            assert (page.stat().st_size, page.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    run = full.run()
    assert run.out.startswith("Built 26 pages into output/ as of 2026-11-26 (")
    assert full.output_files() == built


def test_a_file_rewritten_with_the_same_size_and_time_is_read_again(full: SiteKit) -> None:
    """What a file was parsed into is kept between builds by its size, times and inode: putting its old
    modification time back (as copying tools do) does not hide a change, because the change time moved."""
    time.sleep(2.1)  # files changed a moment before a build are read again by the next in any case (memo.settled)
    assert full.run().code == 0
    module = full.root / "content/programmes/strategic-leadership/modules/01-leading-yourself.md"
    before = module.stat()
    text = module.read_text()
    assert "title: Leading yourself" in text
    module.write_text(text.replace("title: Leading yourself", "title: Leading YOURSELF", 1))
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert module.stat().st_size == before.st_size and module.stat().st_mtime_ns == before.st_mtime_ns
    assert full.run().code == 0
    assert "Leading YOURSELF" in full.page("programmes/strategic-leadership/modules/leading-yourself/")
    assert full.output_files() == fresh_build(full)


def test_warnings_of_files_kept_from_the_last_build_are_shown_again(full: SiteKit) -> None:
    person = full.root / "content/people/ben-okafor.md"
    person.write_text(person.read_text().replace("job_title: ", "job_title: Their job title, ", 1))
    time.sleep(2.1)  # so that the next build keeps what the file was read as (see memo.SETTLED_NS)
    first = full.run()
    assert first.code == 0 and "Their job title" in first.err
    page = full.root / "content/pages/about.md"
    page.write_text(page.read_text() + "\nMore.\n")  # a real build, with the person's file kept as parsed
    second = full.run()
    assert second.out.startswith("Built 26 pages") and (second.code, second.err) == (0, first.err)
    assert (full.run("--strict").code, full.run("--jobs", "1").err) == (1, first.err)


def test_kept_page_plans_follow_the_cohorts_shown(full: SiteKit) -> None:
    """A programme's plan is kept by what its files were read as, and by the cohorts shown: showing drafts
    (or not) changes which cohorts a programme has with none of its files changed."""
    shutil.rmtree(full.root / "content/programmes/future-leaders")  # drafts of its own, which change the menu
    (full.root / "content/pages/winter-school.md").unlink()
    assert full.run().code == 0
    assert full.run("--drafts").code == 0
    assert full.output_files() == fresh_build(full, "--drafts")
    assert full.run().code == 0
    assert full.output_files() == fresh_build(full)


def test_a_rebuild_after_one_edit_rewrites_one_part_of_the_kept_work(full: SiteKit) -> None:
    then = time.time_ns() - 3600 * 1_000_000_000
    for path in (full.root / "content").rglob("*"):
        os.utime(path, ns=(then, then))  # settled: what was read from them is kept by its stamp
    assert full.run().code == 0
    module = full.root / "content/programmes/strategic-leadership/modules/01-leading-yourself.md"
    module.write_text(module.read_text() + "\nOne more sentence.\n")
    os.utime(module, ns=(then + 1_000_000_000, then + 1_000_000_000))
    parts = sorted((full.root / ".cache/prospectus/work").glob("*.pickle"))
    before = {part: part.stat().st_mtime_ns for part in parts}
    time.sleep(0.01)
    assert full.run().code == 0
    assert [part.name for part in parts if part.stat().st_mtime_ns != before[part]] == [
        f"{shard_of('strategic-leadership'):02d}.pickle"]
    assert fresh_build(full) == full.output_files()


@pytest.mark.parametrize("slug, project", [("short-programmes", "/home/u/site"), ("content", "/srv/content/site"),
                                           ("leadership", "/home/u/programmes/site")])
def test_a_programme_and_a_person_are_each_kept_in_one_part_however_they_are_named(slug: str, project: str) -> None:
    programme = {shard_of(slug), shard_of(f"{project}/content/programmes/{slug}"),
                 shard_of(f"{project}/content/programmes/{slug}/programme.md"),
                 shard_of(f"content/programmes/{slug}/modules/01-first.md")}
    person = {shard_of(f"{project}/content/people/jane-smith.md"), shard_of("content/people/jane-smith.md")}
    assert len(programme) == 1 and len(person) == 1
