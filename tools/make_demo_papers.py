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
import unicodedata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proceedings.samplepaper import SamplePaper, render_sample_paper  # noqa: E402

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


def is_cjk(text: str) -> bool:
    """Whether the text has Chinese, Japanese or Korean characters (printed without spaces)."""
    return any(
        unicodedata.name(c, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA")) for c in text
    )


def display_name(person: dict[str, Any]) -> str:
    """The name as a by-line prints it: ``Jan van der Berg``, ``Nguyễn Văn An``, ``王小明``."""
    family = str(person["family"])
    given = str(person.get("given") or "")
    if person.get("mononym") or not given:
        name = family
    else:
        family_first = person.get("family_first")
        if family_first is None:
            family_first = is_cjk(family + given)
        if family_first:
            name = family + ("" if is_cjk(family) and is_cjk(given) else " ") + given
        else:
            name = f"{given} {family}"
    suffix = person.get("suffix")
    return f"{name} {suffix}" if suffix else name


def institute_text(affiliation: str | dict[str, Any]) -> str:
    """``Institution, City, Country``, from either form of an affiliation."""
    if isinstance(affiliation, str):
        return affiliation
    parts = [affiliation.get(key) for key in ("institution", "city", "country")]
    return ", ".join(str(p) for p in parts if p)


def sample_paper(paper_id: str, meta: dict[str, Any]) -> SamplePaper:
    """The typesetter's view of one paper.yaml: institutes numbered by first appearance."""
    institutes: list[str] = []
    authors: list[tuple[str, tuple[int, ...]]] = []
    for person in meta["authors"]:
        numbers = []
        for affiliation in person.get("affiliations") or []:
            text = institute_text(affiliation)
            if text not in institutes:
                institutes.append(text)
            numbers.append(institutes.index(text) + 1)
        authors.append((display_name(person), tuple(numbers)))
    return SamplePaper(
        title=" ".join(str(meta["title"]).split()),
        authors=tuple(authors),
        institutes=tuple(institutes),
        abstract=" ".join(str(meta["abstract"]).split()),
        keywords=tuple(str(k) for k in meta.get("keywords") or ()),
        pages=PAGES[paper_id],
        seed=f"tml4h2025/{paper_id}",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if stale")
    args = parser.parse_args()
    stale = []
    total_bytes = 0
    for folder in sorted((ROOT / "papers").iterdir()):
        source = folder / "paper.yaml"
        if not source.is_file():
            continue
        meta = yaml.safe_load(source.read_text(encoding="utf-8"))
        if folder.name not in PAGES:
            print(f"{folder.name}: no page count in PAGES, skipped", file=sys.stderr)
            continue
        start = time.perf_counter()
        pdf = render_sample_paper(sample_paper(folder.name, meta))
        seconds = time.perf_counter() - start
        total_bytes += len(pdf)
        target = folder / str(meta.get("pdf") or "paper.pdf")
        same = target.is_file() and target.read_bytes() == pdf
        if same:
            status = "unchanged"
        elif args.check:
            status = "STALE"
            stale.append(folder.name)
        else:
            target.write_bytes(pdf)
            status = "written"
        size = f"{len(pdf) / 1024:6.1f} KiB"
        print(f"{folder.name}: {PAGES[folder.name]:2d} pages, {size}, {seconds:.2f} s, {status}")
    print(f"total: {sum(PAGES.values())} pages, {total_bytes / 1024:.1f} KiB")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
