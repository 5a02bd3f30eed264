"""Volume + the build's *now* -> the workshop's own pages: call, dates, keynotes, awards,
organization (people with photos, then the committees), past editions, and the home page's lead.

Each page is a :class:`~proceedings.site.pages.Page` like every generated page: a title and one
directive whose body is the data as JSON (rendered by :mod:`.eventdirectives`). What depends on
the clock is only which dates have passed and the phase, so the pages' bytes change when a
deadline passes and at no other moment.
"""

from __future__ import annotations

import datetime
from typing import Any

from proceedings.model import Volume
from proceedings.site.pages import (
    AWARDS,
    CALL,
    DATES,
    HISTORY,
    KEYNOTES,
    ORGANIZATION,
    PROGRAM,
    SPONSORS,
    Page,
    WorkshopPages,
    paper_doc,
    website_head,
)
from proceedings.site.people import person_data
from proceedings.workshop import ImportantDate, Workshop, ZoneLabel, phase

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def workshop_pages(volume: Volume, now: datetime.datetime) -> WorkshopPages:
    """The workshop's pages and the home page's lead, for ``site_pages``; nothing without
    ``event.yaml`` but the committees' page, which the volume's own pages make."""
    workshop = volume.workshop
    if workshop is None:
        return WorkshopPages()
    pages = []
    if workshop.call or workshop.topics or workshop.calls:
        pages.append(_call_page(volume, workshop, now))
    if workshop.dates:
        pages.append(_dates_page(volume, workshop, now))
    if workshop.keynotes:
        pages.append(_keynotes_page(volume, workshop))
    if workshop.awards or any(p.info.award for p in volume.papers):
        pages.append(_awards_page(volume, workshop))
    if workshop.people:
        pages.append(_organization_page(volume, workshop))
    if workshop.history:
        pages.append(_history_page(volume, workshop))
    docs = {page.docname for page in pages}
    return WorkshopPages(tuple(pages), _home_lead(volume, workshop, now, docs))


def calendar_name(volume: Volume) -> str:
    """The calendar's file name at the site's root: ``tml4h2025.ics``."""
    return f"{volume.info.slug}.ics"


def date_data(date: ImportantDate, now: datetime.datetime) -> dict[str, Any]:
    """One date as the pages show it: title, the date in force in words with its zone, the
    instant (for ``<time datetime>`` and the countdown), the state, the date it replaced."""
    instant = date.instant()
    return {
        "title": date.title,
        "when": _words(date.due, instant, date.timezone),
        "iso": instant.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "state": date.state(now),
        "was": _day(date.date) if date.extended is not None else None,
        "url": date.url,
    }


def _words(when: datetime.date, instant: datetime.datetime, zone_name: str) -> str:
    """``May 27, 2025, 23:59 AoE (UTC-12)``: in English, the time and its zone named."""
    return f"{_day(when)}, {instant:%H:%M} {ZoneLabel.of(zone_name, instant)}"


def _day(when: datetime.date) -> str:
    return f"{_MONTHS[when.month - 1]} {when.day}, {when.year}"


def _phase(volume: Volume, workshop: Workshop, now: datetime.datetime) -> str:
    """The phase the site is in (:func:`~proceedings.workshop.phase`)."""
    event = volume.info.event
    return phase(workshop, bool(volume.program), event.end or event.start, now)


def _home_lead(
    volume: Volume, workshop: Workshop, now: datetime.datetime, docs: set[str]
) -> dict[str, Any]:
    """What the home page leads with in this phase: the call and the next deadline, the
    program, or (after the workshop) the proceedings with a word about the workshop."""
    current = _phase(volume, workshop, now)
    coming = workshop.next_date(now)
    wanted = {
        "call": [CALL, DATES, KEYNOTES, SPONSORS],
        "program": [PROGRAM, KEYNOTES, DATES, SPONSORS],
        "proceedings": [AWARDS, KEYNOTES, PROGRAM, HISTORY],
    }[current]
    labels = {
        CALL: "Call for papers",
        DATES: "Important dates",
        KEYNOTES: "Keynotes",
        PROGRAM: "Program",
        AWARDS: "Awards",
        SPONSORS: "Sponsors",
        HISTORY: "Past editions",
    }
    available = (
        docs | ({PROGRAM} if volume.program else set()) | ({SPONSORS} if volume.sponsors else set())
    )
    contact = workshop.contact
    return {
        "phase": current,
        "about": workshop.about,
        "next": date_data(coming, now) if coming and current != "proceedings" else None,
        "submit": workshop.call.submission_url if workshop.call and current == "call" else None,
        "links": [[labels[doc], doc] for doc in wanted if doc in available],
        "calendar": calendar_name(volume) if workshop.dates or volume.program else None,
        "contact": {"email": contact.email, "url": contact.url, "text": contact.text}
        if contact
        else None,
    }


