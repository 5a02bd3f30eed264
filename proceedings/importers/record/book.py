"""A record file's entry of the volume itself -> ``record.yaml``'s ``volume:``, checked, and
what it says against ``volume.yaml``.

The book's record arrives with the papers' (Springer's, dblp's and PMLR's ``.bib`` open with the
``@proceedings``; the Anthology's XML with the volume's ``<meta>``) or alone (a publisher's
citation file of the book). It is taken only when it is the one entry of a volume in the file:
a file with two (an Anthology collection of several volumes, a ``.bib`` of several books) says
nothing of which is this volume, so none is taken, each listed, never guessed. A file with no
paper's record gives the book alone only when it is recognisably this volume's (its DOI or ISBN
is ``volume.yaml``'s, or its title is the volume's, the citation title or the event's name).

Each value is a stranger's: an identifier with a character that is not printable, one that is
not a DOI, an ISBN or an http(s) link, and any value longer than a real one (:data:`LONGEST`)
is left out with one line naming the entry and the field.

**Which wins.** The record's DOI, ISBN and URL are the volume's in every output, over
``volume.yaml``'s: they are what the publisher registered and printed, what resolves and what
indexers list, while ``volume.yaml``'s were typed before publication (an expected DOI, the ISBN
of another format); it is the rule for papers too (``record.doi-differs``). It never happens
silently: each DOI, ISBN or series number that differs from ``volume.yaml``'s is one line naming
both files and fields, here and in ``check`` (``record.volume-differs``). The series number,
the publisher's and the series' names are shown as the publisher printed them on the site's
"Published as" line; elsewhere ``volume.yaml``'s are used, since the volume PDF and the
publishers' packages were made with them.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from proceedings.identifiers import doi_problem, isbn13, isbn_problem, url_problem
from proceedings.importers.record.match import TITLE_LOOSE, normal_title
from proceedings.importers.record.readers import PublishedVolume
from proceedings.importers.record.text import one_line
from proceedings.load import RECORD_FILE, VOLUME_FILE
from proceedings.model import Volume

__all__ = ["LONGEST", "book_entry", "differences", "is_this_volume", "several", "shown"]

LONGEST = {
    "title": 500,
    "doi": 300,
    "isbn": 17,
    "url": 2000,
    "publisher": 300,
    "series": 300,
    "series_volume": 20,
}
"""The most characters each value of a book's record may have: a real title is under 300, a DOI
under 100, an ISBN 17 with its hyphens, a URL a few hundred, a series number a handful."""

_ORDER = ("title", "doi", "isbn", "url", "publisher", "series", "series_volume")
_SHOWN = ("doi", "isbn", "url", "series_volume")


def several(volumes: Sequence[PublishedVolume], display: str) -> list[str]:
    """One line for each entry of a volume when the file has more than one."""
    return [
        f"{one_line(v.where)}: one of {len(volumes)} entries of a volume in {display}; none "
        "is recorded as the volume's, never guessed"
        for v in volumes
    ]


def is_this_volume(book: PublishedVolume, volume: Volume) -> bool:
    """Whether the book's entry names this volume: its DOI or an ISBN is ``volume.yaml``'s,
    or its title is (75% alike) the volume's title, citation title or event's name."""
    info = volume.info
    if book.doi and info.doi and book.doi.lower() == info.doi.lower():
        return True
    own = {isbn13(i) for i in (info.isbn, info.ebook_isbn) if i}
    if any(isbn13(i) in own for i in book.isbns):
        return True
    title = normal_title(book.title)
    return bool(title) and any(
        difflib.SequenceMatcher(None, title, normal_title(name), autojunk=False).ratio()
        >= TITLE_LOOSE
        for name in (info.title, info.citation_title, info.event.name)
    )


def book_entry(
    book: PublishedVolume, volume: Volume, source: Path, warn: Callable[[str], None]
) -> dict[str, Any] | None:
    """What ``record.yaml`` keeps of the book's entry, every value checked (one left out is
    one line through ``warn``); ``None`` when no DOI, ISBN, URL or series number is left."""
    where = one_line(book.where)
    entry: dict[str, Any] = {}

    def keep(name: str, value: str | None, problem: Callable[[str], str | None] | None) -> None:
        if not value:
            return
        reason = _problem(name, value, problem)
        if reason:
            warn(f"{where}: {name} {one_line(value, 80)!r} {reason}; not recorded")
        else:
            entry[name] = one_line(value, LONGEST[name]) if problem is None else value

    keep("title", book.title, None)
    keep("doi", book.doi, doi_problem)
    keep("isbn", _isbn(book.isbns, volume, where, warn), isbn_problem)
    keep("url", book.url, url_problem)
    keep("publisher", book.publisher, None)
    keep("series", book.series, None)
    keep("series_volume", book.series_volume, _number_problem)
    if not any(name in entry for name in _SHOWN):
        warn(f"{where}: no DOI, ISBN, URL or series number left; nothing to record of the volume")
        return None
    entry = {name: entry[name] for name in _ORDER if name in entry}
    entry["source"] = one_line(source.name + book.where.removeprefix(str(source)))
    return entry


def _problem(name: str, value: str, problem: Callable[[str], str | None] | None) -> str | None:
    """Why a value of the book's record is not kept: too long, not printable (identifiers),
    or what ``problem`` says of it."""
    if len(value) > LONGEST[name]:
        return f"is {len(value):,} characters long, more than a real one (at most {LONGEST[name]})"
    if problem is None:
        return None if one_line(value) else "is empty once its control characters are removed"
    if not value.isprintable():
        return "has characters that are not printable"
    return problem(value)


def _number_problem(value: str) -> str | None:
    """Why a series number (``13642``, ``225``, ``LNCS 13642``, ``2-1``) is not one."""
    if all(c.isalnum() or c in " .-/" for c in value) and value[0].isalnum():
        return None
    return "is not a volume number (letters, digits, spaces, '.', '-' and '/')"


def _isbn(isbns: Sequence[str], volume: Volume, where: str, warn: Callable[[str], None]) -> str:
    """The book's ISBN among those the file gives: the one ``volume.yaml`` names as ``isbn``,
    else as ``ebook_isbn``, else the first valid one; each invalid one is one line."""
    good = []
    for isbn in isbns:
        reason = _problem("isbn", isbn, isbn_problem)
        if reason:
            warn(f"{where}: isbn {one_line(isbn, 80)!r} {reason}; not recorded")
        else:
            good.append(isbn)
    for own in (volume.info.isbn, volume.info.ebook_isbn):
        for isbn in good:
            if own and isbn13(isbn) == isbn13(own):
                return isbn
    return good[0] if good else ""


def differences(volume: Volume) -> list[str]:
    """One line for each DOI, ISBN or series number of the book's record that is not
    ``volume.yaml``'s, naming both files and fields and which one is used."""
    record, own_file = RECORD_FILE.as_posix(), VOLUME_FILE.as_posix()
    lines = []
    for name, value, own in volume.book_differences():
        used = (
            "the record's is used in every output"
            if name != "series_volume"
            else f"{own_file}'s is used, the record's shows on the site's 'Published as' line"
        )
        lines.append(
            f"{record}: volume.{name} {value} differs from {own_file}: {own}; {used}; correct "
            "the one that is wrong"
        )
    return lines


def shown(entry: dict[str, Any]) -> str:
    """The entry's identifiers as one line of a message."""
    return ", ".join(f"{key} {entry[key]}" for key in _SHOWN if key in entry)
