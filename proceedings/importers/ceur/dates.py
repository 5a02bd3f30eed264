"""A CEUR-WS ``CEURLOCTIME`` text -> the event's place and its first and last day.

Volume pages written with ceur-make carry the dates as ISO ``content`` attributes, but pages
edited by hand give only text, in whatever form the editors wrote it: ``Heraklion, Greece,
June 4th, 2018``, ``30 June - 2 July 2018``... :func:`parse_loctime` reads those forms. It is
kept apart from the page reader (:mod:`~proceedings.importers.ceur.index_page`) because it knows
nothing of HTML: it is plain text in, place and dates out.
"""

from __future__ import annotations

import datetime
import re

from proceedings.importers.text import clean_text

__all__ = ["parse_loctime"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
_MON = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_TO = r"\s*(?:-+|–|—|to|until|till)\s*"
_MONTH_FIRST = re.compile(
    rf"(?P<m1>{_MON})\s+(?P<d1>{_DAY})(?:,?\s+(?P<y1>{_YEAR}))?"
    rf"(?:{_TO}(?:(?P<m2>{_MON})\s+)?(?P<d2>{_DAY}))?,?\s+(?P<y2>{_YEAR})\W*$",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(
    rf"(?P<d1>{_DAY})(?:\s+(?P<m1>{_MON}))?(?:\s+(?P<y1>{_YEAR}))?"
    rf"(?:{_TO}(?P<d2>{_DAY}))?\s+(?P<m2>{_MON}),?\s+(?P<y2>{_YEAR})\W*$",
    re.IGNORECASE,
)


def _date(year: str, month: str, day: str) -> datetime.date | None:
    try:
        number = _MONTHS[month.lower().rstrip(".")]
        return datetime.date(int(year), number, int(re.sub(r"\D", "", day)))
    except (KeyError, ValueError):
        return None


def parse_loctime(text: str) -> tuple[str, datetime.date | None, datetime.date | None]:
    """``Heraklion, Greece, June 4th, 2018`` -> place and first and last day.

    Understands the forms CEUR pages use: ``June 4th, 2018``, ``4 June 2018``, ``June 4-6,
    2018``, ``June 4th to 6th, 2018``, ``June 30 - July 2, 2018``, ``30 June - 2 July 2018``,
    ``December 31st, 2013 to January 1st, 2014``. Without a date it reads, the place is the
    whole text and both days are ``None``.
    """
    text = clean_text(text).rstrip(" .")
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        match = pattern.search(text)
        if not match:
            continue
        parts = match.groupdict()
        y2 = parts["y2"]
        y1 = parts["y1"] or y2
        if pattern is _MONTH_FIRST:
            start = _date(y1, parts["m1"], parts["d1"])
            end = _date(y2, parts["m2"] or parts["m1"], parts["d2"]) if parts["d2"] else None
        else:
            start = _date(y1, parts["m1"] or parts["m2"], parts["d1"])
            end = _date(y2, parts["m2"], parts["d2"]) if parts["d2"] else None
        if start is None or (parts["d2"] and (end is None or end < start)):
            continue
        place = text[: match.start()].strip(" ,;-–")
        return place, start, end or start
    return text, None, None
