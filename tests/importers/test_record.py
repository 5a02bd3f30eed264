"""The version of record: read from publishers' and indexers' files, matched, written, checked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import require_shared
from jsonschema import Draft202012Validator
from pdfbuild import text_pdf

from importers.conftest import run_import
from proceedings.checks import check_project
from proceedings.checks.record import check_record
from proceedings.cli import main
from proceedings.exports import ExportOptions, export
from proceedings.importers.record import FORMATS, read_published
from proceedings.layout import compute_layout, read_page_counts
from proceedings.load import load_volume
from proceedings.schema import FILES, json_schema

PMLR = ("pmlr-v225-ml4h2023",)
LOUHI = ("acl-anthology-louhi2021", "2021.louhi.xml")


def record(project: Path, *args: str | Path) -> Result:
    """``proceedings -C PROJECT record ARGS...`` in-process, as a user types it."""
    return CliRunner().invoke(main, ["-C", str(project), "record", *map(str, args)])


def record_file(project: Path) -> dict[str, dict[str, str]]:
    data = yaml.safe_load((project / "source/record.yaml").read_text(encoding="utf-8"))
    papers: dict[str, dict[str, str]] = data["papers"]
    return papers


def record_problems(project: Path) -> list[str]:
    """check_record's problems, the pages compared with the layout of the project's PDFs."""
    volume = load_volume(project)
    return [p.format() for p in check_record(volume, read_page_counts(volume))]


# --- PMLR: the volume imported from its repository, PMLR's BibTeX as the record -------------


@pytest.fixture(scope="module")
def pmlr_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PMLR volume imported from its repository; the PDFs the fixture lacks stand in with
    the page counts PMLR's posts give, so that the layout is PMLR's."""
    root = tmp_path_factory.mktemp("pmlr") / "ml4h"
    result = run_import("pmlr", require_shared(*PMLR), "--into", root)
    assert result.exit_code == 0, result.output
    for post in sorted((require_shared(*PMLR) / "_posts").glob("*.md")):
        front = yaml.safe_load(post.read_text(encoding="utf-8").split("---")[1])
        pdf = root / "papers" / front["id"] / "paper.pdf"
        if not pdf.is_file():
            pages = front["lastpage"] - front["firstpage"] + 1
            pdf.write_bytes(text_pdf([front["id"]], pages=pages))
    return root


def _with_dois(bib: str) -> str:
    """PMLR's .bib with a DOI and PMLR's page URL added to every paper, as a publisher that
    registers DOIs would give it (``afzal23`` -> ``10.5555/pmlr.v225.afzal23``)."""
    return re.sub(
        r"(@InProceedings\{(\w+),\n)",
        lambda m: (
            f"{m.group(1)}  doi = {{10.5555/pmlr.v225.{m.group(2)}}},\n"
            f"  url = {{https://proceedings.mlr.press/v225/{m.group(2)}a.html}},\n"
        ),
        bib,
    )


