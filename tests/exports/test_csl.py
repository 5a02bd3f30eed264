"""CSL-JSON export: golden file, the CSL 1.0.2 schema, pages from the layout, names, escaping."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from conftest import require_schema

from proceedings.exports import ExportOptions
from proceedings.exports.csl import csl_item, write_csl_json
from proceedings.exports.keys import paper_keys
from proceedings.layout import Layout
from proceedings.model import Volume


def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(require_schema("csl", "csl-data.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _items(volume: Volume, layout: Layout, **options: Any) -> list[dict[str, Any]]:
    text = write_csl_json(volume, layout, ExportOptions.of(volume, **options))
    items: list[dict[str, Any]] = json.loads(text)
    return items


def _by_family(items: list[dict[str, Any]], family: str) -> dict[str, Any]:
    for item in items:
        for name in item["author"]:
            if name.get("family") == family:
                return dict(name)
    raise AssertionError(f"no author with family {family!r}")


def test_golden(
    demo_volume: Volume, demo_layout: Layout, golden: Callable[[str, str], None]
) -> None:
    """This test ensures that the demo volume's CSL-JSON is exactly the reviewed golden file."""
    text = write_csl_json(demo_volume, demo_layout, ExportOptions.of(demo_volume))
    assert text.endswith("]\n")
    assert text == write_csl_json(demo_volume, demo_layout, ExportOptions.of(demo_volume))
    golden("demo.csl.json", text)


def test_valid_against_the_csl_schema(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that the export validates against csl-data.json, which rejects errors."""
    validator = _validator()
    for keys in ("id", "dblp"):
        items = _items(demo_volume, demo_layout, keys=keys)
        assert [e.message for e in validator.iter_errors(items)] == []
    broken = [{**items[0], "type": "conference-paper", "license": "CC-BY-4.0"}]
    assert len(list(validator.iter_errors(broken))) == 2  # the schema is really applied


def test_pages_come_from_the_layout_and_non_archival_papers_stay_out(
    demo_volume: Volume, demo_layout: Layout
) -> None:
    """This test ensures that every item's pages are the layout's and paper 008 is in no item."""
    items = _items(demo_volume, demo_layout)
    archival = demo_volume.archival_papers
    assert [i["id"] for i in items] == [f"tml4h2025-{p.id}" for p in archival]
    assert "008" not in {p.id for p in archival}
    for item, paper in zip(items, archival, strict=True):
        pages = demo_layout.of(paper.id)
        assert item["page"] == f"{pages.first}-{pages.last}"
        assert item["page-first"] == str(pages.first)
        assert item["type"] == "paper-conference"
        assert item["DOI"] == f"10.5555/tml4h2025.{paper.id}"
    text = json.dumps(items, ensure_ascii=False)
    assert "Label Shift" not in text  # the title of 008
    paper_008 = next(p for p in demo_volume.papers if p.id == "008")
    with pytest.raises(KeyError):
        csl_item(demo_volume, demo_layout, paper_008, "x")


def test_volume_fields(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that container, series, event, publisher and identifiers are filled in."""
    item = _items(demo_volume, demo_layout)[0]
    assert item["container-title"] == "Trustworthy Machine Learning for Healthcare"
    assert item["collection-title"] == "Lecture Notes in Trustworthy Health AI"
    assert item["collection-number"] == "3"
    assert item["event-date"] == {"date-parts": [[2025, 7, 18]]}
    assert item["issued"] == {"date-parts": [[2025]]}
    assert (item["publisher"], item["publisher-place"]) == ("Example Open Press", "Leiden")
    assert (item["ISBN"], item["ISSN"]) == ("978-0-9999000-3-1", "2999-5124")
    assert item["URL"] == "https://tml4h.example.org/2025/papers/001/"
    assert item["keyword"].startswith("Concept bottleneck models, Calibration, ")
    assert [e.get("non-dropping-particle") for e in item["editor"]] == [None, "von", None]


def test_names(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that particles, suffixes, a mononym and CJK names keep their parts."""
    items = _items(demo_volume, demo_layout)
    assert _by_family(items, "Berg") == {
        "family": "Berg",
        "given": "Jan",
        "non-dropping-particle": "van der",
    }
    assert _by_family(items, "Whitfield") == {
        "family": "Whitfield",
        "given": "Robert T.",
        "suffix": "Jr.",
    }
    assert _by_family(items, "Kartika") == {"family": "Kartika"}
    assert _by_family(items, "王") == {"family": "王", "given": "小明"}
    assert _by_family(items, "Nguyễn") == {
        "family": "Nguyễn",
        "given": "Văn An",
        "static-ordering": True,
    }
    assert _by_family(items, "al-Hassan") == {"family": "al-Hassan", "given": "Omar"}


def test_dblp_keys(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that the items take the citation keys of the chosen key scheme."""
    ids = [i["id"] for i in _items(demo_volume, demo_layout, keys="dblp")]
    assert ids == list(paper_keys(demo_volume, "dblp").values())
    assert ids[:3] == ["OBrien25", "AlHassan25", "Muller25"]


def test_awkward_characters(awkward_volume: tuple[Volume, Layout]) -> None:
    """This test ensures that markup characters and newlines survive as data and stay valid."""
    volume, layout = awkward_volume
    text = write_csl_json(volume, layout, ExportOptions.of(volume))
    items = json.loads(text)
    assert items[0]["title"] == "Calibrated <script>&\"' Risk Scores"
    assert '"Calibrated <script>&\\"\' Risk Scores"' in text  # JSON's own escape, nothing more
    assert "\n" in items[0]["abstract"]  # paragraphs are kept, escaped by JSON
    assert "\\n" in text
    assert items[1]["page"] == "13"  # a one-page paper
    assert [i["id"] for i in items] == ["twct2025-a", "twct2025-b"]  # c is non-archival
    assert [e.message for e in _validator().iter_errors(items)] == []
