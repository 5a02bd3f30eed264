"""What every importer shares: text cleaning, name splitting, one identity per person, safe
ZIPs, and re-import with --update that keeps the organizer's hand edits."""

from __future__ import annotations

import json
import shutil
import warnings
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from pdfbuild import text_pdf

from importers.conftest import load_yaml, run_import
from proceedings.cli import main
from proceedings.errors import ProceedingsError
from proceedings.importers import ImportedPaper, ImportedVolume
from proceedings.importers.archive import unpacked
from proceedings.importers.people import unify_people
from proceedings.importers.project import STATE_FILE
from proceedings.importers.text import clean_text, split_name

# --- text -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Universit&eacute; de Gen&egrave;ve", "Université de Genève"),
        ("AT&amp;amp;T Labs", "AT&T Labs"),
        (
            "\ufeffDept. of\tComputing,  Imperial\u00a0College ",
            "Dept. of Computing, Imperial College",
        ),
        ("Cafe\u0301", "Café"),  # NFC
        ("soft\u00adhyphen\u200b", "softhyphen"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    """This test ensures that export quirks become clean one-line Unicode."""
    assert clean_text(raw) == clean


def test_clean_text_decodes_latex_only_when_asked_and_keeps_paragraphs() -> None:
    """This test ensures that LaTeX is decoded on request, $math$ kept, paragraphs kept."""
    assert clean_text(r"M{\"u}ller -- $x^2$", latex=True) == "Müller – $x^2$"
    assert clean_text(r"M{\"u}ller") == r"M{\"u}ller"
    assert clean_text(r"Dept. of CS \& Eng., 100\%", latex=True) == "Dept. of CS & Eng., 100%"
    assert clean_text("One\t para.\r\n\r\nTwo  paras.", markdown=True) == "One para.\n\nTwo paras."


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("Ada Lovelace", {"given": "Ada", "family": "Lovelace"}),
        ("Jean-Pierre van der Berg Jr.", {"given": "Jean-Pierre", "family": "van der Berg",
                                          "suffix": "Jr."}),
        ("Ana De La Cruz", {"given": "Ana", "family": "De La Cruz"}),
        ("Maria do Carmo Silva", {"given": "Maria", "family": "do Carmo Silva"}),
        ("John Ronald Reuel Tolkien", {"given": "John Ronald Reuel", "family": "Tolkien"}),
        ("Berg, Anna", {"given": "Anna", "family": "Berg"}),
        ("King, Jr., Martin Luther", {"given": "Martin Luther", "family": "King", "suffix": "Jr."}),
        ("Martin Luther King, Jr.", {"given": "Martin Luther", "family": "King", "suffix": "Jr."}),
        ("Sukarno", {"family": "Sukarno", "mononym": True}),
        ("The Labelling Consortium", {"family": "The Labelling Consortium", "mononym": True}),
        ("王小明", {"given": "小明", "family": "王"}),
        ("欧阳修文", {"given": "修文", "family": "欧阳"}),
        ("  Zo&euml;\tAl-Hassan ", {"given": "Zoë", "family": "Al-Hassan"}),
    ],
)  # fmt: skip
def test_split_name(full: str, parts: dict[str, object]) -> None:
    """This test ensures that one-string names split into given, family and suffix."""
    assert split_name(full) == parts


_WORD = st.text(st.characters(categories=("Lu", "Ll")), min_size=1, max_size=8)


@given(st.lists(_WORD, min_size=1, max_size=5))
def test_split_name_loses_no_word(words: list[str]) -> None:
    """This test ensures that splitting keeps every word of the name, in order."""
    full = " ".join(words)
    parts = split_name(full)
    joined = " ".join(filter(None, (parts.get("given"), parts["family"], parts.get("suffix"))))
    assert joined.replace(" ", "") == clean_text(full).replace(" ", "").strip(",")


# --- one identity per person ----------------------------------------------------------------


