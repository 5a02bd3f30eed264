"""Page stamps: the running heads, page numbers, footers and citation lines, typeset.

Every stamp of the volume is typeset with typst, one small page per stamp, ten papers' stamps to
a document (:class:`StampSheet`), so the fonts (New Computer Modern 9 pt, plus a CJK font only
when a name needs one) are embedded as subsets once a chunk, and a changed title costs one small
compile. :mod:`.placement` then draws each stamp page on its paper page as a Form XObject.

What a page carries follows Springer's llncs.cls (``shared/reference/lncs-frontmatter``): with
``stamp: lncs`` a paper's first page is bare (its number implied); even (verso) pages show the
number at the outer, left edge and then the short author list, odd (recto) pages the short
title and then the number at the right edge. With ``stamp: footer`` every page gets a footer
line: the number at the outer edge, the volume's short citation at the inner one. Per-paper
PDFs add a citation line under the first page's text block.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

import typst
from pypdf import PageObject, PdfReader
from pypdf.generic import ArrayObject, IndirectObject, NullObject

from proceedings.fonts import Fonts, fonts_for, typst_fonts
from proceedings.layout import Layout
from proceedings.lncs import BASELINE, BLOCK, LINE_HEIGHT
from proceedings.model import Paper, Volume
from proceedings.pdf.cache import PdfCache, file_stamp, make_key
from proceedings.pdf.sources import LazyPages
from proceedings.pdf.typeset import apart
from proceedings.pdfink import PT_PER_MM
from proceedings.reference import appeared_in, page_range, volume_citation

BLOCK_WIDTH = BLOCK[0]  # the LNCS text block's width: every stamp page is this wide
HEAD_INDENT = 11.66 * PT_PER_MM  # llncs \headlineindent: from the number to the head text
# A head or footer stamp page is LINE_HEIGHT high, its baseline BASELINE above its bottom edge
# (proceedings.lncs, where the stamps are placed by the same numbers).
FONT_SIZE = 9.0  # llncs \small
CITATION_SIZE = 8.0


# One page per stamp. A line stamp has its baseline BASELINE above its bottom edge; a citation
# page is as high as its lines, and is placed by its top edge.
_TEMPLATE = r"""
#let data = json(bytes(sys.inputs.data))
#set document(date: none)
#set text(font: data.fonts, size: data.size * 1pt, top-edge: "ascender",
  bottom-edge: "baseline", hyphenate: false, lang: "en")
#set par(justify: false, leading: 0.3em)
#let width = data.width * 1pt
#let indent = data.indent * 1pt
#let lift = data.baseline * 1pt
// A text too long for its room (a long title without short_title) is set smaller, down to
// 6.5 pt, then shortened word by word with an ellipsis: it never runs into the number.
#let fit(body, room) = context {
  let natural = measure(text(body)).width
  if natural <= room { body } else {
    let size = calc.max(6.5, data.size * room / natural) * 1pt
    let words = body.split(" ")
    let shown = body
    while measure(text(size: size, shown)).width > room and words.len() > 1 {
      words = words.slice(0, -1)
      shown = words.join(" ") + "…"
    }
    text(size: size, shown)
  }
}
#let line(s) = {
  let side = if s.side == "left" { left } else { right }
  let other = if s.side == "left" { right } else { left }
  place(bottom + side, dy: -lift, s.number)
  if s.text != "" {
    if s.near {
      let dx = if s.side == "left" { indent } else { -indent }
      place(bottom + side, dx: dx, dy: -lift, fit(s.text, width - indent))
    } else {
      place(bottom + other, dy: -lift, fit(s.text, width - 4 * indent))
    }
  }
}
// Every glyph of the volume's stamps first (see StampSheet): no stamp shows this page.
#if data.glyphs != "" {
  page(width: width, height: auto, margin: 0pt, text(data.glyphs))
}
#for s in data.stamps {
  if s.kind == "citation" {
    page(width: width, height: auto, margin: 0pt, {
      set par(leading: 0.45em)
      show regex("https?://\\S+"): box  // a DOI is never broken across lines
      text(size: data.citation_size * 1pt, bottom-edge: "descender", s.text)
    })
  } else {
    page(width: width, height: data.height * 1pt, margin: 0pt, line(s))
  }
}
"""


@dataclass(frozen=True)
class Stamp:
    """One stamp: a head or footer line (number at ``side``; text next to it when ``near``,
    else at the other edge) or a citation paragraph."""

    kind: Literal["line", "citation"]
    text: str
    number: str = ""
    side: Literal["left", "right"] = "left"
    near: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "number": self.number,
            "side": self.side,
            "near": self.near,
        }


@dataclass(frozen=True)
class PaperStamps:
    """The stamps of one paper: one per page (None: left bare) and its citation line."""

    paper: str
    pages: tuple[Stamp | None, ...]
    citation: Stamp


def running_authors(paper: Paper) -> str:
    """The verso head: ``A. O'Brien``, ``A. O'Brien and J. van der Berg``, ``A. O'Brien et al.``"""
    names = [person.name.short for person in paper.info.authors]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


