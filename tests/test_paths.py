"""Nothing is read from outside the project or written outside output/; over-large files are refused."""
from __future__ import annotations

import os

from .sitekit import SiteKit, problems


SHORTCUT = ("this is a shortcut (symbolic link) to a file outside the project folder, or to one that no longer exists, "
            "and Prospectus does not follow it; put a copy of the file here instead")


def test_links_leading_out_of_the_project_are_refused(kit: SiteKit, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "secret.txt").write_text("TOP SECRET")
    (outside / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (kit.root / "content/images").mkdir(parents=True)
    os.symlink(outside / "photo.jpg", kit.root / "content/images/photo.jpg")
    os.symlink(outside / "secret.txt", kit.root / "content/pages/secret.md")
    os.symlink(outside, kit.root / "assets/elsewhere")
    run = kit.run()
    assert run.code == 1
    assert problems(run) == [
        f"assets/elsewhere:1: {SHORTCUT}"]
    os.unlink(kit.root / "assets/elsewhere")
    run = kit.run()
    assert problems(run) == [
        f"content/images/photo.jpg:1: {SHORTCUT}",
        f"content/pages/secret.md:1: {SHORTCUT}",
    ]
    assert not (kit.root / "output").exists()


def test_links_inside_the_project_are_fine(kit: SiteKit) -> None:
    (kit.root / "shared.md").write_text("---\ntitle: Shared\n---\nShared text.\n")
    os.symlink(kit.root / "shared.md", kit.root / "content/pages/shared.md")
    assert kit.run().code == 0
    assert "Shared text." in kit.page("shared/")


def test_over_large_files_get_a_clear_error(kit: SiteKit) -> None:
    big = "---\ntitle: Big\n---\n" + ("A long paragraph of text. " * 100_000)
    run = kit.write({"content/pages/big.md": big}).run()
    assert problems(run) == ["content/pages/big.md:1: this file is 2.6 MB, larger than the 2 MB a content file may "
                             "be; split it up, or keep large files in content/images"]


def test_file_names_cannot_climb_out_of_the_site(kit: SiteKit) -> None:
    run = kit.write({"content/people/jane.md": "---\nname: Jane\njob_title: Director\nphoto: ../../../etc/passwd\n"
                                               "photo_alt: Jane\n---\nJane.\n"}).run()
    assert problems(run) == ["content/people/jane.md:4: 'photo': the image '../../../etc/passwd' does not exist; put "
                             "the file at content/images/../../../etc/passwd"]