def _volume(*authors: list[dict[str, object]]) -> ImportedVolume:
    papers = [
        ImportedPaper(f"{n:03}", {"title": f"Paper {n}", "authors": list(a), "part": "p"})
        for n, a in enumerate(authors, 1)
    ]
    return ImportedVolume({"title": "T"}, papers)


def test_same_person_becomes_one_identity() -> None:
    """This test ensures that rows linked by ORCID, e-mail, profile or name agree afterwards."""
    imported = _volume(
        [{"given": "Ana", "family": "Müller", "orcid": "0000-0002-1825-0097", "_profile": "~A1"}],
        [{"given": "Ana", "family": "Muller", "email": "ana@example.org", "_profile": "~A1"}],
        [{"given": "A.", "family": "Muller", "email": "ANA@example.org",
          "affiliations": ["Uni"]}],
    )  # fmt: skip
    unify_people(imported)
    rows = [p.data["authors"][0] for p in imported.papers]
    assert {(r["given"], r["family"]) for r in rows} == {("Ana", "Müller")}
    assert {r["orcid"] for r in rows} == {"0000-0002-1825-0097"}
    assert [r["email"] for r in rows] == ["ana@example.org", "ana@example.org", "ANA@example.org"]
    assert all(r["affiliations"] == ["Uni"] for r in rows)
    assert not any("_profile" in r for r in rows)
    assert any("'Ana Muller'" in n and "one person" in n for n in imported.notes)


def test_namesakes_with_different_orcids_stay_two_people() -> None:
    """This test ensures that a shared name never merges two different ORCIDs."""
    imported = _volume(
        [{"given": "Wei", "family": "Zhang", "orcid": "0000-0001-0000-0001"}],
        [{"given": "Wei", "family": "Zhang", "orcid": "0000-0001-0000-0002"}],
        [{"given": "Wei", "family": "Zhang"}],
    )
    unify_people(imported)
    orcids = [p.data["authors"][0].get("orcid") for p in imported.papers]
    assert orcids[:2] == ["0000-0001-0000-0001", "0000-0001-0000-0002"]


def test_shared_email_with_different_profiles_stays_two_people() -> None:
    """This test ensures that two profiles writing from one address (a lab's) stay apart."""
    imported = _volume(
        [{"given": "Ana", "family": "Lima", "email": "lab@example.org", "_profile": "~Ana1"}],
        [{"given": "Rui", "family": "Lima", "email": "lab@example.org", "_profile": "~Rui1"}],
    )
    unify_people(imported)
    names = [p.data["authors"][0]["given"] for p in imported.papers]
    assert names == ["Ana", "Rui"]
    assert not imported.notes


# --- ZIPs -----------------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_is_unpacked_and_removed_afterwards(tmp_path: Path) -> None:
    """This test ensures that a ZIP reads as a folder that is gone after the import."""
    archive = _zip(tmp_path / "pdfs.zip", {"a/1.pdf": b"%PDF", "2.pdf": b"%PDF"})
    with unpacked(archive) as folder:
        assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf")) == [
            "2.pdf",
            "a/1.pdf",
        ]
    assert not folder.exists()


@pytest.mark.parametrize("name", ["../evil.pdf", "/etc/evil.pdf", "a/../../evil.pdf", "C:/x.pdf"])
def test_zip_with_paths_outside_is_refused(tmp_path: Path, name: str) -> None:
    """This test ensures that a ZIP member pointing outside the archive stops the import."""
    archive = _zip(tmp_path / "bad.zip", {"ok.pdf": b"%PDF", name: b"x"})
    with pytest.raises(ProceedingsError, match="points outside the archive"), unpacked(archive):
        pass
    assert not (tmp_path / "evil.pdf").exists()


def test_not_a_zip_is_a_clear_error(tmp_path: Path) -> None:
    """This test ensures that a file that is neither folder nor ZIP gets one message."""
    path = tmp_path / "x.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(ProceedingsError, match="neither a folder nor a ZIP"), unpacked(path):
        pass


