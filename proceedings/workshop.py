"""The workshop's own data (``source/event.yaml``), validated, and the clock that dates it.

``volume.yaml`` is the book's bibliographic record; what the workshop publishes around the book
(its topics and call, important dates, keynotes, awards, organizers with photos, calls for a
journal's special issue, a contact, its past editions) lives in a file of its own, as the program
and the sponsors do: it exists before any paper, changes until the day (a deadline extended, a
keynote added) and is nothing an indexer reads. The site and ``check`` read it from here.

Dates are instants: a deadline given as a day is that day's end, 23:59, in its time zone, which is
Anywhere on Earth (UTC-12, where a day ends last) unless the date names another. Whether a date
has passed is decided against one *now* per build (:func:`build_now`): ``SOURCE_DATE_EPOCH``
when it is set (a reproducible build, or a test pinning the clock), else the build's own clock.
The site's bytes depend on that clock only through which dates have passed and the phase, so
every build between two deadlines gives the same bytes; the countdown shown in a browser reads
the browser's clock.
"""

from __future__ import annotations

import calendar
import datetime
import re
import zoneinfo
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from proceedings.model import SLUG, Model, Paper, Person, year_problem
from proceedings.output import source_date

AOE = datetime.timezone(datetime.timedelta(hours=-12), "AoE")
"""Anywhere on Earth: a deadline has passed once its day is over everywhere."""

_WHEN = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2}))?$")


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$")


def impossible_date(value: Any) -> str | None:
    """Why ``value``, written as YYYY-MM-DD (and HH:MM), is no day of the calendar
    (``2027-02-30``) or no time of day (``24:00``), for a message that says what is wrong with
    it; None when it is one or is written otherwise."""
    if not isinstance(value, str) or not (match := _DAY.match(value.strip())):
        return None
    hours, minutes = match.group(4), match.group(5)
    if hours is not None and (int(hours) > 23 or int(minutes) > 59):
        return f"'{hours}:{minutes}' is no time of day: from 00:00 to 23:59"
    year, month, day = (int(part) for part in match.groups()[:3])
    if year < 1:
        return f"'{value}' is no date: years start at 0001"
    if not 1 <= month <= 12:
        return f"'{value}' is no date: months run from 01 to 12"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"'{value}' is no date: {calendar.month_name[month]} {year} has {days} days"
    return None


def _when(value: Any) -> Any:
    """``2025-05-20`` (a day) or ``2025-05-20 12:00`` (a time of that day), as YAML gives text."""
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not (match := _WHEN.match(value.strip())):
        raise ValueError(f"expected a date as YYYY-MM-DD or YYYY-MM-DD HH:MM, got {value!r}")
    if (reason := impossible_date(value)) is not None:
        raise ValueError(reason)
    day, time = match.groups()
    date = datetime.date.fromisoformat(day)
    if (reason := year_problem(date)) is not None:
        raise ValueError(reason)
    if time is None:
        return date
    hours, minutes = (int(x) for x in time.split(":"))
    return datetime.datetime.combine(date, datetime.time(hours, minutes))


When = Annotated[
    datetime.datetime | datetime.date, BeforeValidator(_when, json_schema_input_type=str)
]


def zone(name: str) -> datetime.tzinfo:
    """The time zone ``name`` stands for: ``AoE``, ``UTC`` or an IANA name (``Europe/Vienna``);
    ValueError for any other."""
    if name == "AoE":
        return AOE
    if name == "UTC":
        return datetime.UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}: write AoE, UTC or an IANA name such as Europe/Vienna"
        ) from None


def _zone_name(value: Any) -> Any:
    if isinstance(value, str):
        zone(value.strip())
    return value


ZoneName = Annotated[str, BeforeValidator(_zone_name)]


