"""Read the built volume back and compare its page numbers with the layout.

Wrong page ranges are the most reported defect of proceedings tools, so the numbers are not
trusted because the code that wrote them is: every page label, the number stamped on the first
stamped page of each paper (read back by text extraction of the stamp itself; all of a paper's
stamps come from the same plan) and the outline's targets are read from the finished volume and
compared with :class:`Layout`; in the contents and the author index, the page number each entry
prints must be the label of the page its link leads to. Every mismatch is a message naming the
paper. The per-paper PDFs are copies of the same stamped pages and are not read back. A paper
whose segment came from the cache keeps the stamps an earlier build checked (see
:func:`verify`); its labels, outline entry and printed references are checked every time.
"""

from __future__ import annotations

import contextlib
import ctypes
import re
from collections.abc import Collection
from io import BytesIO
from pathlib import Path
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c
from pypdf import PageObject, PdfReader
from pypdf._page_labels import index2labels
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from proceedings.layout import Layout, PaperPages, roman
from proceedings.lncs import MIN_SCALE, scale_of
from proceedings.model import Volume
from proceedings.pdf.placement import frame_of
from proceedings.pdf.sources import LazyPages, bulk_pypdf
from proceedings.pdfoutline import outline_entries

_DRAW = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\s+Q\s*$")
_DIGITS = re.compile(r"[0-9]+")


def stamp_of(page: PageObject) -> StreamObject | None:
    """The Form XObject drawn by the page's last content stream (the stamp), if any."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    last = contents[-1].get_object() if isinstance(contents, ArrayObject) and contents else None
    if not isinstance(last, StreamObject):
        return None
    match = _DRAW.search(last.get_data())
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    if match is None or not isinstance(resources, DictionaryObject):
        return None
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else None
    if not isinstance(xobjects, DictionaryObject):
        return None
    form = xobjects.get("/" + match.group(1).decode("latin-1"))
    form = form.get_object() if form is not None else None
    return form if isinstance(form, StreamObject) else None


def stamped_number(page: PageObject) -> str | None:
    """The page number in the page's stamp: the digits-only text run at the outer edge."""
    form = stamp_of(page)
    if form is None:
        return None
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip().isdigit():
            runs.append((float(tm[4]) * float(cm[0]) + float(cm[4]), text.strip()))

    page.extract_xform_text(form, visitor_text=visit)  # type: ignore[arg-type]
    if not runs:
        return None
    runs.sort()
    left, right = runs[0][1], runs[-1][1]
    return left if int(left) % 2 == 0 else right


Rect = tuple[float, float, float, float]
Run = tuple[float, float, str]  # where a run of digits begins (x, y), and the digits


def _read_page(document: Any, index: int) -> tuple[list[Run], list[tuple[Rect, int]]]:
    """What page ``index`` of the PDFium document prints as page numbers and where its
    internal links lead: its runs of digits alone (:func:`_digit_runs`), and each link's
    rectangle with the index of the page it leads to (-1: none).

    PDFium answers from its C layers, for the page loaded once: pypdf's text extraction took
    a second a page of the contents, and parsing the links' objects with pypdf took longer
    than the rest of the check of a rebuild.
    """
    page = pdfium_c.FPDF_LoadPage(document.raw, index)
    if not page:
        return [], []
    try:
        return _digit_runs(page), _links(document, page)
    finally:
        pdfium_c.FPDF_ClosePage(page)


def _links(document: Any, page: Any) -> list[tuple[Rect, int]]:
    """The loaded page's links to a place in the document: each one's rectangle and the index
    of the page it leads to (links to the web, which have no destination, are left out)."""
    found: list[tuple[Rect, int]] = []
    position, link = ctypes.c_int(0), pdfium_c.FPDF_LINK()
    rect = pdfium_c.FS_RECTF()
    while pdfium_c.FPDFLink_Enumerate(page, position, link):
        dest = pdfium_c.FPDFLink_GetDest(document.raw, link)
        if not dest or not pdfium_c.FPDFLink_GetAnnotRect(link, rect):
            continue
        x0, x1 = sorted((rect.left, rect.right))
        y0, y1 = sorted((rect.bottom, rect.top))
        found.append(((x0, y0, x1, y1), pdfium_c.FPDFDest_GetDestPageIndex(document.raw, dest)))
    return found


