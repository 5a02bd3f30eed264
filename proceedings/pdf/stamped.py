"""Stamped papers: each paper's PDF parsed once, copied into a writer of its own, stamped there.

A paper's stamped writer is what both outputs are made of: its pages are serialized once into
the paper's segment of the volume (:mod:`.segments`), and its per-paper PDF is copied out of
it. pypdf copies parsed objects without parsing them again, so no source PDF is read twice and
no page is stamped twice; a paper's own PDF shows exactly the volume's pages (cropped to the
LNCS trim too, when the volume is), plus a citation line on its first page. One writer per
paper keeps each paper's work independent of the others', which is what lets the cache reuse
it (:mod:`.cache`).

Files reproduce byte for byte (:func:`finish`): no dates unless ``SOURCE_DATE_EPOCH`` is set,
and the file identifier (``/ID``) is a hash of the content.
"""

from __future__ import annotations

import hashlib
from io import BytesIO
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import ArrayObject, ByteStringObject

from proceedings.errors import ProceedingsError
from proceedings.layout import Layout
from proceedings.model import Paper, Volume
from proceedings.output import source_date
from proceedings.pdf.placement import Stamper, Where, frame_of, page_height, placement, set_trim
from proceedings.pdf.sources import (
    OutlineNode,
    add_outline,
    damaged,
    drop_named_destinations,
    make_links_explicit,
    open_paper,
    read_outline,
)
from proceedings.pdf.stamp import LINE_HEIGHT, StampSheet, citation_line

_ID_PLACEHOLDER = bytes(16)


class StampedPaper:
    """One archival paper's pages, copied into a writer of their own and stamped there."""

    def __init__(
        self, volume: Volume, layout: Layout, paper: Paper, data: bytes | None = None
    ) -> None:
        """Parse the paper's PDF (``data``: its bytes, if read already) and copy its pages;
        read its bookmarks on the way."""
        self.volume = volume
        self.layout = layout
        self.paper = paper
        self.writer = PdfWriter()
        self.notes: list[str] = []
        entry = layout.of(paper.id)
        self.count = entry.pages
        reader = open_paper(paper, data)
        try:
            if len(reader.pages) != entry.pages:
                raise ProceedingsError(
                    f"paper {paper.id}: the PDF has {len(reader.pages)} pages, the layout "
                    f"counted {entry.pages}; the file changed since: build again",
                    path=paper.display_pdf,
                )
            make_links_explicit(reader)
            self.outline: tuple[OutlineNode, ...] = read_outline(reader)
            self.writer.merge(None, reader, import_outline=False)
        except ProceedingsError:
            raise
        except Exception as exc:  # pypdf on a damaged file: any exception type
            raise damaged(paper, exc) from None
        self.stamper = Stamper(self.writer)

    def stamp(self, sheet: StampSheet) -> None:
        """Stamp every page (and crop it to the trim, if asked); note the pages left alone."""
        options = self.volume.info.pdf
        where: Where = "foot" if options.stamp == "footer" else "head"
        paper = self.paper.id
        uncropped, small = [], []
        for index, page in enumerate(self.writer.pages):
            frame = frame_of(page)
            if options.volume_size == "lncs-trim" and not set_trim(page, frame):
                uncropped.append(index + 1)
            stamp = sheet.page(paper, index)
            if stamp is None:
                continue
            matrix = placement(frame, where, LINE_HEIGHT, options.stamp)
            if matrix is None:
                small.append(index + 1)
                continue
            self.stamper.draw(page, stamp, matrix)
        if small:
            self.notes.append(
                f"paper {paper}: page(s) {_pages(small)} are too small for a page number (under "
                "half the LNCS trim, 155 x 235 mm) and are left unstamped"
            )
        if uncropped:
            self.notes.append(
                f"paper {paper}: page(s) {_pages(uncropped)} are smaller than "
                "the LNCS trim (155 x 235 mm) and are left uncropped"
            )

    def paper_pdf(self, sheet: StampSheet) -> tuple[bytes, list[str]]:
        """The paper's stamped pages copied out, with its citation line, labels and metadata;
        and a note if its first page has no room for the citation. The stamped writer is
        only read, so the paper's segment is the same whether it is serialized before or
        after."""
        paper = self.paper
        writer = PdfWriter()
        # pypdf merges from any document, a writer too; its type hint names readers only.
        writer.merge(None, cast(PdfReader, self.writer), import_outline=False)
        drop_named_destinations(writer)
        stamp = sheet.citation(paper.id)
        first = writer.pages[0]
        style = self.volume.info.pdf.stamp
        matrix = placement(frame_of(first), "citation", page_height(stamp), style)
        notes = []
        if matrix is not None:
            Stamper(writer).draw(first, stamp, matrix)
        else:
            notes.append(f"paper {paper.id}: its first page is too small for the citation")
        add_outline(writer, self.outline, 0)
        writer.set_page_label(
            0, self.count - 1, style=PageLabelStyle.DECIMAL, start=self.layout.of(paper.id).first
        )
        return finish(writer, paper_metadata(self.volume, self.layout, paper)), notes


def paper_metadata(volume: Volume, layout: Layout, paper: Paper) -> dict[str, str]:
    """A per-paper PDF's document information: its title, authors, citation and keywords."""
    info = paper.info
    return {
        "/Title": " ".join(info.title.split()),
        "/Author": ", ".join(p.name.full for p in info.authors),
        "/Subject": citation_line(volume, layout, paper),
        "/Keywords": ", ".join(info.keywords),
    }


def _pages(numbers: list[int]) -> str:
    """``2, 3, 4, 7`` -> ``2-4, 7``."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def set_metadata(writer: PdfWriter, info: dict[str, str]) -> None:
    """The given document information, dated only by ``SOURCE_DATE_EPOCH``."""
    metadata = {key: value for key, value in info.items() if value}
    metadata["/Creator"] = "proceedings"
    metadata["/Producer"] = "pypdf"
    when = source_date()
    if when is not None:
        metadata["/CreationDate"] = metadata["/ModDate"] = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    writer.metadata = metadata


def finish(writer: PdfWriter, info: dict[str, str]) -> bytes:
    """The writer's bytes with the given metadata (:func:`set_metadata`) and an ``/ID`` that
    hashes the content: written with a placeholder, which is then replaced (same length, in
    the trailer, so no offset moves)."""
    set_metadata(writer, info)
    placeholder = ByteStringObject(_ID_PLACEHOLDER)
    writer._ID = ArrayObject([placeholder, placeholder])
    out = BytesIO()
    writer.write(out)
    data = out.getvalue()
    digest = hashlib.sha256(data).digest()[:16]
    trailer = data.rfind(b"trailer")
    tail = data[trailer:].replace(_ID_PLACEHOLDER.hex().encode(), digest.hex().encode())
    return data[:trailer] + tail
