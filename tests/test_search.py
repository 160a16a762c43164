"""The search index is made by the real pagefind, in the same all-or-nothing write as the pages, and is the
same bytes on every build of the same content."""
from __future__ import annotations

from pathlib import Path

from .sitekit import PROJECT, SiteKit, build_copy


def index_files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted((output / "pagefind").rglob("*"))
            if p.is_file()}


def test_a_build_indexes_the_programme_and_people_pages(kit: SiteKit) -> None:
    assert kit.run().code == 0
    files = index_files(kit.root / "output")
    assert {"pagefind/pagefind.js", "pagefind/pagefind-entry.json", "pagefind/wasm.en-gb.pagefind"} <= set(files)
    assert b"\"page_count\":2" in files["pagefind/pagefind-entry.json"], "the programme and the people page"


def test_the_index_is_byte_identical_across_builds(tmp_path: Path) -> None:
    first = index_files(build_copy(tmp_path / "one", PROJECT / "content"))
    second = index_files(build_copy(tmp_path / "two", PROJECT / "content"))
    assert first == second and len(first) > 5


def test_no_index_with_no_search_and_none_from_check(kit: SiteKit) -> None:
    assert kit.run().code == 0
    assert (kit.root / "output/pagefind").is_dir()
    run = kit.run("--no-search")
    assert run.code == 0
    assert not (kit.root / "output/pagefind").exists(), "a build without search removes the old index"
    assert kit.run("check").code == 0


def test_a_kept_index_is_reused_only_while_pagefind_is_the_same_program(tmp_path: Path, monkeypatch) -> None:
    # (pagefind is known by its path, size, times and inode, not by reading it: replacing it makes a new index)
    import shutil

    import pytest

    from prospectus import search
    from prospectus.errors import BuildError
    program = tmp_path / "pagefind"
    shutil.copy2(search.pagefind_program(), program)
    monkeypatch.setattr(search, "pagefind_program", lambda: str(program))
    pages = {"index.html": b"<!doctype html><html lang='en-GB'><title>A</title><main data-pagefind-body>"
                           b"<h1>Collaborative leadership</h1></main></html>"}
    cache = tmp_path / "cache"
    first = search.search_index(pages, cache)
    assert "pagefind/pagefind-entry.json" in first
    kept = next(cache.glob("*.json"))
    kept.write_text('{"pagefind/kept.txt": "a2VwdA=="}')  # what the next build must take, not run pagefind
    assert search.search_index(pages, cache) == {"pagefind/kept.txt": b"kept"}
    program.unlink()
    program.write_text("#!/bin/sh\necho 'pagefind: replaced' >&2\nexit 3\n")
    program.chmod(0o755)
    with pytest.raises(BuildError) as raised:
        search.search_index(pages, cache)
    assert raised.value.problems[0].message == "the search index could not be made: pagefind: replaced"


def test_pagefind_runs_while_the_build_goes_on_and_is_stopped_and_tidied_if_not_waited_for(tmp_path: Path) -> None:
    # (the build starts it before the calendars are finished, and a problem found meanwhile ends the build)
    from prospectus.search import Indexing
    pages = {f"p{n}/index.html": b"<!doctype html><html lang='en-GB'><title>A</title><main data-pagefind-body>"
                                 b"<h1>Collaborative leadership</h1></main></html>" for n in range(50)}
    waited = Indexing()
    waited.start(pages)
    assert waited.running is not None and waited.folder is not None
    folder = Path(waited.folder.name)
    index = waited.result()
    assert "pagefind/pagefind-entry.json" in index and b"\"page_count\":50" in index["pagefind/pagefind-entry.json"]
    waited.close()
    assert not folder.exists()
    left = Indexing()
    left.start(pages)
    assert left.running is not None and left.folder is not None
    folder, running = Path(left.folder.name), left.running
    left.close()
    assert running.returncode is not None, "pagefind is not left running"
    assert not folder.exists(), "nor its folder left behind"