def test_pmlr_bibtex_with_dois_is_the_record_of_the_imported_volume(
    pmlr_project: Path, tmp_path: Path
) -> None:
    """This test ensures that PMLR's own BibTeX, with DOIs added, is matched paper by paper
    to the volume imported from PMLR's repository (whose ids differ from the keys: groeger23
    is groger23a), that every DOI, page range and URL lands in source/record.yaml, that the
    DOIs of record are the volume's DOIs, and that its pages agree with the layout."""
    project = tmp_path / "ml4h"
    shutil.copytree(pmlr_project, project)
    bib = tmp_path / "ml4h23-dois.bib"
    bib.write_text(
        _with_dois((require_shared(*PMLR) / "ml4h23.bib").read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    result = record(project, bib)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-2] == (
        f"wrote source/record.yaml: 40 papers of 40 matched in {bib} (40 new, 0 changed)"
    )
    papers = record_file(project)
    assert len(papers) == 40
    assert papers["groger23a"] == {
        "doi": "10.5555/pmlr.v225.groeger23",
        "pages": "101-128",
        "url": "https://proceedings.mlr.press/v225/groeger23a.html",
        "source": f"ml4h23-dois.bib:{_line_of(bib, 'groeger23')}: groeger23",
    }
    volume = load_volume(project)
    assert volume.doi_of(volume.papers[1]) == "10.5555/pmlr.v225.afzal23"
    assert record_problems(project) == []
    # The file written is valid against the JSON Schema an editor checks it with.
    written = yaml.safe_load((project / "source/record.yaml").read_text(encoding="utf-8"))
    schema = json_schema(next(kind for kind in FILES if kind.name == "record"))
    assert list(Draft202012Validator(schema).iter_errors(written)) == []
    first_line = (project / "source/record.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../.schemas/record.schema.json"
    assert (project / ".schemas/record.schema.json").is_file()  # written by the import


def _line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.endswith(f"{{{key},"))


def test_pmlr_own_bibtex_records_pages_and_reports_a_changed_page(
    pmlr_project: Path, tmp_path: Path
) -> None:
    """This test ensures that PMLR's BibTeX as published (pages only: PMLR has no DOIs) is a
    record too, and that a record whose pages are not the layout's is reported by check with
    the paper, both ranges and the file's line."""
    project = tmp_path / "ml4h"
    shutil.copytree(pmlr_project, project)
    result = record(project, require_shared(*PMLR, "ml4h23.bib"))
    assert result.exit_code == 0, result.output
    assert record_file(project)["afzal23a"]["pages"] == "13-26"
    assert "doi" not in record_file(project)["afzal23a"]
    assert record_problems(project) == []
    path = project / "source/record.yaml"
    path.write_text(path.read_text().replace("pages: 13-26", "pages: 13-27"), encoding="utf-8")
    [problem] = record_problems(project)
    assert re.fullmatch(
        r"source/record.yaml:\d+: error: papers.afzal23a.pages: the published pages 13-27 are "
        r"not the layout's 13-26 \(14 pages in the PDF\)\. .* \[record.pages\]",
        problem,
    )


# --- the ACL Anthology: an imported volume and its own XML as the record --------------------


def test_anthology_xml_is_the_record_of_an_anthology_import(tmp_path: Path) -> None:
    """This test ensures that an Anthology volume XML, read back as the record of the project
    imported from it, gives every paper the Anthology's page as its URL of record and its
    pages (equal to the layout of PDFs with the Anthology's page counts), and a DOI where the
    XML has one."""
    source = require_shared(*LOUHI)
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    text = source.read_text(encoding="utf-8")
    for number, first, last in re.findall(r'<paper id="(\d+)">.*?<pages>(\d+)–(\d+)</pages>',
                                          text, re.DOTALL):  # fmt: skip
        pdf = text_pdf([f"paper {number}"], pages=int(last) - int(first) + 1)
        (pdfs / f"2021.louhi-1.{number}.pdf").write_bytes(pdf)
    project = tmp_path / "louhi"
    result = run_import("acl-anthology", source, "--pdfs", pdfs, "--into", project)
    assert result.exit_code == 0, result.output
    xml = tmp_path / "2021.louhi.xml"  # the published XML, once the DOIs are registered
    xml.write_text(
        text.replace(
            '<url hash="64f4f767">2021.louhi-1.1</url>',
            '<url hash="64f4f767">2021.louhi-1.1</url>\n<doi>10.18653/v1/2021.louhi-1.1</doi>',
        ),
        encoding="utf-8",
    )
    result = record(project, xml)
    assert result.exit_code == 0, result.output
    papers = record_file(project)
    assert sorted(papers) == [f"{n:03d}" for n in range(1, 12)]
    assert papers["001"] == {
        "doi": "10.18653/v1/2021.louhi-1.1",
        "pages": "1-6",
        "url": "https://aclanthology.org/2021.louhi-1.1",
        "source": "2021.louhi.xml:22: 2021.louhi-1.1",
    }
    assert papers["004"]["url"] == "https://aclanthology.org/2021.louhi-1.4"
    assert record_problems(project) == []


# --- dblp XML and RIS, made from our own exports of the demo --------------------------------


@pytest.fixture
def demo(demo_copy: Path) -> Path:
    """A private copy of the demo project (conftest's)."""
    return demo_copy


def _publisher_dois(text: str) -> str:
    """Our export with the demo's DOIs replaced by a publisher's (Springer's form)."""
    return re.sub(r"10\.5555/tml4h2025\.(\d+)", r"10.1007/978-3-000-00000-0_\1", text)


def test_dblp_xml_of_the_demo_is_its_record(demo: Path, tmp_path: Path) -> None:
    """This test ensures that dblp's XML, as our dblp export writes it for the demo (with a
    publisher's DOIs, dblp's named entities and a homonym number), is read back as the demo's
    record: every paper matched, DOIs from the ee links, dblp's own url not taken; and that
    the DOI of record then reaches the BibTeX export."""
    volume = load_volume(demo)
    layout = compute_layout(volume, read_page_counts(volume))
    text = export(volume, layout, "dblp", ExportOptions.of(volume))
    text = _publisher_dois(text).replace("Zoë Müller", "Zo&euml; M&uuml;ller 0001")
    dblp = tmp_path / "tml4h.dblp.xml"
    dblp.write_text(text, encoding="utf-8")
    result = record(demo, dblp)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    papers = record_file(demo)
    assert len(papers) == 11
    assert papers["002"] == {
        "doi": "10.1007/978-3-000-00000-0_002",
        "pages": "15-28",
        "source": "tml4h.dblp.xml:30: conf/tml4h/tml4h2025-002",
    }
    volume = load_volume(demo)
    assert record_problems(demo) == []
    bib = export(volume, layout, "bibtex", ExportOptions.of(volume))
    assert "doi = {10.1007/978-3-000-00000-0\\_002}" in bib  # escaped, as dblp does
    ris = export(volume, layout, "ris", ExportOptions.of(volume))
    assert "DO  - 10.1007/978-3-000-00000-0_002" in ris


def test_ris_of_the_demo_is_its_record(demo: Path, tmp_path: Path) -> None:
    """This test ensures that RIS (Springer's other citation file), as our RIS export writes
    it with a publisher's DOIs, is read as the record: AU names, TI, SP/EP, DO."""
    volume = load_volume(demo)
    layout = compute_layout(volume, read_page_counts(volume))
    ris = tmp_path / "tml4h.ris"
    ris.write_text(_publisher_dois(export(volume, layout, "ris", ExportOptions.of(volume))))
    records = read_published(ris).papers
    assert len(records) == 11
    assert records[0].doi == "10.1007/978-3-000-00000-0_001"
    assert records[0].pages == (3, 14)
    assert records[0].authors[:2] == ("Aoife O'Brien", "Jan van der Berg")
    result = record(demo, ris)
    assert result.exit_code == 0, result.output
    assert record_file(demo)["012"]["doi"] == "10.1007/978-3-000-00000-0_012"
    # A second file merges: what it changes is listed, papers it lacks keep their entry.
    ris.write_text(
        ris.read_text()
        .replace("0_005", "0_105")
        .replace("TI  - Site-Invariant", "TI  - A Chapter Unlike Any Paper\nX1  - "),
        encoding="utf-8",
    )
    result = record(demo, ris)
    assert result.exit_code == 0, result.output
    changed = [line for line in result.stdout.splitlines() if line.startswith("changed")]
    assert changed == [
        "changed 005: doi 10.1007/978-3-000-00000-0_005, pages 47-56, url "
        "https://tml4h.example.org/2025/papers/005/ -> doi 10.1007/978-3-000-00000-0_105, "
        "pages 47-56, url https://tml4h.example.org/2025/papers/005/"
    ]
    assert "note: papers/006/paper.yaml: paper 006 " in result.stderr
    assert len(record_file(demo)) == 11


def test_springer_bibtex_keys_are_dois(tmp_path: Path) -> None:
    """This test ensures that Springer's BibTeX, which writes no doi field but keys each
    chapter by its DOI, in its own quoted style, gives that DOI; and dblp's BibTeX, whose url
    is the DOI's link, gives the DOI and no URL."""
    bib = tmp_path / "springer.bib"
    bib.write_text(
        '@InProceedings{10.1007/978-3-031-29927-8_12,\nauthor="Wang, Kai-Siang\nand Chou, '
        'Jerry",\ntitle="A Reservation-Based List Scheduling for Embedded Systems",\n'
        'booktitle="PDCAT",\nyear="2023",\npages="147--157",\nisbn="978-3-031-29927-8"\n}\n'
        "@inproceedings{DBLP:conf/x/Chou23,\n  author = {Jerry Chou},\n  title = {Other},\n"
        "  url = {https://doi.org/10.1007/978-3-031-29927-8\\_13},\n  pages = {158--160}\n}\n",
        encoding="utf-8",
    )
    first, second = read_published(bib).papers
    assert (first.doi, first.pages, first.url) == ("10.1007/978-3-031-29927-8_12", (147, 157), None)
    assert first.authors == ("Kai-Siang Wang", "Jerry Chou")
    assert (second.doi, second.url) == ("10.1007/978-3-031-29927-8_13", None)


# --- what does not match is reported, never guessed ------------------------------------------


def _bib(*entries: tuple[str, str, str]) -> str:
    return "".join(
        f"@inproceedings{{{key},\n  title = {{{title}}},\n  author = {{{authors}}},\n"
        f"  pages = {{1--4}},\n  doi = {{10.1007/x.{key}}}\n}}\n"
        for key, title, authors in entries
    )


def test_mismatches_are_listed_one_line_each(workshop: Path, tmp_path: Path) -> None:
    """This test ensures that a record for no paper, a paper without a record and a paper
    with two records are each one line naming the file and the record, that the paper with
    two is left out rather than guessed, and that the record that matches (its title in
    another case, with LaTeX accents and dblp's period) is written."""
    bib = tmp_path / "springer.bib"
    bib.write_text(
        _bib(
            (
                "ch1",
                "CALIBRATED RISK SCORES FOR SEPSIS ONSET.",
                'van der Berg, Jan and M{\\"u}ller, Zo{\\"e}',
            ),
            ("ch2", "A Paper We Never Accepted", "Doe, Jane"),
        ),
        encoding="utf-8",
    )
    result = record(workshop, bib)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"note: {bib}:7: ch2: 'A Paper We Never Accepted' matches no paper of the volume",
        "note: papers/b/paper.yaml: paper b 'Auditing Dermatology Classifiers for Skin-Tone "
        f"Bias': no record in {bib} matches it",
    ]
    assert record_file(workshop) == {
        "a": {"doi": "10.1007/x.ch1", "pages": "1-4", "source": "springer.bib:1: ch1"}
    }
    twice = tmp_path / "twice.bib"
    twice.write_text(
        _bib(
            ("one", "Auditing Dermatology Classifiers for Skin-Tone Bias", "O'Brien, Aoife"),
            ("two", "Auditing Dermatology Classifiers for Skin-Tone Bias", "O'Brien, Aoife"),
        ),
        encoding="utf-8",
    )
    result = record(workshop, twice, "--dry-run")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"error: {twice}:1: one: 'Auditing Dermatology Classifiers for Skin-Tone Bias' fits "
        "papers b (or another record fits as well); not recorded, never guessed",
        f"{twice}:7: two: 'Auditing Dermatology Classifiers for Skin-Tone Bias' fits papers b "
        "(or another record fits as well); not recorded, never guessed",
        "papers/a/paper.yaml: paper a 'Calibrated Risk Scores for Sepsis Onset': no record in "
        f"{twice} matches it",
        "papers/b/paper.yaml: paper b 'Auditing Dermatology Classifiers for Skin-Tone Bias': no "
        f"record in {twice} matches it",
        f"{twice}: no record matches a paper of the volume; is it the right volume's file?",
    ]
    assert record_file(workshop)["a"]["doi"] == "10.1007/x.ch1"  # the first run's, kept


