"""The CMT importer: ISMIR 2023's camera-ready export end to end, and hard cases on small files."""

from __future__ import annotations

import csv
import shutil
import zipfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import Result
from conftest import require_shared
from pdfbuild import text_pdf

from importers.conftest import check_and_build, read_source, run_import
from proceedings.build import BuildResult
from proceedings.checks import check_project
from proceedings.errors import ProceedingsError, Severity
from proceedings.importers import ImportedVolume
from proceedings.importers.formats import ImportOptions, read_import
from proceedings.load import load_volume
from proceedings.model import Volume

ISMIR = "cmt-ismir2023"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "csv"
EXPORT = FIXTURES / "cmt-export.csv"  # CMT's own column names, 6 rows, 4 accepted


def _read(source: Path, *, strict: bool = False, **overrides: Any) -> ImportedVolume:
    """``source`` read as the cmt format, with ``overrides`` as volume options."""
    return read_source("cmt", source, strict=strict, **{"acronym": "ISMIR 2023", **overrides})


def _rows() -> list[dict[str, str]]:
    """The export's rows as Python's csv module reads them: the oracle for counts and ids."""
    path = require_shared(ISMIR, "cmt-metadata.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _add_editor(root: Path) -> None:
    """Give the volume an editor, as the organizer does after the import (CMT has none)."""
    path = root / "source" / "volume.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("editors: []", "editors: [{given: Ada, family: Lovelace}]"))


# --- the real ISMIR 2023 export ------------------------------------------------------------


@pytest.fixture(scope="module")
def ismir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Volume]:
    """The ISMIR 2023 export imported with the command line into a fresh project, once."""
    source = require_shared(ISMIR, "cmt-metadata.csv")
    root = tmp_path_factory.mktemp("ismir") / "ismir2023"
    result = run_import("cmt", source, "--into", root, "--acronym", "ISMIR 2023")
    assert result.exit_code == 0, result.output
    return result, load_volume(root)


@pytest.fixture(scope="module")
def ismir_build(
    ismir: tuple[Result, Volume], tmp_path_factory: pytest.TempPathFactory
) -> tuple[list[Any], BuildResult]:
    """A copy of the imported project, given an editor, checked and built once."""
    root = tmp_path_factory.mktemp("ismir-build") / "ismir2023"
    shutil.copytree(ismir[1].root, root)
    _add_editor(root)
    return check_and_build(root)


def _author(volume: Volume, paper: str, index: int) -> tuple[str, str]:
    person = next(p for p in volume.papers if p.id == paper).info.authors[index]
    return person.given, person.family


def test_ismir_export_imports_103_papers_in_seven_sessions(ismir: tuple[Result, Volume]) -> None:
    """This test ensures that the 103 rows become 103 papers with zero-padded CMT ids, in parts
    made of the sessions (in Roman-numeral order) and ordered by their position in the session."""
    result, volume = ismir
    rows = _rows()
    assert len(rows) == len(volume.papers) == 103
    assert "imported 103 papers, 0 with a PDF" in result.output
    assert {p.id for p in volume.papers} == {f"{int(r['PaperID']):03d}" for r in rows}
    assert {"011", "015", "294"} <= {p.id for p in volume.papers}
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert [p.title for p in volume.info.parts] == [f"Session {n}" for n in numerals]
    assert [p.id for p in volume.info.parts] == [f"session-{n.lower()}" for n in numerals]
    sizes = [len(volume.papers_in(part)) for part in volume.info.parts]
    assert sizes == [16, 15, 16, 15, 16, 15, 10]
    position = {f"{int(r['PaperID']):03d}": int(r["SessionID"].split(":")[1]) for r in rows}
    assert all(p.info.order == position[p.id] for p in volume.papers)
    assert [p.id for p in volume.papers_in(volume.info.parts[0])][:2] == ["064", "011"]
    info = volume.info
    assert (info.title, info.acronym, info.year) == ("ISMIR 2023", "ISMIR 2023", 2023)
    assert (info.event.name, info.editors) == ("ISMIR 2023", ())
    assert "the acronym 'ISMIR 2023' stands in" in result.stderr
    assert "year 2023 taken from the acronym" in result.stderr


