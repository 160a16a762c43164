#!/usr/bin/env python3
"""Measure the preview's edit-to-output time: from saving a module file to its page being rewritten.

    python bench/edit_latency.py [--programmes 1000] [--repeats 15] [--work /dev/shm/prospectus-latency]

Runs `build.py serve --no-pdf` (Prospectus) and `hugo server` (Hugo, which writes to disk by default, same content
from the shared corpus) side by side: each server is started on 127.0.0.1, a module file is saved with a new
sentence, and the module's output file is polled (every 1 ms) until it holds that sentence. Reports the median and 90th
percentile per tool and site size. Work happens on tmpfs by default (see bench/RESULTS.md for why).
"""
from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (the benchmark's own generator, beside this file)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise TimeoutError("the server did not get ready")


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1)
        return True
    except OSError:
        return False


@dataclass
class Case:
    tool: str
    site: str
    command: list[str]
    url: str
    source: Path  # the module file to edit
    output: Path  # the page it becomes


def measure(case: Case, repeats: int) -> list[float]:
    server = subprocess.Popen(case.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: answers(case.url) and case.output.exists(), timeout=600)
        time.sleep(1.0)  # let the watcher settle
        times = []
        original = case.source.read_text()
        for i in range(repeats):
            marker = f"Latency marker {i} {time.time_ns()}"
            case.source.write_text(original + f"\n\n{marker}\n")
            started = time.perf_counter()
            while marker not in _read(case.output):
                if time.perf_counter() - started > 30:
                    raise TimeoutError(f"{case.tool} never wrote the edit")
                time.sleep(0.001)
            times.append(time.perf_counter() - started)
            time.sleep(0.5)
        case.source.write_text(original)
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


def prospectus_case(name: str, root: Path, module: Path, page: str) -> Case:
    port = free_port()
    return Case("Prospectus", name, [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root),
                                     "--port", str(port), "--base-path", "/", "--today", "2026-01-01",
                                     "--no-pdf"],  # Hugo makes no PDFs either
                f"http://127.0.0.1:{port}/", module, root / "output" / page / "index.html")


def cases(work: Path, programmes: int, corpus: ModuleType) -> list[Case]:
    found = []
    example = work / "example"
    for folder in ("content", "templates", "assets"):
        shutil.copytree(PROJECT / folder, example / folder)
    slug = "building-collaborative-leadership"
    found.append(prospectus_case("example site", example,
                                 example / f"content/programmes/{slug}/modules/02-building-trust-and-sharing-power.md",
                                 f"programmes/{slug}/modules/building-trust-and-sharing-power"))
    for n in (1, programmes):
        site = f"{n:,} programme" + ("" if n == 1 else "s")
        ours, theirs = work / f"prospectus-{n}", work / f"hugo-{n}"
        generate.generate(n, ours, 1, corpus)
        generate.peer_site(n, "hugo", theirs, corpus)
        module = sorted((ours / "content/programmes").glob("*/modules/02-*.md"))[0]
        programme = module.parent.parent.name
        found.append(prospectus_case(site, ours, module,
                                     f"programmes/{programme}/modules/{module.stem[3:]}"))
        port = free_port()
        hugo_module = theirs / "content/programmes" / programme / "modules" / module.name
        found.append(Case("Hugo", site,
                          [generate.hugo_binary(), "server", "-s", str(theirs), "-d", str(theirs / "public"),
                           "--port", str(port), "--bind", "127.0.0.1", "--quiet"],
                          f"http://127.0.0.1:{port}/", hugo_module,
                          theirs / "public/programmes" / programme / "modules" / module.stem / "index.html"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--programmes", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--work", type=Path, default=Path("/dev/shm/prospectus-latency"))
    parser.add_argument("--corpus", type=Path, default=generate.DEFAULT_CORPUS, help="the peer corpus generator")
    args = parser.parse_args(argv)
    corpus = generate.load_corpus(args.corpus)
    if args.work.exists():
        shutil.rmtree(args.work)
    print("| tool | site | median | 90th percentile | runs |")
    print("| --- | --- | --- | --- | --- |")
    for case in cases(args.work, args.programmes, corpus):
        times = sorted(measure(case, args.repeats))
        p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
        print(f"| {case.tool} | {case.site} | {statistics.median(times) * 1000:.0f} ms | {p90 * 1000:.0f} ms "
              f"| {len(times)} |", flush=True)
    shutil.rmtree(args.work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
