"""An aclpub2 folder's ``conference_details.yml`` and committee files -> ``volume.yaml``.

The part of the aclpub2 importer (:mod:`proceedings.importers.aclpub2`) that makes the volume:
the title, acronym, year, event, publisher, identifiers and editors of
``conference_details.yml`` (:func:`read_volume`, the older schema's ``name`` and
``abbreviation`` too), completed by the user's options and checked for what ``volume.yaml``
requires (:func:`finish_volume`: each value still missing is an error naming the option that
gives it), and the organizing then program committees (:func:`read_committees`). Hand-typed
ordinals (``21th``) are corrected, as aclpub2's own example has one.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from proceedings.identifiers import doi_problem, isbn_problem, url_problem
from proceedings.importers.aclpub2.papers import PAPERS
from proceedings.importers.aclpub2.people import as_text, read_person
from proceedings.importers.imported import DEFAULT_PART
from proceedings.importers.notes import NoteHere
from proceedings.importers.sources import apply_overrides, keep_valid, order_volume
from proceedings.importers.text import year_in
from proceedings.names import fold
from proceedings.yamlfile import YamlDocument

if TYPE_CHECKING:
    from proceedings.importers.aclpub2 import Folder
    from proceedings.importers.aclpub2.papers import Raw

__all__ = ["COMMITTEES", "CONFERENCE", "finish_volume", "read_committees", "read_volume"]

CONFERENCE = "conference_details.yml"
COMMITTEES = (
    ("organizing_committee.yml", "Organizing Committee"),
    ("program_committee.yml", "Program Committee"),
)
_CONFERENCE_KEYS = frozenset(
    {"book_title", "event_name", "name", "anthology_venue_id", "abbreviation", "start_date",
     "end_date", "year", "isbn", "location", "publisher", "editors", "url", "doi"}
)  # fmt: skip
_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b")


def _fix_ordinals(text: str, what: str, note: NoteHere) -> str:
    """``21th`` -> ``21st``: aclpub2 folders are typed by hand, and its own example has one."""

    def fix(match: re.Match[str]) -> str:
        number = int(match.group(1))
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        if number % 100 in (11, 12, 13):
            suffix = "th"
        if match.group(2) != suffix:
            note(f"{what}: '{match.group(0)}' corrected to '{number}{suffix}'")
        return f"{number}{suffix}"

    return _ORDINAL.sub(fix, text)


def _date(value: Any) -> datetime.date | None:
    """An ISO date (``2020-07-01``, also with a time), or ``None``."""
    try:
        return datetime.datetime.fromisoformat(str(value).strip()).date()
    except ValueError:
        return None


# --- the volume -----------------------------------------------------------------------------


def read_volume(folder: Folder, details: YamlDocument | None) -> dict[str, Any]:
    """``volume.yaml`` from ``conference_details.yml``, before the options; empty when the
    file is missing or is not a mapping (an error says so)."""
    if details is None:
        return {}
    data = details.data
    if not isinstance(data, dict):
        folder.errors.append(
            f"{folder.at(details, ())}: expected keys such as book_title and editors, "
            f"found a {type(data).__name__}"
        )
        return {}

    def note_at(key: str) -> NoteHere:
        return folder.noter(folder.at(details, (key,)))

    volume: dict[str, Any] = {}
    title_key = "name" if "book_title" not in data and "name" in data else "book_title"
    if title_key == "name":
        note_at("name")(
            "the older aclpub2 schema: 'name' read as the title and the event, 'abbreviation' "
            "as the acronym"
        )
    title = _fix_ordinals(as_text(data.get(title_key)), "title", note_at(title_key))
    if title:
        volume["title"] = title
    dates = {key: (data.get(key), _date(data.get(key))) for key in ("start_date", "end_date")}
    for key, (value, parsed) in dates.items():
        if value not in (None, "") and parsed is None:
            note_at(key)(f"{key} '{value}' is not a date (YYYY-MM-DD); not imported")
    start, end = dates["start_date"][1], dates["end_date"][1]
    year = start.year if start else year_in(data.get("year"))
    acronym = as_text(data.get("anthology_venue_id") or data.get("abbreviation"))
    if acronym:
        has_number = any(c.isdigit() for c in acronym)
        volume["acronym"] = acronym if has_number or year is None else f"{acronym} {year}"
    if year:
        volume["year"] = year
    event: dict[str, Any] = {}
    name = _fix_ordinals(as_text(data.get("event_name")), "event_name", note_at("event_name"))
    if name or title:
        event["name"] = name or title
    if as_text(data.get("location")):
        event["place"] = as_text(data.get("location"))
    if start:
        event["start"] = start
    if end and start and end < start:
        note_at("end_date")(f"end_date {end} is before start_date {start}; not imported")
    elif end:
        event["end"] = end
    volume["event"] = event
    if as_text(data.get("publisher")):
        volume["publisher"] = {"name": as_text(data.get("publisher"))}
    for key, check in (("isbn", isbn_problem), ("doi", doi_problem), ("url", url_problem)):
        keep_valid(volume, key, as_text(data.get(key)), check, note_at(key))
    ignored: Counter[str] = Counter()
    editors = []
    raw = data.get("editors") or []
    for index, entry in enumerate(raw if isinstance(raw, list) else [raw]):
        note = folder.noter(folder.at(details, ("editors", index)))
        person = read_person(entry, f"editors[{index}]", note, ignored, author=False)
        if person:
            editors.append(person)
    volume["editors"] = editors
    unknown = sorted(set(map(str, data)) - _CONFERENCE_KEYS) + sorted(ignored)
    if unknown:
        folder.notes.append(f"{details.display}: not imported: {', '.join(unknown)}")
    return volume


def finish_volume(
    folder: Folder, volume: dict[str, Any], overrides: Mapping[str, Any], raws: list[Raw]
) -> None:
    """Apply the options, derive what can be derived, and record an error for each required
    value still missing, naming the option that gives it."""
    derived = volume.get("acronym")
    apply_overrides(volume, overrides)
    event = volume.setdefault("event", {})
    if volume.get("title") and not event.get("name"):
        event["name"] = volume["title"]
    if volume.get("acronym") and event.get("short_name") in (None, derived):
        event["short_name"] = volume["acronym"]
    details = folder.shown(CONFERENCE)
    if not volume.get("title"):
        folder.errors.append(f"{details}: no book_title: add the volume's title there")
    if not volume.get("acronym"):
        folder.errors.append(
            f"{details}: no anthology_venue_id (the acronym): pass --acronym, e.g. "
            "--acronym 'WXYZ 2025'"
        )
    if not volume.get("year"):
        folder.errors.append(f"{details}: no start_date (the year): pass --year, e.g. --year 2025")
    tracks = list(dict.fromkeys(raw.track for raw in raws if raw.track))
    if tracks:
        volume["tracks"] = {track: {} for track in tracks}
        folder.notes.append(
            f"{folder.shown(PAPERS)}: tracks {', '.join(tracks)} from attributes.paper_type; "
            "give each a max_pages in volume.yaml to check page limits"
        )
    volume["parts"] = [dict(DEFAULT_PART)]
    if not volume.get("editors"):
        folder.notes.append(f"{details}: no editors; check will report metadata.no-editors")
    order_volume(volume)


# --- committees -----------------------------------------------------------------------------


def _committee(
    folder: Folder, document: YamlDocument, index: int, default_role: str, ignored: Counter[str]
) -> dict[str, Any] | None:
    """One committee of a committee file, people listed twice kept once."""
    item = document.data[index]
    where = folder.at(document, (index,))
    if not isinstance(item, dict):
        folder.errors.append(f"{where}: expected a committee (role, members)")
        return None
    role = as_text(item.get("role"))
    if not role:
        role = default_role
        folder.notes.append(f"{where}: a committee without a role; called '{role}'")
    key = "members" if "members" in item else "entries"
    members = item.get(key)
    people: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, entry in enumerate(members if isinstance(members, list) else []):
        note = folder.noter(folder.at(document, (index, key, number)))
        person = read_person(entry, role, note, ignored, author=False)
        if person is None:
            continue
        name = " ".join(filter(None, (person.get("given"), person["family"])))
        if fold(name) in seen:
            note(f"{role}: '{name}' is listed twice; kept once")
            continue
        seen.add(fold(name))
        people.append(person)
    if not people:
        folder.notes.append(f"{where}: {role}: no members; not imported")
        return None
    return {"role": role, "people": people}


def read_committees(folder: Folder) -> list[dict[str, Any]]:
    """The committees of both files, organizing first, each in printed order."""
    committees: list[dict[str, Any]] = []
    for name, default_role in COMMITTEES:
        document = folder.load(name)
        if document is None:
            continue
        if not isinstance(document.data, list):
            folder.errors.append(
                f"{folder.at(document, ())}: expected a list of committees (role, members)"
            )
            continue
        ignored: Counter[str] = Counter()
        for index in range(len(document.data)):
            committee = _committee(folder, document, index, default_role, ignored)
            if committee:
                committees.append(committee)
        if ignored:
            listed = ", ".join(f"{k} ({n})" for k, n in sorted(ignored.items()))
            folder.notes.append(f"{document.display}: member keys not imported: {listed}")
    return committees