class ImportantDate(Model):
    """One important date: a deadline, a notification, the workshop's day."""

    title: str = Field(description="e.g. 'Paper submission deadline'")
    date: When = Field(
        description="The day (its end, 23:59) or the day and time: YYYY-MM-DD [HH:MM]"
    )
    extended: When | None = Field(
        None,
        description="The new date when the deadline was extended (the old one is shown struck)",
    )
    timezone: ZoneName = Field("AoE", description="AoE (default), UTC or an IANA time zone")
    url: str | None = Field(None, description="Where to submit or read more (http or https)")

    @model_validator(mode="after")
    def _extended_later(self) -> ImportantDate:
        if self.extended is not None and self.instant(self.extended) <= self.instant(self.date):
            raise ValueError("'extended' must be later than 'date'")
        return self

    def instant(self, when: datetime.date | None = None) -> datetime.datetime:
        """When ``when`` (default: the date in force) falls, as an aware time: a day is its end."""
        value = self.due if when is None else when
        if not isinstance(value, datetime.datetime):
            value = datetime.datetime.combine(value, datetime.time(23, 59))
        return value.replace(tzinfo=zone(self.timezone))

    @property
    def due(self) -> datetime.date:
        """The date in force: the extended one if any."""
        return self.extended if self.extended is not None else self.date

    def state(self, now: datetime.datetime) -> Literal["upcoming", "extended", "passed"]:
        """``passed`` once the date in force is over, else ``extended`` or ``upcoming``."""
        if now >= self.instant():
            return "passed"
        return "extended" if self.extended is not None else "upcoming"


class EventPerson(Person):
    """A person the workshop's site shows: a person's fields, a photo, a page and a short bio."""

    photo: str | None = Field(None, description="Image file of the photo, relative to source/")
    url: str | None = Field(None, description="The person's page (http or https)")
    bio: str = Field("", description="A short biography (Markdown)")


class Keynote(Model):
    """A keynote: the speaker and the talk."""

    id: str = Field(description="Slug the program names it by, e.g. 'ng'")
    speaker: EventPerson
    title: str | None = Field(None, description="Title of the talk (until known: none)")
    abstract: str = Field("", description="Abstract of the talk (Markdown)")
    slides: str | None = Field(None, description="Link to the slides (http or https)")
    video: str | None = Field(None, description="Link to the recording (http or https)")

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(f"{value!r} is not a slug (lower-case letters, digits, - _ .)")
        return value


class Award(Model):
    """An award and its recipients: papers (by id) or people (travel awards)."""

    name: str = Field(description="e.g. 'Best Paper Award', 'Honorable Mention', 'Travel Award'")
    papers: tuple[str, ...] = Field((), description="Ids of the papers that received it")
    people: tuple[Person, ...] = Field((), description="People who received it")
    note: str = Field("", description="What it is, who funds it (Markdown)")


class PeopleGroup(Model):
    """One group of the workshop's people, e.g. its organizers, with their photos."""

    role: str = Field(description="e.g. 'Organizers', 'Advisory Board', 'Student Organizers'")
    people: tuple[EventPerson, ...] = Field(description="Members, in the order shown")


class CallForPapers(Model):
    """The call for papers of the workshop."""

    text: str = Field("", description="The call (Markdown): scope, formats, instructions")
    submission_url: str | None = Field(None, description="Where to submit (http or https)")


class Call(Model):
    """A call beside the proceedings, e.g. a journal's special issue, with its own dates."""

    title: str = Field(description="e.g. 'Special issue of the Journal of Health Informatics'")
    text: str = Field("", description="What it is and who may submit (Markdown)")
    url: str | None = Field(None, description="The call's page (http or https)")
    dates: tuple[ImportantDate, ...] = Field((), description="Its dates, in order")


class Contact(Model):
    """How to reach the organizers."""

    email: str | None = Field(None, description="The workshop's address (published)")
    url: str | None = Field(None, description="A contact page (http or https)")
    text: str = Field("", description="A sentence before the address (Markdown)")


class PastEdition(Model):
    """An earlier edition of the workshop."""

    name: str = Field(description="e.g. 'TML4H 2023'")
    year: int = Field(ge=1900, le=2999, description="Year it was held")
    venue: str | None = Field(
        None, description="Host conference and place, e.g. 'ICLR 2023, Kigali'"
    )
    url: str | None = Field(None, description="Its site (http or https)")
    proceedings: str | None = Field(None, description="Its proceedings (http or https)")


