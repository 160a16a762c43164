"""The GitHub Pages workflow: the official flow, the right triggers and build command, and no finding from
actionlint (with ShellCheck for the run: scripts). A missing linter fails the test; nothing is skipped."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .sitekit import PROJECT

WORKFLOW = PROJECT / ".github/workflows/pages.yml"


def linter() -> list[str]:
    beside_python = Path(sys.executable).parent / "actionlint"  # installed with the test extra
    found = str(beside_python) if beside_python.exists() else shutil.which("actionlint")
    shellcheck = shutil.which("shellcheck")
    if not found or not shellcheck:
        pytest.fail("actionlint (pip: the test extra) and shellcheck (apt) are needed: run scripts/test", pytrace=False)
    return [found, "-no-color", "-oneline", "-shellcheck", shellcheck]


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*linter(), str(path)], capture_output=True, text=True, cwd=PROJECT)


def test_actionlint_finds_nothing_in_the_workflow() -> None:
    done = lint(WORKFLOW)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_actionlint_does_report_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("steps.pages.outputs.base_url", "steps.page.outputs.base_url")
                      .replace("pip install -e .", "cd $HOME/x; pip install -e ."))
    done = lint(broken)
    assert done.returncode == 1
    assert 'property "page" is not defined in object type' in done.stdout
    assert "shellcheck reported issue" in done.stdout


def test_the_workflow_follows_the_official_pages_flow() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text())
    triggers = flow[True]  # YAML 1.1 reads the key 'on' as true
    assert set(triggers) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    assert triggers["push"] == {"branches": ["main"]}
    assert triggers["schedule"] == [{"cron": "30 0 * * *"}]
    build = [s.get("uses", s.get("run", "")).split("@")[0] for s in flow["jobs"]["build"]["steps"]]
    pango = "sudo apt-get update && sudo apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0"
    assert build == ["actions/checkout", "actions/setup-python", "actions/configure-pages", pango, "pip install -e .",
                     'python build.py --strict --base-url "${{ steps.pages.outputs.base_url }}"',
                     "actions/upload-pages-artifact"]
    assert flow["jobs"]["build"]["if"] == "github.event_name != 'pull_request'"
    assert flow["jobs"]["deploy"]["needs"] == "build"
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in flow["jobs"]["deploy"]["steps"]] == ["actions/deploy-pages"]
    check = flow["jobs"]["check"]
    assert check["if"] == "github.event_name == 'pull_request'"
    assert [s.get("run") for s in check["steps"] if "run" in s] == [pango, "pip install -e .",
                                                                    "python build.py --strict"]
