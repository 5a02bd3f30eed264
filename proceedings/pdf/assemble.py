"""The PDF volume and the per-paper PDFs: typeset pages and stamped papers, put together.

The volume is one pypdf writer filled in page order: the front matter (Roman page labels from
I), then, as the layout says, part pages, blank pages and the papers (Arabic labels from
``layout.first_page``), then the back matter (Arabic, continuing from
``layout.backmatter_first``). Every page number comes from :class:`Layout`; nothing is counted
here except to check that the pages land where the layout put them.

Then the navigation: a nested outline (front-matter sections; each part, its papers as
"Title — A. O'Brien and J. van der Berg", each paper's own bookmarks under it; the author
index), and a link over every contents line (to the paper's or part's first page) and every
author-index page number. The papers' own links, annotations and form fields come through the
merge (see :mod:`.stamped` and :mod:`.sources`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    Fit,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    RectangleObject,
)

from proceedings.errors import ProceedingsError
from proceedings.layout import Layout
from proceedings.model import PAGE_SIZES_MM, Paper, Volume
from proceedings.pdf.placement import TRIM, frame_of
from proceedings.pdf.sources import (
    add_outline,
    bulk_pypdf,
    drop_named_destinations,
    make_links_explicit,
    open_typeset,
)
from proceedings.pdf.stamp import PT_PER_MM, running_authors
from proceedings.pdf.stamped import StampedPapers, finish
from proceedings.pdf.typeset import Anchor, Typeset


@dataclass(frozen=True)
class PdfOutputs:
    """The volume PDF, the per-paper PDFs by paper id, notes on pages left as they were, and
    the number of front-matter pages (what :func:`.verify.verify` needs)."""

    volume: bytes
    papers: dict[str, bytes]
    notes: tuple[str, ...] = ()
    front_pages: int = 0


class _Volume:
    """Fills one writer with the volume's pages in order, then adds its navigation."""

    def __init__(self, volume: Volume, layout: Layout) -> None:
        self.volume = volume
        self.layout = layout
        self.writer = PdfWriter()
        self.papers = StampedPapers(volume, layout, self.writer)
        self.part_pages: dict[str, int] = {}
        self.notes = self.papers.notes
        self.front_pages = 0

    def add_typeset(self, typeset: Typeset, pad_to: int = 0) -> int:
        """Append a typeset PDF (padded with blank pages to ``pad_to``); return its first index."""
        start = len(self.writer.pages)
        reader = open_typeset(typeset.pdf)
        make_links_explicit(reader)
        self.writer.merge(None, reader, import_outline=False)
        while len(self.writer.pages) - start < pad_to:
            self.add_blank()
        return start

    def add_blank(self) -> None:
        """A blank page of the volume's size."""
        if self.volume.info.pdf.volume_size == "lncs-trim":
            width, height = TRIM
        else:
            width, height = (v * PT_PER_MM for v in PAGE_SIZES_MM["a4"])
        self.writer.add_blank_page(width, height)

    def build(self, front: Typeset, parts: Mapping[str, Typeset], back: Typeset) -> bytes:
        """All pages in order, stamped; labels, links, outline, metadata."""
        layout = self.layout
        self.add_typeset(front)
        front_pages = self.front_pages = len(self.writer.pages)
        events = sorted(
            [(p.page, 0, p.part) for p in layout.parts]
            + [(e.first, 1, e.paper) for e in layout.papers]
        )
        papers = {paper.id: paper for paper in self.volume.archival_papers}
        number = layout.first_page
        for first, kind, ident in events:
            while number < first:
                self.add_blank()
                number += 1
            if number != first:
                raise ProceedingsError(f"the layout overlaps at page {first}: lay out again")
            if kind == 0:
                if ident not in parts:
                    raise ProceedingsError(f"part {ident}: its part page was not typeset")
                self.part_pages[ident] = self.add_typeset(parts[ident], pad_to=2)
                if len(self.writer.pages) - self.part_pages[ident] > 2:
                    raise ProceedingsError(f"part {ident}: its part page runs over two pages")
                number += 2
            else:
                number += self.papers.add(papers[ident]).count
        while number < layout.backmatter_first:
            self.add_blank()
            number += 1
        back_start = self.add_typeset(back)
        self.papers.stamp_all()
        self._labels(front_pages, back_start)
        self._links(front, 0, front_pages)
        self._links(back, back_start, front_pages)
        self._outline(front, back, back_start)
        drop_named_destinations(self.writer)
        self.writer.page_mode = "/UseOutlines"
        info = self.volume.info
        return finish(
            self.writer,
            {
                "/Title": info.title,
                "/Author": ", ".join(p.name.full for p in info.editors),
                "/Subject": info.event.name,
                "/Keywords": ", ".join([info.acronym, *(part.title for part in info.parts)]),
            },
        )

    def _labels(self, front_pages: int, back_start: int) -> None:
        total = len(self.writer.pages)
        ranges = [
            (0, front_pages, PageLabelStyle.UPPERCASE_ROMAN, 1),
            (front_pages, back_start, PageLabelStyle.DECIMAL, self.layout.first_page),
            (back_start, total, PageLabelStyle.DECIMAL, self.layout.backmatter_first),
        ]
        for start, end, style, number in ranges:
            if end > start:
                self.writer.set_page_label(start, end - 1, style=style, start=number)

    def _first_page_of_part(self, part: str) -> int | None:
        """The part page, or the first page of the part's first paper when there is none."""
        if part in self.part_pages:
            return self.part_pages[part]
        starts = [p.start for p in self.papers.placed.values() if p.paper.info.part == part]
        return min(starts, default=None)

    def _target(self, anchor: Anchor, front_pages: int) -> int | None:
        """The page a contents or index anchor leads to (a writer page index)."""
        if anchor.kind == "paper" and anchor.target in self.papers.placed:
            return self.papers.placed[anchor.target].start
        if anchor.kind == "part":
            return self._first_page_of_part(anchor.target)
        if anchor.kind == "page" and anchor.target.isdigit():
            number = int(anchor.target)
            if self.layout.first_page <= number < self.layout.backmatter_first:
                return front_pages + number - self.layout.first_page
        return None

    def _links(self, typeset: Typeset, offset: int, front_pages: int) -> None:
        """A Link annotation over every paper, part and page anchor of a typeset part."""
        for anchor in typeset.anchors:
            if anchor.kind == "section":
                continue
            target = self._target(anchor, front_pages)
            if target is None:
                self.notes.append(
                    f"no link from the {anchor.kind} entry {anchor.target!r} on typeset page "
                    f"{anchor.page + 1}: its target is not in the volume"
                )
                continue
            link = DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Link"),
                    NameObject("/Rect"): RectangleObject(anchor.rect),
                    NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
                    NameObject("/Dest"): self._destination(target),
                }
            )
            page = self.writer.pages[offset + anchor.page]
            annots = page.get("/Annots")
            annots = annots.get_object() if annots is not None else None
            if not isinstance(annots, ArrayObject):
                annots = ArrayObject()
                page[NameObject("/Annots")] = annots
            annots.append(self.writer._add_object(link))

    def _destination(self, index: int) -> ArrayObject:
        """The top of a page at the reader's zoom (the whole page, if the page is rotated)."""
        page = self.writer.pages[index]
        frame = frame_of(page)
        ref = page.indirect_reference
        if frame.rotation:
            return ArrayObject([ref, NameObject("/Fit")])
        x0, _, _, y1 = frame.box
        return ArrayObject(
            [ref, NameObject("/XYZ"), FloatObject(x0), FloatObject(y1), NullObject()]
        )

    def _ref(self, index: int) -> IndirectObject | None:
        return self.writer.pages[index].indirect_reference

    def _section(self, section: Anchor, offset: int) -> None:
        top = section.rect[3]
        self.writer.add_outline_item(
            title=section.title,
            page_number=self._ref(offset + section.page),
            fit=Fit.xyz(section.rect[0], top, None) if top else Fit.fit(),
        )

    def _outline(self, front: Typeset, back: Typeset, back_start: int) -> None:
        """Front-matter sections; parts > papers > their bookmarks; back-matter sections."""
        writer = self.writer
        for section in front.sections:
            self._section(section, 0)
        for part in self.volume.info.parts:
            first = self._first_page_of_part(part.id)
            if first is None:
                continue
            item = writer.add_outline_item(title=part.title, page_number=self._ref(first))
            for placed in self.papers.placed.values():
                paper = placed.paper
                if paper.info.part != part.id:
                    continue
                title = " ".join(paper.info.title.split())
                entry = writer.add_outline_item(
                    title=f"{title} — {running_authors(paper)}",
                    page_number=self._ref(placed.start),
                    parent=item,
                    is_open=False,
                )
                add_outline(writer, placed.outline, placed.start, entry)
        sections = back.sections
        if not sections and back_start < len(writer.pages):
            sections = (Anchor("section", 0, (0, 0, 0, 0), title="Author Index"),)
        for section in sections:
            self._section(section, back_start)


