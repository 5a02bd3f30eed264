"""What an OpenReview export says about its venue -> ``volume.yaml``.

The part of the OpenReview importer (:mod:`proceedings.importers.openreview`) that makes the
volume. OpenReview has no notion of a proceedings volume, so its title, acronym and year are
gathered from what the export happens to hold, best first: the venue's group (its ``title``,
``subtitle``, ``location`` and ``start_date``), else what the accepted papers agree on (their
``_bibtex`` booktitle, their ``venue``), else the venue id itself
(``ICLR.cc/2025/Workshop/XYZ`` -> ``XYZ 2025``, hosted by ``ICLR 2025``: :class:`VenueId`).
Each guess is noted; the options override them, and the acronym and year, if still missing,
stop the import with one error naming the options to pass.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from proceedings.errors import ProceedingsError
from proceedings.importers.notes import Note
from proceedings.importers.openreview.export import Export
from proceedings.importers.openreview.notes import KINDS, invitations, value
from proceedings.importers.sources import apply_overrides
from proceedings.importers.text import clean_text

__all__ = ["VenueId", "read_volume"]

# Parts of a venue id that say what kind of venue it is, not which one.
_GENERIC = frozenset({"workshop", "conference", "track", "main", "symposium"})


@dataclass(frozen=True)
class VenueId:
    """What a venue id such as ``ICLR.cc/2025/Workshop/XYZ`` says."""

    id: str
    host: str | None  # ICLR
    year: int | None  # 2025
    name: str | None  # XYZ (None for the conference itself)
    workshop: bool

    @classmethod
    def parse(cls, venue_id: str) -> VenueId:
        """Split the id at its year: the host before it, the venue's own name after it."""
        parts = [p for p in venue_id.split("/") if p]
        at = next((i for i, p in enumerate(parts) if re.fullmatch(r"(19|20)\d\d", p)), None)
        before, after = (parts, []) if at is None else (parts[:at], parts[at + 1 :])
        host = before[-1].split(".")[0] if before else None
        names = [p for p in after if p.casefold() not in _GENERIC]
        workshop = any(p.casefold() == "workshop" for p in after)
        year = int(parts[at]) if at is not None else None
        return cls(venue_id, host, year, names[-1].replace("_", " ") if names else None, workshop)

    @property
    def acronym(self) -> str | None:
        """``XYZ 2025`` for a workshop, ``ICLR 2025`` for the conference itself."""
        base = self.name or self.host
        return f"{base} {self.year}" if base and self.year else base

    @property
    def title(self) -> str | None:
        """A stand-in title: ``XYZ Workshop at ICLR 2025``."""
        if self.workshop and self.name:
            return f"{self.name} Workshop at {self.hosted_by or self.host}"
        return self.acronym

    @property
    def hosted_by(self) -> str | None:
        """The host conference of a workshop: ``ICLR 2025``."""
        if not self.workshop or not self.host:
            return None
        return f"{self.host} {self.year}" if self.year else self.host


def _venue_id(export: Export, submissions: list[dict[str, Any]]) -> VenueId | None:
    """The venue's id: the group's, else what the submissions' domain or invitation says."""
    if export.group and isinstance(export.group.get("id"), str):
        return VenueId.parse(export.group["id"])
    counts: Counter[str] = Counter()
    for note in submissions:
        domain = note.get("domain")
        if isinstance(domain, str) and domain:
            counts[domain] += 1
        else:
            counts.update({i.split("/-/")[0] for i in invitations(note) if "/-/" in i})
    if not counts and export.venue:
        return VenueId.parse(f"{export.venue}/{export.year}" if export.year else export.venue)
    return VenueId.parse(counts.most_common(1)[0][0]) if counts else None


def _common(texts: Iterable[str]) -> str | None:
    counts = Counter(t for t in texts if t)
    return counts.most_common(1)[0][0] if counts else None


def _bibtex_field(note: Mapping[str, Any], name: str) -> str:
    """A field of the ``_bibtex`` OpenReview writes into accepted v2 notes."""
    text = value(note.get("content"), "_bibtex")
    match = re.search(rf"\b{name}\s*=\s*\{{((?:[^{{}}]|\{{[^{{}}]*\}})*)\}}", str(text or ""))
    return clean_text(match.group(1).replace("{", "").replace("}", "")) if match else ""


