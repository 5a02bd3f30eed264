"""OpenReview notes (API v2 or v1, as JSON) -> an imported volume of the accepted papers.

``proceedings import openreview FILE.json [--pdfs DIR|ZIP]`` reads the notes as exported with
openreview-py (``[n.to_json() for n in client.get_all_notes(...)]``), in any of these shapes:

- a list of notes, or the API's answer ``{"notes": [...], "count": N}``;
- a mapping with ``notes`` and, optionally, ``profiles`` (the authors' profiles, a list or a
  mapping by id) and ``group`` (the venue's group: its ``title``, ``subtitle``, ``location``,
  ``start_date`` and its own ids for withdrawn, rejected... submissions);
- OpenReviewCrawler's ``[{"venue", "year", "submissions": [note + "notes": replies]}]``.

Submissions are the notes that open their own forum; the other notes, and each submission's
``details.replies``/``details.directReplies`` (or the crawler's ``notes``), are its replies.
Only accepted papers are imported (:func:`~proceedings.importers.openreview_notes.decide`); each
submission skipped is noted with its id and reason. A paper's id is its ``number`` on three
digits (``017``), else its forum id. Papers go to one part, ``papers``, unless the decisions or
venues of the accepted papers name two or more presentations (oral, spotlight, talk, poster):
then each has its part, in that order. The volume's title, acronym and year come from the venue
group, else the papers' ``_bibtex`` and ``venue``, else the venue id
(``ICLR.cc/2025/Workshop/XYZ`` -> ``XYZ 2025``, hosted by ``ICLR 2025``); options override them.

With ``--pdfs``, a paper's PDF is the file named by its note id, forum id, original note id or
the hash of its ``content.pdf`` (``/pdf/<hash>.pdf``), else by its number or the title on the
first page (:func:`~proceedings.importers.pdfs.find_pdfs`). ``--venue-id`` reads the same notes
from the live API through openreview-py (:func:`fetch_venue`), which is not a dependency.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.errors import ProceedingsError
from proceedings.importers import (
    ImportedPaper,
    ImportedVolume,
    apply_overrides,
    join_ids,
    make_id,
    plural,
)
from proceedings.importers.openreview_notes import (
    INTERNAL_FIELDS,
    KINDS,
    USED_FIELDS,
    NoteFn,
    Profiles,
    VenueIds,
    Verdict,
    decide,
    invitations,
    is_submission,
    read_paper,
    value,
)
from proceedings.importers.pdfs import find_pdfs
from proceedings.importers.text import clean_text

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions

__all__ = ["fetch_venue", "read", "read_openreview"]

API_URL = "https://api2.openreview.net"
DEFAULT_PART = {"id": "papers", "title": "Papers"}
PART_TITLES = {
    "oral": "Oral Presentations",
    "spotlight": "Spotlight Presentations",
    "talk": "Contributed Talks",
    "poster": "Poster Presentations",
}
_EXPORT_HINT = (
    "export the notes with openreview-py as JSON: "
    "[note.to_json() for note in client.get_all_notes(invitation=..., details='replies')]"
)
# Parts of a venue id that say what kind of venue it is, not which one.
_GENERIC = frozenset({"workshop", "conference", "track", "main", "symposium"})


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
        raise ProceedingsError(f"{where} is not a list of notes; {_EXPORT_HINT}", path=display)
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ProceedingsError(
                f"{where}[{index}] is {_describe(item)}, not a note; {_EXPORT_HINT}", path=display
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
            f"object with 'notes'; {_EXPORT_HINT}",
            path=display,
        )
    if not export.notes:
        raise ProceedingsError(f"the export has no notes; {_EXPORT_HINT}", path=display)
    return export


def _load(path: Path, display: str) -> Export:
    if path.is_dir():
        raise ProceedingsError(
            "is a folder; give the exported JSON file (or --venue-id to read the live API)",
            path=display,
        )
    try:
        raw = path.read_bytes()
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
        raise ProceedingsError(f"the file is empty; {_EXPORT_HINT}", path=display)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProceedingsError(
            f"{display}:{exc.lineno}: not JSON ({exc.msg} at column {exc.colno}); {_EXPORT_HINT}"
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


def _replies(notes: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
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
    return {forum: list(replies.values()) for forum, replies in found.items()}


def _number(note: Mapping[str, Any]) -> int | None:
    number = note.get("number")
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def _submissions(notes: list[dict[str, Any]], note: NoteFn) -> list[dict[str, Any]]:
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
    return sorted(by_id.values(), key=lambda n: (_number(n) is None, _number(n) or 0, n["id"]))


# --- the volume -----------------------------------------------------------------------------


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


def _volume(
    export: Export,
    accepted: list[dict[str, Any]],
    submissions: list[dict[str, Any]],
    overrides: Mapping[str, Any],
    note: NoteFn,
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
    volume["editors"] = []
    note(None, "OpenReview has no volume editors; check will report metadata.no-editors")
    order = ["title", "subtitle", "acronym", "key", "year", "event", "url", "doi_prefix"]
    return {k: volume[k] for k in order if k in volume} | {
        k: v for k, v in volume.items() if k not in order
    }


# --- PDFs -----------------------------------------------------------------------------------


@dataclass
class _Paper:
    """A paper being imported, as :func:`find_pdfs` sees it, with the names its PDF may have."""

    key: str
    id: str
    data: dict[str, Any]
    stems: tuple[str, ...]
    pages: tuple[int, int] | None = None
    pdf: Path | None = None


def _stems(note: Mapping[str, Any]) -> tuple[str, ...]:
    """Note id, forum, original note id and the PDF's hash: what exports name PDFs by."""
    pdf = str(value(note.get("content"), "pdf") or "")
    names = [note.get("id"), note.get("forum"), note.get("original"), Path(pdf).stem]
    return tuple(dict.fromkeys(str(n) for n in names if n))


