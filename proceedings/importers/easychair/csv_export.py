"""EasyChair's conference data download (``submission.csv``, ``author.csv``) -> papers.

The piece of the EasyChair importer (:mod:`proceedings.importers.easychair`) that reads the CSV
layout, with the stdlib's csv module (UTF-8, with or without a byte-order mark). Columns are
found by EasyChair's names, ignoring case and spacing; a missing required column, an empty file
or a malformed row stops the import with one message naming the file and line. Only accepted
submissions become papers (:func:`read_csv`); every other row is noted with its number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proceedings.errors import ProceedingsError
from proceedings.importers.imported import DEFAULT_PART, PaperDraft
from proceedings.importers.kinds import guess_kind
from proceedings.importers.pdfs import pdf_files
from proceedings.importers.people import PROFILE
from proceedings.importers.skips import Skips
from proceedings.importers.sources import make_id, read_text, unique, zero_padded
from proceedings.importers.text import clean_text, split_name
from proceedings.text import plural

__all__ = ["AUTHORS", "SUBMISSIONS", "pdfs_by_number", "read_csv"]

SUBMISSIONS = "submission.csv"
AUTHORS = "author.csv"
# Columns as EasyChair names them (compared ignoring case and spacing); alternatives in a tuple.
_SUBMISSION_REQUIRED = (("#",), ("title",), ("decision",))
_AUTHOR_REQUIRED = (("submission #",), ("first name",), ("last name",))
_AFFILIATION = ("affiliation", "organization", "organisation")
_YES = {"yes", "y", "true", "1"}
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")


# --- reading a CSV file -----------------------------------------------------------------------


@dataclass
class _Table:
    """A CSV file's rows with the line each starts on, and its columns by folded name."""

    where: str
    columns: dict[str, int]
    rows: list[tuple[int, list[str]]]

    def get(self, row: list[str], names: Sequence[str]) -> str:
        """The row's value in the first of the columns ``names`` the file has; "" if none."""
        for name in names:
            index = self.columns.get(name)
            if index is not None:
                return row[index] if index < len(row) else ""
        return ""


def _read_table(path: Path, where: str, required: Sequence[tuple[str, ...]]) -> _Table:
    """Read a CSV export; one error for an unreadable or empty file or missing columns."""
    again = "download it from EasyChair again rather than saving it from a spreadsheet"
    text = read_text(path, where, not_utf8=again)
    if not text.strip():
        raise ProceedingsError("the file is empty; download it from EasyChair again", path=where)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        header = next(reader)
        while True:
            start = reader.line_num + 1  # a row may span lines: abstracts do
            row = next(reader, None)
            if row is None:
                break
            if len(row) > len(header):
                raise ProceedingsError(
                    f"{where}:{start}: {len(row)} fields where the header has {len(header)} "
                    "(a quote left open?); download the file from EasyChair again"
                )
            if any(cell.strip() for cell in row):
                rows.append((start, row))
    except csv.Error as exc:
        raise ProceedingsError(
            f"{where}:{start}: not readable as CSV from this row on ({exc}; a quote left open?); "
            "download the file from EasyChair again"
        ) from None
    columns = {" ".join(name.split()).casefold(): i for i, name in enumerate(header)}
    missing = [names[0] for names in required if not any(n in columns for n in names)]
    if missing:
        wanted = ", ".join(f"'{name}'" for name in missing)
        raise ProceedingsError(
            f"no column {wanted} (its columns: {', '.join(header)}); download {path.name} from "
            "EasyChair again, or name the column as EasyChair does",
            path=where,
        )
    return _Table(where, columns, rows)


def _shown(path: Path, folder: Path, display: str) -> str:
    """How messages name a file of the source: ``export.zip/submission.csv``."""
    return f"{display}/{path.relative_to(folder).as_posix()}"


# --- the CSV download ---------------------------------------------------------------------------


def _keywords(value: str) -> list[str]:
    """EasyChair's keywords (one a line), a Python-style list ``['a', 'b']``, or ``a, b``."""
    text = value.strip()
    if text.startswith("[") and text.endswith("]"):
        words = [a or b for a, b in _QUOTED.findall(text)]
    else:
        words = text.splitlines()
        if len(words) == 1:
            words = re.split(r"[;,]", words[0])
    return unique(word for word in map(clean_text, words) if word)


def _listed(authors: str) -> list[str]:
    """``A, B, C and D`` (the ``authors`` column) -> the four names."""
    head, _, last = authors.rpartition(" and ")
    names = [*head.split(","), last] if head else authors.split(",")
    return [clean_text(name) for name in names if name.strip()]


