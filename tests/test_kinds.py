"""Kinds of contribution: what check asks of each, where each goes, how the exports show it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import edit

from proceedings.build import prepare
from proceedings.buildpaths import BuildPaths
from proceedings.checks import check_project, failing
from proceedings.cli import main
from proceedings.exports import ExportOptions
from proceedings.exports.bibtex import write_bibtex
from proceedings.exports.csl import write_csl_json
from proceedings.exports.ris import write_ris
from proceedings.kinds import KINDS
from proceedings.layout import compute_layout
from proceedings.load import load_volume

PREFACE = """\
kind: preface
title: Preface
authors: []
part: methods
"""

KEYNOTE = """\
kind: invited
title: What Careful Testing Taught Us
authors:
  - given: Ada
    family: Keynote
    affiliations: [Analytical Engines Ltd]
part: studies
pdf: null
"""


def _with_kinds(project: Path, preface_pdf: bytes | None = None) -> Path:
    """The workshop with a preface (no abstract, no authors) opening part 'methods' and an
    invited talk given without a PDF or an abstract in part 'studies'."""
    (project / "papers/000").mkdir()
    (project / "papers/000/paper.yaml").write_text(PREFACE, encoding="utf-8")
    if preface_pdf is not None:
        (project / "papers/000/paper.pdf").write_bytes(preface_pdf)
    (project / "papers/keynote").mkdir()
    (project / "papers/keynote/paper.yaml").write_text(KEYNOTE, encoding="utf-8")
    return project


def test_every_kind_has_its_rules() -> None:
    """This test ensures that the kinds the model admits are exactly the kinds of the table."""
    from typing import get_args

    from proceedings.kinds import Kind

    assert set(get_args(Kind)) == set(KINDS)
    assert {k for k, rules in KINDS.items() if not rules.needs_abstract} == {
        "invited",
        "preface",
        "frontmatter",
    }


def test_check_asks_each_kind_for_what_it_needs(workshop: Path) -> None:
    """This test ensures that a preface without abstract or authors and an invited talk without
    PDF or abstract raise no problem, where a paper would."""
    _with_kinds(workshop)
    _, problems = check_project(workshop, pdfs=False)
    about = [p for p in problems if p.paper in ("000", "keynote")]
    assert about == [], [p.format() for p in about]


def test_kinds_take_their_place_in_their_part(workshop: Path) -> None:
    """This test ensures that a preface opens its part and an invited talk comes before the
    papers of its part, and that a contribution without a PDF stays out of the layout."""
    _with_kinds(workshop)
    volume = load_volume(workshop)
    assert [p.id for p in volume.papers] == ["000", "a", "keynote", "b", "c"]
    assert [p.id for p in volume.archival_papers] == ["000", "a", "b"]
    layout = compute_layout(volume, {"000": 2, "a": 12, "b": 5})
    assert [(e.paper, e.first, e.last) for e in layout.papers] == [
        ("000", 1, 2),
        ("a", 3, 14),
        ("b", 15, 19),
    ]


def test_exports_name_the_kind(workshop: Path) -> None:
    """This test ensures that the exports list the preface as a part of the proceedings with
    its kind named (BibTeX note, CSL genre, RIS N1) and leave the talk without a PDF out."""
    _with_kinds(workshop)
    volume = load_volume(workshop)
    layout = compute_layout(volume, {"000": 2, "a": 12, "b": 5})
    options = ExportOptions.of(volume)
    bib = write_bibtex(volume, layout, options)
    assert "@inproceedings{twct2025-000," in bib
    assert "note = {Preface}" in bib
    assert "keynote" not in bib.lower()
    items = {item["id"]: item for item in json.loads(write_csl_json(volume, layout, options))}
    assert items["twct2025-000"]["type"] == "paper-conference"
    assert items["twct2025-000"]["genre"] == "Preface"
    assert "genre" not in items["twct2025-a"]
    assert "N1  - Preface" in write_ris(volume, layout, options)


def test_a_missing_abstract_stops_no_output(complete_workshop: Path) -> None:
    """This test ensures that check fails on a paper without an abstract while the outputs,
    which are right without it, are made: prepare and 'export bibtex' go on."""
    text = (complete_workshop / "papers/a/paper.yaml").read_text(encoding="utf-8")
    start = text.index("abstract: >")
    end = text.index("keywords:")
    (complete_workshop / "papers/a/paper.yaml").write_text(
        text[:start] + text[end:], encoding="utf-8"
    )
    _, problems = check_project(complete_workshop, pdfs=False)
    assert [p.code for p in failing(problems, strict=False)] == ["metadata.missing-abstract"]
    prepare(complete_workshop, BuildPaths.of(complete_workshop), pdfs=False)
    result = CliRunner().invoke(main, ["-C", str(complete_workshop), "export", "bibtex"])
    assert result.exit_code == 0, result.output
    assert "@inproceedings{twct2025-a," in result.output
    result = CliRunner().invoke(main, ["-C", str(complete_workshop), "check", "--no-pdf"])
    assert result.exit_code == 1
    assert "metadata.missing-abstract" in result.output


def test_a_paper_needs_its_pdf(workshop: Path) -> None:
    """This test ensures that 'pdf: null' on a research paper is an error that stops the build."""
    edit(workshop / "papers/b/paper.yaml", {"track: short": "track: short\npdf: null"})
    _, problems = check_project(workshop, pdfs=False)
    assert [p.code for p in failing(problems, strict=False, outputs=("pdf",))] == [
        "metadata.no-pdf"
    ]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_loads(workshop: Path, kind: str) -> None:
    """This test ensures that paper.yaml accepts every kind of the table."""
    edit(workshop / "papers/b/paper.yaml", {"track: short": f"track: short\nkind: {kind}"})
    volume = load_volume(workshop)
    assert {p.id: p.info.kind for p in volume.papers}["b"] == kind
