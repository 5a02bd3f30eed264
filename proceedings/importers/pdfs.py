"""A folder of PDFs + the papers of an import -> each paper's PDF, and notes on page ranges.

Any importer whose source names papers by a key (BibTeX, CEUR, the ACL Anthology) pairs them
with the camera-ready PDFs the same way (:func:`find_pdfs`): by file name (the key, the paper's
id, or PMLR's key plus one letter), else by the title on the PDF's first page; the papers it
could not pair are listed in one note (:func:`note_missing_pdfs`). When the source gives page
ranges (:func:`page_range` reads the usual way of writing one), :func:`compare_pages` notes where
they disagree with the PDFs. All of them work on :class:`~proceedings.importers.PaperDraft`
records and put their notes through a :data:`~proceedings.importers.notes.Note`, so that each
importer places them against its own source lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader

from proceedings.errors import ProceedingsError
from proceedings.importers.imported import PaperDraft
from proceedings.importers.notes import Note
from proceedings.importers.titles import match_by_title
from proceedings.names import fold
from proceedings.paths import outside_links
from proceedings.pdfinfo import inspect_pdf, quiet_pypdf
from proceedings.text import join_ids, plural

__all__ = [
    "compare_pages",
    "find_pdfs",
    "folder_files",
    "note_missing_pdfs",
    "outside_message",
    "page_range",
    "pdf_files",
]


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def outside_message(name: str, root: Path) -> str:
    """What is wrong with a file name that leads outside the folder the user named."""
    return f"{name!r} is outside {root}; name a file inside that folder, relative to it"


def folder_files(folder: Path) -> list[Path]:
    """Every file in ``folder`` and below, sorted; an error for a link that leads outside it,
    so that no file from elsewhere is read or copied in."""
    links = outside_links(folder, folder)
    if links:
        raise ProceedingsError(
            f"is a link to a file outside {folder}; copy the file in instead", path=str(links[0])
        )
    return sorted(p for p in folder.rglob("*") if p.is_file())


def pdf_files(folder: Path) -> list[Path]:
    """The PDFs in ``folder`` and below, sorted, leaving out hidden files and folders (macOS's
    ``._x.pdf`` beside every file of a ZIP made on a Mac is no PDF); an error if it is no folder
    or holds a link that leads outside it."""
    if not folder.is_dir():
        raise ProceedingsError("not a folder of PDFs", path=str(folder))
    return [
        p
        for p in folder_files(folder)
        if p.suffix.lower() == ".pdf"
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]


def find_pdfs(papers: Sequence[PaperDraft], folder: Path, note: Note) -> None:
    """Give each paper its PDF from ``folder``: by file name, else by first-page title."""
    files = pdf_files(folder)
    by_stem: dict[str, list[Path]] = {}
    for path in files:
        by_stem.setdefault(_squash(path.stem), []).append(path)
    used: set[Path] = {p.pdf for p in papers if p.pdf is not None}
    # 1. the key itself (or the id); 2. the key and one letter, PMLR's way (afzal23 -> afzal23a).
    for suffixes in ([""], list("abcdefghijklmnopqrstuvwxyz")):
        for paper in papers:
            if paper.pdf is not None:
                continue
            candidates = {
                path
                for stem in {_squash(paper.key), _squash(paper.id)}
                for suffix in suffixes
                for path in by_stem.get(stem + suffix, [])
                if path not in used
            }
            if len(candidates) == 1:
                paper.pdf = candidates.pop()
                used.add(paper.pdf)
    # 3. the title on the first page, for the PDFs and papers still unpaired.
    facts = {path: inspect_pdf(path) for path in files if path not in used}
    unreadable = {path: f.error for path, f in facts.items() if f.error}
    for path, error in unreadable.items():
        note(None, f"{path.relative_to(folder)}: cannot be read ({error}); not matched")
    first_pages = {path: f.first_page_lines for path, f in facts.items() if not f.error}
    titles = {p.id: p.data["title"] for p in papers if p.pdf is None}
    by_title = match_by_title(titles, first_pages)
    for paper in papers:
        if paper.id in by_title:
            paper.pdf = by_title[paper.id]
            used.add(paper.pdf)
            note(
                paper.key,
                f"PDF {paper.pdf.relative_to(folder)} matched by the title on its first page",
            )
    left = [p for p in files if p not in used and p not in unreadable]
    if left:
        names = join_ids(str(p.relative_to(folder)) for p in left)
        note(None, f"{plural(len(left), 'PDF')} in {folder} matched no paper: {names}")


def note_missing_pdfs(
    papers: Sequence[PaperDraft], note: Note, *, where: str = "", by_key: bool = False
) -> None:
    """One note listing the papers still without a PDF (by id, or ``by_key`` by the source's
    keys), so that the organizer knows which to add; ``where`` names the folder searched."""
    missing = [p.key if by_key else p.id for p in papers if p.pdf is None]
    if missing:
        place = f" in {where}" if where else ""
        note(None, f"{plural(len(missing), 'paper')} without a PDF{place}: {join_ids(missing)}")


def page_range(text: str | None) -> tuple[int, int] | None:
    """``1–6`` (the en dash the Anthology and CEUR write), ``1-6`` or ``7`` -> a page range;
    ``None`` for anything else, or for a range that runs backwards."""
    match = re.fullmatch(r"\s*(\d+)\s*(?:[-–—]+\s*(\d+))?\s*", text or "")
    if not match:
        return None
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    return (first, last) if last >= first else None


def _page_count(path: Path) -> int | str:
    """The PDF's number of pages, or why it cannot be read (only the page tree is read)."""
    try:
        with quiet_pypdf():  # as quiet as inspect_pdf: pypdf logs each repair of a damaged file
            reader = PdfReader(path)
            if reader.is_encrypted and not reader.decrypt(""):
                return "encrypted with a password"
            return len(reader.pages)
    except Exception as exc:  # pypdf raises many types on damaged files; all mean "unreadable"
        return " ".join(str(exc).split()) or type(exc).__name__


def compare_pages(papers: Sequence[PaperDraft], note: Note) -> None:
    """Note where the source's page ranges disagree with the PDFs or are not consecutive."""
    ranged = [p for p in papers if p.pages]
    if not ranged:
        return
    first = ranged[0].pages
    assert first is not None
    if first[0] != 1:
        note(
            ranged[0].key,
            f"the source's numbering starts at page {first[0]}; set numbering.start_page: "
            f"{first[0]} in volume.yaml to keep it",
        )
    for before, after in itertools.pairwise(ranged):
        if before.pages and after.pages and after.pages[0] != before.pages[1] + 1:
            note(
                after.key,
                f"the source's pages {after.pages[0]}-{after.pages[1]} do not follow "
                f"{before.key}'s {before.pages[0]}-{before.pages[1]}; the layout numbers "
                "papers consecutively",
            )
    for paper in ranged:
        if paper.pdf is None or paper.pages is None:
            continue
        count = _page_count(paper.pdf)
        expected = paper.pages[1] - paper.pages[0] + 1
        if isinstance(count, str):
            note(paper.key, f"PDF {paper.pdf.name} cannot be read ({count})")
        elif count != expected:
            note(
                paper.key,
                f"the source gives pages {paper.pages[0]}-{paper.pages[1]} ({expected}) but "
                f"{paper.pdf.name} has {count} pages",
            )
