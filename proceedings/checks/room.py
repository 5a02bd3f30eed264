"""Volume -> problems with the room the papers' pages leave for the volume's stamps.

The PDF stage stamps where :mod:`proceedings.room` finds room; this check asks the same module
beforehand, so that a page with no free margin is an error before anything is built, a page
that will be shrunk is a warning, and a paper that prints its own page numbers gets a note
(they will be replaced). Each problem names the paper and its pages.
"""

from __future__ import annotations

from collections.abc import Iterator

from proceedings.checks.codes import report
from proceedings.errors import Problem
from proceedings.lncs import CITATION_ESTIMATE, page_ranges
from proceedings.model import Paper, Volume
from proceedings.pdfink import InkQueue, PaperInk
from proceedings.room import PaperPlan, Wants, plan_paper


def room_papers(volume: Volume) -> list[Paper]:
    """The papers whose ink :func:`check_room` needs: the archival ones with a PDF file."""
    return [p for p in volume.archival_papers if p.pdf_path.is_file()]


def check_room(volume: Volume, pdfs: InkQueue) -> Iterator[Problem]:
    """The room problems of every archival paper whose PDF can be read, from the ink ``pdfs``
    measured (kept in the cache where the PDF stage finds it again)."""
    for paper in room_papers(volume):
        ink = pdfs.take(paper.pdf_path)
        if ink:
            yield from _problems(paper, plan_for(volume, ink))


def plan_for(volume: Volume, ink: PaperInk) -> PaperPlan:
    """The plan of a paper's pages as the volume's options ask, its first page on a recto
    (the layout, which decides, comes after the checks; the side only moves a head's number)."""
    options = volume.info.pdf
    # LNCS leaves a paper's first page bare; a footer is on every page.
    stamped = [options.stamp == "footer" or index > 0 for index in range(len(ink))]
    wants = Wants.of(options, stamped, CITATION_ESTIMATE)
    sizes = [(page.width, page.height) if page else (595.0, 842.0) for page in ink]
    return plan_paper(ink, sizes, wants, first=1)


def _problems(paper: Paper, plan: PaperPlan) -> Iterator[Problem]:
    name = paper.display_pdf
    crowded = [i + 1 for i, page in enumerate(plan.pages) if page.problem == "no-room"]
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
    shrunk = [(i + 1, page.shrink) for i, page in enumerate(plan.pages) if page.shrink < 1]
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
    if plan.numbered:
        heads = any("head" in page.replaced for page in plan.pages)
        what = "page numbers and running heads" if heads else "page numbers"
        yield report(
            paper.source,
            "pdf.own-page-numbers",
            ("pdf",),
            f"{name} prints its own {what} "
            f"(page(s) {page_ranges([i + 1 for i in plan.numbered])}); the volume's replace them",
            paper=paper.id,
        )
