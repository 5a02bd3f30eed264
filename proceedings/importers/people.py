"""The same person in several papers -> one identity, spelt one way.

Review systems export authors per paper: Ana Müller of paper 3 and Ana Muller of paper 17 are
two rows, one with an ORCID and one without. :func:`unify_people` links the rows that are the
same person (by ORCID, then e-mail, then the review system's profile id, then the name with
case and accents folded) and makes them agree: one spelling of the name (the most complete),
the ORCID and e-mail wherever one row had them, and the affiliations of another row where a
row has none. Every repair is noted. Rows with different ORCIDs, or different profile ids, are
never merged by a shared name or e-mail address: they are namesakes, or share a lab's address;
nor is a row with neither given to one of them, since it could be either.

An importer that knows a profile id puts it in the author mapping as ``_profile``; the key is
removed here, before anything is written.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from typing import Any

from proceedings.importers.imported import ImportedVolume
from proceedings.names import fold

__all__ = ["PROFILE", "unify_people"]

PROFILE = "_profile"
_NAME_KEYS = ("given", "family", "suffix", "mononym", "family_first")


class _Groups:
    """Union-find over author rows that refuses to join two ORCIDs or two profile ids."""

    def __init__(self, rows: list[tuple[str, dict[str, Any]]]) -> None:
        self.parent = list(range(len(rows)))
        self.ids = [
            ({_orcid(a)} - {None}, {str(a[PROFILE])} if a.get(PROFILE) else set()) for _, a in rows
        ]

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int, *, strong: bool = False) -> None:
        """Join the groups of rows ``a`` and ``b``; unless ``strong`` (a shared ORCID), not when
        they hold different ORCIDs or different profiles: two people then share a name or an
        e-mail address (a lab's, a supervisor's)."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        (orcids_a, profiles_a), (orcids_b, profiles_b) = self.ids[a], self.ids[b]
        orcids, profiles = orcids_a | orcids_b, profiles_a | profiles_b
        if not strong and (len(orcids) > 1 or len(profiles) > 1):
            return
        root, child = min(a, b), max(a, b)
        self.parent[child] = root
        self.ids[root] = (orcids, profiles)

    def ambiguous(self, items: list[int]) -> bool:
        """Whether rows ``items`` (sharing a name or an e-mail address) belong to groups with
        different ORCIDs or profiles: two people are known to share it, so a row with neither
        could be either of them and must not be given to whichever came first."""
        orcids: set[str | None] = set()
        profiles: set[str] = set()
        for item in items:
            ids = self.ids[self.find(item)]
            orcids |= ids[0]
            profiles |= ids[1]
        return len(orcids) > 1 or len(profiles) > 1


def _rows(imported: ImportedVolume) -> Iterator[tuple[str, dict[str, Any]]]:
    for paper in imported.papers:
        for author in paper.data.get("authors") or ():
            if isinstance(author, dict):
                yield paper.id, author


def _name(author: dict[str, Any]) -> str:
    return " ".join(filter(None, (author.get("given"), author.get("family"), author.get("suffix"))))


def _orcid(author: dict[str, Any]) -> str | None:
    value = author.get("orcid")
    return str(value).rstrip("/").rsplit("/", 1)[-1].upper() if value else None


def _keys(author: dict[str, Any]) -> Iterator[str]:
    if orcid := _orcid(author):
        yield f"orcid:{orcid}"
    if email := author.get("email"):
        yield f"email:{str(email).strip().casefold()}"
    if profile := author.get(PROFILE):
        yield f"profile:{profile}"


def _completeness(author: dict[str, Any]) -> tuple[int, int, int]:
    """Prefer full names over initials ("Ana Muller" over "A. Müller": an accent is easier
    to add by hand than a forgotten given name), then a spelling with accents."""
    name = _name(author)
    accents = sum(not ch.isascii() for ch in name)
    initials = sum(len(word.rstrip(".")) == 1 for word in name.split())
    return (-initials, accents, len(name))


def unify_people(imported: ImportedVolume) -> None:
    """Make every author row of the same person agree; note what was changed."""
    rows = list(_rows(imported))
    groups = _Groups(rows)
    # Strongest evidence first: an ORCID, then a profile id, an e-mail address, the name.
    keys: list[tuple[str, ...]] = [tuple(_keys(author)) for _, author in rows]
    for kind in ("orcid", "profile", "email", "name"):
        holders: dict[str, list[int]] = {}
        for index, (_, author) in enumerate(rows):
            if kind == "name":
                folded = " ".join(fold(_name(author)).split())
                found = [f"name:{folded}"] if folded else []
            else:
                found = [key for key in keys[index] if key.startswith(f"{kind}:")]
            for key in found:
                holders.setdefault(key, []).append(index)
        for indices in holders.values():
            if kind != "orcid" and groups.ambiguous(indices):
                continue
            for index in indices[1:]:
                groups.union(indices[0], index, strong=kind == "orcid")
    members: dict[int, list[int]] = {}
    for index in range(len(rows)):
        members.setdefault(groups.find(index), []).append(index)
    for indices in members.values():
        if len(indices) > 1:
            _agree([rows[i] for i in indices], imported.notes)
    for _, author in rows:
        author.pop(PROFILE, None)


def _agree(rows: list[tuple[str, dict[str, Any]]], notes: list[str]) -> None:
    """Give every row of one person the same name, ORCID and e-mail."""
    authors = [author for _, author in rows]
    spellings = Counter(_name(a) for a in authors)
    best = max(authors, key=lambda a: (_completeness(a), spellings[_name(a)]))
    papers = ", ".join(sorted({paper for paper, _ in rows}))
    if len(spellings) > 1:
        others = ", ".join(f"'{s}'" for s in sorted(spellings) if s != _name(best))
        notes.append(
            f"people: {others} and '{_name(best)}' are one person (papers {papers}); "
            f"written as '{_name(best)}' everywhere"
        )
    for field in ("orcid", "email"):
        values = [a[field] for a in authors if a.get(field)]
        if values:
            value = best.get(field) or values[0]  # else the first in volume order
            missing = sum(not a.get(field) for a in authors)
            if missing:
                notes.append(
                    f"people: '{_name(best)}': {field} copied to {missing} more of their "
                    f"author rows (papers {papers})"
                )
            for author in authors:
                if not author.get(field):
                    author[field] = value
    with_affiliation = [a for a in authors if a.get("affiliations")]
    name = {key: best[key] for key in _NAME_KEYS if key in best}
    filled = 0
    for author in authors:
        rest = {k: v for k, v in author.items() if k not in _NAME_KEYS}
        author.clear()
        author.update(name, **rest)
        if not author.get("affiliations") and with_affiliation:
            # A copy: one paper's list must not be another's, or editing one edits both.
            author["affiliations"] = copy.deepcopy(with_affiliation[0]["affiliations"])
            filled += 1
    if filled:
        notes.append(
            f"people: '{_name(best)}': affiliations taken from another of their papers for "
            f"{filled} more of their author rows (papers {papers})"
        )
