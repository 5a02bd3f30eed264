"""Stamped papers: each paper's PDF parsed once, copied into a writer of its own, stamped there.

What the pages' contents and resources reach (content streams, fonts and their widths, images,
colour spaces...) is copied as the bytes the paper wrote, where they are plainly well formed
(:mod:`.rawcopy`): nothing here reads them.

A paper's stamped writer is what both outputs are made of: it is written as the per-paper PDF
(given labels, bookmarks and metadata, which no page refers to), and its pages are serialized
once into the paper's segment of the volume (:mod:`.segments`). So no source PDF is read twice
and no page is stamped twice; a paper's own PDF shows exactly the volume's pages (cropped to
the LNCS trim too, when the volume is), plus a citation line on its first page. One writer per
paper keeps each paper's work independent of the others', which is what lets the cache reuse
it (:mod:`.cache`).

Files reproduce byte for byte (:func:`finish`): no dates unless ``SOURCE_DATE_EPOCH`` is set,
and the file identifier (``/ID``) is a hash of the content.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from io import BytesIO

from pypdf import PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import ArrayObject, ByteStringObject

from proceedings.errors import ProceedingsError
from proceedings.layout import Layout
from proceedings.lncs import page_ranges
from proceedings.model import Paper, Volume
from proceedings.output import source_date
from proceedings.pdf.clearance import check_paper
from proceedings.pdf.placement import Frame, Stamper, arrange, frame_of, multiply, page_height
from proceedings.pdf.rawcopy import read_raw
from proceedings.pdf.sources import (
    OutlineNode,
    add_outline,
    damaged,
    drop_named_destinations,
    make_links_explicit,
    open_paper,
    read_outline,
    read_paper,
)
from proceedings.pdf.stamp import StampSheet, citation_line
from proceedings.pdfink import PageInk, PaperInk
from proceedings.room import PaperPlan, Wants, plan_paper
from proceedings.text import plural

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
        data = read_paper(paper) if data is None else data
        reader = open_paper(paper, data)
        try:
            if len(reader.pages) != entry.pages:
                raise ProceedingsError(
                    f"paper {paper.id}: the PDF has {plural(len(reader.pages), 'page')}, the "
                    f"layout counted {entry.pages}; the file changed since: build again",
                    path=paper.display_pdf,
                    paper=paper.id,
                )
            make_links_explicit(reader)
            self.outline: tuple[OutlineNode, ...] = read_outline(reader)
            read_raw(reader, data)
            self.writer.merge(None, reader, import_outline=False)
        except ProceedingsError:
            raise
        except Exception as exc:  # pypdf on a damaged file: any exception type
            raise damaged(paper, exc) from None
        self.stamper = Stamper(self.writer)

    @staticmethod
    def measured(ink: PaperInk | None, frames: Sequence[Frame]) -> tuple[PageInk | None, ...]:
        """Each page's measured ink, where PDFium saw the page pypdf sees (else None: the
        measure does not apply, and the page is stamped as the LNCS geometry says)."""
        found: list[PageInk | None] = []
        for index, frame in enumerate(frames):
            page_ink = ink[index] if ink is not None and len(ink) == len(frames) else None
            same = (
                page_ink is not None
                and page_ink.rotation == frame.rotation
                and all(abs(a - b) < 1.0 for a, b in zip(page_ink.frame, frame.box, strict=True))
            )
            found.append(page_ink if same else None)
        return tuple(found)

    def plan(
        self, sheet: StampSheet, measured: Sequence[PageInk | None], frames: Sequence[Frame]
    ) -> PaperPlan:
        """Where the paper's stamps go on its pages, from the ink measured on them."""
        paper = self.paper.id
        stamped = [sheet.has(paper, index) for index in range(len(measured))]
        citation = page_height(sheet.citation(paper))
        wants = Wants.of(self.volume.info.pdf, stamped, citation)
        first = self.layout.of(paper).first
        return plan_paper(measured, [frame.size for frame in frames], wants, first)

    def stamp(self, sheet: StampSheet, ink: PaperInk | None = None) -> None:
        """Stamp every page where its plan says (cropping, scaling or shrinking it first, and
        masking the paper's own page numbers); note what was changed and left alone."""
        paper = self.paper.id
        frames = [frame_of(page) for page in self.writer.pages]
        measured = self.measured(ink, frames)
        plan = self.plan(sheet, measured, frames)
        small, shrunk, crowded = [], [], []
        for index, page in enumerate(self.writer.pages):
            page_plan = plan.pages[index]
            if page_plan.problem == "small":
                small.append(index + 1)
                continue
            if page_plan.problem == "no-room":
                crowded.append(index + 1)
            if page_plan.problem == "no-citation":
                self.notes.append(
                    f"paper {paper}: its opening page has no free margin for the citation line, "
                    "even shrunk to 90%; it has its page number only"
                )
            geometry = arrange(page, frames[index], plan.transform, page_plan.shrink, self.stamper)
            if page_plan.shrink != 1.0:
                shrunk.append(f"{index + 1} ({round(page_plan.shrink * 100)}%)")
            to_user = geometry.to_user
            if page_plan.masks:
                self.stamper.cover(page, list(page_plan.masks), multiply(geometry.source, to_user))
            if page_plan.citation is not None:
                c = page_plan.citation
                bottom = c.top - c.height * c.scale
                matrix = multiply((c.scale, 0.0, 0.0, c.scale, c.x, bottom), to_user)
                self.stamper.draw(page, sheet.citation(paper), matrix)
            stamp = sheet.page(paper, index)
            if stamp is not None and page_plan.line is not None:
                line = page_plan.line
                matrix = multiply((line.scale, 0.0, 0.0, line.scale, line.x, line.y), to_user)
                self.stamper.draw(page, stamp, matrix)
        if crowded:
            raise ProceedingsError(
                f"paper {paper}: page(s) {page_ranges(crowded)} have no free margin for the page "
                f"number, even with the page shrunk to 90%: ask the authors for a PDF with "
                "margins",
                path=self.paper.display_pdf,
            )
        # Read back: what was written must keep clear of the ink measured on the source.
        wrong = check_paper(paper, list(self.writer.pages), measured, plan.numbers)
        if wrong:
            raise ProceedingsError(
                "\n".join(
                    [
                        *wrong,
                        f"paper {paper}: the stamps do not keep clear of the "
                        "paper's ink; nothing written",
                    ]
                ),
                path=self.paper.display_pdf,
            )
        if small:
            self.notes.append(
                f"paper {paper}: page(s) {page_ranges(small)} are too small for a page number or "
                "the citation line (under half the LNCS trim, 155 x 235 mm) and are left "
                "unstamped"
            )
        if shrunk:
            self.notes.append(
                f"paper {paper}: page(s) {', '.join(shrunk)} shrunk about their centre to make "
                "room for the stamps (their text runs into the margin)"
            )
        if plan.numbered:
            numbered = page_ranges([p + 1 for p in plan.numbered])
            self.notes.append(
                f"paper {paper}: its own page numbers (page(s) {numbered}) are replaced by the "
                "volume's"
            )

    def paper_pdf(self) -> bytes:
        """The paper's own PDF: the stamped writer itself, given its labels, bookmarks and
        metadata, and written. These live in the document's catalog and outline, which no page
        refers to, so the paper's segment, serialized from its pages afterwards, is the same
        as without them (and copying the pages into a writer of their own would cost a third
        of a paper's work again)."""
        paper = self.paper
        writer = self.writer
        drop_named_destinations(writer)
        add_outline(writer, self.outline, 0)
        writer.set_page_label(
            0, self.count - 1, style=PageLabelStyle.DECIMAL, start=self.layout.of(paper.id).first
        )
        return finish(writer, paper_metadata(self.volume, self.layout, paper))


def paper_metadata(volume: Volume, layout: Layout, paper: Paper) -> dict[str, str]:
    """A per-paper PDF's document information: its title, authors, citation and keywords."""
    info = paper.info
    return {
        "/Title": " ".join(info.title.split()),
        "/Author": ", ".join(p.name.full for p in info.authors),
        "/Subject": citation_line(volume, layout, paper),
        "/Keywords": ", ".join(info.keywords),
    }


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