def running_title(paper: Paper) -> str:
    """The recto head: the short title, else the title, on one line."""
    return " ".join((paper.info.short_title or paper.info.title).split())


def licence_text(spdx: str | None) -> str | None:
    """``CC-BY-4.0`` -> ``CC BY 4.0`` (as Creative Commons writes it); other ids unchanged."""
    if not spdx:
        return None
    return spdx.replace("-", " ") if spdx.upper().startswith("CC") else spdx


def citation_line(volume: Volume, layout: Layout, paper: Paper) -> str:
    """The first-page line of a per-paper PDF: where the paper appeared, its DOI and licence."""
    text = appeared_in(volume, layout, paper)
    licence = licence_text(volume.info.licence)
    if licence:
        text += f" · {licence}"
    return text


def plan_stamps(
    volume: Volume, layout: Layout, only: Iterable[str] | None = None
) -> list[PaperStamps]:
    """What every page of every archival paper (or of the papers in ``only``) carries.

    ``stamp: lncs``: running heads on every page but the first (which LNCS leaves bare, its
    number implied); without ``running_heads`` just the numbers. ``stamp: footer``: on every
    page the number at the outer edge and the volume's short citation at the inner one.
    """
    options = volume.info.pdf
    wanted = set(only) if only is not None else None
    plans = []
    for paper in volume.archival_papers:
        if wanted is not None and paper.id not in wanted:
            continue
        entry = layout.of(paper.id)
        heads = options.running_heads
        footer = f"{volume_citation(volume)}, {page_range(entry)}"
        verso, recto = (running_authors(paper), running_title(paper)) if heads else ("", "")
        stamps: list[Stamp | None] = []
        for index in range(entry.pages):
            number = entry.first + index
            side: Literal["left", "right"] = "left" if number % 2 == 0 else "right"
            if options.stamp == "footer":
                stamps.append(Stamp("line", footer, str(number), side, near=False))
            elif index == 0:
                stamps.append(None)
            else:
                stamps.append(Stamp("line", verso if side == "left" else recto, str(number), side))
        citation = Stamp("citation", citation_line(volume, layout, paper))
        plans.append(PaperStamps(paper.id, tuple(stamps), citation))
    return plans


