"""Tables (CSV, XLSX) -> rows of text; and the ``csv`` import format, whose columns a mapping names.

Review systems and organizers hand out tables in every dialect: UTF-8 with or without a BOM,
Windows-1252 from an older Excel, commas, semicolons (Excel in most of Europe) or tabs, or an
``.xlsx`` workbook. :func:`read_table` reads any of them into the same :class:`Table`: column
names, and rows numbered as a spreadsheet shows them (the header is row 1), so that every
message can say which row to fix. A CSV that is not UTF-8 is read as Windows-1252, with a note.
The ``cmt`` format (:mod:`~proceedings.importers.cmt`) reads its exports with it too, and both
turn cells into ``paper.yaml`` values with :mod:`~proceedings.importers.table_papers`.

``proceedings import csv FILE --map FIELD=COLUMN ... | --mapping MAP.yaml`` reads any table
whose columns the user names; the mapping's fields and options are documented in
docs/file-formats.md ("CSV column mappings"). The volume comes from the command line's options:
a table carries no volume data.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import difflib
import io
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.errors import ProceedingsError
from proceedings.identifiers import doi_problem, url_problem
from proceedings.importers import ImportedVolume, join_ids, plural
from proceedings.importers.bibtex_papers import bare_doi
from proceedings.importers.pdfs import Note
from proceedings.importers.table_papers import (
    TablePaper,
    accepted,
    author,
    author_entry,
    clean,
    escapes_note,
    finish_import,
    list_separator,
    paper_id,
    person,
    row_problems,
    session,
    split_list,
    unique,
)
from proceedings.importers.text import clean_text
from proceedings.names import fold

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions

__all__ = ["FIELDS", "OPTIONS", "Row", "Table", "column_key", "read", "read_table"]

_ZIP = b"PK\x03\x04"  # an .xlsx is a ZIP
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls
_DELIMITERS = (",", ";", "\t")  # in order of preference when the header splits equally


# --- reading a table ------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row: its number as a spreadsheet shows it (the header is row 1) and its cells."""

    number: int
    cells: tuple[str, ...]

    def cell(self, index: int | None) -> str:
        """The cell in column ``index``; a short row's missing cells (and ``None``) are empty."""
        return self.cells[index] if index is not None and index < len(self.cells) else ""


def column_key(name: str) -> str:
    """A column name compared loosely: ``Paper ID``, ``PaperID`` and ``paper_id`` are one."""
    return re.sub(r"[^0-9a-z]", "", fold(clean_text(name)))


def _letter(index: int) -> str:
    """The spreadsheet letter of column ``index``: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class Table:
    """A table read from a file: column names (letters when it has no header row) and rows.

    ``display`` names the file (and the sheet of a workbook with several) in messages; ``notes``
    are what reading it repaired or guessed (the encoding, ignored cells).
    """

    display: str
    columns: tuple[str, ...]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)

    def where(self, row: Row, paper: str | None = None) -> str:
        """``file: row 5`` (``file: row 5, paper 017``) for messages about a row."""
        return f"{self.display}: row {row.number}" + (f", paper {paper}" if paper else "")

    def find(self, name: str) -> list[int]:
        """The columns called ``name``: exactly, else compared loosely (:func:`column_key`)."""
        exact = [i for i, column in enumerate(self.columns) if column == name]
        if exact:
            return exact
        return [
            i for i, column in enumerate(self.columns) if column_key(column) == column_key(name)
        ]

    def column(self, name: str, what: str, hint: str = "") -> int:
        """The one column called ``name``, which holds ``what``; else an error saying why."""
        found = self.find(name)
        if len(found) == 1:
            return found[0]
        if found:
            letters = ", ".join(_letter(i) for i in found)
            raise ProceedingsError(
                f"the column '{name}' ({what}) appears {len(found)} times (columns {letters}); "
                "rename all but one",
                path=self.display,
            )
        close = difflib.get_close_matches(name, self.columns, n=1)
        maybe = f" Did you mean '{close[0]}'?" if close else ""
        raise ProceedingsError(
            f"no column '{name}' ({what}).{maybe} The file's columns are: {self.listing()}."
            f"{hint or (_HEADERLESS if self.looks_headerless else '')}",
            path=self.display,
        )

    def listing(self) -> str:
        """The column names, quoted, for messages; an unnamed column by its letter."""
        return ", ".join(
            f"'{c}'" if c else f"(column {_letter(i)})" for i, c in enumerate(self.columns)
        )

    @property
    def looks_headerless(self) -> bool:
        """Whether the header row looks like a paper (a number, a long text), not column names."""
        return any(re.fullmatch(r"\d+", c) or len(c) > 60 for c in self.columns)


_HEADERLESS = (
    " The first row looks like a paper, not column names: if the table has no header row, add "
    "'header: none' to the mapping and name the columns by letter (title: A)."
)


def _decode(data: bytes, display: str, notes: list[str]) -> str:
    """The CSV's text: UTF-16 or UTF-8 (with or without a BOM), else Windows-1252, noted."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")  # Excel's "Unicode text"
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise ProceedingsError(
                f"the file starts as UTF-16 but byte {exc.start} is not; save it again as "
                "'CSV UTF-8'",
                path=display,
            ) from None
        line = data.count(b"\n", 0, exc.start) + 1
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ProceedingsError(
            f"line {line} is neither UTF-8 nor Windows-1252 (byte 0x{data[exc.start]:02x}); "
            "save the file as 'CSV UTF-8'",
            path=display,
        ) from None
    notes.append(
        f"{display}: not UTF-8 (line {line}); read as Windows-1252, as older Excel writes CSV: "
        "check accented names, or save the file as 'CSV UTF-8' and import again"
    )
    return text


