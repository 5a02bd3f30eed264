"""What an importer hands on: the volume, its papers, and the files they become.

Every importer reads its input into one :class:`ImportedVolume`: the volume as a plain mapping
ready for ``source/volume.yaml``, one :class:`ImportedPaper` per accepted paper (its id, a mapping
ready for ``paper.yaml`` and the camera-ready PDF if one was found) and notes for the organizer
about what could not be carried over. While it reads, a paper is a :class:`PaperDraft`, the form
the shared PDF helpers (:mod:`~proceedings.importers.pdfs`) work on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "COMMITTEES_FILE",
    "DEFAULT_PART",
    "PAPERS_DIR",
    "PROGRAM_FILE",
    "SPONSORS_FILE",
    "VOLUME_FILE",
    "ImportedPaper",
    "ImportedVolume",
    "PaperDraft",
]

VOLUME_FILE = Path("source/volume.yaml")
COMMITTEES_FILE = Path("source/committees.yaml")
PROGRAM_FILE = Path("source/program.yaml")
SPONSORS_FILE = Path("source/sponsors.yaml")
PAPERS_DIR = Path("papers")
# The one part of a volume whose source names none.
DEFAULT_PART = {"id": "papers", "title": "Papers"}


@dataclass(frozen=True)
class ImportedPaper:
    """One accepted paper as an importer found it.

    ``data`` is ready for ``papers/<id>/paper.yaml`` (plain Unicode text, keys of
    docs/file-formats.md only). ``pdf`` is the camera-ready PDF to copy, if one was found.
    ``origin`` says where the paper came from (``refs.bib:17 (afzal23)``), for messages.
    ``pages`` is the page range the source gives, if any: it is not written (the layout decides
    page numbers) but lets the caller compare the layout with the published numbering.
    ``files`` are the attachments' files to copy into the paper's folder, by the name that
    ``data['attachments']`` gives them.
    """

    id: str
    data: dict[str, Any]
    pdf: Path | None = None
    origin: str = ""
    pages: tuple[int, int] | None = None
    files: dict[str, Path] = field(default_factory=dict)


@dataclass
class ImportedVolume:
    """What an importer read: the volume, its papers in order, and notes for the organizer.

    ``volume`` is ready for ``source/volume.yaml`` and ``committees`` (role and people, in
    printed order) for ``source/committees.yaml``; ``program`` and ``sponsors``, when the source
    has them, for ``source/program.yaml`` and ``source/sponsors.yaml``, and ``files`` are other
    files to copy into the project (a sponsor's logo), by their path in it. ``notes`` are
    one-line remarks (``where: what``) about what the source lacked or what was guessed or
    repaired; they are for the person running the import, and nothing in them is an error.
    """

    volume: dict[str, Any]
    papers: list[ImportedPaper]
    notes: list[str] = field(default_factory=list)
    origin: str = ""
    committees: list[dict[str, Any]] = field(default_factory=list)
    format: str = ""  # the import format's name, set by read_import
    program: list[dict[str, Any]] = field(default_factory=list)
    sponsors: list[dict[str, Any]] = field(default_factory=list)
    files: dict[Path, Path] = field(default_factory=dict)  # project path -> file to copy

    def paper(self, paper_id: str) -> ImportedPaper:
        """The paper with id ``paper_id``."""
        for paper in self.papers:
            if paper.id == paper_id:
                return paper
        raise KeyError(paper_id)


@dataclass
class PaperDraft:
    """A paper while an importer reads it, before it becomes an :class:`ImportedPaper`.

    What the PDF helpers (:mod:`~proceedings.importers.pdfs`) pair with a file: ``key`` names the
    paper in the source (a citation key, a submission number) and is matched against file names,
    ``id`` is its paper id, ``data`` its ``paper.yaml`` mapping (with a ``title``), ``pages`` the
    page range the source gives and ``pdf`` its PDF once found. ``where`` is the place notes about
    it point to (``papers.yml:12``) and ``origin`` where it came from, for importers that know
    them when they make the paper. An importer that needs more keeps a subclass.
    """

    key: str
    id: str
    data: dict[str, Any]
    pages: tuple[int, int] | None = None
    pdf: Path | None = None
    where: str = ""
    origin: str = ""
    files: dict[str, Path] = field(default_factory=dict)

    def imported(self, origin: str) -> ImportedPaper:
        """The finished paper, which came from ``origin`` (``refs.bib:17 (afzal23)``)."""
        return ImportedPaper(self.id, self.data, self.pdf, origin, self.pages, self.files)
