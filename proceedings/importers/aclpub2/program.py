"""An aclpub2 folder's ``program.yml`` and ``sponsors.yml`` -> ``source/program.yaml`` and
``source/sponsors.yaml`` mappings.

``program.yml`` is a list of items with ``title``, ``start_time``/``end_time``
(``2020-07-01 09:30:00``), ``location``, ``chair``, ``papers`` (``{id, start_time,
end_time}``) and ``subsessions`` (items again). Times become ``YYYY-MM-DD HH:MM``, ``location``
the room, ``subsessions`` the sessions, and each paper's id the id the import gave it; a paper
the import does not have is left out with a note. ``sponsors.yml`` is a list of tiers, each a
``tier`` and ``logos`` (image file names): aclpub2 names sponsors by their logos only, so each
logo's file name (without its extension) is the sponsor's name, to correct by hand (a note says
so); a logo file found in ``sponsor_logos/`` (or the folder itself) is copied to
``source/sponsors/``.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.importers.aclpub2.people import as_text
from proceedings.paths import inside
from proceedings.text import plural

if TYPE_CHECKING:
    from proceedings.importers.aclpub2 import Folder

__all__ = ["read_program", "read_sponsors"]

PROGRAM = "program.yml"
SPONSORS = "sponsors.yml"
LOGO_FOLDERS = ("sponsor_logos", "sponsors", "")
_ITEM_KEYS = {"title", "start_time", "end_time", "location", "chair", "papers", "subsessions"}


def read_program(folder: Folder, ids: Mapping[str, str]) -> list[dict[str, Any]]:
    """The program's items, with ``ids`` (aclpub2's paper id -> the imported paper's id)."""
    document = folder.load(PROGRAM, imported=False)
    if document is None or not isinstance(document.data, list):
        return []
    ignored: Counter[str] = Counter()
    missing: list[str] = []

    def item(value: Any, loc: tuple[Any, ...]) -> dict[str, Any] | None:
        if not isinstance(value, dict) or not as_text(value.get("title")):
            folder.notes.append(f"{folder.at(document, loc)}: an item without a title; left out")
            return None
        ignored.update(str(k) for k in value if k not in _ITEM_KEYS)
        out: dict[str, Any] = {"title": as_text(value["title"])}
        for key, ours in (("start_time", "start"), ("end_time", "end")):
            if (
                when := _time(value.get(key), folder, folder.at(document, (*loc, key)))
            ) is not None:
                out[ours] = when
        for key, ours in (("location", "room"), ("chair", "chair")):
            if text := as_text(value.get(key)):
                out[ours] = text
        papers = []
        listed = value.get("papers")
        for index, paper in enumerate(listed if isinstance(listed, list) else []):
            key = as_text(paper.get("id")) if isinstance(paper, dict) else as_text(paper)
            if key not in ids:
                missing.append(key or "?")
                continue
            entry: dict[str, Any] = {"id": ids[key]}
            for name, ours in (("start_time", "start"), ("end_time", "end")):
                where = folder.at(document, (*loc, "papers", index, name))
                if isinstance(paper, dict) and (when := _time(paper.get(name), folder, where)):
                    entry[ours] = when
            papers.append(entry if len(entry) > 1 else entry["id"])
        if papers:
            out["papers"] = papers
        inner = value.get("subsessions")
        sessions = [
            found
            for index, sub in enumerate(inner if isinstance(inner, list) else [])
            if (found := item(sub, (*loc, "subsessions", index))) is not None
        ]
        if sessions:
            out["sessions"] = sessions
        return out

    program = [
        found
        for index, value in enumerate(document.data)
        if (found := item(value, (index,))) is not None
    ]
    if missing:
        folder.notes.append(
            f"{document.display}: {plural(len(missing), 'paper')} of the program not among the "
            f"imported papers, left out of it: {', '.join(missing)}"
        )
    if ignored:
        listed = ", ".join(f"{k} ({n})" for k, n in sorted(ignored.items()))
        folder.notes.append(f"{document.display}: keys not imported: {listed}")
    return program


def _time(value: Any, folder: Folder, where: str) -> str | None:
    """``2020-07-01 09:30:00`` -> ``2020-07-01 09:30``; a value that is no time is noted."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        when = value
    else:
        try:
            when = datetime.datetime.fromisoformat(as_text(value))
        except ValueError:
            folder.notes.append(f"{where}: '{value}' is not a date and time; not imported")
            return None
    return f"{when:%Y-%m-%d %H:%M}"


def read_sponsors(folder: Folder) -> tuple[list[dict[str, Any]], dict[Path, Path]]:
    """The sponsors, tier by tier, and the logo files to copy (project path -> source file)."""
    document = folder.load(SPONSORS, imported=False)
    if document is None or not isinstance(document.data, list):
        return [], {}
    sponsors: list[dict[str, Any]] = []
    files: dict[Path, Path] = {}
    absent = []
    for index, tier in enumerate(document.data):
        if not isinstance(tier, dict):
            continue
        level = as_text(tier.get("tier"))
        logos = tier.get("logos")
        for logo in logos if isinstance(logos, list) else []:
            name = Path(as_text(logo)).name
            if not name:
                continue
            sponsor: dict[str, Any] = {"name": Path(name).stem}
            if level:
                sponsor["level"] = level
            found = next(
                (
                    path
                    for sub in LOGO_FOLDERS
                    if (path := folder.root / sub / name).is_file() and inside(path, folder.root)
                ),
                None,
            )
            if found is not None:
                target = f"sponsors/{name}"
                files[Path("source") / target] = found
                sponsor["logo"] = target
            else:
                absent.append(name)
            sponsors.append(sponsor)
        if not isinstance(logos, list):
            folder.notes.append(f"{folder.at(document, (index,))}: a tier without logos; left out")
    if sponsors:
        folder.notes.append(
            f"{document.display}: aclpub2 names sponsors by their logos only: each sponsor's "
            "name is its logo's file name; correct the names (and add url:) in "
            "source/sponsors.yaml"
        )
    if absent:
        folder.notes.append(
            f"{document.display}: {plural(len(absent), 'logo')} not in the folder "
            f"({', '.join(absent)}): add them under source/sponsors/ and name them with logo:"
        )
    return sponsors, files
