"""Segments: each paper's stamped pages serialized once for the volume, and kept in the cache.

A segment is what the volume needs of one paper: its stamped pages and every object they
reach, serialized with the references left open (:class:`.serialize.Encoded`), and as plain
data what the volume's frame builds on (:mod:`.assemble`): the page count, each page's frame
(for link targets), the paper's bookmarks, its form (fields, default resources and other form
entries), its article threads and the notes its stamping made. Pages come first in the block,
so page ``i`` of the paper is the block's object ``i``.

References that leave the segment are named: ``pages`` (the volume's page tree, every page's
``/Parent``), ``catalog``, and ``sheet:C:N``, object N of the stamp sheet's chunk C (a font,
its descriptor...) that the stamps of the chunk's papers share; the frame holds one copy of
each. The stamps' own content streams (made into Form XObjects) stay in the segment.

A paper's two outputs come from one stamped writer (:class:`.stamped.StampedPaper`) and are
cached apart (``segments/`` and ``papers/``), each under a key that hashes the paper's PDF
bytes, its stamps as typeset (:meth:`.stamp.StampSheet.paper_key`: what its pages show, so a
title or a page number changed elsewhere in the volume leaves the key as it was), the options
and versions; the per-paper PDF's key adds its metadata, citation and date.

Segments are made one paper at a time and kept in the build's spool (:class:`.serialize.
Spool`), not in memory, until the volume is written: only what the frame needs of each (its
page frames, bookmarks, form, threads, object count) stays.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    Fit,
    IndirectObject,
    NullObject,
    PdfObject,
)

from proceedings.layout import Layout
from proceedings.model import Paper, Volume
from proceedings.pdf.cache import PdfCache, make_key
from proceedings.pdf.placement import Frame, frame_of
from proceedings.pdf.serialize import Encoded, Encoder, Spool
from proceedings.pdf.sources import OutlineNode, read_paper
from proceedings.pdf.stamp import StampSheet
from proceedings.pdf.stamped import StampedPaper, paper_metadata
from proceedings.pdf.workers import LOCAL_MOST, Job, Made, PaperWorkers
from proceedings.pdfink import InkQueue

# What a form entry holds: ("bytes", the serialized value) when it references nothing, else
# ("ref", its object in the segment): direct values with references are made objects.
Entry = tuple[str, Any]


@dataclass(frozen=True)
class Resources:
    """One kind of a form's default resources (``/Font``...): by name, or one entry when the
    kind is not a dictionary."""

    kind: str
    names: tuple[tuple[str, Entry], ...] | None
    whole: Entry | None = None


@dataclass(frozen=True)
class Form:
    """A paper's interactive form: its fields (segment objects), default resources and other
    entries (``/DA``, ``/NeedAppearances``...)."""

    fields: tuple[int, ...]
    resources: tuple[Resources, ...]
    entries: tuple[tuple[str, Entry], ...]


@dataclass(frozen=True)
class Segment:
    """One paper's part of the volume (see the module docstring), its serialized objects in
    the build's spool at ``where`` (:class:`.serialize.Spool`). ``reused``: it came from the
    cache, made (and verified) by an earlier build."""

    paper: str
    objects: int
    externals: tuple[str, ...]
    where: tuple[int, int]
    frames: tuple[Frame, ...]
    outline: tuple[OutlineNode, ...]
    form: Form | None
    threads: tuple[int, ...]
    version: str
    notes: tuple[str, ...]
    reused: bool = False

    @property
    def pages(self) -> int:
        return len(self.frames)

    def encoded(self, spool: Spool) -> Encoded:
        """Its serialized objects, read back from the spool."""
        return Encoded.unpack(spool.read(self.where), self.externals)


def segment_header(encoded: Encoded, segment: Segment) -> dict[str, Any]:
    """Everything of a segment but its packed objects (the cache entry's body), as JSON."""
    return {
        "paper": segment.paper,
        "externals": list(encoded.externals),
        "frames": [[*f.box, f.rotation] for f in segment.frames],
        "outline": [_node_json(node) for node in segment.outline],
        "form": None if segment.form is None else _form_json(segment.form),
        "threads": list(segment.threads),
        "version": segment.version,
        "notes": list(segment.notes),
    }


def spool_segment(
    header: Mapping[str, Any], packed: bytes, spool: Spool, *, reused: bool
) -> Segment:
    """A segment from its header and packed objects (made now or found in the cache), the
    objects put in the spool."""
    form = header["form"]
    return Segment(
        header["paper"],
        Encoded.objects(packed),
        tuple(header["externals"]),
        spool.add(packed),
        tuple(Frame((f[0], f[1], f[2], f[3]), f[4]) for f in header["frames"]),
        tuple(_node(item) for item in header["outline"]),
        None if form is None else _form(form),
        tuple(header["threads"]),
        header["version"],
        tuple(header["notes"]),
        reused,
    )


def _node_json(node: OutlineNode) -> list[Any]:
    args = [None if isinstance(a, NullObject) else float(a) for a in node.fit.fit_args]
    children = [_node_json(child) for child in node.children]
    return [node.title, node.page, str(node.fit.fit_type), args, children]


def _node(item: list[Any]) -> OutlineNode:
    title, page, fit_type, args, children = item
    return OutlineNode(title, page, Fit(fit_type, args), tuple(_node(c) for c in children))


def _form_json(form: Form) -> dict[str, Any]:
    return {
        "fields": list(form.fields),
        "resources": [
            [r.kind, None if r.names is None else [[n, list(e)] for n, e in r.names], r.whole]
            for r in form.resources
        ],
        "entries": [[key, list(entry)] for key, entry in form.entries],
    }


def _form(data: Mapping[str, Any]) -> Form:
    resources = tuple(
        Resources(
            kind,
            None if names is None else tuple((n, (e[0], e[1])) for n, e in names),
            None if whole is None else (whole[0], whole[1]),
        )
        for kind, names, whole in data["resources"]
    )
    entries = tuple((key, (entry[0], entry[1])) for key, entry in data["entries"])
    return Form(tuple(data["fields"]), resources, entries)


# --------------------------------------------------------------------------------------------
# making segments


def encode_segment(stamped: StampedPaper, sheet: StampSheet) -> tuple[Encoded, Segment]:
    """Serialize a stamped paper's pages (after its per-paper PDF is made: direct form values
    that hold references become objects of its writer here): the objects, and the segment's
    other facts (its ``where`` still unset)."""
    writer = stamped.writer
    writer._resolve_links()  # what pypdf does before writing: links merged in, patched
    chunk = sheet.chunk_of(stamped.paper.id)
    translated = writer._id_translated.get(id(sheet.reader(chunk)), {})
    shared = {
        mine: theirs
        for theirs, mine in translated.items()
        if isinstance(theirs, int) and mine not in stamped.stamper.forms
    }
    tree = writer.root_object.raw_get("/Pages")
    named = {writer.root_object.indirect_reference.idnum: "catalog"}  # type: ignore[union-attr]
    if isinstance(tree, IndirectObject):
        named[tree.idnum] = "pages"

    def external(idnum: int) -> str | None:
        if idnum in shared:
            return f"sheet:{chunk}:{shared[idnum]}"
        return named.get(idnum)

    encoder = Encoder(writer, external)
    frames = []
    for page in writer.pages:
        assert page.indirect_reference is not None
        encoder.root(page.indirect_reference)
        frames.append(frame_of(page))
    form = _read_form(writer, encoder)
    threads = writer.root_object.get("/Threads")
    threads = threads.get_object() if threads is not None else None
    thread_roots = tuple(
        encoder.root(item)
        for item in (threads if isinstance(threads, ArrayObject) else [])
        if isinstance(item, IndirectObject)
    )
    encoded = encoder.encode()
    segment = Segment(
        stamped.paper.id,
        encoded.count,
        encoded.externals,
        (0, 0),
        tuple(frames),
        stamped.outline,
        form,
        thread_roots,
        writer.pdf_header,
        tuple(stamped.notes),
    )
    return encoded, segment


def _references(obj: PdfObject) -> bool:
    """Whether a direct value holds a reference."""
    if isinstance(obj, IndirectObject):
        return True
    if isinstance(obj, DictionaryObject):
        return any(_references(value) for value in obj.values())
    if isinstance(obj, ArrayObject):
        return any(_references(item) for item in obj)
    return False


def _entry(value: PdfObject, writer: PdfWriter, encoder: Encoder) -> Entry:
    if isinstance(value, IndirectObject):
        return ("ref", encoder.root(value))
    if _references(value):
        return ("ref", encoder.root(writer._add_object(value)))
    out = BytesIO()
    value.write_to_stream(out)
    return ("bytes", out.getvalue().decode("latin-1"))


def _read_form(writer: PdfWriter, encoder: Encoder) -> Form | None:
    """The paper's form (pypdf's merge keeps it in the writer's catalog), its parts rooted in
    the segment."""
    acro = writer.root_object.get("/AcroForm")
    acro = acro.get_object() if acro is not None else None
    if not isinstance(acro, DictionaryObject):
        return None
    found = acro.get("/Fields")
    found = found.get_object() if found is not None else None
    fields = tuple(
        encoder.root(item)
        for item in (found if isinstance(found, ArrayObject) else [])
        if isinstance(item, IndirectObject)
    )
    resources: list[Resources] = []
    dr = acro.get("/DR")
    dr = dr.get_object() if dr is not None else None
    for kind, value in dr.items() if isinstance(dr, DictionaryObject) else ():
        entries = value.get_object()
        if isinstance(entries, DictionaryObject):
            names = tuple(
                (str(name), _entry(item, writer, encoder)) for name, item in entries.items()
            )
            resources.append(Resources(str(kind), names))
        else:
            resources.append(Resources(str(kind), None, _entry(value, writer, encoder)))
    entries = tuple(
        (str(key), _entry(value, writer, encoder))
        for key, value in acro.items()
        if key not in ("/Fields", "/DR")
    )
    return Form(fields, tuple(resources), entries)


@dataclass
class PaperWork:
    """Every archival paper's segment (its objects in the spool) and the notes of their
    stamping; the per-paper PDFs went to the ``deliver`` given, and ``pdf_keys`` are the keys
    they were made under (by paper)."""

    segments: dict[str, Segment]
    notes: list[str]
    pdf_keys: dict[str, str]


def paper_keys(
    volume: Volume, layout: Layout, paper: Paper, sheet: StampSheet, data: bytes
) -> tuple[str, str]:
    """The cache keys of a paper's segment and of its per-paper PDF.

    The stamps enter by what the sheet typeset for this paper's pages (:meth:`.StampSheet.
    paper_key`), not by the whole sheet: a title changed elsewhere leaves them as they were.
    """
    options = volume.info.pdf
    entry = layout.of(paper.id)
    inputs = {
        "paper": paper.id,
        "pages": entry.pages,
        "stamp": options.stamp,
        "size": options.volume_size,
        "stamps": sheet.paper_key(paper.id),
    }
    segment = make_key("segment", inputs, data)
    own = {
        "segment": segment,
        "metadata": paper_metadata(volume, layout, paper),
        "first": entry.first,
        "date": os.environ.get("SOURCE_DATE_EPOCH", "").strip(),
    }
    return segment, make_key("paper", own)


Deliver = Callable[[str, bytes], None]
"""Where a per-paper PDF goes as soon as it is made or found: its paper id and bytes."""
Kept = Callable[[str, str], bool]
"""Whether the paper's PDF made under a key (paper id, key) is where it goes already."""


def stamp_paper(volume: Volume, layout: Layout, sheet: StampSheet, job: Job) -> Made:
    """One paper's work: parsed, stamped, its per-paper PDF made, then its segment, each if
    the job wants it (:mod:`.workers` runs this here or in a worker process)."""
    paper = job.paper
    stamped = StampedPaper(volume, layout, paper, job.data)
    stamped.stamp(sheet, job.ink)
    pdf = stamped.paper_pdf() if job.pdf else None
    header: dict[str, Any] | None = None
    packed: bytes | None = None
    if job.segment:
        encoded, segment = encode_segment(stamped, sheet)
        packed = encoded.pack()
        # Made from the very JSON a cached copy gives: a rebuild cannot differ from this.
        header = json.loads(json.dumps(segment_header(encoded, segment), ensure_ascii=False))
    sheet.forget(paper.id)
    return Made(paper.id, pdf, header, packed)


def make_papers(
    volume: Volume,
    layout: Layout,
    sheet: StampSheet,
    cache: PdfCache,
    spool: Spool,
    *,
    deliver: Deliver | None,
    inks: InkQueue,
    kept: Kept | None = None,
    few: Callable[[], None] | None = None,
) -> PaperWork:
    """Each archival paper's segment, put in ``spool``, and (unless ``deliver`` is None) its
    per-paper PDF, given to ``deliver`` unless ``kept`` says it is in place already; reused
    from the cache when its key is there (the keys need the ``sheet`` typeset). The others
    are made (:func:`stamp_paper`) on every core (:class:`.workers.PaperWorkers`), with the
    ink ``inks`` measures meanwhile in other processes. What is made goes to the cache (put
    in place by ``cache.commit``). Nothing is kept in memory but each segment's frame data:
    the memory held does not grow with the volume.

    The papers the cache has whole are taken first. When that leaves so few to make that no
    worker process will start (a rebuild after a title changed), ``few`` is called before
    they are made: the caller may begin other work meanwhile (the pages around the papers).
    (Which entries the cache has is told by their files: one found damaged when read is made
    too, and so many that the workers start after all would have them meet that work.)"""
    segments: dict[str, Segment] = {}
    papers = volume.archival_papers
    pdf_keys: dict[str, str] = {}

    def keys_of(paper: Paper, data: bytes) -> tuple[str, str]:
        segment_key, pdf_key = paper_keys(volume, layout, paper, sheet, data)
        if deliver is not None:
            pdf_keys[paper.id] = pdf_key
        return segment_key, pdf_key

    def in_place(paper: Paper, pdf_key: str) -> bool:
        return deliver is not None and kept is not None and kept(paper.id, pdf_key)

    delivered: set[str] = set()

    def take(paper: Paper, segment_key: str, pdf_key: str) -> tuple[bool, bool]:
        """Take what the cache has of the paper and was not taken yet (its segment spooled,
        its PDF delivered, or left in place); whether the paper has each now."""
        if paper.id not in segments:
            segment = cache.get("segments", segment_key)
            if segment is not None:
                segments[paper.id] = spool_segment(segment[0], segment[1], spool, reused=True)
        if deliver is None or paper.id in delivered:
            return paper.id in segments, True  # no per-paper PDF wanted, or given
        if in_place(paper, pdf_key):
            cache.touch("papers", pdf_key)
            delivered.add(paper.id)
        elif (own := cache.get("papers", pdf_key)) is not None:
            deliver(paper.id, own[1])
            delivered.add(paper.id)
        return paper.id in segments, paper.id in delivered

    # Which papers the cache has whole, until more are missing than would stay in this
    # process: then ``few`` may begin its work while they are taken and the rest are made.
    whole: dict[str, tuple[str, str]] = {}
    missing = 0
    for paper in papers:
        segment_key, pdf_key = keys_of(paper, read_paper(paper))
        if cache.has("segments", segment_key) and (
            deliver is None or in_place(paper, pdf_key) or cache.has("papers", pdf_key)
        ):
            whole[paper.id] = (segment_key, pdf_key)
        else:
            missing += 1
            if missing > LOCAL_MOST:
                break
    if missing <= LOCAL_MOST and few is not None:
        few()

    def keep(made: Made, segment_key: str, pdf_key: str) -> None:
        if made.pdf is not None:
            cache.put("papers", pdf_key, {}, made.pdf)
            assert deliver is not None
            deliver(made.paper, made.pdf)
            delivered.add(made.paper)
        if made.header is not None and made.packed is not None:
            cache.put("segments", segment_key, made.header, made.packed)
            segments[made.paper] = spool_segment(made.header, made.packed, spool, reused=False)

    keys: dict[str, tuple[str, str]] = {}
    # What exists already (the sheet, the volume, the ink) is frozen: the collector's passes
    # after each paper (:func:`.workers._collected`) walk only the papers' objects.
    gc.freeze()
    try:
        with PaperWorkers(volume, layout, sheet, stamp_paper) as workers:
            rest = []
            for paper in papers:  # the cache's first (an entry refused is made again)
                if paper.id not in whole or take(paper, *whole[paper.id]) != (True, True):
                    rest.append(paper)
                else:
                    sheet.forget(paper.id)
            for number, paper in enumerate(rest, 1):
                data = read_paper(paper)  # again: the keys are of the very bytes stamped
                segment_key, pdf_key = keys_of(paper, data)
                segment, pdf = take(paper, segment_key, pdf_key)
                if segment and pdf:
                    sheet.forget(paper.id)
                    continue
                job = Job(paper, data, inks.take(paper.pdf_path), pdf=not pdf, segment=not segment)
                keys[paper.id] = (segment_key, pdf_key)  # until the work comes back
                for made in workers.submit(job, len(rest) - number):
                    keep(made, *keys.pop(made.paper))
            for made in workers.drain():
                keep(made, *keys.pop(made.paper))
    finally:
        gc.unfreeze()
    ids = [paper.id for paper in papers]
    return PaperWork(segments, [note for i in ids for note in segments[i].notes], pdf_keys)
