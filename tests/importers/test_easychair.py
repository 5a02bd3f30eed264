"""The EasyChair importer: the CSV download and the LNCS export end to end on the shared data,
names and bad exports on small synthetic ones."""

from __future__ import annotations

import csv
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from conftest import edit, require_shared
from pdfbuild import text_pdf

from importers.conftest import check_and_build, errors, read_source, run_import
from proceedings.build import BuildResult
from proceedings.checks import check_project
from proceedings.errors import Problem, ProceedingsError
from proceedings.importers import ImportedVolume
from proceedings.importers.easychair.lncs import pdf_abstract
from proceedings.load import load_volume
from proceedings.model import Volume

CSV_SAMPLE = "easychair-extra-sample-csv"
PAAR = "easychair-proceedings-export-paar2018"
FIXTURE = Path(__file__).parent.parent / "fixtures" / "easychair" / "csv"
EDITORS = {"editors: []": "editors:\n- given: Ada\n  family: Lovelace\n  affiliations: [Example]"}


@dataclass(frozen=True)
class Run:
    """A successful ``proceedings import easychair`` into ``root``, with its notes."""

    root: Path
    notes: list[str]


def _import(source: Path, into: Path, *options: str) -> Run:
    result = run_import("easychair", source, "--into", into, *options)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    return Run(into, [line.removeprefix("note: ") for line in lines if line.startswith("note: ")])


def _fails(source: Path, into: Path, *options: str) -> str:
    """The error of an import that must fail, having written nothing."""
    result: Result = run_import("easychair", source, "--into", into, *options)
    assert result.exit_code == 1, result.output
    assert not into.exists()
    return result.stderr


def _read(source: Path, **overrides: object) -> ImportedVolume:
    return read_source("easychair", source, **{"acronym": "TEST 2025", **overrides})


def _authors(volume: Volume, paper_id: str) -> list[tuple[str, str]]:
    paper = next(p for p in volume.papers if p.id == paper_id)
    return [(a.given, a.family) for a in paper.info.authors]


def _build(root: Path) -> tuple[list[Problem], BuildResult]:
    """Check the import as it is, then give it the editors no export has and build it."""
    _, before = check_project(root)
    edit(root / "source" / "volume.yaml", EDITORS)
    _, result = check_and_build(root)
    return before, result


# --- the shared CSV download (synthetic content, EasyChair's layout) ---------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The CSV sample imported as a user does, once for this module."""
    source = require_shared(CSV_SAMPLE)
    return _import(source, tmp_path_factory.mktemp("csv") / "ecai", "--acronym", "ECAI 2024")


@pytest.fixture(scope="module")
def sample_built(sample: Run) -> tuple[list[Problem], BuildResult]:
    """The CSV sample checked, completed with editors and placeholder PDFs, and built."""
    return _build(sample.root)


