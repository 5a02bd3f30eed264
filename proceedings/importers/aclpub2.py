"""An aclpub2 input folder -> an imported volume.

``proceedings import aclpub2 DIR`` reads the folder that the ACL's proceedings builder
(https://github.com/acl-org/aclpub2) takes as input, or a ZIP of it:

- ``conference_details.yml`` gives the volume: ``book_title`` (the title), ``event_name``,
  ``anthology_venue_id`` (the acronym, with the year), ``start_date``/``end_date`` (the event's
  dates and the year), ``location``, ``isbn``, ``publisher`` and ``editors``. The older schema's
  ``name`` and ``abbreviation`` are read too. Options override or fill in.
- ``organizing_committee.yml`` then ``program_committee.yml`` give the committees, in order; a
  member is ``first_name``/``middle_name``/``last_name`` or one ``name``, and ``institution``.
- ``papers.yml`` gives the papers, in its order (one part, ``papers``): the id (zero-padded to
  three digits), ``title`` and ``abstract`` (aclpub2 typesets both with LaTeX, so they are
  decoded from it), ``authors`` (names, ``institution``, ``email``/``emails``, ``orcid``, and
  the OpenReview, Softconf or Semantic Scholar profile that links one person's papers),
  ``archival`` and ``attributes.paper_type`` (the paper's track). Attachments with a URL become
  links; attachment files are not carried over. The PDF is ``papers/<file>`` (or
  ``papers/<id>.pdf``), copied; ``--pdfs`` finds the others by name or first-page title.
- Without ``papers.yml``, a Softconf/START ``paper-metadata.csv`` (what aclpub2's ``softconf``
  scripts start from) gives the accepted papers instead.

Prefaces, invited talks, the program and sponsors are typeset LaTeX or schedule data with no
place in ``volume.yaml``: each is listed in a note saying where to put it by hand.

Quirks repaired here, each with a note: a misspelt author key (``instituion``), editors with
first and last names swapped (recognised from the committees and authors), titles such as
``President:`` typed into a name, ``NA`` as an institution, ordinals such as ``21th``, and an
author the OpenReview export could not resolve (``~Jane_Doe1``).
"""

from __future__ import annotations

import csv
import datetime
import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.errors import ProceedingsError
from proceedings.identifiers import (
    doi_problem,
    email_problem,
    isbn_problem,
    orcid_problem,
    url_problem,
)
from proceedings.importers import (
    ImportedPaper,
    ImportedVolume,
    apply_overrides,
    join_ids,
    make_id,
    plural,
)
from proceedings.importers.latex import decode_latex, find_lost_markup
from proceedings.importers.pdfs import find_pdfs
from proceedings.importers.people import PROFILE
from proceedings.importers.text import clean_text, split_name
from proceedings.model import VolumeInfo
from proceedings.names import fold, is_cjk
from proceedings.yamlfile import YamlDocument, read_yaml

if TYPE_CHECKING:
    from proceedings.importers.formats import ImportOptions

__all__ = ["read", "read_aclpub2"]

CONFERENCE = "conference_details.yml"
PAPERS = "papers.yml"
SOFTCONF = "paper-metadata.csv"
COMMITTEES = (
    ("organizing_committee.yml", "Organizing Committee"),
    ("program_committee.yml", "Program Committee"),
)
DEFAULT_PART = {"id": "papers", "title": "Papers"}