def build_pdfs(
    volume: Volume,
    layout: Layout,
    front: Typeset,
    parts: Mapping[str, Typeset],
    back: Typeset,
    *,
    papers: bool = True,
) -> PdfOutputs:
    """The volume PDF and (unless ``papers`` is False) every archival paper's own PDF.

    Each paper's PDF is read once and its pages stamped once, for both. An encrypted or
    damaged paper PDF stops the build with a :class:`ProceedingsError` naming paper and file.
    """
    with bulk_pypdf():
        builder = _Volume(volume, layout)
        volume_pdf = builder.build(front, parts, back)
        own = {}
        if papers:
            own = {p.id: builder.papers.paper_pdf(p) for p in volume.archival_papers}
    return PdfOutputs(volume_pdf, own, tuple(builder.notes), builder.front_pages)


def build_volume(
    volume: Volume, layout: Layout, front: Typeset, parts: Mapping[str, Typeset], back: Typeset
) -> bytes:
    """The volume PDF alone."""
    return build_pdfs(volume, layout, front, parts, back, papers=False).volume


def build_paper_pdf(volume: Volume, layout: Layout, paper: Paper) -> bytes:
    """One paper's stamped PDF, without building the volume (its stamps typeset alone)."""
    with bulk_pypdf():
        stamped = StampedPapers(volume, layout, only=[paper.id])
        stamped.add(paper)
        return stamped.paper_pdf(paper)
