"""Volume -> problems of the workshop's own data: dates out of order, awards and program slots
that name nothing, papers the program forgets, photos and logos that are missing or are no
image, links that are not http(s), ORCID iDs and addresses that are none, and organizations
entered as committee members."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from proceedings.checks.codes import report
from proceedings.errors import Problem
from proceedings.identifiers import EMAIL_HINT, email_problem, orcid_problem, url_problem
from proceedings.images import PRINT_HINT, image_problem, print_problems
from proceedings.model import Person, Session, Volume
from proceedings.names import fold
from proceedings.workshop import ImportantDate, Workshop
from proceedings.yamlfile import YamlDocument

# Words that name an organization rather than a person.
_ORGANIZATION = re.compile(
    r"\b(inc|corp|corporation|ltd|llc|gmbh|ag|foundation|institute|university|research|labs?|"
    r"laboratory|company|group|society|association|council|hospital|technologies|systems|ai)\b\.?",
    re.IGNORECASE,
)
_SPONSOR_ROLE = re.compile(r"sponsor|support|partner|funder|donor", re.IGNORECASE)
# What the people checks say of an organization's entry, which people.organization says better.
_AS_A_PERSON = {
    "people.missing-given",
    "people.missing-affiliation",
    "people.shouting",
    "people.lowercase",
}


def check_event(volume: Volume) -> list[Problem]:
    """Every problem of ``source/event.yaml`` and of what the program and committees say of it."""
    problems: list[Problem] = []
    workshop, doc = volume.workshop, volume.sources.get("event")
    if workshop is not None and doc is not None:
        problems += _dates(doc, ("dates",), workshop.dates)
        for index, call in enumerate(workshop.calls):
            problems += _dates(doc, ("calls", index, "dates"), call.dates)
        problems += _awards(volume, doc, workshop)
        problems += _photos(volume, doc, workshop)
        problems += _links(doc, workshop)
        problems += _keynote_ids(doc, workshop)
    problems += _program(volume, workshop)
    problems += _logos(volume)
    problems += _organizations(volume)
    return problems


def drop_person_problems(problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` less what the people checks say of an entry that ``people.organization``
    reports (no given name, ALL CAPS): one line for the entry, saying what it is."""
    problems = list(problems)
    organizations = {
        (p.file, p.field) for p in problems if p.code == "people.organization" and p.field
    }
    return [
        p
        for p in problems
        if p.code not in _AS_A_PERSON
        or not any(
            p.file == file and (p.field or "").startswith(f"{field}.")
            for file, field in organizations
        )
    ]


def _dates(
    doc: YamlDocument, loc: tuple[str | int, ...], dates: tuple[ImportantDate, ...]
) -> Iterator[Problem]:
    """Each date no earlier than the one above it (by the dates in force, in their zones)."""
    for index in range(1, len(dates)):
        before, date = dates[index - 1], dates[index]
        if date.instant() < before.instant():
            field = "extended" if date.extended is not None else "date"
            yield report(
                doc,
                "event.dates-order",
                (*loc, index, field),
                f"'{date.title}' ({_shown(date)}) falls before '{before.title}' "
                f"({_shown(before)}), the date above it",
                hint="Correct the date, or list the dates in the order they fall.",
            )


def _shown(date: ImportantDate) -> str:
    return f"{date.instant():%Y-%m-%d %H:%M} {date.timezone}"


def _awards(volume: Volume, doc: YamlDocument, workshop: Workshop) -> Iterator[Problem]:
    ids = {paper.id for paper in volume.papers} | set(volume.unloaded)
    own = {paper.id: paper.info.award for paper in volume.papers if paper.info.award}
    named = {(award.name, paper) for award in workshop.awards for paper in award.papers}
    for index, award in enumerate(workshop.awards):
        for number, paper in enumerate(award.papers):
            if paper in own and (own[paper], paper) not in named:
                yield report(
                    doc,
                    "event.award-differs",
                    ("awards", index, "papers", number),
                    f"paper {paper} has the '{award.name}' here, but its paper.yaml says "
                    f"award: '{own[paper]}'",
                    hint="Give the same award in both, or remove 'award:' from paper.yaml "
                    "(event.yaml's is shown then).",
                    paper=paper,
                )
            if paper not in ids:
                yield report(
                    doc,
                    "event.unknown-paper",
                    ("awards", index, "papers", number),
                    f"'{award.name}' names the paper '{paper}', which the volume does not have",
                    hint='Name a folder of papers/ (ids are folder names; quote them: "017").',
                )