# The one paper of aclpub2's papers.yml template: a folder listing only it was never filled in.
_SAMPLE_TITLES = frozenset(
    {fold("Boosting Naturalness of Language in Task-oriented Dialogues via Adversarial Training")}
)
_PERSON_KEYS = frozenset(
    {"first_name", "middle_name", "last_name", "name", "preferred_name", "institution",
     "affiliation", "email", "emails", "orcid", "openreview", "username", "semantic_scholar",
     "semantic_scholar_id", "dblp", "dblp_id", "google_scholar", "google_scholar_id",
     "homepage"}
)  # fmt: skip
# Profile ids that link one person's rows, best first; the other ids (dblp...) are not kept.
_PROFILE_KEYS = ("openreview", "username", "semantic_scholar", "semantic_scholar_id")
_PAPER_KEYS = frozenset(
    {"id", "title", "abstract", "authors", "file", "archival", "attachments", "attributes"}
)
_CONFERENCE_KEYS = frozenset(
    {"book_title", "event_name", "name", "anthology_venue_id", "abbreviation", "start_date",
     "end_date", "year", "isbn", "location", "publisher", "editors", "url", "doi"}
)  # fmt: skip
_ATTACHMENT_LINKS = {
    "software": "code",
    "code": "code",
    "dataset": "data",
    "data": "data",
    "poster": "poster",
    "presentation": "slides",
    "slides": "slides",
    "video": "video",
}
_PLACEHOLDERS = frozenset({"na", "n/a", "none", "null", "-", "--", "unknown", "tbd", "tba"})
_LATEX = re.compile(r"[\\{}~]|--|``")
_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b")
_ENDS_SENTENCE = re.compile(r"[.!?;:)\]\"'”’$*]\s*$")
_OPENREVIEW_ID = re.compile(r"^~([^\W\d_][\w.-]*?)_?\d*$")
_SOFTCONF_USED = frozenset(
    {"Submission ID", "Title", "Authors", "Abstract", "Acceptance Status", "Submission Type"}
)
_SOFTCONF_AUTHOR = (
    ("username", "Username"),
    ("first_name", "First Name"),
    ("middle_name", "Middle Name"),
    ("last_name", "Last Name"),
    ("email", "Email"),
    ("institution", "Affiliation"),
)

Note = Callable[[str], None]
"""Records a note; the callable already knows where (``file:line``) it applies."""
Loc = tuple[str | int, ...]


# --- the folder and its files ---------------------------------------------------------------


@dataclass
class _Folder:
    """The aclpub2 folder being read: where it is, the notes so far and the errors found.

    Errors are collected rather than raised, so that one run reports every problem of the
    folder (an unparsable committee file and an untitled paper alike).
    """

    root: Path
    display: str
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def shown(self, name: str) -> str:
        """How the file ``name`` of the folder is named in messages."""
        return f"{self.display.rstrip('/')}/{name}"

    def load(
        self, name: str, *, required: bool = False, imported: bool = True
    ) -> YamlDocument | None:
        """The YAML file ``name``; ``None`` when it is absent or empty (errors if
        ``required``) or does not parse (an error naming its line; only a note for a file
        whose content is not ``imported``)."""
        path = self.root / name
        if not path.is_file():
            if required:
                self.errors.append(f"{self.shown(name)}: missing; an aclpub2 folder needs it")
            return None
        document, problems = read_yaml(path, self.shown(name))
        for problem in problems:
            hint = f" {problem.hint}" if problem.hint else ""
            message = f"{problem.location()}: {problem.message}.{hint}"
            (self.errors if imported else self.notes).append(message)
        if problems or document is None:
            return None
        if document.data is None:
            if required:
                self.errors.append(f"{self.shown(name)}: the file is empty")
            return None
        return document

    def at(self, document: YamlDocument, loc: Loc) -> str:
        """``file:line`` of ``loc`` in ``document``."""
        line = document.line(loc)
        return f"{document.display}:{line}" if line else document.display

    def noter(self, where: str) -> Note:
        """A :data:`Note` that files its messages under ``where``."""

        def note(message: str) -> None:
            self.notes.append(f"{where}: {message}")

        return note

    def fail(self) -> None:
        """Raise the errors found so far as one message, if there are any."""
        if self.errors:
            count = plural(len(self.errors), "error")
            summary = f"{self.display}: the aclpub2 folder could not be imported: {count}"
            raise ProceedingsError("\n".join([*self.errors, summary]))


def _open(source: Path, options: ImportOptions) -> _Folder:
    """The folder to read: ``source``, its ZIP unpacked, or the one folder inside that ZIP."""
    if source.is_file() and source.suffix.lower() in {".yml", ".yaml", ".csv"}:
        raise ProceedingsError(
            f"give the aclpub2 folder ({source.parent}), not one of its files", path=str(source)
        )
    root = options.folder(source)
    if not (root / CONFERENCE).is_file():
        inner = [p for p in root.iterdir() if p.is_dir() and (p / CONFERENCE).is_file()]
        if len(inner) == 1:  # a ZIP of the folder itself
            return _Folder(inner[0], f"{source}/{inner[0].name}")
    return _Folder(root, str(source))