def _call_page(volume: Volume, workshop: Workshop, now: datetime.datetime) -> Page:
    call = workshop.call
    data = {
        "about": workshop.about,
        "topics": list(workshop.topics),
        "text": call.text if call else "",
        # The way to submit, while the call is open: not once the program is out (a button to
        # a closed submission site would only mislead).
        "submit": call.submission_url if call and _phase(volume, workshop, now) == "call" else None,
        "dates": [date_data(d, now) for d in workshop.dates],
        "calls": [
            {
                "title": c.title,
                "text": c.text,
                "url": c.url,
                "dates": [date_data(d, now) for d in c.dates],
            }
            for c in workshop.calls
        ],
        "contact": _contact(workshop),
        "head": website_head(volume, "Call for Papers", CALL, workshop.about),
    }
    return Page(CALL, "Call for Papers", "proceedings-call", data)


def _contact(workshop: Workshop) -> dict[str, Any] | None:
    contact = workshop.contact
    if contact is None:
        return None
    return {"email": contact.email, "url": contact.url, "text": contact.text}


def _dates_page(volume: Volume, workshop: Workshop, now: datetime.datetime) -> Page:
    coming = workshop.next_date(now)
    data = {
        "dates": [date_data(d, now) for d in workshop.dates],
        "next": date_data(coming, now) if coming else None,
        "calendar": calendar_name(volume),
        "head": website_head(volume, "Important Dates", DATES, ""),
    }
    return Page(DATES, "Important Dates", "proceedings-dates", data)


def keynote_anchor(keynote_id: str) -> str:
    """The anchor of a keynote on the keynotes page: ``keynote-okafor``."""
    return f"keynote-{keynote_id}"


def _photo(photo: str | None) -> str | None:
    """From the source folder's root, as Sphinx reads an image path starting with ``/``."""
    return "/" + photo.lstrip("/") if photo else None


def _keynotes_page(volume: Volume, workshop: Workshop) -> Page:
    keynotes = [
        {
            "anchor": keynote_anchor(k.id),
            "speaker": {
                **person_data(k.speaker),
                "photo": _photo(k.speaker.photo),
                "url": k.speaker.url,
                "bio": k.speaker.bio,
            },
            "title": k.title,
            "abstract": k.abstract,
            "links": [
                [label, url] for label, url in (("Slides", k.slides), ("Video", k.video)) if url
            ],
        }
        for k in workshop.keynotes
    ]
    data = {"keynotes": keynotes, "head": website_head(volume, "Keynotes", KEYNOTES, "")}
    return Page(KEYNOTES, "Keynotes", "proceedings-keynotes", data)


def _awards_page(volume: Volume, workshop: Workshop) -> Page:
    """The awards of event.yaml, then those only a paper's ``award:`` gives, by name."""
    by_id = {p.id: p for p in volume.papers}

    def paper(paper_id: str) -> dict[str, Any]:
        found = by_id.get(paper_id)
        if found is None:  # check reports it (event.unknown-paper)
            return {"doc": None, "title": paper_id, "authors": []}
        return {
            "doc": paper_doc(found.id),
            "title": " ".join(found.info.title.split()),
            "authors": [a.name.full for a in found.info.authors],
        }

    awards: list[dict[str, Any]] = [
        {
            "name": a.name,
            "note": a.note,
            "papers": [paper(i) for i in a.papers],
            "people": [person_data(p) for p in a.people],
        }
        for a in workshop.awards
    ]
    listed = {(a.name, i) for a in workshop.awards for i in a.papers}
    for found in volume.papers:
        name = found.info.award
        if name and (name, found.id) not in listed:
            entry = next((a for a in awards if a["name"] == name), None)
            if entry is None:
                entry = {"name": name, "note": "", "papers": [], "people": []}
                awards.append(entry)
            entry["papers"].append(paper(found.id))
    data = {"awards": awards, "head": website_head(volume, "Awards", AWARDS, "")}
    return Page(AWARDS, "Awards", "proceedings-awards", data)


def _organization_page(volume: Volume, workshop: Workshop) -> Page:
    """The workshop's people with their photos, then the committees in printed order."""
    groups = [
        {
            "role": g.role,
            "people": [
                {**person_data(p), "photo": _photo(p.photo), "url": p.url} for p in g.people
            ],
        }
        for g in workshop.people
    ]
    committees = [
        {"role": c.role, "people": [person_data(p) for p in c.people]} for c in volume.committees
    ]
    data = {
        "groups": groups,
        "committees": committees,
        "head": website_head(volume, "Organization", ORGANIZATION, ""),
    }
    return Page(ORGANIZATION, "Organization", "proceedings-organization", data)


def _history_page(volume: Volume, workshop: Workshop) -> Page:
    editions = [
        {
            "name": e.name,
            "year": e.year,
            "venue": e.venue,
            "url": e.url,
            "proceedings": e.proceedings,
        }
        for e in workshop.history
    ]
    data = {"editions": editions, "head": website_head(volume, "Past Editions", HISTORY, "")}
    return Page(HISTORY, "Past Editions", "proceedings-history", data)
