"""An OpenReview export (a JSON file, or the live API) -> its notes, as submissions and replies.

The part of the OpenReview importer (:mod:`proceedings.importers.openreview`) that reads what
the organizer gives: the notes as exported with openreview-py in any of the shapes it or its
users write (:func:`load_export`: a list of notes, the API's answer, a mapping with ``notes``,
``profiles`` and the venue's ``group``, or OpenReviewCrawler's venues), or the same notes read
live (:func:`fetch_venue`). A file that is none of these stops the import with one message that
says how to export the notes. It then tells submissions from their replies
(:func:`submissions`, :func:`replies`): the two API versions and the exporters nest them
differently, and v1 keeps a submission's original beside its blind copy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from proceedings.errors import ProceedingsError
from proceedings.importers.notes import Note
from proceedings.importers.openreview.notes import is_submission, value
from proceedings.limits import RefusedFile, load_json, read_regular

__all__ = [
    "EXPORT_HINT",
    "Export",
    "fetch_venue",
    "load_export",
    "number",
    "replies",
    "submissions",
]

API_URL = "https://api2.openreview.net"
EXPORT_HINT = (
    "export the notes with openreview-py as JSON: "
    "[note.to_json() for note in client.get_all_notes(invitation=..., details='replies')]"
)


@dataclass
class Export:
    """What an export file (or the live API) gave: every note, profiles, the venue's group."""

    notes: list[dict[str, Any]] = field(default_factory=list)
    profiles: list[dict[str, Any]] = field(default_factory=list)
    group: dict[str, Any] | None = None
    venue: str | None = None  # the crawler's "venue" (NIPS.cc)
    year: int | None = None  # and its "year"


def _dict(raw: Any) -> dict[str, Any]:
    return raw if isinstance(raw, dict) else {}


def _list(raw: Any) -> list[Any]:
    return raw if isinstance(raw, list) else []


# --- reading the file -----------------------------------------------------------------------


def _describe(data: Any) -> str:
    if isinstance(data, dict):
        keys = ", ".join(sorted(map(str, data))[:8]) or "no keys"
        return f"a JSON object with {keys}"
    return f"a JSON {type(data).__name__.replace('str', 'text').replace('NoneType', 'null')}"


def _add_notes(export: Export, items: Any, where: str, display: str) -> None:
    if not isinstance(items, list):
        raise ProceedingsError(f"{where} is not a list of notes; {EXPORT_HINT}", path=display)
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ProceedingsError(
                f"{where}[{index}] is {_describe(item)}, not a note; {EXPORT_HINT}", path=display
            )
        export.notes.append(item)


def _shape(data: Any, display: str) -> Export:
    """The notes, profiles and venue of a parsed export, whichever shape it has."""
    export = Export()
    if (
        isinstance(data, list)
        and data
        and all(isinstance(item, dict) and "submissions" in item for item in data)
    ):  # OpenReviewCrawler: one entry per venue and year
        for index, entry in enumerate(data):
            _add_notes(export, entry["submissions"], f"[{index}].submissions", display)
        export.venue = data[0].get("venue") if isinstance(data[0].get("venue"), str) else None
        year = data[0].get("year")
        export.year = year if isinstance(year, int) else None
    elif isinstance(data, list):
        _add_notes(export, data, "the list", display)
    elif isinstance(data, dict) and ("notes" in data or "submissions" in data):
        name = "notes" if "notes" in data else "submissions"
        _add_notes(export, data[name], f"'{name}'", display)
        profiles = data.get("profiles") or []
        profiles = list(profiles.values()) if isinstance(profiles, dict) else profiles
        export.profiles = [p for p in profiles if isinstance(p, dict)]
        group = data.get("group")
        export.group = group if isinstance(group, dict) else None
    elif isinstance(data, dict) and "content" in data and "id" in data:
        export.notes.append(data)  # a single note
    else:
        raise ProceedingsError(
            f"not an OpenReview export: found {_describe(data)}, expected a list of notes or an "
            f"object with 'notes'; {EXPORT_HINT}",
            path=display,
        )
    if not export.notes:
        raise ProceedingsError(f"the export has no notes; {EXPORT_HINT}", path=display)
    return export