def _digit_runs(page: Any) -> list[Run]:
    """Where the loaded page shows a run of digits alone (a page number): the origin of its
    first digit and the digits.

    A run is one text-showing operation (one PDFium text object), as typst writes each page
    number: digits inside a longer run ("Session 2", "ML4H 2023") are not a page number.
    """
    textpage = pdfium_c.FPDFText_LoadPage(page)
    if not textpage:
        return []
    try:
        text = _page_text(textpage)
        runs: list[Run] = []
        seen: set[int | None] = set()
        x, y = ctypes.c_double(), ctypes.c_double()
        for match in _DIGITS.finditer(text):
            obj = pdfium_c.FPDFText_GetTextObject(textpage, match.start())
            key = ctypes.cast(obj, ctypes.c_void_p).value
            if not key or key in seen:
                continue
            seen.add(key)
            shown = _object_text(obj, textpage).strip()
            if shown.isdigit() and pdfium_c.FPDFText_GetCharOrigin(textpage, match.start(), x, y):
                runs.append((x.value, y.value, shown))
        return runs
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)


def _page_text(textpage: Any) -> str:
    """The text page's characters, one for each of its indexes (a digit is a digit).

    Read in one call (a contents page holds 3,000 characters: a call each took 3 ms); where
    that text does not hold one character an index, character by character. The two differ
    only in what stands for nothing (a line-end hyphen, a missing code)."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return ""
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    into = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, into)  # UTF-16 units, NUL too
    text = buffer.raw[: 2 * max(written - 1, 0)].decode("utf-16-le", errors="surrogatepass")
    if len(text) == count:
        return text
    return "".join(_char(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))


def _char(code: int) -> str:
    """The character of a code point PDFium reported; a space for none (it ends a run)."""
    return chr(code) if 0 < code < 0x110000 else " "


def _object_text(obj: Any, textpage: Any) -> str:
    """The text a PDFium text object shows."""
    size = pdfium_c.FPDFTextObj_GetText(obj, textpage, None, 0)  # bytes, the final NUL too
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    into = ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR))
    pdfium_c.FPDFTextObj_GetText(obj, textpage, into, size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def _printed(runs: list[Run], rect: Rect) -> str | None:
    """The rightmost digits shown inside a link's rectangle: the page number it prints."""
    x0, y0, x1, y1 = rect
    inside = [(x, text) for x, y, text in runs if x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1]
    return max(inside)[1] if inside else None


def verify(
    volume: Volume,
    layout: Layout,
    volume_pdf: bytes | Path,
    front_pages: int,
    reused: Collection[str] = (),
) -> list[str]:
    """Every disagreement between the volume PDF (its bytes, or its file, of which only what
    the check reads is parsed) and the layout, one message each.

    The stamps of the papers in ``reused`` are not read again: their pages are bytes from the
    cache, stored only by a build whose volume passed this check with those very stamps (the
    keys hold every input of the stamps). Labels, outline and links are checked every time.
    """
    try:
        return _verify(volume, layout, volume_pdf, front_pages, reused, strict=True)
    except PdfReadError:  # read as pypdf repairs files, which a file we wrote should not need
        return _verify(volume, layout, volume_pdf, front_pages, reused, strict=False)


def _verify(
    volume: Volume,
    layout: Layout,
    volume_pdf: bytes | Path,
    front_pages: int,
    reused: Collection[str],
    *,
    strict: bool,
) -> list[str]:
    """:func:`verify`, with pypdf's reader ``strict`` or not: a lenient reader first seeks to
    every object the cross-reference table names, to check it is there (a tenth of a second
    for 2,400 pages, a third of the check of a rebuild)."""
    with bulk_pypdf(), contextlib.ExitStack() as stack:
        # A file is read as the checks ask (pypdf would read a path whole into memory);
        # PDFium opens it by its name, with a handle of its own.
        stream = (
            BytesIO(volume_pdf)
            if isinstance(volume_pdf, bytes)
            else stack.enter_context(volume_pdf.open("rb"))
        )
        reader = PdfReader(stream, strict=strict)
        document = pypdfium2.PdfDocument(volume_pdf)
        stack.callback(document.close)
        return _Checker(volume, layout, reader, document, front_pages, reused).run()