def _submissions() -> list[dict[str, str]]:
    path = require_shared(CSV_SAMPLE, "submission.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_sample_keeps_the_accepted_submissions_and_notes_every_other(sample: Run) -> None:
    """This test ensures that the 180 accepted, undeleted submissions of 1,001 are imported,
    with their numbers as ids, and that each of the 821 others is noted with its reason."""
    rows = _submissions()
    accepted = [r["#"] for r in rows if r["decision"] == "accept" and r["deleted?"] == "no"]
    volume = load_volume(sample.root)
    assert len(rows) == 1001
    assert [p.id for p in volume.papers] == [f"{int(n):03d}" for n in accepted]
    assert len(volume.papers) == 180
    assert (volume.papers[0].id, volume.papers[-1].id) == ("004", "996")
    assert volume.info.acronym == "ECAI 2024"
    assert volume.info.year == 2024
    assert [p.id for p in volume.info.parts] == ["papers"]
    skipped = {}
    for note in sample.notes:
        if " not imported (" in note:
            reason = note.split(" not imported (")[1].split(")")[0]
            for number in note.rsplit("): ", 1)[1].split(", "):
                assert number not in skipped, number
                skipped[number] = reason
    assert len(skipped) == 821
    assert set(skipped) | set(accepted) == {r["#"] for r in rows}
    by_reason: dict[str, int] = {}
    for reason in skipped.values():
        by_reason[reason] = by_reason.get(reason, 0) + 1
    assert by_reason == {
        "deleted": 49,  # 10 of them accepted
        "decision 'reject'": 497,
        "decision 'no decision'": 188,
        "decision 'desk reject'": 57,
        "decision 'withdrawn'": 30,
    }
    assert (skipped["1"], skipped["2"]) == ("deleted", "decision 'withdrawn'")


def test_csv_sample_authors_follow_the_submission_with_their_details(sample: Run) -> None:
    """This test ensures that authors come from author.csv in the submission's order, with
    e-mail, affiliation and country, the corresponding flag, and no person id left behind."""
    volume = load_volume(sample.root)
    rows = {r["#"]: r for r in _submissions()}
    for paper in volume.papers:
        names = [a.name.full for a in paper.info.authors]
        listed = rows[str(int(paper.id))]["authors"]
        head, _, last = listed.rpartition(" and ")
        assert names == ([*head.split(", "), last] if head else [listed]), paper.id
    first = next(p for p in volume.papers if p.id == "004")
    reid, lester = first.info.authors
    assert (reid.given, reid.family, reid.email) == ("Renee", "Reid", "zachary90@example.net")
    assert [(a.institution, a.country) for a in reid.affiliations] == [("Friend suffer", "Macao")]
    assert (reid.corresponding, lester.corresponding) == (False, True)
    assert first.info.keywords == ("third", "talk", "soldier")  # ['third', 'third', ...]
    assert first.info.abstract.startswith("Money example property. Real development")
    assert "\n" not in first.info.abstract  # one paragraph, its line breaks joined
    text = (sample.root / "papers" / "004" / "paper.yaml").read_text(encoding="utf-8")
    assert "_profile" not in text
    author_csv = require_shared(CSV_SAMPLE, "author.csv")
    with author_csv.open(encoding="utf-8-sig", newline="") as handle:
        wanted = {str(int(p.id)) for p in volume.papers}
        rows_of_accepted = [r for r in csv.DictReader(handle) if r["submission #"] in wanted]
    assert sum(len(p.info.authors) for p in volume.papers) == len(rows_of_accepted) == 537


def test_csv_sample_shared_email_keeps_two_people_apart(sample: Run) -> None:
    """This test ensures that two EasyChair persons sharing an e-mail keep their own names."""
    volume = load_volume(sample.root)
    assert ("Andrea", "Dominguez") in _authors(volume, "078")
    assert ("Bradley", "Ortiz") in _authors(volume, "406")
    assert any(
        "e-mail 'smithjennifer@example.com' belongs to 2 EasyChair persons" in n
        for n in sample.notes
    )
    assert not any(n.startswith("people: ") for n in sample.notes)


def test_csv_sample_checks_and_builds(sample_built: tuple[list[Problem], BuildResult]) -> None:
    """This test ensures that check finds only what the download lacks (editors, PDFs) and
    that the volume builds once editors and PDFs are added."""
    before, result = sample_built
    assert {code for code, _ in errors(before)} == {"metadata.no-editors", "pdf.missing"}
    assert sum(code == "pdf.missing" for code, _ in errors(before)) == 180
    assert len(result.layout.papers) == 180
    assert not errors(result.problems)


# --- the shared LNCS export (PAAR 2018, real) --------------------------------------------------

PAAR_PAGES = {"001": (1, 10), "002": (11, 23), "003": (24, 31), "004": (32, 40)}


@pytest.fixture(scope="module")
def paar(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The PAAR 2018 export zipped (in a top folder, as downloaded) and imported from the ZIP."""
    source = require_shared(PAAR)
    work = tmp_path_factory.mktemp("paar")
    archive = work / "paar2018.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                zf.write(path, f"paar2018/{path.relative_to(source).as_posix()}")
    return _import(archive, work / "project", "--acronym", "PAAR 2018")


@pytest.fixture(scope="module")
def paar_built(paar: Run) -> tuple[list[Problem], BuildResult]:
    """The PAAR import checked, completed with editors, and built."""
    return _build(paar.root)


def test_lncs_export_gives_papers_in_volume_order_with_their_pdfs(paar: Run) -> None:
    """This test ensures that the four README_EASYCHAIR folders become papers 001-004 in page
    order, with titles, UTF-8 names as EasyChair stored them, and the PDFs copied unchanged."""
    volume = load_volume(paar.root)
    source = require_shared(PAAR)
    assert [p.id for p in volume.papers] == ["001", "002", "003", "004"]
    assert [p.info.title for p in volume.papers][1:3] == [
        "Alternative treatments of common binary relations in first-order automated reasoning",
        "No Choice: Reconstruction of First-order ATP Proofs without Skolem Functions",
    ]
    assert _authors(volume, "001") == [("Haniel", "Barbosa")]
    assert _authors(volume, "002") == [("Koen", "Claessen"), ("Ann", "Lillieström")]
    assert _authors(volume, "003") == [("Michael", "Färber"), ("Cezary", "Kaliszyk")]
    assert _authors(volume, "004") == [("Mohamed", "Hassona"), ("Stephan", "Schulz")]
    for paper, folder in zip(
        volume.papers, ["99990001", "99990011", "99990024", "99990032"], strict=True
    ):
        original = source / folder / f"{folder}.pdf"
        assert paper.pdf_path.read_bytes() == original.read_bytes()
    assert (volume.info.title, volume.info.year, volume.info.series) == ("PAAR 2018", 2018, None)


def test_lncs_export_quirks_are_noted(paar: Run) -> None:
    """This test ensures that the export's traps are reported: folder numbers that are first
    pages, volume 9999, a README title the PDF does not print, and the missing affiliations."""
    notes = "\n".join(paar.notes)
    assert "not by submission: papers are numbered in volume order (001, 002, 003, 004)" in notes
    assert "LNCS volume 9999 is EasyChair's placeholder" in notes
    assert "99990011/README_EASYCHAIR: the title is not on the first page of 99990011.pdf" in notes
    assert notes.count("title is not on the first page") == 1
    assert "README_EASYCHAIR has no affiliations or e-mails" in notes
    assert "do not follow" not in notes  # the pages agree with each other and with the PDFs
    assert " but " not in notes
    assert "matched no paper" not in notes  # the ceur-make files are not PDFs of papers


def test_lncs_export_abstracts_come_from_the_first_pages(paar: Run) -> None:
    """This test ensures that the abstracts the README lacks are read from the PDFs, with
    hyphenation and ligatures mended, up to the first section."""
    volume = load_volume(paar.root)
    abstracts = {p.id: p.info.abstract for p in volume.papers}
    assert abstracts["001"].startswith("In SMT solving one generally applies heuristic")
    assert "many spurious instances" in abstracts["001"]  # "spuri- ous" across lines
    assert abstracts["001"].endswith("in several benchmark libraries.")
    assert abstracts["003"].startswith("Proof assistants based on higher-order logic")
    assert "first-order automated theorem provers" in abstracts["003"]  # "ﬁrst" ligature
    assert abstracts["004"].endswith("the performance benefits possible with this approach.")
    assert all("Introduction" not in text for text in abstracts.values())
    assert any("abstracts of 4 papers (001, 002, 003, 004) read from" in n for n in paar.notes)


def test_lncs_export_checks_and_builds_on_the_readme_pages(
    paar_built: tuple[list[Problem], BuildResult],
) -> None:
    """This test ensures that check reports only the missing editors (and warns of the title
    the PDF does not show), and that the built volume puts each paper on the README's pages."""
    before, result = paar_built
    assert errors(before) == {("metadata.no-editors", None)}
    assert ("pdf.title-mismatch", "002") in {(p.code, p.paper) for p in before}
    assert {e.paper: (e.first, e.last) for e in result.layout.papers} == PAAR_PAGES


# --- synthetic CSV exports ----------------------------------------------------------------------


def _copy_fixture(tmp_path: Path) -> Path:
    target = tmp_path / "download"
    shutil.copytree(FIXTURE, target)
    return target


def test_names_particles_accents_mononyms_and_affiliations(tmp_path: Path) -> None:
    """This test ensures that EasyChair's first/last split is kept (particles, accents,
    mononyms) and that affiliations lose tabs, double spaces, entities and stray commas."""
    run = _import(FIXTURE, tmp_path / "p", "--acronym", "TEST 2025")
    volume = load_volume(run.root)
    assert [p.id for p in volume.papers] == ["003", "017", "040"]
    # author.csv lists Søren first; the submission's 'authors' column decides the order.
    assert _authors(volume, "003") == [
        ("Ana María", "de la Cruz"),
        ("Søren", "Ødegaard"),
        ("", "Sukarno"),
    ]
    ana, soren, sukarno = volume.papers[0].info.authors
    assert (sukarno.mononym, sukarno.affiliations) == (True, ())
    assert [a.text for a in ana.affiliations] == [
        "Dept. of Computing, Universidad Complutense de Madrid, Spain"
    ]
    assert (ana.corresponding, soren.corresponding, ana.email) == (True, False, "ana@example.org")
    assert _authors(volume, "017") == [("Jean-Pierre", "van der Berg"), ("Zoë", "Al-Hassan")]
    berg, zoe = volume.papers[1].info.authors
    assert [a.text for a in berg.affiliations] == ["Vrije Universiteit Amsterdam, Netherlands"]
    assert [a.text for a in zoe.affiliations] == ["Imperial College London"]  # &nbsp;, no country
    assert "author.csv:4: author 'Sukarno' has a single name; imported as a mononym" in "\n".join(
        run.notes
    )
    assert any("author.csv:4: country 'Indonesia' without an affiliation" in n for n in run.notes)


def test_one_person_across_papers_by_person_number(tmp_path: Path) -> None:
    """This test ensures that EasyChair's person number makes one identity of two spellings."""
    run = _import(FIXTURE, tmp_path / "p", "--acronym", "TEST 2025")
    volume = load_volume(run.root)
    assert _authors(volume, "040") == [("Wei", "Li"), ("Ana María", "de la Cruz")]
    assert any(
        "'Ana Maria de la Cruz' and 'Ana María de la Cruz' are one person" in n for n in run.notes
    )


def test_decisions_and_deleted_rows_are_noted_with_numbers() -> None:
    """This test ensures that 'ACCEPT' and 'Accept as poster' count as accepted, while the
    tentative 'accept?', rejections, withdrawals, deleted rows and blanks are noted."""
    imported = _read(FIXTURE)
    assert [p.id for p in imported.papers] == ["003", "017", "040"]
    where = f"{FIXTURE}/submission.csv"
    for reason, number in [
        ("decision 'reject'", "5"),
        ("deleted", "7"),
        ("decision 'accept?'", "12"),
        ("decision 'withdrawn'", "21"),
        ("no decision", "41"),
    ]:
        assert f"{where}: 1 submission not imported ({reason}): {number}" in imported.notes


def test_title_abstract_and_keywords_are_cleaned() -> None:
    """This test ensures that titles lose tabs and double spaces, abstracts keep paragraphs and
    decode entities, and keywords are split (lines, semicolons, list text) without repeats."""
    imported = _read(FIXTURE)
    first, second, poster = (p.data for p in imported.papers)
    assert second["title"] == "Graph Methods for Müller's Problem"
    assert first["abstract"] == (
        "We rank items whose scores are uncertain. The method is simple.\n\n"
        "A second paragraph follows."
    )
    assert second["abstract"] == "Graphs & networks, studied."
    assert first["keywords"] == ["ranking", "uncertainty"]
    assert second["keywords"] == ["graphs", "networks"]
    assert poster["keywords"] == ["posters", "ranking"]
    assert imported.paper("017").origin.endswith("submission.csv:11 (#17)")


def _with_tracks(folder: Path, tracks: dict[str, str]) -> None:
    """Give the fixture's submission.csv a 'track name' column: ``tracks`` by number, else
    'Other'."""
    path = folder / "submission.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows = [[*rows[0], "track name"]] + [[*r, tracks.get(r[0], "Other")] for r in rows[1:]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_tracks_become_parts(tmp_path: Path) -> None:
    """This test ensures that a 'track name' column with several tracks makes one part each,
    in order of first appearance, with the papers numbered within their part."""
    folder = _copy_fixture(tmp_path)
    _with_tracks(folder, {"3": "Main Track", "17": "Short Papers", "40": "Main Track"})
    imported = _read(folder)
    assert imported.volume["parts"] == [
        {"id": "main-track", "title": "Main Track"},
        {"id": "short-papers", "title": "Short Papers"},
    ]
    placed = {p.id: (p.data["part"], p.data["order"]) for p in imported.papers}
    assert placed == {
        "003": ("main-track", 1),
        "017": ("short-papers", 1),
        "040": ("main-track", 2),
    }


def test_a_keynote_track_gives_invited_talks(tmp_path: Path) -> None:
    """This test ensures that the submissions of an EasyChair track for keynotes (or titled
    "Keynote: ...") become invited talks, each with a note saying why, and the rest papers."""
    folder = _copy_fixture(tmp_path)
    _with_tracks(folder, {"3": "Main Track", "17": "Keynotes", "40": "Main Track"})
    imported = _read(folder)
    kinds = {p.id: p.data.get("kind", "paper") for p in imported.papers}
    assert kinds == {"003": "paper", "017": "invited", "040": "paper"}
    assert any(
        note.endswith("#17: imported as kind invited (filed under 'Keynotes')")
        for note in imported.notes
    ), imported.notes


def test_organization_column_and_a_download_without_author_file(tmp_path: Path) -> None:
    """This test ensures that the older 'organization' column is read, and that without
    author.csv the 'authors' column is split into names (with a note)."""
    folder = _copy_fixture(tmp_path)
    edit(folder / "author.csv", {",affiliation,": ",organization,"})
    imported = _read(folder)
    assert imported.paper("040").data["authors"][0]["affiliations"] == [
        {"institution": "Tsinghua University", "country": "China"}
    ]
    (folder / "author.csv").unlink()
    imported = _read(folder)
    assert imported.paper("003").data["authors"] == [
        {"given": "Ana María", "family": "de la Cruz"},
        {"given": "Søren", "family": "Ødegaard"},
        {"family": "Sukarno", "mononym": True},
    ]
    assert any("no author.csv beside it" in n for n in imported.notes)


def test_submission_csv_itself_as_source() -> None:
    """This test ensures that SOURCE may be submission.csv, author.csv being read beside it."""
    imported = _read(FIXTURE / "submission.csv")
    assert [p.id for p in imported.papers] == ["003", "017", "040"]
    assert imported.paper("003").data["authors"][0]["email"] == "ana@example.org"


# --- bad exports --------------------------------------------------------------------------------


def test_missing_column_is_one_error_and_nothing_is_written(tmp_path: Path) -> None:
    """This test ensures that author.csv without 'last name' stops the import with one message
    naming the file and the column, and writes nothing."""
    folder = _copy_fixture(tmp_path)
    edit(folder / "author.csv", {",last name,": ",surname,"})
    error = _fails(folder, tmp_path / "project", "--acronym", "TEST 2025")
    assert f"{folder}/author.csv: no column 'last name' (its columns: submission #," in error
    assert "Traceback" not in error
    assert error.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("submission.csv", "", "submission.csv: the file is empty; download it from EasyChair"),
        ("author.csv", "\n\n", "author.csv: the file is empty"),
        ("submission.csv", "#,title,decision\n", "submission.csv: no submissions, only the header"),
        ("submission.csv", "#,title,decision\n3,A,reject\n", "submission.csv: no accepted"),
    ],
)
def test_empty_files_are_errors(tmp_path: Path, name: str, content: str, message: str) -> None:
    """This test ensures that an empty file, a header alone, or no accepted row is one error."""
    folder = _copy_fixture(tmp_path)
    (folder / name).write_text(content, encoding="utf-8")
    with pytest.raises(ProceedingsError, match=message):
        _read(folder)


