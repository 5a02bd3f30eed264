"""The csv importer: any table whose columns a mapping names, and reading tables robustly."""

from __future__ import annotations

import codecs
import csv
import io
import re
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import require_shared
from pdfbuild import text_pdf

from importers.conftest import check_and_build, read_source, run_import
from proceedings.errors import ProceedingsError, Severity
from proceedings.importers import ImportedVolume
from proceedings.importers.formats import ImportOptions, read_import
from proceedings.importers.table.papers import (
    accepted,
    author_entry,
    list_separator,
    session,
    split_list,
)
from proceedings.importers.table.sheet import read_table
from proceedings.load import load_volume

FIXTURES = Path(__file__).parent.parent / "fixtures" / "csv"
SUBMISSIONS = FIXTURES / "submissions.csv"  # 4 rows, 1 rejected; mapped by submissions-map.yaml
MAPPING = FIXTURES / "submissions-map.yaml"
PER_AUTHOR = FIXTURES / "per-author.csv"  # "Author {n} First Name"... for 3 authors


def _read(source: Path, mapping: dict[str, str], **options: Any) -> ImportedVolume:
    """``source`` read as the csv format with ``mapping``, acronym WS 2025."""
    overrides = {"acronym": "WS 2025", **options.pop("overrides", {})}
    return read_source("csv", source, mapping=mapping, **options, **overrides)


def _map_args(mapping: dict[str, str]) -> list[str]:
    return [arg for key, column in mapping.items() for arg in ("--map", f"{key}={column}")]


SUBMISSIONS_MAP = {
    "id": "Submission #",
    "title": "Paper Title",
    "authors": "Authors",
    "affiliations": "Affiliations",
    "emails": "E-mails",
    "abstract": "Abstract",
    "keywords": "Keywords",
    "track": "Track",
    "decision": "Decision",
    "archival": "Archival?",
    "award": "Best Paper",
    "code": "Code",
    "video": "Video",
    "pdf": "PDF file",
    "doi": "DOI",
}


# --- a mapped table, end to end --------------------------------------------------------------


def test_mapping_file_imports_every_field_and_the_project_builds(tmp_path: Path) -> None:
    """This test ensures that a table mapped by a YAML file imports every mapped field, skips
    rejected rows with a note, finds the named PDFs, and that the project checks and builds."""
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "paper4.pdf").write_bytes(text_pdf(["Shortcut Learning in Chest X-Rays"]))
    (pdfs / "poster.pdf").write_bytes(text_pdf(["Nothing To Do With Any Paper"]))
    root = tmp_path / "project"
    result = run_import(
        "csv",
        SUBMISSIONS,
        "--mapping",
        MAPPING,
        "--pdfs",
        pdfs,
        "--into",
        root,
        "--acronym",
        "WS 2025",
    )
    assert result.exit_code == 0, result.output
    assert "imported 3 papers, 1 with a PDF" in result.output
    notes = result.stderr
    assert "submissions.csv: 1 row not accepted (Reject 1) skipped: rows 3" in notes
    assert "columns not imported (not in the mapping): Reviewer notes" in notes
    assert "row 2, paper 004: video link 'not a link' is not an absolute http(s) link" in notes
    assert "row 4, paper 011: Grace Hopper: e-mail 'grace@@example' is not an e-mail" in notes
    assert "row 5, paper 015: author 'Madonna' has a single name; imported as a mononym" in notes
    assert "row 5, paper 015: PDF 'missing.pdf' is not in" in notes
    assert re.search(r"1 PDF in \S+ matched no paper: poster.pdf", notes)
    volume = load_volume(root)
    assert [p.id for p in volume.papers] == ["004", "011", "015"]
    assert list(volume.info.tracks) == ["full", "short"]
    first, second, third = (p.info for p in volume.papers)
    assert [(a.given, a.family, a.email) for a in first.authors] == [
        ("Ada", "Lovelace", "ada@example.org"),
        ("Jean-Pierre", "van der Berg", "jp@example.org"),
        ("Zoë", "Ødegaard", "zoe@example.org"),
    ]
    assert [a.affiliations[0].institution for a in first.authors] == [
        "University of London",
        "Universiteit van Amsterdam",
        "University of Oslo",
    ]
    assert [a.corresponding for a in first.authors] == [True, False, False]
    assert first.keywords == ("shortcuts", "chest X-ray")
    assert (first.track, first.award, first.doi) == ("full", "Best Paper", "10.5555/ws.004")
    assert (first.links.code, first.links.video) == ("https://github.com/example/shortcut", None)
    assert (second.archival, second.track, second.authors[0].email) == (False, "short", None)
    assert third.authors[0].mononym
    assert (root / "papers/004/paper.pdf").read_bytes() == (pdfs / "paper4.pdf").read_bytes()

    path = root / "source" / "volume.yaml"  # the organizer names an editor, as the note asks
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("editors: []", "editors: [{given: Ada, family: Lovelace}]"))
    problems, build = check_and_build(root)
    errors = sorted((p.code, p.paper) for p in problems if p.severity is Severity.ERROR)
    assert errors == [("pdf.missing", "011"), ("pdf.missing", "015")]
    assert [e.paper for e in build.layout.papers] == ["004", "015"]  # 011 is not archival
    assert any(path.name == "html" for path in build.written)


