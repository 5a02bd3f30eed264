"""The CEUR importer: SEIM 2018 from both of its sources, ceur-make's templates and PAAR 2018's
toc.xml end to end, and the hard cases on a synthetic volume page and small inline files."""

from __future__ import annotations

import datetime
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import require_shared
from pdfbuild import text_pdf
from pypdf import PdfReader

from proceedings.checks import check_project
from proceedings.errors import Problem, ProceedingsError, Severity
from proceedings.importers import ImportedVolume
from proceedings.importers.ceur import _kind as ceur_kind
from proceedings.importers.ceur.dates import parse_loctime
from proceedings.importers.ceur.index_page import read_index
from proceedings.load import load_volume
from proceedings.names import fold

from .conftest import check_and_build, load_yaml, read_source, run_import

SEIM = "ceur-seim2018"
TEMPLATES = "ceur-make-templates"
PAAR = "easychair-proceedings-export-paar2018"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "ceur"
SEIM_IDS = [f"seim_2018_paper_{n}" for n in (5, 11, 16, 30, 32, 36, 37, 39)]


def _read(source: Path, pdfs: Path | None = None, **overrides: Any) -> ImportedVolume:
    """The import as the command line runs it (people unified), without writing."""
    return read_source("ceur", source, pdfs=pdfs, **overrides)


@dataclass
class Project:
    """A source imported with the command line into a fresh project, and read again."""

    imported: ImportedVolume
    root: Path
    stderr: str


def _project(tmp: Path, source: Path, *args: str | Path) -> Project:
    root = tmp / "project"
    result = run_import("ceur", source, "--into", root, *args)
    assert result.exit_code == 0, result.output
    pdfs = Path(args[args.index("--pdfs") + 1]) if "--pdfs" in args else None
    return Project(_read(source, pdfs), root, result.stderr)