def test_ismir_names_are_split_right(ismir: tuple[Result, Volume]) -> None:
    """This test ensures that names keep their particles, accents and double family names (from
    AuthorNames, where CMT keeps first and last names apart), and that 'R, Gowriprasad' is one
    name."""
    result, volume = ismir
    assert _author(volume, "140", 0) == ("Peter", "van Kranenburg")
    assert _author(volume, "153", 3) == ("Jos", "De Backer")
    assert _author(volume, "239", 3) == ("Bruno", "Di Giorgi")
    assert _author(volume, "283", 0) == ("Jacopo", "de Berardinis")
    assert _author(volume, "225", 0) == ("Marcel A", "Vélez Vásquez")
    assert _author(volume, "033", 1) == ("Błażej", "Kotowski")
    assert _author(volume, "033", 3) == ("Sergi", "Jordà")
    assert _author(volume, "037", 0) == ("Michèle", "Duguay")
    assert _author(volume, "038", 0) == ("Carlos", "Peñarrubia")
    assert _author(volume, "054", 4) == ("Carlos Eduardo", "Cancino-Chacón")
    assert _author(volume, "079", 1) == ("Christof", "Weiß")
    assert _author(volume, "079", 2) == ("Meinard", "Müller")
    assert _author(volume, "018", 0) == ("Bob L. T.", "Sturm")  # "Bob L. T.  Sturm"
    gowriprasad = next(p for p in volume.papers if p.id == "019").info.authors[0]
    assert (gowriprasad.family, gowriprasad.given, gowriprasad.mononym) == (
        "Gowriprasad R",
        "",
        True,
    )
    assert _author(volume, "019", 2) == ("R", "Aravind")  # "Aravind, R": a given initial is fine
    assert "'Gowriprasad R': the family name is an initial" in result.stderr
    # Paper 235's two author columns disagree; AuthorNames is kept, and the note says so.
    assert _author(volume, "235", 2) == ("TJ", "Tsai")
    assert "author 3 is 'TJ Tsai' in 'AuthorNames' but 'Timothy TJ' in 'AuthorDetails'" in (
        result.stderr
    )
    rows = {f"{int(r['PaperID']):03d}": r for r in _rows()}
    for paper in volume.papers:
        authors = paper.info.authors
        assert len(authors) == len(rows[paper.id]["AuthorNames"].split(";")), paper.id
        assert sum(a.corresponding for a in authors) == 1, paper.id  # one "*" in every row
        assert all(a.email and a.email.endswith("@example.org") for a in authors), paper.id


def test_ismir_affiliations_are_cleaned(ismir: tuple[Result, Volume]) -> None:
    """This test ensures that affiliations lose CMT's tabs and double spaces and keep their own
    parentheses."""
    _, volume = ismir
    institutions = {
        (p.id, i): a.affiliations[0].institution
        for p in volume.papers
        for i, a in enumerate(p.info.authors)
    }
    assert len(institutions) == sum(len(p.info.authors) for p in volume.papers)  # all have one
    assert not any("\t" in t or "  " in t or t != t.strip() for t in institutions.values())
    assert institutions["011", 2] == "Universitat Pompeu Fabra"  # "(Universitat Pompeu Fabra\t)"
    assert institutions["011", 0] == "Universitat Pompeu Fabra/Huawei"
    assert institutions["064", 2] == "Indian Institute of Technology Bombay"  # double space
    assert institutions["117", 4] == "The University of Sheffield"
    aist = "National Institute of Advanced Industrial Science and Technology (AIST)"
    assert institutions["063", 3] == aist
    assert institutions["239", 1] == "City, University of London"


def test_ismir_abstracts_keywords_and_notes(ismir: tuple[Result, Volume]) -> None:
    """This test ensures that abstracts lose stray backslashes and line breaks, that subject
    areas become keywords and that what was not imported is noted."""
    result, volume = ismir
    paper = {p.id: p.info for p in volume.papers}
    assert "contributed to its creation. Almost half" in paper["015"].abstract
    assert "balanced accuracy of 40.3% and" in paper["218"].abstract
    assert "stray LaTeX escapes '\\ ' written as plain text" in result.stderr
    assert "\n" not in paper["072"].abstract  # one sentence per line in the export
    assert "piano transcription. This is especially" in paper["072"].abstract
    assert not any("\\" in p.abstract for p in paper.values())
    assert paper["011"].keywords[:2] == (
        "music transcription and annotation",
        "machine learning/artificial intelligence for music",
    )
    assert paper["038"].keywords  # SecondarySubjectAreas is empty in this row
    assert "columns not imported (paper.yaml has no key for them): OneLiner" in result.stderr
    assert "Traceback" not in result.output