class StampSheet:
    """All stamps typeset with typst, one page per stamp; look a stamp's page up by paper and
    page.

    The stamps are typeset in chunks of :data:`CHUNK` papers, one typst document each, cached
    under its own key (a hash of what it is typeset from): a changed title typesets its
    chunk again, 30 ms, not the whole volume's stamps, 0.6 s at 200 papers. Each chunk
    embeds its own subsets of the fonts, which the volume holds once a chunk.

    typst numbers a subset's glyphs in the order the document first uses them, so a new
    letter in one title would renumber the glyphs of the chunk's other stamps and have their
    papers stamped again. Each chunk's first page therefore shows every glyph of the
    volume's stamps, in one order (:func:`_glyphs`), and no stamp shows that page: a chunk's
    glyphs are numbered alike whatever its own titles are, as long as the volume's letters
    stay the same.

    :meth:`paper_key` hashes what one paper's stamps became, which is what the work that
    draws them depends on (:mod:`.segments`).
    """

    def __init__(self, plans: Sequence[PaperStamps]) -> None:
        # (paper, page or -1 for the citation) -> (chunk, page of that chunk)
        self._index: dict[tuple[str, int], tuple[int, int]] = {}
        self._pages_of: dict[str, int] = {}  # paper -> its page count
        self._chunks: list[_Chunk] = []
        self._open: deque[int] = deque()  # the chunks read last (see :data:`OPEN`)
        everything = " ".join(
            f"{stamp.text} {stamp.number}"
            for plan in plans
            for stamp in (*plan.pages, plan.citation)
            if stamp is not None
        )
        fonts = fonts_for(everything, "a running head or citation line")
        glyphs = _glyphs(everything)
        # What every chunk's fonts are subset from: a paper's key must change with it, or a
        # cached per-paper PDF would keep subsets that a clean build no longer makes.
        font_files = [file_stamp(Path(folder)) for folder in fonts.paths]
        self._shared = make_key("glyphs", {"glyphs": glyphs, "fonts": font_files}).encode()
        for start in range(0, len(plans), CHUNK):
            stamps: list[Stamp] = []
            for plan in plans[start : start + CHUNK]:
                self._pages_of[plan.paper] = len(plan.pages)
                for number, stamp in enumerate(plan.pages):
                    if stamp is not None:
                        # each chunk's page 0 shows the glyphs, and stamp i is page i + 1
                        self._index[(plan.paper, number)] = (len(self._chunks), len(stamps) + 1)
                        stamps.append(stamp)
                self._index[(plan.paper, -1)] = (len(self._chunks), len(stamps) + 1)
                stamps.append(plan.citation)
            self._chunks.append(_Chunk(*_typst_inputs(stamps, fonts, glyphs), font_files))

    def typeset(self, cache: PdfCache | None = None) -> StampSheet:
        """Typeset the stamps (each chunk found in the cache, or typeset); return the sheet."""
        cache = cache or PdfCache(None)
        missing = []
        for chunk in self._chunks:
            found = cache.get("typst", chunk.key)
            if found is None:
                missing.append(chunk)
            else:
                chunk.set_pdf(found[1], found[0].get("digests"))
        made = _compile([(chunk.data, chunk.fonts) for chunk in missing])
        for chunk, pdf in zip(missing, made, strict=True):
            chunk.set_pdf(pdf)
            cache.put("typst", chunk.key, {"digests": chunk.digests()}, pdf)
        return self

    def chunk_of(self, paper: str) -> int:
        """The chunk that holds the paper's stamps."""
        return self._index[(paper, -1)][0]

    def reader(self, chunk: int) -> PdfReader:
        """The typeset chunk ``chunk`` (after :meth:`typeset`)."""
        return self._use(chunk).reader

    def _use(self, chunk: int) -> _Chunk:
        """Chunk ``chunk``, read; the chunks read before the last :data:`OPEN` let go."""
        if chunk in self._open:
            self._open.remove(chunk)
        self._open.append(chunk)
        while len(self._open) > OPEN:
            self._chunks[self._open.popleft()].close()
        return self._chunks[chunk]

    def has(self, paper: str, index: int) -> bool:
        """Whether the paper's page ``index`` gets a head or footer (without reading it)."""
        return (paper, index) in self._index

    def page(self, paper: str, index: int) -> PageObject | None:
        """The stamp of the paper's page ``index`` (0-based), or None for a bare page."""
        found = self._index.get((paper, index))
        return None if found is None else self._use(found[0]).pages[found[1]]

    def citation(self, paper: str) -> PageObject:
        """The paper's citation-line stamp."""
        chunk, index = self._index[(paper, -1)]
        return self._use(chunk).pages[index]

    def forget(self, paper: str) -> None:
        """Let go of the paper's stamps, parsed to be drawn or hashed: the sheet of a large
        volume, all parsed, would hold some 7 KB a stamp for the whole build. (Their objects
        are parsed again if asked for; the fonts they share stay.)"""
        for index in [*range(self._pages_of[paper]), -1]:
            found = self._index.get((paper, index))
            if found is not None:
                self._chunks[found[0]].forget(found[1])

    def paper_key(self, paper: str) -> str:
        """A hash of the paper's stamps as typeset (:meth:`stamp_keys`) and of the chunk that
        holds them: what the work that draws them depends on.

        So a change of the volume reaches a paper's stamped pages only when it changes what
        they show: another paper's title, or a page number after this paper, changes nothing
        here. A change of the chunk's shared objects (the fonts' subsets) is seen where it
        matters: the content streams then show other glyph numbers, or name other objects.
        The chunk's number is hashed too, as the paper's segment names the chunk's objects
        it shares by it, and the volume's glyphs, which all chunks' fonts are subset from.
        """
        keys = [self._shared, str(self.chunk_of(paper)).encode(), *self.stamp_keys(paper)]
        return hashlib.sha256(b"".join(keys)).hexdigest()

    def stamp_keys(self, paper: str) -> tuple[bytes, ...]:
        """A hash of each of the paper's stamps as :class:`.placement.Stamper` copies them
        (after :meth:`typeset`): each page's head or footer (``b"-"`` for a bare page), then
        the citation line."""
        found = [self._index.get((paper, index)) for index in range(self._pages_of[paper])]
        found.append(self._index[(paper, -1)])
        return tuple(b"-" if at is None else self._use(at[0]).digest(at[1]) for at in found)


