"""Reading the PDFs that go into the volume: papers (with clear errors), their links, outlines.

Each paper's PDF is parsed once; what the assembly needs from it beyond its pages is read here
before the pages are copied: its outline, as plain data, and its internal links, rewritten from
named destinations (``section.1``) to explicit ones (page and position). Named destinations
cannot survive a merge: every pdfLaTeX paper names its destinations ``section.1``,
``page.2``..., and in one volume the first paper's names would capture every other paper's
links. Explicit destinations are remapped page by page by pypdf's merge, so each link keeps
pointing into its own paper.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    Destination,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
    NullObject,
)

from proceedings.errors import ProceedingsError
from proceedings.model import Paper
from proceedings.pdfinfo import quiet_pypdf

# pypdf ends a name at a delimiter or at what Python's ``\s`` calls white space, which lacks NUL:
# white space in PDF (PDF 32000-1, 7.2.2) and in pypdf's own ``WHITESPACES``. So ``/Helvetica\0``,
# which qpdf reads as ``/Helvetica``, was read as a name holding a NUL: not the name the file
# means (a font key ``/F1\0`` no longer matched the ``/F1`` its content uses), and written back as
# ``/Helvetica#00``, which no PDF may hold (7.3.5) and qpdf rejects ("null character not allowed
# in name token"). A NUL ends the name here, as in qpdf.
NameObject.delimiter_pattern = re.compile(rb"[\s\x00]+|[()<>\[\]{}/%]")


@contextlib.contextmanager
def bulk_pypdf() -> Iterator[None]:
    """:func:`quiet_pypdf`, with Python's cyclic garbage collector paused.

    pypdf makes millions of small objects while copying 200 papers, and the collector's full
    passes walk the ever larger heap again and again: a third of the volume's build time. Each
    paper's writer is dropped once its work is serialized, and its objects are then collected
    by a young-generation pass only (:func:`.segments.make_papers`).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        with quiet_pypdf():
            yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class OutlineNode:
    """One bookmark of a document: title, 0-based page (None: no target), fit, children."""

    title: str
    page: int | None
    fit: Fit
    children: tuple[OutlineNode, ...] = ()


def read_paper(paper: Paper) -> bytes:
    """A paper's PDF bytes (the cache hashes them), or a clear error when the file is missing."""
    try:
        return paper.pdf_path.read_bytes()
    except FileNotFoundError:
        raise ProceedingsError(
            f"paper {paper.id}: the PDF is missing; add the camera-ready PDF",
            path=paper.display_pdf,
            paper=paper.id,
        ) from None


