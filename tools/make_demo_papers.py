"""Typeset the demo volume's paper PDFs from their ``papers/*/paper.yaml``.

The demo volume (``source/``, ``papers/``) is fictional; its camera-ready PDFs are made with
:mod:`proceedings.samplepaper` so that they look like real LNCS papers without being anybody's
work. The PDFs are committed; this script remakes them when the metadata or the typesetter
changes, and writes a file only when its bytes differ, so a rerun leaves the tree untouched.

Usage: ``python tools/make_demo_papers.py [--check]`` (``--check``: write nothing, exit 1 when a
PDF is missing or out of date).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from proceedings.load import load_volume
from proceedings.output import write_atomic
from proceedings.samplepaper import SamplePaper, render_sample_paper

ROOT = Path(__file__).resolve().parent.parent

# Pages of each paper: a mix of lengths, about 100 in all; the short-track paper (004) stays
# within its 8 pages and the extended abstract (008) is short.
PAGES = {
    "001": 12,
    "002": 14,
    "003": 9,
    "004": 6,
    "005": 10,
    "006": 11,
    "007": 8,
    "008": 4,
    "009": 10,
    "010": 9,
    "011": 7,
    "012": 5,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if stale")
    args = parser.parse_args()
    stale = []
    total_bytes = 0
    for paper in load_volume(ROOT).papers:
        start = time.perf_counter()
        spec = SamplePaper.of(paper.info, pages=PAGES[paper.id], seed=f"tml4h2025/{paper.id}")
        pdf = render_sample_paper(spec)
        seconds = time.perf_counter() - start
        total_bytes += len(pdf)
        if paper.pdf_path.is_file() and paper.pdf_path.read_bytes() == pdf:
            status = "unchanged"
        elif args.check:
            status = "STALE"
            stale.append(paper.id)
        else:
            write_atomic(paper.pdf_path, pdf)
            status = "written"
        size = f"{len(pdf) / 1024:6.1f} KiB"
        print(f"{paper.id}: {spec.pages:2d} pages, {size}, {seconds:.2f} s, {status}")
    print(f"total: {sum(PAGES.values())} pages, {total_bytes / 1024:.1f} KiB")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
