"""OpenReview authors -> ``paper.yaml`` authors: names split, profiles, e-mails, affiliations.

A submission lists its authors twice, as written (``authors``) and as profile ids or e-mails
(``authorids``); an export may also carry the authors' profiles. :func:`read_authors` pairs the
two lists and takes from a profile what the note lacks: the name split into given and family
names, the ORCID and the current institutions. It is apart from the submission's other fields
(:mod:`~proceedings.importers.openreview.papers`) and from its verdict
(:mod:`~proceedings.importers.openreview.notes`) because it reads profiles, not notes: the
rules for former names, masked e-mails and position histories are about people.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from proceedings.importers.notes import Note as NoteFn  # here a Note is an OpenReview note
from proceedings.importers.openreview.notes import Note, value
from proceedings.importers.people import PROFILE
from proceedings.importers.text import clean_text, split_name
from proceedings.names import fold

__all__ = ["Profiles", "profile_name", "read_authors"]


def _names(profile: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    names = (profile.get("content") or {}).get("names") or ()
    return [n for n in names if isinstance(n, Mapping)]


class Profiles:
    """The profiles an export carries, found by any of their usernames, their id or e-mails."""

    def __init__(self, profiles: Iterable[Mapping[str, Any]]) -> None:
        self._by_key: dict[str, Mapping[str, Any]] = {}
        for profile in profiles:
            content = profile.get("content") or {}
            keys = [profile.get("id"), *(n.get("username") for n in _names(profile))]
            keys += [*(content.get("emails") or ()), content.get("preferredEmail")]
            for key in keys:
                if isinstance(key, str) and key.strip() and "*" not in key:  # masked e-mails
                    self._by_key.setdefault(key.strip().casefold(), profile)

    def get(self, authorid: str) -> Mapping[str, Any] | None:
        """The profile with this ``~Profile_Id1`` or e-mail, if the export carries it."""
        return self._by_key.get(authorid.strip().casefold())


def _full(name: Mapping[str, Any]) -> str:
    parts = (name.get("first"), name.get("middle"), name.get("last"))
    return clean_text(name.get("fullname")) or clean_text(" ".join(p for p in parts if p))


def profile_name(profile: Mapping[str, Any], written: str) -> dict[str, Any] | None:
    """The profile's own split of the name: the one matching ``written``, else the preferred.

    Profiles keep ``first``/``middle``/``last`` (older ones) or only ``fullname`` (newer ones,
    split here with :func:`split_name`). A person's profile may list former names; the one the
    paper shows is kept, so that a name changed since is not silently rewritten.
    """
    names = [n for n in _names(profile) if _full(n)]
    if not names:
        return None
    pick = next((n for n in names if fold(_full(n)) == fold(written)), None)
    pick = pick or next((n for n in names if n.get("preferred")), names[0])
    last = clean_text(pick.get("last"))
    if not last:
        return split_name(_full(pick))
    given = clean_text(" ".join(clean_text(pick.get(k)) for k in ("first", "middle")))
    return {"given": given, "family": last} if given else {"family": last, "mononym": True}


def _year(raw: Any) -> int:
    """The year a history entry gives (``2021``, ``"2021-09"``), 0 when it gives none."""
    match = re.match(r"\d{4}", str(raw or ""))
    return int(match.group(0)) if match else 0


def _affiliations(profile: Mapping[str, Any]) -> list[str]:
    """The institutions of the profile's current positions (else its latest one)."""
    history = [
        h
        for h in (profile.get("content") or {}).get("history") or ()
        if isinstance(h, Mapping) and isinstance(h.get("institution"), Mapping)
    ]
    current = [h for h in history if h.get("end") in (None, "")]
    if not current and history:
        current = [max(history, key=lambda h: _year(h.get("end")))]
    found: list[str] = []
    for entry in current:
        name = clean_text(entry["institution"].get("name"))
        if name and name not in found:
            found.append(name)
    return found


def _from_profile_id(authorid: str) -> str:
    """``~Ana_Muller1`` -> ``Ana Muller``: the name a profile id spells."""
    return clean_text(re.sub(r"\d+$", "", authorid.lstrip("~")).replace("_", " "))


def read_authors(note: Note, profiles: Profiles, note_fn: NoteFn) -> list[dict[str, Any]]:
    """The submission's authors, in order: names split, ``_profile`` and ``email`` kept."""
    key = str(note.get("id"))
    content = note.get("content")
    names = value(content, "authors")
    ids = value(content, "authorids")
    names = [clean_text(n) for n in names] if isinstance(names, list) else []
    ids = [clean_text(i) for i in ids] if isinstance(ids, list) else []
    if ids and len(ids) != len(names):
        note_fn(
            key,
            f"{len(names)} authors but {len(ids)} authorids; names and ids were paired in order",
        )
    authors = []
    for index in range(max(len(names), len(ids))):
        written = names[index] if index < len(names) else ""
        authorid = ids[index] if index < len(ids) else ""
        profile = profiles.get(authorid) if authorid else None
        name = profile_name(profile, written) if profile else None
        if name is None:
            if not written and authorid.startswith("~"):
                written = _from_profile_id(authorid)
                note_fn(key, f"author {index + 1} has no name; '{written}' read from {authorid}")
            if not written:
                note_fn(key, f"author {index + 1} has neither a name nor a profile; left out")
                continue
            name = split_name(written)
        if name.get("mononym"):
            note_fn(key, f"author '{written or name['family']}' has a single name; a mononym")
        author = dict(name)
        if profile is not None:
            orcid = clean_text((profile.get("content") or {}).get("orcid"))
            if orcid:
                author["orcid"] = orcid
        if "@" in authorid:
            author["email"] = authorid
        if profile is not None and (affiliations := _affiliations(profile)):
            author["affiliations"] = affiliations
        if authorid.startswith("~"):
            author[PROFILE] = authorid
        authors.append(author)
    return authors