# --- text -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A scalar as clean one-line text ('' for nothing), LaTeX decoded: aclpub2 typesets it
    (and its Softconf script escapes institutions: ``R\\&D``)."""
    if value is None or isinstance(value, dict | list | bool):
        return ""
    text = clean_text(str(value))
    return decode_latex(text).text if _LATEX.search(text) else text


def _decoded(
    value: Any, what: str, note: Note, *, markdown: bool = False, latex: bool = True
) -> str:
    """A title or abstract decoded from LaTeX paragraph by paragraph, remarks noted; plain
    text (``latex=False``) is only cleaned, a literal ``$`` escaped in Markdown."""
    if value is None or isinstance(value, dict | list | bool):
        return ""
    text = clean_text(str(value), markdown=True)  # entities and odd spaces; paragraphs kept
    if not latex:
        return text.replace("$", "\\$") if markdown else " ".join(text.split())
    paragraphs = []
    for paragraph in text.split("\n\n"):
        decoded = decode_latex(paragraph, markdown=markdown)
        for remark in decoded.remarks:
            note(f"{what}: {remark}")
        paragraphs.append(decoded.text)
    return "\n\n".join(p for p in paragraphs if p)


def _fix_ordinals(text: str, what: str, note: Note) -> str:
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


def _year(value: Any) -> int | None:
    match = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", str(value or ""))
    return int(match.group(1)) if match else None


# --- people ---------------------------------------------------------------------------------


def _keys(entry: dict[str, Any], what: str, note: Note, ignored: Counter[str]) -> dict[str, Any]:
    """``entry`` with misspelt keys read as the key meant (noted) and unknown keys counted."""
    out: dict[str, Any] = {}
    for key, value in entry.items():
        name = str(key)
        if name not in _PERSON_KEYS:
            close = difflib.get_close_matches(name, sorted(_PERSON_KEYS), n=1, cutoff=0.85)
            if not close or close[0] in entry:
                ignored[name] += 1
                continue
            note(f"{what}: key '{name}' read as '{close[0]}'")
            name = close[0]
        out[name] = value
    return out


def _drop_labels(given: str, written: str, what: str, note: Note) -> str:
    """``President: Gabriel`` -> ``Gabriel``: a title typed into the name ends with a colon."""
    words = given.split()
    labelled = [i for i, word in enumerate(words) if word.endswith(":")]
    if not labelled:
        return given
    cut = labelled[-1] + 1
    note(f"{what}: '{written}': '{' '.join(words[:cut])}' is a title, not a name; dropped")
    return " ".join(words[cut:])


def _name(entry: dict[str, Any] | str, what: str, note: Note) -> dict[str, Any]:
    """The name keys of a person (``{}`` when there is no name at all)."""
    if isinstance(entry, str):
        return split_name(_text(entry)) if entry.strip() else {}
    written_first = clean_text(entry.get("first_name"))
    match = _OPENREVIEW_ID.match(written_first)
    if match and clean_text(entry.get("last_name")) in ("", written_first):
        resolved = match.group(1).replace("_", " ")
        note(
            f"{what}: the OpenReview id '{written_first}' stands for the name (the export "
            f"could not read the profile); imported as '{resolved}', check it"
        )
        return split_name(resolved)
    first = _text(entry.get("preferred_name")) or _text(entry.get("first_name"))
    middle, last = _text(entry.get("middle_name")), _text(entry.get("last_name"))
    if not (first or middle or last):
        full = _text(entry.get("name"))
        return split_name(full) if full else {}
    written = " ".join(filter(None, (first, middle, last)))
    given = _drop_labels(" ".join(filter(None, (first, middle))), written, what, note)
    if not last:
        given, last = "", given
    if not last:
        return {}
    if not given and not is_cjk(last):
        note(f"{what}: '{last}' has a single name; imported as a mononym")
        return {"family": last, "mononym": True}
    words = given.split()
    particles: list[str] = []
    while len(words) > 1 and words[-1].isalpha() and words[-1].islower():
        particles.insert(0, words.pop())
    if particles:  # first_name: Carel van, last_name: Niekerk
        last = " ".join([*particles, last])
        note(f"{what}: '{written}': '{' '.join(particles)}' belongs to the family name '{last}'")
    return {"given": " ".join(words), "family": last} if words else {"family": last}


def _affiliations(fields: dict[str, Any], what: str, note: Note) -> list[str]:
    value = fields.get("institution", fields.get("affiliation"))
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        text = _text(item).strip(" ,;")
        if fold(text) in _PLACEHOLDERS:
            note(f"{what}: institution '{text}' is a placeholder; not imported")
        elif text and text not in out:
            out.append(text)
    return out


def _email(fields: dict[str, Any], what: str, note: Note) -> str | None:
    value = fields.get("email") or fields.get("emails")
    values = value if isinstance(value, list) else re.split(r"[;,\s]+", str(value or ""))
    for item in values:
        email = str(item).replace("\\_", "_").strip()  # aclpub2's OpenReview script escapes _
        if not email:
            continue
        reason = email_problem(email)
        if reason is None:
            return email
        note(f"{what}: e-mail '{email}' {reason}; not imported")
    return None


def _person(
    entry: Any, what: str, note: Note, ignored: Counter[str], *, author: bool
) -> dict[str, Any] | None:
    """A person as ``paper.yaml`` writes one (authors with their ``_profile``), or ``None``
    (noted) when there is no name."""
    if isinstance(entry, str):
        fields: dict[str, Any] = {}
        person = _name(entry, what, note)
    elif isinstance(entry, dict):
        fields = _keys(entry, what, note, ignored)
        person = _name(fields, what, note)
    else:
        note(f"{what}: '{entry}' is not a person (name keys or a name); skipped")
        return None
    if not person.get("family"):
        note(f"{what}: no name; skipped")
        return None
    affiliations = _affiliations(fields, what, note)
    if affiliations:
        person["affiliations"] = affiliations
    email = _email(fields, what, note)
    if email:
        person["email"] = email
    orcid = re.sub(r"^(?:https?://)?(?:www\.)?orcid\.org/", "", _text(fields.get("orcid")))
    if orcid:
        reason = orcid_problem(orcid.upper())
        if reason:
            note(f"{what}: ORCID '{orcid}' {reason}; not imported")
        else:
            person["orcid"] = orcid.upper()
    profiles = [f"{k}:{_text(fields[k])}" for k in _PROFILE_KEYS if _text(fields.get(k))]
    if author and profiles:
        person[PROFILE] = profiles[0]
    return person


def _unswap(editors: list[dict[str, Any]], known: Iterable[dict[str, Any]], note: Note) -> None:
    """Swap back the names of editors written last name first, as the rest of the folder shows.

    aclpub2's own example has ``first_name: Kennington, last_name: Casey``: an editor whose
    names appear the other way round in a committee or a paper (and never as written) is
    taken to be swapped.
    """
    seen = {(fold(p.get("given", "")), fold(p["family"])) for p in known if p.get("given")}
    for editor in editors:
        given, family = editor.get("given", ""), editor["family"]
        if (fold(family), fold(given)) in seen and (fold(given), fold(family)) not in seen:
            editor["given"], editor["family"] = family, given
            note(
                f"editor '{given} {family}' is '{family} {given}' elsewhere in the folder: "
                "first and last names swapped back"
            )


# --- the volume -----------------------------------------------------------------------------


def _volume(folder: _Folder, details: YamlDocument | None) -> dict[str, Any]:
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

    def note_at(key: str) -> Note:
        return folder.noter(folder.at(details, (key,)))

    volume: dict[str, Any] = {}
    title_key = "name" if "book_title" not in data and "name" in data else "book_title"
    if title_key == "name":
        note_at("name")(
            "the older aclpub2 schema: 'name' read as the title and the event, 'abbreviation' "
            "as the acronym"
        )
    title = _fix_ordinals(_text(data.get(title_key)), "title", note_at(title_key))
    if title:
        volume["title"] = title
    dates = {key: (data.get(key), _date(data.get(key))) for key in ("start_date", "end_date")}
    for key, (value, parsed) in dates.items():
        if value not in (None, "") and parsed is None:
            note_at(key)(f"{key} '{value}' is not a date (YYYY-MM-DD); not imported")
    start, end = dates["start_date"][1], dates["end_date"][1]
    year = start.year if start else _year(data.get("year"))
    acronym = _text(data.get("anthology_venue_id") or data.get("abbreviation"))
    if acronym:
        has_number = any(c.isdigit() for c in acronym)
        volume["acronym"] = acronym if has_number or year is None else f"{acronym} {year}"
    if year:
        volume["year"] = year
    event: dict[str, Any] = {}
    name = _fix_ordinals(_text(data.get("event_name")), "event_name", note_at("event_name"))
    if name or title:
        event["name"] = name or title
    if _text(data.get("location")):
        event["place"] = _text(data.get("location"))
    if start:
        event["start"] = start
    if end and start and end < start:
        note_at("end_date")(f"end_date {end} is before start_date {start}; not imported")
    elif end:
        event["end"] = end
    volume["event"] = event
    if _text(data.get("publisher")):
        volume["publisher"] = {"name": _text(data.get("publisher"))}
    for key, check in (("isbn", isbn_problem), ("doi", doi_problem), ("url", url_problem)):
        value = _text(data.get(key))
        reason = check(value) if value else None
        if reason:
            note_at(key)(f"{key} '{value}' {reason}; not imported")
        elif value:
            volume[key] = value
    ignored: Counter[str] = Counter()
    editors = []
    raw = data.get("editors") or []
    for index, entry in enumerate(raw if isinstance(raw, list) else [raw]):
        note = folder.noter(folder.at(details, ("editors", index)))
        person = _person(entry, f"editors[{index}]", note, ignored, author=False)
        if person:
            editors.append(person)
    volume["editors"] = editors
    unknown = sorted(set(map(str, data)) - _CONFERENCE_KEYS) + sorted(ignored)
    if unknown:
        folder.notes.append(f"{details.display}: not imported: {', '.join(unknown)}")
    return volume


def _finish_volume(
    folder: _Folder, volume: dict[str, Any], overrides: Mapping[str, Any], raws: list[_Raw]
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
    fields = list(VolumeInfo.model_fields)
    for name in sorted(volume, key=lambda k: fields.index(k) if k in fields else len(fields)):
        volume[name] = volume.pop(name)


# --- committees -----------------------------------------------------------------------------


def _committee(
    folder: _Folder, document: YamlDocument, index: int, default_role: str, ignored: Counter[str]
) -> dict[str, Any] | None:
    """One committee of a committee file, people listed twice kept once."""
    item = document.data[index]
    where = folder.at(document, (index,))
    if not isinstance(item, dict):
        folder.errors.append(f"{where}: expected a committee (role, members)")
        return None
    role = _text(item.get("role"))
    if not role:
        role = default_role
        folder.notes.append(f"{where}: a committee without a role; called '{role}'")
    key = "members" if "members" in item else "entries"
    members = item.get(key)
    people: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, entry in enumerate(members if isinstance(members, list) else []):
        note = folder.noter(folder.at(document, (index, key, number)))
        person = _person(entry, role, note, ignored, author=False)
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


def _committees(folder: _Folder) -> list[dict[str, Any]]:
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


# --- papers ---------------------------------------------------------------------------------


@dataclass
class _Raw:
    """One paper as papers.yml (or the Softconf CSV) gives it, before it is read."""

    entry: dict[str, Any]
    where: str  # file:line
    key: str  # the source's id, as written
    track: str | None = None
    latex: bool = True  # papers.yml's texts are LaTeX (aclpub2 typesets them); Softconf's plain


@dataclass
class _Paper:
    """A paper being imported, as :func:`~proceedings.importers.pdfs.find_pdfs` sees it."""

    key: str
    id: str
    data: dict[str, Any]
    where: str
    pages: tuple[int, int] | None = None
    pdf: Path | None = None


def _papers_yml(folder: _Folder, document: YamlDocument) -> list[_Raw]:
    if not isinstance(document.data, list):
        folder.errors.append(
            f"{folder.at(document, ())}: expected a list of papers (id, title, authors...), "
            f"found a {type(document.data).__name__}"
        )
        return []
    raws = []
    for index, entry in enumerate(document.data):
        where = folder.at(document, (index,))
        if not isinstance(entry, dict):
            folder.errors.append(f"{where}: expected a paper (id, title, authors...)")
            continue
        attributes = entry.get("attributes")
        track = _text(attributes.get("paper_type")) if isinstance(attributes, dict) else ""
        raws.append(_Raw(entry, where, _text(entry.get("id")), track.lower() or None))
    return raws


def _softconf(folder: _Folder, path: Path) -> list[_Raw]:
    """The accepted rows of a Softconf/START paper metadata CSV, shaped like papers.yml."""
    display = folder.shown(path.name)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        folder.errors.append(f"{display}: cannot be read as UTF-8 text ({exc})")
        return []
    reader = csv.DictReader(text.splitlines(keepends=True))
    if not reader.fieldnames or not {"Submission ID", "Title"} <= set(reader.fieldnames):
        folder.errors.append(
            f"{display}: not a Softconf paper metadata export (no Submission ID and Title columns)"
        )
        return []
    folder.notes.append(f"{display}: no {PAPERS}; the papers are read from the Softconf export")
    raws: list[_Raw] = []
    rejected: list[str] = []
    line = 2
    filled: set[str] = set()
    for row in reader:
        where, line = f"{display}:{line}", reader.line_num + 1
        filled.update(k for k, v in row.items() if k and v and v.strip())
        key = clean_text(row.get("Submission ID"))
        status = clean_text(row.get("Acceptance Status"))
        if status and not status.lower().startswith("accept"):
            rejected.append(key)
            continue
        authors: list[dict[str, Any] | str] = []
        numbers = sorted({int(k.split(":")[0]) for k in row if re.match(r"^\d+: ", k or "")})
        for n in numbers:
            person = {key: row.get(f"{n}: {column}") for key, column in _SOFTCONF_AUTHOR}
            if person["first_name"] or person["last_name"]:
                authors.append({k: v for k, v in person.items() if v})
        if not authors and clean_text(row.get("Authors")):
            authors = [a for a in re.split(r",\s*|\s+and\s+", clean_text(row["Authors"])) if a]
            folder.notes.append(
                f"{where}: paper {key}: the author columns are empty; the authors are split "
                f"from 'Authors' ({len(authors)}), without affiliations or e-mails"
            )
        entry = {"id": key, "title": row.get("Title"), "abstract": row.get("Abstract")}
        track = clean_text(row.get("Submission Type")).lower() or None
        raws.append(_Raw({**entry, "authors": authors}, where, key, track, latex=False))
    unused = [
        name
        for name in reader.fieldnames
        if name not in _SOFTCONF_USED and not re.match(r"^\d+: ", name) and name in filled
    ]
    if unused:
        folder.notes.append(f"{display}: columns not imported: {', '.join(unused)}")
    if rejected:
        folder.notes.append(
            f"{display}: {plural(len(rejected), 'submission')} not accepted, not imported: "
            f"{join_ids(rejected)}"
        )
    return raws


def _check_papers(folder: _Folder, raws: list[_Raw]) -> None:
    """Errors for papers without id or title, ids used twice and a placeholder papers.yml."""
    first: dict[str, str] = {}
    for raw in raws:
        if not raw.key:
            folder.errors.append(f"{raw.where}: a paper without an id; give it its submission id")
        elif raw.key.lower() in first:
            folder.errors.append(
                f"{raw.where}: paper id {raw.key} is used again (first at "
                f"{first[raw.key.lower()]}); give each paper its own id"
            )
        else:
            first[raw.key.lower()] = raw.where
        if not _text(raw.entry.get("title")):
            folder.errors.append(f"{raw.where}: paper {raw.key or '?'}: no title; add it")
    if raws and all(fold(_text(r.entry.get("title"))) in _SAMPLE_TITLES for r in raws):
        folder.errors.append(
            f"{raws[0].where}: {PAPERS} is still aclpub2's placeholder (its only paper is the "
            f"template's sample, '{_text(raws[0].entry.get('title'))}'); replace it with the "
            "accepted papers, then import again"
        )


def _links(attachments: Any, note: Note) -> dict[str, str]:
    """Attachments with a URL as links; attachment files cannot be linked, and are noted."""
    links: dict[str, str] = {}
    files = []
    for item in attachments if isinstance(attachments, list) else []:
        if not isinstance(item, dict):
            continue
        kind = _text(item.get("type")).lower()
        url = _text(item.get("url"))
        link = _ATTACHMENT_LINKS.get(kind)
        if url and link and link not in links and url_problem(url) is None:
            links[link] = url
        else:
            files.append(f"{kind or 'attachment'} {_text(item.get('file')) or url}")
    if files:
        note(
            f"attachments not carried over ({', '.join(files)}): publish them and add their "
            "URLs under links in paper.yaml"
        )
    return links


def _read_paper(raw: _Raw, order: int, notes: list[str], ignored: Counter[str]) -> dict[str, Any]:
    """The ``paper.yaml`` mapping of one paper; every note placed at its line."""
    entry = raw.entry

    def note(message: str) -> None:
        notes.append(f"{raw.where}: paper {raw.key}: {message}")

    data: dict[str, Any] = {"title": _decoded(entry.get("title"), "title", note, latex=raw.latex)}
    for remark in find_lost_markup(data["title"]):
        note(f"title: {remark}")
    authors = []
    listed = entry.get("authors")
    for index, author in enumerate(listed if isinstance(listed, list) else []):
        person = _person(author, f"authors[{index}]", note, ignored, author=True)
        if person:
            authors.append(person)
    if not authors:
        note("no authors; check will report metadata.no-authors")
    data["authors"] = authors
    abstract = _decoded(entry.get("abstract"), "abstract", note, markdown=True, latex=raw.latex)
    if abstract:
        data["abstract"] = abstract
        for remark in find_lost_markup(abstract):
            note(f"abstract: {remark}")
        if not _ENDS_SENTENCE.search(abstract):
            note(f"abstract: ends '...{abstract[-40:]}' without a full stop; cut short?")
    else:
        note("no abstract; check will report metadata.missing-abstract")
    data["part"] = DEFAULT_PART["id"]
    data["order"] = order
    if raw.track:
        data["track"] = raw.track
    archival = entry.get("archival")
    if isinstance(archival, str) and archival.strip().lower() in ("true", "false", "yes", "no"):
        archival = archival.strip().lower() in ("true", "yes")
    if archival is False:
        data["archival"] = False
    elif archival not in (None, True):
        note(f"archival '{archival}' is not true or false; taken as archival")
    links = _links(entry.get("attachments"), note)
    if links:
        data["links"] = links
    attributes = entry.get("attributes")
    if isinstance(attributes, dict):
        ignored.update(f"attributes.{k}" for k in attributes if k != "paper_type")
    ignored.update(str(k) for k in entry if k not in _PAPER_KEYS)
    return data


def _pdf(root: Path, raw: _Raw) -> Path | None:
    """``papers/<file>`` (or the file as given, or ``papers/<id>.pdf``) if it is there."""
    name = _text(raw.entry.get("file"))
    candidates = [root / "papers" / name, root / name] if name else []
    candidates.append(root / "papers" / f"{raw.key}.pdf")
    return next((path for path in candidates if path.is_file()), None)


def _attach_pdfs(folder: _Folder, papers: list[_Paper], options: ImportOptions) -> None:
    """Note the PDFs in papers/ that no paper names; find the rest with ``--pdfs``."""
    named = {p.pdf.resolve() for p in papers if p.pdf is not None}
    stray = sorted(
        p.name
        for p in (folder.root / "papers").glob("*")
        if p.suffix.lower() == ".pdf" and p.resolve() not in named
    )
    if stray:
        folder.notes.append(
            f"{folder.shown('papers')}: {plural(len(stray), 'PDF')} matched no paper: "
            f"{join_ids(stray)}"
        )
    if options.pdfs is not None:
        where = {p.key: f"{p.where}: paper {p.key}" for p in papers}

        def note(key: str | None, message: str) -> None:
            folder.notes.append(f"{where[key] if key else folder.display}: {message}")

        find_pdfs(papers, options.pdfs, note)
    missing = [p.id for p in papers if p.pdf is None]
    if missing:
        folder.notes.append(
            f"{folder.display}: {plural(len(missing), 'paper')} without a PDF: {join_ids(missing)}"
        )


# --- what is not carried over ---------------------------------------------------------------


def _front_matter_notes(folder: _Folder) -> None:
    """Say what of the folder is not carried over, and where to put it instead."""
    prefaces = folder.load("prefaces.yml", imported=False)
    if prefaces is not None and isinstance(prefaces.data, list):
        for index, item in enumerate(prefaces.data):
            if not isinstance(item, dict):
                continue
            title, name = _text(item.get("title")), _text(item.get("file"))
            found = name and any((folder.root / d / name).is_file() for d in ("prefaces", "."))
            folder.notes.append(
                f"{folder.at(prefaces, (index,))}: preface '{title}' ({name}"
                f"{'' if found else ', not in the folder'}) not carried over: write it as a "
                "MyST page in source/ and list it under pages in volume.yaml"
            )
    talks = folder.load("invited_talks.yml", imported=False)
    if talks is not None and isinstance(talks.data, list):
        listed = [
            f"'{_text(t.get('title'))}' ({_text(t.get('speaker_name'))})"
            for t in talks.data
            if isinstance(t, dict)
        ]
        folder.notes.append(
            f"{talks.display}: {plural(len(listed), 'invited talk')} not carried over "
            f"({', '.join(listed)}): add them to a front-matter page, e.g. source/keynotes.md"
        )
    for name, what in (("program.yml", "the schedule"), ("sponsors.yml", "the sponsors")):
        document = folder.load(name, imported=False)
        if document is not None:
            folder.notes.append(f"{document.display}: {what} not imported (no place in a volume)")


# --- the importer ---------------------------------------------------------------------------


def read_aclpub2(source: Path, options: ImportOptions) -> ImportedVolume:
    """Read an aclpub2 folder (or its ZIP) into an :class:`ImportedVolume`.

    Raises one :class:`ProceedingsError` listing every problem that stops the import: a
    missing, empty or unparsable file (with its line), a paper without id or title, an id used
    twice, a placeholder papers.yml, a required volume value missing (with the option to pass).
    """
    folder = _open(source, options)
    details = folder.load(CONFERENCE, required=True)
    raws: list[_Raw] = []
    if (folder.root / PAPERS).is_file() or not (folder.root / SOFTCONF).is_file():
        papers_doc = folder.load(PAPERS, required=True)
        if papers_doc is not None:
            raws = _papers_yml(folder, papers_doc)
    else:
        raws = _softconf(folder, folder.root / SOFTCONF)
    volume = _volume(folder, details)
    committees = _committees(folder)
    _check_papers(folder, raws)
    if volume:  # else conference_details.yml is missing or broken, and an error says so
        _finish_volume(folder, volume, options.overrides, raws)
    folder.fail()
    _front_matter_notes(folder)

    taken: set[str] = set()
    ignored: Counter[str] = Counter()
    papers: list[_Paper] = []
    for order, raw in enumerate(raws, start=1):
        paper_id = make_id(f"{int(raw.key):03d}" if raw.key.isdigit() else raw.key, taken)
        data = _read_paper(raw, order, folder.notes, ignored)
        papers.append(_Paper(raw.key, paper_id, data, raw.where, pdf=_pdf(folder.root, raw)))
    if any(p.id != p.key for p in papers):
        folder.notes.append(
            f"{folder.display}: paper ids are the source's ids as slugs, numbers zero-padded "
            "to three digits (2 -> 002)"
        )
    if ignored:
        listed = ", ".join(f"{k} ({n})" for k, n in sorted(ignored.items()))
        folder.notes.append(f"{folder.display}: paper keys not imported: {listed}")
    unset = sum("archival" not in raw.entry for raw in raws)
    if 0 < unset < len(raws):
        folder.notes.append(
            f"{folder.shown(PAPERS)}: {plural(unset, 'paper')} without 'archival': taken as "
            "archival"
        )
    known = [p for c in committees for p in c["people"]]
    known += [a for p in papers for a in p.data["authors"]]
    _unswap(volume["editors"], known, folder.noter(folder.shown(CONFERENCE)))
    _attach_pdfs(folder, papers, options)
    return ImportedVolume(
        volume=volume,
        papers=[ImportedPaper(p.id, p.data, p.pdf, f"{p.where} (paper {p.key})") for p in papers],
        notes=folder.notes,
        origin=folder.display,
        committees=committees,
    )


def read(source: Path, options: ImportOptions) -> ImportedVolume:
    """The ``aclpub2`` import format: an aclpub2 input folder (or its ZIP)."""
    return read_aclpub2(source, options)
