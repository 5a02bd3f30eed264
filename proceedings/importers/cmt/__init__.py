"""Microsoft CMT camera-ready exports (CSV or XLSX) -> an imported volume.

``proceedings import cmt FILE.csv|FILE.xlsx --acronym 'ISMIR 2023' [--pdfs DIR|ZIP]`` reads
the submissions table CMT exports, with
:func:`~proceedings.importers.table.sheet.read_table` (a BOM, Windows-1252, semicolons or an XLSX
workbook are all fine). Columns are recognised by name,
ignoring case, spaces and punctuation, so both CMT's own headers ("Export to Excel >
Submissions") and the shortened ones of the ISMIR proceedings scripts work:

- ``Paper ID``/``PaperID``: the paper id, zero-padded to three digits (``17`` -> ``017``);
- ``Paper Title``/``Title``, ``Abstract`` (LaTeX pasted by authors is decoded, lines joined);
- ``Authors``/``AuthorDetails`` (``First Last (Affiliation)*; ...``: the affiliations, tabs
  and double spaces cleaned), ``Author Names``/``AuthorNames`` (``Last, First*; ...``: where
  CMT keeps given and family names apart, so the split comes from here) and ``Author Emails``/
  ``AuthorEmails``, all three in the same author order; ``*`` marks the corresponding author.
  A lone initial in the family slot (``R, Gowriprasad``) makes a mononym (``Gowriprasad R``);
- ``Primary Subject Area`` and ``Secondary Subject Areas`` (``Area -> sub-area; ...``): the
  keywords, each area's most specific term, the primary first;
- ``SessionID``/``Session`` (``Session I:2``, set by the program chairs): each session is a part,
  in the order of the numbers or Roman numerals ending their names, and the number after the
  colon orders the papers in it. Without sessions all papers are in one part, ``papers``;
- ``Status``: rows not accepted are skipped and listed in a note.

Other columns (``OneLiner``, CMT's review columns) have no ``paper.yaml`` key and are listed in
a note. A CMT export carries no volume data: ``--acronym`` (and ``--year``, unless the acronym
ends with it) are required, and the acronym stands in for the title until one is written.
With ``--pdfs``, the camera-ready PDFs are taken from CMT's download layout
(``<Paper ID>/CameraReady/<name>.pdf``), else by file name or first-page title.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.errors import ProceedingsError
from proceedings.importers.cmt.authors import AuthorColumns, read_authors
from proceedings.importers.imported import ImportedVolume
from proceedings.importers.notes import Note, note_at
from proceedings.importers.skips import Skips
from proceedings.importers.sources import unique, zero_padded
from proceedings.importers.table.papers import (
    RowReader,
    TablePaper,
    accepted_rows,
    paper_id,
    session,
    split_list,
)
from proceedings.importers.table.sheet import Row, Table, column_key, read_table
from proceedings.importers.table.volume import finish_import, rows_summary
from proceedings.importers.text import clean_text
from proceedings.text import join_ids, plural

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions

__all__ = ["read"]

# What each column holds -> its names in CMT's export and in the ISMIR scripts' CSV.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Paper ID", "PaperID"),
    "title": ("Paper Title", "Title"),
    "abstract": ("Abstract",),
    "details": ("Authors", "AuthorDetails"),
    "names": ("Author Names", "AuthorNames"),
    "emails": ("Author Emails", "AuthorEmails"),
    "primary": ("Primary Subject Area", "PrimarySubjectArea"),
    "secondary": ("Secondary Subject Areas", "SecondarySubjectAreas", "Secondary Subject Area"),
    "session": ("SessionID", "Session"),
    "status": ("Status",),
}
_SEMICOLON = re.compile(";")
_CAMERA_READY = column_key("CameraReady")


def _columns(table: Table) -> dict[str, int]:
    """Where each known column is; an error naming what is missing when this is no CMT export."""
    found: dict[str, int] = {}
    for key, names in _COLUMNS.items():
        for name in names:
            if table.find(name):
                found[key] = table.column(name, f"CMT's {name}")  # the error for a duplicate
                break
    missing = [f"'{_COLUMNS[key][0]}'" for key in ("id", "title") if key not in found] + (
        [] if {"details", "names"} & set(found) else ["'Authors' or 'Author Names'"]
    )
    if missing:
        hint = (
            " The first row looks like a paper: a table without a header row is no CMT export; "
            "import it with 'proceedings import csv FILE --map header=none --map title=A ...'."
            if table.looks_headerless
            else " Is this CMT's 'Export to Excel > Submissions' (saved as .xlsx or CSV)?"
        )
        raise ProceedingsError(
            f"not a CMT export: it lacks {plural(len(missing), 'column')}: {', '.join(missing)}."
            f" The file's columns are: {table.listing()}.{hint}",
            path=table.display,
        )
    return found


class _Reader(RowReader):
    """Reads the rows of a CMT export into papers."""

    def authors(self, row: Row, where: str) -> list[dict[str, Any]]:
        """The authors of the three author columns (:mod:`~proceedings.importers.cmt.authors`);
        none, and a problem, when the row has no sensible reading."""
        names, details, emails = (self.get(row, key) for key in ("names", "details", "emails"))
        keys: tuple[str, ...] = ("names", "details", "emails")
        headers = {k: self.header(k) for k in keys if k in self.columns}
        cells = AuthorColumns(names, details, emails, headers)
        people, problem = read_authors(cells, where, self.notes, note_at(self.notes, where))
        if problem:
            self.problems.append(problem)
        return people

    def keywords(self, row: Row) -> list[str]:
        """The subject areas' most specific terms (``MIR tasks -> music generation``)."""
        areas = [self.get(row, "primary"), *split_list(self.get(row, "secondary"), _SEMICOLON)]
        return unique(clean_text(a.rpartition("->")[2]) for a in areas if a.strip())

    def paper(self, row: Row, raw_id: str, paper: str) -> TablePaper:
        """The row as the paper ``paper``; a missing title is recorded as a problem."""
        where = self.table.where(row, paper)
        data = self.texts(row, where, note_no_abstract=True)
        if keywords := self.keywords(row):
            data["keywords"] = keywords
        part, position = session(self.get(row, "session"))
        return TablePaper(raw_id, paper, data, row=row, part=part or None, position=position)


