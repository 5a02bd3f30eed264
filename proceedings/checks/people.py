"""Volume -> problems with people: names, ORCIDs, e-mails, affiliations, one person spelt twice."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from proceedings.checks.codes import report
from proceedings.errors import Problem
from proceedings.identifiers import EMAIL_HINT, email_problem, orcid_problem
from proceedings.model import Person, Volume
from proceedings.names import fold, initials_fit, is_all_lower, is_shouting, one_slip, slip_keys
from proceedings.text import plural
from proceedings.yamlfile import YamlDocument, format_loc

# Words that begin a family name and that people sometimes type at the end of the given name.
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "le", "la",
              "ter", "ten", "zu", "af"}  # fmt: skip
# Two different names at least this similar (after folding) are probably one person.
NEAR_NAME_RATIO = 0.85
# People named in the note on missing ORCID iDs; the rest are counted.
_LISTED = 5


@dataclass(frozen=True)
class Mention:
    """One place where a person appears: an author of a paper, an editor, a committee member."""

    person: Person
    doc: YamlDocument
    loc: tuple[str | int, ...]
    paper: str | None

    @property
    def where(self) -> str:
        """Human-readable place, for pointing from one mention to another."""
        line = self.doc.line(self.loc)
        return f"{self.doc.display}:{line}" if line else self.doc.display


def mentions(volume: Volume) -> list[Mention]:
    """Every person of the volume, in file order: editors, committees, then authors by paper."""
    found = [
        Mention(p, volume.sources["volume"], ("editors", i), None)
        for i, p in enumerate(volume.info.editors)
    ]
    if "committees" in volume.sources:
        doc = volume.sources["committees"]
        for c, committee in enumerate(volume.committees):
            for i, p in enumerate(committee.people):
                found.append(Mention(p, doc, ("committees", c, "people", i), None))
    for paper in volume.papers:
        for i, p in enumerate(paper.info.authors):
            found.append(Mention(p, paper.source, ("authors", i), paper.id))
    return found


def check_people(volume: Volume) -> Iterator[Problem]:
    """Every problem with the people of the volume."""
    everyone = mentions(volume)
    for mention in everyone:
        yield from _check_person(mention)
    yield from _check_affiliations(volume, everyone)
    yield from _check_orcids(volume, everyone)
    yield from _check_duplicate_authors(everyone)
    yield from _check_spellings(everyone)


def _check_affiliations(volume: Volume, everyone: list[Mention]) -> Iterator[Problem]:
    """Each person without an affiliation; or, when nobody in the volume has one, one warning.

    Some sources never carry affiliations (BibTeX, PMLR, CEUR): an import from them leaves every
    person without one, and a warning per person (239 for a PMLR volume) would bury the other
    problems while saying one thing. Where some people have affiliations, each one missing is
    a real omission and is reported where it is.
    """
    missing = [m for m in everyone if not m.person.affiliations]
    if len(missing) > 1 and len(missing) == len(everyone):
        yield report(
            volume.sources["volume"],
            "people.missing-affiliation",
            (),
            f"none of the {len(missing)} names in the volume (authors, editors, committees) "
            "has an affiliation",
            hint="The source imported from does not carry them: add each person's institution, "
            "or silence this warning with checks.ignore: [people.missing-affiliation].",
        )
        return
    for m in missing:
        yield report(
            m.doc,
            "people.missing-affiliation",
            (*m.loc, "affiliations"),
            f"{m.person.name.full} has no affiliation",
            paper=m.paper,
            hint="Add the institution, or 'Independent Researcher'.",
        )


def _check_orcids(volume: Volume, everyone: list[Mention]) -> Iterator[Problem]:
    """One note for the volume naming the authors and editors who have no ORCID iD.

    Indexers (Crossref, dblp, OpenAlex) match authors by their iD, so each one missing is worth
    knowing, but it is no fault of the volume and most volumes have many: one note, not one per
    person, which would drown the warnings of a real volume (hundreds of names).
    """
    people: dict[str, tuple[Mention, bool]] = {}  # by spelling-blind name: first mention, has iD
    for m in everyone:
        if m.loc[0] == "committees":  # committees are printed, never deposited
            continue
        key = m.person.name.match_key
        first, found = people.get(key, (m, False))
        people[key] = (first, found or bool(m.person.orcid_id))
    lacking = [m for m, found in people.values() if not found]
    if not lacking:
        return
    names = [f"{m.person.name.full} ({m.paper or 'editor'})" for m in lacking[:_LISTED]]
    more = f" and {len(lacking) - _LISTED} more" if len(lacking) > _LISTED else ""
    everybody = plural(len(people), "author or editor", "authors and editors")
    if len(lacking) == len(people) > 1:
        message = f"no one in the volume has an ORCID iD ({everybody})"
    else:
        message = f"no ORCID iD for {len(lacking)} of {everybody}: {', '.join(names)}{more}"
    yield report(
        volume.sources["volume"],
        "people.missing-orcid",
        (),
        message,
        hint="Add 'orcid' to each person: indexers (Crossref, dblp, OpenAlex) match authors "
        "by their iD.",
    )


def _check_person(m: Mention) -> Iterator[Problem]:
    p, doc, loc, pid = m.person, m.doc, m.loc, m.paper
    for field in ("given", "family"):
        text = getattr(p, field)
        if is_shouting(text) and len(text) > 3:  # 'MD' or 'LI' may be right; 'SMITH' is not
            yield report(
                doc,
                "people.shouting",
                (*loc, field),
                f"'{text}' is in ALL CAPS",
                paper=pid,
                hint="Write names as the person does, e.g. 'Smith'.",
            )
        elif is_all_lower(text) and not (field == "family" and p.name.particle):
            yield report(
                doc,
                "people.lowercase",
                (*loc, field),
                f"'{text}' is all lower-case",
                paper=pid,
                hint="Write names as the person does, e.g. 'Smith'.",
            )
    if not p.given and not p.mononym:
        yield report(
            doc,
            "people.missing-given",
            (*loc, "family"),
            f"'{p.family}' has no given name",
            paper=pid,
            hint="Add 'given', or 'mononym: true' if the person has a single name.",
        )
    words = p.given.split()
    trailing: list[str] = []
    while len(words) > 1 and words[-1] in _PARTICLES:
        trailing.insert(0, words.pop())
    if trailing:
        particle = " ".join(trailing)
        yield report(
            doc,
            "people.particle-in-given",
            (*loc, "given"),
            f"given name '{p.given}' ends with the particle '{particle}'",
            paper=pid,
            hint=f"Move it to the family name: given: {' '.join(words)}, "
            f"family: {particle} {p.family}.",
        )
    if p.orcid:
        reason = orcid_problem(p.orcid_id or "")
        if reason:
            yield report(
                doc,
                "people.orcid",
                (*loc, "orcid"),
                f"'{p.orcid}' {reason}",
                paper=pid,
                hint="Copy the iD from the person's orcid.org page.",
            )
    if p.email:
        reason = email_problem(p.email)
        if reason:
            yield report(
                doc,
                "people.email",
                (*loc, "email"),
                f"'{p.email}' {reason}",
                paper=pid,
                hint=EMAIL_HINT,
            )


def _check_duplicate_authors(everyone: list[Mention]) -> Iterator[Problem]:
    seen: dict[tuple[str, str], Mention] = {}
    for m in everyone:
        if m.paper is None:
            continue
        key = (m.paper, m.person.orcid_id or m.person.name.match_key)
        if key in seen:
            yield report(
                m.doc,
                "people.duplicate-author",
                m.loc,
                f"{m.person.name.full} is already listed as {format_loc(seen[key].loc)}",
                paper=m.paper,
                hint="Remove the second entry.",
            )
        seen.setdefault(key, m)


def _check_spellings(everyone: list[Mention]) -> Iterator[Problem]:
    """One person written two ways: the same ORCID or e-mail under two spellings, or names
    that differ only by initials, a letter of the given name or one slip in the family name.

    Identifiers are proof: the same ORCID is the same person however spelt, and two different
    ORCIDs are two people however alike their names (they are never reported). A shared e-mail
    is named as support; different e-mails prove nothing, since people have several.
    """
    spellings: dict[tuple[str, str | None], Mention] = {}  # by the name as written and ORCID
    for m in everyone:
        spellings.setdefault((m.person.name.full, m.person.orcid_id), m)
    reported: set[tuple[str, str]] = set()

    def differ(m: Mention, other: Mention, why: str) -> Iterator[Problem]:
        a, b = m.person, other.person
        if a.orcid_id and b.orcid_id and a.orcid_id != b.orcid_id:
            return
        pair = tuple(sorted((a.name.full, b.name.full)))
        if pair[0] == pair[1] or pair in reported:
            return
        reported.add((pair[0], pair[1]))
        if "e-mail" not in why and a.email and _email(a) == _email(b):
            why += ", same e-mail"
        yield report(
            m.doc,
            "people.same-person",
            m.loc,
            f"'{a.name.full}' looks like '{b.name.full}' at {other.where} ({why})",
            paper=m.paper,
            hint="Spell the person's name the same way everywhere.",
        )

    by_orcid: dict[str, Mention] = {}
    by_email: dict[str, Mention] = {}
    for m in everyone:
        if orcid := m.person.orcid_id:
            yield from differ(m, by_orcid.setdefault(orcid, m), "same ORCID")
        if email := _email(m.person):
            yield from differ(m, by_email.setdefault(email, m), "same e-mail")

    firsts = list(spellings.values())
    by_key: dict[str, Mention] = {}
    for m in firsts:
        other = by_key.setdefault(m.person.name.match_key, m)
        yield from differ(m, other, "same letters")

    by_family: dict[str, list[Mention]] = defaultdict(list)
    for m in firsts:
        by_family[fold(m.person.family)].append(m)
    for group in by_family.values():
        for i, m in enumerate(group):
            for other in group[:i]:
                a, b = fold(m.person.given), fold(other.person.given)
                if not (a and b):
                    continue
                if initials_fit(a, b):
                    yield from differ(m, other, "initials match")
                elif difflib.SequenceMatcher(None, a, b).ratio() >= NEAR_NAME_RATIO:
                    yield from differ(m, other, "near-identical names")

    # A slip in the family name, under a given name that is the same or fits by its initials:
    # only names that share a slip key (and a first initial) are compared.
    by_slip: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in firsts:
        given = fold(m.person.given)
        for key in slip_keys(m.person.family):
            by_slip[(given[:1], key)].append(m)
    for group in by_slip.values():
        for i, m in enumerate(group):
            for other in group[:i]:
                x, y = m.person, other.person
                same_given = fold(x.given) == fold(y.given) or initials_fit(x.given, y.given)
                if x.given and same_given and one_slip(x.family, y.family):
                    yield from differ(m, other, "near-identical family names")


def _email(person: Person) -> str:
    return (person.email or "").strip().casefold()