def test_ismir_check_reports_only_what_the_export_lacks(ismir: tuple[Result, Volume]) -> None:
    """This test ensures that check finds no error in the import but the missing PDFs and
    editors, which a CMT export does not carry, and no warning at all."""
    _, volume = ismir
    _, problems = check_project(volume.root)
    errors = sorted((p.code, p.paper or "") for p in problems if p.severity is Severity.ERROR)
    expected = [("metadata.no-editors", "")] + [("pdf.missing", p.id) for p in volume.papers]
    assert errors == sorted(expected)
    assert [p.format() for p in problems if p.severity is Severity.WARNING] == []


def test_ismir_project_builds(ismir_build: tuple[list[Any], BuildResult]) -> None:
    """This test ensures that the imported project, once it has an editor and PDFs, builds: the
    volume, the per-paper PDFs, the exports and the site."""
    problems, build = ismir_build
    assert {p.code for p in problems if p.severity is Severity.ERROR} == {"pdf.missing"}
    assert len(build.layout.papers) == 103
    assert len(build.volume.info.parts) == 7
    names = {path.name for path in build.written}
    assert {"ismir2023.pdf", "ismir2023.bib", "html", "064.pdf"} <= names
    bib = next(p for p in build.written if p.name == "ismir2023.bib").read_text(encoding="utf-8")
    assert "author = {{Gowriprasad R} and Sridharan, Srikrishnan and Aravind, R" in bib
    assert "Kotowski, Błażej" in bib


def test_ismir_export_saved_as_xlsx_imports_the_same(tmp_path: Path) -> None:
    """This test ensures that the export saved as an Excel workbook (ids as numbers, line
    breaks and tabs in cells) gives exactly the papers of the CSV."""
    source = require_shared(ISMIR, "cmt-metadata.csv")
    with source.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Submissions"
    for cells in table:
        sheet.append([int(c) if c.isdigit() else c for c in cells])
    xlsx = tmp_path / "cmt-metadata.xlsx"
    book.save(xlsx)
    from_csv, from_xlsx = _read(source), _read(xlsx)
    assert len(from_xlsx.papers) == 103
    assert [(p.id, p.data) for p in from_xlsx.papers] == [(p.id, p.data) for p in from_csv.papers]
    assert from_xlsx.volume == from_csv.volume


def test_ismir_organiser_workbook_is_no_cmt_export_but_imports_as_csv(tmp_path: Path) -> None:
    """This test ensures that the 2018 organisers' workbook (no header row: title, authors, id,
    session) is refused by the cmt format with the way to import it, and imports with the csv
    format and a positional mapping: 104 papers in 6 sessions."""
    workbook = require_shared(ISMIR, "completePaperList.xlsx")
    refused = run_import("cmt", workbook, "--into", tmp_path / "a", "--acronym", "ISMIR 2018")
    assert refused.exit_code == 1
    assert "(sheet 'paperList.txt'): not a CMT export: it lacks 3 columns" in refused.output
    assert "'A Confidence Measure For Key Labelling'" in refused.output
    assert "--map header=none --map title=A" in refused.output
    assert not (tmp_path / "a").exists()

    root = tmp_path / "ismir2018"
    mapping = ["--map", "header=none", "--map", "title=A", "--map", "authors=B"]
    mapping += ["--map", "id=C", "--map", "session=D"]
    result = run_import("csv", workbook, *mapping, "--into", root, "--acronym", "ISMIR 2018")
    assert result.exit_code == 0, result.output
    assert "read the sheet 'paperList.txt', the first with data" in result.stderr
    volume = load_volume(root)
    assert len(volume.papers) == 104
    assert [len(volume.papers_in(part)) for part in volume.info.parts] == [18, 18, 17, 17, 17, 17]
    assert [part.id for part in volume.info.parts] == [f"session-{n}" for n in range(1, 7)]
    first = volume.papers_in(volume.info.parts[0])[0]
    assert (first.id, first.info.title) == ("072", "A Confidence Measure For Key Labelling")
    assert [a.name.full for a in first.info.authors] == [
        "Roman B. Gebhardt",
        "Michael Stein",
        "Athanasios Lykartsis",
    ]
    _, problems = check_project(root)
    errors = {p.code for p in problems if p.severity is Severity.ERROR}
    assert errors == {"metadata.missing-abstract", "pdf.missing", "metadata.no-editors"}


