"""Layout: the volume's page numbers, decided once, from the papers' page counts.

Every later stage (contents, author index, stamped numbers, BibTeX ``pages``, ``citation_*``
tags, Crossref ``<pages>``) reads these numbers and computes none of its own. Papers are numbered
in Arabic from ``numbering.start_page`` in volume order. With ``odd_page_starts`` each paper
opens on an odd (recto) page, a blank page being counted before it when needed; with
``part_pages`` each part opens with a title page on a recto, followed by its blank verso, as in
Springer's LNCS. Front matter is numbered apart, in Roman (i, ii, ...), and its length is known
only once it is typeset; back matter (the author index) continues the Arabic numbers after the
last paper, on a recto when the volume uses recto openings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from proceedings.errors import ProceedingsError
from proceedings.filecache import FileCache, Identity, identity
from proceedings.limits import RefusedFile, read_regular
from proceedings.model import Volume
from proceedings.pdfinfo import declared_page_count, quiet_pypdf
from proceedings.text import plural


@dataclass(frozen=True)
class PaperPages:
    """Where one archival paper sits in the volume."""

    paper: str
    pages: int
    first: int
    last: int
    blank_before: bool = False


@dataclass(frozen=True)
class PartPage:
    """The title page that opens a part (only with ``numbering.part_pages``)."""

    part: str
    page: int
    blank_before: bool = False


@dataclass(frozen=True)
class Layout:
    """Every page number of the volume's main matter and where the back matter starts."""

    papers: tuple[PaperPages, ...]
    parts: tuple[PartPage, ...]
    first_page: int
    last_page: int
    backmatter_first: int
    numbered_parts: tuple[str, ...] = ()  # parts with archival papers: Part I, II, ... in order

    @cached_property
    def _by_id(self) -> dict[str, PaperPages]:
        # A cached property, not a field: ``asdict`` (and so layout.json) shows only the fields.
        return {entry.paper: entry for entry in self.papers}

    def of(self, paper_id: str) -> PaperPages:
        """The pages of one archival paper (``KeyError`` for any other)."""
        return self._by_id[paper_id]

    def part_number(self, part_id: str) -> int | None:
        """The part's number (Part I is 1) in every output; ``None`` for a part without
        archival papers, which the volume does not print."""
        return self.numbered_parts.index(part_id) + 1 if part_id in self.numbered_parts else None

    @property
    def main_pages(self) -> int:
        """Number of pages from the first paper page to the last, blanks and part pages included."""
        return self.last_page - self.first_page + 1 if self.papers else 0


def compute_layout(volume: Volume, page_counts: Mapping[str, int]) -> Layout:
    """Number the archival papers' pages in volume order from their page counts."""
    numbering = volume.info.numbering
    recto = numbering.odd_page_starts or numbering.part_pages
    page = numbering.start_page  # the next free page
    papers: list[PaperPages] = []
    parts: list[PartPage] = []
    numbered: list[str] = []
    known = {part.id for part in volume.info.parts}
    for paper in volume.archival_papers:
        if paper.info.part not in known:
            raise ProceedingsError(
                f"paper {paper.id}: unknown part '{paper.info.part}'; run 'proceedings check'",
                path=paper.source.display,
                field="part",
                paper=paper.id,
            )
    for part in volume.info.parts:
        in_part = [p for p in volume.papers_in(part) if p.in_volume]
        if not in_part:
            continue
        numbered.append(part.id)
        if numbering.part_pages:
            blank = page % 2 == 0
            page += blank
            parts.append(PartPage(part.id, page, blank))
            page += 2  # the part page and its blank verso
        for paper in in_part:
            count = page_counts[paper.id]
            if count < 1:
                raise ProceedingsError(
                    f"paper {paper.id}: the PDF has no pages",
                    path=paper.display_pdf,
                    paper=paper.id,
                )
            blank = numbering.odd_page_starts and page % 2 == 0
            page += blank
            papers.append(PaperPages(paper.id, count, page, page + count - 1, blank))
            page += count
    last = page - 1
    backmatter = page + (recto and page % 2 == 0)
    return Layout(
        tuple(papers), tuple(parts), numbering.start_page, last, backmatter, tuple(numbered)
    )


def roman(number: int) -> str:
    """Upper-case Roman numeral (front-matter page labels, part numbers): 4 -> ``IV``."""
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


