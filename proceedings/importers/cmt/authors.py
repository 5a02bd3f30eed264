"""A CMT row's three author columns -> its authors, read the one sensible way, or not at all.

CMT lists a paper's authors three times: ``Author Names`` (``Last, First*; ...``), ``Authors``
(``First Last (Affiliation)*; ...``) and ``Author Emails`` (``a@x; b@y``), in the same order.
Real exports are not always that tidy, and a row that has one sensible reading is read that
way, with one note per row saying which reading was taken (:func:`read_authors`):

- an affiliation with parentheses of its own, which CMT wraps in another pair
  (``Ada Lovelace (National Institute of Science and Technology (NIST))``) is the whole outer
  pair; with a parenthesis left unclosed (or one too many), the affiliation is everything after
  the name's first ``(``, the parentheses balanced, and the ``;`` that the unclosed one hid
  separates authors again;
- author columns of unequal length (e-mails missing for co-authors): the names come from the
  column that has them all (``Author Names``, else ``Authors``), the others' entries are
  attached where they line up: an ``Authors`` entry to the author of the same name, an e-mail
  by position when the column keeps a slot for every author (``a@x; ; c@z``), else to the one
  author whose family name its address holds. What lines up with no author is listed.

A row where no column lists every author (more e-mails than names) has no sensible reading:
:func:`read_authors` returns ``None`` and the problem, and the row is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from proceedings.importers.notes import NoteHere
from proceedings.importers.table.papers import author, author_entry, full_name, person, split_list
from proceedings.importers.text import clean_text
from proceedings.names import fold
from proceedings.text import join_ids

__all__ = ["AuthorColumns", "read_authors", "same_name"]

_SEMICOLON = re.compile(";")


def same_name(one: str, other: str) -> bool:
    """Whether two spellings are one name, case, accents and punctuation aside: CMT's author
    columns are edited by hand (README.202x_scripts.md), so they can disagree."""

    def words(text: str) -> str:
        return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())

    return words(one) == words(other)


@dataclass(frozen=True)
class AuthorColumns:
    """A row's three author cells (empty when the export lacks the column) and the export's
    names for the columns, for messages."""

    names: str
    details: str
    emails: str
    headers: dict[str, str]


@dataclass(frozen=True)
class _Detail:
    """One ``Authors`` entry: ``First Last (Affiliation)*``."""

    name: str
    affiliation: str | None
    corresponding: bool
    reading: str | None  # how parentheses were read, when they were not one plain pair


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")")


def _detail(text: str) -> _Detail:
    """An ``Authors`` entry read, and how, when its parentheses nest or do not balance."""
    entry = clean_text(text)
    if _balanced(entry) or "(" not in entry:
        name, affiliation, corresponding = author_entry(entry)
        if affiliation and "(" in affiliation:
            return _Detail(
                name,
                affiliation,
                corresponding,
                f"the affiliation '{affiliation}' has parentheses of its own; read as the "
                "whole outer pair",
            )
        return _Detail(name, affiliation, corresponding, None)
    corresponding = entry.endswith("*")
    body = entry.rstrip("* ")
    name, _, rest = body.partition("(")
    while rest.endswith(")") and rest.count(")") > rest.count("("):
        rest = rest[:-1]
    rest += ")" * max(0, rest.count("(") - rest.count(")"))
    affiliation = rest.strip(" ,;") or None
    corresponding = corresponding or body.endswith("*") or name.rstrip().endswith("*")
    name = name.strip().rstrip("* ")
    return _Detail(
        name,
        affiliation,
        corresponding,
        f"'{entry}' has unbalanced parentheses; read as '{name}' of '{affiliation or ''}'",
    )


def _details(cell: str) -> tuple[list[str], bool]:
    """The ``Authors`` cell's entries, and whether an unclosed parenthesis had hidden a ``;``
    (then it is split at every ``;``)."""
    entries = split_list(cell, _SEMICOLON)
    plain = [item.strip() for item in cell.split(";") if item.strip()]
    if len(plain) > len(entries) and not _balanced(cell):
        return plain, True
    return entries, False


def _email_slots(cell: str) -> tuple[list[str], list[str]]:
    """The e-mails with a slot for every author (empty where one is missing), and the e-mails
    alone."""
    slots = [item.strip(" *") for item in cell.split(";")] if cell.strip() else []
    if slots and not slots[-1]:
        slots.pop()  # a trailing ';' keeps no slot
    return slots, [s for s in slots if s]


def _letters(text: object) -> str:
    return re.sub(r"[^a-z]", "", fold(str(text or "")))


def _email_owner(email: str, names: list[dict[str, Any]]) -> int | None:
    """The one author whose family (or given) name the address's local part holds, if exactly
    one: ``ada.l@x`` is Ada Lovelace's, ``lovelace@x`` too; names under 3 letters say nothing."""
    local = _letters(email.partition("@")[0])
    for key in ("family", "given"):
        found = [
            i
            for i, parts in enumerate(names)
            if len(name := _letters(parts.get(key))) >= 3 and name in local
        ]
        if len(found) == 1:
            return found[0]
    return None


