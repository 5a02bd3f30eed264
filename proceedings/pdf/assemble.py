"""The PDF volume and the per-paper PDFs: typeset pages and stamped papers, put together.

The volume is a frame and the papers' segments (:mod:`.segments`). The frame is one pypdf
writer filled in page order: the front matter (Roman page labels from I), then, as the layout
says, part pages, blank pages and a stand-in page for each paper page (Arabic labels from
``layout.first_page``), then the back matter (Arabic, continuing from
``layout.backmatter_first``). Every page number comes from :class:`Layout`; nothing is counted
here except to check that the pages land where the layout put them.

Then the navigation: a nested outline (front-matter sections; each part, its papers as
"Title — A. O'Brien and J. van der Berg", each paper's own bookmarks under it; the author
index), and a link over every contents line (to the paper's or part's first page) and every
author-index page number. The papers' own links and annotations are in their segments; their
form fields and article threads are gathered into the volume's form and thread list here.

The file is written by :func:`.serialize.write_file`, as a stream: the frame's objects
(without the stand-ins: every reference to a stand-in leads to the paper's real page in its
segment), the form, then each segment, read back from the build's spool as its turn comes.
The frame is rebuilt on every build (it is small); the segments, the slow part, come from the
cache when their paper did not change. What is held in memory is the frame and one paper's
work at a time, whatever the size of the volume.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from io import BytesIO
from typing import Any, BinaryIO, TypeVar

from pypdf import PageObject, PdfWriter
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
from proceedings.lncs import TRIM
from proceedings.model import PAGE_SIZES_MM, Paper, Volume
from proceedings.pdf.cache import PdfCache
from proceedings.pdf.frontmatter import (
    render_author_index,
    render_front_matter,
    render_part_page,
)
from proceedings.pdf.placement import Frame, frame_of
from proceedings.pdf.rawcopy import read_raw
from proceedings.pdf.segments import Deliver, Entry, Kept, Segment, make_papers
from proceedings.pdf.serialize import Block, Encoded, Encoder, Spool, references, write_file
from proceedings.pdf.sources import (
    OutlineNode,
    add_outline,
    bulk_pypdf,
    drop_named_destinations,
    make_links_explicit,
    open_typeset,
)
from proceedings.pdf.stamp import StampSheet, plan_stamps, running_authors
from proceedings.pdf.stamped import StampedPaper, set_metadata
from proceedings.pdf.typeset import Anchor, Typeset, drop_anchor_links
from proceedings.pdfink import PT_PER_MM, InkQueue, measure_pdf


@dataclass(frozen=True)
class PdfOutputs:
    """The volume PDF, the per-paper PDFs by paper id, in memory (:func:`build_pdfs`), and
    what :class:`Assembled` tells."""

    volume: bytes
    papers: dict[str, bytes]
    notes: tuple[str, ...] = ()
    front_pages: int = 0
    reused: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Placed:
    """Where a paper's pages sit in the volume (a writer page index) and its segment."""

    start: int
    segment: Segment

    @property
    def outline(self) -> tuple[OutlineNode, ...]:
        return self.segment.outline