def _program(volume: Volume, workshop: Workshop | None) -> Iterator[Problem]:
    """Keynotes the program names that event.yaml lacks; papers the program forgets."""
    doc = volume.sources.get("program")
    if doc is None or not volume.program:
        return
    # An event.yaml that did not load has its own errors: its keynotes are unknown, not absent.
    unknown = workshop is None and (volume.root / "source" / "event.yaml").is_file()
    keynotes = {k.id for k in workshop.keynotes} if workshop else set()
    named: set[str] = set()

    def walk(sessions: tuple[Session, ...], loc: tuple[str | int, ...]) -> Iterator[Problem]:
        for index, session in enumerate(sessions):
            named.update(p.id for p in session.papers)
            if session.keynote is not None and not unknown and session.keynote not in keynotes:
                yield report(
                    doc,
                    "program.unknown-keynote",
                    (*loc, index, "keynote"),
                    f"no keynote has the id '{session.keynote}'",
                    hint="Name a keynote's 'id' of source/event.yaml, or add the keynote there.",
                )
            yield from walk(session.sessions, (*loc, index, "sessions"))

    yield from walk(volume.program, ("program",))
    for paper in volume.papers:
        if paper.info.kind in ("paper", "extended-abstract") and paper.id not in named:
            yield report(
                doc,
                "program.missing-paper",
                ("program",),
                f"paper {paper.id} ('{' '.join(paper.info.title.split())}') is in no session",
                hint=f'Add "{paper.id}" to the papers of a session (posters too).',
                paper=paper.id,
            )


def _photos(volume: Volume, doc: YamlDocument, workshop: Workshop) -> Iterator[Problem]:
    for loc, person in workshop.located_people():
        photo = getattr(person, "photo", None)
        if photo:
            yield from _image(volume, doc, (*loc, "photo"), photo, "event.missing-photo")


def _logos(volume: Volume) -> Iterator[Problem]:
    """Logos that are there but are no image, or none typst can print (a missing one is
    sponsors.missing-logo's)."""
    doc = volume.sources.get("sponsors")
    if doc is None:
        return
    printed: dict[str, tuple[str | int, ...]] = {}
    for index, sponsor in enumerate(volume.sponsors):
        if sponsor.logo:
            loc: tuple[str | int, ...] = ("sponsors", index, "logo")
            found = list(_image(volume, doc, loc, sponsor.logo, None))
            yield from found
            name = f"source/{sponsor.logo}"
            if not found and (volume.root / name).is_file():
                printed.setdefault(name, loc)
    # The volume prints the logos (its Sponsors page): typst must be able to read them.
    for name, reason in print_problems(volume.root, list(printed)).items():
        yield report(doc, "image.unprintable", printed[name], f"{name} {reason}", hint=PRINT_HINT)


def _image(
    volume: Volume, doc: YamlDocument, loc: tuple[str | int, ...], name: str, missing: str | None
) -> Iterator[Problem]:
    """A photo or logo that is missing (with ``missing``, its code) or that
    :func:`~proceedings.images.image_problem` refuses."""
    shown = f"source/{name}"
    try:
        found = image_problem(volume.root / "source" / name)
    except FileNotFoundError:
        if missing:
            yield report(
                doc, missing, loc, f"{shown} not found", hint="Put the image there, or remove it."
            )
        return
    if found is not None:
        yield report(doc, found.code, loc, f"{shown} {found.reason}", hint=found.hint)


