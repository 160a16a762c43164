"""Broken or hostile input never hurts a site: random and mutated YAML, front matter and Markdown end in a build
or in clean `path:line:` messages with exit status 1; never a traceback, a hang or a half-written output/."""
from __future__ import annotations

import hashlib
import os
import re
import functools
import shutil
import signal
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prospectus.cli import main

from .sitekit import MINIMAL, PROJECT, dedent

LINE = re.compile(r"^[^\n:]+:\d+: \S")
SUMMARY = re.compile(r"^Found \d+ problems? in \d+ files?\. output/ was not changed\.$")
FILES = sorted(MINIMAL)
MODULE = "content/programmes/test/modules/01-first.md"
COHORTS = "content/programmes/test/cohorts.yaml"
SEED = {**MINIMAL,
        MODULE: "---\ntitle: First\ndays: 1.5\ntopics:\n  - One\n  - Two\n---\nSome *text* with a [link](/people/).\n",
        COHORTS: "- id: spring\n  label: Spring\n  status: open\n  apply_by: 2027-01-15 12:00\n  sessions:\n"
                 "    - module: 1\n      start: 2027-03-10 9:30\n      end: 2027-03-11 13:00\n"}


@functools.cache  # built when the first case runs, not when tests are collected
def seed_project() -> Path:
    """Build the starting site once; each case starts from a copy of it."""
    root = Path(tempfile.mkdtemp(prefix="prospectus-robust-"))
    shutil.copytree(PROJECT / "templates", root / "templates")
    shutil.copytree(PROJECT / "assets", root / "assets")
    for name, text in SEED.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(dedent(text), encoding="utf-8")
    assert main(["--root", str(root), "--today", "2026-11-26", "--jobs", "1", "--no-pdf"]) == 0
    return root


NASTY = st.sampled_from([
    "\t", "\r\n", "\ufeff", ":", ": ", " #", "#", "'", '"', "- ", "  ", "\n", "---\n", "&a", "*a",
    "!!python/object:os.system",
    "[", "{", "}", "]", "|", ">", "%", "@", "`", "\x00", "\u202e", "\U0001f600", "é", "ﬁ", "\u0301", "<script>",
    "</script><script>alert(1)</script>", "javascript:alert(1)", "999999999999999999999", "-1", "1.5", "yes", "no",
    "~", "null", "2027-02-30", "2027-13-01 25:99", "../../etc/passwd", "<<: *a", "? x", "\\", "\\u0000",
])


def mutate(text: str, data: st.DataObject) -> str | bytes:
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        kind = data.draw(st.sampled_from(["insert", "delete", "duplicate", "replace", "nest", "big"]), label="kind")
        at = data.draw(st.integers(0, len(text)), label="at")
        if kind == "insert":
            text = text[:at] + data.draw(st.one_of(NASTY, st.text(max_size=12)), label="piece") + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 20), label="n"):]
        elif kind == "duplicate":
            lines = text.split("\n")
            i = data.draw(st.integers(0, max(0, len(lines) - 1)), label="line")
            text = "\n".join(lines[:i + 1] + lines[i:])
        elif kind == "replace":
            lines = text.split("\n")
            i = data.draw(st.integers(0, max(0, len(lines) - 1)), label="line")
            lines[i] = data.draw(st.text(max_size=40), label="line text")
            text = "\n".join(lines)
        elif kind == "nest":
            depth = data.draw(st.integers(1, 80), label="depth")
            text = text[:at] + "".join("  " * d + f"k{d}:\n" for d in range(depth)) + text[at:]
        else:
            text = text[:at] + "x" * data.draw(st.integers(1000, 50_000), label="size") + text[at:]
    if data.draw(st.booleans(), label="bytes"):
        raw = text.encode("utf-8", "surrogatepass")
        at = data.draw(st.integers(0, len(raw)), label="byte at")
        return raw[:at] + data.draw(st.binary(min_size=1, max_size=4), label="bytes") + raw[at:]
    return text


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")) if folder.exists() else ():
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return h.hexdigest()


@settings(max_examples=int(os.environ.get("ROBUSTNESS_EXAMPLES", "150")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_mutated_content_never_crashes_hangs_or_half_writes(data: st.DataObject) -> None:
    root = Path(tempfile.mkdtemp(prefix="prospectus-case-")) / "site"
    try:
        shutil.copytree(seed_project(), root, symlinks=True)
        before = digest(root / "output")
        target = data.draw(st.sampled_from([*FILES, MODULE, COHORTS]), label="file")
        changed = mutate((root / target).read_text(encoding="utf-8"), data)
        (root / target).write_bytes(changed if isinstance(changed, bytes) else changed.encode("utf-8", "surrogatepass"))
        run_and_check(root, before)
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


def run_and_check(root: Path, before: str) -> None:
    import contextlib
    import io
    err, out = io.StringIO(), io.StringIO()
    started = time.monotonic()

    def hung(signum: int, frame: object) -> None:
        raise AssertionError("a build ran for more than 20 seconds: a hang")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)  # a hang fails the case instead of stopping the suite
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main(["--root", str(root), "--today", "2026-11-26", "--jobs", "1", "--no-pdf"])  # PDFs: test_pdf
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 20, "a build took far too long"
    assert code in (0, 1)
    after = digest(root / "output")
    if code == 1:
        lines = err.getvalue().splitlines()
        assert lines and SUMMARY.match(lines[-1]), err.getvalue()
        assert all(LINE.match(line) for line in lines[:-1]), err.getvalue()
        assert after == before, "a failed build changed output/"
    else:
        assert all(LINE.match(line) for line in err.getvalue().splitlines()), err.getvalue()
        assert (root / "output/index.html").is_file()
    assert not [p for p in root.iterdir() if "staging" in p.name or ".old-" in p.name]
