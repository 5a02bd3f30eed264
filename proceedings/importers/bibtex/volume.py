"""``@proceedings`` fields (or what the papers agree on) + the user's options -> ``volume.yaml``.

The piece of the BibTeX importer (:mod:`proceedings.importers.bibtex`) that reads the volume:
:func:`read_volume` maps the fields of the ``@proceedings`` entry, or, without one, those the
papers agree on (:func:`read_consensus`); :func:`finish_volume` applies the user's options and
fills in what is still missing and can be derived.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from pybtex.database import Entry

from proceedings.identifiers import (
    bare_doi,
    doi_problem,
    isbn_problem,
    issn_problem,
    url_problem,
)
from proceedings.importers.bibtex.papers import read_people
from proceedings.importers.notes import Context
from proceedings.importers.sources import apply_overrides, keep_valid, order_volume
from proceedings.importers.text import year_in

__all__ = [
    "PROCEEDINGS_FIELDS",
    "VOLUME_FIELDS",
    "finish_volume",
    "read_consensus",
    "read_volume",
]

# Volume fields that papers may repeat (PMLR does), in the order their disagreements are noted.
_SHARED_FIELDS = (
    "booktitle",
    "year",
    "publisher",
    "address",
    "venue",
    "series",
    "volume",
    "number",
    "isbn",
    "issn",
    "eventtitle",
    "eventdate",
)
# Fields of a paper entry that say something about the volume, not the paper: not reported as
# ignored, since the volume is read from them (or from the @proceedings entry).
VOLUME_FIELDS = frozenset(
    {*_SHARED_FIELDS, "editor", "month", "location", "organization", "crossref"}
)
# Fields of the @proceedings entry that are imported (the rest are reported as not imported).
PROCEEDINGS_FIELDS = frozenset(
    {
        *_SHARED_FIELDS,
        "title",
        "subtitle",
        "editor",
        "location",
        "doi",
        "url",
        "name",
        "shortname",
        "acronym",
        "start",
        "end",
    }
)
_NESTED_ORDER = {
    "event": ["name", "short_name", "host", "place", "start", "end"],
    "series": ["name", "short_name", "volume", "issn"],
    "publisher": ["name", "place"],
}


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None


def _guess_acronym(title: str, year: int | None) -> str:
    skip = {"proceedings", "of", "the", "on", "and", "for", "in", "at", "workshop"}
    letters = "".join(
        w[0].upper() for w in re.findall(r"[^\W\d_][\w-]*", title) if w.lower() not in skip
    )
    base = letters[:8] or "VOL"
    return f"{base} {year}" if year else base


def read_volume(
    source: Mapping[str, str],
    editors: list[dict[str, Any]],
    ctx: Context,
    key: str | None,
) -> dict[str, Any]:
    """``volume.yaml`` from the fields of @proceedings (or what the papers agree on)."""

    def text(*names: str) -> str | None:
        for name in names:
            value = source.get(name)
            if value and value.strip():
                return ctx.decode(key, name, value) or None
        return None

    title = text("title", "booktitle")
    year = year_in(source.get("year"))
    shortname = text("acronym", "shortname")
    volume: dict[str, Any] = {}
    if title:
        volume["title"] = title
    subtitle = text("subtitle")
    if subtitle:
        volume["subtitle"] = subtitle
    if shortname:
        acronym = shortname if year is None or str(year) in shortname else f"{shortname} {year}"
        volume["acronym"] = acronym
    if year:
        volume["year"] = year
    event: dict[str, Any] = {}
    name = text("eventtitle", "name", "booktitle", "title")
    if name:
        event["name"] = name
    place = text("venue") or text("address", "location")
    if place:
        event["place"] = place
        if not source.get("venue"):
            ctx.note(key, f"address '{place}' taken as the event's place")
    start, end = _date(source.get("start")), _date(source.get("end"))
    if source.get("eventdate"):
        first, _, last = source["eventdate"].partition("/")
        start, end = _date(first), _date(last or first)
    if start:
        event["start"] = start
    if end:
        event["end"] = end
    if event:
        volume["event"] = event
    series = {
        name: value
        for name, value in (
            ("name", text("series")),
            ("volume", text("volume", "number")),
            ("issn", text("issn")),
        )
        if value
    }
    if series.get("issn") and issn_problem(series["issn"]):
        ctx.note(key, f"issn '{series['issn']}' {issn_problem(series['issn'])}; not imported")
        del series["issn"]
    if series:  # without a name it is dropped after the options (see finish_volume)
        volume["series"] = series
    publisher = text("publisher")
    if publisher:
        volume["publisher"] = {"name": publisher}
        if source.get("venue") and text("address", "location"):
            volume["publisher"]["place"] = text("address", "location")
    for field_name, check in (("isbn", isbn_problem), ("doi", doi_problem), ("url", url_problem)):
        value = source.get(field_name, "").strip()
        value = bare_doi(value) if field_name == "doi" else value
        keep_valid(volume, field_name, value, check, lambda m: ctx.note(key, m))
    volume["editors"] = editors
    return volume


def read_consensus(
    papers: list[Entry], ctx: Context
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The volume fields the papers agree on (the most common value of each)."""
    fields: dict[str, str] = {}
    for name in _SHARED_FIELDS:
        values = Counter(e.fields[name] for e in papers if e.fields.get(name, "").strip())
        if not values:
            continue
        (value, _), *others = values.most_common()
        fields[name] = value
        if others:
            ctx.note(None, f"the papers disagree on '{name}'; took the most common, '{value}'")
    editors: list[dict[str, Any]] = []
    with_editors = [e for e in papers if e.persons.get("editor")]
    if with_editors:
        lists = Counter(
            tuple(str(p) for p in e.persons["editor"]) for e in with_editors
        ).most_common(1)[0][0]
        first = next(e for e in with_editors if tuple(map(str, e.persons["editor"])) == lists)
        editors = read_people(first, "editor", ctx, first.key)
    if "title" not in fields and "booktitle" in fields:
        fields["title"] = fields["booktitle"]
    return fields, editors