def _author(table: _Table, line: int, row: list[str], notes: list[str]) -> dict[str, Any] | None:
    """One ``author.csv`` row as a ``paper.yaml`` person, or None for a row without a name."""
    where = f"{table.where}:{line}"
    given = clean_text(table.get(row, ["first name"]))
    family = clean_text(table.get(row, ["last name"]))
    if not family:
        given, family = "", given
    if not family:
        notes.append(f"{where}: an author row without a name; skipped")
        return None
    person: dict[str, Any] = {"given": given, "family": family} if given else {"family": family}
    if not given:
        person["mononym"] = True
        notes.append(f"{where}: author '{family}' has a single name; imported as a mononym")
    email = clean_text(table.get(row, ["email", "e-mail"]))
    if email:
        person["email"] = email
    institution = clean_text(table.get(row, _AFFILIATION)).strip(" ,;")
    country = clean_text(table.get(row, ["country"]))
    if institution:
        person["affiliations"] = [
            {"institution": institution, "country": country} if country else institution
        ]
    elif country:
        notes.append(f"{where}: country '{country}' without an affiliation; not kept")
    if clean_text(table.get(row, ["corresponding?", "corresponding"])).casefold() in _YES:
        person["corresponding"] = True
    profile = table.get(row, ["person #"]).strip()
    if profile:
        person[PROFILE] = f"easychair:{profile}"
    return person


def _authors_of(
    table: _Table, problems: list[str], notes: list[str]
) -> dict[int, list[dict[str, Any]]]:
    """``author.csv``'s people by submission number, in file order."""
    out: dict[int, list[dict[str, Any]]] = {}
    for line, row in table.rows:
        number = table.get(row, ["submission #"]).strip()
        if not number.isdigit():
            problems.append(
                f"{table.where}:{line}: submission # is '{number}', not a number; fix the row"
            )
            continue
        person = _author(table, line, row, notes)
        if person is not None:
            out.setdefault(int(number), []).append(person)
    return out


def _in_order(authors: list[dict[str, Any]], listed: str) -> list[dict[str, Any]]:
    """``authors`` in the order of the submission's ``authors`` text, when it names the same
    people (``author.csv`` is in that order already, but a hand-edited file may not be)."""
    order = [" ".join(name.casefold().split()) for name in _listed(listed)]
    names = [" ".join(f"{a.get('given', '')} {a['family']}".casefold().split()) for a in authors]
    if sorted(order) != sorted(names) or order == names:
        return authors
    remaining = list(zip(names, authors, strict=True))
    ordered = []
    for name in order:
        index = next(i for i, (n, _) in enumerate(remaining) if n == name)
        ordered.append(remaining.pop(index)[1])
    return ordered


def _paper(
    table: _Table,
    row: list[str],
    at: str,
    people: dict[int, list[dict[str, Any]]] | None,
    notes: list[str],
) -> PaperDraft | None:
    """An accepted submission's row (at ``file:line``) as a paper, its track as part for now;
    None when it has no title."""
    number = int(table.get(row, ["#"]))
    where = f"{at}: #{number}"
    title = clean_text(table.get(row, ["title"]))
    if not title:
        return None
    listed = table.get(row, ["authors"])
    if people is not None and number in people:
        authors = _in_order(people[number], listed)
    else:
        authors = [split_name(name) for name in _listed(listed)]
        if people is not None:
            notes.append(f"{where}: not in {AUTHORS}; authors split from the 'authors' column")
    data: dict[str, Any] = {"title": title, "authors": authors}
    if not authors:
        notes.append(f"{where}: no authors; check will report metadata.no-authors")
    abstract = clean_text(table.get(row, ["abstract"]), markdown=True)
    if abstract:
        data["abstract"] = abstract
    else:
        notes.append(f"{where}: no abstract; check will report metadata.missing-abstract")
    keywords = _keywords(table.get(row, ["keywords"]))
    if keywords:
        data["keywords"] = keywords
    data["part"] = clean_text(table.get(row, ["track name", "track"]))
    # A keynote track, or a title that says "Keynote:" or "Preface": its kind, noted.
    kind, why = guess_kind(title, abstract=abstract or "-", section=data["part"])
    if kind != "paper":
        data["kind"] = kind
        notes.append(f"{where}: imported as kind {kind} ({why})")
    origin = f"{at} (#{number})"
    return PaperDraft(str(number), zero_padded(number), data, where=where, origin=origin)