# --- small exports -------------------------------------------------------------------------


def test_cmt_own_headers_status_sessions_and_quirks() -> None:
    """This test ensures that CMT's own column names are read, rows not accepted are skipped and
    listed, sessions order the papers and the author quirks are repaired."""
    imported = _read(EXPORT)
    assert [p.id for p in imported.papers] == ["005", "003", "007", "030"]
    assert [(p.data["part"], p.data["order"]) for p in imported.papers] == [
        ("session-i", 1),
        ("session-i", 2),
        ("session-ii", 1),
        ("papers", 1),
    ]
    notes = "\n".join(imported.notes)
    assert "cmt-export.csv: 2 rows not accepted (Reject 1, Withdrawn 1) skipped: rows 3, 5" in notes
    assert "1 paper without a part: 030; put in a last part 'Papers'" in notes
    assert "columns not imported (paper.yaml has no key for them): Created, Track Name" in notes
    paper = imported.paper("007").data
    assert paper["title"] == "Learning GANs – a Study"
    assert paper["abstract"] == (
        "We find that 40.3% of cases fail. Almost all of them are easy.\n\nA second paragraph."
    )
    assert paper["keywords"] == ["music generation", "Evaluation, datasets, and reproducibility"]
    assert paper["authors"][0] == {
        "given": "Jan",
        "family": "van der Berg",
        "email": "jan@example.org",
        "affiliations": ["Universiteit van Amsterdam"],
        "corresponding": True,
    }
    assert [(a.get("given"), a["family"]) for a in paper["authors"][1:]] == [
        ("Zoë", "Ødegaard"),
        ("Ana", "De La Cruz"),
    ]
    assert imported.paper("003").data["authors"][1]["affiliations"] == [
        "Indian Institute of Technology Madras"
    ]


def _bad(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "Paper ID,Paper Title,Abstract,Authors,Author Names,Author Emails\n"
GOOD = '7,A Title,An abstract.,Ada Lovelace (Univ)*,"Lovelace, Ada*",ada@example.org\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"export.csv: the file is empty"),
        ("\n\n", r"export.csv: the file is empty"),
        (HEADER, r"export.csv: only a header row \(columns 'Paper ID', 'Paper Title'"),
        (
            "Paper ID,Title\n1,A\n",
            r"export.csv: not a CMT export: it lacks 1 column: 'Authors' or 'Author Names'\. "
            r"The file's columns are: 'Paper ID', 'Title'\.",
        ),
        (
            HEADER + GOOD + '8,,An abstract.,Bo Li (Univ),"Li, Bo",bo@example.org\n',
            r"export.csv: row 3, paper 008: no title \(the column 'Paper Title' is empty\)",
        ),
        (
            HEADER + ',Untitled,x,Bo Li (Univ),"Li, Bo",bo@example.org\n',
            r"export.csv: row 2: no paper id \(the column 'Paper ID' is empty\)",
        ),
        (
            HEADER + '9,T,A,Ada Lovelace (U)*,"Lovelace, Ada*",a@example.org; b@example.org\n',
            r"row 2, paper 009: the author columns list different numbers of authors \(1 in "
            r"'Author Names', 1 in 'Authors', 2 in 'Author Emails'\), and no column that names "
            r"authors lists them all",
        ),
        (
            HEADER.replace("Authors", "Paper Title") + GOOD,
            r"the column 'Paper Title' \(CMT's Paper Title\) appears 2 times \(columns B, D\)",
        ),
    ],
)
def test_bad_exports_are_one_clear_error_and_write_nothing(
    tmp_path: Path, text: str, message: str
) -> None:
    """This test ensures that an empty, header-only, column-less or faulty export stops a
    --strict import with one message naming the file, the row and the column, and writes
    nothing."""
    path = _bad(tmp_path, text)
    with pytest.raises(ProceedingsError, match=message):
        _read(path, strict=True)
    into = ["--into", tmp_path / "project", "--acronym", "WS 2025", "--strict"]
    result = run_import("cmt", path, *into)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "project").exists()


