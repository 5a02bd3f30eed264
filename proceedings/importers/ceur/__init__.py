"""ceur-make's ``toc.xml`` + ``workshop.xml``, or a CEUR-WS volume's ``index.html`` -> an import.

``proceedings import ceur SOURCE [--pdfs DIR]`` reads a CEUR-WS.org volume before publication
(ceur-make's two XML files) or after it (the volume page CEUR-WS publishes, PDFs beside it).
SOURCE is either XML file, the ``index.html``, the folder holding them, or a ZIP of it:

- A folder with ``toc.xml`` and ``workshop.xml`` is read as ceur-make's even when an
  ``index.html`` is there too: ceur-make generates the page from the two files, which are the
  organizer's own (a note says so). With only one of them, the page is read if there is one.
  An XML file is told by its root element, ``<toc>`` or ``<workshop>``, and its partner is
  looked for beside it (``toc.xml`` alone lacks the title and editors: one error says so).
- The volume: the title (``Proceedings of the`` + ``<full>``, or ``CEURFULLTITLE``), the
  acronym with the year, the year of publication, the event (name, co-located conference,
  place and days: ceur-make's ISO dates, or text such as ``Heraklion, Greece, June 4th,
  2018``), the editors with institution, country and ORCID, the series (CEUR Workshop
  Proceedings, CEUR-WS, ISSN 1613-0073, the volume number), ``url``
  (``http://ceur-ws.org/Vol-NNNN/``) and the licence (CC BY 4.0 unless the page states other
  terms). A volume number still ``XXX`` leaves the series without a volume and no url.
- Sessions (``<session>``, ``CEURSESSION``) become parts, in order; papers outside any
  session go into the part ``papers``, first, where ceur-make prints them.
- Papers: title, authors (one string each, split into given and family names) and pages
  (kept to compare with the PDFs). A paper's id is its PDF's file name without ``.pdf``
  (``paper1``; ceur-make's ``paper-01`` for a ``<paper>`` without ``id``), else its position
  (``007``): ids then match the volume's published file names.
- Kinds: an entry the page marks auxiliary (CEUR's ``AUX`` classes: the preface, a keynote's
  abstract) is a ``preface`` when its title says so ("Preface", "Foreword", "Editorial",
  "Message from"), else an ``invited`` talk; an entry filed under a session, or titled,
  "invited", "keynote" or "plenary" is ``invited`` too. Each reading is noted. Such an entry
  without a PDF gets ``pdf: null`` (on the site only), not a missing PDF.
- PDFs are looked for in ``--pdfs``, else in the source's folder and below (where ceur-make
  runs, beside EasyChair's ``9999NNNN/`` folders): by the file name the source gives, then as
  :func:`~proceedings.importers.pdfs.find_pdfs` does (file name, then first-page title).

CEUR tables of contents have no abstracts, keywords or authors' affiliations: check reports
them until they are added. A title or name that is a placeholder (``TEST``, ``TODO``) stops
the import. This module finds the files and makes the papers; the page is read by
:mod:`~proceedings.importers.ceur.index_page`, ceur-make's files by
:mod:`~proceedings.importers.ceur.ceur_make`, and :mod:`~proceedings.importers.ceur.volume` makes
``volume.yaml`` from what either gives.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from proceedings.errors import ProceedingsError
from proceedings.importers.ceur.ceur_make import XmlFile, expect_root, parse_xml, read_ceur_make
from proceedings.importers.ceur.index_page import read_page
from proceedings.importers.ceur.volume import (
    CeurPaper,
    CeurVolume,
    read_ceur_file,
    refuse_placeholders,
    volume_yaml,
)
from proceedings.importers.imported import DEFAULT_PART, ImportedVolume, PaperDraft
from proceedings.importers.kinds import guess_kind
from proceedings.importers.notes import Context
from proceedings.importers.pdfs import compare_pages, find_pdfs, note_missing_pdfs, page_range
from proceedings.importers.skips import Skips
from proceedings.importers.sources import make_id, zero_padded
from proceedings.importers.text import clean_text, split_name
from proceedings.importers.validate import validate_imported
from proceedings.kinds import kind_rules
from proceedings.limits import RefusedFile, require_regular
from proceedings.text import plural

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions

__all__ = ["read"]


# --- finding the files ----------------------------------------------------------------------


@dataclass
class _Files:
    """What SOURCE turned out to be: the files to read and the folder that holds the PDFs."""

    folder: Path
    toc: XmlFile | None = None
    workshop: XmlFile | None = None
    html: Path | None = None
    notes: list[str] = field(default_factory=list)
    archive: tuple[Path, str] | None = None  # an unpacked ZIP's folder and the ZIP's name

    def display(self, path: Path) -> str:
        """``path`` as the user knows it: inside the ZIP they gave, not a temporary folder."""
        if self.archive is not None and path.is_relative_to(self.archive[0]):
            return f"{self.archive[1]}/{path.relative_to(self.archive[0]).as_posix()}"
        return str(path)


def _partner(files: _Files, name: str, tag: str) -> XmlFile | None:
    path = files.folder / name
    return expect_root(parse_xml(path, files.display(path)), tag) if path.is_file() else None


def _in_folder(folder: Path, files: _Files) -> _Files:
    """The CEUR files of ``folder`` (or of its only subfolder, as a ZIP often has)."""
    names = ("toc.xml", "workshop.xml", "index.html")
    if not any((folder / n).is_file() for n in names):
        inner = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))]
        if len(inner) == 1 and any((inner[0] / n).is_file() for n in names):
            folder = inner[0]
    files.folder = folder
    files.toc = _partner(files, "toc.xml", "toc")
    files.workshop = _partner(files, "workshop.xml", "workshop")
    html = folder / "index.html"
    shown = files.display(folder)
    if not html.is_file():
        if files.toc is None:
            lacks = (
                "workshop.xml but not toc.xml, which lists the papers; put ceur-make's toc.xml "
                "beside it"
                if files.workshop is not None
                else "no toc.xml, workshop.xml or index.html; give ceur-make's toc.xml or "
                "workshop.xml, a CEUR-WS volume's index.html, or the folder that holds them"
            )
            raise ProceedingsError(f"has {lacks}", path=shown)
    elif files.toc is not None and files.workshop is not None:
        files.notes.append(
            f"{shown}: both toc.xml/workshop.xml and index.html are here: read ceur-make's "
            "toc.xml and workshop.xml, from which index.html is generated (give index.html "
            "itself to read the page instead)"
        )
    else:  # one of ceur-make's two files: the page, made from both, says more
        if files.toc is not None or files.workshop is not None:
            files.notes.append(
                f"{shown}: toc.xml and workshop.xml are not both here: read index.html"
            )
        files.toc = files.workshop = None
        files.html = html
    return files


def _locate(source: Path, options: ImportOptions) -> _Files:
    """Tell what SOURCE is: a folder, a ZIP, an XML file of ceur-make's, or a volume page."""
    if not source.exists():
        raise ProceedingsError(
            "does not exist; give ceur-make's toc.xml or workshop.xml, a CEUR-WS volume's "
            "index.html, or the folder that holds them",
            path=str(source),
        )
    if source.is_dir():
        return _in_folder(source, _Files(source))
    try:
        require_regular(source)  # is_zipfile would open a FIFO and wait for ever
    except RefusedFile as exc:
        raise ProceedingsError(exc.reason, path=str(source)) from None
    if zipfile.is_zipfile(source):
        folder = options.folder(source)
        return _in_folder(folder, _Files(folder, archive=(folder, str(source))))
    files = _Files(source.parent)
    head = read_ceur_file(source, str(source))[:2048].lower()
    if source.suffix.lower() in {".html", ".htm"} or b"<html" in head or b"<!doctype" in head:
        files.html = source
        return files
    xml = parse_xml(source, str(source))
    if xml.root.tag == "toc":
        files.toc, files.workshop = xml, _partner(files, "workshop.xml", "workshop")
    elif xml.root.tag == "workshop":
        files.workshop, files.toc = xml, _partner(files, "toc.xml", "toc")
        if files.toc is None:
            raise ProceedingsError(
                f"{xml.display}: workshop.xml describes the volume; its papers are in "
                f"ceur-make's toc.xml, which is not in {files.folder}: put it there"
            )
    else:
        expect_root(xml, "toc")
    return files