class _Checker:
    def __init__(
        self,
        volume: Volume,
        layout: Layout,
        reader: PdfReader,
        document: Any,
        front_pages: int,
        reused: Collection[str],
    ) -> None:
        self.reused = frozenset(reused)
        self.document = document  # the same bytes, opened by PDFium (a pypdfium2.PdfDocument)
        self.volume = volume
        self.layout = layout
        self.reader = reader
        self.front = front_pages
        self.pages = LazyPages(reader)
        self.total = self.pages.count
        self.labels = index2labels(reader, self.total)
        self.problems: list[str] = []

    def index(self, number: int) -> int:
        """The 0-based page of an Arabic page number."""
        return self.front + number - self.layout.first_page

    def run(self) -> list[str]:
        for i in range(min(self.front, self.total)):
            if self.labels[i] != roman(i + 1):
                self.problems.append(
                    f"front matter: page {i + 1} is labelled {self.labels[i]!r}, "
                    f"not {roman(i + 1)!r}"
                )
                break
        for entry in self.layout.papers:
            self._paper(entry)
        back = self.index(self.layout.backmatter_first)
        if back < self.total and self.labels[back] != str(self.layout.backmatter_first):
            self.problems.append(
                f"back matter: its first page is labelled {self.labels[back]!r}, the layout "
                f"says {self.layout.backmatter_first}"
            )
        self._outline()
        self._printed_links(back)
        return self.problems

    def _paper(self, entry: PaperPages) -> None:
        name = f"paper {entry.paper}"
        first = self.index(entry.first)
        if first < 0 or first + entry.pages > self.total:
            self.problems.append(
                f"{name}: pages {entry.first}-{entry.last} are not in the volume's "
                f"{self.total} pages"
            )
            return
        for offset in (0, entry.pages - 1):
            label, number = self.labels[first + offset], entry.first + offset
            if label != str(number):
                self.problems.append(
                    f"{name}: volume page {first + offset + 1} is labelled {label!r}, the "
                    f"layout says {number}"
                )
        if entry.paper in self.reused:
            return
        skip_first = self.volume.info.pdf.stamp == "lncs"
        for offset in range(1 if skip_first else 0, entry.pages):
            page = self.pages[first + offset]
            if scale_of(frame_of(page).size) < MIN_SCALE:
                continue  # too small to carry a number: the build left it unstamped
            found, number = stamped_number(page), entry.first + offset
            if found != str(number):
                shown = "no number" if found is None else f"the number {found}"
                self.problems.append(
                    f"{name}: its page {offset + 1} carries {shown}, the layout says {number}"
                )
            break  # one stamped page per paper suffices: its stamps are made in one go

    def _printed_links(self, back: int) -> None:
        """The contents and the author index: the page number each entry prints must be the
        label of the page its link leads to (and so, the labels being checked, the layout's)."""
        where = [("the contents", i) for i in range(min(self.front, self.total))]
        where += [("the author index", i) for i in range(max(back, 0), self.total)]
        for section, index in where:
            runs, links = _read_page(self.document, index)
            for rect, target in links:
                printed = _printed(runs, rect)
                if printed is None:
                    continue  # a part's line: no page number printed
                label = self.labels[target] if 0 <= target < self.total else None
                if label != printed:
                    owner = self._owner(int(printed))
                    leads = f"the page labelled {label!r}" if label else "no page"
                    self.problems.append(
                        f"{owner}: {section} (page {self.labels[index]}) prints page {printed} "
                        f"but its link leads to {leads}"
                    )

    def _owner(self, number: int) -> str:
        """The paper a page number belongs to, for messages."""
        for entry in self.layout.papers:
            if entry.first <= number <= entry.last:
                return f"paper {entry.paper}"
        return f"page {number}"

    def _outline(self) -> None:
        items = outline_entries(self.reader, self.pages.numbers())
        by_title: dict[str, tuple[int, int | None]] = {}
        for depth, title, page in items:
            by_title.setdefault(title, (depth, page))
        parts = {p.part: p.page for p in self.layout.parts}
        papers = {p.id: p for p in self.volume.archival_papers}
        for entry in self.layout.papers:
            title = " ".join(papers[entry.paper].info.title.split())
            found = [
                page for _, text, page in items if text == title or text.startswith(title + " — ")
            ]
            if not found:
                self.problems.append(f"paper {entry.paper}: the outline has no entry for it")
            elif self.index(entry.first) not in found:  # another entry may share the title
                # (a contribution "Preface" beside the front matter's own Preface)
                self.problems.append(
                    f"paper {entry.paper}: its outline entry leads to volume page "
                    f"{(found[0] or 0) + 1}, the layout says page {entry.first} "
                    f"(volume page {self.index(entry.first) + 1})"
                )
        for part in self.volume.info.parts:
            in_part = [e for e in self.layout.papers if papers[e.paper].info.part == part.id]
            if not in_part:
                continue
            number = parts.get(part.id, in_part[0].first)
            depth, page = by_title.get(part.title, (0, None))
            if page != self.index(number):
                self.problems.append(
                    f"part {part.id}: its outline entry does not lead to page {number}"
                )
