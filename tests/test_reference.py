"""The plain-text reference of a paper: the words the site and the PDF cite it with."""

from __future__ import annotations

from proceedings.model import Person
from proceedings.reference import _listed


def test_authors_are_listed_family_name_first_with_initials() -> None:
    """This test ensures that a reference lists authors as LNCS does (``van der Berg, J.``,
    ``Dubois, J.-P.``, a suffix after the family name) and leaves a name without given names
    or one written without spaces (Chinese) as it is written."""
    cases = {
        Person(given="Jan", family="van der Berg"): "van der Berg, J.",
        Person(given="Jean-Pierre", family="Dubois"): "Dubois, J.-P.",
        Person(given="John", family="Smith", suffix="Jr."): "Smith Jr., J.",
        Person(family="Kartika", mononym=True): "Kartika",
        Person(given="小明", family="王"): "王小明",
    }
    for person, listed in cases.items():
        assert _listed(person.name) == listed