def test_map_options_equal_the_mapping_file(tmp_path: Path) -> None:
    """This test ensures that --map pairs on the command line import what the YAML file does."""
    by_file = run_import(
        "csv", SUBMISSIONS, "--mapping", MAPPING, "--into", tmp_path / "a", "--acronym", "WS 2025"
    )
    by_args = run_import(
        "csv",
        SUBMISSIONS,
        *_map_args(SUBMISSIONS_MAP),
        "--into",
        tmp_path / "b",
        "--acronym",
        "WS 2025",
    )
    assert by_file.exit_code == by_args.exit_code == 0, by_file.output + by_args.output
    for paper in ("004", "011", "015"):
        one, two = (tmp_path / name / "papers" / paper / "paper.yaml" for name in ("a", "b"))
        assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


def test_per_author_columns() -> None:
    """This test ensures that per-author columns (``Author {n} Last Name``...) give each author
    their name, e-mail, ORCID and affiliations, skipping an empty author."""
    mapping = {
        "id": "ID",
        "title": "Title",
        "abstract": "Abstract",
        "given": "Author {n} First Name",
        "family": "Author {n} Last Name",
        "email": "Author {n} Email",
        "affiliation": "Author {n} Affiliation",
        "orcid": "Author {n} ORCID",
    }
    imported = _read(PER_AUTHOR, mapping)
    one, two = (p.data["authors"] for p in imported.papers)
    assert one == [
        {
            "given": "Kari",
            "family": "Ødegaard",
            "orcid": "0000-0002-1825-0097",
            "email": "kari@example.org",
            "affiliations": ["University of Oslo", "Simula"],
        },
        {
            "given": "Ana",
            "family": "de la Cruz",
            "email": "ana@example.org",
            "affiliations": ["Universidad de Chile"],
        },
    ]
    assert two == [
        {"family": "Sukarno", "mononym": True, "affiliations": ["Universitas Indonesia"]},
        {
            "given": "Ada",
            "family": "Lovelace",
            "email": "ada@example.org",
            "affiliations": ["University of London"],
            "corresponding": True,
        },
    ]
    notes = "\n".join(imported.notes)
    assert "row 3, paper 002: Ada Lovelace: ORCID '0000-0002-1825-0098' fails the ORCID" in notes


def test_real_cmt_export_through_a_generic_mapping() -> None:
    """This test ensures that the ISMIR export imports with a generic mapping too (103 papers,
    7 sessions), names then split from 'First Last' strings, as the csv format must."""
    source = require_shared("cmt-ismir2023", "cmt-metadata.csv")
    mapping = {
        "id": "PaperID",
        "title": "Title",
        "authors": "AuthorDetails",
        "emails": "AuthorEmails",
        "abstract": "Abstract",
        "session": "SessionID",
    }
    imported = _read(source, mapping)
    assert len(imported.papers) == 103
    assert [p["title"] for p in imported.volume["parts"]][:3] == [
        "Session I",
        "Session II",
        "Session III",
    ]
    first = imported.paper("011").data["authors"][2]
    assert (first["given"], first["family"], first["affiliations"]) == (
        "Xavier",
        "Serra",
        ["Universitat Pompeu Fabra"],
    )
    # One string cannot tell a two-word family name; the cmt format reads AuthorNames for that.
    velez = imported.paper("225").data["authors"][0]
    assert (velez["given"], velez["family"]) == ("Marcel A Vélez", "Vásquez")
    assert any(
        "columns not imported (not in the mapping): AuthorNames" in n for n in imported.notes
    )