class _Chunk:
    """Some papers' stamps, typeset in one typst document, cached under :attr:`key`. Its
    PDF is read when first asked for (a worker process receives every chunk, and stamps the
    papers of a few)."""

    def __init__(self, data: dict[str, Any], fonts: list[str], font_files: list[Any]) -> None:
        """``fonts``: the font folders typst needs; ``font_files``, their :func:`file_stamp`."""
        self.data = data
        self.fonts = fonts
        self.key = make_key("stamps", {"data": data, "fonts": font_files}, _TEMPLATE.encode())
        self.pdf = b""
        self._reader: PdfReader | None = None
        self._pages: LazyPages | None = None
        self._digests: list[str] | None = None  # each page's digest, hex, when known

    def set_pdf(self, pdf: bytes, digests: Any = None) -> None:
        """The typeset PDF, and its pages' :meth:`digests` if known (the cache keeps them:
        a rebuild asks for every stamp's, which took parsing every chunk, 0.1 s at 200
        papers)."""
        self.pdf = pdf
        valid = isinstance(digests, list) and all(isinstance(d, str) for d in digests)
        self._digests = digests if valid else None
        self.close()

    def digests(self) -> list[str]:
        """Each page's :meth:`digest`, in hex."""
        if self._digests is None:
            self._digests = [self._digest(index).hex() for index in range(self.pages.count)]
        return self._digests

    def close(self) -> None:
        """Let go of what was read of the PDF (read again if asked for)."""
        self._reader = self._pages = None

    def __getstate__(self) -> dict[str, Any]:
        """The chunk as a worker process receives it (:mod:`.workers`): typeset, without its
        typst data or parsed pages, which it reads again from the PDF."""
        if not self.pdf:
            raise RuntimeError("the stamp sheet is not typeset yet")
        return {**vars(self), "data": None, "_reader": None, "_pages": None}

    @property
    def reader(self) -> PdfReader:
        if not self.pdf:
            raise RuntimeError("the stamp sheet is not typeset yet")
        if self._reader is None:
            self._reader = PdfReader(BytesIO(self.pdf))
        return self._reader

    @property
    def pages(self) -> LazyPages:
        if self._pages is None:
            self._pages = LazyPages(self.reader)
        return self._pages

    def forget(self, index: int) -> None:
        """Drop stamp page ``index``'s parsed page, contents and resources, if parsed."""
        if self._reader is None:
            return  # nothing read
        cache = self.reader.resolved_objects
        number = self.pages.number(index)
        if number is not None and (0, number) not in cache:
            return  # never parsed (its key reads its bytes)
        page = self.pages[index]
        for key in ("/Contents", "/Resources"):
            value = page.raw_get(key) if key in page else None
            if isinstance(value, IndirectObject):
                cache.pop((value.generation, value.idnum), None)
        if page.indirect_reference is not None:
            ref = page.indirect_reference
            cache.pop((ref.generation, ref.idnum), None)

    def digest(self, index: int) -> bytes:
        """A hash of stamp page ``index``: of its objects' bytes in the chunk as typst wrote
        them (:func:`_written_stamp`), or else as parsed (:func:`_stamp_digest`). A rebuild
        hashes every stamp of the volume: parsing them took a tenth of a second a hundred
        papers."""
        if self._digests is not None and 0 <= index < len(self._digests):
            return bytes.fromhex(self._digests[index])
        return self._digest(index)

    def _digest(self, index: int) -> bytes:
        number = self.pages.number(index)
        offsets = self.reader.xref.get(0, {})
        written = None if number is None else _written_stamp(self.pdf, offsets, number)
        if written is not None:
            return hashlib.sha256(written).digest()
        return _stamp_digest(self.pages[index])