def _cmt_pdfs(papers: list[TablePaper], folder: Path, note: Note) -> None:
    """Give each paper the PDF of its folder in CMT's download (``17/CameraReady/x.pdf``)."""
    homes: dict[str, Path] = {}
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts)):
        if path.is_dir():
            homes.setdefault(path.name, path)
    for paper in papers:
        home = homes.get(paper.key) or homes.get(paper.id)
        if home is None:
            continue
        pdfs = sorted(p for p in home.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
        camera = [p for p in pdfs if _CAMERA_READY in map(column_key, p.relative_to(home).parts)]
        chosen = camera or pdfs
        if len(chosen) == 1:
            paper.pdf = chosen[0]
        elif chosen:
            names = join_ids(str(p.relative_to(folder)) for p in chosen)
            note(
                paper.key,
                f"{len(chosen)} PDFs in {home.relative_to(folder)} ({names}); none taken: keep "
                "the camera-ready one only",
            )


def read(source: Path, options: ImportOptions) -> ImportedVolume:
    """The ``cmt`` import format: CMT's submissions export, PDFs from ``--pdfs``."""
    if options.mapping:
        raise ProceedingsError(
            "--map and --mapping are for the csv format; the cmt format knows CMT's columns "
            "(use 'proceedings import csv' for a table that CMT did not write)",
            path=str(source),
        )
    table = read_table(source)
    columns = _columns(table)
    reader = _Reader(table, columns)
    papers: list[TablePaper] = []
    taken: set[str] = set()
    skips = Skips(options.strict, "row")
    status = (lambda row: reader.get(row, "status")) if "status" in columns else None
    rows, skipped = accepted_rows(table, status)
    for _, row in rows:
        before = len(reader.problems)
        raw = clean_text(reader.get(row, "id"))
        if not raw:
            reader.problems.append(
                f"{table.where(row)}: no paper id (the column '{reader.header('id')}' is empty); "
                "give the row CMT's Paper ID"
            )
            skips.add(table.where(row), reader.problems[before:])
            continue
        paper = paper_id(raw, taken)
        if paper != zero_padded(raw):
            reader.notes.append(
                f"{table.where(row, paper)}: Paper ID '{raw}' made the id '{paper}'"
            )
        read = reader.paper(row, raw, paper)
        if len(reader.problems) > before:
            skips.add(table.where(row, paper), reader.problems[before:])
        else:
            papers.append(read)
    skips.settle(reader.notes, kept=len(papers), summary=rows_summary(table, len(skips.problems)))
    if skipped:
        reader.notes.append(skipped)
    if not papers:
        raise ProceedingsError(
            f"no accepted paper: no row's '{reader.header('status')}' is an acceptance",
            path=table.display,
        )
    used = set(columns.values())
    ignored = [name or f"column {i + 1}" for i, name in enumerate(table.columns) if i not in used]
    if ignored:
        reader.notes.append(
            f"{table.display}: columns not imported (paper.yaml has no key for them): "
            f"{join_ids(ignored)}"
        )
    return finish_import(
        table,
        papers,
        options,
        what="a CMT export",
        ranked=True,
        notes=reader.notes,
        match_pdfs=_cmt_pdfs,
    )