def _add_abstracts(root: Path) -> None:
    """What the organizer does after a CEUR import: CEUR tables of contents have no abstracts."""
    for path in sorted((root / "papers").glob("*/paper.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["abstract"] = "We study how proceedings are made from a table of contents. " * 4
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _errors(problems: list[Problem]) -> list[tuple[str, str | None]]:
    return sorted((p.code, p.paper) for p in problems if p.severity is Severity.ERROR)


def _check_then_build(project: Project) -> tuple[list[Problem], list[Problem]]:
    """check as imported, then abstracts added, check and build (placeholder PDFs added)."""
    _, before = check_project(project.root)
    _add_abstracts(project.root)
    after, built = check_and_build(project.root)
    assert len(built.volume.papers) == len(project.imported.papers)
    assert (project.root / "_build" / "layout.json").is_file()
    return before, after


def _names(imported: ImportedVolume, paper_id: str) -> list[tuple[str, str]]:
    return [(a.get("given", ""), a["family"]) for a in imported.paper(paper_id).data["authors"]]


# --- SEIM 2018: toc.xml + workshop.xml, and the index.html generated from them ----------------


@pytest.fixture(scope="module")
def seim(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """SEIM 2018's folder (toc.xml and workshop.xml) imported once for this module."""
    return _project(tmp_path_factory.mktemp("seim"), require_shared(SEIM))


@pytest.fixture(scope="module")
def seim_html(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """SEIM 2018's generated CEUR page imported once for this module."""
    page = require_shared(SEIM, "SEIM-2018", "index.html")
    return _project(tmp_path_factory.mktemp("seim-html"), page)


def test_seim_toc_xml_gives_eight_papers_and_the_volume(seim: Project) -> None:
    """This test ensures that SEIM 2018's toc.xml and workshop.xml give 8 papers and the volume."""
    volume = load_volume(seim.root)
    assert [p.id for p in volume.papers] == SEIM_IDS  # ids from the PDFs' names
    assert [seim.imported.paper(i).pages for i in SEIM_IDS[:3]] == [(6, 12), (13, 21), (22, 29)]
    info = volume.info
    assert info.title == (
        "Proceedings of the Third Conference on Software Engineering and Information "
        "Management (SEIM-2018) (full papers)"
    )
    assert (info.acronym, info.year, info.licence) == ("SEIM 2018", 2018, "CC-BY-4.0")
    assert info.event.name == "Third Conference on Software Engineering and Information Management"
    assert (info.event.place, info.event.dates) == ("Saint Petersburg, Russia", "April 14, 2018")
    assert info.series is not None
    assert (info.series.name, info.series.short_name) == ("CEUR Workshop Proceedings", "CEUR-WS")
    assert (info.series.volume, info.series.issn, info.url) == (None, "1613-0073", None)
    assert [(p.id, p.title) for p in info.parts] == [("papers", "Papers")]
    notes = "\n".join(seim.imported.notes)
    assert "workshop.xml:17: the CEUR-WS volume number is 'XXX'" in notes  # never filled in
    assert "8 <paper> ids end in .pdf" in notes
    assert "seim_2018_paper_5: the source's numbering starts at page 6" in notes
    assert "8 papers without a PDF" in notes
    assert "not imported (volume.yaml has no place for them): <homepage>, <language>" in notes
    assert "pubyear" not in notes  # commented out in workshop.xml: comments are never read
    assert seim.stderr.startswith("note: ")


def test_seim_names_are_split(seim: Project, seim_html: Project) -> None:
    """This test ensures that one-string names, Latin and Cyrillic, split into given and family."""
    assert _names(seim.imported, "seim_2018_paper_5") == [("Georgiy", "Zhemelev")]
    assert _names(seim.imported, "seim_2018_paper_36") == [
        ("Александр", "Мисонижник"),
        ("Дмитрий", "Мордвинов"),
    ]
    assert _names(seim_html.imported, "seim_2018_paper_36") == [
        ("Aleksandr V.", "Misonizhnik"),
        ("Dmitry A.", "Mordvinov"),
    ]
    assert len(_names(seim.imported, "seim_2018_paper_16")) == 4


def test_seim_editors_keep_institution_and_country(seim: Project, seim_html: Project) -> None:
    """This test ensures that both sources give the 4 editors with institution and country."""
    expected = [
        ("Yurii", "Litvinov", "St.Petersburg State University"),
        ("Marat", "Akhin", "Peter the Great St.Petersburg Polytechnic University"),
        ("Boris", "Novikov", "St.Petersburg State University"),
        ("Vladimir", "Itsykson", "Peter the Great St.Petersburg Polytechnic University"),
    ]
    for project in (seim, seim_html):
        editors = project.imported.volume["editors"]
        assert [
            (e["given"], e["family"], e["affiliations"][0]["institution"]) for e in editors
        ] == (expected)
        assert {e["affiliations"][0]["country"] for e in editors} == {"Russia"}


def test_seim_index_html_gives_the_same_papers_as_toc_xml(
    seim: Project, seim_html: Project
) -> None:
    """This test ensures that SEIM's index.html and toc.xml give the same papers.

    The page was edited by hand after ceur-make made it: titles are in sentence case, and paper
    36 shows its English title and transliterated authors, the Russian ones in parentheses
    beside the marks (kept in a note).
    """
    toc, page = seim.imported, seim_html.imported
    assert [p.id for p in page.papers] == [p.id for p in toc.papers] == SEIM_IDS
    assert [p.pages for p in page.papers] == [p.pages for p in toc.papers]
    for ours, theirs in zip(toc.papers, page.papers, strict=True):
        if ours.id == "seim_2018_paper_36":
            continue
        assert fold(ours.data["title"]) == fold(theirs.data["title"]), ours.id
        assert _names(toc, ours.id) == _names(page, ours.id)
    assert page.paper("seim_2018_paper_36").data["title"] == (
        "SMT-based analysis of constraints on .NET types"
    )
    notes = "\n".join(page.notes)
    russian = toc.paper("seim_2018_paper_36").data["title"]
    beside = f"'({russian})'; '(Александр Мисонижник)'; '(Дмитрий Мордвинов)'"
    assert f"html:158: seim_2018_paper_36: text beside the CEUR marks not imported: {beside}" in (
        notes
    )
    assert "index.html:82: 'Preface 4-5' has no CEURTITLE: not imported as a paper" in notes
    # The page states CEUR's terms of 2018, which have no SPDX id: no licence is claimed.
    assert "licence" not in seim_html.imported.volume
    assert "'Copying permitted for private and academic purposes'" in notes
    assert seim_html.imported.volume["acronym"] == seim.imported.volume["acronym"]
    assert seim_html.imported.volume["event"]["start"] == datetime.date(2018, 4, 14)


def test_seim_checks_and_builds(seim: Project, seim_html: Project) -> None:
    """This test ensures that check reports only what CEUR lacks, and both imports build."""
    for project in (seim, seim_html):
        before, after = _check_then_build(project)
        assert _errors(before) == sorted(
            [("metadata.missing-abstract", i) for i in SEIM_IDS]
            + [("pdf.missing", i) for i in SEIM_IDS]
        )
        assert _errors(after) == sorted(("pdf.missing", i) for i in SEIM_IDS)
        warnings = {p.code for p in after if p.severity is Severity.WARNING}
        assert warnings == {"people.missing-affiliation", "metadata.missing-keywords"}


# --- ceur-make's templates: sessions ------------------------------------------------------------


def test_templates_sessions_become_parts_and_build(tmp_path: Path) -> None:
    """This test ensures that ceur-make's sample files import with sessions as parts and build."""
    project = _project(tmp_path, require_shared(TEMPLATES, "toc.xml"))
    imported = project.imported
    assert [(p.id, p.data["part"], p.data["order"]) for p in imported.papers] == [
        ("article_1", "title-of-first-session", 1),  # <paper id="article_1">
        ("paper-02", "title-of-second-session", 1),  # no id: ceur-make's paper-02.pdf
    ]
    volume = imported.volume
    assert volume["parts"] == [
        {"id": "title-of-first-session", "title": "title of first session"},
        {"id": "title-of-second-session", "title": "title of second session"},
    ]
    assert (
        volume["title"] == "Proceedings of the 24th International Workshop on Bargaining for Food"
    )
    assert volume["acronym"] == "FooBar 2013"
    assert volume["event"] == {
        "name": "Bargaining for Food",
        "short_name": "FooBar 2013",
        "host": "FOO 2013",
        "place": "Bremen, Germany",
        "start": datetime.date(2013, 6, 18),
        "end": datetime.date(2013, 6, 18),
    }
    editors = volume["editors"]
    assert editors[0] == {
        "family": "Anonymous",
        "mononym": True,
        "affiliations": [{"institution": "University of Nowhere", "country": "USSR"}],
    }
    assert editors[2]["affiliations"] == [{"institution": "Universität Bonn", "country": "Germany"}]
    assert "<non-editor>" not in "\n".join(imported.notes)  # commented out in the template
    before, _ = _check_then_build(project)
    assert ("metadata.missing-abstract", "article_1") in _errors(before)


# --- PAAR 2018: a real toc.xml generated from EasyChair ---------------------------------------


def _paar_folder(tmp_path: Path, workshop: Path) -> Path:
    """PAAR's toc.xml beside a workshop.xml, as ceur-make wants them (linked, not copied)."""
    folder = tmp_path / "paar"
    folder.mkdir()
    (folder / "toc.xml").symlink_to(require_shared(PAAR, "toc.generated-by-ceur-make.xml"))
    (folder / "workshop.xml").symlink_to(workshop)
    return folder


def test_paar_toc_xml_alone_asks_for_workshop_xml(tmp_path: Path) -> None:
    """This test ensures that toc.xml without workshop.xml is one error naming what to add."""
    toc = require_shared(PAAR, "toc.generated-by-ceur-make.xml")
    result = run_import("ceur", toc, "--into", tmp_path / "out", "--year", "2018")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].endswith(
        "toc.xml lists only the papers; the volume's title, acronym, year and editors are in "
        f"ceur-make's workshop.xml, which is not in {toc.parent}: write it there (see "
        "ceur-make's template)"
    )
    assert lines[1:] == [
        f"{toc}: title: no <title><full> in workshop.xml (nor <title><volume> in workshop.xml)",
        f"{toc}: acronym: no <title><acronym> in workshop.xml; give --acronym, e.g. 'ABC 2025'",
        f"{toc}: the volume cannot be imported: 2 required values missing",
    ]  # the year was given
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_paar_placeholders_are_refused(tmp_path: Path) -> None:
    """This test ensures that ceur-make-ui's 'TEST' workshop.xml and page stop the import."""
    folder = _paar_folder(tmp_path, require_shared(PAAR, "workshop.placeholder.xml"))
    with pytest.raises(ProceedingsError) as error:
        _read(folder)
    lines = str(error.value).splitlines()
    assert lines[0] == (
        f"{folder}/workshop.xml:2: <title><full> in workshop.xml is 'TEST', a placeholder"
    )
    assert lines[-1] == (
        f"{folder}/toc.xml: 5 placeholders: fill in the real values (in ceur-make's "
        "workshop.xml and toc.xml) and import again"
    )
    page = require_shared(PAAR, "ceur-index.placeholder.html")
    with pytest.raises(ProceedingsError, match=r"html:37: CEURTITLE is 'Test', a placeholder"):
        _read(page)


def test_paar_pdfs_are_found_by_title_in_easychair_folders(tmp_path: Path) -> None:
    """This test ensures that PAAR's toc.xml finds 3 of its 4 PDFs by first-page title, builds.

    EasyChair names the PDFs 9999NNNN.pdf; ceur-make's toc.xml has no ids. One paper's title
    changed after the metadata was entered, so its PDF matches no paper and a note says so.
    """
    pdfs = require_shared(PAAR)
    folder = _paar_folder(tmp_path, FIXTURES / "paar2018" / "workshop.xml")
    project = _project(tmp_path, folder, "--pdfs", pdfs)
    imported = project.imported
    found = {p.id: p.pdf.name if p.pdf else None for p in imported.papers}
    assert found == {
        "paper-01": "99990001.pdf",
        "paper-02": None,
        "paper-03": "99990024.pdf",
        "paper-04": "99990032.pdf",
    }
    notes = "\n".join(imported.notes)
    assert f"1 PDF in {pdfs} matched no paper: 99990011/99990011.pdf" in notes
    assert "toc.xml:3: paper-01: PDF 99990001/99990001.pdf matched by the title" in notes
    assert "pages but" not in notes  # the ranges fit the PDFs
    assert _names(imported, "paper-02") == [("Koen", "Claessen"), ("Ann", "Lillieström")]
    volume = imported.volume
    assert (volume["series"]["volume"], volume["url"]) == ("2162", "http://ceur-ws.org/Vol-2162/")
    assert volume["event"]["host"] == "FLoC 2018"
    # "Czech Technical University in Prague, Czech Republic" with <country>Czech Republic</...>
    assert volume["editors"][1]["affiliations"] == [
        {"institution": "Czech Technical University in Prague", "country": "Czech Republic"}
    ]
    copy = project.root / "papers" / "paper-03" / "paper.pdf"
    assert copy.read_bytes() == (pdfs / "99990024" / "99990024.pdf").read_bytes()
    before, after = _check_then_build(project)
    assert ("pdf.missing", "paper-02") in _errors(before)
    assert _errors(after) == [("pdf.missing", "paper-02")]


# --- a synthetic, hand-written volume page with PDFs beside it ---------------------------------


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic page in a folder with its PDFs: one named by the page, one renamed, one
    too short, a preface and a stray file."""
    folder = tmp_path_factory.mktemp("page") / "Vol-3456"
    (folder / "invited").mkdir(parents=True)
    shutil.copy(FIXTURES / "index.html", folder / "index.html")
    (folder / "paper1.pdf").write_bytes(text_pdf(["Fixtures & Their Discontents"], pages=2))
    (folder / "paper2.pdf").write_bytes(text_pdf(["Small Graphs for Large Tests"], pages=2))
    (folder / "camera-ready-7.pdf").write_bytes(
        text_pdf(["SynthWS 2024", "Reading Tables of", "Contents"], pages=2)
    )
    (folder / "invited" / "talk.pdf").write_bytes(text_pdf(["Why Proceedings Matter"]))
    (folder / "preface.pdf").write_bytes(text_pdf(["Preface"]))
    return folder


def test_page_sessions_become_parts_and_papers_find_their_pdfs(page: Path) -> None:
    """This test ensures that sessions are parts in order and PDFs are found beside the page."""
    imported = _read(page)
    assert imported.volume["parts"] == [
        {"id": "papers", "title": "Papers"},
        {"id": "session-1-knowledge-graphs", "title": "Session 1: Knowledge Graphs"},
        {"id": "invited-talks", "title": "Invited Talks"},
    ]
    assert [(p.id, p.data["part"], p.data["order"], p.pages) for p in imported.papers] == [
        ("paper1", "papers", 1, (1, 2)),
        ("paper2", "session-1-knowledge-graphs", 1, (3, 5)),
        ("paper3", "session-1-knowledge-graphs", 2, (6, 7)),
        ("talk", "invited-talks", 1, (8, 8)),
    ]
    found = {p.id: p.pdf.relative_to(page).as_posix() for p in imported.papers if p.pdf}
    assert found == {
        "paper1": "paper1.pdf",
        "paper2": "paper2.pdf",
        "paper3": "camera-ready-7.pdf",
        "talk": "invited/talk.pdf",
    }
    assert imported.paper("paper1").data["title"] == "Fixtures & Their Discontents"
    assert imported.paper("paper3").data["title"] == "Reading Tables of Contents"
    notes = "\n".join(imported.notes)
    assert "index.html:41: 'Preface' has no CEURTITLE: not imported as a paper" in notes
    assert f"1 PDF in {page} matched no paper: preface.pdf" in notes
    assert "paper2: the source gives pages 3-5 (3) but paper2.pdf has 2 pages" in notes
    assert "paper3: PDF camera-ready-7.pdf matched by the title on its first page" in notes
    assert imported.paper("talk").data["kind"] == "invited"  # its session says so
    assert "talk: imported as kind invited (filed under 'Invited Talks')" in notes
    assert "paper3: text beside the CEUR marks not imported: '(Université Paris-Saclay)'" in notes


def test_page_names_split_with_particles_accents_and_mononyms(page: Path) -> None:
    """This test ensures that authors' one-string names split right."""
    imported = _read(page)
    assert imported.paper("paper1").data["authors"] == [
        {"given": "Ludwig", "family": "van Beethoven"},
        {"family": "Aristotle", "mononym": True},
        {"given": "María José", "family": "García-Márquez"},
    ]
    assert imported.paper("paper2").data["authors"] == [
        {"given": "Jan", "family": "van der Berg", "suffix": "Jr."},
        {"given": "小明", "family": "王"},
    ]
    assert _names(imported, "paper3") == [("Zoë", "O'Brien")]  # &#39; decoded
    assert "paper1: author 'Aristotle' has a single name" in "\n".join(imported.notes)


def test_page_volume_header_editors_and_dates(page: Path) -> None:
    """This test ensures that the page's header gives the volume, editors cleaned, and dates."""
    volume = _read(page).volume
    assert list(volume) == [
        "title", "acronym", "year", "event", "series", "licence", "url", "editors", "parts",
    ]  # fmt: skip
    assert volume["title"] == "Proceedings of the First Workshop on Synthetic Fixtures"
    assert volume["event"] == {
        "name": "Workshop on Synthetic Fixtures",
        "short_name": "SynthWS 2024",
        "host": "ESWC 2024",
        "place": "Heraklion, Greece",
        "start": datetime.date(2024, 5, 26),
        "end": datetime.date(2024, 5, 27),
    }  # from the text "Heraklion, Greece, May 26th to 27th, 2024": the page has no ISO dates
    assert volume["series"] == {
        "name": "CEUR Workshop Proceedings",
        "short_name": "CEUR-WS",
        "volume": "3456",
        "issn": "1613-0073",
    }
    assert (volume["licence"], volume["url"]) == ("CC-BY-4.0", "http://ceur-ws.org/Vol-3456/")
    assert volume["editors"] == [
        {
            "given": "Ana María",
            "family": "de la Fuente",
            "orcid": "0000-0002-1825-0097",
            "affiliations": [{"institution": "Universidad de Granada", "country": "Spain"}],
        },  # "Universidad de Granada ,  Spain." after an ORCID icon
        {
            "given": "Jean-Pierre",
            "family": "van der Berg",
            "affiliations": [{"institution": "Université de Lyon", "country": "France"}],
        },
        {
            "family": "Kalani",
            "mononym": True,
            "affiliations": [
                {
                    "institution": "Universidade de São Paulo",
                    "city": "São Paulo",
                    "country": "Brazil",
                }
            ],
        },  # on the line after the name
    ]


def test_page_imports_builds_and_overrides(page: Path, tmp_path: Path) -> None:
    """This test ensures that options override the page and the import checks and builds."""
    project = _project(tmp_path, page, "--acronym", "SFX 2024", "--url", "https://sfx.example.org/")
    info = load_volume(project.root).info
    assert (info.acronym, info.event.short_name, info.url) == (
        "SFX 2024",
        "SFX 2024",
        "https://sfx.example.org/",
    )
    _, after = _check_then_build(project)
    assert _errors(after) == []


def test_page_in_a_zip(page: Path, tmp_path: Path) -> None:
    """This test ensures that a ZIP of the volume's folder imports, named as the user knows it."""
    archive = tmp_path / "Vol-3456.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(page.rglob("*")):
            zf.write(path, path.relative_to(page.parent).as_posix())
    imported = _read(archive)
    assert [p.id for p in imported.papers] == ["paper1", "paper2", "paper3", "talk"]
    assert imported.origin == f"{archive}/Vol-3456/index.html"
    assert sum(p.pdf is not None for p in imported.papers) == 4


@pytest.mark.parametrize(
    ("text", "place", "start", "end"),
    [
        ("Heraklion, Greece, June 4th, 2018", "Heraklion, Greece", "2018-06-04", "2018-06-04"),
        ("Bremen, Germany, June 18th to 20th, 2013.", "Bremen, Germany", "2013-06-18",
         "2013-06-20"),
        ("Oxford, UK, July 19, 2018", "Oxford, UK", "2018-07-19", "2018-07-19"),
        ("Vienna, Austria, 30 June - 2 July 2024", "Vienna, Austria", "2024-06-30", "2024-07-02"),
        ("Kyiv, Ukraine, November 30th to December 1st, 2013", "Kyiv, Ukraine", "2013-11-30",
         "2013-12-01"),
        ("Online, December 31st, 2013 to January 1st, 2014", "Online", "2013-12-31", "2014-01-01"),
        ("Lisbon, Portugal, 4-6 Sept. 2019", "Lisbon, Portugal", "2019-09-04", "2019-09-06"),
        ("Somewhere, in the spring of 2018", "Somewhere, in the spring of 2018", None, None),
        ("Paris, France, February 30, 2018", "Paris, France, February 30, 2018", None, None),
    ],
)  # fmt: skip
def test_parse_loctime(text: str, place: str, start: str | None, end: str | None) -> None:
    """This test ensures that CEURLOCTIME texts give place and days, or the text kept whole."""
    got = parse_loctime(text)
    assert (got[0], str(got[1]) if got[1] else None, str(got[2]) if got[2] else None) == (
        place,
        start,
        end,
    )


# --- choosing the source --------------------------------------------------------------------

TOC = """<toc>
  <paper id="paper1"><title>Fixtures &amp; Their Discontents</title>
    <authors><author>Ludwig van Beethoven</author></authors></paper>
</toc>
"""
WORKSHOP = """<workshop>
  <title><acronym>SynthWS</acronym><volume>Workshop on Synthetic Fixtures</volume>
    <full>First Workshop on Synthetic Fixtures</full></title>
  <number>3456</number>
  <location>Heraklion, Greece</location>
  <date><from>2024-05-26</from><to>2024-05-27</to></date>
  <editors><editor><name>Grace Hopper</name><affiliation>Yale University</affiliation>
    <country>USA</country></editor></editors>
</workshop>
"""


def _write(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return folder


def test_folder_with_both_sources_reads_toc_xml_and_says_so(tmp_path: Path) -> None:
    """This test ensures that toc.xml + workshop.xml win over index.html in one folder, and
    the page over one of them alone."""
    folder = _write(tmp_path / "vol", toc_xml=TOC, workshop_xml=WORKSHOP)
    shutil.copy(FIXTURES / "index.html", folder / "index.html")
    imported = _read(folder)
    assert imported.origin == str(folder / "toc.xml")
    assert [p.id for p in imported.papers] == ["paper1"]
    assert imported.volume["event"]["end"] == datetime.date(2024, 5, 27)
    assert imported.notes[0] == (
        f"{folder}: both toc.xml/workshop.xml and index.html are here: read ceur-make's toc.xml "
        "and workshop.xml, from which index.html is generated (give index.html itself to read "
        "the page instead)"
    )
    assert _read(folder / "index.html").origin == str(folder / "index.html")
    assert _read(folder / "workshop.xml").origin == str(folder / "toc.xml")
    (folder / "workshop.xml").unlink()  # toc.xml alone says less than the page made from both
    imported = _read(folder)
    assert imported.origin == str(folder / "index.html")
    assert (
        imported.notes[0]
        == f"{folder}: toc.xml and workshop.xml are not both here: read index.html"
    )


def test_missing_year_names_the_option(tmp_path: Path) -> None:
    """This test ensures that a volume without dates asks for --year, and takes it."""
    undated = WORKSHOP.replace("<date><from>2024-05-26</from><to>2024-05-27</to></date>", "")
    folder = _write(tmp_path / "vol", toc_xml=TOC, workshop_xml=undated)
    with pytest.raises(ProceedingsError, match=r"year: no <date> or <pubyear> in workshop.xml"):
        _read(folder)
    assert _read(folder, year=2024).volume["acronym"] == "SynthWS 2024"
    bad_date = WORKSHOP.replace("2024-05-27", "27 May")
    imported = _read(_write(tmp_path / "v2", toc_xml=TOC, workshop_xml=bad_date), year=2024)
    assert "start" not in imported.volume["event"]
    assert "workshop.xml:6: the dates in '2024-05-26 to 27 May' could not be read" in "\n".join(
        imported.notes
    )


# --- bad input: one clear message each, nothing written ---------------------------------------


@pytest.mark.parametrize(
    ("files", "source", "message"),
    [
        ({"toc.xml": ""}, "toc.xml", "toc.xml: the file is empty"),
        (
            {"toc.xml": "<toc>\n  <paper><title>A</titel></paper>\n</toc>"},
            "toc.xml",
            "toc.xml:2: not well-formed XML, column 20: mismatched tag (an element is closed "
            "with another element's name)",
        ),
        (
            {"toc.xml": "<toc>\n<paper><title>Caf&eacute;</title></paper></toc>"},
            "toc.xml",
            "toc.xml:2: not well-formed XML, column 18: undefined entity",
        ),
        ({"toc.xml": "<proceedings/>"}, "toc.xml", "toc.xml:1: the root element is <proceedings>"),
        ({"toc.xml": "<toc><session/></toc>"}, ".", "toc.xml: no <paper> element"),
        (
            {"toc.xml": "<toc>\n<paper>\n<title> </title></paper></toc>", "workshop.xml": WORKSHOP},
            ".",
            "toc.xml:3: paper 1 (paper-01.pdf): <paper><title> in toc.xml is empty; give every "
            "paper a title",
        ),
        ({"workshop.xml": WORKSHOP}, "workshop.xml", "its papers are in ceur-make's toc.xml"),
        ({"workshop.xml": WORKSHOP}, ".", "src: has workshop.xml but not toc.xml"),
        ({"notes.txt": "x"}, ".", "has no toc.xml, workshop.xml or index.html"),
        (
            {"index.html": "<html><body><h1>Workshop</h1><ul><li>A paper</li></ul></body></html>"},
            "index.html",
            "index.html: no element of class CEURTOC or CEURTITLE",
        ),
        (
            {"index.html": '<div class="CEURTOC">\n<li><span class="CEURTITLE"></span></li></div>'},
            ".",
            "index.html:2: paper 1: CEURTITLE is empty; give every paper a title",
        ),
    ],
)
def test_bad_input_is_one_clear_error_and_writes_nothing(
    tmp_path: Path, files: dict[str, str], source: str, message: str
) -> None:
    """This test ensures that each kind of bad input gives one message and writes nothing."""
    folder = tmp_path / "src"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = run_import("ceur", folder / source, "--into", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_one_bad_paper_never_stops_the_others(tmp_path: Path) -> None:
    """This test ensures that a CEUR table of contents entry without a title is skipped with a
    note naming the file and line, the other papers imported; --strict refuses the page."""
    page = (FIXTURES / "index.html").read_text(encoding="utf-8")
    whole = _read(FIXTURES / "index.html")
    folder = tmp_path / "page"
    folder.mkdir()
    untitled = re.sub(r'(class="CEURTITLE"[^>]*>)[^<]*<', r"\1<", page, count=1)
    (folder / "index.html").write_text(untitled, encoding="utf-8")
    imported = _read(folder / "index.html")
    assert len(imported.papers) == len(whole.papers) - 1
    skipped = [n for n in imported.notes if "skipped" in n]
    assert len(skipped) == 2
    assert skipped[0] == (
        f"{folder}/index.html:44: paper 1 (paper1.pdf): skipped, not imported: CEURTITLE is "
        "empty; give every paper a title"
    )
    result = run_import("ceur", folder / "index.html", "--into", tmp_path / "out", "--strict")
    assert result.exit_code == 1
    assert "index.html: 1 paper without a title" in result.stderr


def test_missing_file_and_encodings(tmp_path: Path) -> None:
    """This test ensures that a missing file, and a page in an undeclared encoding, are errors."""
    with pytest.raises(ProceedingsError, match=r"nothing\.xml: does not exist; give ceur-make's"):
        _read(tmp_path / "nothing.xml")
    body = (FIXTURES / "index.html").read_text(encoding="utf-8")
    latin = tmp_path / "latin" / "index.html"
    latin.parent.mkdir()
    data = body.replace("charset=utf-8", "").encode("utf-8")
    latin.write_bytes(data.replace(b"Universit&eacute;", "Universit\xe9".encode("latin-1")))
    with pytest.raises(ProceedingsError, match=r"index.html:32: the page is not UTF-8 \(byte 0xe9"):
        _read(latin)
    latin.write_bytes(latin.read_bytes().replace(b"text/html; ", b"text/html; charset=latin-1"))
    editors = _read(latin).volume["editors"]
    assert editors[1]["affiliations"][0]["institution"] == "Université de Lyon"


# --- CEUR's auxiliary entries: the preface and a keynote -----------------------------------------

_KEYNOTE = """         <ul>
            <li id="keynote" class="AUX">
               <a href="keynote.pdf">
                  <span class="CEURTITLE">Semantic Models for Engineers</span></a>
               <span class="CEURPAGES">1-2</span><br>
               <span class="CEURAUTHOR">Grace Hopper</span><br>
            </li>
         </ul>
         <ul rel="dcterms:hasPart">"""


def test_aux_keynote_and_preface_reach_the_project_volume_and_site(tmp_path: Path) -> None:
    """This test ensures that SEIM 2018's real page, with its preface marked AUX and a keynote
    added the way CEUR marks one (``<li class="AUX">``), imports the keynote as kind invited
    with its PDF and the preface as kind preface without one (``pdf: null``, nothing dropped),
    and that the keynote is in the volume and shows on the site, listed apart."""
    page = require_shared(SEIM, "SEIM-2018", "index.html").read_text(encoding="utf-8")
    page = page.replace('<li id="preface">', '<li id="preface" class="AUX">', 1)
    page = page.replace('         <ul rel="dcterms:hasPart">', _KEYNOTE, 1)
    folder = tmp_path / "Vol-XXX"
    folder.mkdir()
    (folder / "index.html").write_text(page, encoding="utf-8")
    (folder / "keynote.pdf").write_bytes(text_pdf(["Semantic Models for Engineers"], pages=2))
    project = _project(tmp_path, folder)

    keynote = load_yaml(project.root / "papers" / "keynote" / "paper.yaml")
    assert (keynote["kind"], keynote["title"]) == ("invited", "Semantic Models for Engineers")
    assert keynote["authors"] == [{"given": "Grace", "family": "Hopper"}]
    assert "pdf" not in keynote  # the default paper.pdf, copied
    copied = project.root / "papers" / "keynote" / "paper.pdf"
    assert copied.read_bytes() == (folder / "keynote.pdf").read_bytes()
    preface = load_yaml(project.root / "papers" / "preface" / "paper.yaml")
    assert (preface["kind"], preface["title"], preface["pdf"]) == ("preface", "Preface", None)
    assert [p.id for p in project.imported.papers] == ["preface", "keynote", *SEIM_IDS]
    notes = "\n".join(project.imported.notes)
    assert "keynote: imported as kind invited (marked AUX)" in notes
    assert "preface: imported as kind preface (marked AUX and titled 'Preface')" in notes
    assert "matched no paper" not in notes
    assert "has no CEURTITLE" not in notes

    _add_abstracts(project.root)  # what the organizer does; a keynote needs none
    keynote_yaml = project.root / "papers" / "keynote" / "paper.yaml"
    keynote_yaml.write_text(keynote_yaml.read_text("utf-8").split("abstract:")[0], "utf-8")
    problems, built = check_and_build(project.root)
    assert _errors(problems) == sorted(("pdf.missing", i) for i in SEIM_IDS)
    in_volume = [p.id for p in built.volume.papers if p.in_volume]
    assert in_volume[0] == "keynote"  # first of its part: invited talks before papers
    assert "preface" not in in_volume  # no PDF: on the site only
    assert built.layout.of("keynote").last - built.layout.of("keynote").first == 1
    volume_pdf = next(p for p in built.written if p.suffix == ".pdf")
    papers = PdfReader(volume_pdf).outline[2]  # Contents, Papers, [its papers], Author Index
    assert isinstance(papers, list)
    assert papers[0].title == "Semantic Models for Engineers — G. Hopper"

    html = next(p for p in built.written if p.name == "html")
    talk = (html / "papers" / "keynote" / "index.html").read_text(encoding="utf-8")
    assert '<span class="proceedings-badge proceedings-badge-kind">Invited talk</span>' in talk
    assert list((html / "papers" / "keynote").glob("*.pdf"))
    home = (html / "index.html").read_text(encoding="utf-8")
    apart = home[home.index(">Invited talks<") :]
    assert "Semantic Models for Engineers" in apart.split("</ul>")[0]
    assert ">Preface<" in home


@pytest.mark.parametrize(
    ("entry", "kind", "title"),
    [
        ('<li><a href="k.pdf"><span class="CEURAUXTITLE">Graphs</span></a>', "invited", "Graphs"),
        ('<li><a href="k.pdf"><span class="CEURTITLEAUX">Graphs</span></a>', "invited", "Graphs"),
        ('<li><a href="k.pdf"><span class="AUXTITLE">Graphs</span></a>', "invited", "Graphs"),
        ('<li class="AUX"><a href="f.pdf">Foreword</a>', "preface", "Foreword"),
        ('<li><span class="CEURTITLE">Graphs</span>', "paper", "Graphs"),
    ],
)
def test_aux_marks_make_invited_talks_and_prefaces(entry: str, kind: str, title: str) -> None:
    """This test ensures that each way a page marks an entry auxiliary (on the entry, or in
    place of its title mark) makes it an invited talk, or a preface when its title says so,
    and that an unmarked entry stays a paper."""
    page = f'<div class="CEURTOC"><ul>{entry} <span class="CEURAUTHOR">Ada Lovelace</span></ul>'
    page = f'<span class="CEURFULLTITLE">Proceedings of X</span>{page}</div>'
    (paper,) = read_index(page, "index.html").papers
    assert paper.title.text == title
    assert ceur_kind(paper, "index.html: k", []) == kind
    assert paper.authors == ["Ada Lovelace"]
