"""ProceedingsError: where an error happened is kept apart from what happened."""

from __future__ import annotations

import pytest

from proceedings.errors import ProceedingsError


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ({}, "is not an ORCID iD"),
        ({"path": "papers/017/paper.yaml"}, "papers/017/paper.yaml: is not an ORCID iD"),
        (
            {"path": "papers/017/paper.yaml", "line": 4},
            "papers/017/paper.yaml:4: is not an ORCID iD",
        ),
        ({"line": 4}, "is not an ORCID iD"),
        (
            {"path": "papers/017/paper.yaml", "line": 4, "field": "authors[2].orcid"},
            "papers/017/paper.yaml:4: authors[2].orcid: is not an ORCID iD",
        ),
        ({"field": "authors[2].orcid"}, "authors[2].orcid: is not an ORCID iD"),
    ],
)
def test_text_is_built_from_the_parts(where: dict[str, str | int], text: str) -> None:
    """This test ensures that the error's text names the file, line and field that are known,
    in that order, before the message, and that ``str()`` gives the same text."""
    error = ProceedingsError("is not an ORCID iD", **where)
    assert error.format_message() == text
    assert str(error) == text


def test_parts_survive_a_new_message() -> None:
    """This test ensures that code catching the error can read where it happened and raise it
    again with another message, without parsing the first one's text."""
    error = ProceedingsError(
        "is not an ORCID iD", path="papers/017/paper.yaml", line=4, field="authors[2].orcid"
    )
    assert (error.path, error.line, error.field, error.message) == (
        "papers/017/paper.yaml",
        4,
        "authors[2].orcid",
        "is not an ORCID iD",
    )
    error.message = "'0000-12' is not an ORCID iD"
    assert error.format_message() == (
        "papers/017/paper.yaml:4: authors[2].orcid: '0000-12' is not an ORCID iD"
    )


def test_paper_is_kept_but_not_repeated() -> None:
    """This test ensures that the paper's id is an attribute the message does not repeat (the
    message names the paper in its own words)."""
    error = ProceedingsError("paper a: the PDF has no pages", path="papers/a/paper.pdf", paper="a")
    assert error.paper == "a"
    assert error.format_message() == "papers/a/paper.pdf: paper a: the PDF has no pages"