def test_old_xls_and_damaged_xlsx_are_refused(tmp_path: Path) -> None:
    """This test ensures that CMT's binary .xls and a damaged workbook say what to do instead."""
    xls = tmp_path / "Papers.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(ProceedingsError, match=r"Papers.xls: is an old binary Excel file"):
        _read(xls)
    damaged = tmp_path / "Papers.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(ProceedingsError, match=r"Papers.xlsx: cannot be read as an Excel workbook"):
        _read(damaged)


def test_volume_options_are_required_and_mappings_refused(tmp_path: Path) -> None:
    """This test ensures that a missing acronym or year is one error naming the option to give,
    and that a column mapping (for the csv format) is refused."""
    with ExitStack() as stack:
        missing = r"a CMT export carries no volume data: give --acronym and --year"
        with pytest.raises(ProceedingsError, match=missing):
            read_import("cmt", EXPORT, ImportOptions(stack))
        with pytest.raises(ProceedingsError, match=r"give --year \(e.g."):
            read_import("cmt", EXPORT, ImportOptions(stack, overrides={"acronym": "ISMIR"}))
        mapped = ImportOptions(stack, overrides={"acronym": "X 1"}, mapping={"title": "Title"})
        with pytest.raises(ProceedingsError, match=r"--map and --mapping are for the csv format"):
            read_import("cmt", EXPORT, mapped)
    imported = _read(EXPORT, acronym="ISMIR", year=2025, url="https://example.org/ws/")
    assert imported.volume["year"] == 2025
    assert imported.volume["url"] == "https://example.org/ws/"
    assert imported.volume["event"] == {"name": "ISMIR", "short_name": "ISMIR"}


def test_pdfs_from_cmts_download_layout(tmp_path: Path) -> None:
    """This test ensures that CMT's download (<Paper ID>/CameraReady/x.pdf, in a ZIP) gives each
    paper its camera-ready PDF, that a flat file named by id or a first-page title matches too,
    and that a PDF matching no paper is noted."""
    archive = tmp_path / "camera.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("7\\CameraReady\\final.pdf", text_pdf(["Learning GANs - a Study"]))
        zipped.writestr("7/Submission/submitted.pdf", text_pdf(["Learning GANs - a Study"]))
        zipped.writestr("3/CameraReady/taniavartanam.pdf", text_pdf(["Taniavartanam"]))
        zipped.writestr("5.pdf", text_pdf(["Flexible Alignment"]))
        zipped.writestr("upload.pdf", text_pdf(["A Paper Without a Session"]))
        zipped.writestr("other.pdf", text_pdf(["Something Else Entirely"]))
    project = tmp_path / "project"
    result = run_import("cmt", EXPORT, "--pdfs", archive, "--into", project, "--acronym", "WS 2025")
    assert result.exit_code == 0, result.output
    assert "4 papers, 4 with a PDF" in result.output
    for paper, title in [("007", "Learning GANs - a Study"), ("030", "A Paper Without a Session")]:
        assert (project / "papers" / paper / "paper.pdf").read_bytes() == text_pdf([title])
    assert "row 7, paper 030: PDF upload.pdf matched by the title on its first page" in (
        result.stderr
    )
    assert "2 PDFs in " in result.stderr
    assert "matched no paper: 7/Submission/submitted.pdf, other.pdf" in result.stderr
    data = yaml.safe_load((project / "papers/007/paper.yaml").read_text(encoding="utf-8"))
    assert "pdf" not in data  # the copy is papers/007/paper.pdf, the default


# --- rows with one sensible reading, and rows with none --------------------------------------

ROWS = yaml.safe_load((FIXTURES / "cmt-rows.yaml").read_text(encoding="utf-8"))


def _row_file(tmp_path: Path, *rows: tuple[str, ...]) -> Path:
    """An export of ``rows`` (id, title, details, names, e-mails), written as CMT writes CSV."""
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Paper ID", "Paper Title", "Abstract", *HEADER.split(",")[3:6]])
        for paper, title, details, names, emails in rows:
            writer.writerow([paper, title, "An abstract.", details, names, emails.strip()])
    return path


