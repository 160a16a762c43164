"""Materials: files kept beside a programme's content, or links, listed by the programme and its modules."""
from __future__ import annotations

import re

from .sitekit import PROGRAMME_MD, SiteKit, problems

FOLDER = "content/programmes/test/materials/"
WITH_MATERIALS = PROGRAMME_MD.replace("---\nAbout the programme.", """\
materials:
  - title: Programme handbook
    kind: handout
    file: handbook.pdf
    description: What to expect, module by module.
  - title: Leading across boundaries
    kind: website
    link: https://www.example.org/boundaries
---
About the programme.""")

MODULE_MD = """\
---
title: Leading yourself
days: 1
topics:
  - Feedback
materials:
  - title: Reading before the first module
    kind: pre-reading
    file: materials/module-1/reading-list.docx
---
The first module.
"""

HANDBOOK = b"%PDF-1.7 " + b"x" * (180 * 1024 - 9)


def with_materials(kit: SiteKit) -> SiteKit:
    return kit.write({"content/programmes/test/programme.md": WITH_MATERIALS,
                      "content/programmes/test/modules/01-leading-yourself.md": MODULE_MD,
                      "content/programmes/test/modules/02-leading-others.md": MODULE_MD.replace(
                          "Leading yourself", "Leading others").replace(
                          "materials:\n  - title: Reading before the first module\n    kind: pre-reading\n"
                          "    file: materials/module-1/reading-list.docx\n", ""),
                      FOLDER + "handbook.pdf": HANDBOOK,
                      FOLDER + "module-1/reading-list.docx": b"PK" + b"\0" * 998})


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_materials_page_groups_them_by_module_and_files_are_copied(kit: SiteKit) -> None:
    run = with_materials(kit).run()
    assert run.code == 0, run.err
    page = text(kit.page("programmes/test/materials/"))
    assert ("Materials Reading, slides and other materials for participants, for the whole programme and for each "
            "module. Overview Structure Team Who it is for and how to apply Dates and fees Materials") in page
    assert ("For the whole programme Programme handbook Handout (PDF, 180 KB) What to expect, module by "
            "module. Leading across boundaries Website on www.example.org Module 1: Leading yourself Reading "
            "before the first module Pre-reading (Word document, 1,000 bytes) About Module 1: Leading yourself") \
        in page
    assert "Leading others" not in page.split("Key facts")[0], "a module without materials has no group"
    html = kit.page("programmes/test/materials/")
    assert '<a class="material__title" href="/programmes/test/materials/handbook.pdf">Programme handbook</a>' in html
    assert '<a class="material__title" href="https://www.example.org/boundaries">Leading across boundaries</a>' \
        in html
    files = kit.output_files()
    assert files["programmes/test/materials/handbook.pdf"] == HANDBOOK
    assert files["programmes/test/materials/module-1/reading-list.docx"] == b"PK" + b"\0" * 998


def test_module_pages_list_their_own_materials_and_every_page_of_the_programme_links_to_them(kit: SiteKit) -> None:
    assert with_materials(kit).run().code == 0
    module = text(kit.page("programmes/test/modules/leading-yourself/"))
    assert ("Materials for this module Reading before the first module Pre-reading (Word document, 1,000 bytes) "
            "All materials for this programme") in module
    assert "Programme handbook" not in module
    assert "Materials for this module" not in kit.page("programmes/test/modules/leading-others/")
    for route in ("programmes/test/", "programmes/test/team/", "programmes/test/modules/leading-others/"):
        assert '<li><a href="/programmes/test/materials/">Materials</a></li>' in kit.page(route)


def test_a_programme_without_materials_has_no_materials_page(kit: SiteKit) -> None:
    assert kit.run().code == 0
    assert not (kit.root / "output/programmes/test/materials").exists()
    assert ">Materials<" not in kit.page("programmes/test/")


def test_a_missing_file_is_an_error_on_its_line(kit: SiteKit) -> None:
    with_materials(kit).write({"content/programmes/test/programme.md": WITH_MATERIALS.replace(
        "file: handbook.pdf", "file: handbok.pdf")})
    assert problems(kit.run()) == [
        "content/programmes/test/programme.md:16: material 1: the file 'handbok.pdf' is not in "
        f"{FOLDER}; put the file in {FOLDER}handbok.pdf or did you mean 'handbook.pdf'?"]


def test_a_file_nothing_lists_is_an_error(kit: SiteKit) -> None:
    with_materials(kit).write({FOLDER + "old-handbook.pdf": b"%PDF"})
    assert problems(kit.run()) == [
        f"{FOLDER}old-handbook.pdf:1: this file is in the materials folder, but nothing lists it; add it under "
        "'materials' in content/programmes/test/programme.md or in a module, with  file: old-handbook.pdf  "
        "(see docs/editing.md), or delete it"]


def test_a_module_names_a_file_that_is_not_there(kit: SiteKit) -> None:
    with_materials(kit).write({FOLDER + "module-1/reading-list.docx": None})
    assert problems(kit.run()) == [
        "content/programmes/test/modules/01-leading-yourself.md:9: material 1: the file "
        f"'module-1/reading-list.docx' is not in {FOLDER}; put the file in {FOLDER}module-1/reading-list.docx"]


def test_a_material_needs_a_file_or_a_link_and_a_known_kind(kit: SiteKit) -> None:
    with_materials(kit).write({"content/programmes/test/programme.md": WITH_MATERIALS.replace(
        "    link: https://www.example.org/boundaries", "    file: handbook.pdf\n    link: https://www.example.org/b"
    ).replace("kind: handout", "kind: handouts")})
    assert problems(kit.run()) == [
        "content/programmes/test/programme.md:15: material 1, 'kind': 'handouts' is not one of the choices; did you "
        "mean 'handout'?",
        "content/programmes/test/programme.md:18: material 2: give either 'file' or 'link'; use 'file: name.pdf' for "
        f"a file you put in {FOLDER}, or 'link: https://…' for something on another website",
    ]


def test_file_names_in_the_materials_folder_must_work_as_web_addresses(kit: SiteKit) -> None:
    with_materials(kit).write({FOLDER + "Reading List.PDF": b"%PDF", FOLDER + "index.html": "<p>"})
    assert problems(kit.run()) == [
        f"{FOLDER}Reading List.PDF:1: the name 'Reading List.PDF' cannot be used in a web address; rename it to "
        "'reading-list.pdf' (lower-case letters, digits and hyphens)",
        f"{FOLDER}index.html:1: Prospectus does not use this file; a file in a materials folder cannot be called "
        "index.html, the address of the materials page itself; move it or delete it",
    ]
