"""Personal names: printed forms of hard real-world names, author-index order, and properties.

The corpus lives in ``tests/fixtures/names.yaml``; see its header for the format.
"""

from __future__ import annotations

import itertools
import random
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from proceedings.names import (
    Name,
    fold,
    initials,
    initials_fit,
    is_all_lower,
    is_shouting,
    one_slip,
    slip_keys,
)

FIXTURE = Path(__file__).parent / "fixtures" / "names.yaml"
CORPUS: dict[str, Any] = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = CORPUS["cases"]
ORDERS: list[dict[str, Any]] = CORPUS["index_order"]
FORMS = ("full", "short", "inverted", "initials", "particle", "family_core", "index_letter")
PROPERTY = settings(max_examples=200)


def _name(case: dict[str, Any]) -> Name:
    return Name(
        family=case["family"],
        given=case.get("given", ""),
        suffix=case.get("suffix", ""),
        family_first=case.get("family_first"),
    )


def _parse_entry(entry: str) -> Name:
    """'Family, Given[, Suffix]' (the index_order notation of the fixture) -> Name."""
    family, given, *suffix = entry.split(", ")
    return Name(family=family, given=given, suffix=suffix[0] if suffix else "")


# --- the corpus -----------------------------------------------------------------------------------


def test_corpus_is_large_and_well_formed() -> None:
    """This test ensures that the name corpus keeps at least 45 cases with unique ids, each giving
    every printed form."""
    assert len(CASES) >= 45
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    for case in CASES:
        assert set(FORMS) <= case.keys(), case["id"]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_printed_forms(case: dict[str, Any]) -> None:
    """This test ensures that every printed form of a hard real-world name (full, short, inverted,
    initials, particle, family core, index letter) is exactly what a volume editor expects."""
    name = _name(case)
    actual = {form: getattr(name, form) for form in FORMS}
    expected = {form: case[form] for form in FORMS}
    assert actual == expected


# --- author-index order ---------------------------------------------------------------------------


@pytest.mark.parametrize("order", ORDERS, ids=[order["id"] for order in ORDERS])
def test_index_order(order: dict[str, Any]) -> None:
    """This test ensures that Name.sort_key puts names in the expected author-index order
    (including the LNCS reference index) whatever order they arrive in."""
    entries: list[str] = order["names"]

    def key(entry: str) -> tuple[str, str, str, str]:
        return _parse_entry(entry).sort_key

    arrivals = [entries[::-1], sorted(entries)]
    arrivals += [random.Random(seed).sample(entries, len(entries)) for seed in range(5)]
    for arrival in arrivals:
        assert sorted(arrival, key=key) == entries


def test_spelling_ties_are_broken_deterministically() -> None:
    """This test ensures that 'Muller' and 'Müller' tie on the folded family and given name, yet
    still get distinct keys, so the index never depends on input order."""
    plain, umlaut = Name("Muller", "Zoë"), Name("Müller", "Zoë")
    assert plain.sort_key[:3] == umlaut.sort_key[:3]
    assert plain.sort_key < umlaut.sort_key


# --- properties -----------------------------------------------------------------------------------


def _letters(*ranges: tuple[int, int]) -> str:
    return "".join(chr(c) for lo, hi in ranges for c in range(lo, hi + 1) if chr(c).isalpha())


LATIN = _letters((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF))
GREEK = _letters((0x386, 0x3CE), (0x1F00, 0x1FFC))
CYRILLIC = _letters((0x400, 0x45F))
HEBREW_ARABIC_DEVANAGARI = _letters((0x5D0, 0x5EA), (0x627, 0x64A), (0x905, 0x939))
OTHER = HEBREW_ARABIC_DEVANAGARI + "王小明山田太郎佐々木김민준박서연さくらサクラ"
COMBINING = "".join(chr(c) for c in range(0x300, 0x370)) + "\u093e\u093f\u0941\u094d"
PUNCTUATION = " -'’.‐–"
ANY_SCRIPT = LATIN + GREEK + CYRILLIC + OTHER + COMBINING + PUNCTUATION

LATIN_UPPER = "".join(c for c in LATIN if c.isupper())
LATIN_LOWER = "".join(c for c in LATIN if c.islower())

