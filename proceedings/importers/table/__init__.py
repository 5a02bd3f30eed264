"""The ``csv`` import format: any table whose columns a mapping names -> an imported volume.

``proceedings import csv FILE --map FIELD=COLUMN ... | --mapping MAP.yaml`` reads any table
(:func:`~proceedings.importers.table.sheet.read_table`: CSV in any dialect, or XLSX) whose
columns the user names; the mapping's fields and options are documented in docs/file-formats.md
("CSV column mappings"). The mapping is checked as a whole before any row is read, so that one
error lists every mistake in it. The volume comes from the command line's options: a table
carries no volume data.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.errors import ProceedingsError
from proceedings.identifiers import bare_doi, doi_problem, url_problem
from proceedings.importers.imported import ImportedVolume
from proceedings.importers.notes import Note, note_at
from proceedings.importers.pdfs import folder_files, outside_message
from proceedings.importers.skips import Skips
from proceedings.importers.sources import keep_valid, unique, zero_padded
from proceedings.importers.table.papers import (
    RowReader,
    TablePaper,
    accepted_rows,
    author,
    author_entry,
    list_separator,
    paper_id,
    person,
    session,
    split_list,
)
from proceedings.importers.table.sheet import Row, Table, column_letter, read_table
from proceedings.importers.table.volume import finish_import, row_problems, rows_summary
from proceedings.importers.text import clean_text
from proceedings.names import fold
from proceedings.paths import confine
from proceedings.text import join_ids, plural

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions

__all__ = ["FIELDS", "OPTIONS", "read"]

_LINKS = ("code", "data", "video", "slides", "poster", "openreview")
_PER_AUTHOR = ("author", "given", "family", "email", "affiliation", "orcid")
_LISTS = ("authors", "affiliations", "emails")
FIELDS = (
    "id",
    "title",
    *_LISTS,
    *_PER_AUTHOR,
    "abstract",
    "keywords",
    "part",
    "session",
    "track",
    "pdf",
    "doi",
    "decision",
    "archival",
    "award",
    *_LINKS,
)
OPTIONS = ("sheet", "header", "separator")
_YES = {"yes", "y", "true", "1", "x", "archival"}
_NO = {"no", "n", "false", "0", "non-archival", "nonarchival", "non archival", "not archival"}


def _mapping(mapping: Mapping[str, str], display: str) -> tuple[dict[str, str], dict[str, str]]:
    """The mapping split into fields and options, checked: unknown keys, missing title, and
    combinations that cannot both hold (``authors`` and ``author {n}``, ``part`` and
    ``session``)."""
    fields: dict[str, str] = {}
    options: dict[str, str] = {}
    for raw_key, value in mapping.items():
        key = raw_key.strip().lower()
        key = key.removeprefix("links.") if key.removeprefix("links.") in _LINKS else key
        if key in OPTIONS:
            options[key] = str(value)
        elif key in FIELDS:
            fields[key] = str(value).strip()
        else:
            close = difflib.get_close_matches(key, [*FIELDS, *OPTIONS], n=1)
            hint = f"Did you mean '{close[0]}'?" if close else f"Fields: {', '.join(FIELDS)}."
            raise ProceedingsError(f"the mapping has an unknown field '{raw_key}'. {hint}")
    problems = []
    if "title" not in fields:
        problems.append("map the title column (--map title=COLUMN)")
    if "authors" in fields and {"author", "family"} & set(fields):
        problems.append("map either 'authors' (one column) or per-author columns, not both")
    if "author" in fields and "family" in fields:
        problems.append("map either 'author' (whole names) or 'given' and 'family', not both")
    if "given" in fields and "family" not in fields:
        problems.append("'given' needs 'family' too")
    if "part" in fields and "session" in fields:
        problems.append("map either 'part' or 'session', not both")
    per_author = {"author", "family"} & set(fields)
    for key in ("email", "affiliation", "orcid"):
        if key in fields and not per_author:
            problems.append(f"'{key}' is a per-author column: map 'author' or 'family' too")
    for key in ("emails", "affiliations"):
        if key in fields and "authors" not in fields:
            problems.append(f"'{key}' lists what 'authors' lists: map 'authors' too")
    for key in _PER_AUTHOR:
        if key in fields and "{n}" not in fields[key]:
            problems.append(
                f"'{key}' is a per-author column: write {{n}} for the author's "
                f'number, e.g. {key}="{fields[key]} {{n}}"'
            )
    for key in _LISTS:
        if "{n}" in fields.get(key, ""):
            singular = {"authors": "author", "affiliations": "affiliation", "emails": "email"}
            problems.append(f"'{key}' is one column; per-author columns are '{singular[key]}'")
    if problems:
        raise ProceedingsError(f"the column mapping: {'; '.join(problems)}", path=display)
    return fields, options


class _Reader(RowReader):
    """Reads the rows of one table into papers, by the user's mapping."""

    def __init__(self, table: Table, fields: Mapping[str, str], separator: str | None) -> None:
        columns = {
            key: table.column(name, f"mapped to '{key}'")
            for key, name in fields.items()
            if key not in _PER_AUTHOR
        }
        super().__init__(table, columns)
        # Per-author columns: for each field, the column of author 1, 2, ... (None: absent).
        self.per_author: dict[str, list[int | None]] = {}
        name_key = "author" if "author" in fields else "family" if "family" in fields else None
        if name_key is not None:
            table.column(fields[name_key].replace("{n}", "1"), f"mapped to '{name_key}'")
            count = 1
            while table.find(fields[name_key].replace("{n}", str(count + 1))):
                count += 1
            for key in _PER_AUTHOR:
                if key in fields:
                    self.per_author[key] = [
                        next(iter(table.find(fields[key].replace("{n}", str(n)))), None)
                        for n in range(1, count + 1)
                    ]
        self.separators = {
            key: list_separator((row.cell(index) for row in table.rows), separator)
            for key, index in self.columns.items()
            if key in _LISTS
        }
        used = set(self.columns.values()) | {
            i for indices in self.per_author.values() for i in indices if i is not None
        }
        unused = [c or column_letter(i) for i, c in enumerate(table.columns) if i not in used]
        if unused:
            self.notes.append(
                f"{table.display}: columns not imported (not in the mapping): {join_ids(unused)}"
            )

    def note(self, where: str, message: str) -> None:
        self.notes.append(f"{where}: {message}")

    def maps_authors(self) -> bool:
        """Whether the mapping names an authors column or per-author columns."""
        return "authors" in self.columns or bool(self.per_author)

    def person(self, where: str, name: str) -> dict[str, Any]:
        parts, remark = person(name)
        if remark:
            self.note(where, remark)
        return parts

    def listed(self, row: Row, where: str, key: str, count: int) -> list[str]:
        """The list column ``key`` (``emails``...) with one item per author, else empties."""
        cell = self.get(row, key)
        items = split_list(cell, self.separators[key]) if cell else []
        if items and len(items) != count:
            self.note(
                where,
                f"{plural(count, 'author')} but {len(items)} {key} in the column "
                f"'{self.header(key)}'; {key} not imported for this paper",
            )
            items = []
        return items or [""] * count

    def authors(self, row: Row, where: str) -> list[dict[str, Any]]:
        """The row's authors, from the ``authors`` column or the per-author columns."""
        if "authors" not in self.columns:
            return self._column_authors(row, where)
        separator = self.separators["authors"]
        entries = [author_entry(e) for e in split_list(self.get(row, "authors"), separator)]
        entries = [entry for entry in entries if entry[0]]
        emails = self.listed(row, where, "emails", len(entries))
        affiliations = self.listed(row, where, "affiliations", len(entries))
        return [
            author(
                self.person(where, name),
                email=email,
                affiliations=[inline or "", affiliation],
                corresponding=corresponding,
                note=note_at(self.notes, where),
            )
            for (name, inline, corresponding), email, affiliation in zip(
                entries, emails, affiliations, strict=True
            )
        ]

    def _column_authors(self, row: Row, where: str) -> list[dict[str, Any]]:
        """The authors of per-author columns (``Author {n} ...``); an empty author is skipped."""
        out = []
        for n in range(len(next(iter(self.per_author.values()), []))):
            cells = {key: row.cell(columns[n]) for key, columns in self.per_author.items()}
            name, inline, corresponding = self._column_name(where, cells)
            if name:
                affiliations = split_list(cells.get("affiliation", ""), re.compile(r";|\n"))
                out.append(
                    author(
                        name,
                        email=cells.get("email", ""),
                        orcid=cells.get("orcid", ""),
                        affiliations=[inline or "", *affiliations],
                        corresponding=corresponding,
                        note=note_at(self.notes, where),
                    )
                )
        return out

    def _column_name(
        self, where: str, cells: Mapping[str, str]
    ) -> tuple[dict[str, Any], str | None, bool]:
        """One author's name keys (empty: no author), inline affiliation and ``*`` mark."""
        if "author" in cells:
            written, inline, corresponding = author_entry(cells["author"])
            return (self.person(where, written) if written else {}), inline, corresponding
        family, given = clean_text(cells["family"]), clean_text(cells.get("given", ""))
        corresponding = family.endswith("*") or given.endswith("*")
        family, given = family.rstrip("* "), given.rstrip("* ")
        if given and family:
            return {"given": given, "family": family}, None, corresponding
        if given or family:
            self.note(where, f"author '{given or family}' has a single name; imported as a mononym")
            return {"family": given or family, "mononym": True}, None, corresponding
        return {}, None, False

    def paper(self, row: Row, paper_id: str, key: str) -> TablePaper:
        """The row as a paper; a missing title is recorded as a problem."""
        where = self.table.where(row, paper_id)
        data = self.texts(row, where, note_no_abstract="abstract" in self.columns)
        keywords = unique(split_list(clean_text(self.get(row, "keywords")), re.compile(r"[;,]")))
        if keywords:
            data["keywords"] = keywords
        if track := clean_text(self.get(row, "track")):
            data["track"] = track
        self._flags(row, where, data)
        self._identifiers(row, where, data)
        paper = TablePaper(key, paper_id, data, row=row)
        if "session" in self.columns:
            paper.part, paper.position = session(self.get(row, "session"))
        else:
            paper.part = clean_text(self.get(row, "part"))
        paper.part = paper.part or None
        return paper

    def _flags(self, row: Row, where: str, data: dict[str, Any]) -> None:
        """``archival`` and ``award``."""
        archival = fold(self.get(row, "archival"))
        if archival in _NO:
            data["archival"] = False
        elif archival and archival not in _YES:
            self.problems.append(
                f"{where}: archival '{self.get(row, 'archival')}' in the column "
                f"'{self.header('archival')}' is neither yes nor no"
            )
        award = clean_text(self.get(row, "award"))
        if fold(award) in _YES:  # a yes/no column: its name names the award
            award = self.header("award")
        if award and fold(award) not in _NO | {"-", "none"}:
            data["award"] = award

    def _identifiers(self, row: Row, where: str, data: dict[str, Any]) -> None:
        """``doi`` and ``links``; a value that is not one is noted and dropped."""
        doi = bare_doi(self.get(row, "doi"))
        keep_valid(data, "doi", doi, doi_problem, note_at(self.notes, where))
        links = {}
        for name in _LINKS:
            url = self.get(row, name)
            if url and (problem := url_problem(url)):
                self.notes.append(f"{where}: {name} link '{url}' {problem}; not imported")
            elif url:
                links[name] = url
        if links:
            data["links"] = links