@pytest.mark.parametrize(
    ("name", "replace", "message"),
    [
        ("submission.csv", {"\n17,": "\n3,"}, r"csv:11: submission #3 again \(first at line 2\)"),
        ("submission.csv", {"\n17,": "\nx17,"}, r"csv:11: '#' is 'x17', not a submission number"),
        ("submission.csv", {"\n5,A": '\n5,"A'}, r"csv:8: not readable as CSV from this row on"),
        ("author.csv", {"\n40,Wei": "\nforty,Wei"}, r"author.csv:11: submission # is 'forty'"),
    ],
)
def test_malformed_rows_name_file_and_line(
    tmp_path: Path, name: str, replace: dict[str, str], message: str
) -> None:
    """This test ensures that a repeated or non-numeric number and a broken quote are errors
    naming the file and the row's line (under --strict; a broken quote always)."""
    folder = _copy_fixture(tmp_path)
    edit(folder / name, replace)
    with pytest.raises(ProceedingsError, match=message):
        _read(folder, strict=True)


@pytest.mark.parametrize(
    ("name", "replace", "skipped"),
    [
        (
            "submission.csv",
            {"\n17,": "\n3,"},
            "submission.csv:11: skipped, not imported: submission #3 again (first at line 2)",
        ),
        (
            "submission.csv",
            {"\n17,": "\nx17,"},
            "submission.csv:11: skipped, not imported: '#' is 'x17', not a submission number; "
            "fix the row",
        ),
        (
            "author.csv",
            {"\n40,Wei": "\nforty,Wei"},
            "author.csv:11: submission # is 'forty', not a number; fix the row",
        ),
    ],
)
def test_one_bad_row_never_stops_the_others(
    tmp_path: Path, name: str, replace: dict[str, str], skipped: str
) -> None:
    """This test ensures that a row with a repeated or non-numeric number is skipped with one
    note naming the file and line, and every other accepted submission imported."""
    folder = _copy_fixture(tmp_path)
    whole = _read(folder)
    edit(folder / name, replace)
    imported = _read(folder)
    notes = [n for n in imported.notes if "skipped" in n]
    assert len(notes) == 2
    assert notes[0].endswith(skipped)
    assert notes[1].startswith("1 row skipped, ")
    lost = 1 if "again" in skipped or "x17" in skipped else 0
    assert len(imported.papers) == len(whole.papers) - lost