def read_authors(
    cells: AuthorColumns, where: str, notes: list[str], note: NoteHere
) -> tuple[list[dict[str, Any]], str | None]:
    """The row's authors as ``paper.yaml`` people and ``None``; or no authors and the problem
    when no column lists every author. Notes (one per row for the reading taken, others for
    names the columns spell differently) go to ``notes``; ``note`` notes an author's e-mail
    that is none."""
    header = cells.headers
    names_list = split_list(cells.names, _SEMICOLON)
    detail_items, resplit = _details(cells.details)
    details = [_detail(item) for item in detail_items]
    slots, emails = _email_slots(cells.emails)
    counts = {
        key: len(items)
        for key, items in (("names", names_list), ("details", details), ("emails", emails))
        if getattr(cells, key).strip()
    }
    total = max(counts.values(), default=0)
    readings = [d.reading for d in details if d.reading]
    if resplit:
        readings.insert(0, f"an unclosed parenthesis in '{header['details']}' hid a ';'")
    listing = ", ".join(f"{n} in '{header[k]}'" for k, n in counts.items())
    unequal = len(set(counts.values())) > 1
    if unequal and total not in (counts.get("names"), counts.get("details")):
        return [], (
            f"{where}: the author columns list different numbers of authors ({listing}), and "
            "no column that names authors lists them all; make them list the same authors in "
            "the same order"
        )
    primary = "names" if counts.get("names") == total else "details"
    people: list[tuple[dict[str, Any], _Detail | None, str]] = []
    if primary == "names":
        for cell in names_list:
            written, _, starred = author_entry(cell)
            parts, remark = person(written)
            if remark:
                notes.append(f"{where}: {remark}")
            people.append((parts, None, "*" if starred else ""))
    else:
        for detail in details:
            match = [
                n
                for n in names_list
                if same_name(full_name(person(author_entry(n)[0])[0]), detail.name)
            ]
            written, _, starred = (
                author_entry(match[0]) if len(match) == 1 else (detail.name, None, False)
            )
            parts, remark = person(written)
            if remark:
                notes.append(f"{where}: {remark}")
            people.append((parts, detail, "*" if starred else ""))
    # Attach the other columns' entries where they line up.
    unmatched: list[str] = []
    if primary == "names":
        if counts.get("details", total) == total:
            lined_up: list[_Detail | None] = list(details) or [None] * total
            people = [(p, d, s) for (p, _, s), d in zip(people, lined_up, strict=True)]
        else:
            used: set[int] = set()
            for index, (parts, _, star) in enumerate(people):
                found = [
                    i
                    for i, d in enumerate(details)
                    if i not in used and same_name(full_name(parts), d.name)
                ]
                if len(found) == 1:
                    used.add(found[0])
                    people[index] = (parts, details[found[0]], star)
            unmatched += [f"'{detail_items[i]}'" for i in range(len(details)) if i not in used]
    by_author: list[str] = [""] * total
    if len(slots) == total:
        by_author = slots
    else:
        taken: set[int] = set()
        for email in emails:
            owner = _email_owner(email, [p for p, _, _ in people])
            if owner is None or owner in taken:
                unmatched.append(f"'{email}'")
            else:
                by_author[owner] = email
                taken.add(owner)
    if unequal or len(slots) != len(emails):
        no_email = [str(i) for i, e in enumerate(by_author, start=1) if not e]
        said = (
            f"the author columns list different numbers of authors ({listing}); the names are "
            f"taken from '{header[primary]}', the other columns' entries attached where they "
            "line up"
            if unequal
            else f"'{header['emails']}' leaves some authors' e-mails empty"
        )
        if no_email and cells.emails.strip():
            whom = "author" if len(no_email) == 1 else "authors"
            said += f"; no e-mail for {whom} {join_ids(no_email)}"
        if unmatched:
            said += f"; not attached (no author lines up): {', '.join(unmatched)}"
        readings.insert(0, said)
    if readings:
        notes.append(f"{where}: {'; '.join(dict.fromkeys(readings))}")
    out = []
    for number, ((parts, entry, star), email) in enumerate(
        zip(people, by_author, strict=True), start=1
    ):
        if (
            entry is not None
            and primary == "names"
            and entry.name
            and not same_name(full_name(parts), entry.name)
        ):
            notes.append(
                f"{where}: author {number} is '{full_name(parts)}' in '{header['names']}'"
                f" but '{entry.name}' in '{header['details']}'; the first is imported"
            )
        out.append(
            author(
                parts,
                email=email,
                affiliations=[entry.affiliation or ""] if entry else [],
                corresponding=bool(star) or bool(entry and entry.corresponding),
                note=note,
            )
        )
    return out, None
