"""dblp XML export: golden file, dblp.dtd, keys and crossrefs, pages, names, escaping."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import require_schema
from lxml import etree

from proceedings.exports import ExportOptions
from proceedings.exports.dblp import inproceedings_record, write_dblp
from proceedings.exports.keys import paper_keys
from proceedings.layout import Layout
from proceedings.model import Volume


def parse_valid(text: str) -> etree._Element:
    """Parse the export through its own DOCTYPE, validating against dblp.dtd at parse time.

    The document is parsed as if it sat beside the DTD, so ``SYSTEM "dblp.dtd"`` resolves to the
    local copy. ``resolve_entities=True`` is needed for the DTD's own parameter entity
    (``%field;``); ``no_network=True`` keeps it offline.
    """
    dtd = require_schema("dblp", "dblp.dtd")
    parser = etree.XMLParser(
        load_dtd=True, dtd_validation=True, resolve_entities=True, no_network=True
    )
    root = etree.fromstring(text.encode("utf-8"), parser, base_url=str(dtd.parent / "export.xml"))
    assert etree.DTD(str(dtd)).validate(root)
    return root


def _root(volume: Volume, layout: Layout, **options: str) -> etree._Element:
    return parse_valid(write_dblp(volume, layout, ExportOptions.of(volume, **options)))


def test_golden(
    demo_volume: Volume, demo_layout: Layout, golden: Callable[[str, str], None]
) -> None:
    """This test ensures that the demo volume's dblp XML is exactly the reviewed golden file."""
    text = write_dblp(demo_volume, demo_layout, ExportOptions.of(demo_volume))
    assert text.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n'
    )
    assert text == write_dblp(demo_volume, demo_layout, ExportOptions.of(demo_volume))
    golden("demo.dblp.xml", text)


def test_valid_against_the_dtd(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that the export is valid under dblp.dtd, which does reject errors."""
    for keys in ("id", "dblp"):
        _root(demo_volume, demo_layout, keys=keys)
    dtd = etree.DTD(str(require_schema("dblp", "dblp.dtd")))
    bad = etree.fromstring(b"<dblp><inproceedings><venue>TML4H</venue></inproceedings></dblp>")
    assert not dtd.validate(bad)


def test_records_keys_and_pages(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures one proceedings record, one paper record per archival paper, no 008."""
    root = _root(demo_volume, demo_layout, keys="dblp")
    (volume,) = root.findall("proceedings")
    assert volume.get("key") == "conf/tml4h/2025"
    assert volume.findtext("booktitle") == "TML4H"
    assert volume.findtext("title", "").startswith(
        "Trustworthy Machine Learning for Healthcare - Third International Workshop, TML4H 2025"
    )
    assert [e.text for e in volume.findall("editor")][1] == "Jürgen von Neumann-Schmidt"
    assert volume.findall("editor")[0].get("orcid") == "0000-0000-3858-2596"
    assert volume.findtext("ee") == "https://doi.org/10.5555/tml4h2025"
    assert (volume.findtext("series"), volume.findtext("volume")) == (
        "Lecture Notes in Trustworthy Health AI",
        "3",
    )
    keys = paper_keys(demo_volume, "dblp")
    papers = root.findall("inproceedings")
    archival = demo_volume.archival_papers
    assert [p.get("key") for p in papers] == [f"conf/tml4h/{keys[p.id]}" for p in archival]
    for record, paper in zip(papers, archival, strict=True):
        pages = demo_layout.of(paper.id)
        assert record.findtext("pages") == f"{pages.first}-{pages.last}"
        assert record.findtext("crossref") == "conf/tml4h/2025"
        assert record.findtext("year") == "2025"
        assert record.findtext("ee") == f"https://doi.org/10.5555/tml4h2025.{paper.id}"
        assert record.findtext("title") == paper.info.title + (
            "" if paper.info.title.endswith("?") else "."
        )
    text = write_dblp(demo_volume, demo_layout, ExportOptions.of(demo_volume))
    assert "Label Shift" not in text
    assert "-008" not in text
    paper_008 = next(p for p in demo_volume.papers if p.id == "008")
    with pytest.raises(KeyError):
        inproceedings_record(demo_volume, demo_layout, paper_008, "x")


def test_names(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that authors are printed as in the by-lines, with their ORCID iDs."""
    root = _root(demo_volume, demo_layout)
    authors = {a.text: a.get("orcid") for a in root.iter("author")}
    assert authors["Jan van der Berg"] == "0000-0000-7283-0573"
    assert "Robert T. Whitfield Jr." in authors
    assert authors["Kartika"] == "0000-0000-2770-9926"
    assert authors["王小明"] == "0000-0000-5376-2018"
    assert "Nguyễn Văn An" in authors


def test_awkward_characters(awkward_volume: tuple[Volume, Layout]) -> None:
    """This test ensures that markup characters are escaped by the XML writer and stay valid."""
    volume, layout = awkward_volume
    text = write_dblp(volume, layout, ExportOptions.of(volume))
    assert "<script>" not in text
    assert "Calibrated &lt;script&gt;&amp;\"' Risk Scores." in text
    root = parse_valid(text)
    first, second = root.findall("inproceedings")
    assert first.findtext("title") == "Calibrated <script>&\"' Risk Scores."
    assert second.findtext("pages") == "13"  # a one-page paper
    assert root.find("proceedings").get("key") == "conf/twct/2025"
    assert len(root.findall("inproceedings")) == 2  # c is non-archival
