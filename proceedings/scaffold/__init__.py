"""``proceedings init``: a new project holding a whole sample workshop, which builds at once.

A new organizer learns what the project can hold by seeing it: ``init`` writes a fictional
health-ML workshop (:mod:`.texts`) with every file a real one has (the volume, committees, the
workshop's call, dates, keynotes, awards, people, calls, contact and history, its program and
sponsors, a preface, four papers with their PDFs, photos and logos), so that the first
``proceedings build`` shows every page of the site and of the volume. Each sample is then
replaced in place; ``check`` lists what is still the sample (``metadata.placeholder``).

The dates are set around the day ``init`` runs (:func:`timeline`): a sample with fixed dates
would show a workshop long over, its home page past its call and program. The day is
``SOURCE_DATE_EPOCH``'s when it is set, so the same command gives the same bytes.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

from proceedings.errors import ProceedingsError
from proceedings.load import load_volume
from proceedings.model import Person, Sponsor
from proceedings.output import source_date, write_atomic
from proceedings.samplepaper import SamplePaper, render_sample_paper
from proceedings.scaffold import texts
from proceedings.scaffold.images import logo_svg, portrait_svg
from proceedings.schema import SCHEMA_DIR, write_schemas
from proceedings.site.pages import escape_markdown
from proceedings.workshop import Workshop

__all__ = ["scaffold", "timeline"]

_SLOT = re.compile(r"\{\{(\w+)\}\}")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip

# Days from the workshop's day to each date of the sample (negative: before it). With the
# workshop eight weeks after the day init runs, the submission deadline (and its extension)
# and the notification have passed, and the camera-ready deadline is two weeks ahead: the
# dates page shows both states and the home page a countdown.
_WORKSHOP_AFTER = 56
_OFFSETS = {
    "submission": -84,
    "extended": -77,
    "notification": -63,
    "camera_ready": -42,
    "workshop": 0,
    "issue_submission": 84,
    "issue_reviews": 154,
    "issue_revised": 210,
    "issue_decision": 266,
}


def timeline(today: datetime.date, year: int | None = None) -> dict[str, datetime.date]:
    """The sample's dates: the workshop eight weeks after ``today`` (moved into ``year`` when
    one is given, 29 February becoming the 28th), the others at fixed distances from it."""
    workshop = today + datetime.timedelta(days=_WORKSHOP_AFTER)
    if year is not None and year != workshop.year:
        day = 28 if (workshop.month, workshop.day) == (2, 29) else workshop.day
        workshop = workshop.replace(year=year, day=day)
    return {name: workshop + datetime.timedelta(days=days) for name, days in _OFFSETS.items()}


def scaffold(
    directory: Path, *, title: str, acronym: str | None = None, year: int | None = None
) -> list[Path]:
    """Create the project's files in ``directory``, which must be empty or not exist yet.

    ``acronym`` defaults to ``TMLH`` and the year, ``year`` to the year of the sample
    workshop's day (:func:`timeline`)."""
    if directory.exists() and any(directory.iterdir()):
        raise ProceedingsError(
            "the folder is not empty; choose a new folder so nothing is overwritten",
            path=str(directory),
        )
    moment = source_date()
    today = moment.date() if moment else datetime.datetime.now(datetime.UTC).date()
    dates = timeline(today, year)
    year = dates["workshop"].year
    acronym = acronym or f"TMLH {year}"
    workshop_text = _day(dates["workshop"])
    slots = {
        "title": json.dumps(title, ensure_ascii=False),
        "subtitle": json.dumps(
            f"{acronym}, Vienna, Austria, {workshop_text}, Proceedings", ensure_ascii=False
        ),
        "acronym": json.dumps(acronym, ensure_ascii=False),
        "title_text": escape_markdown(title),  # in Markdown: the preface, the 'about'
        "acronym_text": escape_markdown(acronym),
        "year": str(year),
        "workshop_text": workshop_text,
        "previous": json.dumps(_previous(acronym, year), ensure_ascii=False),
        "previous_year": str(year - 1),
        "first_year": str(year - 2),
        **{name: day.isoformat() for name, day in dates.items()},
    }
    files = {
        "source/volume.yaml": _fill(texts.VOLUME, slots),
        "source/committees.yaml": texts.COMMITTEES,
        "source/event.yaml": _fill(texts.EVENT, slots),
        "source/program.yaml": _fill(texts.PROGRAM, slots),
        "source/sponsors.yaml": texts.SPONSORS,
        "source/preface.md": _fill(texts.PREFACE, slots),
        **{f"papers/{pid}/paper.yaml": text for pid, text in texts.PAPERS.items()},
        "source/conf.py": texts.CONF,
        ".gitignore": texts.GITIGNORE,
        ".github/workflows/pages.yml": texts.PAGES_WORKFLOW,
    }
    created = []
    for name, text in files.items():
        write_atomic(directory / name, text)
        created.append(directory / name)
    created += write_schemas(directory / SCHEMA_DIR)  # where the files' first lines point
    # The pictures and the papers' PDFs come from the files just written, so that they agree
    # with them (check compares each PDF's first page with its paper.yaml).
    volume = load_volume(directory)
    for name, svg in _pictures(volume.workshop, volume.sponsors):
        write_atomic(directory / "source" / name, svg)
        created.append(directory / "source" / name)
    for paper in volume.papers:
        spec = SamplePaper.of(paper.info, pages=texts.PAPER_PAGES[paper.id], seed=paper.id)
        write_atomic(paper.pdf_path, render_sample_paper(spec))
        created.append(paper.pdf_path)
    return created


def _fill(template: str, slots: dict[str, str]) -> str:
    """``template`` with each ``{{name}}`` replaced by its value (a missing one is a bug)."""
    return _SLOT.sub(lambda match: slots[match.group(1)], template)


def _previous(acronym: str, year: int) -> str:
    """The name of last year's edition: the acronym with last year in it (``TMLH 2025``)."""
    if re.search(rf"\b{year}\b", acronym):
        return re.sub(rf"\b{year}\b", str(year - 1), acronym)
    return f"{acronym} {year - 1}"


def _day(day: datetime.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def _pictures(workshop: Workshop | None, sponsors: tuple[Sponsor, ...]) -> list[tuple[str, str]]:
    """Each photo and logo the sample names, by its path under ``source/``, as SVG text."""
    people: list[tuple[Person, str | None]] = []
    if workshop is not None:
        people += [(k.speaker, k.speaker.photo) for k in workshop.keynotes]
        people += [(p, p.photo) for group in workshop.people for p in group.people]
    found = {photo: portrait_svg(person.name.full) for person, photo in people if photo}
    found.update({s.logo: logo_svg(s.name) for s in sponsors if s.logo})
    return sorted(found.items())