_DICTIONARY = re.compile(rb"(\d+) 0 obj\s*(<<(?:[^<>]|<<[^<>]*>>)*>>)\s*endobj", re.DOTALL)
_STREAM = re.compile(rb"(\d+) 0 obj\s*(<<[^<>]*>>)\s*stream\r?\n", re.DOTALL)
_LENGTH = re.compile(rb"/Length (\d+)[/>\s]")
_PART = re.compile(rb"/(Contents|Resources) (\d+) 0 R")


def _written_object(pdf: bytes, offsets: dict[int, int], number: int) -> bytes | None:
    """Object ``number`` as written at its offset: a dictionary (at most one level of nested
    dictionaries, no strings), or a stream with a direct ``/Length``; None otherwise."""
    at = offsets.get(number)
    if at is None:
        return None
    found = _DICTIONARY.match(pdf, at)
    if found is not None and int(found.group(1)) == number:
        return found.group(2)
    found = _STREAM.match(pdf, at)
    length = _LENGTH.search(found.group(2)) if found is not None else None
    if found is None or length is None or int(found.group(1)) != number:
        return None
    start = found.end()
    end = start + int(length.group(1))
    if pdf[end : end + 20].lstrip(b"\r\n").startswith(b"endstream"):
        return found.group(2) + b"\n" + pdf[start:end]
    return None


def _written_stamp(pdf: bytes, offsets: dict[int, int], number: int) -> bytes | None:
    """A stamp page's dictionary and its content stream's and resources' objects, as written
    (references by number, as :func:`_stamp_digest` has them), or None where the sheet is not
    written so plainly."""
    page = _written_object(pdf, offsets, number)
    if page is None:
        return None
    parts = [page]
    named = {name: int(ref) for name, ref in _PART.findall(page)}
    if set(named) != {b"Contents", b"Resources"}:
        return None
    for name in (b"Contents", b"Resources"):
        found = _written_object(pdf, offsets, named[name])
        if found is None:
            return None
        parts.append(found)
    return b"\n".join(parts)


