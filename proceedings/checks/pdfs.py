"""Volume -> problems with the papers' PDFs: readable, unlocked, within limits, indexable."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path

from proceedings.checks.codes import report
from proceedings.errors import Problem
from proceedings.model import Paper, Volume
from proceedings.names import fold
from proceedings.pdfinfo import NO_PAGES, PdfFacts, inspect_pdfs

# Page sizes within this many millimetres of an allowed size pass (Google Docs' A4 is 1 pt off).
SIZE_TOLERANCE_MM = 2.0
# A first-page passage this similar to the title (after folding) counts as the title.
TITLE_RATIO = 0.85
_TITLE_LINES = 20


def check_pdfs(volume: Volume, cache: Path | None = None) -> Iterator[Problem]:
    """Every problem with the papers' PDFs (non-archival papers included: the site serves them).

    With ``cache``, what was read off an unchanged PDF before is not read again.
    """
    facts = inspect_pdfs([paper.pdf_path for paper in volume.papers], cache)
    for paper, found in zip(volume.papers, facts, strict=True):
        yield from check_pdf(volume, paper, found)


def check_pdf(volume: Volume, paper: Paper, facts: PdfFacts) -> Iterator[Problem]:
    """The problems of one paper's PDF, from the facts read off it."""
    doc, pid, name = paper.source, paper.id, paper.display_pdf
    if not paper.pdf_path.is_file():
        yield report(
            doc,
            "pdf.missing",
            ("pdf",),
            f"{name} not found",
            paper=pid,
            hint=f"Put the camera-ready PDF at {name}.",
        )
        return
    if facts.needs_password:
        yield report(
            doc,
            "pdf.encrypted",
            ("pdf",),
            f"{name} is encrypted with a password",
            paper=pid,
            hint="Ask the authors for a PDF without a password.",
        )
        return
    if facts.error == NO_PAGES:
        yield report(
            doc,
            "pdf.empty",
            ("pdf",),
            f"{name} has no pages",
            paper=pid,
            hint="Ask the authors for the camera-ready PDF again.",
        )
        return
    if facts.error:
        yield report(
            doc,
            "pdf.damaged",
            ("pdf",),
            f"{name}: {facts.error}",
            paper=pid,
            hint="Ask the authors to export the PDF again "
            "(or repair it with 'qpdf in.pdf out.pdf').",
        )
        return
    if facts.encrypted:
        yield report(
            doc,
            "pdf.restricted",
            ("pdf",),
            f"{name} is encrypted (it opens without a password)",
            paper=pid,
            hint="Ask for an unencrypted PDF: restrictions may stop indexers and printers.",
        )
    track = volume.track_of(paper)
    limit = volume.info.tracks[track].max_pages if track in volume.info.tracks else None
    if limit is not None and facts.page_count > limit:
        yield report(
            doc,
            "pdf.page-limit",
            ("pdf",),
            f"{name} has {facts.page_count} pages; the {track} track allows {limit}",
            paper=pid,
            hint="Ask the authors to shorten the paper, or change its track.",
        )
    yield from _check_sizes(volume, paper, facts)
    if facts.unembedded_fonts:
        fonts = ", ".join(facts.unembedded_fonts[:5])
        more = (
            f" and {len(facts.unembedded_fonts) - 5} more"
            if len(facts.unembedded_fonts) > 5
            else ""
        )
        yield report(
            doc,
            "pdf.fonts-not-embedded",
            ("pdf",),
            f"{name} uses fonts that are not embedded: {fonts}{more}",
            paper=pid,
            hint="Ask the authors to export with all fonts embedded "
            "(pdflatex does; 'Save as PDF' may not).",
        )
    if facts.image_only:
        yield report(
            doc,
            "pdf.no-text",
            ("pdf",),
            f"{name} has no text layer (a scan?)",
            paper=pid,
            hint="Ask for a PDF exported from the source, or run OCR.",
        )
    limit_mb = volume.info.pdf.max_file_mb
    if facts.size_bytes > limit_mb * 1_000_000:
        yield report(
            doc,
            "pdf.too-large",
            ("pdf",),
            f"{name} is {facts.size_bytes / 1_000_000:.3g} MB; indexers accept {limit_mb:g} MB",
            paper=pid,
            hint="Compress the images (e.g. 'gs -sDEVICE=pdfwrite -dPDFSETTINGS=/printer').",
        )
    if not facts.image_only:
        found = _title_on_page(paper.info.title, facts.first_page_lines)
        if found is not None:
            yield report(
                doc,
                "pdf.title-mismatch",
                ("title",),
                f"the first page of {name} does not show this title; it shows '{found}'",
                paper=pid,
                hint="Correct the title in paper.yaml or ask for the right PDF.",
            )


def _check_sizes(volume: Volume, paper: Paper, facts: PdfFacts) -> Iterator[Problem]:
    allowed = volume.info.pdf.sizes_mm
    wrong = [
        (number, size)
        for number, size in enumerate(facts.page_sizes_mm, start=1)
        if not any(_fits(size, ok) for ok in allowed.values())
    ]
    if wrong:
        number, (width, height) = wrong[0]
        pages = f"page {number}" + (f" and {len(wrong) - 1} more" if len(wrong) > 1 else "")
        yield report(
            paper.source,
            "pdf.page-size",
            ("pdf",),
            f"{paper.display_pdf}: {pages} {'is' if len(wrong) == 1 else 'are'} "
            f"{width:g} x {height:g} mm; allowed: {', '.join(allowed)}",
            paper=paper.id,
            hint="Ask for the paper on an allowed page size, or add it to "
            "pdf.page_sizes in volume.yaml.",
        )


def _fits(size: tuple[float, float], allowed: tuple[float, float]) -> bool:
    return all(abs(a - b) <= SIZE_TOLERANCE_MM for a, b in zip(size, allowed, strict=True))


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def _title_on_page(title: str, lines: tuple[str, ...]) -> str | None:
    """``None`` when the title is on the page, else the passage most like it (the title found).

    Titles break over lines and hyphenate, so runs of one to four lines are compared with the
    title after folding case, accents, ligatures and punctuation.
    """
    want = _normal(title)
    head = list(lines[:_TITLE_LINES])
    if not want or not head:
        return None
    joined = _normal(" ".join(head).replace("- ", ""))
    if want in joined or want.replace(" ", "") in joined.replace(" ", ""):
        return None
    best, best_text = 0.0, head[0]
    for start in range(len(head)):
        for length in range(1, 5):
            chunk = head[start : start + length]
            text = " ".join(chunk)
            ratio = difflib.SequenceMatcher(None, want, _normal(text)).ratio()
            if ratio > best:
                best, best_text = ratio, text
    return None if best >= TITLE_RATIO else best_text