def finish_volume(
    volume: dict[str, Any], overrides: Mapping[str, Any], ctx: Context, key: str | None
) -> None:
    """Apply the user's options, then fill in what is still missing and can be derived."""
    derived_acronym = volume.get("acronym")
    changed = apply_overrides(volume, overrides)
    event = volume.get("event")
    if (
        "acronym" in changed
        and isinstance(event, dict)
        and event.get("short_name") in (None, derived_acronym)
    ):
        event["short_name"] = volume["acronym"]
    if "title" in volume and "acronym" not in volume:
        volume["acronym"] = _guess_acronym(str(volume["title"]), volume.get("year"))
        ctx.note(
            key,
            f"no acronym in the BibTeX; guessed '{volume['acronym']}' (give the acronym option)",
        )
    if "title" in volume and "event" not in volume:
        volume["event"] = {"name": volume["title"]}
    if isinstance(volume.get("event"), dict) and "acronym" in volume:
        volume["event"].setdefault("short_name", volume["acronym"])
    for name, order in _NESTED_ORDER.items():
        nested = volume.get(name)
        if isinstance(nested, dict):
            volume[name] = {k: nested[k] for k in order if k in nested} | {
                k: v for k, v in nested.items() if k not in order
            }
    series = volume.get("series")
    if isinstance(series, dict) and not series.get("name"):
        given = ", ".join(f"{k} {v}" for k, v in series.items())
        ctx.note(
            key,
            f"the series' {given} without the series' name; not imported (give the option "
            "series.name to keep it)",
        )
        del volume["series"]
    if not volume.get("editors"):
        ctx.note(key, "no editors; check will report metadata.no-editors")
    order_volume(volume)