class Workshop(Model):
    """``source/event.yaml``."""

    timezone: ZoneName = Field(
        "UTC", description="The venue's IANA time zone: the program's times are in it"
    )
    phase: Literal["call", "program", "proceedings"] | None = Field(
        None,
        description="What the home page leads with; default: from the dates (the call before "
        "the program exists, the program until the workshop ends, the proceedings after)",
    )
    about: str = Field("", description="What the workshop is about (Markdown)")
    topics: tuple[str, ...] = Field((), description="Topics of the call")
    call: CallForPapers | None = None
    dates: tuple[ImportantDate, ...] = Field((), description="Important dates, in order")
    keynotes: tuple[Keynote, ...] = Field((), description="Keynote speakers, in order")
    awards: tuple[Award, ...] = Field((), description="Awards, in order")
    people: tuple[PeopleGroup, ...] = Field(
        (), description="Organizers, advisory board, student organizers... (beside committees)"
    )
    calls: tuple[Call, ...] = Field((), description="Calls beside the proceedings")
    contact: Contact | None = None
    history: tuple[PastEdition, ...] = Field((), description="Past editions, newest first")

    def located_people(self) -> list[tuple[tuple[str | int, ...], Person]]:
        """Every person of ``event.yaml`` with where it gives them (the key path, for
        messages): keynote speakers, the people's groups, award recipients."""
        people: list[tuple[tuple[str | int, ...], Person]] = [
            (("keynotes", i, "speaker"), keynote.speaker) for i, keynote in enumerate(self.keynotes)
        ]
        people += [
            (("people", g, "people", i), person)
            for g, group in enumerate(self.people)
            for i, person in enumerate(group.people)
        ]
        people += [
            (("awards", a, "people", i), person)
            for a, award in enumerate(self.awards)
            for i, person in enumerate(award.people)
        ]
        return people

    def keynote(self, keynote_id: str) -> Keynote | None:
        """The keynote of that id, if any."""
        return next((k for k in self.keynotes if k.id == keynote_id), None)

    def next_date(self, now: datetime.datetime) -> ImportantDate | None:
        """The first date still to come (by its date in force), if any."""
        coming = [d for d in self.dates if d.state(now) != "passed"]
        return min(coming, key=lambda d: d.instant()) if coming else None


def paper_award(paper: Paper, workshop: Workshop | None) -> str | None:
    """The award a paper's pages show: its own ``award:``, else the first award of
    ``event.yaml`` that names it (so that the awards need be written in one place only)."""
    if paper.info.award or workshop is None:
        return paper.info.award
    return next((a.name for a in workshop.awards if paper.id in a.papers), None)


Phase = Literal["call", "program", "proceedings"]


def phase(
    workshop: Workshop | None,
    has_program: bool,
    event_end: datetime.date | None,
    now: datetime.datetime,
) -> Phase:
    """What the home page leads with: the call until a program exists, the program until the
    workshop's last day is over (in the venue's time zone), the proceedings after; the
    proceedings alone without ``event.yaml`` (the site of a volume only), and what ``phase:``
    says when it says it."""
    if workshop is None:
        return "proceedings"
    if workshop.phase is not None:
        return workshop.phase
    if event_end is not None:
        end = datetime.datetime.combine(event_end, datetime.time(23, 59))
        if now >= end.replace(tzinfo=zone(workshop.timezone)):
            return "proceedings"
    return "program" if has_program else "call"


def build_now() -> datetime.datetime:
    """The *now* of this build: ``SOURCE_DATE_EPOCH`` when set, else the clock (aware, UTC)."""
    return source_date() or datetime.datetime.now(datetime.UTC)


def venue_time(workshop: Workshop | None, when: datetime.datetime) -> datetime.datetime:
    """A time of the program (written in the venue's time zone) as an aware time."""
    return when.replace(tzinfo=zone(workshop.timezone if workshop else "UTC"))


@dataclass(frozen=True)
class ZoneLabel:
    """How a time zone is named to a reader: ``AoE (UTC-12)``, ``America/Vancouver (UTC-7)``,
    with a minus sign."""

    name: str
    offset: str

    @classmethod
    def of(cls, name: str, at: datetime.datetime) -> ZoneLabel:
        """The label of zone ``name`` at the aware time ``at`` (summer time counts)."""
        delta = at.astimezone(zone(name)).utcoffset() or datetime.timedelta()
        minutes = int(delta.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "\N{MINUS SIGN}"
        hours, rest = divmod(abs(minutes), 60)
        offset = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "") if minutes else "UTC"
        return cls(name, offset)

    def __str__(self) -> str:
        return self.name if self.name == self.offset else f"{self.name} ({self.offset})"
