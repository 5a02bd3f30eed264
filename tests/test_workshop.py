"""source/event.yaml: loaded with located errors, photos confined, dates and phases on a clock."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from proceedings.load import read_volume
from proceedings.workshop import ImportantDate, Workshop, ZoneLabel, phase

UTC = datetime.UTC


def _write(workshop: Path, text: str) -> list[str]:
    (workshop / "source" / "event.yaml").write_text(text, encoding="utf-8")
    _, problems = read_volume(workshop)
    return [p.format() for p in problems if p.file == "source/event.yaml"]


def test_event_file_errors_name_file_line_and_field(workshop: Path) -> None:
    """This test ensures that a wrong time zone, a date that is no date, an extension earlier
    than its deadline, a keynote id that is not a slug and a typo in a key are each one line
    naming source/event.yaml, the line and the field."""
    found = _write(
        workshop,
        "timezone: Mars/Olympus\n"
        "dates:\n"
        "  - {title: Submission, date: 20 May 2025}\n"
        "  - {title: Notification, date: 2025-06-10, extended: 2025-06-01}\n"
        "keynotes:\n"
        "  - id: Dr Who\n"
        "    speaker: {given: A, family: B, photoo: x.png}\n",
    )
    assert found == [
        "source/event.yaml:1: error: timezone: unknown time zone 'Mars/Olympus': write AoE, UTC "
        "or an IANA name such as Europe/Vienna. [schema.invalid]",
        "source/event.yaml:3: error: dates[0].date: expected a date as YYYY-MM-DD or YYYY-MM-DD "
        "HH:MM, got '20 May 2025'. [schema.invalid]",
        "source/event.yaml:4: error: dates[1]: 'extended' must be later than 'date'. "
        "[schema.invalid]",
        "source/event.yaml:6: error: keynotes[0].id: 'Dr Who' is not a slug (lower-case letters, "
        "digits, - _ .). [schema.invalid]",
        "source/event.yaml:7: error: keynotes[0].speaker.photoo: unknown key 'photoo'. Did you "
        "mean 'photo'? [schema.unknown-key]",
    ]


def test_photos_outside_the_project_are_refused(workshop: Path) -> None:
    """This test ensures that a keynote's or an organizer's photo outside the project is
    reported and dropped from the model, so no later stage reads it."""
    found = _write(
        workshop,
        "keynotes:\n"
        "  - {id: k, speaker: {family: B, photo: /etc/hostname}}\n"
        "people:\n"
        "  - role: Organizers\n"
        "    people:\n"
        "      - {family: C, photo: ../../../x.png}\n",
    )
    assert found == [
        "source/event.yaml:2: error: keynotes[0].speaker.photo: '/etc/hostname' is outside the "
        "project folder. Put the photo inside the project (source/) and name it relative to it. "
        "[project.outside]",
        "source/event.yaml:6: error: people[0].people[0].photo: '../../../x.png' is outside the "
        "project folder. Put the photo inside the project (source/) and name it relative to it. "
        "[project.outside]",
    ]


def test_demo_event_loads() -> None:
    """This test ensures that the demo's event.yaml loads with every section filled."""
    volume, problems = read_volume(Path(__file__).resolve().parent.parent)
    assert problems == []
    assert volume is not None
    workshop = volume.workshop
    assert workshop is not None
    filled = ["topics", "dates", "keynotes", "awards", "people", "calls", "contact", "history"]
    assert [name for name in filled if not getattr(workshop, name)] == []
    assert {s.keynote for s in volume.program if s.kind == "keynote"} == {
        k.id for k in workshop.keynotes
    }


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (datetime.datetime(2025, 5, 21, 11, 58, tzinfo=UTC), "upcoming"),  # 23:58 AoE
        (datetime.datetime(2025, 5, 21, 11, 59, tzinfo=UTC), "passed"),  # 23:59 AoE
    ],
)
def test_a_deadline_passes_at_2359_anywhere_on_earth(now: datetime.datetime, state: str) -> None:
    """This test ensures that a deadline given as a day passes at 23:59 AoE (UTC-12), i.e.
    11:59 UTC the next day, and not a minute before."""
    date = ImportantDate(title="Submission", date="2025-05-20")
    assert date.state(now) == state


def test_extended_deadline_states() -> None:
    """This test ensures that an extended deadline is 'extended' until its new date passes,
    that the next date is the earliest one still to come, and that time zones other than AoE
    are honoured."""
    workshop = Workshop(
        dates=[
            {"title": "Submission", "date": "2025-05-20", "extended": "2025-05-27"},
            {"title": "Notification", "date": "2025-06-10 12:00", "timezone": "Europe/Vienna"},
        ]
    )
    submission, notification = workshop.dates
    after_first = datetime.datetime(2025, 5, 22, tzinfo=UTC)
    assert submission.state(after_first) == "extended"
    assert workshop.next_date(after_first) == submission
    after_second = datetime.datetime(2025, 5, 28, 12, tzinfo=UTC)
    assert submission.state(after_second) == "passed"
    assert workshop.next_date(after_second) == notification
    assert notification.instant() == datetime.datetime(2025, 6, 10, 10, 0, tzinfo=UTC)
    assert str(ZoneLabel.of("AoE", notification.instant())) == "AoE (UTC\N{MINUS SIGN}12)"
    assert str(ZoneLabel.of("Europe/Vienna", notification.instant())) == "Europe/Vienna (UTC+2)"


def test_phase_follows_the_program_and_the_last_day() -> None:
    """This test ensures that the home page leads with the call before a program exists, with
    the program until the last day is over in the venue's time zone, with the proceedings
    after, and that 'phase:' overrides the clock."""
    workshop = Workshop(timezone="America/Vancouver")
    day = datetime.date(2025, 7, 18)
    before = datetime.datetime(2025, 7, 19, 6, 58, tzinfo=UTC)  # 23:58 in Vancouver
    after = datetime.datetime(2025, 7, 19, 6, 59, tzinfo=UTC)
    assert phase(workshop, False, day, before) == "call"
    assert phase(workshop, True, day, before) == "program"
    assert phase(workshop, True, day, after) == "proceedings"
    assert phase(None, True, day, before) == "proceedings"
    assert phase(Workshop(phase="call"), True, day, after) == "call"


def test_pages_depend_on_the_clock_only_through_the_states() -> None:
    """This test ensures that the workshop's pages are the same data at any two moments
    between two deadlines, and differ once a deadline passes (23:59 AoE of May 27, the
    extended submission deadline): builds between deadlines give the same bytes."""
    from proceedings.load import load_volume
    from proceedings.site.event import workshop_pages

    volume = load_volume(Path(__file__).resolve().parent.parent)
    early = workshop_pages(volume, datetime.datetime(2025, 5, 21, 0, 0, tzinfo=UTC))
    later = workshop_pages(volume, datetime.datetime(2025, 5, 28, 11, 58, tzinfo=UTC))
    passed = workshop_pages(volume, datetime.datetime(2025, 5, 28, 11, 59, tzinfo=UTC))
    assert [p.myst() for p in early.pages] == [p.myst() for p in later.pages]
    assert early.lead == later.lead
    assert [p.myst() for p in later.pages] != [p.myst() for p in passed.pages]
    assert later.lead is not None
    assert passed.lead is not None
    assert later.lead["next"]["title"] == "Paper submission deadline"
    assert passed.lead["next"]["title"] == "Notification of acceptance"