def read_csv(
    submissions: Path, folder: Path, display: str, notes: list[str], *, strict: bool = False
) -> tuple[list[PaperDraft], list[dict[str, str]]]:
    """The accepted papers of the download (``folder`` shown as ``display``) and the parts.

    A row that cannot be read (no submission number, a number used twice, no title) is skipped
    with a note; with ``strict`` (or when no paper is left) one error lists them all."""
    where = _shown(submissions, folder, display)
    table = _read_table(submissions, where, _SUBMISSION_REQUIRED)
    if not table.rows:
        raise ProceedingsError("no submissions, only the header; download it again", path=where)
    problems: list[str] = []
    author_file = next(
        (p for p in submissions.parent.iterdir() if p.name.casefold() == AUTHORS), None
    )
    people: dict[int, list[dict[str, Any]]] | None = None
    if author_file is not None:
        author_where = _shown(author_file, folder, display)
        authors_table = _read_table(author_file, author_where, _AUTHOR_REQUIRED)
        people = _authors_of(authors_table, problems, notes)
    else:
        notes.append(
            f"{where}: no {AUTHORS} beside it: authors split from the 'authors' column, "
            "without affiliations or e-mails"
        )
    papers: list[PaperDraft] = []
    tracks: list[str] = []
    skipped: dict[str, list[str]] = {}
    seen: dict[int, int] = {}
    skips = Skips(strict, "row")
    skips.add(f"{where}: {AUTHORS}", problems)  # author rows not tied to a submission
    for line, row in table.rows:
        number_text = table.get(row, ["#"]).strip()
        at = f"{where}:{line}"
        before = len(problems)
        if not number_text.isdigit():
            problems.append(f"{at}: '#' is '{number_text}', not a submission number; fix the row")
            skips.add(at, problems[before:])
            continue
        number = int(number_text)
        if number in seen:
            problems.append(f"{at}: submission #{number} again (first at line {seen[number]})")
            skips.add(at, problems[before:])
            continue
        seen[number] = line
        decision = clean_text(table.get(row, ["decision"]))
        if clean_text(table.get(row, ["deleted?"])).casefold() in _YES:
            skipped.setdefault("deleted", []).append(number_text)
            continue
        if not decision.casefold().startswith("accept") or "?" in decision:
            reason = f"decision '{decision}'" if decision else "no decision"
            skipped.setdefault(reason, []).append(number_text)
            continue
        paper = _paper(table, row, at, people, notes)
        if paper is None:
            problems.append(f"{at}: #{number}: the accepted submission has no title")
            skips.add(at, problems[before:])
            continue
        if paper.data["part"] not in tracks:
            tracks.append(paper.data["part"])
        papers.append(paper)
    for reason, numbers in skipped.items():
        notes.append(
            f"{where}: {plural(len(numbers), 'submission')} not imported ({reason}): "
            + ", ".join(numbers)
        )
    summary = f"{where}: the EasyChair download could not be read: "
    skips.settle(notes, kept=len(papers), summary=summary + plural(len(problems), "error"))
    if not papers:
        raise ProceedingsError(
            "no accepted submission (decision 'accept' and not deleted); enter the decisions "
            "in EasyChair and download the file again",
            path=where,
        )
    if author_file is not None:
        _unshare_emails(papers, _shown(author_file, folder, display), notes)
    return papers, _parts(papers, tracks, where, notes)


def _unshare_emails(papers: list[PaperDraft], where: str, notes: list[str]) -> None:
    """Drop an e-mail that EasyChair gives to several persons (a shared lab address).

    Identity unification (:mod:`~proceedings.importers.people`) takes one e-mail for one person
    and would print one person's name in the other's place; their person numbers say they are
    two people, so the address is dropped from both rather than trusted.
    """
    owners: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for paper in papers:
        for author in paper.data["authors"]:
            if author.get("email") and author.get(PROFILE):
                by_profile = owners.setdefault(author["email"].casefold(), {})
                by_profile.setdefault(author[PROFILE], []).append(author)
    for email, by_profile in owners.items():
        if len(by_profile) < 2:
            continue
        rows = [author for authors in by_profile.values() for author in authors]
        names = sorted({f"{a.get('given', '')} {a['family']}".strip() for a in rows})
        for author in rows:
            del author["email"]
        notes.append(
            f"{where}: e-mail '{email}' belongs to {len(by_profile)} EasyChair persons "
            f"({', '.join(names)}); not imported for them, so that they stay apart"
        )


def _parts(
    papers: list[PaperDraft], tracks: list[str], where: str, notes: list[str]
) -> list[dict[str, str]]:
    """One part per track when accepted papers come from several; else the one part."""
    if len(tracks) < 2:
        for paper in papers:
            paper.data["part"] = DEFAULT_PART["id"]
        parts = [dict(DEFAULT_PART)]
    else:
        taken: set[str] = set()
        ids = {track: make_id(track or "papers", taken, fallback="part") for track in tracks}
        parts = [{"id": ids[t], "title": t or DEFAULT_PART["title"]} for t in tracks]
        for paper in papers:
            paper.data["part"] = ids[paper.data["part"]]
        notes.append(f"{where}: one part per EasyChair track: {', '.join(ids.values())}")
    for part in parts:
        members = [p for p in papers if p.data["part"] == part["id"]]
        for order, paper in enumerate(members, start=1):
            paper.data["order"] = order
    return parts


def pdfs_by_number(papers: list[PaperDraft], folder: Path) -> None:
    """Pair PDFs whose name ends in a submission number (``paper_17.pdf``) with that paper."""
    by_number: dict[int, list[Path]] = {}
    for path in pdf_files(folder):
        match = re.search(r"(?:^|\D)(\d+)$", path.stem)
        if match:
            by_number.setdefault(int(match.group(1)), []).append(path)
    for paper in papers:
        found = by_number.get(int(paper.key), [])
        if len(found) == 1:
            paper.pdf = found[0]
