"""Tables (CSV, XLSX) -> rows of text, with their row numbers for messages.

Review systems and organizers hand out tables in every dialect: UTF-8 with or without a BOM,
Windows-1252 from an older Excel, commas, semicolons (Excel in most of Europe) or tabs, or an
``.xlsx`` workbook. :func:`read_table` reads any of them into the same :class:`Table`: column
names, and rows numbered as a spreadsheet shows them (the header is row 1), so that every
message can say which row to fix. A CSV that is not UTF-8 is read as Windows-1252, with a note.
The ``csv`` format (:mod:`~proceedings.importers.table`) and the ``cmt`` format
(:mod:`~proceedings.importers.cmt`) read their tables with it, and both turn cells into
``paper.yaml`` values with :mod:`~proceedings.importers.table.papers`.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from proceedings.errors import ProceedingsError
from proceedings.importers.sources import read_bytes
from proceedings.importers.text import clean_text
from proceedings.names import fold
from proceedings.text import join_ids, letters, plural

__all__ = ["Row", "Table", "column_key", "column_letter", "read_table"]

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


def column_letter(index: int) -> str:
    """The spreadsheet letter of column ``index``: 0 -> A, 26 -> AA."""
    return letters(index).upper()


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
            letters = ", ".join(column_letter(i) for i in found)
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
            f"'{c}'" if c else f"(column {column_letter(i)})" for i, c in enumerate(self.columns)
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
    data = read_bytes(path, display)
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
        columns = tuple(column_letter(i) for i in range(max(len(row.cells) for row in rows)))
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
