"""The publishers' rules in check: CEUR-WS's licence clause and the signed agreements."""

from __future__ import annotations

from pathlib import Path

from conftest import edit
from packages.conftest import CLAUSE, demo_copy
from pdfbuild import text_pdf

from proceedings.buildpaths import BuildPaths
from proceedings.checks import check_project, check_volume
from proceedings.errors import Severity
from proceedings.load import load_volume

SERIES = "series:\n  name: Lecture Notes in Trustworthy Health AI\n  short_name: LNTHA\n  volume: 3"
CEUR = "series:\n  name: CEUR Workshop Proceedings\n  short_name: CEUR-WS\n  volume: 3"


def _codes(problems: list) -> dict[str, list[str | None]]:  # type: ignore[type-arg]
    out: dict[str, list[str | None]] = {}
    for problem in problems:
        out.setdefault(problem.code, []).append(problem.paper)
    return out


def test_the_clause_is_a_rule_of_ceur_volumes_only(tmp_path: Path) -> None:
    """This test ensures that check warns of each paper without CEUR-WS's clause in a volume
    of CEUR-WS's series, says nothing of it in another volume unless the CEUR package is
    being made, and finds it where a paper prints it."""
    project = demo_copy(tmp_path / "demo", clause=False)
    paths = BuildPaths.of(project)
    _, problems = check_project(project, paths=paths)
    assert "ceur.no-cc-by" not in _codes(problems)
    volume = load_volume(project)
    made = _codes(check_volume(volume, paths=paths, packages=("ceur",)))
    assert len(made["ceur.no-cc-by"]) == len(volume.archival_papers)
    edit(project / "source" / "volume.yaml", {SERIES: CEUR})
    (project / "papers" / "004" / "paper.pdf").write_bytes(text_pdf(["Title", *CLAUSE], 6))
    _, problems = check_project(project, paths=paths)
    found = [p for p in problems if p.code == "ceur.no-cc-by"]
    assert {p.severity for p in found} == {Severity.WARNING}
    assert "004" not in [p.paper for p in found]
    assert len(found) == len(volume.archival_papers) - 1


def test_agreements_when_the_editors_collect_them(tmp_path: Path) -> None:
    """This test ensures that agreements are asked of no paper by default, of every paper in
    the volume with 'agreements: true' (warnings), and that a named file that is missing is
    an error naming the file."""
    project = demo_copy(tmp_path / "demo", clause=False)
    _, problems = check_project(project, pdfs=False)
    assert "agreement.none" not in _codes(problems)
    edit(project / "source" / "volume.yaml", {"tracks:": "agreements: true\ntracks:"})
    with (project / "papers" / "002" / "paper.yaml").open("a", encoding="utf-8") as out:
        out.write("agreement: signed/agreement.pdf\n")
    _, problems = check_project(project, pdfs=False)
    codes = _codes(problems)
    assert "002" not in codes["agreement.none"]
    assert len(codes["agreement.none"]) == 10  # 11 in the volume; 008 is not archival
    missing = [p.format() for p in problems if p.code == "agreement.missing"]
    assert len(missing) == 1
    assert "error: agreement: papers/002/signed/agreement.pdf not found." in missing[0]