def test_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    """This test ensures that a file saved as Latin-1 by a spreadsheet is named with its line."""
    folder = _copy_fixture(tmp_path)
    path = folder / "author.csv"
    path.write_bytes(path.read_text(encoding="utf-8-sig").encode("latin-1"))
    with pytest.raises(
        ProceedingsError, match=r"author.csv:2: the file is not UTF-8 \(byte 0xf8\)"
    ):
        _read(folder)


def test_zip_with_parent_paths_is_refused(tmp_path: Path) -> None:
    """This test ensures that a ZIP whose member points outside it is refused before anything
    is unpacked or written."""
    archive = tmp_path / "easychair.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in FIXTURE.iterdir():
            zf.write(path, path.name)
        zf.writestr("../../evil.csv", "x")
    error = _fails(archive, tmp_path / "project", "--acronym", "TEST 2025")
    assert "member named '../../evil.csv', which points outside the archive" in error
    assert not (tmp_path.parent / "evil.csv").exists()


def test_source_of_neither_or_both_layouts_is_an_error(tmp_path: Path) -> None:
    """This test ensures that a folder with no EasyChair file, or with both layouts, is one
    error saying what was expected."""
    (tmp_path / "empty").mkdir()
    error = _fails(tmp_path / "empty", tmp_path / "project", "--acronym", "TEST 2025")
    assert "neither an EasyChair CSV download (submission.csv, author.csv) nor an LNCS" in error
    both = _copy_fixture(tmp_path)
    (both / "00010001").mkdir()
    (both / "00010001" / "README_EASYCHAIR").write_text("Paper: X", encoding="utf-8")
    error = _fails(both, tmp_path / "project", "--acronym", "TEST 2025")
    assert "holds both an EasyChair CSV download" in error


