"""What a CEUR source says about a volume (:class:`CeurVolume`) -> ``volume.yaml``.

Both CEUR sources give the same values: ceur-make's ``workshop.xml`` and ``toc.xml``
(:mod:`~proceedings.importers.ceur.ceur_make`) and the volume page CEUR-WS publishes, marked up
with CEUR's classes (:mod:`~proceedings.importers.ceur.index_page`); ceur-make's template even says
which element becomes which class. Each reader fills a :class:`CeurVolume`, recording where
each value was found so that every note and error can point at the line. This module turns
that record into ``volume.yaml`` (:func:`volume_yaml`): the CEUR-WS series, the editors with
their affiliations cleaned, the licence, the user's options; and refuses a source that still
holds a form's placeholders (:func:`refuse_placeholders`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from proceedings.errors import ProceedingsError
from proceedings.importers.sources import apply_overrides, order_volume, read_bytes
from proceedings.importers.text import clean_text, split_name
from proceedings.text import plural

__all__ = [
    "CeurEditor",
    "CeurPaper",
    "CeurVolume",
    "Found",
    "iso_date",
    "read_ceur_file",
    "refuse_placeholders",
    "volume_yaml",
]

SERIES_NAME, SERIES_SHORT, SERIES_ISSN = "CEUR Workshop Proceedings", "CEUR-WS", "1613-0073"
LICENCE = "CC-BY-4.0"  # CEUR-WS's licence for papers since 2019
# Words of an organisation's name: a part with one of them is no city.
_ORGANISATION = re.compile(
    r"univ|institu|college|school|lab|cent(?:er|re)|department|dept|faculty|academy|hospital|"
    r"foundation|polytechn|research|gmbh|inc\b|ltd|corporation|company|group|council|agency",
    re.IGNORECASE,
)
_DEPARTMENT = re.compile(r"(?:dep(?:artmen)?t\.?|faculty|school|chair|division)\b", re.I)
_PLACEHOLDER = re.compile(r"(?:test|x{3,}|todo|tbd|tba|fixme|placeholder|lorem ipsum.*)", re.I)


@dataclass(frozen=True)
class Found:
    """A value and the line of the source it was read from, so that messages can point at it."""

    text: str
    line: int | None = None
    file: str = ""  # the file it is in, when not the volume's own (workshop.xml beside toc.xml)


@dataclass
class CeurEditor:
    """A volume editor as written: the page prints ``Name, Institution, Country`` (one line of
    ``affiliation``); workshop.xml gives ``<affiliation>`` and ``<country>`` apart."""

    name: Found
    affiliation: str = ""
    country: str = ""
    orcid: str = ""


@dataclass
class CeurPaper:
    """One entry of the table of contents, as written (names are split later)."""

    title: Found
    authors: list[str] = field(default_factory=list)
    pages: str = ""
    file: str = ""  # the PDF as the source names it: paper1.pdf
    session: Found | None = None
    beside: list[str] = field(default_factory=list)  # text next to the marks, not imported
    aux: str = ""  # the class that marks it an auxiliary entry (preface, keynote): AUX, ...


@dataclass
class CeurVolume:
    """A CEUR volume as either of its sources gives it, before it becomes ``volume.yaml``.

    ``terms`` says how the source names each value (``CEURVOLACRONYM``, ``<acronym>``), so
    that a message about a missing value names what to add. ``dates`` keeps the event's
    place-and-time text when the dates could not be read from it.
    """

    display: str
    terms: Mapping[str, str]
    title: Found | None = None
    acronym: Found | None = None
    event: Found | None = None
    number: Found | None = None
    year: Found | None = None
    host: str = ""
    place: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    dates: Found | None = None
    licence: str | None = None  # an SPDX id; "" when the source states terms without one
    editors: list[CeurEditor] = field(default_factory=list)
    papers: list[CeurPaper] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def where(self, at: Found | int | None) -> str:
        """``file:line`` of a value (or of a line of the volume's own file)."""
        if isinstance(at, Found):
            file, line = at.file or self.display, at.line
        else:
            file, line = self.display, at
        return f"{file}:{line}" if line else file

    def note(self, at: Found | int | None, message: str) -> None:
        """Record a note about a value or a line (``None``: the whole file)."""
        self.notes.append(f"{self.where(at)}: {message}")


def iso_date(text: str) -> datetime.date | None:
    """``2018-04-14`` (a time after it ignored) as a date; ``None`` when it is no such date."""
    try:
        return datetime.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def read_ceur_file(path: Path, display: str) -> bytes:
    """The file's bytes; one clear error when it cannot be read or is empty (an empty file is
    the wrong one: the error says which files a CEUR source has)."""
    data = read_bytes(path, display)
    if not data.strip():
        raise ProceedingsError(
            "the file is empty; give ceur-make's toc.xml or workshop.xml, or a CEUR-WS "
            "volume's index.html",
            path=display,
        )
    return data


# --- volume.yaml ----------------------------------------------------------------------------


def _bare(text: str) -> str:
    """A title without what ceur-make adds (``Proceedings of the``, the year), to compare."""
    return re.sub(r"(?i)^proceedings of (?:the )?|\s*\d{4}$", "", text.strip())


def refuse_placeholders(volume: CeurVolume) -> None:
    """Refuse a source still holding a form's placeholders (``TEST`` everywhere): imported,
    they would be published."""
    terms = volume.terms
    values = [
        (terms["title"], volume.title),
        (terms["acronym"], volume.acronym),
        (terms["event"], volume.event),
    ]
    for editor in volume.editors:
        values.append((terms["editors"], editor.name))
        affiliation = Found(editor.affiliation, editor.name.line, editor.name.file)
        values.append((f"{editor.name.text}'s affiliation", affiliation))
    for paper in volume.papers:
        values.append((terms["papers"], paper.title))
        values += [("an author", Found(a, paper.title.line)) for a in paper.authors]
    found = [
        f"{volume.where(value)}: {what} is '{value.text}', a placeholder"
        for what, value in values
        if value is not None and _PLACEHOLDER.fullmatch(_bare(value.text))
    ]
    if found:
        raise ProceedingsError(
            "\n".join(
                [
                    *found,
                    f"{volume.display}: {plural(len(found), 'placeholder')}: fill in the real "
                    "values (in ceur-make's workshop.xml and toc.xml) and import again",
                ]
            )
        )


def _affiliation(text: str, country: str) -> dict[str, str]:
    """``Dept. of CS, RWTH Aachen University, Aachen, Germany.`` -> department, institution,
    city and country. The country is the last part (unless given apart), a short last part
    without an institution's word is the city, a first part naming a department is the
    department; the parts keep their order, so the affiliation prints as written."""
    parts = [p.strip(" .;:") for p in clean_text(text).strip(" ,;:.-–()").split(",")]
    parts = [p for p in parts if p]
    country = clean_text(country).strip(" ,;.")
    if country:
        while parts and parts[-1].casefold() == country.casefold():
            parts.pop()  # "University X, Germany" with <country>Germany</country>
    elif len(parts) >= 2:
        country = parts.pop()
    out: dict[str, str] = {}
    if len(parts) >= 2 and _DEPARTMENT.match(parts[0]):
        out["department"] = parts.pop(0)
    city = ""
    if len(parts) >= 2 and len(parts[-1].split()) <= 3 and not _ORGANISATION.search(parts[-1]):
        city = parts.pop()
    if parts:
        out["institution"] = ", ".join(parts)
    out |= {"city": city, "country": country}
    return {k: v for k, v in out.items() if v}


def _editor(editor: CeurEditor, volume: CeurVolume) -> dict[str, Any]:
    """An editor: the name split, the affiliation read into its parts."""
    person = split_name(editor.name.text)
    if editor.orcid:
        person["orcid"] = editor.orcid
    affiliation = _affiliation(editor.affiliation, editor.country)
    if "institution" in affiliation:
        person["affiliations"] = [affiliation]
    elif affiliation:
        shown = ", ".join(affiliation.values())
        volume.note(
            editor.name, f"editor {editor.name.text}: '{shown}' names no institution; not imported"
        )
    return person


def _year(volume: CeurVolume) -> int | None:
    match = re.search(r"\b(19|20)\d\d\b", volume.year.text if volume.year else "")
    if match:
        return int(match.group())
    return volume.start.year if volume.start else None


_EVENT_ORDER = ("name", "short_name", "host", "place", "start", "end")


def _event(volume: CeurVolume, title: str) -> dict[str, Any]:
    """The event: its name (else the title), co-located conference, place and days."""
    if volume.dates:
        volume.note(
            volume.dates,
            f"the dates in '{volume.dates.text}' could not be read; set event.start and "
            "event.end (YYYY-MM-DD) in volume.yaml",
        )
    # Two date objects even for a one-day event: PyYAML writes one object twice as an alias.
    end = datetime.date.fromordinal(volume.end.toordinal()) if volume.end else None
    event = {
        "name": volume.event.text if volume.event else title,
        "host": volume.host,
        "place": volume.place,
        "start": volume.start,
        "end": end,
    }
    return {k: v for k, v in event.items() if v}


def _series(volume: CeurVolume, out: dict[str, Any]) -> None:
    """The CEUR-WS series with the volume number, and the volume's URL, once it has one."""
    series: dict[str, Any] = {"name": SERIES_NAME, "short_name": SERIES_SHORT}
    number = volume.number.text if volume.number else ""
    if number.isdigit():
        series["volume"] = str(int(number))
        out["url"] = f"http://ceur-ws.org/Vol-{int(number)}/"
    else:
        said = f"is '{number}'" if number else "is not given"
        volume.note(
            volume.number,
            f"the CEUR-WS volume number {said}: the series has no volume number and url is "
            "not set (give --url http://ceur-ws.org/Vol-NNNN/ once CEUR-WS assigns it)",
        )
    out["series"] = series | {"issn": SERIES_ISSN}


def _licence(volume: CeurVolume, out: dict[str, Any]) -> None:
    if volume.licence is None:
        out["licence"] = LICENCE
        volume.note(None, f"licence set to {LICENCE}, CEUR-WS's licence for papers since 2019")
    elif volume.licence:
        out["licence"] = volume.licence
    else:
        volume.note(
            None,
            "the page states 'Copying permitted for private and academic purposes' (CEUR-WS's "
            "terms before CC BY 4.0), which has no SPDX id: licence not set",
        )


def volume_yaml(
    volume: CeurVolume, parts: list[dict[str, str]], overrides: Mapping[str, Any], lacking: str
) -> dict[str, Any]:
    """``volume.yaml`` from the CEUR record and the user's options; ``lacking`` explains a
    missing required value (toc.xml read without its workshop.xml).

    The title gets ceur-make's ``Proceedings of the`` when it lacks it; the acronym gets the
    year, as ceur-make prints it (``SEIM`` -> ``SEIM 2018``), unless an option gave it.
    """
    out: dict[str, Any] = {}
    title = volume.title.text if volume.title else ""
    if not title and volume.event:
        title = volume.event.text
        volume.note(volume.event, f"no {volume.terms['title']}: title made from the event")
    if title:
        out["title"] = (
            title if re.match(r"(?i)proceedings\b", title) else f"Proceedings of the {title}"
        )
    if volume.acronym:
        out["acronym"] = volume.acronym.text
    if year := _year(volume):
        out["year"] = year
    out["event"] = _event(volume, out.get("title", ""))
    _series(volume, out)
    _licence(volume, out)
    out["editors"] = [_editor(e, volume) for e in volume.editors]
    if not out["editors"]:
        volume.note(None, "no editors; check will report metadata.no-editors")
    out["parts"] = parts
    changed = apply_overrides(out, overrides)
    year, acronym = out.get("year"), out.get("acronym")
    if acronym and "acronym" not in changed and year and str(year) not in acronym:
        out["acronym"] = acronym = f"{acronym} {year}"
    event = out["event"]
    if acronym and not ("event" in changed and event.get("short_name")):
        event["short_name"] = acronym
    if not event.get("name") and out.get("title"):
        event["name"] = out["title"]
    out["event"] = {k: event[k] for k in _EVENT_ORDER if k in event} | event
    _require(out, volume, lacking)
    order_volume(out)
    return out


def _require(out: Mapping[str, Any], volume: CeurVolume, lacking: str) -> None:
    """One error for every value ``volume.yaml`` requires that neither source nor option gave."""
    terms = volume.terms
    problems = []
    if not out.get("title"):
        problems.append(f"title: no {terms['title']} (nor {terms['event']})")
    if not out.get("acronym"):
        problems.append(f"acronym: no {terms['acronym']}; give --acronym, e.g. 'ABC 2025'")
    if not out.get("year"):
        problems.append(f"year: no {terms['year']}; give --year, e.g. 2025")
    if not problems:
        return
    lead = [f"{volume.display}: {lacking}"] if lacking else []
    raise ProceedingsError(
        "\n".join(
            [
                *lead,
                *(f"{volume.display}: {p}" for p in problems),
                f"{volume.display}: the volume cannot be imported: "
                f"{plural(len(problems), 'required value')} missing",
            ]
        )
    )
