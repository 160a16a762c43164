from .sitekit import SiteKit


def test_minimal_site_builds(kit: SiteKit) -> None:
    run = kit.run(pdf=True)
    assert run.code == 0, run.err
    assert run.err == ""
    assert run.out == ("Built 10 pages into output/ as of 2026-11-26 (26 files written, 0 unchanged, 0 removed).\n"
                       "Next change by itself: none (no deadline, session, publish or expiry date is still to come).\n"
                       "Brochure PDFs: 1 made, 0 reused unchanged from .cache/prospectus/pdf/.\n"
                       "No base URL is set, so pages have no canonical address or sharing links, and there is no "
                       "sitemap or feed: set base_url in content/site.yaml, or build with --base-url.\n")
    assert "<h1>A test programme</h1>" in kit.page("programmes/test/")