@pytest.mark.parametrize("case", ROWS, ids=[case["case"] for case in ROWS])
def test_rows_with_one_reading(tmp_path: Path, case: dict[str, Any]) -> None:
    """This test ensures that a row whose author columns have one sensible reading (nested or
    unbalanced parentheses, columns of unequal length) imports that way, with exactly one note
    saying which reading was taken, also under --strict."""
    path = _row_file(tmp_path, ("7", "A Title", case["details"], case["names"], case["emails"]))
    for strict in (False, True):
        imported = _read(path, strict=strict)
        authors = imported.paper("007").data["authors"]
        assert [
            [
                f"{a.get('given', '')} {a['family']}".strip(),
                a.get("email", ""),
                *a.get("affiliations", [""]),
            ]
            for a in authors
        ] == case["authors"]
        assert authors[0]["corresponding"] is True
        row_notes = [n for n in imported.notes if "row 2, paper 007" in n]
        assert row_notes == [f"{path}: row 2, paper 007: {case['note']}"]


def test_one_bad_row_never_stops_the_others(tmp_path: Path) -> None:
    """This test ensures that rows with no sensible reading (no id, no title, more e-mails than
    authors) are skipped and listed by row, one note each, while the others are imported; that
    --strict refuses the whole export as before; and that an export of bad rows only is refused."""
    good = ("7", "A Title", "Ada Lovelace (NIST)*", "Lovelace, Ada*", "ada@example.org")
    rows = [
        good,
        ("", "No Id", "Bo Li (Univ)", "Li, Bo", "bo@example.org"),
        ("8", "", "Bo Li (Univ)", "Li, Bo", "bo@example.org"),
        ("9", "Too Many Mails", "Bo Li (Univ)", "Li, Bo", "bo@example.org; cy@example.org"),
        ("10", "Also Good", "Cy Tan (Lab)*", "Tan, Cy*", "cy@example.org"),
    ]
    path = _row_file(tmp_path, *rows)
    result = run_import("cmt", path, "--into", tmp_path / "p", "--acronym", "WS 2025")
    assert result.exit_code == 0, result.output
    assert "imported 2 papers, 0 with a PDF" in result.output
    stderr = result.stderr.replace(f"{tmp_path}/", "")
    skipped = [line for line in stderr.splitlines() if "skipped, not imported" in line]
    assert skipped == [
        "note: export.csv: row 3: skipped, not imported: no paper id (the column 'Paper ID' is "
        "empty); give the row CMT's Paper ID",
        "note: export.csv: row 4, paper 008: skipped, not imported: no title (the column 'Paper "
        "Title' is empty); give the paper its title, or delete the row",
        "note: export.csv: row 5, paper 009: skipped, not imported: the author columns list "
        "different numbers of authors (1 in 'Author Names', 1 in 'Authors', 2 in 'Author "
        "Emails'), and no column that names authors lists them all; make them list the same "
        "authors in the same order",
    ]
    assert (
        "note: 3 rows skipped, 2 papers imported: fix the skipped ones and import again "
        "with --update (--strict refuses the whole import instead)"
    ) in stderr
    assert sorted(p.id for p in load_volume(tmp_path / "p").papers) == ["007", "010"]

    refused = run_import("cmt", path, "--into", tmp_path / "q", "--acronym", "WS 2025", "--strict")
    assert refused.exit_code == 1
    assert refused.output.endswith(
        "export.csv: 3 problems; nothing was imported: fix the file and import again\n"
    )
    assert not (tmp_path / "q").exists()

    only_bad = _row_file(tmp_path, *rows[1:4])
    with pytest.raises(ProceedingsError, match=r"3 problems; nothing was imported"):
        _read(only_bad)


def test_ismir_nested_affiliations_are_noted_once_per_row(ismir: tuple[Result, Volume]) -> None:
    """This test ensures that each of the eight ISMIR rows whose affiliation has parentheses of
    its own ('... Technology (AIST)', wrapped in CMT's pair) gets one note saying so."""
    result, _ = ismir
    nested = [line for line in result.stderr.splitlines() if "parentheses of its own" in line]
    papers = [line.split("paper ")[1][:3] for line in nested]
    assert sorted(papers) == ["063", "080", "142", "150", "179", "255", "257", "278"]
    assert all(line.count("parentheses of its own") == 1 for line in nested)
