"""Volume -> problems with the room the papers' pages leave for the volume's stamps.

The PDF stage stamps where :mod:`proceedings.room` finds room; this check asks the same module
beforehand, so that a page with no free margin is an error before anything is built, a page
that will be shrunk is a warning, and a paper that prints its own page numbers gets a note
(they will be replaced). Each problem names the paper and its pages.

What a paper's plan says here (:class:`Room`) is kept in a cache by its PDF, with what it was
planned with (the options, the planning code): a rebuild after a title changed plans none of 200
papers again, and does not decode their ink.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proceedings import furniture, lncs, pdfink
from proceedings import room as planning
from proceedings.checks.codes import report
from proceedings.errors import Problem
from proceedings.filecache import FileCache
from proceedings.lncs import CITATION_ESTIMATE, page_ranges
from proceedings.model import Paper, Volume
from proceedings.pdfink import InkQueue, PaperInk
from proceedings.room import PaperPlan, Wants, plan_paper


def room_papers(volume: Volume) -> list[Paper]:
    """The papers whose ink :func:`check_room` needs: the archival ones with a PDF file."""
    return [p for p in volume.archival_papers if p.pdf_path.is_file()]


@dataclass(frozen=True)
class Room:
    """What the check says of a paper's plan, pages counted from 1: the pages with no room,
    the pages shrunk (with their factor), the pages whose own numbers are replaced, and
    whether its own running heads are too."""

    crowded: tuple[int, ...]
    shrunk: tuple[tuple[int, float], ...]
    numbered: tuple[int, ...]
    heads: bool

    @classmethod
    def of(cls, plan: PaperPlan) -> Room:
        return cls(
            tuple(i + 1 for i, page in enumerate(plan.pages) if page.problem == "no-room"),
            tuple((i + 1, page.shrink) for i, page in enumerate(plan.pages) if page.shrink < 1),
            tuple(i + 1 for i in plan.numbered),
            any("head" in page.replaced for page in plan.pages),
        )

    def as_json(self) -> list[Any]:
        return [list(self.crowded), [list(s) for s in self.shrunk], list(self.numbered), self.heads]

    @classmethod
    def from_json(cls, data: Any) -> Room:
        """The room :meth:`as_json` gave (ValueError, TypeError or OverflowError for other
        data)."""
        crowded, shrunk, numbered, heads = data
        return cls(
            tuple(int(i) for i in crowded),
            tuple((int(i), float(f)) for i, f in shrunk),
            tuple(int(i) for i in numbered),
            bool(heads),
        )


def check_room(volume: Volume, pdfs: InkQueue, cache: Path | None = None) -> Iterator[Problem]:
    """The room problems of every archival paper whose PDF can be read, from the ink ``pdfs``
    measured (kept in the cache where the PDF stage finds it again). With ``cache``, a paper
    whose PDF is unchanged since a run with the same ``pdf:`` options and the same planning
    code is not planned again."""
    known = FileCache(cache, "pdf room")
    # Everything a plan depends on besides the ink (see plan_for).
    planned_for = [_planner(), volume.info.pdf.model_dump(mode="json"), CITATION_ESTIMATE]
    for paper in room_papers(volume):
        room = _cached(known.get(paper.pdf_path), planned_for)
        if room is None:
            ink = pdfs.take(paper.pdf_path)
            if not ink:  # PDFium could not read the file: check_pdfs says why
                continue
            room = Room.of(plan_for(volume, ink))
            read_at = pdfs.read_at(paper.pdf_path)
            if read_at is not None:  # kept for the file the ink was measured on
                known.put(paper.pdf_path, [planned_for, room.as_json()], read_at)
        yield from _problems(paper, room)
    known.save()


def _cached(stored: Any, planned_for: list[Any]) -> Room | None:
    """The room stored for a paper if it was planned with the same options and code."""
    if not isinstance(stored, list) or len(stored) != 2 or stored[0] != planned_for:
        return None
    try:
        return Room.from_json(stored[1])
    except (ValueError, TypeError, OverflowError):  # another layout of Room, or damaged
        return None


@functools.cache
def _planner() -> str:
    """A digest of the code that plans a paper's pages (its modules' source), so that a room
    found by other code (proceedings changed in place, its version the same) is planned again,
    as the PDF stage, which always plans, would."""
    digest = hashlib.sha256()
    for module in (sys.modules[__name__], planning, furniture, lncs, pdfink):
        source = module.__file__
        if source:  # none (a frozen build): the cache's version decides alone
            with contextlib.suppress(OSError):
                digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def plan_for(volume: Volume, ink: PaperInk) -> PaperPlan:
    """The plan of a paper's pages as the volume's options ask, its first page on a recto
    (the layout, which decides, comes after the checks; the side only moves a head's number)."""
    options = volume.info.pdf
    # LNCS leaves a paper's first page bare; a footer is on every page.
    stamped = [options.stamp == "footer" or index > 0 for index in range(len(ink))]
    wants = Wants.of(options, stamped, CITATION_ESTIMATE)
    sizes = [(page.width, page.height) if page else (595.0, 842.0) for page in ink]
    return plan_paper(ink, sizes, wants, first=1)


def _problems(paper: Paper, room: Room) -> Iterator[Problem]:
    name = paper.display_pdf
    crowded = room.crowded
    if crowded:
        yield report(
            paper.source,
            "pdf.no-room",
            ("pdf",),
            f"{name}: page(s) {page_ranges(crowded)} have no free margin for the page number or "
            "the citation line, even with the text shrunk to 90%",
            paper=paper.id,
            hint="Ask the authors for a PDF whose text keeps clear of the page's edges.",
        )
    shrunk = room.shrunk
    if shrunk:
        most = min(factor for _, factor in shrunk)
        yield report(
            paper.source,
            "pdf.shrunk",
            ("pdf",),
            f"{name}: page(s) {page_ranges([i for i, _ in shrunk])} run into the margin; they will "
            f"be shrunk about their centre (down to {round(most * 100)}%) to make room for "
            "the stamps",
            paper=paper.id,
            hint="Ask the authors to keep the text inside the template's margins.",
        )
    if room.numbered:
        what = "page numbers and running heads" if room.heads else "page numbers"
        yield report(
            paper.source,
            "pdf.own-page-numbers",
            ("pdf",),
            f"{name} prints its own {what} "
            f"(page(s) {page_ranges(list(room.numbered))}); the volume's replace them",
            paper=paper.id,
        )
