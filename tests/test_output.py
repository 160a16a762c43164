"""Writing output: untouched on failure, replaced whole on success, never over a folder we did not build."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from prospectus.cli import NO_BASE_URL

from .sitekit import SiteKit, largest_file_written, problems


NO_CHANGE = "Next change by itself: none (no deadline, session, publish or expiry date is still to come)."

def test_output_is_untouched_when_the_build_fails(kit: SiteKit) -> None:
    assert kit.run().code == 0
    before = kit.output_files()
    stamps = {p: p.stat().st_mtime_ns for p in (kit.root / "output").rglob("*")}
    kit.write({"content/programmes/test/programme.md": "---\ntitle: Broken\n"})
    run = kit.run()
    assert run.code == 1
    assert run.lines[-1] == "Found 1 problem in 1 file. output/ was not changed."
    assert kit.output_files() == before
    assert {p: p.stat().st_mtime_ns for p in (kit.root / "output").rglob("*")} == stamps
    assert not [p for p in kit.root.iterdir() if "staging" in p.name or ".old-" in p.name]


def test_stale_files_are_removed_and_unchanged_files_kept(kit: SiteKit) -> None:
    kit.write({"content/pages/about.md": "---\ntitle: About\n---\nAbout us.\n"})
    assert kit.run().code == 0
    css = kit.root / "output/assets/site.css"
    inode = css.stat().st_ino
    kit.write({"content/pages/about.md": None})
    run = kit.run()
    assert run.out == ("Built 10 pages into output/ as of 2026-11-26 (0 files written, 25 unchanged, 1 removed).\n"
                       f"{NO_CHANGE}\nSkipped the brochure PDFs, as --no-pdf asked: the programme pages do not link "
                       f"to them.\n{NO_BASE_URL}\n")
    assert not (kit.root / "output/about").exists()
    assert css.stat().st_ino == inode


def test_two_builds_are_byte_identical(kit: SiteKit, tmp_path: Path) -> None:
    assert kit.run().code == 0
    first = kit.output_files()
    (kit.root / "output/index.html").write_text("tampered")
    assert kit.run().code == 0
    assert kit.output_files() == first


def test_the_build_date_is_an_input(kit: SiteKit) -> None:
    kit.run(today="2026-11-26")
    assert "Information correct as of 26 November 2026." in kit.page("")
    kit.run(today="2027-02-01")
    assert "Information correct as of 1 February 2027." in kit.page("")


def test_refuses_to_replace_a_folder_it_did_not_build(kit: SiteKit) -> None:
    (kit.root / "output").mkdir()
    (kit.root / "output/notes.txt").write_text("mine")
    run = kit.run()
    assert run.code == 1
    assert problems(run) == [f"{kit.root / 'output'}:1: refusing to replace this folder: it has files that "
                             "Prospectus did not build; choose an empty folder with --output, or move the files away "
                             "yourself (a folder Prospectus builds has a .prospectus-output file in it)"]
    assert (kit.root / "output/notes.txt").read_text() == "mine"


def test_refuses_to_build_into_the_project_or_its_sources(kit: SiteKit) -> None:
    for target, why in ((kit.root, "it holds the project or your own files"),
                        (kit.root.parent, "it holds the project or your own files"),
                        (Path.home(), "it holds the project or your own files"),
                        (kit.root / "content" / "out", "it overlaps content/"),
                        (kit.root / "templates", "it overlaps templates/")):
        run = kit.run("--output", str(target))
        assert run.code == 1, target
        assert problems(run) == [f"{target.resolve()}:1: refusing to build into this folder: {why}; build into a "
                                 "folder of its own, such as output/"]
    assert (kit.root / "content/site.yaml").exists()


def test_an_empty_folder_elsewhere_is_fine(kit: SiteKit, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path_factory.mktemp("site")
    assert kit.run("--output", str(target)).code == 0
    assert (target / "index.html").is_file()
    assert (target / ".prospectus-output").is_file()


def test_check_writes_nothing(kit: SiteKit) -> None:
    run = kit.run("check")
    assert run.code == 0
    assert run.out == f"No problems found: 10 pages would be built as of 2026-11-26.\n{NO_CHANGE}\n{NO_BASE_URL}\n"
    assert not (kit.root / "output").exists()


def test_the_new_site_is_swapped_in_with_one_atomic_exchange(tmp_path: Path) -> None:
    """On Linux the output and the new site change places in one step (renameat2 RENAME_EXCHANGE): there is no
    moment without an output folder."""
    from prospectus.write import _exchange
    (tmp_path / "new").mkdir()
    (tmp_path / "new/page.html").write_text("new")
    (tmp_path / "output").mkdir()
    (tmp_path / "output/page.html").write_text("old")
    assert _exchange(tmp_path / "new", tmp_path / "output")
    assert ((tmp_path / "output/page.html").read_text(), (tmp_path / "new/page.html").read_text()) == ("new", "old")


def test_a_deleted_output_is_built_again_whole(kit: SiteKit) -> None:
    assert kit.run().code == 0
    kit.write({"content/pages/about.md": "---\ntitle: About\n---\nAbout us.\n"})
    assert kit.run().code == 0  # the output it replaced is kept for the next build
    built = kit.output_files()
    shutil.rmtree(kit.root / "output")
    assert kit.run().out.startswith(f"Built 11 pages into output/ as of 2026-11-26 ({len(built) - 1} files written, "
                                    "0 unchanged, 0 removed).")  # every file but the marker
    assert kit.output_files() == built


def test_the_preview_waits_for_a_build_writing_the_same_output(kit: SiteKit) -> None:
    import fcntl
    import threading
    import time

    from prospectus.write import update_site
    assert kit.run().code == 0
    output = kit.root / "output"
    before = {"index.html": (output / "index.html").read_bytes()}
    handle = os.open(kit.root, os.O_RDONLY)
    fcntl.flock(handle, fcntl.LOCK_EX)  # as write_site holds it while a build writes
    done: list[float] = []
    preview = threading.Thread(target=lambda: (update_site({"index.html": b"new"}, output, before),
                                               done.append(time.monotonic())))
    preview.start()
    time.sleep(0.5)
    assert not done and (output / "index.html").read_bytes() == before["index.html"]
    os.close(handle)
    preview.join(10)
    assert done and (output / "index.html").read_bytes() == b"new"


def test_a_build_says_it_is_waiting_for_another_writing_the_same_output(kit: SiteKit) -> None:
    import fcntl
    import threading
    import time

    from prospectus.write import write_site
    assert kit.run().code == 0
    handle = os.open(kit.root, os.O_RDONLY)
    fcntl.flock(handle, fcntl.LOCK_EX)  # another build writing
    said: list[float] = []
    threading.Timer(0.5, os.close, (handle,)).start()
    started = time.monotonic()
    write_site({"index.html": b"new"}, kit.root / "output", kit.root, (kit.root / "content",),
               waiting=lambda: said.append(time.monotonic() - started))
    assert said and said[0] < 0.4 and time.monotonic() - started >= 0.5  # said at once, then waited
    assert (kit.root / "output/index.html").read_bytes() == b"new"


def test_a_site_the_system_will_not_let_be_written_is_a_clear_error_and_output_is_untouched(kit: SiteKit) -> None:
    (kit.root / "assets/large.bin").write_bytes(b"a" * 3_000_000)
    assert kit.run().code == 0
    before = kit.output_files()
    (kit.root / "assets/large.bin").write_bytes(b"b" * 3_000_000)  # changed: it must be written again
    with largest_file_written(2_000_000):
        run = kit.run()
    assert run.code == 1
    assert problems(run) == ["output:1: the site could not be written (File too large); a file is larger than this "
                             "system lets a program write (see 'ulimit -f'): raise the limit, or build where there "
                             "is none"]
    assert run.lines[-1] == "Found 1 problem in 1 file. output/ was not changed."
    assert kit.output_files() == before
    assert kit.run().code == 0 and kit.output_files()["assets/large.bin"] == b"b" * 3_000_000


def test_a_cache_that_cannot_be_written_is_a_warning_and_the_site_is_built(kit: SiteKit) -> None:
    (kit.root / ".cache").write_text("a file where the cache folder goes")
    run = kit.run()
    assert run.code == 0
    assert ".cache/prospectus:1: warning: this build's work could not be kept for the next (Not a directory), so " \
           "the next build starts afresh; the site itself was built: check that the disk has space and that " \
           ".cache/ is a folder you may write to" in run.lines
    built = kit.output_files()
    (kit.root / ".cache").unlink()
    assert kit.run().code == 0
    assert kit.output_files() == built and (kit.root / ".cache/prospectus/work").is_dir()


def test_a_write_that_fails_for_a_reason_of_ours_is_not_blamed_on_the_system(tmp_path: Path) -> None:
    from prospectus.errors import BuildError
    from prospectus.write import write_site
    with pytest.raises(OSError) as failed:  # a file where a folder must go: a bug in the plan, shown as one
        write_site({"a": b"x", "a/b.html": b"y"}, tmp_path / "site" / "output", tmp_path / "site", ())
    assert not isinstance(failed.value, BuildError) and not (tmp_path / "site/output").exists()
