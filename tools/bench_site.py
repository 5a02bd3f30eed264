"""Time the site stage on the synthetic 200-paper volume that ``tools/bench.py`` generates.

Issue targets: the 200-paper site builds in under 15 s on 2 cores, and a rebuild after one
paper's metadata changes takes under 3 s. Each measurement runs in a fresh process (Sphinx and
typst caches would otherwise flatter the second run), on a copy of the project, so the cached
project under ``_bench/`` is never modified.

Usage: ``python tools/bench_site.py`` (after ``tools/bench.py`` has generated the project).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_measure import users_environment

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "_bench"  # not in _build/, which a build replaces whole
FULL_LIMIT, REBUILD_LIMIT = 15.0, 3.0
_BUILD = [sys.executable, "-m", "proceedings", "site"]  # as users run it, check included


def _timed_build(project: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        _BUILD, cwd=project, check=True, stdout=subprocess.DEVNULL, env=users_environment()
    )
    return time.perf_counter() - start


def main() -> int:
    projects = sorted(BENCH.glob("v*/project"))
    if not projects:
        print("no synthetic project: run `python tools/bench.py` first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(projects[-1], project, ignore=shutil.ignore_patterns("_build"))
        papers = sorted((project / "papers").iterdir())
        full = _timed_build(project)
        paper = papers[len(papers) // 2] / "paper.yaml"
        # An abstract changes that paper's page only; a title changes its neighbours, its part page
        # and the sidebar of every page in its part (50 of the 200: the volume has 4 parts).
        text = paper.read_text(encoding="utf-8")
        paper.write_text(text.replace("abstract: ", "abstract: Revised. ", 1), encoding="utf-8")
        abstract = _timed_build(project)
        text = paper.read_text(encoding="utf-8")
        paper.write_text(text.replace("title: ", "title: Revised ", 1), encoding="utf-8")
        title = _timed_build(project)
    rows = [
        ("full build", full, FULL_LIMIT),
        ("rebuild after one abstract", abstract, REBUILD_LIMIT),
        ("rebuild after one title (its part)", title, REBUILD_LIMIT),
    ]
    print(f"Site of {len(papers)} papers (fresh process each, Python start-up included):")
    for label, seconds, limit in rows:
        verdict = "PASS" if seconds < limit else "FAIL"
        print(f"  {label:38} {seconds:6.2f} s   target < {limit:g} s   {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