# --- the papers -----------------------------------------------------------------------------


@dataclass
class _Paper(PaperDraft):
    """A paper being imported, with the PDF the source names (``file``) and the line of its
    title, where its notes point."""

    file: str = ""
    line: int | None = None


def _file_name(file: str) -> PurePosixPath:
    """The relative path a link names (``paper1.pdf``; a URL or ``..`` keeps the name only)."""
    parts = urlsplit(file)
    path = PurePosixPath(unquote(parts.path))
    if parts.scheme or parts.netloc or path.is_absolute() or ".." in path.parts:
        return PurePosixPath(path.name)
    return path


def _parts(volume: CeurVolume) -> tuple[list[dict[str, str]], dict[str | None, str]]:
    """Parts from sessions in order, ``papers`` first for the papers outside any session."""
    parts: list[dict[str, str]] = []
    ids: dict[str | None, str] = {}
    taken: set[str] = set()
    if any(p.session is None for p in volume.papers):
        ids[None] = make_id(DEFAULT_PART["id"], taken)
        parts.append(dict(DEFAULT_PART))
    for paper in volume.papers:
        if paper.session is not None and paper.session.text not in ids:
            ids[paper.session.text] = make_id(paper.session.text, taken, fallback="session")
            parts.append({"id": ids[paper.session.text], "title": paper.session.text})
    return parts, ids


