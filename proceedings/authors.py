"""Papers -> the people who wrote them: one grouping of bylines for every author index.

The PDF's Author Index (:mod:`proceedings.pdf.frontmatter`) and the site's author page
(:mod:`proceedings.site.people`) both list one entry a person, and both take the people from
:func:`group_authors`, so the two can never disagree. The rules:

* bylines with the same ORCID iD are one person, however the name is spelt
  (``Jan van der Berg`` and ``J. van der Berg`` with one iD are one entry);
* bylines without an iD are one person per name as written (:attr:`Name.inverted
  <proceedings.names.Name.inverted>`), and that person joins the person with an iD who has
  exactly that name in some byline, when there is exactly one such person; with two or more
  (namesakes told apart by their iDs) it stays a person of its own;
* two different iDs are always two people, even under one name.

A group's representative, the :class:`~proceedings.model.Person` whose name and iD the index
prints, is the first byline met (in the order of the papers given) that carries the group's iD,
or for a group without an iD its first byline. Groups are in index order,
:attr:`Name.sort_key <proceedings.names.Name.sort_key>` of the representative; namesakes are
ordered by iD (those without one last), then by first appearance, so the order is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from proceedings.model import Paper, Person

__all__ = ["AuthorGroup", "group_authors"]


@dataclass(frozen=True)
class AuthorGroup:
    """One person of the author index."""

    person: Person  # the representative byline: the name and iD the index prints
    papers: tuple[Paper, ...]  # each paper once, in the order of the papers given (volume order)
    members: tuple[tuple[str, Person], ...]  # every (paper id, byline person) of this person

    @property
    def orcid_id(self) -> str | None:
        """The person's ORCID iD, or ``None`` for a person known only by name."""
        return self.person.orcid_id

    def __contains__(self, byline: object) -> bool:
        """``(paper_id, person) in group``: whether that byline is this person."""
        return byline in self.members


def group_authors(papers: Iterable[Paper]) -> list[AuthorGroup]:
    """The authors of ``papers``, one group a person (see the module's rules), in index order."""
    unique: dict[str, Paper] = {}
    for paper in papers:
        unique.setdefault(paper.id, paper)  # a paper given twice counts once
    papers = tuple(unique.values())
    bylines = [(paper, author) for paper in papers for author in paper.info.authors]
    ids_by_name: dict[str, set[str]] = {}
    for _, author in bylines:
        if author.orcid_id:
            ids_by_name.setdefault(author.name.inverted, set()).add(author.orcid_id)

    def key(author: Person) -> tuple[str, str]:
        if author.orcid_id:
            return ("orcid", author.orcid_id)
        ids = ids_by_name.get(author.name.inverted, set())
        if len(ids) == 1:
            return ("orcid", next(iter(ids)))
        return ("name", author.name.inverted)

    found: dict[tuple[str, str], list[tuple[Paper, Person]]] = {}
    for paper, author in bylines:
        found.setdefault(key(author), []).append((paper, author))

    groups: list[tuple[tuple[object, ...], AuthorGroup]] = []
    for first, ((kind, value), members) in enumerate(found.items()):
        if kind == "orcid":
            person = next(a for _, a in members if a.orcid_id == value)
        else:
            person = members[0][1]
        ids = {paper.id for paper, _ in members}
        group = AuthorGroup(
            person=person,
            papers=tuple(paper for paper in papers if paper.id in ids),
            members=tuple((paper.id, author) for paper, author in members),
        )
        orcid = value if kind == "orcid" else ""
        groups.append(((person.name.sort_key, not orcid, orcid, first), group))
    groups.sort(key=lambda item: item[0])
    return [group for _, group in groups]