PAGE_COUNTS = "page counts"
"""What :func:`read_page_counts` keeps in its cache (a :class:`FileCache` kind)."""


def remember_page_counts(cache: Path, counts: Mapping[Path, tuple[int, Identity]]) -> None:
    """Keep in ``cache`` the page counts that another reading of the files found (the check
    reads every PDF's pages for its facts), each with the file's identity when it was read:
    :func:`read_page_counts` then opens none of them again, unless replaced since. A count
    differs from :func:`read_page_counts`'s only for a file it cannot read, which the check
    reports and the build does not get past."""
    known = FileCache(cache, PAGE_COUNTS)
    for path, (count, read_at) in counts.items():
        if known.get(path) != count:  # else what is kept holds for the file as it is
            known.put(path, count, read_at)
    known.save()


def read_page_counts(volume: Volume, cache: Path | None = None) -> dict[str, int]:
    """Count the pages of every archival paper's PDF; stop at the first one that cannot be read.

    With ``cache`` (a file under ``_build/``), a PDF unchanged since its last count is not
    opened again (:class:`~proceedings.filecache.FileCache`): a rebuild of a 200-paper site
    spends no time re-reading 200 unchanged PDFs.
    """
    known = FileCache(cache, PAGE_COUNTS)
    counts = {}
    for paper in volume.archival_papers:
        count = known.get(paper.pdf_path)
        if not isinstance(count, int):
            read_at = identity(paper.pdf_path)
            count = _count_pages(paper.pdf_path, paper.display_pdf, paper.id)
            if read_at is not None:
                known.put(paper.pdf_path, count, read_at)
        counts[paper.id] = count
    known.save()
    return counts


def _count_pages(path: Path, display: str, paper_id: str) -> int:
    try:
        # Bounded and regular files only: serve's rebuild counts pages with no check before
        # it, and a paper.pdf that is a FIFO or /dev/zero must not hang it or fill the memory.
        data = read_regular(path, "pdf_bytes")
    except RefusedFile as exc:
        raise ProceedingsError(
            f"paper {paper_id}: the PDF {exc.reason}", path=display, paper=paper_id
        ) from None
    except FileNotFoundError:
        raise ProceedingsError(
            f"paper {paper_id}: the PDF is missing; add the camera-ready PDF",
            path=display,
            paper=paper_id,
        ) from None
    except OSError as exc:
        raise ProceedingsError(
            f"paper {paper_id}: the PDF cannot be read ({exc.strerror or exc})",
            path=display,
            paper=paper_id,
        ) from None
    try:
        with quiet_pypdf():
            reader = PdfReader(BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise ProceedingsError(
                    f"paper {paper_id}: the PDF is encrypted with a password; ask the authors "
                    "for one without",
                    path=display,
                    paper=paper_id,
                )
            return declared_page_count(reader) or len(reader.pages)
    except ProceedingsError:
        raise
    # pypdf raises many exception types on damaged files; all of them mean the same to the user.
    except Exception as exc:
        raise ProceedingsError(
            f"paper {paper_id}: the PDF cannot be read ({exc}); re-export it from its source",
            path=display,
            paper=paper_id,
        ) from None


def format_layout(volume: Volume, layout: Layout) -> str:
    """The layout as a plain-text table: part pages, then id, pages, first and last page."""
    width = max([len(p.paper) for p in layout.papers] + [2])
    lines = [f"{'id':<{width}}  {'pages':>5}  {'first':>5}  {'last':>5}"]
    part_pages = {p.part: p for p in layout.parts}
    titles = {p.id: p.title for p in volume.info.parts}
    entries = {e.paper: e for e in layout.papers}
    current_part = None
    for paper in volume.archival_papers:
        entry = entries[paper.id]
        if paper.info.part != current_part:
            current_part = paper.info.part
            opening = part_pages.get(current_part)
            where = f" (part page {opening.page})" if opening else ""
            lines.append(f"# {titles.get(current_part, current_part)}{where}")
        blank = "  (blank page before)" if entry.blank_before else ""
        lines.append(
            f"{entry.paper:<{width}}  {entry.pages:>5}  {entry.first:>5}  {entry.last:>5}{blank}"
        )
    lines.append(
        f"{plural(len(layout.papers), 'paper')}, pages {layout.first_page}-{layout.last_page}; "
        f"back matter from page {layout.backmatter_first}"
    )
    return "\n".join(lines)