# --- the import command, --dry-run and --update ---------------------------------------------

BIB = """\
@proceedings{vol, title = {Workshop on Careful Imports}, editor = {Lovelace, Ada},
  year = {2025}, publisher = {Example Press}}
@inproceedings{one, title = {First Paper}, author = {M{\\"u}ller, Ana and Turing, Alan},
  abstract = {About one.}, booktitle = {Careful Imports}, year = {2025}}
@inproceedings{two, title = {Second Paper}, author = {Hopper, Grace},
  abstract = {About two.}, booktitle = {Careful Imports}, year = {2025}}
"""


def _bib(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "volume.bib"
    path.write_text(text, encoding="utf-8")
    return path


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    """This test ensures that --dry-run reports and leaves the folder untouched."""
    project = tmp_path / "project"
    result = run_import("bibtex", _bib(tmp_path, BIB), "--into", project, "--acronym", "WCI 2025",
                        "--dry-run")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "would import 2 papers" in result.output
    assert not project.exists()


def test_import_writes_into_the_project_folder_given_with_C(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that ``proceedings -C DIR import ...`` writes into DIR, as every other
    command reads from it, and nothing into the current folder."""
    bib = _bib(tmp_path, BIB)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    project = tmp_path / "project"
    result = CliRunner().invoke(
        main, ["-C", str(project), "import", "bibtex", str(bib), "--acronym", "WCI 2025"]
    )
    assert result.exit_code == 0, result.output
    assert (project / "source/volume.yaml").is_file()
    assert (project / "papers/one/paper.yaml").is_file()
    assert f"imported 2 papers, 0 with a PDF into {project}" in result.output
    assert list(here.iterdir()) == []


def test_pdfs_from_a_zip(tmp_path: Path) -> None:
    """This test ensures that --pdfs takes a ZIP and copies the PDFs out of it."""
    archive = _zip(
        tmp_path / "pdfs.zip",
        {"camera/one.pdf": text_pdf(["First Paper"]), "camera/form.pdf": text_pdf(["Copyright"])},
    )
    project = tmp_path / "project"
    result = run_import("bibtex", _bib(tmp_path, BIB), "--into", project, "--acronym", "WCI 2025",
                        "--pdfs", archive)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (project / "papers/one/paper.pdf").read_bytes() == text_pdf(["First Paper"])
    assert "2 papers, 1 with a PDF" in result.output
    # Notes name the ZIP, never the temporary folder it was unpacked into.
    assert f"1 PDF in {archive} matched no paper: camera/form.pdf" in result.stderr
    assert "proceedings-import-" not in result.stderr


def test_update_keeps_hand_edits_adds_new_papers_and_reports_withdrawn(tmp_path: Path) -> None:
    """This test ensures that a re-import merges: hand edits kept and listed, the source's
    other changes taken, new papers added, withdrawn ones reported and left in place."""
    project = tmp_path / "project"
    bib = _bib(tmp_path, BIB)
    assert run_import("bibtex", bib, "--into", project, "--acronym", "WCI 2025").exit_code == 0
    assert (project / STATE_FILE).is_file()
    one = project / "papers/one/paper.yaml"
    edited = load_yaml(one)
    edited["title"] = "First Paper, Retitled by Hand"
    one.write_text(yaml.safe_dump(edited, allow_unicode=True, sort_keys=False), encoding="utf-8")

    changed = (
        BIB.replace("About one.", "About one, revised.")
        .replace("First Paper", "First Paper (v2)")
        .replace("@inproceedings{two,", "@inproceedings{three,")
        .replace("Second Paper", "Third Paper")
    )
    bib.write_text(changed, encoding="utf-8")
    args = ("bibtex", bib, "--into", project, "--acronym", "WCI 2025", "--update")
    dry = run_import(*args, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert load_yaml(one)["title"] == "First Paper, Retitled by Hand"  # dry run wrote nothing
    assert not (project / "papers/three").exists()

    result = run_import(*args)
    assert result.exit_code == 0, result.output
    merged = load_yaml(one)
    assert merged["title"] == "First Paper, Retitled by Hand"
    assert merged["abstract"] == "About one, revised."
    assert "kept your edit of title" in result.output
    assert "added papers/three/paper.yaml" in result.output
    assert "withdrawn: papers/two" in result.output
    assert (project / "papers/two/paper.yaml").is_file()  # left for the organizer to delete
    assert load_yaml(project / "papers/three/paper.yaml")["title"] == "Third Paper"
    state = json.loads((project / STATE_FILE).read_text(encoding="utf-8"))
    assert sorted(state["papers"]) == ["one", "three"]

    again = run_import(*args)  # nothing changed since: nothing to update
    assert "updated" not in again.output


def test_update_without_an_earlier_import_is_refused(tmp_path: Path) -> None:
    """This test ensures that --update into a project not made by an import says why not."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_import(
        "bibtex", _bib(tmp_path, BIB), "--into", project, "--acronym", "X 1", "--update"
    )
    assert result.exit_code == 1
    assert "no record of an earlier import" in result.output
    assert sorted(p.name for p in project.iterdir()) == ["notes.txt"]


def test_import_into_a_used_folder_is_refused(tmp_path: Path) -> None:
    """This test ensures that a fresh import never writes into a folder that has files."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_import("bibtex", _bib(tmp_path, BIB), "--into", project, "--acronym", "X 1")
    assert result.exit_code == 1
    assert "--update" in result.output


def test_editors_and_title_from_the_command_line(tmp_path: Path) -> None:
    """This test ensures that --editor and --title fill in what an export lacks."""
    project = tmp_path / "project"
    result = run_import("bibtex", _bib(tmp_path, BIB), "--into", project, "--acronym", "WCI 2025",
                        "--title", "Careful Imports", "--editor", "Grace Brewster Hopper",
                        "--editor", "Ludwig van Beethoven")  # fmt: skip
    assert result.exit_code == 0, result.output
    volume = load_yaml(project / "source/volume.yaml")
    assert volume["title"] == "Careful Imports"
    assert volume["editors"] == [
        {"given": "Grace Brewster", "family": "Hopper"},
        {"given": "Ludwig", "family": "van Beethoven"},
    ]


def test_update_of_a_cmt_export_keeps_edits_and_reports_a_withdrawn_paper(tmp_path: Path) -> None:
    """This test ensures that --update works the same for a review system's table: a paper the
    organizer corrected keeps the correction, one withdrawn since is reported, not deleted."""
    source = Path(__file__).parent.parent / "fixtures" / "csv" / "cmt-export.csv"
    export = tmp_path / "export.csv"
    export.write_bytes(source.read_bytes())
    project = tmp_path / "project"
    args = ("cmt", export, "--into", project, "--acronym", "WS 2025")
    first = run_import(*args)
    assert first.exit_code == 0, first.output
    papers = sorted(p.parent.name for p in project.glob("papers/*/paper.yaml"))
    corrected = project / "papers" / papers[0] / "paper.yaml"
    data = load_yaml(corrected)
    data["abstract"] = "An abstract corrected by hand."
    corrected.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    rows = export.read_text(encoding="utf-8-sig").split("\n")
    last = max(int(p) for p in papers)
    kept = [row for row in rows if not row.startswith(f"{last},")]
    export.write_text("\n".join(kept), encoding="utf-8-sig")
    result = run_import(*args, "--update")
    assert result.exit_code == 0, result.output
    assert load_yaml(corrected)["abstract"] == "An abstract corrected by hand."
    assert f"withdrawn: papers/{last:03}" in result.output
    assert (project / "papers" / f"{last:03}" / "paper.yaml").is_file()


# --- found in review: each test below failed before its fix ---------------------------------


def test_clean_text_blank_line_with_unicode_spaces_still_separates_paragraphs() -> None:
    """This test ensures that a blank line holding an em or ideographic space still ends a
    paragraph: the space is stray whitespace, not text."""
    assert clean_text("One.\n\u2003\nTwo.", markdown=True) == "One.\n\nTwo."
    assert clean_text("One.\n\u3000 \nTwo.", markdown=True) == "One.\n\nTwo."


def test_split_name_family_given_suffix_with_commas() -> None:
    """This test ensures that ``Family, Given, Jr.`` puts the suffix apart, not in the given
    name (``John, Jr.``)."""
    assert split_name("Smith, John, Jr.") == {"given": "John", "family": "Smith", "suffix": "Jr."}


def test_a_name_shared_by_two_orcids_does_not_pick_one_for_a_third_row() -> None:
    """This test ensures that a row without an ORCID, whose name two people with different
    ORCIDs share, is not given one of them at random."""
    imported = _volume(
        [{"given": "Wei", "family": "Zhang", "orcid": "0000-0001-0000-0001"}],
        [{"given": "Wei", "family": "Zhang", "orcid": "0000-0001-0000-0002"}],
        [{"given": "Wei", "family": "Zhang"}],
    )
    unify_people(imported)
    assert "orcid" not in imported.papers[2].data["authors"][0]
    assert not imported.notes


def test_a_lab_address_shared_by_two_profiles_does_not_rename_a_third_row() -> None:
    """This test ensures that a row sharing a lab's address with two different profiles is
    linked by its own name, not renamed after whoever came first."""
    imported = _volume(
        [{"given": "Ana", "family": "Lima", "email": "lab@example.org", "_profile": "~Ana1"}],
        [{"given": "Rui", "family": "Lima", "email": "lab@example.org", "_profile": "~Rui1"}],
        [{"given": "Rui", "family": "Lima", "email": "lab@example.org", "affiliations": ["U"]}],
    )
    unify_people(imported)
    rows = [p.data["authors"][0] for p in imported.papers]
    assert [r["given"] for r in rows] == ["Ana", "Rui", "Rui"]
    assert "affiliations" not in rows[0]
    assert rows[1]["affiliations"] == ["U"]


def test_unified_rows_share_no_mutable_values_and_note_once() -> None:
    """This test ensures that affiliations copied to another paper's row are a copy (editing
    one paper never edits another) and that the copy is noted once, not once per row."""
    imported = _volume(
        [{"given": "Ana", "family": "Lima", "affiliations": ["Uni"]}],
        [{"given": "Ana", "family": "Lima"}],
        [{"given": "Ana", "family": "Lima"}],
    )
    unify_people(imported)
    rows = [p.data["authors"][0] for p in imported.papers]
    assert all(r["affiliations"] == ["Uni"] for r in rows)
    rows[1]["affiliations"].append("Other")
    assert rows[0]["affiliations"] == ["Uni"]
    assert rows[2]["affiliations"] == ["Uni"]
    assert len([n for n in imported.notes if "affiliations taken" in n]) == 1


def _zip_infos(path: Path, members: list[tuple[str, bytes]]) -> Path:
    """A ZIP with members exactly as named (backslashes, repeats), as odd tools write them."""
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as zf:
        warnings.simplefilter("ignore")  # zipfile warns of a repeated name; that is the point
        for name, data in members:
            zf.writestr(zipfile.ZipInfo(name), data)
    return path


def test_zip_with_backslash_folder_entries_is_unpacked(tmp_path: Path) -> None:
    """This test ensures that a ZIP written with Windows separators, folder entries included
    (``camera\\``), unpacks like any other."""
    archive = _zip_infos(tmp_path / "win.zip", [("camera\\", b""), ("camera\\1.pdf", b"%PDF")])
    with unpacked(archive) as folder:
        assert (folder / "camera" / "1.pdf").read_bytes() == b"%PDF"


@pytest.mark.parametrize(
    "members",
    [
        [("a", b"x"), ("a/b.pdf", b"%PDF")],  # a file where a folder must go
        [("a.pdf", b"one"), ("a.pdf", b"two")],  # which one is the camera-ready?
        [("a/b.pdf", b"one"), ("a\\b.pdf", b"two")],
        [("x" * 300 + ".pdf", b"%PDF")],  # longer than a file name may be
    ],
)
def test_zip_members_that_cannot_be_unpacked_are_one_clear_error(
    tmp_path: Path, members: list[tuple[str, bytes]]
) -> None:
    """This test ensures that clashing, repeated or unwritable member names give one message,
    not a traceback or a silently dropped file."""
    archive = _zip_infos(tmp_path / "odd.zip", members)
    with pytest.raises(ProceedingsError, match="nothing was unpacked"), unpacked(archive):
        pass


def test_zip_with_corrupt_data_is_one_clear_error(tmp_path: Path) -> None:
    """This test ensures that a member whose compressed data is damaged gives one message."""
    archive = tmp_path / "corrupt.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.pdf", bytes(range(256)) * 400)
    data = bytearray(archive.read_bytes())
    start = data.find(b"a.pdf") + len("a.pdf") + 8
    data[start : start + 64] = bytes(b ^ 0xFF for b in data[start : start + 64])
    archive.write_bytes(bytes(data))
    with pytest.raises(ProceedingsError, match="ZIP"), unpacked(archive):
        pass


def _imported_with_pdfs(tmp_path: Path) -> tuple[Path, Path]:
    """A project imported from :data:`BIB` with both papers' PDFs, and the PDFs' folder."""
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "one.pdf").write_bytes(text_pdf(["First Paper"]))
    (pdfs / "two.pdf").write_bytes(text_pdf(["Second Paper"]))
    project = tmp_path / "project"
    result = run_import("bibtex", _bib(tmp_path, BIB), "--into", project, "--acronym", "W 1",
                        "--pdfs", pdfs)  # fmt: skip
    assert result.exit_code == 0, result.output
    return project, pdfs


def _update(tmp_path: Path, project: Path, pdfs: Path) -> str:
    result = run_import("bibtex", tmp_path / "volume.bib", "--into", project, "--acronym", "W 1",
                        "--pdfs", pdfs, "--update")  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_update_does_not_bring_back_a_paper_folder_deleted_by_hand(tmp_path: Path) -> None:
    """This test ensures that a paper folder the organizer deleted is not recreated holding
    only its PDF (a folder without paper.yaml)."""
    project, pdfs = _imported_with_pdfs(tmp_path)
    shutil.rmtree(project / "papers/two")
    output = _update(tmp_path, project, pdfs)
    assert not (project / "papers/two").exists()
    assert "added papers/two/paper.pdf" not in output


def test_update_does_not_bring_back_a_pdf_deleted_by_hand(tmp_path: Path) -> None:
    """This test ensures that a PDF the organizer deleted stays deleted, as a deleted
    paper.yaml does, and the update says so."""
    project, pdfs = _imported_with_pdfs(tmp_path)
    (project / "papers/two/paper.pdf").unlink()
    output = _update(tmp_path, project, pdfs)
    assert not (project / "papers/two/paper.pdf").exists()
    assert "kept papers/two/paper.pdf: deleted by hand" in output


def test_update_follows_a_pdf_renamed_by_hand(tmp_path: Path) -> None:
    """This test ensures that a PDF the organizer renamed (``pdf:`` set in paper.yaml) is the
    one compared and updated; no second copy appears under the old name."""
    project, pdfs = _imported_with_pdfs(tmp_path)
    folder = project / "papers/one"
    (folder / "paper.pdf").rename(folder / "camera.pdf")
    data = load_yaml(folder / "paper.yaml")
    data["pdf"] = "camera.pdf"
    (folder / "paper.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (pdfs / "one.pdf").write_bytes(text_pdf(["First Paper", "revised"]))
    output = _update(tmp_path, project, pdfs)
    assert sorted(p.name for p in folder.iterdir()) == ["camera.pdf", "paper.yaml"]
    assert (folder / "camera.pdf").read_bytes() == text_pdf(["First Paper", "revised"])
    assert "updated papers/one/camera.pdf" in output


@pytest.mark.parametrize(
    "record",
    ["[]", '{"papers": []}', '{"papers": {"one": 5}}', '{"volume": [1]}', '{"committees": 3}'],
)
def test_update_with_a_record_of_the_wrong_shape_is_one_clear_error(
    tmp_path: Path, record: str
) -> None:
    """This test ensures that a record file that is JSON but not an import's record (edited,
    or another tool's) stops the update with one message and writes nothing."""
    project, pdfs = _imported_with_pdfs(tmp_path)
    (project / STATE_FILE).write_text(record, encoding="utf-8")
    result = run_import("bibtex", tmp_path / "volume.bib", "--into", project, "--acronym", "W 1",
                        "--pdfs", pdfs, "--update")  # fmt: skip
    assert result.exit_code == 1
    assert "record of the earlier import" in result.output
    assert (project / STATE_FILE).read_text(encoding="utf-8") == record


