"""The PDF stage measured stage by stage inside one process: issue 13's [A], [B], [A'], [B'].

These four are defined on the PDF stage alone (no start-up, no check, no site), and two of
them cannot be had from a command: the volume without the per-paper PDFs, and a run that finds
the papers' ink measured already while nothing else is cached. So they stay measurements of
the stage's own functions, each build in a fresh process (``python tools/bench_stages.py
MODE PROJECT``, printing JSON), as a real build runs: typst's font loading is paid once per
process, the peaks start from a clean heap, and no run inherits another's memory. Each build
writes its files to ``_bench/out/`` inside its timing, since qpdf's time includes writing too.

A build measures, in order: load + layout, front matter, part pages, author index (typst),
then ``build_pdfs`` without the per-paper PDFs (``assembly``: mode ``volume``) or with them
(``build``, then ``verify`` and storing the cache entries made, ``cache``: mode ``whole``,
from an empty cache, ``_bench/pdf-cache/``). Both measure where every paper page has ink
(PDFium, in two worker processes, :mod:`proceedings.pdfink`) as a clean build does; modes
``volume-facts`` and ``whole-facts`` find it measured already (``_bench/pdf-ink.json``),
which is what every build after the first one pays.

This file follows the PDF stage's functions (``proceedings.pdf``): when they change, it does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from bench_measure import Sample, measure
from bench_project import BENCH

from proceedings.layout import Layout, compute_layout, read_page_counts
from proceedings.load import load_volume
from proceedings.model import Volume
from proceedings.pdf.assemble import PdfOutputs, build_pdfs
from proceedings.pdf.cache import PdfCache
from proceedings.pdf.frontmatter import (
    render_author_index,
    render_front_matter,
    render_part_page,
)
from proceedings.pdf.typeset import Typeset
from proceedings.pdf.verify import verify
from proceedings.pdfink import InkQueue, measure_pdfs

OUT = BENCH / "out"
CACHE = BENCH / "pdf-cache"  # the PDF stage's cache: emptied by each whole build
INK = BENCH / "pdf-ink.json"  # the papers' ink, for the runs that find it measured already
MODES = ("volume", "whole", "volume-facts", "whole-facts")
TYPESETTING = ("load", "front", "parts", "index")
"""The stages both builds run alike, before ``build_pdfs``."""


@dataclass(frozen=True)
class Typesets:
    front: Typeset
    parts: dict[str, Typeset]
    back: Typeset


def _load(project: Path) -> tuple[Volume, Layout]:
    volume = load_volume(project)
    return volume, compute_layout(volume, read_page_counts(volume))


def _parts(volume: Volume, layout: Layout, cache: PdfCache) -> dict[str, Typeset]:
    return {
        entry.part: render_part_page(volume, entry.part, number, cache)
        for number, entry in enumerate(layout.parts, 1)
    }


def _build(
    volume: Volume,
    layout: Layout,
    typesets: Typesets,
    cache: PdfCache,
    *,
    papers: bool,
    inks: InkQueue,
) -> PdfOutputs:
    """``build_pdfs``, then its files written to ``_bench/out/``."""
    front, parts, back = typesets.front, typesets.parts, typesets.back
    out = build_pdfs(volume, layout, front, parts, back, papers=papers, cache=cache, inks=inks)
    (OUT / "volume.pdf").write_bytes(out.volume)
    for paper_id, pdf in out.papers.items():
        (OUT / "papers" / f"{paper_id}.pdf").write_bytes(pdf)
    return out


def stages(project: Path, mode: str) -> dict[str, Any]:
    """A build's PDF stages, in order, each measured: load + layout, front matter, part pages,
    author index, then ``build_pdfs`` without (``assembly``) or with (``build``, then
    ``verify`` and storing the cache entries made, ``cache``) the per-paper PDFs; ``mode``:
    one of :data:`MODES` (see the module docstring). Run in a fresh process (:func:`child`)."""
    samples: dict[str, Sample] = {}
    facts = mode.endswith("-facts")  # the ink measured by an earlier run, kept in INK
    mode = mode.removesuffix("-facts")
    papers = mode != "volume"
    if mode == "whole":
        shutil.rmtree(CACHE, ignore_errors=True)
    cache = PdfCache(CACHE if papers else None)
    (volume, layout), samples["load"] = measure(lambda: _load(project))
    if facts:
        measure_pdfs([paper.pdf_path for paper in volume.archival_papers], INK)
    # As write_pdfs does: the ink is measured in other processes from here on.
    ink = INK if facts else None
    inks = InkQueue([paper.pdf_path for paper in volume.archival_papers], ink)
    front, samples["front"] = measure(lambda: render_front_matter(volume, layout, cache))
    parts, samples["parts"] = measure(lambda: _parts(volume, layout, cache))
    back, samples["index"] = measure(lambda: render_author_index(volume, layout, cache))
    typesets = Typesets(front, parts, back)
    name = "build" if papers else "assembly"
    with inks:
        out, samples[name] = measure(
            lambda: _build(volume, layout, typesets, cache, papers=papers, inks=inks)
        )
    problems: list[str] = []
    if papers:
        problems, samples["verify"] = measure(
            lambda: verify(volume, layout, out.volume, out.front_pages, out.reused)
        )
        _, samples["cache"] = measure(cache.commit)
    return {
        "samples": {name: astuple(sample) for name, sample in samples.items()},
        "problems": problems,
        "notes": list(out.notes),
        "front_pages": out.front_pages,
        "reused": len(out.reused),
        "files": [str(p.pdf_path.relative_to(project)) for p in volume.archival_papers],
    }


def child(mode: str, project: Path) -> dict[str, Any]:
    """:func:`stages` in a fresh process: its samples, problems, notes and facts."""
    command = [sys.executable, __file__, mode, str(project)]
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    data: dict[str, Any] = json.loads(result.stdout)
    data["samples"] = {name: Sample(*values) for name, values in data["samples"].items()}
    return data


if __name__ == "__main__":
    mode, folder = sys.argv[1:]
    if mode not in MODES:
        raise SystemExit(f"mode {mode!r}: not one of {MODES}")
    (OUT / "papers").mkdir(parents=True, exist_ok=True)
    print(json.dumps(stages(Path(folder), mode)))