def test_missing_acronym_or_year_names_the_option(tmp_path: Path) -> None:
    """This test ensures that the volume's missing acronym or year is one error naming the
    option to pass, and that a year in the acronym is used."""
    error = _fails(FIXTURE, tmp_path / "project")
    assert "an EasyChair export does not name the volume: give --acronym and --year" in error
    error = _fails(FIXTURE, tmp_path / "project", "--acronym", "TEST")
    assert "give --year (e.g." in error
    imported = _read(FIXTURE, acronym="TEST", year=2031)
    assert (imported.volume["acronym"], imported.volume["year"]) == ("TEST", 2031)
    assert imported.volume["event"] == {"name": "TEST", "short_name": "TEST"}


def test_pdfs_by_submission_number_and_the_unmatched_one_noted(tmp_path: Path) -> None:
    """This test ensures that --pdfs pairs 'paper_17.pdf' with #17, finds another by its title,
    and notes a PDF that matches no paper."""
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "TEST2025_paper_17.pdf").write_bytes(text_pdf(["Something else entirely"]))
    (pdfs / "upload.pdf").write_bytes(text_pdf(["A Poster on Ranking", "Wei Li"]))
    (pdfs / "stray.pdf").write_bytes(text_pdf(["A Paper From Another Workshop"]))
    run = _import(FIXTURE, tmp_path / "p", "--acronym", "TEST 2025", "--pdfs", pdfs)
    papers = run.root / "papers"
    assert (papers / "017" / "paper.pdf").read_bytes() == (
        pdfs / "TEST2025_paper_17.pdf"
    ).read_bytes()
    assert (papers / "040" / "paper.pdf").read_bytes() == (pdfs / "upload.pdf").read_bytes()
    assert not (papers / "003" / "paper.pdf").exists()
    assert any(
        n.endswith("1 PDF in " + str(pdfs) + " matched no paper: stray.pdf") for n in run.notes
    )