def _attach_pdfs(
    papers: list[_Paper], folder: Path, skipped: Mapping[str, str], note: NoteFn
) -> None:
    """Each paper's PDF by its OpenReview names, then by number or title; strays are noted."""
    if not folder.is_dir():
        raise ProceedingsError("not a folder of PDFs", path=str(folder))
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() == ".pdf"
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    by_stem: dict[str, list[Path]] = {}
    for path in files:
        by_stem.setdefault(path.stem, []).append(path)
    for paper in papers:
        found = {p for stem in paper.stems for p in by_stem.get(stem, [])}
        if len(found) == 1:
            paper.pdf = found.pop()
    find_pdfs(papers, folder, note)
    used = {p.pdf for p in papers}
    for path in files:
        if path not in used and path.stem in skipped:
            note(
                path.stem, f"{path.relative_to(folder)} is this skipped submission's PDF; not used"
            )


# --- the importer ---------------------------------------------------------------------------


def _parts(verdicts: list[Verdict]) -> tuple[list[dict[str, str]], list[str]]:
    """The volume's parts and each accepted paper's part: by presentation when there are two."""
    kinds = [k for k in KINDS if any(v.kind == k for v in verdicts)]
    if len(kinds) < 2:
        return [DEFAULT_PART], [DEFAULT_PART["id"]] * len(verdicts)
    parts = [{"id": k, "title": PART_TITLES[k]} for k in kinds]
    if any(v.kind is None for v in verdicts):
        parts.append(DEFAULT_PART)
    return parts, [v.kind or DEFAULT_PART["id"] for v in verdicts]


