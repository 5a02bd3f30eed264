"""RIS export: golden file, a strict parse back, pages from the layout, names, one-line values."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from proceedings.exports import ExportOptions
from proceedings.exports.ris import ris_entry, write_ris
from proceedings.layout import Layout
from proceedings.model import Volume

LINE = re.compile(r"^([A-Z][A-Z0-9])  - (.*)$")

Record = list[tuple[str, str]]


def parse_ris(text: str) -> list[Record]:
    """A strict RIS reader: ``XX  - value`` lines, blank lines only between records, LF only.

    Fails on anything a lenient reader would silently repair, so the export cannot lean on it.
    """
    assert "\r" not in text, "lines end with LF"
    assert text.endswith("ER  - \n"), "the file ends with the last record's ER line"
    records: list[Record] = []
    current: Record | None = None
    for number, line in enumerate(text.split("\n")[:-1], start=1):
        if not line:
            assert current is None, f"line {number}: blank line inside a record"
            continue
        match = LINE.match(line)
        assert match, f"line {number}: not 'XX  - value': {line!r}"
        tag, value = match.groups()
        if current is None:
            assert tag == "TY", f"line {number}: a record must open with TY, not {tag}"
            current = []
        current.append((tag, value))
        if tag == "ER":
            assert value == "", f"line {number}: ER takes no value"
            records.append(current)
            current = None
        else:
            assert value, f"line {number}: empty value"
            assert value == value.strip(), f"line {number}: padded value"
    assert current is None, "the last record has no ER line"
    return records


def values(record: Record, tag: str) -> list[str]:
    """Every value of ``tag`` in a record, in order."""
    return [value for t, value in record if t == tag]


def _records(volume: Volume, layout: Layout) -> list[Record]:
    return parse_ris(write_ris(volume, layout, ExportOptions.of(volume)))


def test_golden(
    demo_volume: Volume, demo_layout: Layout, golden: Callable[[str, str], None]
) -> None:
    """This test ensures that the demo volume's RIS is exactly the reviewed golden file."""
    text = write_ris(demo_volume, demo_layout, ExportOptions.of(demo_volume))
    assert text == write_ris(demo_volume, demo_layout, ExportOptions.of(demo_volume))
    golden("demo.ris", text)


def test_records_parse_and_pages_come_from_the_layout(
    demo_volume: Volume, demo_layout: Layout
) -> None:
    """This test ensures that every record is TY ... ER with the layout's pages, without 008."""
    records = _records(demo_volume, demo_layout)
    archival = demo_volume.archival_papers
    assert len(records) == len(archival)
    for record, paper in zip(records, archival, strict=True):
        assert record[0] == ("TY", "CPAPER")
        assert record[-1] == ("ER", "")
        assert values(record, "ID") == [f"tml4h2025-{paper.id}"]
        pages = demo_layout.of(paper.id)
        assert values(record, "SP") == [str(pages.first)]
        assert values(record, "EP") == [str(pages.last)]
        assert values(record, "DO") == [f"10.5555/tml4h2025.{paper.id}"]
        assert values(record, "KW") == list(paper.info.keywords)
        assert values(record, "TI") == [paper.info.title]
    text = write_ris(demo_volume, demo_layout, ExportOptions.of(demo_volume))
    assert "Label Shift" not in text
    assert "tml4h2025-008" not in text
    paper_008 = next(p for p in demo_volume.papers if p.id == "008")
    with pytest.raises(KeyError):
        ris_entry(demo_volume, demo_layout, paper_008, "x")


def test_volume_fields(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that the event, volume, series, publisher and editors are tagged."""
    record = _records(demo_volume, demo_layout)[0]
    assert values(record, "T2") == [demo_volume.info.event.name]
    assert values(record, "C3") == ["Trustworthy Machine Learning for Healthcare"]
    assert values(record, "T3") == ["Lecture Notes in Trustworthy Health AI"]
    assert values(record, "VL") == ["3"]
    assert values(record, "PY") == ["2025"]
    assert values(record, "SN") == ["978-0-9999000-3-1"]
    assert values(record, "PB") == ["Example Open Press"]
    assert values(record, "A2") == [
        "Mac Giolla Phádraig, Siobhán",
        "von Neumann-Schmidt, Jürgen",
        "García-Márquez, María José",
    ]


def test_names(demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that authors read 'Family, Given[, Suffix]' with particles in front."""
    authors = {a for record in _records(demo_volume, demo_layout) for a in values(record, "AU")}
    assert {
        "van der Berg, Jan",
        "de Lhoneux, Miriam",
        "al-Hassan, Omar",
        "Whitfield, Robert T., Jr.",
        "Kartika",
        "王, 小明",
        "Nguyễn, Văn An",
    } <= authors


def test_awkward_characters(awkward_volume: tuple[Volume, Layout]) -> None:
    """This test ensures that markup characters stay as they are and newlines become spaces."""
    volume, layout = awkward_volume
    assert "\n" in volume.papers[0].info.abstract
    assert "\n" in volume.papers[0].info.title
    records = parse_ris(write_ris(volume, layout, ExportOptions.of(volume)))
    assert len(records) == 2  # c is non-archival
    first, second = records
    assert values(first, "TI") == ["Calibrated <script>&\"' Risk Scores"]
    (abstract,) = values(first, "AB")
    assert abstract.startswith("We study how well risk scores for the onset of sepsis are")
    assert "  " not in abstract
    assert values(first, "AU") == ["van der Berg, Jan", "Müller, Zoë"]
    assert (values(second, "SP"), values(second, "EP")) == (["13"], ["13"])