# --- synthetic LNCS exports ---------------------------------------------------------------------

RULE = "-" * 64


def _readme(title: str, pages: str, *authors: str, volume: str = "9999") -> str:
    """A README_EASYCHAIR as EasyChair writes it: no final newline."""
    lines = [
        f"LNCS Volume: {volume}",
        f"Paper: {title}",
        f"Pages: {pages}",
        "Command to create document: pdflatex main.tex",
        RULE,
        "Authors first and last names as stored in EasyChair (there is no ",
        "guarantee that these names coincide with the names in paper)",
        "in the form first name | last name:",
        "",
        *authors,
        RULE,
    ]
    return "\n".join(lines)


def _lncs(tmp_path: Path, papers: dict[str, str], pdf_pages: int = 2) -> Path:
    root = tmp_path / "lncs"
    for folder, readme in papers.items():
        (root / folder).mkdir(parents=True)
        (root / folder / "README_EASYCHAIR").write_text(readme, encoding="utf-8")
        title = readme.split("Paper: ")[1].split("\n")[0]
        lines = [title, "Abstract", "We show a result.", "1 Introduction"]
        (root / folder / f"{folder}.pdf").write_bytes(text_pdf(lines, pages=pdf_pages))
    return root


def test_lncs_readme_variants(tmp_path: Path) -> None:
    """This test ensures that a real LNCS volume number becomes the series, a one-name author
    a mononym, an abstract in the LaTeX source is preferred, and that a missing PDF, a PDF
    outside the paper folders and pages that disagree with the PDF are noted."""
    root = _lncs(
        tmp_path,
        {
            "12340001": _readme("First Paper", "1-2", "Ada | Lovelace", "| Sukarno", volume="1234"),
            "12340003": _readme("Second Paper", "3-5", "Kari | Ødegaard", volume="1234"),
        },
    )
    (root / "12340001" / "main.tex").write_text(
        '\\begin{abstract}\nWe prove Schr{\\"o}dinger right. % a comment\n\\end{abstract}',
        encoding="utf-8",
    )
    (root / "12340003" / "12340003.pdf").rename(root / "12340003" / "figure-a.pdf")
    (root / "12340003" / "figure-b.pdf").write_bytes(text_pdf(["Figure"]))
    (root / "1234copyrights").mkdir()
    (root / "1234copyrights" / "12340001cr.pdf").write_bytes(text_pdf(["Copyright"]))
    imported = _read(root)
    first, second = imported.papers
    assert imported.volume["series"] == {
        "name": "Lecture Notes in Computer Science",
        "short_name": "LNCS",
        "volume": "1234",
    }
    assert first.data["authors"] == [
        {"given": "Ada", "family": "Lovelace"},
        {"family": "Sukarno", "mononym": True},
    ]
    assert first.data["abstract"] == "We prove Schrödinger right."
    assert (first.pages, second.pages) == ((1, 2), (3, 5))
    assert second.pdf is None  # two PDFs, neither named 12340003.pdf: no guess
    notes = "\n".join(imported.notes)
    assert "12340001/README_EASYCHAIR: author 'Sukarno' has a single name" in notes
    assert (
        "12340003/README_EASYCHAIR: no 12340003.pdf in the folder (figure-a.pdf, figure-b.pdf: "
        "which one is the paper?); check will report pdf.missing"
    ) in notes
    assert "abstracts of 1 paper read from their LaTeX sources (12340001)" in notes
    assert "1 PDF outside the paper folders matched no paper" in notes
    assert "1234copyrights/12340001cr.pdf" in notes
    assert "12340003/README_EASYCHAIR: no abstract" in notes


