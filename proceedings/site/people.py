"""Volume -> the people of the site: by-line entries of a paper and the author index.

A person is shown the same way everywhere: the name as printed in a by-line, the ORCID iD, the
affiliations on one line each. The author index groups one person's papers under one entry, with
the volume's printed index's notion of a person (:func:`proceedings.authors.group_authors`: one
ORCID iD is one person; bylines without an iD are one person per name, joining the one person
with an iD of that name if there is exactly one). Entries are sorted and grouped by letter as the
printed index is (:mod:`proceedings.names`), and each gets a stable HTML anchor made from the
name, so that ``authors/#author-van-der-berg-jan`` keeps working from one build to the next.
Each byline links to the anchor of the entry it was grouped into, whatever its spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from proceedings.authors import AuthorGroup, group_authors
from proceedings.identifiers import unique_name
from proceedings.model import Paper, Person, Volume
from proceedings.names import fold


def orcid_url(person: Person) -> str | None:
    """``https://orcid.org/<iD>``, or ``None`` when the person gave none."""
    return f"https://orcid.org/{person.orcid_id}" if person.orcid_id else None


def person_data(person: Person, anchor: str | None = None) -> dict[str, Any]:
    """One person, JSON-ready: name, ORCID iD, affiliations and (for authors) the index anchor."""
    return {
        "name": person.name.full,
        "orcid": person.orcid_id,
        "affiliations": [a.text for a in person.affiliations],
        "anchor": anchor,
    }


@dataclass
class IndexEntry:
    """One person of the author index, their papers in volume order, and their anchor."""

    group: AuthorGroup
    anchor: str = ""

    @property
    def person(self) -> Person:
        """The person as the index shows them (the group's representative byline)."""
        return self.group.person

    @property
    def papers(self) -> tuple[Paper, ...]:
        """The person's papers, in volume order."""
        return self.group.papers

    @property
    def letter(self) -> str:
        """The letter group: ``V`` for ``van der Berg``."""
        return self.person.name.index_letter


def author_index(volume: Volume) -> list[IndexEntry]:
    """Every author of every paper (archival or not), one entry a person, in index order."""
    entries = [IndexEntry(group) for group in group_authors(volume.papers)]
    used: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        entry.anchor = unique_name(_anchor(entry.person) or f"author-{number}", used)
    return entries


def author_anchors(entries: list[IndexEntry]) -> dict[tuple[str, str], str]:
    """The anchor of each byline, keyed like :func:`byline_key`, from the entries' members."""
    return {
        byline_key(paper_id, author): entry.anchor
        for entry in entries
        for paper_id, author in entry.group.members
    }


def byline_key(paper: Paper | str, person: Person) -> tuple[str, str]:
    """Which byline: the paper (or its id) and who it names, by what decides who that is.

    A byline with an ORCID iD is that iD's person (``https://orcid.org/<iD>``), one without is
    its name's (``van der Berg, Jan``): two bylines with one key are one person in any case, so
    namesakes with different iDs on one paper still link to their own entries.
    """
    paper_id = paper if isinstance(paper, str) else paper.id
    return (paper_id, orcid_url(person) or person.name.inverted)


def _anchor(person: Person) -> str:
    """``author-van-der-berg-jan``; empty for a name without a Latin letter (``王小明``)."""
    text = re.sub(r"['’ʼ‘`´]", "", fold(person.name.inverted))  # O'Brien -> obrien
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return f"author-{slug}" if slug else ""
