"""Volume projects made of given PDFs, for the PDF stage's tests, and their volume built.

One part, the papers in the order given, two authors each (so that LNCS heads read "G. Hopper
and A. Turing") and titles long enough to be shortened in a recto head. The front matter is
the stand-in of :mod:`typeset_standin`, which is quick and has real anchors.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from typeset_standin import standins

from proceedings.layout import Layout, compute_layout, read_page_counts
from proceedings.load import load_volume
from proceedings.model import Volume
from proceedings.pdf.assemble import PdfOutputs, build_pdfs
from proceedings.pdf.cache import PdfCache


def pdf_project(
    root: Path, pdfs: Mapping[str, bytes], *, stamp: str = "lncs", size: str = "a4"
) -> Path:
    """A project in ``root`` whose papers (ids and PDF bytes) are ``pdfs``."""
    source = root / "source"
    source.mkdir(parents=True)
    (source / "volume.yaml").write_text(
        "title: Test Papers\nacronym: TEST 2025\nyear: 2025\n"
        "event: {name: A volume of test papers}\n"
        "series: {name: Example Series, short_name: EXS, volume: 9}\n"
        "editors: [{given: Ada, family: Lovelace}]\n"
        "parts: [{id: all, title: All}]\n"
        f"pdf: {{stamp: {stamp}, volume_size: {size}}}\n",
        encoding="utf-8",
    )
    for order, (paper, data) in enumerate(pdfs.items(), 1):
        folder = root / "papers" / paper
        folder.mkdir(parents=True)
        (folder / "paper.pdf").write_bytes(data)
        (folder / "paper.yaml").write_text(
            f"title: Paper {order}, with a title long enough to be shortened in the head\n"
            "authors: [{given: Grace, family: Hopper}, {given: Alan, family: Turing}]\n"
            f"part: all\norder: {order}\n",
            encoding="utf-8",
        )
    return root


@dataclass(frozen=True)
class Built:
    """A project's volume and per-paper PDFs, with what places its pages."""

    volume: Volume
    layout: Layout
    out: PdfOutputs
    front_pages: int

    @property
    def reader(self) -> PdfReader:
        """The volume, read back."""
        return PdfReader(io.BytesIO(self.out.volume))

    def index(self, paper: str, page: int = 0) -> int:
        """The volume page index of the paper's page ``page`` (0-based)."""
        return self.front_pages + self.layout.of(paper).first - self.layout.first_page + page

    def pages(self, paper: str) -> range:
        """The volume's page indexes of a paper's pages."""
        start = self.index(paper)
        return range(start, start + self.layout.of(paper).pages)


def build(root: Path, cache: PdfCache | None = None) -> Built:
    """The volume and per-paper PDFs of the project at ``root`` (stand-in front matter)."""
    volume = load_volume(root)
    layout = compute_layout(volume, read_page_counts(volume))
    front, parts, back = standins(volume, layout)
    out = build_pdfs(volume, layout, front, parts, back, cache=cache)
    return Built(volume, layout, out, len(PdfReader(io.BytesIO(front.pdf)).pages))