def read_openreview(
    path: Path | None,
    pdfs: Path | None = None,
    *,
    venue_id: str | None = None,
    **volume_overrides: Any,
) -> ImportedVolume:
    """Read an OpenReview export (or, with ``venue_id``, the live API) into an imported volume.

    ``volume_overrides`` are ``volume.yaml`` keys that replace or fill in what the export says
    (``acronym="XYZ 2025"``, ``year=2025``); ``None`` values are ignored. Raises
    :class:`ProceedingsError` for a file that is not an export, for accepted papers without a
    title and when the volume's acronym or year is neither in the export nor given.

    Authors keep ``_profile`` (their profile id) for ``unify_people``, which ``read_import`` runs
    next; the result is validated when the import is planned, once that key is gone (the model
    has no ``_profile``), not here.
    """
    if venue_id:
        if path is not None and path.is_file():
            raise ProceedingsError(
                "give either the exported file or --venue-id, not both", path=str(path)
            )
        display = f"OpenReview venue {venue_id}"
        export = fetch_venue(venue_id)
    elif path is None:
        raise ProceedingsError("give the exported JSON file, or --venue-id to read the live API")
    else:
        display = str(path)
        export = _load(path, display)

    notes: list[str] = []
    numbers: dict[str, int] = {}

    def where(key: str | None) -> str:
        if key is None:
            return display
        return f"{display}: {key} (#{numbers[key]})" if key in numbers else f"{display}: {key}"

    def note(key: str | None, message: str) -> None:
        notes.append(f"{where(key)}: {message}")

    for item in export.notes:
        if (number := _number(item)) is not None and is_submission(item):
            numbers[str(item.get("id"))] = number
    submissions = _submissions(export.notes, note)
    if not submissions:
        raise ProceedingsError(
            f"none of the {plural(len(export.notes), 'note')} is a submission (each is a reply in "
            f"another note's forum); {_EXPORT_HINT}",
            path=display,
        )
    replies = _replies(export.notes)
    venue_ids = VenueIds.of(export.group)
    verdicts = [decide(n, replies.get(str(n["id"]), []), venue_ids) for n in submissions]
    if not any(v.decided for v in verdicts):
        verdicts = [Verdict(True, "no decision", decided=False) for _ in verdicts]
        note(
            None,
            f"the export has no decisions (no venueid, no Decision replies): all "
            f"{plural(len(verdicts), 'submission')} imported as accepted; remove any that were not",
        )
    pairs = list(zip(submissions, verdicts, strict=True))
    accepted = [(n, v) for n, v in pairs if v.accepted]
    skipped = {str(n["id"]): v.reason for n, v in pairs if not v.accepted}
    for key, reason in skipped.items():
        note(key, f"skipped: {reason}")
    why = Counter(reason.split(" (")[0] for reason in skipped.values())
    why_text = ", ".join(f"{count} {reason}" for reason, count in why.most_common())
    if not accepted:
        raise ProceedingsError(
            f"none of the {plural(len(submissions), 'submission')} was accepted ({why_text}); "
            "only accepted papers are imported",
            path=display,
        )
    untitled = [n for n, _ in accepted if not clean_text(value(n.get("content"), "title"))]
    if untitled:
        lines = [f"{where(str(n['id']))}: content.title is empty" for n in untitled]
        raise ProceedingsError(
            "\n".join(lines)
            + f"\n{display}: {plural(len(untitled), 'accepted paper')} without a title; add the "
            "titles on OpenReview and export again"
        )

    profiles = Profiles(export.profiles)
    parts, part_of = _parts([v for _, v in accepted])
    volume = _volume(export, [n for n, _ in accepted], submissions, volume_overrides, note, display)
    volume["parts"] = parts
    taken: set[str] = set()
    orders: Counter[str] = Counter()
    papers: list[_Paper] = []
    unused: Counter[str] = Counter()
    for (item, verdict), part in zip(accepted, part_of, strict=True):
        key = str(item["id"])
        number = _number(item)
        paper_id = make_id(f"{number:03d}" if number is not None else key, taken)
        if number is None:
            note(key, f"no number; the forum id made the paper id '{paper_id}'")
        elif paper_id != f"{number:03d}":
            note(key, f"number {number} is used twice; the paper id is '{paper_id}'")
        orders[part] += 1
        data = read_paper(item, verdict, part, orders[part], profiles, note)
        papers.append(_Paper(key, paper_id, data, _stems(item)))
        content = _dict(item.get("content"))
        unused.update(
            k for k in content if k not in USED_FIELDS | INTERNAL_FIELDS and "archival" not in k
        )
    if unused:
        listed = ", ".join(f"{k} ({plural(c, 'paper')})" for k, c in sorted(unused.items()))
        note(None, f"content fields not imported: {listed}")
    if len(parts) > 1:
        counts = Counter(part_of)
        note(
            None,
            "parts by presentation: " + ", ".join(f"{counts[p['id']]} {p['title']}" for p in parts),
        )
    if pdfs is not None:
        _attach_pdfs(papers, pdfs, skipped, note)
        missing = [p.id for p in papers if p.pdf is None]
        if missing:
            note(None, f"{plural(len(missing), 'paper')} without a PDF: {join_ids(missing)}")
    note(
        None,
        f"imported {plural(len(papers), 'accepted paper')} of "
        f"{plural(len(submissions), 'submission')}" + (f"; skipped {why_text}" if skipped else ""),
    )
    result = ImportedVolume(
        volume=volume,
        papers=[ImportedPaper(p.id, p.data, p.pdf, where(p.key)) for p in papers],
        notes=notes,
        origin=display,
    )
    return result


def read(source: Path, options: ImportOptions) -> ImportedVolume:
    """The ``openreview`` import format: exported notes as JSON, or ``--venue-id`` live."""
    return read_openreview(source, options.pdfs, venue_id=options.venue_id, **options.overrides)
