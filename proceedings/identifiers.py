"""Syntax and checksums of the identifiers a volume carries: ORCID, DOI, ISBN, ISSN, e-mail, URL.

Each ``*_problem`` function returns ``None`` when the value is fine, else the reason it is not,
phrased to follow the quoted value in a message (``'0000-...' fails the ORCID checksum``).
:func:`bare_doi` and :func:`bare_orcid` take off the link sources often wrap a DOI or an ORCID
iD in, before it is checked.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^10\.\d{4,9}$")
# Deliberately simple: one @, no spaces, a dot in the domain. RFC 5322 allows far more, but what
# it allows beyond this is what typos look like.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_DOI_LINK = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ORCID_LINK = re.compile(r"^(?:https?://)?(?:www\.)?orcid\.org/")


def unique_name(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever ``taken`` does not hold yet; it joins
    ``taken``. Paper ids and the site's author anchors are made unique this way."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def bare_doi(value: str) -> str:
    """A DOI without its resolver or ``doi:`` prefix: ``https://doi.org/10.1/x`` -> ``10.1/x``."""
    return _DOI_LINK.sub("", value.strip())


def bare_orcid(value: str) -> str:
    """An ORCID iD without its ``https://orcid.org/`` link (``orcid.org/0000-...`` too); the
    case is kept, for messages that quote the value as written."""
    return _ORCID_LINK.sub("", value)


def orcid_checksum(digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character of an ORCID iD's first 15 digits."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def orcid_problem(orcid: str) -> str | None:
    """Why ``orcid`` (bare, as ``Person.orcid_id`` gives it) is not a valid ORCID iD."""
    if not _ORCID.match(orcid):
        return "is not an ORCID iD (16 digits as 0000-0000-0000-0000)"
    digits = orcid.replace("-", "")
    if orcid_checksum(digits[:15]) != digits[15]:
        return "fails the ORCID checksum"
    return None


def doi_problem(doi: str) -> str | None:
    """Why ``doi`` is not a DOI (``10.<registrant>/<suffix>``, no resolver URL)."""
    if doi.lower().startswith(("http://", "https://", "doi:")):
        return "is a link, not a DOI: write the bare DOI starting with '10.'"
    if not _DOI.match(doi):
        return "is not a DOI (10.<registrant>/<suffix>)"
    return None


def doi_prefix_problem(prefix: str) -> str | None:
    """Why ``prefix`` is not a DOI prefix (``10.5555``)."""
    return None if _DOI_PREFIX.match(prefix) else "is not a DOI prefix (10.<registrant>)"


def email_problem(email: str) -> str | None:
    """Why ``email`` is not an e-mail address."""
    return None if _EMAIL.match(email) else "is not an e-mail address"


EMAIL_HINT = "Give the whole address, such as name@example.org."
"""How to mend what :func:`email_problem` refuses, for the checks that report it."""


def url_problem(url: str) -> str | None:
    """Why ``url`` is not an absolute http(s) link."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        return "is not an absolute http(s) link"
    return None


def isbn_problem(isbn: str) -> str | None:
    """Why ``isbn`` is not a valid ISBN-13 (or ISBN-10)."""
    digits = re.sub(r"[\s-]", "", isbn).upper()
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
        return None if (10 - total % 10) % 10 == int(digits[12]) else "fails the ISBN checksum"
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        return None if total % 11 == 0 else "fails the ISBN checksum"
    return "is not an ISBN (13 digits, e.g. 978-3-16-148410-0)"


def isbn13(isbn: str) -> str:
    """The ISBN as its 13 digits, to compare two ways of writing it (hyphens, spaces, the
    ISBN-10 of the same book); a value that is no ISBN comes back as its bare characters."""
    digits = re.sub(r"[\s-]", "", isbn).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        core = "978" + digits[:9]
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(core))
        return core + str((10 - total % 10) % 10)
    return digits


def issn_problem(issn: str) -> str | None:
    """Why ``issn`` is not a valid ISSN (``1234-567X``)."""
    if not re.fullmatch(r"\d{4}-\d{3}[\dX]", issn.upper()):
        return "is not an ISSN (0000-0000)"
    digits = issn.upper().replace("-", "")
    total = sum((8 - i) * int(d) for i, d in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    return None if digits[7] == expected else "fails the ISSN checksum"
