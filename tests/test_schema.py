"""JSON Schemas of the project's YAML files: written, valid, and true to what check accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, WORKSHOP
from importers.conftest import run_import
from jsonschema import Draft202012Validator

from proceedings.cli import main
from proceedings.schema import FILES, SCHEMA_DIR, json_schema
from proceedings.yamlfile import read_yaml

KINDS = {kind.name: kind for kind in FILES}


def _validator(kind: str) -> Draft202012Validator:
    schema = json_schema(KINDS[kind])
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _data(path: Path) -> Any:
    """The file as the project's loader reads it (YAML 1.2: dates are texts, as in an editor)."""
    doc, problems = read_yaml(path, path.name)
    assert doc is not None, problems
    return doc.data


def _project_files(root: Path) -> list[tuple[str, Path]]:
    found = []
    for kind in FILES:
        found += [(kind.name, path) for path in sorted(root.glob(kind.pattern))]
    return found


def _errors(kind: str, data: Any) -> list[str]:
    return sorted(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _validator(kind).iter_errors(data)
    )


def test_schema_writes_one_valid_schema_per_file(tmp_path: Path) -> None:
    """This test ensures that 'schema DIR' writes the six schemas, each a valid JSON
    Schema (draft 2020-12) naming the files it describes."""
    result = CliRunner().invoke(main, ["schema", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    names = [
        "volume.schema.json",
        "committees.schema.json",
        "paper.schema.json",
        "program.schema.json",
        "sponsors.schema.json",
        "event.schema.json",
        "record.schema.json",
    ]
    assert result.output.splitlines() == [f"wrote {tmp_path / 's' / name}" for name in names]
    for name in names:
        schema = json.loads((tmp_path / "s" / name).read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
    paper = json.loads((tmp_path / "s/paper.schema.json").read_text(encoding="utf-8"))
    assert paper["title"] == "papers/*/paper.yaml"
    assert {"title", "authors", "abstract", "keywords", "part"} <= paper["properties"].keys()
    assert paper["additionalProperties"] is False  # a typo is flagged while typing


def test_schema_writes_into_the_project_by_default(workshop: Path) -> None:
    """This test ensures that without -o the schemas go to the project's .schemas/."""
    result = CliRunner().invoke(main, ["-C", str(workshop), "schema"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (workshop / SCHEMA_DIR).iterdir()) == [
        "committees.schema.json",
        "event.schema.json",
        "paper.schema.json",
        "program.schema.json",
        "record.schema.json",
        "sponsors.schema.json",
        "volume.schema.json",
    ]


@pytest.mark.parametrize("root", [ROOT, WORKSHOP], ids=["demo", "workshop"])
def test_every_file_of_a_correct_project_is_valid(root: Path) -> None:
    """This test ensures that the demo's and the workshop's files, which check accepts, are
    valid against their schemas, shorthands included (affiliations and keywords as texts)."""
    files = _project_files(root)
    assert len(files) >= 4
    for kind, path in files:
        assert _errors(kind, _data(path)) == [], path


def test_the_schema_flags_what_check_refuses() -> None:
    """This test ensures that what the model refuses (an unknown key, a wrong type, a missing
    required key) is flagged by the schema, so the editor shows it before check does."""
    data = _data(WORKSHOP / "papers/a/paper.yaml")
    assert _errors("paper", {**data, "keywrods": ["x"]}) == [
        ": Additional properties are not allowed ('keywrods' was unexpected)"
    ]
    assert _errors("paper", {**data, "archival": "yes"}) == [
        "archival: 'yes' is not of type 'boolean'"
    ]
    assert _errors("paper", {k: v for k, v in data.items() if k != "part"}) == [
        ": 'part' is a required property"
    ]
    volume = _data(WORKSHOP / "source/volume.yaml")
    assert _errors("volume", {**volume, "year": 1066}) == [
        "year: 1066 is less than the minimum of 1900"
    ]


def _modeline_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), (path, first)
    return (path.parent / first.removeprefix(prefix)).resolve()


def test_init_points_every_file_at_its_schema(tmp_path: Path) -> None:
    """This test ensures that each YAML file 'init' writes starts with a modeline whose relative
    path reaches the schema init wrote, and that the files are valid against it."""
    target = tmp_path / "new"
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    files = _project_files(target)
    assert [kind for kind, _ in files] == [
        "volume", "committees", *["paper"] * 4, "program", "sponsors", "event"
    ]  # fmt: skip
    for kind, path in files:
        schema = _modeline_target(path)
        assert schema == (target / SCHEMA_DIR / f"{kind}.schema.json").resolve()
        assert json.loads(schema.read_text(encoding="utf-8")) == json_schema(KINDS[kind])
        assert _errors(kind, _data(path)) == [], path


def test_import_points_every_file_at_its_schema(tmp_path: Path) -> None:
    """This test ensures that the files an import writes (here from an OpenReview export) start
    with the modeline, reach the schemas the import wrote, and are valid against them."""
    project = tmp_path / "project"
    source = Path(__file__).parent / "fixtures/openreview/xyz2025-v2.json"
    result = run_import("openreview", source, "--into", project, "--editor", "Ada Lovelace")
    assert result.exit_code == 0, result.output
    files = _project_files(project)
    assert {kind for kind, _ in files} >= {"volume", "paper"}
    for kind, path in files:
        assert _modeline_target(path) == (project / SCHEMA_DIR / f"{kind}.schema.json").resolve()
        assert _errors(kind, _data(path)) == [], path
