"""The Crossref deposit: valid against the 5.3.1 schema, faithful to the model, deterministic."""

from __future__ import annotations

import dataclasses
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, WORKSHOP, edit, require_schema

from proceedings.errors import ProceedingsError
from proceedings.exports import ExportOptions
from proceedings.exports.crossref import missing_fields, write_crossref
from proceedings.layout import Layout, compute_layout, read_page_counts
from proceedings.load import load_volume
from proceedings.model import Volume

NS = {"cr": "http://www.crossref.org/schema/5.3.1", "jats": "http://www.ncbi.nlm.nih.gov/JATS1"}


@pytest.fixture(scope="session")
def crossref_schema() -> Any:
    """The Crossref 5.3.1 schema, loaded once (about 2 s) and offline: no file outside its folder.

    Skipped when ../shared/schemas is absent, except under CI=true, where that is a failure.
    """
    xsd = require_schema("crossref", "crossref5.3.1.xsd")
    import xmlschema

    return xmlschema.XMLSchema(str(xsd), allow="sandbox")


def validate(schema: Any, text: str) -> None:
    """Fail with the schema's reasons unless ``text`` is a valid deposit (no URL is fetched)."""
    import xmlschema

    schema.validate(xmlschema.XMLResource(text, allow="none"))


@pytest.fixture
def deposit(
    demo_volume: Volume, demo_layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> ET.Element:
    """The demo volume's deposit, parsed, written without SOURCE_DATE_EPOCH."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return ET.fromstring(write_crossref(demo_volume, demo_layout, ExportOptions()))


def papers_of(deposit: ET.Element) -> list[ET.Element]:
    return deposit.findall("cr:body/cr:conference/cr:conference_paper", NS)


def doi_of(paper: ET.Element) -> str:
    return paper.findtext("cr:doi_data/cr:doi", namespaces=NS) or ""


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the demo volume's source/ and papers/, free to edit."""
    for folder in ("source", "papers"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def test_demo_deposit_validates(
    crossref_schema: Any, demo_volume: Volume, demo_layout: Layout
) -> None:
    """This test ensures that the demo volume's deposit is valid against crossref5.3.1.xsd."""
    validate(crossref_schema, write_crossref(demo_volume, demo_layout, ExportOptions()))


def test_demo_deposit_golden(
    demo_volume: Volume, demo_layout: Layout, golden: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that the demo volume's deposit stays byte-identical to its golden file."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    golden("demo.crossref.xml", write_crossref(demo_volume, demo_layout, ExportOptions()))


def test_papers_are_the_archival_ones_with_layout_pages(
    deposit: ET.Element, demo_volume: Volume, demo_layout: Layout
) -> None:
    """This test ensures that the deposit lists exactly the archival papers, in volume order, with
    the layout's page numbers, and leaves out the non-archival paper 008."""
    papers = papers_of(deposit)
    archival = demo_volume.archival_papers
    assert "008" not in [p.id for p in archival]
    assert len(papers) == len(archival) == 11
    for paper, element in zip(archival, papers, strict=True):
        pages = demo_layout.of(paper.id)
        assert element.findtext("cr:pages/cr:first_page", namespaces=NS) == str(pages.first)
        assert element.findtext("cr:pages/cr:last_page", namespaces=NS) == str(pages.last)
        assert element.findtext("cr:titles/cr:title", namespaces=NS) == paper.info.title
    assert not any(doi_of(p).endswith(".008") for p in papers)


def test_dois_and_resources_follow_the_volume(deposit: ET.Element, demo_volume: Volume) -> None:
    """This test ensures that every paper's DOI is volume.doi_of and resolves to its page, and that
    the volume's own DOI resolves to the site."""
    for paper, element in zip(demo_volume.archival_papers, papers_of(deposit), strict=True):
        assert doi_of(element) == demo_volume.doi_of(paper)
        resource = element.findtext("cr:doi_data/cr:resource", namespaces=NS)
        assert resource == demo_volume.paper_url(paper)
    meta = deposit.find("cr:body/cr:conference/cr:proceedings_series_metadata", NS)
    assert meta is not None  # the demo's series has an ISSN
    assert meta.findtext("cr:doi_data/cr:doi", namespaces=NS) == "10.5555/tml4h2025"
    assert meta.findtext("cr:doi_data/cr:resource", namespaces=NS) == demo_volume.info.url
    assert meta.findtext("cr:series_metadata/cr:issn", namespaces=NS) == "2999-5124"
    assert meta.findtext("cr:isbn", namespaces=NS) == "978-0-9999000-3-1"


def test_people_have_orcids_particles_and_suffixes(
    deposit: ET.Element, demo_volume: Volume
) -> None:
    """This test ensures that every author and editor with an ORCID has it as an orcid.org URL, that
    surnames keep their particles, suffixes have their own element and mononyms are surnames."""
    people = [*demo_volume.info.editors]
    for paper in demo_volume.archival_papers:
        people.extend(paper.info.authors)
    elements = deposit.findall(".//cr:person_name", NS)
    assert len(elements) == len(people)
    for person, element in zip(people, elements, strict=True):
        assert element.findtext("cr:surname", namespaces=NS) == person.family
        assert element.findtext("cr:ORCID", namespaces=NS) == (
            f"https://orcid.org/{person.orcid_id}" if person.orcid_id else None
        )
    names = {
        (e.findtext("cr:given_name", namespaces=NS), e.findtext("cr:surname", namespaces=NS))
        for e in elements
    }
    assert ("Jan", "van der Berg") in names
    assert ("Miriam", "de Lhoneux") in names
    assert ("Jürgen", "von Neumann-Schmidt") in names
    assert (None, "Kartika") in names  # a mononym
    assert ("小明", "王") in names
    whitfield = [e for e in elements if e.findtext("cr:surname", namespaces=NS) == "Whitfield"]
    assert whitfield
    assert all(e.findtext("cr:suffix", namespaces=NS) == "Jr." for e in whitfield)
    editors = deposit.findall("cr:body/cr:conference/cr:contributors/cr:person_name", NS)
    assert [e.get("contributor_role") for e in editors] == ["editor"] * 3
    assert [e.get("sequence") for e in editors] == ["first", "additional", "additional"]


def test_output_is_deterministic(
    demo_volume: Volume, demo_layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that two writes of the same volume are byte-identical, and that without
    SOURCE_DATE_EPOCH the timestamp is the event's day."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = write_crossref(demo_volume, demo_layout, ExportOptions())
    assert first == write_crossref(demo_volume, demo_layout, ExportOptions())
    assert "<timestamp>20250718000000</timestamp>" in first
    assert re.search(r"<doi_batch_id>tml4h2025-20250718000000-[0-9a-f]{8}</doi_batch_id>", first)


def test_timestamp_follows_source_date_epoch(
    demo_volume: Volume, demo_layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that SOURCE_DATE_EPOCH sets the timestamp and batch id (UTC), and that a
    value that is not a number is a clear error."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767268800")  # 2026-01-01 12:00:00 UTC
    text = write_crossref(demo_volume, demo_layout, ExportOptions())
    assert "<timestamp>20260101120000</timestamp>" in text
    assert "<doi_batch_id>tml4h2025-20260101120000-" in text
    assert text == write_crossref(demo_volume, demo_layout, ExportOptions())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ProceedingsError, match="SOURCE_DATE_EPOCH"):
        write_crossref(demo_volume, demo_layout, ExportOptions())


def test_missing_doi_prefix_is_a_clear_error(demo_copy: Path, demo_layout: Layout) -> None:
    """This test ensures that papers without a DOI in a volume without doi_prefix stop the export
    with an error naming source/volume.yaml and doi_prefix."""
    edit(demo_copy / "source" / "volume.yaml", {'doi_prefix: "10.5555"\n': ""})
    volume = load_volume(demo_copy)
    with pytest.raises(ProceedingsError) as caught:
        write_crossref(volume, demo_layout, ExportOptions())
    message = str(caught.value)
    assert message.startswith("source/volume.yaml: doi_prefix: ")
    assert "papers 001, 002" in message


def test_missing_editor_email_is_a_clear_error(demo_copy: Path, demo_layout: Layout) -> None:
    """This test ensures that a volume whose editors have no e-mail address (the depositor's)
    stops the export with an error naming source/volume.yaml and the editors' email field."""
    path = demo_copy / "source" / "volume.yaml"
    editors, rest = path.read_text(encoding="utf-8").split("\nparts:", 1)
    editors = re.sub(r"\n +email: .*", "", editors)
    path.write_text(editors + "\nparts:" + rest, encoding="utf-8")
    volume = load_volume(demo_copy)
    assert not any(e.email for e in volume.info.editors)
    with pytest.raises(ProceedingsError) as caught:
        write_crossref(volume, demo_layout, ExportOptions())
    message = str(caught.value)
    assert re.match(
        r"source/volume\.yaml:\d+: editors\[0\]\.email: no editor has an e-mail", message
    )


def test_every_missing_field_is_named_at_once(demo_copy: Path, demo_layout: Layout) -> None:
    """This test ensures that a volume lacking the URL and the publisher gets one error that names
    both fields, so the user fixes them in one round."""
    edit(
        demo_copy / "source" / "volume.yaml",
        {
            "url: https://tml4h.example.org/2025/\n": "",
            "publisher:\n  name: Example Open Press\n  place: Leiden\n": "",
        },
    )
    volume = load_volume(demo_copy)
    with pytest.raises(ProceedingsError) as caught:
        write_crossref(volume, demo_layout, ExportOptions())
    lines = str(caught.value).splitlines()
    assert lines[0].startswith("source/volume.yaml: url: ")
    assert lines[1].startswith("source/volume.yaml: publisher.name: ")
    assert lines[2] == "cannot write the Crossref deposit: 2 missing fields"


def test_a_build_notes_each_missing_field_on_a_line_of_its_own(
    demo_copy: Path, demo_layout: Layout
) -> None:
    """This test ensures that the exports of a build left without a Crossref deposit note each
    missing field on one line naming the file (and line) and the field, as check's lines do,
    and write every other format."""
    from proceedings.exports import render_exports

    edit(
        demo_copy / "source" / "volume.yaml",
        {
            "url: https://tml4h.example.org/2025/\n": "",
            "publisher:\n  name: Example Open Press\n  place: Leiden\n": "",
        },
    )
    rendered, notes = render_exports(load_volume(demo_copy), demo_layout)
    assert [note.split(": ")[:3] for note in notes] == [
        ["Crossref deposit not written", "source/volume.yaml", "url"],
        ["Crossref deposit not written", "source/volume.yaml", "publisher.name"],
    ]
    assert all("\n" not in note for note in notes)
    assert "crossref" not in {name for name, _, _ in rendered}


def test_missing_fields_tells_callers_whether_a_deposit_can_be_written(
    demo_volume: Volume,
) -> None:
    """This test ensures that missing_fields is empty for the demo and names the depositor's e-mail
    for the tiny workshop, whose editor has none, so that a caller can skip the deposit."""
    assert missing_fields(demo_volume) == []
    assert [field for field, _ in missing_fields(load_volume(WORKSHOP))] == ["editors[0].email"]


def test_awkward_title_and_two_paragraph_abstract_validate(
    crossref_schema: Any, demo_volume: Volume, demo_layout: Layout
) -> None:
    """This test ensures that a title with XML's special characters stays plain text and that an
    abstract of two paragraphs becomes two jats:p, the TeX kept, in a deposit that still
    validates."""
    title = 'Bold <b>Claims</b> & "Quoted" Results'
    abstract = "First paragraph, where $a < b$ &\n  $x_1$ wraps.\n\n  \nSecond paragraph.\n"
    first, *others = demo_volume.papers
    info = first.info.model_copy(update={"title": title, "abstract": abstract})
    papers = (dataclasses.replace(first, info=info), *others)
    volume = dataclasses.replace(demo_volume, papers=papers)
    text = write_crossref(volume, demo_layout, ExportOptions())
    validate(crossref_schema, text)
    assert '&lt;b&gt;Claims&lt;/b&gt; &amp; "Quoted"' in text
    paper = papers_of(ET.fromstring(text))[0]
    assert paper.findtext("cr:titles/cr:title", namespaces=NS) == title
    paragraphs = [p.text for p in paper.findall("jats:abstract/jats:p", NS)]
    assert paragraphs == ["First paragraph, where $a < b$ & $x_1$ wraps.", "Second paragraph."]


def test_papers_of_record_are_left_to_their_publisher(demo_copy: Path) -> None:
    """This test ensures that a paper whose version of record has a DOI (source/record.yaml)
    is not in the deposit (its publisher registered that DOI for its own page), the others
    are, and that a volume whose every paper is of record writes no deposit, saying why."""
    volume = load_volume(demo_copy)
    first, *rest = volume.archival_papers
    record = demo_copy / "source" / "record.yaml"
    record.write_text(
        f'papers:\n  "{first.id}":\n    doi: 10.1007/978-3-031-99999-4_1\n', encoding="utf-8"
    )
    volume = load_volume(demo_copy)
    layout = compute_layout(volume, read_page_counts(volume))
    deposit = ET.fromstring(write_crossref(volume, layout, ExportOptions()))
    assert [doi_of(p) for p in papers_of(deposit)] == [volume.doi_of(p) for p in rest]
    assert "10.1007/" not in ET.tostring(deposit, encoding="unicode")
    record.write_text(
        "papers:\n"
        + "".join(
            f'  "{p.id}":\n    doi: 10.1007/978-3-031-99999-4_{n}\n'
            for n, p in enumerate(volume.archival_papers, 1)
        ),
        encoding="utf-8",
    )
    volume = load_volume(demo_copy)
    [(_, message)] = missing_fields(volume)
    assert "registered by its publisher (source/record.yaml)" in message
    with pytest.raises(ProceedingsError, match="no DOI left for this deposit"):
        write_crossref(volume, layout, ExportOptions())