# --- the mapping's errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"titel": "Paper Title"}, r"unknown field 'titel'\. Did you mean 'title'\?"),
        (
            {"title": "Paper Title", "link.code": "Code"},
            r"unknown field 'link.code'\. Did you mean 'code'\?",
        ),
        (
            {"title": "Paper Titel"},
            r"submissions.csv: no column 'Paper Titel' \(mapped to 'title'\)\. Did you mean "
            r"'Paper Title'\? The file's columns are: 'Submission #', 'Paper Title', 'Authors'",
        ),
        ({"authors": "Authors"}, r"map the title column \(--map title=COLUMN\)"),
        (
            {"title": "Paper Title", "authors": "Authors", "author": "Author {n}"},
            r"map either 'authors' \(one column\) or per-author columns, not both",
        ),
        ({"title": "Paper Title", "family": "Authors"}, r"'family' is a per-author column"),
        ({"title": "Paper Title", "emails": "E-mails"}, r"'emails' lists what 'authors' lists"),
        (
            {"title": "Paper Title", "part": "Track", "session": "Track"},
            r"map either 'part' or 'session'",
        ),
        ({"title": "Paper Title", "header": "maybe"}, r"header: 'maybe' is neither yes nor none"),
        (
            {"title": "Paper Title", "archival": "Decision"},
            r"row 2, paper 001: archival 'Accept \(oral\)' in the column 'Decision' is neither",
        ),
        ({}, r"give the column mapping: .* the file's columns are: 'Submission #'"),
    ],
)
def test_mapping_errors_name_the_field_and_the_columns(
    tmp_path: Path, mapping: dict[str, str], message: str
) -> None:
    """This test ensures that an unknown field, a missing column or an impossible mapping is
    one clear error (with 'Did you mean' and the file's columns), and nothing is written."""
    with pytest.raises(ProceedingsError, match=message):
        _read(SUBMISSIONS, mapping)
    result = run_import(
        "csv", SUBMISSIONS, *_map_args(mapping), "--into", tmp_path / "p", "--acronym", "WS 2025"
    )
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"bad.csv: the file is empty"),
        (
            "Title;Authors\n",
            r"bad.csv: only a header row \(columns 'Title', 'Authors'\), no papers",
        ),
        (
            "Title,Authors\nOne,Ada Lovelace\n  ,Bo Li\nThree,Cy Young\n,\n,Di Ng\n",
            r"bad.csv: row 3, paper 002: no title \(the column 'Title' is empty\)(.|\n)*"
            r"bad.csv: row 6, paper 004: no title(.|\n)*bad.csv: 2 problems; nothing was imported",
        ),
        (
            "Title,Authors\nOne,Ada Lovelace\nTwo\nThree,\n",
            r"bad.csv: row 3, paper 002: no authors \(the row has 1 of the table's 2 columns\); "
            r"give the paper its authors, or delete the row\n(.|\n)*"
            r"bad.csv: row 4, paper 003: no authors \(the column 'Authors' is empty\)(.|\n)*"
            r"bad.csv: 2 problems; nothing was imported",
        ),
        (
            'Title,Authors\n"One,Ada\nTwo,Bo\n',
            r"bad.csv: line 3: not valid CSV .* a quote left open",
        ),
    ],
)
def test_bad_tables_are_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    """This test ensures that an empty file, a header-only file, untitled rows and rows without
    authors (each named by its row number) stop a --strict import with one message."""
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProceedingsError, match=message):
        _read(path, {"title": "Title", "authors": "Authors"}, strict=True)