name_text = st.text(alphabet=ANY_SCRIPT, max_size=12)
names = st.builds(
    Name,
    family=st.text(alphabet=ANY_SCRIPT, min_size=1, max_size=12),
    given=name_text,
    suffix=st.sampled_from(["", "Jr.", "Sr.", "II", "III"]),
)
latin_text = st.text(alphabet=LATIN + " -'’.", max_size=16)
# A name part as people write it: a capital, then lower-case letters (maybe an apostrophe).
latin_part = st.builds(
    lambda head, tail: head + tail,
    st.sampled_from(LATIN_UPPER),
    st.text(alphabet=LATIN_LOWER + "'’", max_size=8),
)
latin_word = st.lists(latin_part, min_size=1, max_size=3).map("-".join)
latin_given = st.lists(latin_word, min_size=1, max_size=4).map(" ".join)


@PROPERTY
@given(st.one_of(name_text, st.text(max_size=20)))
def test_fold_is_idempotent_lower_case_and_without_combining_marks(text: str) -> None:
    """This test ensures that fold is idempotent and returns only lower-case or caseless text
    without combining marks, for letters of several scripts."""
    folded = fold(text)
    assert fold(folded) == folded
    assert not any(unicodedata.combining(c) for c in folded)
    if all(c in ANY_SCRIPT for c in text):
        assert not any(c.isupper() or c.istitle() for c in folded)


@PROPERTY
@given(st.lists(names, max_size=12))
def test_sort_key_is_a_total_order(people: list[Name]) -> None:
    """This test ensures that sort_key is a total order: sorting any list of names twice, or in
    reverse input order, gives the same result, and equal keys mean the same name."""
    once = sorted(people, key=lambda n: n.sort_key)
    assert sorted(once, key=lambda n: n.sort_key) == once
    assert sorted(reversed(people), key=lambda n: n.sort_key) == once
    for a, b in itertools.pairwise(once):
        assert a.sort_key < b.sort_key or a == b


@PROPERTY
@given(names)
def test_inverted_starts_with_the_family_name(name: Name) -> None:
    """This test ensures that the inverted (author-index) form always starts with the family
    name."""
    assert name.inverted.startswith(name.family)


@PROPERTY
@given(
    family=st.text(alphabet=LATIN + " -'’.", min_size=1, max_size=16),
    given_name=latin_text,
    family_first=st.sampled_from([None, False]),
)
def test_short_ends_with_the_family_name(
    family: str, given_name: str, family_first: bool | None
) -> None:
    """This test ensures that the short form of a Latin name printed given-name first and without a
    suffix ends with the family name."""
    name = Name(family=family, given=given_name, family_first=family_first)
    assert name.short.endswith(family)


@PROPERTY
@given(latin_given)
def test_initials_of_latin_given_names(given_name: str) -> None:
    """This test ensures that the initials of any Latin given name are one initial ending in '.'
    per word and per hyphen part, each the first letter of its part."""
    result = initials(given_name)
    words = given_name.split(" ")
    abbreviated = result.split(" ")
    assert len(abbreviated) == len(words)
    for word, short in zip(words, abbreviated, strict=True):
        parts = word.split("-")
        pieces = short.split("-")
        assert len(pieces) == len(parts)
        for part, piece in zip(parts, pieces, strict=True):
            assert piece == part[0] + "."


@PROPERTY
@given(st.one_of(name_text, st.text(max_size=20)))
def test_shouting_and_all_lower_exclude_each_other(text: str) -> None:
    """This test ensures that no text is reported both as ALL CAPS and as all lower-case."""
    assert not (is_shouting(text) and is_all_lower(text))


SPELLINGS: list[list[Any]] = CORPUS["spellings"]


@pytest.mark.parametrize("case", SPELLINGS, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in SPELLINGS])
def test_spellings_of_one_person(case: list[Any]) -> None:
    """This test ensures that initials match the full given names they abbreviate and one slip
    of the keyboard matches a family name, both ways round, and that short family names one
    letter apart (two families) do not."""
    kind, a, b, same = case
    match = initials_fit if kind == "initials" else one_slip
    assert match(a, b) is same
    assert match(b, a) is same


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=12))
@PROPERTY
def test_every_slip_shares_a_key(word: str) -> None:
    """This test ensures that a name and any one slip of it share a slip key, so that the check,
    which compares only names sharing one, never misses a slip."""
    doubled = word[:1] + word
    swapped = word[1] + word[0] + word[2:]
    for other in (doubled, swapped, word[:-1] + "x"):
        assert slip_keys(word) & slip_keys(other)