def _named_pdfs(reader: _Reader, papers: list[TablePaper], folder: Path, note: Note) -> None:
    """Give each paper the PDF its ``pdf`` cell names, found in ``folder`` at any depth."""
    files: dict[str, list[Path]] = {}
    for path in folder_files(folder):
        files.setdefault(path.name.casefold(), []).append(path)
    outside = [
        f"{reader.table.where(p.row, p.id)}: pdf: {outside_message(name, folder)}"
        for p in papers
        if (name := reader.get(p.row, "pdf")) and confine(folder, name, folder) is None
    ]
    if outside:
        raise row_problems(reader.table, outside)
    for paper in papers:
        name = reader.get(paper.row, "pdf")
        if not name:
            continue
        exact = folder / name
        found = [exact] if exact.is_file() else files.get(Path(name).name.casefold(), [])
        if len(found) == 1:
            paper.pdf = found[0]
        elif found:
            note(paper.key, f"PDF '{name}' is in {folder} {len(found)} times; none taken")
        else:
            note(paper.key, f"PDF '{name}' is not in {folder}")


def read(source: Path, options: ImportOptions) -> ImportedVolume:
    """The ``csv`` import format: any table, its columns named by ``options.mapping``."""
    display = str(source)
    if not options.mapping:
        table = read_table(source)
        raise ProceedingsError(
            "give the column mapping: --map title=COLUMN --map authors=COLUMN ... or --mapping "
            f"FILE.yaml; the file's columns are: {table.listing()}",
            path=display,
        )
    fields, settings = _mapping(options.mapping, display)
    header = fold(settings.get("header", "yes")).strip()
    if header not in _YES | _NO | {"none"}:
        raise ProceedingsError(
            f"the mapping's header: '{settings['header']}' is neither yes nor none", path=display
        )
    table = read_table(source, sheet=settings.get("sheet"), header=header in _YES)
    reader = _Reader(table, fields, settings.get("separator"))
    papers: list[TablePaper] = []
    taken: set[str] = set()
    decision = (lambda row: reader.get(row, "decision")) if "decision" in fields else None
    rows, skipped = accepted_rows(table, decision)
    skips = Skips(options.strict, "row")
    for position, row in rows:
        raw = reader.get(row, "id") or zero_padded(position)
        if "id" in fields and not reader.get(row, "id"):
            reader.notes.append(f"{table.where(row)}: no id; numbered {raw} by its position")
        before = len(reader.problems)
        paper = reader.paper(row, paper_id(raw, taken), raw)
        if len(reader.problems) > before:
            skips.add(table.where(row, paper.id), reader.problems[before:])
        else:
            papers.append(paper)
    if skipped:
        reader.notes.append(skipped)
    skips.settle(reader.notes, kept=len(papers), summary=rows_summary(table, len(skips.problems)))
    if not papers:
        raise ProceedingsError(
            "no accepted paper: every row's decision is a rejection", path=table.display
        )
    if "id" not in fields:
        reader.notes.append(
            f"{table.display}: no id column: papers numbered 001, 002... in "
            "file order; map 'id' to keep ids stable when re-importing"
        )
    if "abstract" not in fields:
        reader.notes.append(
            f"{table.display}: no abstract column mapped: check will report "
            "metadata.missing-abstract for every paper"
        )
    if "pdf" in fields and options.pdfs is None and any(reader.get(p.row, "pdf") for p in papers):
        reader.notes.append(
            f"{table.display}: the column '{fields['pdf']}' names PDFs: give "
            "--pdfs FOLDER to import them"
        )
    tracks = list(dict.fromkeys(p.data["track"] for p in papers if "track" in p.data))
    return finish_import(
        table,
        papers,
        options,
        what="a table",
        ranked="session" in fields,
        tracks=tracks,
        notes=reader.notes,
        match_pdfs=(lambda ps, folder, note: _named_pdfs(reader, ps, folder, note))
        if "pdf" in fields
        else None,
    )
