"""A table's cells -> ``paper.yaml`` values, the same way for every table format.

The ``csv`` format (:mod:`~proceedings.importers.table`) and the ``cmt`` format
(:mod:`~proceedings.importers.cmt`) read rows with
:func:`~proceedings.importers.table.sheet.read_table` and turn their cells into papers with
these helpers: a :class:`RowReader` (the formats differ only in how they find the columns and
the authors), the accepted rows (:func:`accepted_rows`), texts cleaned of export quirks and
pasted LaTeX (:func:`clean`), author lists split (:func:`split_list`, :func:`author_entry`,
:func:`person`, :func:`author`) and sessions read (:func:`session`).
:mod:`~proceedings.importers.table.volume` then makes the volume from them.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from proceedings.identifiers import bare_orcid, email_problem, orcid_problem
from proceedings.importers.imported import PaperDraft
from proceedings.importers.notes import NoteHere
from proceedings.importers.sources import make_id, zero_padded
from proceedings.importers.text import clean_text, split_name
from proceedings.model import Person
from proceedings.names import fold
from proceedings.text import join_ids, plural

if TYPE_CHECKING:
    from proceedings.importers.table.sheet import Row, Table

__all__ = [
    "RowReader",
    "TablePaper",
    "accepted",
    "accepted_rows",
    "author",
    "author_entry",
    "clean",
    "full_name",
    "list_separator",
    "paper_id",
    "person",
    "session",
    "split_list",
]

_CONTROL_SPACE = re.compile(r"\\ ")  # LaTeX's control space: "creation.\ Almost"


def clean(value: str, *, markdown: bool = False) -> tuple[str, list[str]]:
    """A title or an abstract as clean text, and the stray LaTeX escapes it had.

    Authors paste from their LaTeX into web forms: ``--``, ``40.3\\%``, ``{braces}``, commands
    and control spaces (``creation.\\ Almost``) are decoded as LaTeX; the control spaces are
    returned too, so that the caller can note that the form held LaTeX.
    """
    repaired = sorted({match.group(0) for match in _CONTROL_SPACE.finditer(value)})
    return clean_text(value, latex=True, markdown=markdown), repaired


def _escapes_note(repaired: Iterable[str]) -> str:
    """The note for what :func:`clean` repaired."""
    listed = ", ".join(f"'{escape}'" for escape in repaired)
    return f"stray LaTeX escapes {listed} written as plain text"


def _split_points(text: str, separator: re.Pattern[str]) -> Iterable[re.Match[str]]:
    """The matches of ``separator`` outside parentheses (``A (Univ; Lab); B`` is two)."""
    depth = 0
    depths = []
    for char in text:
        depth += (char == "(") - (char == ")")
        depths.append(depth)
    return (m for m in separator.finditer(text) if m.start() == 0 or depths[m.start() - 1] <= 0)


def split_list(value: str, separator: re.Pattern[str]) -> list[str]:
    """``value`` split at ``separator`` (never inside parentheses); empty items dropped."""
    items, start = [], 0
    for match in _split_points(value, separator):
        items.append(value[start : match.start()])
        start = match.end()
    items.append(value[start:])
    return [item.strip() for item in items if item.strip()]


def list_separator(cells: Iterable[str], given: str | None = None) -> re.Pattern[str]:
    """The separator of a list column: ``given``, else ``;`` if any cell has one, else new
    lines, else commas and ``and`` (``A, B and C``)."""
    if given:
        return re.compile(re.escape(given))
    values = list(cells)
    if any(";" in v for v in values):
        return re.compile(r";")
    if any("\n" in v.strip() for v in values):
        return re.compile(r"\n")
    return re.compile(r",\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*")


def author_entry(text: str) -> tuple[str, str | None, bool]:
    """``First Last (Affiliation)*`` -> (name, affiliation, corresponding).

    The affiliation is the parenthesised text ending the entry, which may hold parentheses of
    its own (``National Institute of ... (AIST)``); ``*`` marks the corresponding author.
    """
    entry = clean_text(text)
    corresponding = entry.endswith("*")
    entry = entry.rstrip("* ")
    affiliation = None
    if entry.endswith(")"):
        depth = 0
        for index in range(len(entry) - 1, 0, -1):
            depth += (entry[index] == ")") - (entry[index] == "(")
            if depth == 0:
                affiliation = entry[index + 1 : -1].strip(" ,;")
                entry = entry[:index]
                break
    corresponding = corresponding or entry.rstrip().endswith("*")
    return entry.rstrip("* "), affiliation or None, corresponding


def person(name: str) -> tuple[dict[str, Any], str | None]:
    """A one-string name (``Ada Lovelace``, ``Lovelace, Ada``) as ``paper.yaml`` name keys,
    and a note when it was read as a mononym.

    A family name that is a lone initial (``R, Gowriprasad``: the South Indian ``Gowriprasad
    R``) is no family name to cite or index by: the whole name is kept as one (a mononym).
    """
    parts = split_name(name)
    given, family = parts.get("given", ""), parts["family"]
    if given and re.fullmatch(r"[^\W\d_]\.?", family):
        written = f"{given} {family}"
        return {"family": written, "mononym": True}, (
            f"author '{written}': the family name is an initial; imported as one name (mononym)"
        )
    if parts.get("mononym"):
        return parts, f"author '{family}' has a single name; imported as a mononym"
    return parts, None


def full_name(parts: Mapping[str, Any]) -> str:
    """The name as written, given name first (for comparing and for messages)."""
    return " ".join(filter(None, (parts.get("given"), parts.get("family"), parts.get("suffix"))))


_PERSON_KEYS = list(Person.model_fields)


def author(
    name: Mapping[str, Any],
    *,
    email: str = "",
    orcid: str = "",
    affiliations: Sequence[str] = (),
    corresponding: bool = False,
    note: NoteHere,
) -> dict[str, Any]:
    """An author's ``paper.yaml`` mapping; an e-mail or ORCID that is not one is noted, dropped."""
    out: dict[str, Any] = dict(name)
    email = email.strip().strip("<>").removeprefix("mailto:")
    if email:
        if problem := email_problem(email):
            note(f"{full_name(name)}: e-mail '{email}' {problem}; not imported")
        else:
            out["email"] = email
    orcid = bare_orcid(orcid.strip()).strip("/")
    if orcid:
        if problem := orcid_problem(orcid.upper()):
            note(f"{full_name(name)}: ORCID '{orcid}' {problem}; not imported")
        else:
            out["orcid"] = orcid.upper()
    kept = []
    for affiliation in affiliations:
        text = clean_text(affiliation).strip(" ,;")
        if text and text not in kept:
            kept.append(text)
    if kept:
        out["affiliations"] = kept
    if corresponding:
        out["corresponding"] = True
    return {key: out[key] for key in _PERSON_KEYS if key in out}