class _Frame:
    """Fills one writer with the volume's pages in order (stand-ins for the papers'), then
    adds its navigation; :meth:`write` puts it and the segments into one file."""

    def __init__(self, volume: Volume, layout: Layout, segments: Mapping[str, Segment]) -> None:
        self.volume = volume
        self.layout = layout
        self.segments = segments
        self.writer = PdfWriter()
        self.placed: dict[str, _Placed] = {}
        self.part_pages: dict[str, int] = {}
        self.notes: list[str] = []
        self.front_pages = 0
        self._order: list[str] = []  # the papers' segments, in page order
        self._stand_ins: dict[int, str] = {}  # writer number -> the external name it stands for
        self._frames: dict[int, Frame] = {}  # page index of a stand-in -> its paper page's frame

    def add_typeset(self, typeset: Typeset, pad_to: int = 0) -> int:
        """Append a typeset PDF (padded with blank pages to ``pad_to``); return its first index."""
        start = len(self.writer.pages)
        reader = open_typeset(typeset.pdf)
        drop_anchor_links(reader)
        make_links_explicit(reader)
        read_raw(reader, typeset.pdf)  # its fonts and page contents, copied as typst wrote them
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

    def _stand_in(self, name: str) -> IndirectObject:
        """An object of the frame that the file replaces by the object ``name``."""
        ref = self.writer._add_object(DictionaryObject())
        self._stand_ins[ref.idnum] = name
        return ref

    def add_paper(self, paper: str) -> int:
        """Stand-ins for the paper's pages; return how many."""
        segment = self.segments[paper]
        number = len(self._order)
        self._order.append(paper)
        start = len(self.writer.pages)
        self.placed[paper] = _Placed(start, segment)
        tree = self.writer.root_object["/Pages"]
        pages = self.writer.flattened_pages
        assert isinstance(tree, DictionaryObject)  # the writer's own, flat page tree
        assert pages is not None
        kids = tree["/Kids"]
        assert isinstance(kids, ArrayObject)
        for index, frame in enumerate(segment.frames):
            # A bare page appended to the (flat) page tree, as pypdf's add_page would, but
            # without copying a blank page and walking the tree for each of 2,400.
            page = PageObject(self.writer)
            page[NameObject("/Type")] = NameObject("/Page")
            page[NameObject("/Parent")] = tree.indirect_reference
            ref = self.writer._add_object(page)
            kids.append(ref)
            pages.append(page)
            self._stand_ins[ref.idnum] = f"seg:{number}:{index}"
            self._frames[start + index] = frame
        tree[NameObject("/Count")] = NumberObject(len(kids))
        return segment.pages

    def build(self, front: Typeset, parts: Mapping[str, Typeset], back: Typeset) -> None:
        """All pages in order; labels, links, outline, form, metadata."""
        layout = self.layout
        self.add_typeset(front)
        front_pages = self.front_pages = len(self.writer.pages)
        events = sorted(
            [(p.page, 0, p.part) for p in layout.parts]
            + [(e.first, 1, e.paper) for e in layout.papers]
        )
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
                number += self.add_paper(ident)
        while number < layout.backmatter_first:
            self.add_blank()
            number += 1
        back_start = self.add_typeset(back)
        self._labels(front_pages, back_start)
        self._links(front, 0, front_pages)
        self._links(back, back_start, front_pages)
        self._outline(front, back, back_start)
        drop_named_destinations(self.writer)
        self._catalog()
        self.writer.page_mode = "/UseOutlines"
        info = self.volume.info
        set_metadata(
            self.writer,
            {
                "/Title": info.title,
                "/Author": ", ".join(p.name.full for p in info.editors),
                "/Subject": info.event.name,
                "/Keywords": ", ".join([info.acronym, *(part.title for part in info.parts)]),
            },
        )

    def _catalog(self) -> None:
        """The papers' forms and article threads, gathered in the volume's catalog."""
        root = self.writer.root_object
        if any(self.segments[p].form is not None for p in self._order):
            root[NameObject("/AcroForm")] = self._stand_in("form")
        threads = [
            self._stand_in(f"seg:{number}:{thread}")
            for number, paper in enumerate(self._order)
            for thread in self.segments[paper].threads
        ]
        if threads:
            root[NameObject("/Threads")] = ArrayObject(threads)

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
        papers = {paper.id: paper for paper in self.volume.archival_papers}
        starts = [p.start for i, p in self.placed.items() if papers[i].info.part == part]
        return min(starts, default=None)

    def _target(self, anchor: Anchor, front_pages: int) -> int | None:
        """The page a contents or index anchor leads to (a writer page index)."""
        if anchor.kind == "paper" and anchor.target in self.placed:
            return self.placed[anchor.target].start
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
        frame = self._frames.get(index) or frame_of(page)
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
        papers = {paper.id: paper for paper in self.volume.archival_papers}
        for section in front.sections:
            self._section(section, 0)
        for part in self.volume.info.parts:
            first = self._first_page_of_part(part.id)
            if first is None:
                continue
            item = writer.add_outline_item(title=part.title, page_number=self._ref(first))
            for paper_id, placed in self.placed.items():
                paper = papers[paper_id]
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

    def write(self, sheet: StampSheet, spool: Spool, out: BinaryIO) -> None:
        """Write the volume to ``out``: the frame, the form, the segments, each read back from
        the spool as its turn comes (see the module docstring)."""
        writer = self.writer
        writer._resolve_links()  # what pypdf does before writing: merged links patched
        encoder = Encoder(writer, self._stand_ins.get)
        root, info = writer.root_object.indirect_reference, writer._info
        assert root is not None
        assert info is not None
        assert info.indirect_reference is not None
        catalog = encoder.root(root)
        metadata = encoder.root(info.indirect_reference)
        # The stamps' fonts and resources, one copy a chunk of the stamp sheet, shared by
        # the segments of its papers.
        shared = sorted(
            {
                (int(chunk), int(number))
                for segment in self.segments.values()
                for name in segment.externals
                if name.startswith("sheet:")
                for chunk, number in [name.removeprefix("sheet:").split(":")]
            }
        )
        sheet_objects = {
            f"sheet:{chunk}:{number}": encoder.root(
                IndirectObject(number, 0, sheet.reader(chunk)).clone(writer)
            )
            for chunk, number in shared
        }
        frame = encoder.encode()
        tree = writer.root_object.raw_get("/Pages")
        assert isinstance(tree, IndirectObject)
        numbers = {
            "catalog": catalog + 1,
            "pages": encoder.index[tree.idnum] + 1,
            **{name: index + 1 for name, index in sheet_objects.items()},
        }
        segments = [self.segments[paper] for paper in self._order]
        first = len(frame.ends) + 1
        form = self._form(segments, first + 1) if "form" in frame.externals else None
        bases = []
        at = first + (1 if form is not None else 0)
        for segment in segments:
            bases.append(at)
            at += segment.objects
        resolve = {"form": first}
        for name in frame.externals:
            if name.startswith("seg:"):
                _, number, index = name.split(":")
                resolve[name] = bases[int(number)] + int(index)
        blocks = [Block(frame, 1, resolve)]
        if form is not None:
            blocks.append(Block(Encoded(form, (len(form),), (), (), ()), first, {}))
        versions = [writer.pdf_header, *(segment.version for segment in segments)]
        header = max(versions, key=lambda v: tuple(int(x) for x in v[5:].split(".")))
        trailer = {"/Root": b"%d 0 R" % (catalog + 1), "/Info": b"%d 0 R" % (metadata + 1)}
        papers = (
            Block(segment.encoded(spool), base, numbers)
            for segment, base in zip(segments, bases, strict=True)
        )
        write_file(out, header.encode(), itertools.chain(blocks, papers), trailer)

    def _form(self, segments: list[Segment], start: int) -> bytes:
        """The volume's form: the first form's entries, every paper's fields, the default
        resources of all (a name the volume has already keeps its first meaning), and
        ``/NeedAppearances`` when any paper asks for it."""
        bases = []
        at = start
        for segment in segments:
            bases.append(at)
            at += segment.objects
        fields: list[int] = []
        entries: dict[str, bytes] = {}
        resources: dict[str, dict[str, bytes] | bytes] = {}
        seen = False
        for segment, base in zip(segments, bases, strict=True):
            form = segment.form
            if form is None:
                continue

            def value(entry: Entry, base: int = base) -> bytes:
                kind, data = entry
                return b"%d 0 R" % (base + data) if kind == "ref" else str(data).encode("latin-1")

            fields += [base + field for field in form.fields]
            for key, entry in form.entries:
                if not seen or (key == "/NeedAppearances" and value(entry) != b"false"):
                    entries[key] = value(entry)
            for group in form.resources:
                mine = resources.get(group.kind)
                if group.names is None:
                    if mine is None and group.whole is not None:
                        resources[group.kind] = value(group.whole)
                    continue
                if mine is None:
                    mine = resources[group.kind] = {}
                if isinstance(mine, dict):
                    for name, entry in group.names:
                        mine.setdefault(name, value(entry))
            seen = True
        parts = [b"<<\n/Fields %s\n" % references(fields)]
        if resources:
            parts.append(b"/DR <<\n")
            for kind, mine in resources.items():
                if isinstance(mine, dict):
                    inner = b"".join(b"%s %s\n" % (n.encode(), v) for n, v in mine.items())
                    parts.append(b"%s <<\n%s>>\n" % (kind.encode(), inner))
                else:
                    parts.append(b"%s %s\n" % (kind.encode(), mine))
            parts.append(b">>\n")
        parts += [b"%s %s\n" % (key.encode(), data) for key, data in entries.items()]
        return b"".join([*parts, b">>"])


