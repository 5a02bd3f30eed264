"""The text helpers every stage shares (:mod:`proceedings.text`)."""

from __future__ import annotations

from proceedings.importers.table.sheet import column_letter
from proceedings.text import letters


def test_letters_name_as_spreadsheet_columns_and_key_suffixes_do() -> None:
    """This test ensures that letters() counts a..z, aa..zz, aaa (the one numbering dblp's key
    suffixes, PMLR's keys and spreadsheet columns share), and that columns are its capitals."""
    assert [letters(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "a", "b", "z", "aa", "ab", "az", "ba", "zz", "aaa",
    ]  # fmt: skip
    assert [column_letter(i) for i in (0, 25, 26, 701)] == ["A", "Z", "AA", "ZZ"]