def test_a_record_between_two_papers_is_refused(workshop: Path, tmp_path: Path) -> None:
    """This test ensures that a record that fits two papers equally well (same authors,
    titles one letter apart from it) is refused and named with both papers."""
    text = (workshop / "papers/a/paper.yaml").read_text(encoding="utf-8")
    text = text.replace("for Sepsis Onset", "for Sepsis Onsets").replace("order: 1", "order: 2")
    (workshop / "papers/b/paper.yaml").write_text(text, encoding="utf-8")
    bib = tmp_path / "x.bib"
    bib.write_text(
        _bib(
            ("mid", "Calibrated Risk Scores for Sepsis Onset s", "van der Berg, J. and Müller, Z.")
        ),
        encoding="utf-8",
    )
    result = record(workshop, bib, "--strict")
    assert result.exit_code == 1
    assert f"{bib}:1: mid: 'Calibrated Risk Scores for Sepsis Onset s' fits papers a, b" in (
        result.output
    )
    assert "nothing was recorded (--strict)" in result.output
    assert not (workshop / "source/record.yaml").exists()


def test_hostile_text_in_a_record_file(complete_workshop: Path, tmp_path: Path) -> None:
    """This test ensures that a record file's hostile text (a javascript: URL, markup and
    terminal escapes in a title and a key, a DOI Crossref refuses) never reaches a message
    as more than one printable line, that a URL that is not http(s) is refused with a note,
    and that check refuses the DOI, naming the line."""
    bib = tmp_path / "evil.bib"
    bib.write_text(
        "@inproceedings{k\x1b[31m,\n  title = {Calibrated Risk Scores for Sepsis Onset},\n"
        '  author = {van der Berg, Jan and M\\"uller, Zo\\"e},\n  pages = {1--4},\n'
        '  doi = {10.1234/"><script>alert(1)</script>},\n  url = {javascript:alert(1)}\n}\n'
        "@inproceedings{z,\n  title = {<script>alert(1)</script>\x07\x1b[2J},\n"
        "  author = {Doe, Jane}\n}\n",
        encoding="utf-8",
    )
    result = record(complete_workshop, bib)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
    assert (
        f"note: {bib}:1: k [31m: url 'javascript:alert(1)' is not an absolute http(s) link; "
        "not recorded" in result.stderr
    )
    assert "url" not in record_file(complete_workshop)["a"]
    _, problems = check_project(complete_workshop)
    [problem] = [p for p in problems if p.file == "source/record.yaml"]
    assert problem.format().startswith(
        "source/record.yaml:7: error: papers.a.doi: '10.1234/\"><script>alert(1)</script>' "
        "has characters that Crossref does not accept in a DOI"
    )


