"""The PDF stage measured stage by stage inside one process: issue 13's [A], [B], [A'], [B'].

These four are defined on the PDF stage alone (no start-up, no check, no site), and two of
them cannot be had from a command: the volume without the per-paper PDFs, and a run that finds
the papers' ink measured already while nothing else is cached. So they stay measurements of
the stage's own functions, each build in a fresh process (``python tools/bench_stages.py
MODE PROJECT``, printing JSON), as a real build runs: typst's font loading is paid once per
process, the peaks start from a clean heap, and no run inherits another's memory. Each build
writes its files to ``_bench/out/`` inside its timing, since qpdf's time includes writing too.

A build measures, in order: load + layout, then the PDF stage as ``write_pdfs`` runs it
(``assemble_pdfs``: the stamps typeset in a thread, the papers stamped in worker processes,
then the pages around the papers typeset) without the per-paper PDFs (``assembly``: mode
``volume``) or with them (``build``, then ``verify`` and storing the cache entries made,
``cache``: mode ``whole``, from an empty cache, ``_bench/pdf-cache/``). Both measure where
every paper page has ink (PDFium, in two worker processes, :mod:`proceedings.pdfink`) as a
clean build does; modes ``volume-facts`` and ``whole-facts`` find it measured already
(``_bench/pdf-ink.json``), which is what every build after the first one pays.

This file follows the PDF stage's functions (``proceedings.pdf``): when they change, it does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import astuple
from pathlib import Path
from typing import Any

from bench_measure import Sample, measure, users_environment
from bench_project import BENCH

from proceedings.layout import Layout, compute_layout, read_page_counts
from proceedings.load import load_volume
from proceedings.model import Volume
from proceedings.pdf.assemble import Assembled, assemble_pdfs, render_matter, typeset_sheet
from proceedings.pdf.cache import PdfCache
from proceedings.pdf.verify import verify
from proceedings.pdfink import InkQueue, measure_pdfs

OUT = BENCH / "out"
CACHE = BENCH / "pdf-cache"  # the PDF stage's cache: emptied by each whole build
INK = BENCH / "pdf-ink.json"  # the papers' ink, for the runs that find it measured already
MODES = ("volume", "whole", "volume-facts", "whole-facts")


def _load(project: Path) -> tuple[Volume, Layout]:
    volume = load_volume(project)
    return volume, compute_layout(volume, read_page_counts(volume))


def _build(
    volume: Volume, layout: Layout, cache: PdfCache, *, papers: bool, inks: InkQueue
) -> Assembled:
    """``assemble_pdfs`` as ``write_pdfs`` runs it, into ``_bench/out/``."""
    (OUT / "papers").mkdir(parents=True, exist_ok=True)

    def deliver(paper_id: str, pdf: bytes) -> None:
        (OUT / "papers" / f"{paper_id}.pdf").write_bytes(pdf)

    sheet = typeset_sheet(volume, layout, cache)
    with (OUT / "volume.pdf").open("wb") as out:
        return assemble_pdfs(
            volume,
            layout,
            lambda: render_matter(volume, layout, cache),
            out,
            deliver=deliver if papers else None,
            cache=cache,
            inks=inks,
            sheet=sheet.result,
        )


def stages(project: Path, mode: str) -> dict[str, Any]:
    """A build's PDF stages, in order, each measured: load + layout, then ``assemble_pdfs``
    without (``assembly``) or with (``build``, then ``verify`` and storing the cache entries
    made, ``cache``) the per-paper PDFs; ``mode``: one of :data:`MODES` (see the module
    docstring). Run in a fresh process (:func:`child`)."""
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
    inks = InkQueue([paper.pdf_path for paper in volume.archival_papers], ink, nice=False)
    name = "build" if papers else "assembly"
    with inks:
        out, samples[name] = measure(
            lambda: _build(volume, layout, cache, papers=papers, inks=inks)
        )
    problems: list[str] = []
    if papers:
        problems, samples["verify"] = measure(
            lambda: verify(volume, layout, OUT / "volume.pdf", out.front_pages, out.reused)
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
    result = subprocess.run(
        command, stdout=subprocess.PIPE, text=True, check=True, env=users_environment()
    )
    data: dict[str, Any] = json.loads(result.stdout)
    data["samples"] = {name: Sample(*values) for name, values in data["samples"].items()}
    return data


if __name__ == "__main__":
    mode, folder = sys.argv[1:]
    if mode not in MODES:
        raise SystemExit(f"mode {mode!r}: not one of {MODES}")
    (OUT / "papers").mkdir(parents=True, exist_ok=True)
    print(json.dumps(stages(Path(folder), mode)))
