"""Volume -> an iCalendar file (RFC 5545) of the workshop's dates and program, for the site.

Readers subscribe to it or import it once: each important date (and each date of a call beside
the proceedings) is an event at its instant, each item of the program an event from its start
to its end. Times are written in UTC (``...Z``), which every calendar converts to its reader's
zone, so the file needs no ``VTIMEZONE``. The bytes are the same for the same inputs:
``DTSTAMP`` is ``SOURCE_DATE_EPOCH`` when set, else midnight (UTC) of the workshop's first day
(or of January 1 of the volume's year); each ``UID`` is made from what the event is (its title
and, for the program, its start), not from its position, so that editing one event leaves the
others' identities alone and a calendar updates them in place.
"""

from __future__ import annotations

import datetime
import re

import icalendar

from proceedings.identifiers import unique_name
from proceedings.model import Session, Volume
from proceedings.names import fold
from proceedings.output import source_date
from proceedings.workshop import ImportantDate, venue_time


def write_calendar(volume: Volume) -> bytes:
    """The calendar of the volume's workshop: its dates and its program."""
    info, workshop = volume.info, volume.workshop
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//proceedings//workshop calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", info.event.short_name or info.acronym)
    stamp = _stamp(volume)
    taken: set[str] = set()
    name = info.event.short_name or info.acronym
    if workshop is not None:
        for date in workshop.dates:
            calendar.add_component(_date_event(volume, date, f"{name}: {date.title}", stamp, taken))
        for call in workshop.calls:
            for date in call.dates:
                summary = f"{call.title}: {date.title}"
                calendar.add_component(_date_event(volume, date, summary, stamp, taken))
    for session in _sessions(volume.program):
        if session.start is not None:
            calendar.add_component(_session_event(volume, session, stamp, taken))
    return bytes(calendar.to_ical())


def _sessions(sessions: tuple[Session, ...]) -> list[Session]:
    out = []
    for session in sessions:
        out.append(session)
        out.extend(_sessions(session.sessions))
    return out


def _stamp(volume: Volume) -> datetime.datetime:
    given = source_date()
    if given is not None:
        return given
    day = volume.info.event.start or datetime.date(volume.info.year, 1, 1)
    return datetime.datetime.combine(day, datetime.time(), datetime.UTC)


def _uid(volume: Volume, what: str, taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(what)).strip("-") or "event"
    return unique_name(f"{volume.info.slug}-{slug}", taken) + "@proceedings"


def _utc(when: datetime.datetime) -> datetime.datetime:
    return when.astimezone(datetime.UTC)


def _date_event(
    volume: Volume,
    date: ImportantDate,
    summary: str,
    stamp: datetime.datetime,
    taken: set[str],
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", _uid(volume, f"date {summary}", taken))
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", _utc(date.instant()))
    text = f"{date.instant():%Y-%m-%d %H:%M} {date.timezone}"
    if date.extended is not None:
        text += f" (extended from {date.instant(date.date):%Y-%m-%d %H:%M})"
    event.add("description", text)
    if date.url:
        event.add("url", date.url)
    return event


def _session_event(
    volume: Volume, session: Session, stamp: datetime.datetime, taken: set[str]
) -> icalendar.Event:
    assert session.start is not None
    workshop = volume.workshop
    start = venue_time(workshop, session.start)
    event = icalendar.Event()
    event.add("uid", _uid(volume, f"{session.start:%Y%m%d%H%M} {session.title}", taken))
    event.add("dtstamp", stamp)
    event.add("summary", session.title)
    event.add("dtstart", _utc(start))
    if session.end is not None and session.end > session.start:
        event.add("dtend", _utc(venue_time(workshop, session.end)))
    where = [w for w in (session.room, volume.info.event.place) if w]
    if where:
        event.add("location", ", ".join(where))
    lines = []
    if session.chair:
        lines.append(f"Chair: {session.chair}")
    keynote = workshop.keynote(session.keynote) if workshop and session.keynote else None
    if keynote is not None:
        lines.append(f"{keynote.speaker.name.full}: {keynote.title or 'title to be announced'}")
    titles = {p.id: " ".join(p.info.title.split()) for p in volume.papers}
    lines += [titles.get(p.id, p.id) for p in session.papers]
    if lines:
        event.add("description", "\n".join(lines))
    return event