def test_record_file_problems_are_located(complete_workshop: Path) -> None:
    """This test ensures that source/record.yaml is validated like every input: a bad page
    range, an unknown key, a paper the volume lacks, a non-archival paper, a DOI that differs
    from the paper's own and pages that are not the layout's are each one line with
    file:line and field, as check prints them."""
    (complete_workshop / "source/record.yaml").write_text(
        "papers:\n  a:\n    pages: 4-1\n  b:\n    dio: 10.1/x\n", encoding="utf-8"
    )
    _, problems = check_project(complete_workshop)
    assert [p.format() for p in problems if p.file == "source/record.yaml"] == [
        "source/record.yaml:3: error: papers.a.pages: expected a page range such as 13-26, got "
        "'4-1'. [schema.invalid]",
        "source/record.yaml:5: error: papers.b.dio: unknown key 'dio'. Did you mean 'doi'? "
        "[schema.unknown-key]",
    ]
    (complete_workshop / "source/record.yaml").write_text(
        "papers:\n  a:\n    pages: 1-4\n  c:\n    doi: 10.1000/x\n  zz:\n    pages: 5\n"
        "  b:\n    doi: 10.1000/b\n    pages: 5-8\n",
        encoding="utf-8",
    )
    with (complete_workshop / "papers/b/paper.yaml").open("a", encoding="utf-8") as file:
        file.write("doi: 10.5555/twct.b\n")
    _, problems = check_project(complete_workshop)
    assert [p.format() for p in problems if p.file == "source/record.yaml"] == [
        "source/record.yaml:4: error: papers.c: paper c is not in the volume (non-archival or "
        "without a PDF), so it has no version of record. Remove its entry, or make the paper "
        "archival. [record.unknown-paper]",
        "source/record.yaml:6: error: papers.zz: no paper has the id 'zz'. Name a folder of "
        "papers/, or run 'proceedings record' again. [record.unknown-paper]",
        "source/record.yaml:9: warning: papers.b.doi: the record's DOI 10.1000/b differs from "
        "10.5555/twct.b in papers/b/paper.yaml; the record's is used. Remove 'doi:' from "
        "paper.yaml, or correct the one that is wrong. [record.doi-differs]",
        "source/record.yaml:10: error: papers.b.pages: the published pages 5-8 are not the "
        "layout's 5-9 (5 pages in the PDF). Make the layout match (numbering, order, the final "
        "PDF) or correct the record; 'proceedings layout' shows the layout. [record.pages]",
    ]
    volume = load_volume(complete_workshop)
    assert [volume.doi_of(p) for p in volume.papers if p.id == "b"] == ["10.1000/b"]


