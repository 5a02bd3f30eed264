"""Stamped papers: each paper's PDF parsed once, copied into one writer, stamped there once.

The volume's writer holds every paper's pages; they are stamped in place (:mod:`.placement`)
and the per-paper PDFs are copied out of it. pypdf copies parsed objects without parsing them
again, so no source PDF is read twice and no page is stamped twice; a paper's own PDF shows
exactly the volume's pages (cropped to the LNCS trim too, when the volume is), plus a citation
line on its first page. The stamps are typeset by typst in a background thread while the
papers are parsed (typst releases the GIL), and drawn once all papers are in.

Form fields: pypdf's merge keeps each paper's fields and widgets working and the first form's
dictionary; :func:`.sources.merge_form_resources` adds later papers' default fonts. Fields keep
their names, so two papers using the same field name would share its value in the volume
(papers with forms are rare; nothing is flattened and nothing breaks the file).

Files reproduce byte for byte (:func:`finish`): no dates unless ``SOURCE_DATE_EPOCH`` is set,
and the file identifier (``/ID``) is a hash of the content.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
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
    merge_form_resources,
    open_paper,
    read_outline,
)
from proceedings.pdf.stamp import LINE_HEIGHT, StampSheet, citation_line, plan_stamps

_ID_PLACEHOLDER = bytes(16)


@dataclass
class Placed:
    """Where a paper's pages sit in the writer, and the paper's own bookmarks."""

    paper: Paper
    start: int
    count: int
    outline: tuple[OutlineNode, ...]
    stamped: bool = False


class StampedPapers:
    """The archival papers' pages in one writer (the volume's, or one of their own), stamped."""

    def __init__(
        self,
        volume: Volume,
        layout: Layout,
        writer: PdfWriter | None = None,
        only: Iterable[str] | None = None,
    ) -> None:
        self.volume = volume
        self.layout = layout
        self.writer = writer if writer is not None else PdfWriter()
        self.placed: dict[str, Placed] = {}
        self.notes: list[str] = []
        self._stamper = Stamper(self.writer)
        plans = plan_stamps(volume, layout, only)
        pool = ThreadPoolExecutor(max_workers=1)
        self._sheet: Future[StampSheet] = pool.submit(StampSheet, plans)
        pool.shutdown(wait=False)  # the thread ends with its one task

    @property
    def sheet(self) -> StampSheet:
        """The typeset stamps (waits for typst)."""
        return self._sheet.result()

    def add(self, paper: Paper) -> Placed:
        """Copy the paper's pages to the end of the writer; read its bookmarks on the way."""
        entry = self.layout.of(paper.id)
        reader = open_paper(paper)
        start = len(self.writer.pages)
        try:
            if len(reader.pages) != entry.pages:
                raise ProceedingsError(
                    f"paper {paper.id}: the PDF has {len(reader.pages)} pages, the layout "
                    f"counted {entry.pages}; the file changed since: build again",
                    path=paper.display_pdf,
                )
            make_links_explicit(reader)
            outline = read_outline(reader)
            self.writer.merge(None, reader, import_outline=False)
            merge_form_resources(self.writer, reader)
        except ProceedingsError:
            raise
        except Exception as exc:  # pypdf on a damaged file: any exception type
            raise damaged(paper, exc) from None
        placed = Placed(paper, start, entry.pages, outline)
        self.placed[paper.id] = placed
        return placed

    def stamp_all(self) -> None:
        """Stamp every paper added and not stamped yet (and crop it to the trim, if asked)."""
        for placed in self.placed.values():
            if not placed.stamped:
                self._stamp(placed)
                placed.stamped = True

    def _stamp(self, placed: Placed) -> None:
        options = self.volume.info.pdf
        where: Where = "foot" if options.stamp == "footer" else "head"
        paper = placed.paper.id
        uncropped, small = [], []
        for index in range(placed.count):
            page = self.writer.pages[placed.start + index]
            frame = frame_of(page)
            if options.volume_size == "lncs-trim" and not set_trim(page, frame):
                uncropped.append(index + 1)
            stamp = self.sheet.page(paper, index)
            if stamp is None:
                continue
            matrix = placement(frame, where, LINE_HEIGHT, options.stamp)
            if matrix is None:
                small.append(index + 1)
                continue
            self._stamper.draw(page, stamp, matrix)
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

    def paper_pdf(self, paper: Paper) -> bytes:
        """The paper's stamped pages copied out, with its citation line, labels and metadata."""
        self.stamp_all()
        placed = self.placed[paper.id]
        writer = PdfWriter()
        pages = [self.writer.pages[placed.start + i] for i in range(placed.count)]
        # pypdf merges from any document, a writer too; its type hint names readers only.
        writer.merge(None, cast(PdfReader, self.writer), pages=pages, import_outline=False)
        drop_named_destinations(writer)
        stamp = self.sheet.citation(paper.id)
        first = writer.pages[0]
        style = self.volume.info.pdf.stamp
        matrix = placement(frame_of(first), "citation", page_height(stamp), style)
        if matrix is not None:
            Stamper(writer).draw(first, stamp, matrix)
        else:
            self.notes.append(f"paper {paper.id}: its first page is too small for the citation")
        add_outline(writer, placed.outline, 0)
        writer.set_page_label(
            0, placed.count - 1, style=PageLabelStyle.DECIMAL, start=self.layout.of(paper.id).first
        )
        info = paper.info
        return finish(
            writer,
            {
                "/Title": " ".join(info.title.split()),
                "/Author": ", ".join(p.name.full for p in info.authors),
                "/Subject": citation_line(self.volume, self.layout, paper),
                "/Keywords": ", ".join(info.keywords),
            },
        )


def _pages(numbers: list[int]) -> str:
    """``2, 3, 4, 7`` -> ``2-4, 7``."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def finish(writer: PdfWriter, info: dict[str, str]) -> bytes:
    """The writer's bytes with the given metadata, dated only by ``SOURCE_DATE_EPOCH``, and an
    ``/ID`` that hashes the content: written with a placeholder, which is then replaced (same
    length, in the trailer, so no offset moves)."""
    metadata = {key: value for key, value in info.items() if value}
    metadata["/Creator"] = "proceedings"
    metadata["/Producer"] = "pypdf"
    when = source_date()
    if when is not None:
        metadata["/CreationDate"] = metadata["/ModDate"] = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    writer.metadata = metadata
    placeholder = ByteStringObject(_ID_PLACEHOLDER)
    writer._ID = ArrayObject([placeholder, placeholder])
    out = BytesIO()
    writer.write(out)
    data = out.getvalue()
    digest = hashlib.sha256(data).digest()[:16]
    trailer = data.rfind(b"trailer")
    tail = data[trailer:].replace(_ID_PLACEHOLDER.hex().encode(), digest.hex().encode())
    return data[:trailer] + tail