def test_one_bad_row_never_stops_the_others(tmp_path: Path) -> None:
    """This test ensures that untitled rows, rows without authors and cut-short rows are
    skipped and listed by row, one note each, and the other rows imported."""
    path = tmp_path / "bad.csv"
    path.write_text(
        "Title,Authors\nOne,Ada Lovelace\n  ,Bo Li\nTwo\nThree,\nFour,Cy Young\n",
        encoding="utf-8",
    )
    imported = _read(path, {"title": "Title", "authors": "Authors"})
    assert [p.data["title"] for p in imported.papers] == ["One", "Four"]
    assert [n.replace(f"{tmp_path}/", "") for n in imported.notes if "skipped" in n] == [
        "bad.csv: row 3, paper 002: skipped, not imported: no title (the column 'Title' is "
        "empty); give the paper its title, or delete the row",
        "bad.csv: row 4, paper 003: skipped, not imported: no authors (the row has 1 of the "
        "table's 2 columns); give the paper its authors, or delete the row",
        "bad.csv: row 5, paper 004: skipped, not imported: no authors (the column 'Authors' is "
        "empty); give the paper its authors, or delete the row",
        "3 rows skipped, 2 papers imported: fix the skipped ones and import again "
        "with --update (--strict refuses the whole import instead)",
    ]


def test_volume_options_are_required(tmp_path: Path) -> None:
    """This test ensures that without --acronym the import says which options to give."""
    with (
        ExitStack() as stack,
        pytest.raises(ProceedingsError, match=r"a table carries no volume data: give --acronym"),
    ):
        read_import("csv", SUBMISSIONS, ImportOptions(stack, mapping={"title": "Paper Title"}))


# --- reading tables ------------------------------------------------------------------------


