from .sitekit import SiteKit


def test_minimal_site_builds(kit: SiteKit) -> None:
    run = kit.run()
    assert run.code == 0, run.err
    assert run.err == ""
    assert run.out == ("Built 9 pages into output/ as of 2026-11-26 (11 files written, 0 unchanged, 0 removed).\n")
    assert "<h1>A test programme</h1>" in kit.page("programmes/test/")