def _stamp_digest(page: PageObject) -> bytes:
    """A stamp page as drawn (its size, content stream and resources), the sheet's objects it
    refers to by their numbers: everything of it that reaches a stamped page."""
    out = BytesIO()
    for key in ("/MediaBox", "/Contents", "/Resources"):
        value = page.raw_get(key) if key in page else NullObject()
        value.write_to_stream(out)
        resolved = value.get_object()
        parts = resolved if isinstance(resolved, ArrayObject) else [resolved]
        for part in parts:  # the objects themselves, a content stream with its bytes
            out.write(b" ")
            found = part.get_object() if part is not None else None
            (found if found is not None else NullObject()).write_to_stream(out)
        out.write(b"\n")
    return hashlib.sha256(out.getvalue()).digest()


def _typst_inputs(
    stamps: Sequence[Stamp], fonts: Fonts | None = None, glyphs: str = ""
) -> tuple[dict[str, Any], list[str]]:
    """The data the template typesets and the font folders it needs: those ``stamps`` need,
    or ``fonts``; ``glyphs``, if any, typeset on a first page (see :class:`StampSheet`)."""
    if fonts is None:
        fonts = fonts_for(" ".join(s.text for s in stamps), "a running head or citation line")
    data = {
        "fonts": ["New Computer Modern", *fonts.families],
        "size": FONT_SIZE,
        "citation_size": CITATION_SIZE,
        "width": BLOCK_WIDTH,
        "height": LINE_HEIGHT,
        "baseline": BASELINE,
        "indent": HEAD_INDENT,
        "stamps": [stamp.as_json() for stamp in stamps],
        "glyphs": glyphs,
    }
    return data, list(fonts.paths)


LIGATURES = ("ff", "ffi", "ffl", "fi", "fl")
"""The letters New Computer Modern sets as one glyph."""


def _glyphs(text: str) -> str:
    """Every character of ``text`` (and the ellipsis a head too long may end with), then the
    ligatures it holds: typeset, the glyphs of ``text``."""
    chars = sorted(set(text + "…") - set(string.whitespace))
    return " ".join([*chars, *(pair for pair in LIGATURES if pair in text)])


ALONE_FROM = 5_000
"""Stamps from which the chunks are typeset in a process of their own (:func:`.typeset.apart`):
typst needs some 25 KB a stamp, and the process that used it keeps it."""
OPEN = 4
"""Chunks a sheet keeps read: the papers are stamped in volume order, ten to a chunk. A worker
that kept every chunk it read would hold, and have its collector walk at each paper, the
fonts of all (2,600 papers: stamping took 40 s, not 21)."""
CHUNK = 10
"""Papers whose stamps are typeset together, in one typst document (:class:`StampSheet`): a
title changed re-typesets ten papers' stamps, and a volume of 200 papers' sheet embeds its
fonts' subsets 20 times (some 14 KB each: the volume's PDF 42.2 MB becomes 42.5 MB)."""


def _compile(documents: Sequence[tuple[dict[str, Any], list[str]]]) -> list[bytes]:
    """Each document's stamps, one PDF page per stamp (:func:`_typst`), in a process of their
    own when they are many."""
    if sum(len(data["stamps"]) for data, _ in documents) < ALONE_FROM:
        return _typst_all(documents)
    return apart(_typst_all, documents)


def _typst_all(documents: Sequence[tuple[dict[str, Any], list[str]]]) -> list[bytes]:
    return [_typst(data, fonts) for data, fonts in documents]


def _typst(data: dict[str, Any], font_paths: list[str]) -> bytes:
    """One PDF page per stamp; fonts embedded as subsets, no dates, so the bytes reproduce."""
    pdf = typst.compile(
        _TEMPLATE.encode(),
        format="pdf",
        font_paths=typst_fonts(tuple(font_paths)),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        pdf_tags=False,
    )
    assert isinstance(pdf, bytes)
    return pdf


def typeset_stamps(stamps: Sequence[Stamp]) -> bytes:
    """One PDF page per stamp, in one document (see :func:`_compile`)."""
    return _compile([_typst_inputs(stamps)])[0]