_ACCEPT = re.compile(r"\baccept")
_NOT_ACCEPTED = re.compile(r"\b(?:not|reject|withdr|declin|desk|pending|await|undecided)")


def accepted(decision: str) -> bool:
    """Whether a decision cell says the paper was accepted (``Accept (poster)``, ``Accepted``)."""
    folded = fold(decision)
    return bool(_ACCEPT.search(folded)) and not _NOT_ACCEPTED.search(folded)


def accepted_rows(
    table: Table, decision: Callable[[Row], str] | None
) -> tuple[list[tuple[int, Row]], str | None]:
    """The rows whose decision (``decision(row)``) is an acceptance, each with its position in
    the table (1, 2...), and a note listing the others by decision; without a decision column
    (``None``) every row is accepted, as an export of the accepted papers only has none."""
    rows: list[tuple[int, Row]] = []
    skipped: Counter[str] = Counter()
    numbers: list[str] = []
    for position, row in enumerate(table.rows, start=1):
        if decision is not None and not accepted(decision(row)):
            skipped[decision(row) or "(empty)"] += 1
            numbers.append(str(row.number))
        else:
            rows.append((position, row))
    if not skipped:
        return rows, None
    decisions = ", ".join(f"{d} {n}" for d, n in sorted(skipped.items()))
    return rows, (
        f"{table.display}: {plural(len(numbers), 'row')} not accepted ({decisions}) skipped: "
        f"rows {join_ids(numbers)}"
    )