def load_export(path: Path, display: str) -> Export:
    """The export in the file ``path`` (named ``display`` in messages), whatever its shape."""
    if path.is_dir():
        raise ProceedingsError(
            "is a folder; give the exported JSON file (or --venue-id to read the live API)",
            path=display,
        )
    try:
        raw = read_regular(path, "json_bytes")
    except RefusedFile as exc:
        raise ProceedingsError(exc.reason, path=display) from None
    except OSError as exc:
        raise ProceedingsError(f"cannot be read: {exc.strerror or exc}", path=display) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProceedingsError(
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "OpenReview exports are UTF-8: export the notes again",
            path=display,
        ) from None
    if not text.strip():
        raise ProceedingsError(f"the file is empty; {EXPORT_HINT}", path=display)
    try:
        data = load_json(text)
    except RefusedFile as exc:
        raise ProceedingsError(f"{exc.reason}; {EXPORT_HINT}", path=display) from None
    except json.JSONDecodeError as exc:
        raise ProceedingsError(
            f"{display}:{exc.lineno}: not JSON ({exc.msg} at column {exc.colno}); {EXPORT_HINT}"
        ) from None
    return _shape(data, display)


def fetch_venue(venue_id: str) -> Export:
    """The venue's group, submissions (with their replies) and authors' profiles, live.

    openreview-py is imported only here: it is not a dependency of proceedings, and an import
    from a file never needs it.
    """
    try:
        import openreview
    except ImportError:
        raise ProceedingsError(
            "--venue-id reads OpenReview's live API through openreview-py, which is not "
            "installed: pip install openreview-py (or import an exported JSON file instead)"
        ) from None
    try:
        client = openreview.api.OpenReviewClient(baseurl=API_URL)
        group = client.get_group(venue_id)
        content = group.content or {}
        invitation = value(content, "submission_id") or f"{venue_id}/-/Submission"
        notes = client.get_all_notes(invitation=invitation, details="replies")
        ids = sorted(
            {i for n in notes for i in value(n.content, "authorids") or () if isinstance(i, str)}
        )
        profiles = openreview.tools.get_profiles(client, ids) if ids else []
    except Exception as exc:  # openreview-py raises its own, requests' and HTTP errors alike
        raise ProceedingsError(
            f"OpenReview venue '{venue_id}' cannot be read ({exc}); check the venue id and the "
            "network, or import an exported JSON file"
        ) from None
    return Export(
        notes=[n.to_json() for n in notes],
        profiles=[p.to_json() for p in profiles],
        group=group.to_json(),
    )


# --- submissions and their replies ----------------------------------------------------------


def replies(notes: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Each forum's replies: nested in its submission, or notes of the same list."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for note in notes:
        if is_submission(note):
            details = _dict(note.get("details"))
            nested = [
                *_list(details.get("replies")),
                *_list(details.get("directReplies")),
                *_list(note.get("notes")),  # the crawler's replies
            ]
            forum = str(note.get("id"))
        else:
            nested, forum = [note], str(note.get("forum"))
        for reply in nested:
            if isinstance(reply, dict):
                found.setdefault(forum, {})[str(reply.get("id"))] = reply
    return {forum: list(by_id.values()) for forum, by_id in found.items()}


def number(note: Mapping[str, Any]) -> int | None:
    """The submission's number on OpenReview (``17``), if the note has one."""
    found = note.get("number")
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def submissions(notes: list[dict[str, Any]], note: Note) -> list[dict[str, Any]]:
    """The submissions, once each: a v1 blind copy replaces its original, the newest wins."""
    by_id: dict[str, dict[str, Any]] = {}
    for item in (n for n in notes if is_submission(n)):
        key = str(item.get("id"))
        if key in by_id:
            note(key, "the note appears twice in the export; the newer copy is used")
            older = by_id[key]
            item = max(older, item, key=lambda n: n.get("tmdate") or n.get("mdate") or 0)
        by_id[key] = item
    originals = {str(n["original"]): key for key, n in by_id.items() if n.get("original")}
    for original, blind in originals.items():
        if original in by_id:
            note(original, f"the original of the blind submission {blind}; only {blind} is read")
            del by_id[original]
    return sorted(by_id.values(), key=lambda n: (number(n) is None, number(n) or 0, n["id"]))