def _measure(volume: Volume) -> InkQueue:
    """The ink of the archival papers' pages, measured now, uncached."""
    return InkQueue([paper.pdf_path for paper in volume.archival_papers])


T = TypeVar("T")


def _in_thread(work: Callable[..., T], *args: object) -> Future[T]:
    """``work(*args)`` begun in a thread of its own, which ends with it: the caller goes on
    meanwhile (typst works on both cores, mostly without the GIL)."""
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(work, *args)
    pool.shutdown(wait=False)
    return future


def typeset_sheet(
    volume: Volume, layout: Layout, cache: PdfCache, after: Future[Any] | None = None
) -> Future[StampSheet]:
    """Begin typesetting the volume's stamps, in a thread (typst works in a process of its own
    for a large sheet), once ``after`` is done, if given."""
    sheet = StampSheet(plan_stamps(volume, layout))

    def work() -> StampSheet:
        if after is not None:
            wait([after])
        return sheet.typeset(cache)

    return _in_thread(work)


@dataclass(frozen=True)
class Matter:
    """The typeset pages around the papers: the front matter, each part's page (by part id)
    and the back matter."""

    front: Typeset
    parts: Mapping[str, Typeset]
    back: Typeset


def render_matter(volume: Volume, layout: Layout, cache: PdfCache) -> Matter:
    """Typeset the pages around the papers (with typst)."""
    front = render_front_matter(volume, layout, cache)
    parts = {
        opening.part: render_part_page(
            volume, opening.part, layout.part_number(opening.part) or 0, cache
        )
        for opening in layout.parts
    }
    return Matter(front, parts, render_author_index(volume, layout, cache))


