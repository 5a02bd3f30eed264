"""Checks over real, difficult PDFs: a clear problem or a clean result, never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import require_shared

from proceedings.cli import main

VOLUME = """\
title: Difficult PDFs
acronym: DPDF 2025
year: 2025
event: {name: A volume of difficult PDFs}
editors: [{given: Ada, family: Lovelace, affiliations: [Example University]}]
parts: [{id: all, title: All}]
"""
PAPER = """\
title: {title}
authors: [{{given: Ada, family: Lovelace, affiliations: [Example University]}}]
abstract: >
  A difficult PDF from the public pypdf sample corpus, used to show that every check of the
  proceedings tool answers with a clear problem or a clean result and never with a traceback.
keywords: [robustness]
part: all
"""


@pytest.fixture(scope="module")
def sample_volume(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose papers are every PDF of shared/data/pdf-sample-files (copied, not moved)."""
    samples = require_shared("pdf-sample-files")
    root = tmp_path_factory.mktemp("samples")
    (root / "source").mkdir()
    (root / "source/volume.yaml").write_text(VOLUME)
    for pdf in sorted(samples.glob("**/*.pdf")):
        paper_id = re.sub(r"[^a-z0-9]+", "-", pdf.stem.lower()).strip("-")
        folder = root / "papers" / paper_id
        folder.mkdir(parents=True)
        (folder / "paper.pdf").write_bytes(pdf.read_bytes())
        (folder / "paper.yaml").write_text(PAPER.format(title=json.dumps(pdf.stem)))
    return root


@pytest.mark.shared_data
def test_check_answers_every_sample_pdf(sample_volume: Path) -> None:
    """This test ensures that check reports each difficult PDF's real defect and never crashes."""
    result = CliRunner().invoke(main, ["-C", str(sample_volume), "check", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    codes: dict[str, set[str]] = {}
    for problem in report["problems"]:
        if problem["code"] == "people.missing-orcid":  # one note for the volume
            continue
        assert all(problem[key] for key in ("paper", "file", "message", "code")), problem
        codes.setdefault(problem["paper"], set()).add(problem["code"])
    papers = {p.name for p in (sample_volume / "papers").iterdir()}
    assert len(papers) == 24
    expected = {
        "libreoffice-writer-password": {"pdf.encrypted"},
        "unreadablemetadata": {"pdf.damaged"},
        "imagemagick-ccittfaxdecode": {"pdf.no-text", "pdf.page-size"},
        "imagemagick-images": {"pdf.page-size", "pdf.fonts-not-embedded"},
        "grayscale-image": {"pdf.page-size", "pdf.no-text"},
        "habibi-rotated": {"pdf.page-size"},
        "annotated-pdf": {"pdf.fonts-not-embedded"},
    }
    for paper, wanted in expected.items():
        assert wanted <= codes.get(paper, set()), (paper, codes.get(paper))
    # Files without a defect get no PDF error: only, at most, warnings such as the title.
    errors = {p["paper"] for p in report["problems"] if p["severity"] == "error"}
    assert errors == {
        "libreoffice-writer-password",
        "unreadablemetadata",
        "imagemagick-ccittfaxdecode",
        "grayscale-image",
    }


@pytest.mark.shared_data
def test_layout_stops_on_the_first_unreadable_sample(sample_volume: Path) -> None:
    """This test ensures that layout names the paper whose PDF cannot be counted."""
    result = CliRunner().invoke(main, ["-C", str(sample_volume), "layout"])
    assert result.exit_code == 1
    assert re.fullmatch(
        r"error: papers/[a-z0-9-]+/paper\.pdf: paper [a-z0-9-]+: the PDF (is encrypted with a "
        r"password; ask the authors for one without|cannot be read \(.+\); re-export it from its "
        r"source)\n",
        result.output,
    )