def _venue_text(note: Mapping[str, Any]) -> str:
    """``XYZ 2025 Poster Non-Archival`` -> ``XYZ 2025``: the venue, not the presentation."""
    text = clean_text(value(note.get("content"), "venue"))
    text = re.sub(r"(?i)\bnon[\s_-]?archival\b", " ", text)
    text = re.sub(rf"(?i)\b({'|'.join(KINDS)})s?\b\W*$", " ", text.strip())
    return clean_text(text.strip(" -–—:,()"))


def _date(raw: Any) -> datetime.date | None:
    """A group's ``start_date``, as openreview-py writes it (``Apr 27 2025``, ``2025/04/27``,
    ISO) or in milliseconds since the epoch; anything else is left out."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return datetime.datetime.fromtimestamp(raw / 1000, tz=datetime.UTC).date()
    text = str(raw or "").strip()
    for candidate in (text, text.split(" ")[0]):
        for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%b %d %Y", "%B %d %Y", "%b %d, %Y", "%B %d, %Y"):
            try:
                return datetime.datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    return None


def read_volume(
    export: Export,
    accepted: list[dict[str, Any]],
    submissions: list[dict[str, Any]],
    overrides: Mapping[str, Any],
    note: Note,
    display: str,
) -> dict[str, Any]:
    """``volume.yaml``: the group's title, else the papers', else the venue id's; options win."""
    content = (export.group or {}).get("content")
    venue = _venue_id(export, submissions)
    volume: dict[str, Any] = {}
    event: dict[str, Any] = {}
    title = clean_text(value(content, "title"))
    if not title:
        for source, found in (
            (
                "the papers' _bibtex booktitle",
                _common(_bibtex_field(n, "booktitle") for n in accepted),
            ),
            ("the papers' venue", _common(_venue_text(n) for n in accepted)),
            (f"the venue id {venue.id if venue else ''}", venue.title if venue else None),
        ):
            if found:
                title = found
                note(None, f"no venue title in the export; took '{title}' from {source}")
                break
    acronym = clean_text(value(content, "subtitle"))
    if not acronym and venue and venue.acronym and overrides.get("acronym") is None:
        acronym = venue.acronym
        note(None, f"acronym '{acronym}' guessed from the venue id {venue.id} (or pass --acronym)")
    year = (venue.year if venue else None) or export.year
    year = year or next(
        (int(y) for n in accepted if (y := _bibtex_field(n, "year")).isdigit()), None
    )
    if title:
        volume["title"] = title
        event["name"] = title
    if acronym:
        volume["acronym"] = acronym
    if year:
        volume["year"] = year
    changed = apply_overrides(volume, overrides)
    if "title" not in volume and "acronym" in volume:
        volume["title"] = event["name"] = volume["acronym"]
        note(None, f"no venue title in the export; the acronym '{volume['acronym']}' is the title")
    missing = {
        what: option
        for what, option in (("acronym", "--acronym 'XYZ 2025'"), ("year", "--year 2025"))
        if what not in volume
    }
    if missing:
        raise ProceedingsError(
            f"the volume's {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not in "
            "the export (no venue group, venue id, invitation or _bibtex names the venue); pass "
            + " and ".join(missing.values()),
            path=display,
        )
    event["short_name"] = volume["acronym"] if "acronym" in changed or not acronym else acronym
    if venue and venue.hosted_by:
        event["host"] = venue.hosted_by
    if place := clean_text(value(content, "location")):
        event["place"] = place
    if start := _date(value(content, "start_date")):
        event["start"] = start
    volume["event"] = event
    if not volume.get("editors"):  # --editor gave them; OpenReview itself has none
        volume["editors"] = []
        note(None, "OpenReview has no volume editors; check will report metadata.no-editors")
    order = ["title", "subtitle", "acronym", "key", "year", "event", "url", "doi_prefix"]
    return {k: volume[k] for k in order if k in volume} | {
        k: v for k, v in volume.items() if k not in order
    }
