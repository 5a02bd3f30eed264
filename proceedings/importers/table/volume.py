"""A table's papers + the user's options -> the imported volume, ordered, with PDFs, validated.

The last step of the table formats (the ``csv`` format, :mod:`~proceedings.importers.table`,
and the ``cmt`` format, :mod:`~proceedings.importers.cmt`), once their rows are papers
(:mod:`~proceedings.importers.table.papers`): :func:`finish_import` orders the papers into parts
by their sessions (``Session II`` before ``Session X``), makes ``volume.yaml`` from the user's
options alone (a table carries no volume data, so ``--acronym`` and ``--year`` are required),
pairs the PDFs and validates the whole import, so that nothing is written unless the project
will load. :func:`row_problems` is the one error for every row that cannot be imported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.errors import ProceedingsError
from proceedings.importers.imported import DEFAULT_PART, ImportedVolume
from proceedings.importers.notes import Context, Note
from proceedings.importers.pdfs import find_pdfs, note_missing_pdfs
from proceedings.importers.sources import apply_overrides, make_id, order_volume
from proceedings.importers.table.papers import TablePaper
from proceedings.importers.text import year_in
from proceedings.importers.validate import validate_imported
from proceedings.model import PaperInfo
from proceedings.names import fold
from proceedings.text import join_ids, plural

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions
    from proceedings.importers.table.sheet import Table

__all__ = ["finish_import", "row_problems", "rows_summary"]

_PAPER_KEYS = list(PaperInfo.model_fields)
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


def _order_papers(
    papers: list[TablePaper], note: Note, *, ranked: bool
) -> tuple[list[dict[str, str]], list[TablePaper]]:
    """The volume's parts and the papers in volume order, each given its ``part`` and ``order``.

    Parts are the papers' part titles, in order of first appearance; with ``ranked`` they follow
    the numbers ending their titles (``Session II`` before ``Session X``) when every title has a
    different one. Papers without a part go to a last part ``Papers`` (the only part when no
    paper has one). Within a part papers follow their ``position``, then the file's order.
    """
    default = DEFAULT_PART["title"]
    titles = list(dict.fromkeys(p.part for p in papers if p.part))
    ranks = [_rank(t) for t in titles]
    if ranked and None not in ranks and len(set(ranks)) == len(ranks):
        titles.sort(key=lambda t: _rank(t) or 0)
    unplaced = [p.id for p in papers if not p.part]
    if unplaced and titles:
        note(
            None,
            f"{plural(len(unplaced), 'paper')} without a part: {join_ids(unplaced)}; put "
            f"in a last part '{default}'",
        )
    if unplaced:
        titles.append(default)
    taken: set[str] = set()
    parts = [{"id": make_id(t, taken, fallback="part"), "title": t} for t in titles]
    ordered: list[TablePaper] = []
    for part in parts:
        members = [p for p in papers if (p.part or default) == part["title"]]
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
    year = year_in(volume.get("acronym", ""))
    if "year" not in volume and year:
        volume["year"] = year
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
    places = {p.key: table.where(p.row, p.id) for p in papers}
    note = Context(table.display, notes=notes, places=places).note
    volume = _volume(options.overrides, table.display, what, notes)
    parts, papers = _order_papers(papers, note, ranked=ranked)
    volume["parts"] = parts
    if tracks:
        volume["tracks"] = {track: {} for track in tracks}
    order_volume(volume)
    if options.pdfs is not None:
        if not options.pdfs.is_dir():
            raise ProceedingsError("not a folder of PDFs", path=str(options.pdfs))
        if match_pdfs is not None:
            match_pdfs(papers, options.pdfs, note)
        find_pdfs(papers, options.pdfs, note)
    if options.pdfs is not None or any(p.pdf for p in papers):
        note_missing_pdfs(papers, note)
    result = ImportedVolume(
        volume=volume,
        papers=[p.imported(table.where(p.row, p.id)) for p in papers],
        notes=[*table.notes, *notes],
        origin=table.display,
    )
    validate_imported(result)
    return result


def row_problems(table: Table, problems: Sequence[str]) -> ProceedingsError:
    """One error listing every row that cannot be imported."""
    return ProceedingsError("\n".join([*problems, rows_summary(table, len(problems))]))


def rows_summary(table: Table, count: int) -> str:
    """The last line of the error that lists ``count`` problems of ``table``'s rows."""
    return (
        f"{table.display}: {plural(count, 'problem')}; nothing was imported: fix the file and "
        "import again"
    )