def _sniff(text: str) -> str:
    """The delimiter that splits the header row into the most columns (comma on a tie)."""

    def width(delimiter: str) -> int:
        try:
            return len(next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), []))
        except csv.Error:
            return 0

    return max(_DELIMITERS, key=width)  # max keeps the first of equals


def _csv_records(data: bytes, display: str, notes: list[str]) -> list[Row]:
    text = _decode(data, display, notes)
    # strict: a quote left open is an error, not every following row swallowed into one cell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff(text), strict=True)
    try:
        return [Row(number, tuple(cells)) for number, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise ProceedingsError(
            f"line {reader.line_num}: not valid CSV ({exc}): is a quote left open, or a quote "
            'inside a value not doubled ("")?',
            path=display,
        ) from None


def _cell_text(value: Any) -> str:
    """A workbook cell as text: whole numbers without ``.0``, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _xlsx_records(
    path: Path, display: str, sheet: str | None, notes: list[str]
) -> tuple[str, list[Row]]:
    """The rows of the sheet ``sheet`` (else of the first sheet with data), and its display."""
    import openpyxl  # slow to import; only for workbooks

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged files; all mean "unreadable"
        raise ProceedingsError(
            f"cannot be read as an Excel workbook ({exc}); save it again as .xlsx or 'CSV UTF-8'",
            path=display,
        ) from None
    try:
        names = list(book.sheetnames)
        if sheet is not None:
            chosen = [n for n in names if n.casefold() == sheet.strip().casefold()]
            if not chosen:
                listed = ", ".join(f"'{n}'" for n in names)
                raise ProceedingsError(
                    f"no sheet '{sheet}'; the sheets are: {listed}", path=display
                )
            names = chosen
        for name in names:
            rows = [
                Row(number, tuple(_cell_text(v) for v in values))
                for number, values in enumerate(book[name].iter_rows(values_only=True), start=1)
            ]
            if any(cell.strip() for row in rows for cell in row.cells):
                break
    except ProceedingsError:
        raise
    except Exception as exc:  # as above: a damaged sheet
        raise ProceedingsError(
            f"cannot be read as an Excel workbook ({exc}); save it again as .xlsx or 'CSV UTF-8'",
            path=display,
        ) from None
    finally:
        book.close()
    if len(book.sheetnames) > 1:
        if sheet is None:
            others = ", ".join(f"'{n}'" for n in book.sheetnames if n != name)
            notes.append(
                f"{display}: read the sheet '{name}', the first with data (the workbook also "
                f"has {others})"
            )
        display = f"{display} (sheet '{name}')"
    return display, rows


def read_table(path: Path, *, sheet: str | None = None, header: bool = True) -> Table:
    """Read a CSV or an XLSX workbook (told apart by their bytes, not their names).

    Blank rows are skipped; with ``header``, the first row that is not blank names the
    columns, else columns are named by letter (``A``, ``B``...). An empty file, a file with a
    header row only, an old binary ``.xls`` and an unreadable file are errors.
    """
    display = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProceedingsError(f"cannot be read: {exc.strerror or exc}", path=display) from None
    notes: list[str] = []
    if data.startswith(_OLE):
        raise ProceedingsError(
            "is an old binary Excel file (.xls, as CMT's 'Export to Excel' gives it); open it and "
            "save it as .xlsx or as 'CSV UTF-8', then import that file",
            path=display,
        )
    if data.startswith(_ZIP):
        display, rows = _xlsx_records(path, display, sheet, notes)
    else:
        if sheet is not None:
            notes.append(f"{display}: sheet '{sheet}' ignored: a CSV file has one table")
        rows = _csv_records(data, display, notes)
    rows = [row for row in rows if any(cell.strip() for cell in row.cells)]
    if not rows:
        raise ProceedingsError(
            "the file is empty; export the accepted papers with a header row", path=display
        )
    if header:
        columns = tuple(clean_text(cell) for cell in rows[0].cells)
        rows = rows[1:]
    else:
        columns = tuple(_letter(i) for i in range(max(len(row.cells) for row in rows)))
    table = Table(display, columns, rows, notes)
    if not rows:
        raise ProceedingsError(
            f"only a header row (columns {table.listing()}), no papers: export the papers too",
            path=display,
        )
    long_rows = [
        row.number for row in rows if any(cell.strip() for cell in row.cells[len(columns) :])
    ]
    if long_rows:
        notes.append(
            f"{display}: {plural(len(long_rows), 'row')} ({join_ids(map(str, long_rows))}) "
            "have more cells than the header has columns (a separator inside a value that is "
            "not quoted?); the extra cells are ignored"
        )
    return table


# --- the csv format: columns named by a mapping --------------------------------------------

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


class _Reader:
    """Reads the rows of one table into papers, by the user's mapping."""

    def __init__(self, table: Table, fields: Mapping[str, str], separator: str | None) -> None:
        self.table = table
        self.notes: list[str] = []
        self.problems: list[str] = []
        self.columns = {
            key: table.column(name, f"mapped to '{key}'")
            for key, name in fields.items()
            if key not in _PER_AUTHOR
        }
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
        unused = [c or _letter(i) for i, c in enumerate(table.columns) if i not in used]
        if unused:
            self.notes.append(
                f"{table.display}: columns not imported (not in the mapping): {join_ids(unused)}"
            )

    def get(self, row: Row, key: str) -> str:
        """The cell mapped to ``key`` (empty when ``key`` is not mapped)."""
        return row.cell(self.columns.get(key)).strip()

    def note(self, where: str, message: str) -> None:
        self.notes.append(f"{where}: {message}")

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
            column = self.table.columns[self.columns[key]]
            self.note(
                where,
                f"{plural(count, 'author')} but {len(items)} {key} in the column "
                f"'{column}'; {key} not imported for this paper",
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
                note=lambda message: self.note(where, message),
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
                        note=lambda message: self.note(where, message),
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
        title, repaired = clean(self.get(row, "title"))
        if not title:
            column = self.table.columns[self.columns["title"]]
            self.problems.append(
                f"{where}: no title (the column '{column}' is empty); give the "
                "paper its title, or delete the row"
            )
        data: dict[str, Any] = {"title": title, "authors": self.authors(row, where)}
        if not data["authors"]:
            self.notes.append(f"{where}: no authors; check will report metadata.no-authors")
        abstract, more = clean(self.get(row, "abstract"), markdown=True)
        repaired += more
        if abstract:
            data["abstract"] = abstract
        elif "abstract" in self.columns:
            self.notes.append(f"{where}: no abstract; check will report metadata.missing-abstract")
        if repaired:
            self.notes.append(f"{where}: {escapes_note(repaired)}")
        keywords = unique(split_list(clean_text(self.get(row, "keywords")), re.compile(r"[;,]")))
        if keywords:
            data["keywords"] = keywords
        if track := clean_text(self.get(row, "track")):
            data["track"] = track
        self._flags(row, where, data)
        self._identifiers(row, where, data)
        paper = TablePaper(key, paper_id, row, data)
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
            column = self.table.columns[self.columns["archival"]]
            self.problems.append(
                f"{where}: archival '{self.get(row, 'archival')}' in the column "
                f"'{column}' is neither yes nor no"
            )
        award = clean_text(self.get(row, "award"))
        if fold(award) in _YES:  # a yes/no column: its name names the award
            award = self.table.columns[self.columns["award"]]
        if award and fold(award) not in _NO | {"-", "none"}:
            data["award"] = award

    def _identifiers(self, row: Row, where: str, data: dict[str, Any]) -> None:
        """``doi`` and ``links``; a value that is not one is noted and dropped."""
        doi = bare_doi(self.get(row, "doi"))
        if doi and (problem := doi_problem(doi)):
            self.notes.append(f"{where}: doi '{doi}' {problem}; not imported")
        elif doi:
            data["doi"] = doi
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
    for path in folder.rglob("*"):
        if path.is_file():
            files.setdefault(path.name.casefold(), []).append(path)
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
    skipped: Counter[str] = Counter()
    skipped_rows: list[str] = []
    taken: set[str] = set()
    for position, row in enumerate(table.rows, start=1):
        if "decision" in fields and not accepted(reader.get(row, "decision")):
            skipped[reader.get(row, "decision") or "(empty)"] += 1
            skipped_rows.append(str(row.number))
            continue
        raw = reader.get(row, "id") or f"{position:03d}"
        if "id" in fields and not reader.get(row, "id"):
            reader.notes.append(f"{table.where(row)}: no id; numbered {raw} by its position")
        papers.append(reader.paper(row, paper_id(raw, taken), raw))
    if skipped:
        decisions = ", ".join(f"{d} {n}" for d, n in sorted(skipped.items()))
        reader.notes.append(
            f"{table.display}: {plural(len(skipped_rows), 'row')} not accepted "
            f"({decisions}) skipped: rows {join_ids(skipped_rows)}"
        )
    if reader.problems:
        raise row_problems(table, reader.problems)
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