def _skip_untitled(volume: CeurVolume, skips: Skips, notes: list[str]) -> None:
    """Every paper needs a title: each entry without one is skipped with a note (or, under
    ``--strict`` or when none has one, one error lists them)."""
    kept = []
    for n, paper in enumerate(volume.papers, start=1):
        if paper.title.text:
            kept.append(paper)
            continue
        where = f"{volume.where(paper.title)}: paper {n}{f' ({paper.file})' if paper.file else ''}"
        skips.add(where, [f"{where}: {volume.terms['papers']} is empty; give every paper a title"])
    volume.papers[:] = kept
    summary = f"{volume.display}: {plural(len(skips.records), 'paper')} without a title"
    skips.settle(notes, kept=len(kept), summary=summary)


def _kind(paper: CeurPaper, where: str, notes: list[str]) -> str:
    """An auxiliary entry is a preface (or front matter) when its title says so, else an
    invited talk; any other entry is what its session or title says (a paper by default)."""
    section = paper.session.text if paper.session else ""
    kind, why = guess_kind(paper.title.text, section=section, abstract="-")
    if paper.aux:
        if kind not in {"preface", "frontmatter"}:
            kind, why = "invited", ""
        why = f"marked {paper.aux}{f' and {why}' if why else ''}"
    if kind != "paper":
        notes.append(f"{where}: imported as kind {kind} ({why})")
    return kind