def typeset_matter(volume: Volume, layout: Layout, cache: PdfCache) -> Future[Matter]:
    """Begin typesetting the pages around the papers, in a thread."""
    return _in_thread(render_matter, volume, layout, cache)


@dataclass(frozen=True)
class Assembled:
    """What :func:`assemble_pdfs` tells besides the files: notes on pages left as they were,
    the number of front-matter pages and the papers whose segments were reused from the
    cache (what :func:`.verify.verify` needs), and the key of each per-paper PDF."""

    notes: tuple[str, ...]
    front_pages: int
    reused: frozenset[str]
    pdf_keys: Mapping[str, str]


def assemble_pdfs(
    volume: Volume,
    layout: Layout,
    matter: Callable[[], Matter],
    out: BinaryIO,
    *,
    deliver: Deliver | None,
    cache: PdfCache | None = None,
    inks: InkQueue | None = None,
    spool: str | None = None,
    sheet: Callable[[], StampSheet] | None = None,
    kept: Kept | None = None,
    papers_made: Callable[[], None] | None = None,
) -> Assembled:
    """Write the volume PDF to ``out`` and give every archival paper's own PDF to ``deliver``
    as soon as it is made or found (None: the volume alone, as the benchmark measures it),
    unless ``kept`` says it is in place already.
    ``matter`` gives the pages around the papers, asked for once the papers are made: typeset
    then, when the stamping workers have ended (typst keeps the memory a document needed, some
    120 MB for 200 papers' front matter and index, which the workers' 150 MB need not meet),
    or begun earlier (:func:`typeset_matter`). When the cache has all papers but a few, which
    no worker process makes (a title changed), it is asked for in a thread while they are
    made.

    Each paper's PDF is read once and its pages stamped once, for both, unless the cache has
    its work already; what is made goes to the cache, put in place by ``cache.commit()``. The
    papers' serialized pages wait in a temporary file in the folder ``spool`` (by default the
    system's) until the volume is written, so the memory held does not grow with the volume.
    An encrypted or damaged paper PDF stops the build with a :class:`ProceedingsError` naming
    paper and file. ``inks`` is where the papers' pages have ink, measured meanwhile (by
    default, uncached); ``sheet`` gives the stamp sheet typeset (:func:`typeset_sheet`, begun
    earlier), else it is typeset now. ``papers_made`` is called once every paper's PDF is
    delivered (or kept), before the volume is put together.
    """
    cache = cache or PdfCache(None)
    with (
        bulk_pypdf(),
        contextlib.nullcontext(inks) if inks else _measure(volume) as ink_queue,
        contextlib.closing(Spool(spool)) as spooled,
    ):
        stamps = sheet() if sheet is not None else typeset_sheet(volume, layout, cache).result()
        begun: list[Future[Matter]] = []
        try:
            work = make_papers(
                volume,
                layout,
                stamps,
                cache,
                spooled,
                deliver=deliver,
                inks=ink_queue,
                kept=kept,
                few=lambda: begun.append(_in_thread(matter)),
            )
            if papers_made is not None:
                papers_made()
            around = begun[0].result() if begun else matter()
        finally:
            wait(begun)  # a thread still typesetting writes into the cache: it ends first
        frame = _Frame(volume, layout, work.segments)
        frame.build(around.front, around.parts, around.back)
        frame.write(stamps, spooled, out)
    reused = frozenset(p for p, segment in work.segments.items() if segment.reused)
    return Assembled((*work.notes, *frame.notes), frame.front_pages, reused, work.pdf_keys)


