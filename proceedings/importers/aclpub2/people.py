"""The people of an aclpub2 folder -> ``paper.yaml`` people, with the repairs they need.

The part of the aclpub2 importer (:mod:`proceedings.importers.aclpub2`) that reads one person:
an author of ``papers.yml``, a committee member or an editor of ``conference_details.yml``
(:func:`read_person`). aclpub2 folders are typed by hand or made by scripts from OpenReview and
Softconf, and show it: a misspelt key (``instituion``), ``President:`` typed into a name, a
particle in the given name (``first_name: Carel van``), ``NA`` as an institution, an e-mail
escaped for LaTeX, an OpenReview id for a name the export could not resolve. Each is repaired
here and noted. :func:`unswap_editors` turns back editors written last name first, which the
rest of the folder shows. Every value passes through :func:`as_text`: aclpub2 typesets all of
them with LaTeX, so they may hold LaTeX.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from proceedings.identifiers import bare_orcid, email_problem, orcid_problem
from proceedings.importers.notes import NoteHere
from proceedings.importers.people import PROFILE
from proceedings.importers.text import clean_text, split_name
from proceedings.latex import decode_latex
from proceedings.names import fold, is_cjk

__all__ = ["as_text", "read_person", "unswap_editors"]

_PERSON_KEYS = frozenset(
    {"first_name", "middle_name", "last_name", "name", "preferred_name", "institution",
     "affiliation", "email", "emails", "orcid", "openreview", "username", "semantic_scholar",
     "semantic_scholar_id", "dblp", "dblp_id", "google_scholar", "google_scholar_id",
     "homepage"}
)  # fmt: skip
# Profile ids that link one person's rows, best first; the other ids (dblp...) are not kept.
_PROFILE_KEYS = ("openreview", "username", "semantic_scholar", "semantic_scholar_id")
_PLACEHOLDERS = frozenset({"na", "n/a", "none", "null", "-", "--", "unknown", "tbd", "tba"})
_LATEX = re.compile(r"[\\{}~]|--|``")
_OPENREVIEW_ID = re.compile(r"^~([^\W\d_][\w.-]*?)_?\d*$")


def as_text(value: Any) -> str:
    """A scalar as clean one-line text ('' for nothing), LaTeX decoded: aclpub2 typesets it
    (and its Softconf script escapes institutions: ``R\\&D``)."""
    if value is None or isinstance(value, dict | list | bool):
        return ""
    text = clean_text(str(value))
    return decode_latex(text).text if _LATEX.search(text) else text


def _keys(
    entry: dict[str, Any], what: str, note: NoteHere, ignored: Counter[str]
) -> dict[str, Any]:
    """``entry`` with misspelt keys read as the key meant (noted) and unknown keys counted."""
    out: dict[str, Any] = {}
    for key, value in entry.items():
        name = str(key)
        if name not in _PERSON_KEYS:
            close = difflib.get_close_matches(name, sorted(_PERSON_KEYS), n=1, cutoff=0.85)
            if not close or close[0] in entry:
                ignored[name] += 1
                continue
            note(f"{what}: key '{name}' read as '{close[0]}'")
            name = close[0]
        out[name] = value
    return out


def _drop_labels(given: str, written: str, what: str, note: NoteHere) -> str:
    """``President: Gabriel`` -> ``Gabriel``: a title typed into the name ends with a colon."""
    words = given.split()
    labelled = [i for i, word in enumerate(words) if word.endswith(":")]
    if not labelled:
        return given
    cut = labelled[-1] + 1
    note(f"{what}: '{written}': '{' '.join(words[:cut])}' is a title, not a name; dropped")
    return " ".join(words[cut:])


def _name(entry: dict[str, Any] | str, what: str, note: NoteHere) -> dict[str, Any]:
    """The name keys of a person (``{}`` when there is no name at all)."""
    if isinstance(entry, str):
        return split_name(as_text(entry)) if entry.strip() else {}
    written_first = clean_text(entry.get("first_name"))
    match = _OPENREVIEW_ID.match(written_first)
    if match and clean_text(entry.get("last_name")) in ("", written_first):
        resolved = match.group(1).replace("_", " ")
        note(
            f"{what}: the OpenReview id '{written_first}' stands for the name (the export "
            f"could not read the profile); imported as '{resolved}', check it"
        )
        return split_name(resolved)
    first = as_text(entry.get("preferred_name")) or as_text(entry.get("first_name"))
    middle, last = as_text(entry.get("middle_name")), as_text(entry.get("last_name"))
    if not (first or middle or last):
        full = as_text(entry.get("name"))
        return split_name(full) if full else {}
    written = " ".join(filter(None, (first, middle, last)))
    given = _drop_labels(" ".join(filter(None, (first, middle))), written, what, note)
    if not last:
        given, last = "", given
    if not last:
        return {}
    if not given and not is_cjk(last):
        note(f"{what}: '{last}' has a single name; imported as a mononym")
        return {"family": last, "mononym": True}
    words = given.split()
    particles: list[str] = []
    while len(words) > 1 and words[-1].isalpha() and words[-1].islower():
        particles.insert(0, words.pop())
    if particles:  # first_name: Carel van, last_name: Niekerk
        last = " ".join([*particles, last])
        note(f"{what}: '{written}': '{' '.join(particles)}' belongs to the family name '{last}'")
    return {"given": " ".join(words), "family": last} if words else {"family": last}


def _affiliations(fields: dict[str, Any], what: str, note: NoteHere) -> list[str]:
    value = fields.get("institution", fields.get("affiliation"))
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        text = as_text(item).strip(" ,;")
        if fold(text) in _PLACEHOLDERS:
            note(f"{what}: institution '{text}' is a placeholder; not imported")
        elif text and text not in out:
            out.append(text)
    return out


def _email(fields: dict[str, Any], what: str, note: NoteHere) -> str | None:
    value = fields.get("email") or fields.get("emails")
    values = value if isinstance(value, list) else re.split(r"[;,\s]+", str(value or ""))
    for item in values:
        email = str(item).replace("\\_", "_").strip()  # aclpub2's OpenReview script escapes _
        if not email:
            continue
        reason = email_problem(email)
        if reason is None:
            return email
        note(f"{what}: e-mail '{email}' {reason}; not imported")
    return None


def read_person(
    entry: Any, what: str, note: NoteHere, ignored: Counter[str], *, author: bool
) -> dict[str, Any] | None:
    """A person as ``paper.yaml`` writes one (authors with their ``_profile``), or ``None``
    (noted) when there is no name."""
    if isinstance(entry, str):
        fields: dict[str, Any] = {}
        person = _name(entry, what, note)
    elif isinstance(entry, dict):
        fields = _keys(entry, what, note, ignored)
        person = _name(fields, what, note)
    else:
        note(f"{what}: '{entry}' is not a person (name keys or a name); skipped")
        return None
    if not person.get("family"):
        note(f"{what}: no name; skipped")
        return None
    affiliations = _affiliations(fields, what, note)
    if affiliations:
        person["affiliations"] = affiliations
    email = _email(fields, what, note)
    if email:
        person["email"] = email
    orcid = bare_orcid(as_text(fields.get("orcid")))
    if orcid:
        reason = orcid_problem(orcid.upper())
        if reason:
            note(f"{what}: ORCID '{orcid}' {reason}; not imported")
        else:
            person["orcid"] = orcid.upper()
    profiles = [f"{k}:{as_text(fields[k])}" for k in _PROFILE_KEYS if as_text(fields.get(k))]
    if author and profiles:
        person[PROFILE] = profiles[0]
    return person


def unswap_editors(
    editors: list[dict[str, Any]], known: Iterable[dict[str, Any]], note: NoteHere
) -> None:
    """Swap back the names of editors written last name first, as the rest of the folder shows.

    aclpub2's own example has ``first_name: Kennington, last_name: Casey``: an editor whose
    names appear the other way round in a committee or a paper (and never as written) is
    taken to be swapped.
    """
    seen = {(fold(p.get("given", "")), fold(p["family"])) for p in known if p.get("given")}
    for editor in editors:
        given, family = editor.get("given", ""), editor["family"]
        if (fold(family), fold(given)) in seen and (fold(given), fold(family)) not in seen:
            editor["given"], editor["family"] = family, given
            note(
                f"editor '{given} {family}' is '{family} {given}' elsewhere in the folder: "
                "first and last names swapped back"
            )
