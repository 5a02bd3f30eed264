"""Syntax and checksums of ORCID iDs, DOIs, ISBNs, ISSNs, e-mails and URLs."""

from __future__ import annotations

import pytest

from proceedings.identifiers import (
    doi_prefix_problem,
    doi_problem,
    email_problem,
    isbn13,
    isbn_problem,
    issn_problem,
    orcid_problem,
    url_problem,
)

CASES = [
    # (function, value, expected reason or None)
    (orcid_problem, "0000-0002-1825-0097", None),  # Josiah Carberry, ORCID's test record
    (orcid_problem, "0000-0001-5109-3700", None),
    (orcid_problem, "0000-0002-1694-233X", None),  # check character X
    (orcid_problem, "0000-0002-1825-009X", "fails the ORCID checksum"),
    (orcid_problem, "0000-0002-1825-0098", "fails the ORCID checksum"),
    (orcid_problem, "0000-12", "is not an ORCID iD (16 digits as 0000-0000-0000-0000)"),
    (orcid_problem, "0000000218250097", "is not an ORCID iD (16 digits as 0000-0000-0000-0000)"),
    (doi_problem, "10.5555/12345678", None),
    (doi_problem, "10.1007/978-3-031-00001-9_1", None),
    (
        doi_problem,
        "https://doi.org/10.5555/1",
        "is a link, not a DOI: write the bare DOI starting with '10.'",
    ),
    (doi_problem, "doi:10.5555/1", "is a link, not a DOI: write the bare DOI starting with '10.'"),
    (doi_problem, "10.55/x", "is not a DOI (10.<registrant>/<suffix>)"),
    (doi_problem, "10.5555/", "is not a DOI (10.<registrant>/<suffix>)"),
    (doi_prefix_problem, "10.5555", None),
    (doi_prefix_problem, "10.5555/", "is not a DOI prefix (10.<registrant>)"),
    (isbn_problem, "978-3-16-148410-0", None),
    (isbn_problem, "9783161484100", None),
    (isbn_problem, "0-306-40615-2", None),
    (isbn_problem, "978-3-16-148410-1", "fails the ISBN checksum"),
    (isbn_problem, "0-306-40615-3", "fails the ISBN checksum"),
    (isbn_problem, "978-3-16", "is not an ISBN (13 digits, e.g. 978-3-16-148410-0)"),
    (issn_problem, "0317-8471", None),
    (issn_problem, "2049-3630", None),
    (issn_problem, "0317-8472", "fails the ISSN checksum"),
    (issn_problem, "03178471", "is not an ISSN (0000-0000)"),
    (email_problem, "jan@example.org", None),
    (email_problem, "o'brien+tml@mail.example.ie", None),
    (email_problem, "bob@", "is not an e-mail address"),
    (email_problem, "bob@example", "is not an e-mail address"),
    (email_problem, "bob smith@example.org", "is not an e-mail address"),
    (url_problem, "https://github.com/example/repo", None),
    (url_problem, "http://example.org", None),
    (url_problem, "github.com/example/repo", "is not an absolute http(s) link"),
    (url_problem, "ftp://example.org/x", "is not an absolute http(s) link"),
]


@pytest.mark.parametrize(
    ("check", "value", "expected"), CASES, ids=[f"{c[0].__name__}:{c[1]}" for c in CASES]
)
def test_identifier(check, value: str, expected: str | None) -> None:
    """This test ensures that each identifier is accepted or rejected with the right reason."""
    assert check(value) == expected


def test_isbn13_compares_the_ways_one_isbn_is_written() -> None:
    """This test ensures that an ISBN with or without hyphens and spaces, and its ISBN-10, are
    the same 13 digits (a record and volume.yaml may write one book's ISBN any of these
    ways), and that another book's is not."""
    same = {
        isbn13(v)
        for v in ("978-3-16-148410-0", "9783161484100", "3-16-148410-X", "978 3 16 148410 0")
    }
    assert same == {"9783161484100"}
    assert isbn13("978-3-031-00000-3") != isbn13("978-3-16-148410-0")