def test_lncs_readme_without_title_and_pages_that_disagree(tmp_path: Path) -> None:
    """This test ensures that a README without 'Paper:' is an error naming it (when no other
    paper is left to import), and that a page range that does not match the PDF is noted."""
    root = _lncs(tmp_path, {"99990001": _readme("Only Paper", "1-3", "Ada | Lovelace")})
    imported = _read(root)
    assert imported.paper("001").data["abstract"] == "We show a result."
    assert any("gives pages 1-3 (3) but 99990001.pdf has 2 pages" in n for n in imported.notes)
    readme = root / "99990001" / "README_EASYCHAIR"
    readme.write_text(readme.read_text(encoding="utf-8").replace("Paper:", "Title:"), "utf-8")
    with pytest.raises(ProceedingsError, match=r"99990001/README_EASYCHAIR: no 'Paper:' line"):
        _read(root)


@pytest.mark.parametrize(
    ("lines", "abstract"),
    [
        (
            ["Title", "Abstract", "We study spuri-", "ous ﬁndings at Universit´e X.", "1 Intro"],
            "We study spurious findings at Université X.",
        ),
        (["Title", "Abstract. One line.", "Keywords: a, b"], "One line."),
        (["Title", "Abstract", "Runs to the end of the page"], ""),
        (["Title", "Abstract interpretation is old.", "1 Introduction"], ""),
    ],
)
def test_pdf_abstract(lines: list[str], abstract: str) -> None:
    """This test ensures that the first page's abstract is cut at its heading and end, mended,
    and not guessed when it has no end."""
    assert pdf_abstract(lines) == abstract
