"""A table's cells -> ``paper.yaml`` values, the same way for every table format.

The ``csv`` format (:mod:`~proceedings.importers.table`) and the ``cmt`` format
(:mod:`~proceedings.importers.cmt`) read rows with :func:`~proceedings.importers.table.read_table`
and turn their cells into papers with these helpers: texts cleaned of export quirks and pasted
LaTeX (:func:`clean`), author lists split (:func:`split_list`, :func:`author_entry`,
:func:`person`, :func:`author`), decisions and sessions read (:func:`accepted`, :func:`session`).
:func:`finish_import` then orders the papers into parts, makes the volume from the user's options
(a table carries no volume data), pairs the PDFs and validates the whole import.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.errors import ProceedingsError
from proceedings.identifiers import email_problem, orcid_problem
from proceedings.importers import (
    ImportedPaper,
    ImportedVolume,
    apply_overrides,
    join_ids,
    make_id,
    plural,
)
from proceedings.importers.pdfs import Note, find_pdfs
from proceedings.importers.text import clean_text, split_name
from proceedings.importers.validate import validate_imported
from proceedings.model import PaperInfo, Person, VolumeInfo
from proceedings.names import fold

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions
    from proceedings.importers.table import Row, Table

__all__ = [
    "TablePaper",
    "accepted",
    "author",
    "author_entry",
    "clean",
    "escapes_note",
    "finish_import",
    "full_name",
    "list_separator",
    "paper_id",
    "person",
    "row_problems",
    "session",
    "split_list",
    "unique",
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


def escapes_note(repaired: Iterable[str]) -> str:
    """The note for what :func:`clean` repaired."""
    listed = ", ".join(f"'{escape}'" for escape in repaired)
    return f"stray LaTeX escapes {listed} written as plain text"


def unique(items: Iterable[str]) -> list[str]:
    """``items`` without repeats (compared ignoring case), in order."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return list(seen.values())


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
_PAPER_KEYS = list(PaperInfo.model_fields)


def author(
    name: Mapping[str, Any],
    *,
    email: str = "",
    orcid: str = "",
    affiliations: Sequence[str] = (),
    corresponding: bool = False,
    note: Callable[[str], None],
) -> dict[str, Any]:
    """An author's ``paper.yaml`` mapping; an e-mail or ORCID that is not one is noted, dropped."""
    out: dict[str, Any] = dict(name)
    email = email.strip().strip("<>").removeprefix("mailto:")
    if email:
        if problem := email_problem(email):
            note(f"{full_name(name)}: e-mail '{email}' {problem}; not imported")
        else:
            out["email"] = email
    orcid = re.sub(r"^(?:https?://)?(?:www\.)?orcid\.org/", "", orcid.strip()).strip("/")
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


def session(value: str) -> tuple[str, int | None]:
    """``Session II:4`` -> (``Session II``, 4): the session and the paper's position in it."""
    name, colon, position = value.rpartition(":")
    if colon and position.strip().isdigit() and name.strip():
        return clean_text(name), int(position)
    return clean_text(value), None


