"""Snapshot what the checks read off PDFs (their facts and ink), to show that a change to the
readers (:mod:`proceedings.pdfinfo`, :mod:`proceedings.pdfink`) keeps every result.

    python tools/pdf_reads.py dump BEFORE.json FOLDER_OR_PDF...   # on the old code
    python tools/pdf_reads.py dump AFTER.json FOLDER_OR_PDF...    # on the new code
    python tools/pdf_reads.py compare BEFORE.json AFTER.json

Each PDF is read every way the code reads it: facts and ink in one pass, each alone, the ink
from the file's bytes, and the facts by ``inspect_pdf``; ``compare`` names every file and way
whose result differs and exits 1 if any does. Speed is measured elsewhere: this only proves
that a faster reader reads the same.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from proceedings.pdfinfo import inspect_pdf
from proceedings.pdfink import _paper_json, measure_pdf, read_pdf


def _pdfs(roots: list[str]) -> list[Path]:
    found: set[Path] = set()
    for root in map(Path, roots):
        found.update([root] if root.is_file() else root.rglob("*.[pP][dD][fF]"))
    return sorted(found)


def _reads(path: Path) -> dict[str, Any]:
    both, ink = read_pdf(path, True, True), read_pdf(path, False, True)
    facts = read_pdf(path, True, False)
    assert both.facts is not None
    assert facts.facts is not None
    return {
        "facts and ink: facts": both.facts.as_json(),
        "facts and ink: ink": _paper_json(both.ink),
        "ink alone": _paper_json(ink.ink),
        "facts alone": facts.facts.as_json(),
        "ink from bytes": _paper_json(measure_pdf(path.read_bytes())),
        "inspect_pdf": inspect_pdf(path).as_json(),
    }


def dump(out: str, *roots: str) -> int:
    start = time.process_time()
    found = {str(path): _reads(path) for path in _pdfs(list(roots))}
    Path(out).write_text(json.dumps(found, sort_keys=True), encoding="utf-8")
    print(f"{len(found)} PDFs read in {time.process_time() - start:.1f} s CPU: {out}")
    return 0


def compare(before: str, after: str) -> int:
    old = json.loads(Path(before).read_text(encoding="utf-8"))
    new = json.loads(Path(after).read_text(encoding="utf-8"))
    differ = [
        f"{path}: {way}"
        for path, reads in old.items()
        for way, read in reads.items()
        if new.get(path, {}).get(way) != read
    ]
    differ += [f"{path}: only in {after}" for path in new.keys() - old.keys()]
    pages = [p for reads in old.values() for p in reads["ink alone"]["pages"] or () if p]
    words = sum(len(page["words"]) for page in pages)
    print(f"{len(old)} PDFs, {len(pages)} measured pages, {words} words: {len(differ)} differ")
    print("\n".join(differ))
    return 1 if differ else 0


if __name__ == "__main__":
    commands = {"dump": dump, "compare": compare}
    if len(sys.argv) < 3 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    sys.exit(commands[sys.argv[1]](*sys.argv[2:]))