def open_paper(paper: Paper, data: bytes | None = None) -> PdfReader:
    """Open a paper's PDF (from ``data``, its bytes, when read already), or stop with the
    message ``layout.read_page_counts`` gives."""
    where = paper.display_pdf
    try:
        reader = PdfReader(BytesIO(data) if data is not None else paper.pdf_path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ProceedingsError(
                f"paper {paper.id}: the PDF is encrypted with a password; ask the authors "
                "for one without",
                path=where,
                paper=paper.id,
            )
        if len(reader.pages) == 0:
            raise ProceedingsError(
                f"paper {paper.id}: the PDF has no pages", path=where, paper=paper.id
            )
        return reader
    except ProceedingsError:
        raise
    except FileNotFoundError:
        raise ProceedingsError(
            f"paper {paper.id}: the PDF is missing; add the camera-ready PDF",
            path=where,
            paper=paper.id,
        ) from None
    # pypdf raises many exception types on damaged files; all of them mean the same to the user.
    except Exception as exc:
        raise damaged(paper, exc) from None


def damaged(paper: Paper, exc: BaseException) -> ProceedingsError:
    """The error for a paper whose PDF fails while being read or copied."""
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return ProceedingsError(
        f"paper {paper.id}: the PDF cannot be read ({reason}); re-export it from its source",
        path=paper.display_pdf,
        paper=paper.id,
    )


class LazyPages:
    """A document's pages by index, each parsed only when asked for.

    pypdf's ``reader.pages`` parses every page dictionary of the tree first (half a second for
    2,400 pages) and keeps them, but the read-back check reads a few pages of the volume, and
    the stamping one paper's stamps of the sheet at a time. The volume's page tree (written
    by :mod:`.assemble`) and the stamp sheet's (typst's) are one node whose ``/Kids`` are the
    pages; any other tree is read by pypdf.
    """

    def __init__(self, reader: PdfReader) -> None:
        self.reader = reader
        tree = reader.root_object.get("/Pages")
        tree = tree.get_object() if tree is not None else None
        kids = tree.get("/Kids") if isinstance(tree, DictionaryObject) else None
        kids = kids.get_object() if kids is not None else None
        flat = (
            isinstance(kids, ArrayObject)
            and tree is not None
            and tree.get("/Count") == len(kids)
            and all(isinstance(kid, IndirectObject) for kid in kids)
        )
        self._kids: list[IndirectObject] | None = list(kids) if flat else None  # type: ignore[arg-type]
        self.count = len(self._kids) if self._kids is not None else len(reader.pages)

    def numbers(self) -> dict[int, int]:
        """Each page's object number -> its index."""
        if self._kids is not None:
            return {kid.idnum: index for index, kid in enumerate(self._kids)}
        return {
            page.indirect_reference.idnum: index
            for index, page in enumerate(self.reader.pages)
            if page.indirect_reference is not None
        }

    def number(self, index: int) -> int | None:
        """The object number of page ``index``, without parsing the page (None: the tree is
        not one node)."""
        return None if self._kids is None else self._kids[index].idnum

    def __getitem__(self, index: int) -> PageObject:
        if self._kids is None:
            return self.reader.pages[index]
        ref = self._kids[index]
        found = ref.get_object()
        if not isinstance(found, DictionaryObject) or found.get("/Type") != "/Page":
            return self.reader.pages[index]
        page = PageObject(self.reader, ref)
        page.update(found)
        return page


def open_typeset(pdf: bytes) -> PdfReader:
    """Open a PDF that proceedings typeset itself (front matter, part pages, author index)."""
    return PdfReader(BytesIO(pdf))


def _annotations(reader: PdfReader) -> Iterator[DictionaryObject]:
    for page in reader.pages:
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else None
        if not isinstance(annots, ArrayObject):
            continue
        for item in annots:
            annotation = item.get_object()
            if isinstance(annotation, DictionaryObject):
                yield annotation


def make_links_explicit(reader: PdfReader) -> int:
    """Rewrite the document's links to named destinations as explicit ones, in place.

    The reader keeps its parsed objects, so the change is what a later merge copies. A link to
    a name the document does not define loses its action (it pointed nowhere already; in the
    volume it would point into another paper). Returns how many links were rewritten.
    """
    named: dict[str, Any] | None = None
    rewritten = 0
    for annotation in _annotations(reader):
        if annotation.get("/Subtype") != "/Link":
            continue
        action = annotation.get("/A")
        action = action.get_object() if action is not None else None
        target: Any
        if "/Dest" in annotation:
            target = annotation["/Dest"]
        elif isinstance(action, DictionaryObject) and action.get("/S") == "/GoTo":
            target = action.get("/D")
            target = target.get_object() if target is not None else None
        else:
            continue
        if not isinstance(target, str):  # explicit already (or broken, which merge drops)
            continue
        if named is None:
            named = dict(reader.named_destinations)
        found = named.get(str(target)) or named.get(str(target).removeprefix("/"))
        annotation.pop(NameObject("/A"), None)
        annotation.pop(NameObject("/Dest"), None)
        if isinstance(found, Destination):
            annotation[NameObject("/Dest")] = found.dest_array
            rewritten += 1
    return rewritten


def read_outline(reader: PdfReader) -> tuple[OutlineNode, ...]:
    """The document's bookmarks as plain data; a damaged outline counts as none."""
    try:
        return _nodes(reader, reader.outline, reader.get_destination_page_number)
    except Exception:  # pypdf on a broken outline tree: the pages are still worth having
        return ()


def _nodes(
    reader: PdfReader, items: Sequence[Any], page_of: Callable[[Destination], int | None]
) -> tuple[OutlineNode, ...]:
    nodes: list[OutlineNode] = []
    for item in items:
        if isinstance(item, list):  # the children of the previous item
            if nodes:
                last = nodes[-1]
                children = last.children + _nodes(reader, item, page_of)
                nodes[-1] = OutlineNode(last.title, last.page, last.fit, children)
            continue
        if not isinstance(item, Destination):
            continue
        page = page_of(item)
        title = " ".join(str(item.title or "").split())
        nodes.append(
            OutlineNode(title, page if page is not None and page >= 0 else None, fit_of(item))
        )
    return tuple(nodes)


def _value(value: Any) -> float | None:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if value is None or isinstance(value, NullObject):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def fit_of(dest: Destination) -> Fit:
    """The destination's view (``/XYZ left top zoom``, ``/Fit``...), with nulls kept."""
    kind = str(dest.get("/Type", "/Fit"))
    left, top = _value(dest.get("/Left")), _value(dest.get("/Top"))
    if kind == "/XYZ":
        return Fit.xyz(left, top, _value(dest.get("/Zoom")))
    if kind == "/FitH":
        return Fit.fit_horizontally(top)
    if kind == "/FitBH":
        return Fit.fit_box_horizontally(top)
    if kind == "/FitV":
        return Fit.fit_vertically(left)
    if kind == "/FitBV":
        return Fit.fit_box_vertically(left)
    if kind == "/FitR":
        right, bottom = _value(dest.get("/Right")), _value(dest.get("/Bottom"))
        return Fit.fit_rectangle(left, bottom, right, top)
    if kind == "/FitB":
        return Fit.fit_box()
    return Fit.fit()


def drop_named_destinations(writer: PdfWriter) -> None:
    """Remove the named destinations pypdf's merge collected (the first paper's ``section.1``
    wins every clash): after :func:`make_links_explicit` nothing uses them."""
    names = writer.root_object.get("/Names")
    names = names.get_object() if names is not None else None
    if isinstance(names, DictionaryObject):
        names.pop(NameObject("/Dests"), None)
        if not names:
            writer.root_object.pop(NameObject("/Names"), None)


def add_outline(
    writer: PdfWriter,
    nodes: Sequence[OutlineNode],
    offset: int,
    parent: IndirectObject | None = None,
) -> None:
    """Add bookmarks read from a document whose first page is the writer's page ``offset``.

    Items without a target keep their place (they may group children).
    """
    for node in nodes:
        page = (
            writer.pages[offset + node.page].indirect_reference if node.page is not None else None
        )
        item = writer.add_outline_item(
            title=node.title, page_number=page, parent=parent, fit=node.fit, is_open=False
        )
        add_outline(writer, node.children, offset, item)
