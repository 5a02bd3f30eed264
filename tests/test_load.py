"""The loader: a validated Volume from source/ and papers/, or every structural problem at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import WORKSHOP, edit

from proceedings.errors import ProceedingsError
from proceedings.load import load_volume, read_volume

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "load_errors.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_load_error_messages(workshop: Path, case: dict[str, Any]) -> None:
    """This test ensures that each structural mistake gives exactly the documented message."""
    target = workshop / case["file"]
    if "edit" in case:
        edit(target, case["edit"])
    elif "content_latin1" in case:
        target.write_bytes(case["content_latin1"].encode("latin-1"))
    elif "content_utf16" in case:
        target.write_bytes(case["content_utf16"].encode("utf-16"))  # with its byte order mark
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(case["content"], encoding="utf-8")
    for name, replacements in case.get("also", {}).items():
        edit(workshop / name, replacements)
    _, problems = read_volume(workshop)
    assert [p.format() for p in problems] == case["expected"]


def test_the_tiny_workshop_loads() -> None:
    """This test ensures that a valid project loads, papers in part order, then order and id."""
    volume = load_volume(WORKSHOP)
    assert [p.id for p in volume.papers] == ["a", "b", "c"]
    assert [p.id for p in volume.archival_papers] == ["a", "b"]
    assert volume.info.slug == "twct2025"
    assert volume.info.series is not None
    assert volume.info.series.volume == "7"
    assert volume.info.doi_prefix == "10.5555"
    assert volume.track_of(volume.papers[0]) == "full"
    author = volume.papers[0].info.authors[1]
    assert author.affiliations[0].institution == "ETH Zurich"
    assert volume.committees[0].people[1].affiliations[0].text == (
        "King Abdullah University of Science and Technology"
    )


def test_country_no_stays_text(workshop: Path) -> None:
    """This test ensures that YAML 1.1 pitfalls (NO as false, 017 as octal) do not bite."""
    edit(workshop / "source/committees.yaml", {"country: Belgium": "country: NO"})
    edit(workshop / "papers/a/paper.yaml", {"order: 1": "order: 017"})
    volume = load_volume(workshop)
    assert volume.committees[0].people[0].affiliations[0].country == "NO"
    assert volume.papers[0].info.order == 17


def test_load_volume_raises_one_error_with_every_problem(workshop: Path) -> None:
    """This test ensures that load_volume reports all problems in one error with a count."""
    edit(workshop / "papers/a/paper.yaml", {"part: methods": "prat: methods"})
    edit(workshop / "papers/b/paper.yaml", {"title:": "titel:"})
    with pytest.raises(ProceedingsError) as info:
        load_volume(workshop)
    lines = info.value.format_message().splitlines()
    assert lines[-1] == "the volume could not be loaded: 2 errors"
    assert [p.file for p in info.value.problems] == ["papers/a/paper.yaml", "papers/b/paper.yaml"]


def test_missing_project(tmp_path: Path) -> None:
    """This test ensures that running outside a project says how to start one."""
    _, problems = read_volume(tmp_path)
    assert [p.format() for p in problems] == [
        "papers/: error: folder not found. Create papers/<id>/paper.yaml for each accepted paper. "
        "[project.missing-papers]",
        "source/volume.yaml: error: file not found. Run 'proceedings init' to create a project, "
        "or run the command in the project folder. [project.missing-file]",
    ]


def test_orcid_url_form_is_accepted() -> None:
    """This test ensures that an ORCID written as a URL is reduced to the bare iD."""
    volume = load_volume(WORKSHOP)
    editor = volume.info.editors[0].model_copy(
        update={"orcid": "https://orcid.org/0000-0002-1825-0097"}
    )
    assert editor.orcid_id == "0000-0002-1825-0097"
