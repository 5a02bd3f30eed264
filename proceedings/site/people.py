"""Volume -> the people of the site: by-line entries of a paper and the author index.

A person is shown the same way everywhere: the name as printed in a by-line, the ORCID iD, the
affiliations on one line each. The author index groups one person's papers under one entry: two
bylines are the same person when they share an ORCID iD, or when they have the same name and at
most one of them gives an iD (the same name with two different iDs is two people). Entries are
sorted and grouped by letter as the volume's printed index is (:mod:`proceedings.names`), and each
gets a stable HTML anchor made from the name, so that ``authors/#author-van-der-berg-jan`` keeps
working from one build to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

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
    """One person of the author index and their papers, in volume order."""

    person: Person
    anchor: str = ""
    papers: list[Paper] = field(default_factory=list)

    @property
    def letter(self) -> str:
        """The letter group: ``V`` for ``van der Berg``."""
        return self.person.name.index_letter


def author_index(volume: Volume) -> list[IndexEntry]:
    """Every author of every paper (archival or not), one entry a person, in index order."""
    by_key: dict[tuple[str, str], IndexEntry] = {}
    for paper in volume.papers:
        for author in paper.info.authors:
            key = (author.name.inverted, author.orcid_id or "")
            entry = by_key.setdefault(key, IndexEntry(author))
            if paper not in entry.papers:
                entry.papers.append(paper)
    _merge_unidentified(by_key)
    order = {paper.id: number for number, paper in enumerate(volume.papers)}
    for entry in by_key.values():
        entry.papers.sort(key=lambda p: order[p.id])
    entries = sorted(by_key.values(), key=lambda e: e.person.name.sort_key)
    used: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        entry.anchor = _unique(_anchor(entry.person) or f"author-{number}", used)
    return entries


def author_anchors(entries: list[IndexEntry]) -> dict[tuple[str, str], str]:
    """The anchor of each byline, keyed like :func:`byline_key`."""
    anchors: dict[tuple[str, str], str] = {}
    for entry in entries:
        for paper in entry.papers:
            for author in paper.info.authors:
                if _same_person(author, entry.person):
                    anchors[byline_key(paper, author)] = entry.anchor
    return anchors


def byline_key(paper: Paper, person: Person) -> tuple[str, str]:
    """Which byline: the paper and the person's name as printed there."""
    return (paper.id, person.name.inverted)


def _same_person(author: Person, person: Person) -> bool:
    if author.name.inverted != person.name.inverted:
        return False
    return not (author.orcid_id and person.orcid_id and author.orcid_id != person.orcid_id)


def _merge_unidentified(by_key: dict[tuple[str, str], IndexEntry]) -> None:
    """A byline without an ORCID iD joins the one entry of that name that has one."""
    for (name, orcid), entry in list(by_key.items()):
        if orcid:
            continue
        identified = [k for k in by_key if k[0] == name and k[1]]
        if len(identified) == 1:
            target = by_key[identified[0]]
            target.papers.extend(p for p in entry.papers if p not in target.papers)
            del by_key[(name, orcid)]


def _anchor(person: Person) -> str:
    """``author-van-der-berg-jan``; empty for a name without a Latin letter (``王小明``)."""
    text = re.sub(r"['’ʼ‘`´]", "", fold(person.name.inverted))  # O'Brien -> obrien
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return f"author-{slug}" if slug else ""


def _unique(anchor: str, used: set[str]) -> str:
    candidate, number = anchor, 1
    while candidate in used:
        number += 1
        candidate = f"{anchor}-{number}"
    used.add(candidate)
    return candidate
