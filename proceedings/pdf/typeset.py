"""What typesetting hands to assembly: PDF bytes and the anchors placed on its pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from io import BytesIO
from multiprocessing import current_process, get_context
from typing import Any, Literal, TypeVar

from pypdf import PageObject, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

AnchorKind = Literal["section", "paper", "part", "page"]
ANCHOR_URI = "proceedings-anchor:"
"""What the URI of a typeset link to an anchor starts with (its id follows): no web address,
so no link a page's author wrote (the MyST pages keep web and mail links alone)."""
T = TypeVar("T")


@dataclass(frozen=True)
class Anchor:
    """A place on a typeset page that the assembled volume links from or bookmarks.

    ``kind``: ``section`` (a front-matter heading: an outline entry), ``paper`` / ``part`` (a
    contents line: a link to that paper's or part's first page), ``page`` (a page number in the
    author index: a link to that Arabic page). ``page`` is the 0-based page of this PDF the
    anchor is on; ``rect`` is ``(x0, y0, x1, y1)`` in PDF points from the page's lower-left
    corner; ``target`` is a paper id, a part id or an Arabic page number (as text); ``title`` is
    the text shown (the heading of a section).
    """

    kind: AnchorKind
    page: int
    rect: tuple[float, float, float, float]
    target: str = ""
    title: str = ""


@dataclass(frozen=True)
class Typeset:
    """A typeset PDF and its anchors."""

    pdf: bytes
    anchors: tuple[Anchor, ...] = field(default=())

    @property
    def sections(self) -> tuple[Anchor, ...]:
        """The headings, in page order, for the outline."""
        return tuple(a for a in self.anchors if a.kind == "section")

    def anchors_json(self) -> dict[str, Any]:
        """The anchors as JSON data (the PDF is cached beside them)."""
        return {
            "anchors": [[a.kind, a.page, list(a.rect), a.target, a.title] for a in self.anchors]
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], pdf: bytes) -> Typeset:
        """A typeset PDF found in the cache."""
        anchors = tuple(
            Anchor(kind, page, (rect[0], rect[1], rect[2], rect[3]), target, title)
            for kind, page, rect, target, title in data["anchors"]
        )
        return cls(pdf, anchors)


def apart(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` in a process of its own, for typst's work on a large document.

    typst keeps the memory a document needed for as long as its process lives: 700 MB for
    the stamp sheet of a 2,600-paper volume, 1.7 GB for its author index. A child process
    returns it when it ends. It is spawned, not forked (the build may run threads, which a
    fork would copy mid-work); when it cannot start (a script that starts a build without
    ``if __name__ == "__main__"``, or a daemon process, which may have none), the work is
    done here.
    """
    if current_process().daemon:
        return function(*args)
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        try:
            return pool.submit(function, *args).result()
        except BrokenProcessPool:
            return function(*args)


def linked_anchors(pdf: bytes) -> Iterator[tuple[int, str, tuple[float, float, float, float]]]:
    """Where a typeset PDF links to anchors (:data:`ANCHOR_URI`): each link's page (0-based),
    anchor id and rectangle (typst's own: the line's height, the text and half the leading
    around it)."""
    for index, page in enumerate(PdfReader(BytesIO(pdf)).pages):
        for item in _annotations(page):
            annotation = item.get_object()
            anchor = _anchor_of(annotation)
            if anchor is not None:
                x0, y0, x1, y1 = (round(float(v), 3) for v in annotation["/Rect"])
                yield index, anchor, (x0, y0, x1, y1)


def drop_anchor_links(reader: PdfReader) -> None:
    """Take the links to anchors out of a typeset document, in place (the reader keeps its
    parsed objects, which a merge copies): assembly links those places itself."""
    for page in reader.pages:
        annotations = _annotations(page)
        kept = [item for item in annotations if _anchor_of(item.get_object()) is None]
        if len(kept) < len(annotations):
            page[NameObject("/Annots")] = ArrayObject(kept)


def _annotations(page: PageObject) -> ArrayObject:
    annots = page.get("/Annots")
    annots = annots.get_object() if annots is not None else None
    return annots if isinstance(annots, ArrayObject) else ArrayObject()


def _anchor_of(annotation: Any) -> str | None:
    """The anchor a link annotation leads to, if it is a link to an anchor's URI."""
    action = annotation.get("/A") if isinstance(annotation, DictionaryObject) else None
    action = action.get_object() if action is not None else None
    uri = action.get("/URI") if isinstance(action, DictionaryObject) else None
    if isinstance(uri, str) and uri.startswith(ANCHOR_URI):
        return uri.removeprefix(ANCHOR_URI)
    return None