def test_update_from_another_format_is_refused(tmp_path: Path) -> None:
    """This test ensures that --update with another kind of export, which names papers its own
    way and would add every paper twice, is refused before anything is written."""
    project = tmp_path / "project"
    assert (
        run_import("bibtex", _bib(tmp_path, BIB), "--into", project, "--acronym", "X 1").exit_code
        == 0
    )
    source = Path(__file__).parent.parent / "fixtures" / "csv" / "cmt-export.csv"
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = run_import("cmt", source, "--into", project, "--acronym", "X 2025", "--update")
    assert result.exit_code == 1
    assert "imported from a bibtex export" in result.output
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_a_full_name_wins_over_initials_with_accents() -> None:
    """This test ensures that the spelling kept for one person is the one with full names."""
    imported = _volume(
        [{"given": "A.", "family": "Müller", "email": "ana@example.org"}],
        [{"given": "Ana", "family": "Muller", "email": "ana@example.org"}],
    )
    unify_people(imported)
    assert {
        (p.data["authors"][0]["given"], p.data["authors"][0]["family"]) for p in imported.papers
    } == {("Ana", "Muller")}


def test_errors_name_a_zips_files_by_the_zip(tmp_path: Path) -> None:
    """This test ensures that an error about a file inside a ZIP names the ZIP, not the
    temporary folder it was unpacked into."""
    archive = _zip(
        tmp_path / "repo.zip",
        {"v1/_config.yml": "year: '2023'\n", "v1/_posts/2023-01-01-x23a.md": "no front matter"},
    )
    result = run_import("pmlr", archive, "--into", tmp_path / "project")
    assert result.exit_code == 1
    assert f"{archive}:v1/_posts/2023-01-01-x23a.md" in result.output
    assert "proceedings-import-" not in result.output


def test_markdown_lists_keep_their_lines_while_prose_is_joined() -> None:
    """This test ensures that hard-wrapped prose is joined but a Markdown list, heading or
    quote in an abstract keeps one item a line."""
    text = "We study:\n- one thing\n- another\n  wrapped item\n\n1. first\n2. second\n\n> quoted"
    assert clean_text(text, markdown=True) == (
        "We study:\n- one thing\n- another wrapped item\n\n1. first\n2. second\n\n> quoted"
    )
    assert clean_text("A hard\nwrapped line\nof prose.", markdown=True) == (
        "A hard wrapped line of prose."
    )
    assert clean_text("- \\emph{x} item\n- y", markdown=True, latex=True) == "- x item\n- y"
