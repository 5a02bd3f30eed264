"""The ACL Anthology importer: the real LOUHI 2021 volume end to end, and the hard cases on a
small synthetic XML (tests/fixtures/acl/anthology.xml)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import require_shared
from pdfbuild import text_pdf

from importers.conftest import (
    check_and_build,
    errors,
    load_yaml,
    names,
    notes_with,
    read_source,
    run_import,
)
from proceedings.errors import ProceedingsError
from proceedings.importers import ImportedVolume
from proceedings.importers.project import write_project
from proceedings.load import load_volume

FIXTURE = Path(__file__).parent.parent / "fixtures" / "acl" / "anthology.xml"
LOUHI = ("acl-anthology-louhi2021", "2021.louhi.xml")


def _import(source: Path, pdfs: Path | None = None, **overrides: object) -> ImportedVolume:
    """``read_import`` as the command line runs it, with PDFs and volume options."""
    return read_source("acl-anthology", source, pdfs=pdfs, **overrides)


# --- the real LOUHI 2021 volume --------------------------------------------------------------


@pytest.fixture(scope="module")
def louhi(tmp_path_factory: pytest.TempPathFactory) -> tuple[ImportedVolume, Path, Path]:
    """LOUHI 2021 imported once with four PDFs: one by Anthology file name (paper 3), one by
    the title on its first page (paper 9), the front matter's, and one that is no paper's."""
    pdfs = tmp_path_factory.mktemp("louhi-pdfs")
    (pdfs / "2021.louhi-1.0.pdf").write_bytes(text_pdf(["LOUHI 2021", "Front Matter"], pages=3))
    (pdfs / "2021.louhi-1.3.pdf").write_bytes(text_pdf(["Understanding Social Support"], pages=9))
    (pdfs / "scan-0042.pdf").write_bytes(
        text_pdf(
            ["FuzzyBIO: A Proposal for Fuzzy Representation", "of Discontinuous Entities"],
            pages=5,
        )
    )
    (pdfs / "keynote.pdf").write_bytes(text_pdf(["Keynote Slides"]))
    imported = _import(require_shared(*LOUHI), pdfs=pdfs)
    root = tmp_path_factory.mktemp("louhi") / "louhi2021"
    write_project(imported, root)
    return imported, root, pdfs


def test_louhi_volume_from_meta(louhi: tuple[ImportedVolume, Path, Path]) -> None:
    """This test ensures that <meta> fills volume.yaml: title, editors, publisher, place, year,
    and a guessed acronym that a note explains."""
    imported, root, _ = louhi
    info = load_volume(root).info
    assert info.title == (
        "Proceedings of the 12th International Workshop on Health Text Mining and Information "
        "Analysis"
    )
    assert info.event.name == (
        "12th International Workshop on Health Text Mining and Information Analysis"
    )
    assert (info.acronym, info.year, info.event.place) == ("LOUHI 2021", 2021, "Online")
    assert info.publisher is not None
    assert info.publisher.name == "Association for Computational Linguistics"
    assert [(e.given, e.family) for e in info.editors] == [
        ("Eben", "Holderness"), ("Antonio", "Jimeno Yepes"), ("Alberto", "Lavelli"),
        ("Anne-Lyse", "Minard"), ("James", "Pustejovsky"), ("Fabio", "Rinaldi"),
    ]  # fmt: skip
    assert info.url is None
    assert info.event.start is None
    assert notes_with(imported, "acronym 'LOUHI 2021' guessed from the venue id 'louhi'")
    assert notes_with(imported, "month 'April' not imported")
    assert notes_with(imported, "address 'online' read as the place 'Online'")
    assert notes_with(imported, "2021.louhi-1.0: the front matter imported as kind frontmatter")


def test_louhi_papers_titles_names_and_markup(louhi: tuple[ImportedVolume, Path, Path]) -> None:
    """This test ensures that the 11 papers load in order with zero-padded ids, <fixed-case>
    titles as plain text, names split by <first>/<last> and inline markup as Markdown."""
    imported, root, _ = louhi
    volume = load_volume(root)
    assert [p.id for p in volume.papers] == [f"{n:03d}" for n in range(12)]  # 000: front matter
    info = {p.id: p.info for p in volume.papers}
    assert info["001"].title == (
        "ArCorona: Analyzing Arabic Tweets in the Early Days of Coronavirus (COVID-19) Pandemic"
    )
    assert info["007"].title.endswith("on social media using RoBERTa")
    assert info["011"].title == "Scientific Claim Verification with VerT5erini"
    names = {p: [(a.given, a.family) for a in i.authors] for p, i in info.items()}
    assert ("Anders", "Søgaard") in names["002"]
    assert ("Sharath Chandra", "Guntuku") in names["003"]
    assert ("Gerard", "de Melo") in names["004"]
    assert ("João", "Sedoc") in names["008"]
    assert sum(len(authors) for authors in names.values()) == 36
    assert "follow a *retrieve and rerank* paradigm" in info["004"].abstract
    assert info["004"].links.code == "https://github.com/kingsaint/BioMedical-EL"
    assert info["003"].links.code is None
    # The Anthology's page ranges (en dashes) are kept aside, for the layout to compare.
    pages = {p.id: p.pages for p in imported.papers}
    assert (pages["001"], pages["011"]) == ((1, 6), (94, 103))
    assert not notes_with(imported, "do not follow")
    # Capitals the Anthology protects but the BibTeX export would not: said, once each.
    assert notes_with(
        imported, "2021.louhi-1.1: title: the Anthology keeps the capitals of 'Arabic'"
    )
    assert notes_with(
        imported, "2021.louhi-1.8: title: the Anthology keeps the capitals of 'Reddit'"
    )
    assert notes_with(imported, "2021.louhi-1.8: abstract: ends '...ated gold-standard maternal")
    assert notes_with(imported, "paper elements not imported: bibkey (11), pwcdataset (7)")


def test_louhi_pdfs_by_file_name_and_by_title(louhi: tuple[ImportedVolume, Path, Path]) -> None:
    """This test ensures that PDFs are found by Anthology file name or first-page title, that a
    stray PDF and a page count the source disagrees with are noted."""
    imported, root, pdfs = louhi
    assert {p.id: p.pdf.name for p in imported.papers if p.pdf} == {
        "000": "2021.louhi-1.0.pdf",
        "003": "2021.louhi-1.3.pdf",
        "009": "scan-0042.pdf",
    }
    assert (root / "papers" / "009" / "paper.pdf").read_bytes() == (
        pdfs / "scan-0042.pdf"
    ).read_bytes()
    assert notes_with(imported, "2021.louhi-1.9: PDF scan-0042.pdf matched by the title")
    assert notes_with(imported, f"1 PDF in {pdfs} matched no paper: keynote.pdf")
    assert notes_with(imported, "9 papers without a PDF: 001, 002, 004")
    assert notes_with(imported, "gives pages 77-82 (6) but scan-0042.pdf has 5 pages")
    assert not notes_with(imported, "2021.louhi-1.3: the source gives pages")


def test_louhi_checks_and_builds(louhi: tuple[ImportedVolume, Path, Path]) -> None:
    """This test ensures that check finds no error but the missing PDFs, and the volume builds."""
    imported, root, _ = louhi
    problems, result = check_and_build(root)
    assert errors(problems) == {("pdf.missing", p.id) for p in imported.papers if p.pdf is None}
    assert "text.latex" not in {p.code for p in problems}
    assert (root / "_build" / "pdf" / "louhi2021.pdf").is_file()
    assert len(result.volume.papers) == 12
    front = result.volume.papers[0]
    assert (front.id, front.info.kind, front.info.title) == ("000", "frontmatter", "Front matter")
    assert front.in_volume  # its PDF opens the volume's body
    assert (result.layout.of("000").first, result.layout.of("000").last) == (1, 3)


def test_louhi_options_through_the_command_line(tmp_path: Path) -> None:
    """This test ensures that --acronym, --url and --doi-prefix replace what the XML gives or
    lacks, and silence the notes about them."""
    into = tmp_path / "project"
    result = run_import(
        "acl-anthology", require_shared(*LOUHI), "--into", into, "--acronym", "Louhi 2021",
        "--url", "https://louhi.example.org/", "--doi-prefix", "10.5555",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    info = load_volume(into).info
    assert (info.acronym, info.event.short_name) == ("Louhi 2021", "Louhi 2021")
    assert (info.url, info.doi_prefix) == ("https://louhi.example.org/", "10.5555")
    assert "guessed" not in result.stderr
    assert "url not set" not in result.stderr
    assert "imported 12 papers, 0 with a PDF" in result.output
    front = load_yaml(into / "papers" / "000" / "paper.yaml")
    assert (front["kind"], front["title"], front["pdf"]) == ("frontmatter", "Front matter", None)
    assert "without a PDF" not in result.stderr  # no --pdfs: none looked for


# --- the synthetic XML -----------------------------------------------------------------------


def test_synthetic_markup_people_and_links() -> None:
    """This test ensures that every kind of inline markup becomes Markdown, that authors keep
    ORCIDs and affiliations and are one person across papers by their Anthology id, and that
    DOIs, awards, attachments and videos are read."""
    imported = _import(FIXTURE)
    first, second = (p.data for p in imported.papers if p.data.get("kind") != "frontmatter")
    assert first["title"] == "Counting Words on Reddit with k-Means"
    assert first["abstract"] == (
        "We *retrieve and rerank* with **bold** claims at a cost of \\$5 with "
        "$\\alpha^2$-nets; code at https://example.org/code. CO$_{2}$ drops."
    )
    assert first["authors"][0] == {
        "given": "Søren",
        "family": "Møller",
        "affiliations": ["University of Oslo"],
        "orcid": "0000-0002-1825-0097",
    }
    assert second["authors"] == [first["authors"][0]]  # "Soren Moller", the same Anthology id
    assert names(first["authors"])[1] == ("María José", "de la Fuente")
    assert (first["doi"], first["award"]) == ("10.18653/v1/2025.tinyex-1.1", "Best Paper Award")
    assert first["links"] == {
        "code": "https://aclanthology.org/attachments/2025.tinyex-1.1.Software.zip",
        "video": "https://example.org/talk.mp4",
    }
    assert names(imported.volume["editors"]) == [("Ada", "Lovelace"), ("", "Mausam")]
    assert imported.volume["editors"][1]["mononym"] is True
    notes = "\n".join(imported.notes)
    assert "2 volumes in the file; imported volume 1, not 2" in notes
    assert "attachment '2025.tinyex-1.1.Note.pdf' (note) not kept" in notes
    assert "anthology.xml:35: 2025.tinyex-1.2: revised in the Anthology" in notes
    assert imported.papers[2].origin == f"{FIXTURE}:35 (2025.tinyex-1.2)"


def _xml(tmp_path: Path, replacements: dict[str, str]) -> Path:
    text = FIXTURE.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "volume.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_one_bad_paper_never_stops_the_others(tmp_path: Path) -> None:
    """This test ensures that a paper without a title is skipped with a note naming the file,
    line and paper, and the other papers imported."""
    whole = _import(_xml(tmp_path, {}))
    imported = _import(_xml(tmp_path, {"<title>A Second Paper</title>": "<title></title>"}))
    assert len(imported.papers) == len(whole.papers) - 1
    assert next(n.replace(f"{tmp_path}/", "") for n in imported.notes if "skipped" in n) == (
        "volume.xml:35: 2025.tinyex-1.2: skipped, not imported: the paper has no <title>; add it"
    )


@pytest.mark.parametrize(
    ("replacements", "message"),
    [
        (
            {"<title>A Second Paper</title>": "<title>A Second Paper</titel>"},
            r"volume.xml:36: the XML does not parse: mismatched tag \(column 30\)",
        ),
        (
            {"<title>A Second Paper</title>": "<title></title>"},
            r"volume.xml:35: 2025.tinyex-1.2: the paper has no <title>; add it\n.*1 paper without",
        ),
        ({"<year>2025</year>\n      <venue>": "<venue>"}, r"<meta> has no <year>: pass --year"),
        ({"<venue>tinyex</venue>": ""}, r"<meta> has no <venue> for the acronym: pass --acronym"),
        ({'<collection id="2025.tinyex">': "<proceedings>"}, r"not an ACL Anthology volume XML"),
    ],
)
def test_bad_files_are_one_clear_error(
    tmp_path: Path, replacements: dict[str, str], message: str
) -> None:
    """This test ensures that XML that does not parse, a paper without a title, a missing year
    or venue and a file of another kind each stop a --strict import with one message, and that
    the command line writes nothing."""
    if "<proceedings>" in replacements.values():
        replacements["</collection>"] = "</proceedings>"
    path = _xml(tmp_path, replacements)
    with pytest.raises(ProceedingsError, match=message):
        _import(path, strict=True)
    result = run_import("acl-anthology", path, "--into", tmp_path / "project", "--strict")
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    assert not (tmp_path / "project").exists()


def test_missing_values_come_from_the_options(tmp_path: Path) -> None:
    """This test ensures that the year and acronym a volume lacks can be given as options."""
    path = _xml(tmp_path, {"<year>2025</year>\n      <venue>tinyex</venue>": ""})
    imported = _import(path, year=2025, acronym="TinyEx 2025")
    assert (imported.volume["year"], imported.volume["acronym"]) == (2025, "TinyEx 2025")


def test_empty_missing_and_paperless_files(tmp_path: Path) -> None:
    """This test ensures that an empty file, a missing file and a volume without papers are each
    refused with a message saying what to give instead."""
    empty = tmp_path / "empty.xml"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(ProceedingsError, match=r"empty\.xml: the file is empty"):
        _import(empty)
    with pytest.raises(ProceedingsError, match=r"gone\.xml: cannot be read"):
        _import(tmp_path / "gone.xml")
    paperless = tmp_path / "paperless.xml"
    paperless.write_text(
        '<collection id="x"><volume id="1"><meta><year>2025</year></meta></volume></collection>',
        encoding="utf-8",
    )
    with pytest.raises(ProceedingsError, match="volume 1 has no <paper>"):
        _import(paperless)


def test_pdfs_with_the_synthetic_volume(tmp_path: Path) -> None:
    """This test ensures that a paper's PDF named by its id is found and copied unchanged."""
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "002.pdf").write_bytes(text_pdf(["A Second Paper"], pages=5))
    imported = _import(FIXTURE, pdfs=pdfs)
    assert [p.pdf.name if p.pdf else None for p in imported.papers] == [
        None,
        None,
        "002.pdf",
    ]  # 000: the front matter
    write_project(imported, tmp_path / "project")
    copy = tmp_path / "project" / "papers" / "002" / "paper.pdf"
    assert copy.read_bytes() == (pdfs / "002.pdf").read_bytes()
    shutil.rmtree(tmp_path / "project")
