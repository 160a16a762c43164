from .sitekit import SiteKit


def test_minimal_site_builds(kit: SiteKit) -> None:
    run = kit.run(pdf=True)
    assert run.code == 0, run.err
    assert run.err == ""
    assert run.out == ("Built 9 pages into output/ as of 2026-11-26 (13 files written, 0 unchanged, 0 removed).\n"
                       "Brochure PDFs: 1 made, 0 reused unchanged from .cache/prospectus/pdf/.\n")
    assert kit.run(pdf=True).out == (
        "Built 9 pages into output/ as of 2026-11-26 (0 files written, 13 unchanged, 0 removed).\n"
        "Brochure PDFs: 0 made, 1 reused unchanged from .cache/prospectus/pdf/.\n")
    assert "<h1>A test programme</h1>" in kit.page("programmes/test/")
