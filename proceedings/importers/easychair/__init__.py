"""EasyChair -> an imported volume, from the conference data download or the LNCS export.

``proceedings import easychair SOURCE [--pdfs DIR]`` takes a folder or a ZIP (or
``submission.csv`` itself) and tells its layout by what it holds:

- **The conference data download** (``submission.csv`` with ``author.csv``), read by
  :mod:`~proceedings.importers.easychair.csv_export`. Only accepted submissions are imported: a
  ``decision`` starting with "accept" (not the tentative "accept?"), not ``deleted?``; every
  other row is noted with its number and reason. Paper ids are the submission numbers on three
  digits (``017``). Authors come from ``author.csv`` in the submission's order, keeping
  EasyChair's first/last name split, with affiliation, country, e-mail, corresponding flag and
  person number (``_profile``: one person, one identity across papers). Several tracks among the
  accepted papers make one part each; otherwise there is one part, ``papers``. PDFs come from
  ``--pdfs``, by the submission number in the file name (``paper_17.pdf``), else by title.
- **The LNCS proceedings export** (one folder per paper with ``README_EASYCHAIR`` and the PDF),
  read by :mod:`~proceedings.importers.easychair.lncs`: title, authors and pages from the README,
  the PDF copied, the abstract from the LaTeX source or the PDF's first page. The export has no
  submission numbers, so papers are numbered ``001``, ``002``... in volume order.

Neither layout names the volume: ``--acronym`` and ``--year`` are asked for (the year may come
from the acronym, ``PAAR 2018``), and the acronym stands in for the title until the organizer
writes one. Nothing is written unless the whole source is readable.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.errors import ProceedingsError
from proceedings.importers.easychair.csv_export import (
    AUTHORS,
    SUBMISSIONS,
    pdfs_by_number,
    read_csv,
)
from proceedings.importers.easychair.lncs import README, read_lncs
from proceedings.importers.imported import DEFAULT_PART, ImportedVolume
from proceedings.importers.notes import Context
from proceedings.importers.pdfs import compare_pages, find_pdfs
from proceedings.importers.sources import apply_overrides, order_volume

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions

__all__ = ["read"]

# --- the volume -----------------------------------------------------------------------------


def _volume(
    given: dict[str, Any],
    overrides: Mapping[str, Any],
    parts: list[dict[str, str]],
    display: str,
    notes: list[str],
) -> dict[str, Any]:
    """``volume.yaml``: what the export gave, the options, and what can stand in."""
    volume = dict(given)
    apply_overrides(volume, overrides)
    acronym = volume.get("acronym")
    if acronym and not volume.get("year"):
        match = re.search(r"\b(19\d\d|2\d\d\d)\b", str(acronym))
        if match:
            volume["year"] = int(match.group(1))
            notes.append(f"{display}: year {match.group(1)} taken from the acronym '{acronym}'")
    missing = [f"--{key}" for key in ("acronym", "year") if not volume.get(key)]
    if missing:
        raise ProceedingsError(
            f"an EasyChair export does not name the volume: give {' and '.join(missing)} "
            "(e.g. --acronym 'PAAR 2018' --year 2018)",
            path=display,
        )
    if not volume.get("title"):
        volume["title"] = acronym
        notes.append(
            f"{display}: an EasyChair export has no volume title: the acronym '{acronym}' "
            "stands in as title and event name; write them in source/volume.yaml"
        )
    volume.setdefault("event", {"name": volume["title"], "short_name": acronym})
    if not volume.get("editors"):
        volume["editors"] = []
        notes.append(f"{display}: no editors; check will report metadata.no-editors")
    volume["parts"] = parts
    order_volume(volume)
    return volume


# --- the importer ---------------------------------------------------------------------------


def _layout(folder: Path, display: str) -> tuple[list[Path], list[Path]]:
    """The ``README_EASYCHAIR`` files and ``submission.csv`` files of the source."""
    files = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(p.startswith(".") or p == "__MACOSX" for p in path.relative_to(folder).parts)
    )
    readmes = [p for p in files if p.name == README]
    submissions = [p for p in files if p.name.casefold() == SUBMISSIONS]
    if readmes and submissions:
        raise ProceedingsError(
            f"holds both an EasyChair CSV download ({SUBMISSIONS}) and an LNCS export "
            f"({README}); import one of them: give its folder",
            path=display,
        )
    if len(submissions) > 1:
        listed = ", ".join(p.relative_to(folder).as_posix() for p in submissions)
        raise ProceedingsError(
            f"holds {len(submissions)} {SUBMISSIONS} files ({listed}); give the folder of one",
            path=display,
        )
    if not readmes and not submissions:
        raise ProceedingsError(
            f"neither an EasyChair CSV download ({SUBMISSIONS}, {AUTHORS}) nor an LNCS "
            f"proceedings export (a folder per paper with {README}); give the folder or ZIP "
            "EasyChair made",
            path=display,
        )
    return readmes, submissions


def read(source: Path, options: ImportOptions) -> ImportedVolume:
    """The ``easychair`` import format: a CSV download or an LNCS export, folder or ZIP."""
    display = str(source)
    notes: list[str] = []
    readmes: list[Path] = []
    if source.is_file() and source.suffix.casefold() == ".csv":
        folder, display, submissions = source.parent, str(source.parent), [source]
    else:
        folder = options.folder(source)
        readmes, submissions = _layout(folder, display)
    given: dict[str, Any] = {}
    if submissions:
        papers, parts = read_csv(submissions[0], folder, display, notes, strict=options.strict)
    else:
        root = Path(os.path.commonpath([r.parent.parent for r in readmes]))
        export = read_lncs(readmes, root, display, strict=options.strict)
        papers, given, parts = export.papers, export.volume, [dict(DEFAULT_PART)]
        notes.extend(export.notes)
        for order, paper in enumerate(papers, start=1):
            paper.data.update(part=DEFAULT_PART["id"], order=order)
    volume = _volume(given, options.overrides, parts, display, notes)

    note = Context(display, notes=notes, places={p.key: p.where for p in papers}).note
    if options.pdfs is not None:
        if submissions:
            pdfs_by_number(papers, options.pdfs)
        find_pdfs(papers, options.pdfs, note)
    compare_pages(papers, note)
    # Not validated here: authors carry _profile until unify_people, and plan() validates the
    # unified volume before anything is written.
    return ImportedVolume(
        volume=volume,
        papers=[p.imported(p.origin or p.where) for p in papers],
        notes=notes,
        origin=display,
    )