def session(value: str) -> tuple[str, int | None]:
    """``Session II:4`` -> (``Session II``, 4): the session and the paper's position in it."""
    name, colon, position = value.rpartition(":")
    if colon and position.strip().isdigit() and name.strip():
        return clean_text(name), int(position)
    return clean_text(value), None


def paper_id(raw: str, taken: set[str]) -> str:
    """The paper id for the source's id: a number zero-padded to 3 digits (``17`` -> ``017``),
    anything else made a slug; unique among ``taken``."""
    return make_id(zero_padded(clean_text(raw)), taken)


@dataclass
class TablePaper(PaperDraft):
    """A row being imported as a paper: ``key`` is the source's id (matched against PDF file
    names), ``part`` the title of its part or session (``None``: the default part) and
    ``position`` its place in it, if the source says."""

    row: Row = field(kw_only=True)
    part: str | None = None
    position: int | None = None


class RowReader(ABC):
    """Reads a table's rows into papers, once a format has found the columns.

    ``columns`` maps what a column holds (``title``, ``abstract``...) to its index; a format
    subclasses this with its way of reading the authors. ``notes`` are for the organizer;
    ``problems`` stop the import, all listed in one error (:func:`row_problems`).
    """

    def __init__(self, table: Table, columns: dict[str, int]) -> None:
        self.table = table
        self.columns = columns
        self.notes: list[str] = []
        self.problems: list[str] = []

    def get(self, row: Row, key: str) -> str:
        """The cell of the column ``key`` (empty when the table has no such column)."""
        return row.cell(self.columns.get(key)).strip()

    def header(self, key: str) -> str:
        """The table's own name of the column ``key``."""
        return self.table.columns[self.columns[key]]

    @abstractmethod
    def authors(self, row: Row, where: str) -> list[dict[str, Any]]:
        """The row's authors as ``paper.yaml`` people."""

    def maps_authors(self) -> bool:
        """Whether a column holds authors (a mapping may leave them out: then rows have none)."""
        return True

    def _why_empty(self, row: Row) -> str:
        """Why a row has no authors: it is cut short, or its author columns are empty."""
        if len(row.cells) < len(self.table.columns):
            return f"the row has {len(row.cells)} of the table's {len(self.table.columns)} columns"
        if "authors" in self.columns:
            return f"the column '{self.header('authors')}' is empty"
        return "its author columns are empty"

    def texts(self, row: Row, where: str, *, note_no_abstract: bool) -> dict[str, Any]:
        """The row's title, authors and abstract; a missing title or no author is a problem, a
        missing abstract noted if ``note_no_abstract``, LaTeX escapes repaired and noted."""
        title, repaired = clean(self.get(row, "title"))
        if not title:
            self.problems.append(
                f"{where}: no title (the column '{self.header('title')}' is empty); give the "
                "paper its title, or delete the row"
            )
        before = len(self.problems)
        data: dict[str, Any] = {"title": title, "authors": self.authors(row, where)}
        if not data["authors"] and not self.maps_authors():
            self.notes.append(f"{where}: no authors; check will report metadata.no-authors")
        elif not data["authors"] and len(self.problems) == before:  # else authors() said why
            self.problems.append(
                f"{where}: no authors ({self._why_empty(row)}); give the paper "
                "its authors, or delete the row"
            )
        abstract, more = clean(self.get(row, "abstract"), markdown=True)
        if abstract:
            data["abstract"] = abstract
        elif note_no_abstract:
            self.notes.append(f"{where}: no abstract; check will report metadata.missing-abstract")
        if repaired + more:
            self.notes.append(f"{where}: {_escapes_note(repaired + more)}")
        return data