def _links(doc: YamlDocument, workshop: Workshop) -> Iterator[Problem]:
    links: list[tuple[tuple[str | int, ...], str | None]] = []
    if workshop.call:
        links.append((("call", "submission_url"), workshop.call.submission_url))
    for i, date in enumerate(workshop.dates):
        links.append((("dates", i, "url"), date.url))
    for i, k in enumerate(workshop.keynotes):
        links += [(("keynotes", i, key), getattr(k, key)) for key in ("slides", "video")]
        links.append((("keynotes", i, "speaker", "url"), k.speaker.url))
    for g, group in enumerate(workshop.people):
        links += [(("people", g, "people", i, "url"), p.url) for i, p in enumerate(group.people)]
    for i, call in enumerate(workshop.calls):
        links.append((("calls", i, "url"), call.url))
        links += [(("calls", i, "dates", j, "url"), d.url) for j, d in enumerate(call.dates)]
    if workshop.contact:
        links.append((("contact", "url"), workshop.contact.url))
    for i, edition in enumerate(workshop.history):
        links += [(("history", i, key), getattr(edition, key)) for key in ("url", "proceedings")]
    for loc, url in links:
        if url and (reason := url_problem(url)):
            yield report(
                doc,
                "metadata.url",
                loc,
                f"'{url}' {reason}",
                hint="Give the whole address, starting with https://.",
            )
    for loc, person in workshop.located_people():
        if person.orcid and (reason := orcid_problem(person.orcid)):
            yield report(
                doc,
                "people.orcid",
                (*loc, "orcid"),
                f"'{person.orcid}' {reason}",
                hint="Copy the iD from the person's orcid.org page.",
            )
        if person.email and (reason := email_problem(person.email)):
            yield report(
                doc, "people.email", (*loc, "email"), f"'{person.email}' {reason}", hint=EMAIL_HINT
            )
    if workshop.contact and workshop.contact.email:
        email = workshop.contact.email
        if reason := email_problem(email):
            yield report(
                doc, "people.email", ("contact", "email"), f"'{email}' {reason}", hint=EMAIL_HINT
            )


def _keynote_ids(doc: YamlDocument, workshop: Workshop) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, keynote in enumerate(workshop.keynotes):
        if keynote.id in seen:
            yield report(
                doc,
                "event.duplicate-id",
                ("keynotes", index, "id"),
                f"keynote id '{keynote.id}' is used twice (also keynotes[{seen[keynote.id]}])",
                hint="Give each keynote its own id: the program names keynotes by it.",
            )
        seen.setdefault(keynote.id, index)


def _organizations(volume: Volume) -> Iterator[Problem]:
    """Committee members (and the workshop's people) that are organizations: a sponsor's name,
    or no given name and a name in capitals or with a word such as 'Inc.' or 'Foundation'."""
    sponsors = {fold(s.name) for s in volume.sponsors}
    places: list[tuple[YamlDocument, str, tuple[str | int, ...], Person]] = []
    if (doc := volume.sources.get("committees")) is not None:
        places += [
            (doc, c.role, ("committees", i, "people", j), p)
            for i, c in enumerate(volume.committees)
            for j, p in enumerate(c.people)
        ]
    if (doc := volume.sources.get("event")) is not None and volume.workshop is not None:
        places += [
            (doc, g.role, ("people", i, "people", j), p)
            for i, g in enumerate(volume.workshop.people)
            for j, p in enumerate(g.people)
        ]
    for doc, role, loc, person in places:
        name = " ".join(x for x in (person.given, person.family) if x)
        if fold(name) in sponsors:
            why = "is the name of a sponsor in source/sponsors.yaml"
        elif person.given or person.mononym:
            continue
        elif _SPONSOR_ROLE.search(role):
            why = f"is listed under '{role}'"
        elif _ORGANIZATION.search(person.family) or _capitals(person.family):
            why = "reads as an organization's name"
        else:
            continue
        yield report(
            doc,
            "people.organization",
            loc,
            f"'{name}' {why}, not a person's",
            hint="List sponsors and supporting organizations in source/sponsors.yaml (name, "
            "level, url, logo), not among the people.",
        )


def _capitals(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)