_ROMAN = re.compile(r"^m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"m": 1000, "d": 500, "c": 100, "l": 50, "x": 10, "v": 5, "i": 1}


def _rank(title: str) -> int | None:
    """The number that ends a session's name (``Session 3``, ``session-3``, ``Session III``)."""
    word = re.split(r"[^0-9a-z]+", fold(title).strip())[-1]
    if word.isdigit():
        return int(word)
    if not word or not _ROMAN.match(word):
        return None
    values = [_ROMAN_VALUES[c] for c in word]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


def paper_id(raw: str, taken: set[str]) -> str:
    """The paper id for the source's id: a number zero-padded to 3 digits (``17`` -> ``017``),
    anything else made a slug; unique among ``taken``."""
    text = clean_text(raw)
    return make_id(f"{int(text):03d}" if text.isdigit() else text, taken)


@dataclass
class TablePaper:
    """A row being imported as a paper (the attributes :func:`~pdfs.find_pdfs` uses).

    ``key`` is the source's id (matched against PDF file names), ``part`` the title of its part
    or session (``None``: the default part) and ``position`` its place in it, if the source says.
    """

    key: str
    id: str
    row: Row
    data: dict[str, Any]
    part: str | None = None
    position: int | None = None
    pdf: Path | None = None
    pages: tuple[int, int] | None = None


_DEFAULT_PART = "Papers"


def _order_papers(
    papers: list[TablePaper], note: Note, *, ranked: bool
) -> tuple[list[dict[str, str]], list[TablePaper]]:
    """The volume's parts and the papers in volume order, each given its ``part`` and ``order``.

    Parts are the papers' part titles, in order of first appearance; with ``ranked`` they follow
    the numbers ending their titles (``Session II`` before ``Session X``) when every title has a
    different one. Papers without a part go to a last part ``Papers`` (the only part when no
    paper has one). Within a part papers follow their ``position``, then the file's order.
    """
    titles = list(dict.fromkeys(p.part for p in papers if p.part))
    ranks = [_rank(t) for t in titles]
    if ranked and None not in ranks and len(set(ranks)) == len(ranks):
        titles.sort(key=lambda t: _rank(t) or 0)
    unplaced = [p.id for p in papers if not p.part]
    if unplaced and titles:
        note(
            None,
            f"{plural(len(unplaced), 'paper')} without a part: {join_ids(unplaced)}; put "
            f"in a last part '{_DEFAULT_PART}'",
        )
    if unplaced:
        titles.append(_DEFAULT_PART)
    taken: set[str] = set()
    parts = [{"id": make_id(t, taken, fallback="part"), "title": t} for t in titles]
    ordered: list[TablePaper] = []
    for part in parts:
        members = [p for p in papers if (p.part or _DEFAULT_PART) == part["title"]]
        positions = Counter(p.position for p in members if p.position is not None)
        for position, count in sorted(positions.items()):
            if count > 1:
                ids = ", ".join(p.id for p in members if p.position == position)
                note(
                    None,
                    f"{part['title']}:{position} is given to {count} papers ({ids}); "
                    "they follow the file's order",
                )
        members.sort(key=lambda p: (p.position is None, p.position or 0))  # stable: file order
        for order, paper in enumerate(members, start=1):
            paper.data["part"] = part["id"]
            paper.data["order"] = order
            paper.data = {key: paper.data[key] for key in _PAPER_KEYS if key in paper.data}
        ordered.extend(members)
    return parts, ordered


def _volume(
    overrides: Mapping[str, Any], display: str, what: str, notes: list[str]
) -> dict[str, Any]:
    """``volume.yaml`` from the user's options alone, since ``what`` carries no volume data."""
    volume: dict[str, Any] = {}
    apply_overrides(volume, overrides)
    year = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", str(volume.get("acronym", "")))
    if "year" not in volume and year:
        volume["year"] = int(year.group(1))
        notes.append(f"{display}: year {volume['year']} taken from the acronym (give --year)")
    missing = [f"--{k}" for k in ("acronym", "year") if k not in volume]
    if missing:
        raise ProceedingsError(
            f"{what} carries no volume data: give {' and '.join(missing)} (e.g. --acronym "
            "'ISMIR 2023' --year 2023); write the title and editors in source/volume.yaml later",
            path=display,
        )
    if "title" not in volume:
        volume["title"] = volume["acronym"]
        notes.append(
            f"{display}: no volume title in {what}: the acronym '{volume['acronym']}' stands in; "
            "write the title in source/volume.yaml"
        )
    event = volume.setdefault("event", {})
    if isinstance(event, dict):
        event.setdefault("name", volume["title"])
        event.setdefault("short_name", volume["acronym"])
    if not volume.get("editors"):
        volume["editors"] = []
        notes.append(f"{display}: no editors; check will report metadata.no-editors")
    return volume


def finish_import(
    table: Table,
    papers: list[TablePaper],
    options: ImportOptions,
    *,
    what: str,
    ranked: bool,
    tracks: Sequence[str] = (),
    notes: list[str],
    match_pdfs: Callable[[list[TablePaper], Path, Note], None] | None = None,
) -> ImportedVolume:
    """The imported volume from a table's papers: volume, parts, PDFs, notes; validated.

    ``what`` names the source in messages (``a CMT export``); ``match_pdfs`` pairs papers with
    the ``--pdfs`` folder's files the source's own way before the usual matching (by file name,
    then first-page title) takes the rest.
    """
    by_key = {p.key: p for p in papers}

    def note(key: str | None, message: str) -> None:
        if key is None:
            notes.append(f"{table.display}: {message}")
        else:
            paper = by_key[key]
            notes.append(f"{table.where(paper.row, paper.id)}: {message}")

    volume = _volume(options.overrides, table.display, what, notes)
    parts, papers = _order_papers(papers, note, ranked=ranked)
    volume["parts"] = parts
    if tracks:
        volume["tracks"] = {track: {} for track in tracks}
    fields = list(VolumeInfo.model_fields)
    volume = {key: volume[key] for key in sorted(volume, key=fields.index)}
    if options.pdfs is not None:
        if not options.pdfs.is_dir():
            raise ProceedingsError("not a folder of PDFs", path=str(options.pdfs))
        if match_pdfs is not None:
            match_pdfs(papers, options.pdfs, note)
        find_pdfs(papers, options.pdfs, note)
    if options.pdfs is not None or any(p.pdf for p in papers):
        missing = [p.id for p in papers if p.pdf is None]
        if missing:
            note(None, f"{plural(len(missing), 'paper')} without a PDF: {join_ids(missing)}")
    result = ImportedVolume(
        volume=volume,
        papers=[
            ImportedPaper(p.id, p.data, p.pdf, table.where(p.row, p.id), p.pages) for p in papers
        ],
        notes=[*table.notes, *notes],
        origin=table.display,
    )
    validate_imported(result)
    return result


def row_problems(table: Table, problems: Sequence[str]) -> ProceedingsError:
    """One error listing every row that cannot be imported."""
    summary = (
        f"{table.display}: {plural(len(problems), 'problem')}; nothing was imported: fix the "
        "file and import again"
    )
    return ProceedingsError("\n".join([*problems, summary]))