def _dialect(text: str, delimiter: str, encoding: str) -> bytes:
    """``text`` (a comma-separated table) written with another delimiter and encoding."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(
        csv.reader(io.StringIO(text, newline=""))
    )
    data = out.getvalue().encode(encoding)
    return codecs.BOM_UTF16_LE + data if encoding == "utf-16-le" else data


@pytest.mark.parametrize(
    ("delimiter", "encoding", "note"),
    [
        (",", "utf-8", None),
        (",", "utf-8-sig", None),
        (";", "utf-8", None),
        ("\t", "utf-8", None),
        (";", "cp1252", "not UTF-8 (line 2); read as Windows-1252"),
        ("\t", "utf-16-le", None),
    ],
)
def test_any_csv_dialect_reads_the_same(
    tmp_path: Path, delimiter: str, encoding: str, note: str | None
) -> None:
    """This test ensures that a BOM, semicolons, tabs, UTF-16 and Windows-1252 (with a note)
    give the same papers as plain UTF-8 with commas."""
    path = tmp_path / "dialect.csv"
    path.write_bytes(_dialect(SUBMISSIONS.read_text(encoding="utf-8"), delimiter, encoding))
    expected = _read(SUBMISSIONS, SUBMISSIONS_MAP)
    imported = _read(path, SUBMISSIONS_MAP)
    assert [(p.id, p.data) for p in imported.papers] == [(p.id, p.data) for p in expected.papers]
    encoding_notes = [n for n in imported.notes if "Windows-1252" in n]
    assert [note in n for n in encoding_notes] == ([True] if note else [])


def test_bytes_that_are_no_text_encoding_are_refused(tmp_path: Path) -> None:
    """This test ensures that a file neither UTF-8 nor Windows-1252 says how to save it."""
    path = tmp_path / "binary.csv"
    path.write_bytes(b"Title,Authors\nOne \x81\x8d,Ada\n")
    with pytest.raises(ProceedingsError, match=r"binary.csv: line 2 is neither UTF-8 nor Windows"):
        read_table(path)


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_xlsx_sheets_header_none_and_numbers(tmp_path: Path) -> None:
    """This test ensures that a workbook is read from its first sheet with data (or the one the
    mapping names), that 'header: none' names columns by letter, and that numeric ids are
    padded."""
    papers = [["Paper One", "Ada Lovelace and Bo Li", 7.0, "Part A"], ["Paper Two", "Cy", 12, None]]
    path = _workbook(tmp_path / "book.xlsx", {"Cover": [], "Papers": papers, "Other": [["x"]]})
    mapping = {"header": "none", "title": "A", "authors": "B", "id": "C", "part": "D"}
    imported = _read(path, mapping)
    assert [(p.id, p.data["title"], p.data["part"]) for p in imported.papers] == [
        ("007", "Paper One", "part-a"),
        ("012", "Paper Two", "papers"),
    ]
    assert [a["family"] for a in imported.paper("007").data["authors"]] == ["Lovelace", "Li"]
    notes = "\n".join(imported.notes)
    assert "book.xlsx: read the sheet 'Papers', the first with data" in notes
    assert "book.xlsx (sheet 'Papers'): 1 paper without a part: 012" in notes
    other = _read(path, {"header": "none", "title": "A", "sheet": "other"})
    assert other.papers[0].data["title"] == "x"
    with pytest.raises(ProceedingsError, match=r"no sheet 'Nope'; the sheets are: 'Cover', 'Pa"):
        _read(path, {**mapping, "sheet": "Nope"})
    with pytest.raises(ProceedingsError, match=r"no column 'Title' .* name the columns by letter"):
        _read(path, {"title": "Title", "sheet": "Papers"})


def test_sessions_order_parts_by_number_and_papers_by_position(tmp_path: Path) -> None:
    """This test ensures that sessions are ordered by the numbers ending their names and papers
    by their position, while parts keep their order of first appearance."""
    path = tmp_path / "sessions.csv"
    path.write_text(
        "Title,Session\nA,Session 10:2\nB,Session 2:1\nC,Session 10:1\nD,Session 2:1\n",
        encoding="utf-8",
    )
    imported = _read(path, {"title": "Title", "session": "Session"})
    assert [p["title"] for p in imported.volume["parts"]] == ["Session 2", "Session 10"]
    assert [(p.data["title"], p.data["order"]) for p in imported.papers] == [
        ("B", 1),
        ("D", 2),
        ("C", 1),
        ("A", 2),
    ]
    assert any("Session 2:1 is given to 2 papers (002, 004)" in n for n in imported.notes)
    as_parts = _read(path, {"title": "Title", "part": "Session"})
    assert [p["title"] for p in as_parts.volume["parts"]][:2] == ["Session 10:2", "Session 2:1"]


# --- the helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "parsed"),
    [
        ("Ada Lovelace", ("Ada Lovelace", None, False)),
        ("Ada Lovelace*", ("Ada Lovelace", None, True)),
        (
            "Miguel Perez (Universitat Pompeu Fabra/Huawei)*",
            ("Miguel Perez", "Universitat Pompeu Fabra/Huawei", True),
        ),
        (
            "Kento Watanabe (National Institute (AIST))",
            ("Kento Watanabe", "National Institute (AIST)", False),
        ),
        (
            "Xavier Serra (Universitat Pompeu Fabra\t)",
            ("Xavier Serra", "Universitat Pompeu Fabra", False),
        ),
        ("Serra, Xavier*", ("Serra, Xavier", None, True)),
    ],
)
def test_author_entry(entry: str, parsed: tuple[str, str | None, bool]) -> None:
    """This test ensures that 'Name (Affiliation)*' entries split into their three parts."""
    assert author_entry(entry) == parsed


@pytest.mark.parametrize(
    ("cells", "value", "items"),
    [
        (["A; B"], "Lovelace, Ada; Li, Bo", ["Lovelace, Ada", "Li, Bo"]),
        (["A, B"], "Ada, Bo and Cy", ["Ada", "Bo", "Cy"]),
        (["A, B"], "Ada, Bo, and Cy & Di", ["Ada", "Bo", "Cy", "Di"]),
        (["A\nB"], "Ada\nBo", ["Ada", "Bo"]),
        (["A; B"], "Ada (Univ; Lab); Bo (X)", ["Ada (Univ; Lab)", "Bo (X)"]),
    ],
)
def test_split_list(cells: list[str], value: str, items: list[str]) -> None:
    """This test ensures that list cells split at their column's separator, never inside
    parentheses."""
    assert split_list(value, list_separator(cells)) == items


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ("Accept", True),
        ("Accepted (poster)", True),
        ("accept as oral", True),
        ("Reject", False),
        ("Desk Reject", False),
        ("Withdrawn", False),
        ("Not accepted", False),
        ("Awaiting Decision", False),
        ("", False),
    ],
)
def test_accepted(decision: str, expected: bool) -> None:
    """This test ensures that only acceptances count as accepted."""
    assert accepted(decision) is expected


def test_session() -> None:
    """This test ensures that 'Session II:4' is the session and the position in it."""
    assert session("Session II:4") == ("Session II", 4)
    assert session("Posters: Day 1") == ("Posters: Day 1", None)
    assert session("session-3") == ("session-3", None)