def _papers(volume: CeurVolume, part_ids: Mapping[str | None, str]) -> list[_Paper]:
    """The papers in volume order, with ids from their file names (else their positions)."""
    taken: set[str] = set()
    orders: dict[str, int] = {}
    papers = []
    for position, paper in enumerate(volume.papers, start=1):
        stem = re.sub(r"(?i)\.pdf$", "", _file_name(paper.file).name) if paper.file else ""
        paper_id = make_id(stem or zero_padded(position), taken)
        where = f"{volume.where(paper.title)}: {paper_id}"
        if stem and paper_id != stem.lower():
            volume.notes.append(f"{where}: the file name {paper.file} made the paper id")
        authors = [split_name(a) for a in paper.authors if clean_text(a)]
        for author in authors:
            if author.get("mononym"):
                volume.notes.append(
                    f"{where}: author '{author['family']}' has a single name; imported as a mononym"
                )
        if not authors:
            volume.notes.append(f"{where}: no authors; check will report metadata.no-authors")
        part = part_ids[paper.session.text if paper.session else None]
        orders[part] = orders.get(part, 0) + 1
        data = {"title": paper.title.text, "authors": authors, "part": part, "order": orders[part]}
        kind = _kind(paper, where, volume.notes)
        if kind != "paper":
            data = {"kind": kind, **data}
        pages = page_range(paper.pages)
        if paper.pages and pages is None:
            volume.notes.append(f"{where}: pages '{paper.pages}' is not a page range; ignored")
        if paper.beside:
            shown = "; ".join(f"'{text}'" for text in paper.beside)
            volume.notes.append(f"{where}: text beside the CEUR marks not imported: {shown}")
        papers.append(
            _Paper(paper_id, paper_id, data, pages, file=paper.file, line=paper.title.line)
        )
    order = list(part_ids.values())
    return sorted(papers, key=lambda p: order.index(p.data["part"]))


def _attach_pdfs(papers: list[_Paper], folder: Path, shown: str, volume: CeurVolume) -> None:
    """Each paper's PDF: the file the source names, else as find_pdfs finds it."""
    places = {p.key: f"{volume.display}:{p.line}: {p.key}" for p in papers if p.line}
    note = Context(volume.display, notes=volume.notes, places=places).note
    used: set[Path] = set()
    for paper in papers:
        if not paper.file:
            continue
        name = _file_name(paper.file)
        for path in (folder.joinpath(*name.parts), folder / name.name):
            if path.is_file() and path not in used:
                paper.pdf = path
                used.add(path)
                break
    find_pdfs(papers, folder, note)
    for paper in papers:  # a keynote or preface given without a PDF is on the site only
        if paper.pdf is None and not kind_rules(paper.data.get("kind", "paper")).needs_pdf:
            paper.data["pdf"] = None
    note_missing_pdfs([p for p in papers if "pdf" not in p.data], note, where=shown)
    compare_pages(papers, note)


# --- the importer ---------------------------------------------------------------------------


def read(source: Path, options: ImportOptions) -> ImportedVolume:
    """The ``ceur`` import format: ceur-make's toc.xml + workshop.xml, or a volume's index.html."""
    files = _locate(source, options)
    if files.html is not None:
        volume = read_page(files.html, files.display(files.html))
    else:
        assert files.toc is not None  # _locate gives a page or a toc.xml
        volume = read_ceur_make(files.toc, files.workshop)
    refuse_placeholders(volume)
    _skip_untitled(volume, Skips(options.strict, "paper"), volume.notes)
    parts, part_ids = _parts(volume)
    lacking = ""
    if files.workshop is None and files.toc is not None:
        lacking = (
            "toc.xml lists only the papers; the volume's title, acronym, year and editors are "
            f"in ceur-make's workshop.xml, which is not in {files.folder}: write it there (see "
            "ceur-make's template)"
        )
    info = volume_yaml(volume, parts, options.overrides, lacking)
    papers = _papers(volume, part_ids)
    folder = options.pdfs or files.folder
    _attach_pdfs(papers, folder, files.display(folder), volume)
    volume.note(
        None,
        "CEUR tables of contents have no abstracts, keywords or authors' affiliations: check "
        "reports metadata.missing-abstract (an error) until the abstracts are added",
    )
    result = ImportedVolume(
        volume=info,
        papers=[p.imported(f"{volume.display}:{p.line} ({p.id})") for p in papers],
        notes=[*files.notes, *volume.notes],
        origin=volume.display,
    )
    validate_imported(result)
    return result
