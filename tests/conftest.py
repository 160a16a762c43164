from __future__ import annotations

from pathlib import Path

import pytest

from .sitekit import FIXTURE, MINIMAL, SiteKit, build_copy


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from the example site")


@pytest.fixture
def kit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> SiteKit:
    """A project with the real templates and a minimal valid site."""
    return SiteKit(tmp_path, capsys).write(dict(MINIMAL))


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def fixture_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site (every status, every optional field) built once for the tests that only read it."""
    return build_copy(tmp_path_factory.mktemp("fixture"), FIXTURE, "--no-search")
