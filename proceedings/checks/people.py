"""Volume -> problems with people: names, ORCIDs, e-mails, affiliations, one person spelt twice."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from proceedings.checks.codes import report
from proceedings.errors import Problem
from proceedings.identifiers import email_problem, orcid_problem
from proceedings.model import Person, Volume
from proceedings.names import fold, is_all_lower, is_shouting
from proceedings.yamlfile import YamlDocument, format_loc

# Words that begin a family name and that people sometimes type at the end of the given name.
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "le", "la",
              "ter", "ten", "zu", "af"}  # fmt: skip
# Two different names at least this similar (after folding) are probably one person.
NEAR_NAME_RATIO = 0.85


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
    yield from _check_duplicate_authors(everyone)
    yield from _check_spellings(everyone)


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
            yield report(doc, "people.email", (*loc, "email"), f"'{p.email}' {reason}", paper=pid)
    if not p.affiliations:
        yield report(
            doc,
            "people.missing-affiliation",
            (*loc, "affiliations"),
            f"{p.name.full} has no affiliation",
            paper=pid,
            hint="Add the institution, or 'Independent Researcher'.",
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
    """One person written two ways: same ORCID with another spelling, or near-identical names."""
    first_spelling: dict[str, Mention] = {}  # by the name as written
    for m in everyone:
        first_spelling.setdefault(m.person.name.full, m)
    reported: set[tuple[str, str]] = set()

    def differ(m: Mention, other: Mention, why: str) -> Iterator[Problem]:
        pair = tuple(sorted((m.person.name.full, other.person.name.full)))
        if pair[0] == pair[1] or pair in reported:
            return
        reported.add((pair[0], pair[1]))
        yield report(
            m.doc,
            "people.same-person",
            m.loc,
            f"'{m.person.name.full}' looks like '{other.person.name.full}' at "
            f"{other.where} ({why})",
            paper=m.paper,
            hint="Spell the person's name the same way everywhere.",
        )

    by_orcid: dict[str, Mention] = {}
    for m in everyone:
        orcid = m.person.orcid_id
        if orcid:
            other = by_orcid.setdefault(orcid, m)
            yield from differ(m, other, "same ORCID")

    spellings = list(first_spelling.values())
    by_key: dict[str, Mention] = {}
    for m in spellings:
        other = by_key.setdefault(m.person.name.match_key, m)
        yield from differ(m, other, "same letters")

    by_family: dict[str, list[Mention]] = defaultdict(list)
    for m in spellings:
        by_family[fold(m.person.family)].append(m)
    for group in by_family.values():
        for i, m in enumerate(group):
            for other in group[:i]:
                a, b = fold(m.person.given), fold(other.person.given)
                if a and b and difflib.SequenceMatcher(None, a, b).ratio() >= NEAR_NAME_RATIO:
                    yield from differ(m, other, "near-identical names")