def build_pdfs(
    volume: Volume,
    layout: Layout,
    front: Typeset,
    parts: Mapping[str, Typeset],
    back: Typeset,
    *,
    papers: bool = True,
    cache: PdfCache | None = None,
    inks: InkQueue | None = None,
) -> PdfOutputs:
    """:func:`assemble_pdfs` into memory: the volume PDF and (unless ``papers`` is False)
    every archival paper's own PDF as bytes, for a volume small enough to hold (the tests)."""
    volume_pdf = BytesIO()
    made: dict[str, bytes] = {}
    done = assemble_pdfs(
        volume,
        layout,
        lambda: Matter(front, parts, back),
        volume_pdf,
        deliver=made.__setitem__ if papers else None,
        cache=cache,
        inks=inks,
    )
    ordered = {p.id: made[p.id] for p in volume.archival_papers if p.id in made}
    return PdfOutputs(volume_pdf.getvalue(), ordered, done.notes, done.front_pages, done.reused)


def build_paper_pdf(volume: Volume, layout: Layout, paper: Paper) -> bytes:
    """One paper's stamped PDF, without building the volume (its stamps typeset alone)."""
    with bulk_pypdf():
        sheet = StampSheet(plan_stamps(volume, layout, only=[paper.id])).typeset()
        stamped = StampedPaper(volume, layout, paper)
        stamped.stamp(sheet, measure_pdf(paper.pdf_path))
        return stamped.paper_pdf()