# A "billion laughs": 16**6 copies of a 47-letter entity, refused by the parser, not expanded.
_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE dblp [\n<!ENTITY a "'
    + "a" * 47
    + '">\n'
    + "".join(f'<!ENTITY {n} "{f"&{p};" * 16}">\n' for p, n in zip("abcdef", "bcdefg", strict=True))
    + ']>\n<dblp><inproceedings key="x"><title>&g;</title></inproceedings></dblp>\n'
)


def test_unreadable_record_files_are_one_error(workshop: Path, tmp_path: Path) -> None:
    """This test ensures that a file in no known format, a BibTeX syntax error, a file with
    no paper's record and an XML entity bomb are each one error naming the file."""
    cases = {
        "notes.txt": ("just text\n", "is neither BibTeX, RIS, dblp XML nor an ACL Anthology XML"),
        "broken.bib": ("@inproceedings{a,\n title = {x\n", "the BibTeX could not be read"),
        "book.bib": ("@proceedings{v,\n title = {A Volume}\n}\n", "holds no paper's record"),
        "laughs.xml": (_LAUGHS, "laughs.xml:11: the XML does not parse"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = record(workshop, path)
        assert result.exit_code == 1, name
        assert message in result.output, (name, result.output)
        assert "Traceback" not in result.output


def test_the_command_offers_every_format() -> None:
    """This test ensures that 'record --format' offers exactly the formats there are readers
    for (the command line names them without importing the readers, to start fast)."""
    command = main.commands["record"]
    option = next(p for p in command.params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == list(FORMATS)
