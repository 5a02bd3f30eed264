"""The Springer package: made from the demo and from a real EasyChair LNCS export, read back by
our EasyChair importer, and stopped by what Springer needs and a volume lacks."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT, require_shared
from importers.conftest import read_source, run_import
from pdfbuild import text_pdf
from yaml import safe_dump, safe_load

from proceedings.checks import check_project
from proceedings.cli import main
from proceedings.load import load_volume

EPOCH = {"SOURCE_DATE_EPOCH": "1752796800"}  # 2025-07-18
EBOOK_ISBN = "978-3-031-99999-4"
PAAR = "easychair-proceedings-export-paar2018"
PAAR_PAGES = [(1, 10), (11, 23), (24, 31), (32, 40)]


def _sources_zip(paper_id: str) -> bytes:
    """A small real source archive: a main.tex and its .bbl."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        when = (2025, 7, 1, 0, 0, 0)  # fixed, so the archive's bytes are too
        tex = f"\\documentclass{{llncs}}\\title{{Paper {paper_id}}}"
        archive.writestr(zipfile.ZipInfo("main.tex", when), tex)
        archive.writestr(
            zipfile.ZipInfo("main.bbl", when), "\\begin{thebibliography}{1}\\end{thebibliography}"
        )
    return buffer.getvalue()


def _for_springer(root: Path, *, ebook_isbn: str | None = EBOOK_ISBN) -> None:
    """Make the project a Springer volume whose every paper has its sources, its signed form
    and a corresponding author with an e-mail."""
    path = root / "source" / "volume.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^publisher:\n(?:  .*\n)+", "", text)
    text += "publisher:\n  name: Springer Nature Switzerland\n"
    if ebook_isbn:
        text += f"ebook_isbn: '{ebook_isbn}'\n"
    path.write_text(text, encoding="utf-8")
    for paper in load_volume(root).papers:
        (paper.folder / "sources.zip").write_bytes(_sources_zip(paper.id))
        (paper.folder / "licence.pdf").write_bytes(text_pdf([f"Licence to publish {paper.id}"]))
        yaml = paper.folder / "paper.yaml"
        extra = "sources: sources.zip\nagreement: licence.pdf\n"
        yaml.write_text(yaml.read_text(encoding="utf-8") + extra, encoding="utf-8")


def _package(root: Path, *options: str) -> Result:
    return CliRunner().invoke(
        main, ["-C", str(root), "package", "springer", *options], env=EPOCH, catch_exceptions=False
    )


def _copy_demo(target: Path) -> Path:
    for name in ("source", "papers"):
        shutil.copytree(ROOT / name, target / name)
    return target


def _rows(package: Path) -> list[dict[str, str]]:
    text = (package / "papers.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo made a Springer volume and packaged: the project and the package's ZIP."""
    root = _copy_demo(tmp_path_factory.mktemp("springer") / "tml4h")
    _for_springer(root)
    result = _package(root, "-o", str(root.parent / "springer.zip"))
    assert result.exit_code == 0, result.output
    return root, root.parent / "springer.zip"


def test_demo_package_has_one_folder_per_chapter_in_volume_order(demo: tuple[Path, Path]) -> None:
    """This test ensures that each archival paper gets a folder named by volume and first page,
    in volume order, with its camera-ready PDF unchanged, its sources and its signed form."""
    root, _ = demo
    volume = load_volume(root)
    package = root / "_build" / "packages" / "springer"
    rows = _rows(package)
    assert [r["paper"] for r in rows] == [p.id for p in volume.archival_papers]
    assert "008" not in [r["paper"] for r in rows]  # the extended abstract is on the site only
    first = rows[0]
    assert (first["chapter"], first["folder"], first["pages"]) == ("1", "00030003", "3-14")
    for row, paper in zip(rows, volume.archival_papers, strict=True):
        folder = package / row["folder"]
        assert (folder / f"{row['folder']}.pdf").read_bytes() == paper.pdf_path.read_bytes()
        assert (folder / f"{row['folder']}_sources.zip").read_bytes() == _sources_zip(paper.id)
        assert row["licence_form"] == f"{row['folder']}/{row['folder']}_licence.pdf"
        assert (package / row["licence_form"]).is_file()
        contact = next(a for a in paper.info.authors if a.corresponding)
        assert (row["corresponding_author"], row["corresponding_email"]) == (
            contact.name.full,
            contact.email,
        )
    assert rows[1]["authors"] == "Omar al-Hassan; Nguyễn Văn An; Zoë Müller"


def test_expected_dois_follow_the_ebook_isbn_and_the_chapter(demo: tuple[Path, Path]) -> None:
    """This test ensures that the expected DOIs are 10.1007/<eBook ISBN>_<chapter>, numbered
    from 1 in volume order, in the package's list only: no export presents them as DOIs."""
    root, _ = demo
    rows = _rows(root / "_build" / "packages" / "springer")
    assert [r["expected_doi"] for r in rows] == [
        f"10.1007/{EBOOK_ISBN}_{n}" for n in range(1, len(rows) + 1)
    ]
    for export in (root / "_build" / "export").iterdir():
        assert "10.1007/" not in export.read_text(encoding="utf-8"), export.name


def test_front_matter_is_the_volumes_roman_pages_and_their_sources(
    demo: tuple[Path, Path],
) -> None:
    """This test ensures that the front matter comes as the volume's Roman pages and as
    editable text: the preface as written, Organization and Contents from the model, in
    Markdown and in LaTeX."""
    root, _ = demo
    front = root / "_build" / "packages" / "springer" / "frontmatter"
    volume_pdf = pypdf.PdfReader(root / "_build" / "pdf" / "tml4h2025.pdf")
    roman = [label for label in volume_pdf.page_labels if not label.isdigit()]
    roman = roman[: next(i for i, x in enumerate(volume_pdf.page_labels) if x.isdigit())]
    assert len(pypdf.PdfReader(front / "frontmatter.pdf").pages) == len(roman) > 4
    preface = (front / "pages" / "01-preface.md").read_bytes()
    assert preface == (root / "source" / "preface.md").read_bytes()
    organization = (front / "organization.md").read_text(encoding="utf-8")
    assert organization.startswith("# Organization\n\n## ")
    contents = (front / "contents.md").read_text(encoding="utf-8")
    assert "## Explainability and Interpretability" in contents
    assert "- Concept Bottlenecks with Calibrated Read-Outs for Chest Radiograph Triage ... 3" in (
        contents
    )
    # ... and as LaTeX for llncs, page numbers from the package's layout (compiled in
    # test_springer_latex.py)
    tex = (front / "frontmatter.tex").read_text(encoding="utf-8")
    assert "\\documentclass{llncs}\n" in tex
    assert tex.index("\\chapter*{Preface}") < tex.index("\\chapter*{Organization}")
    assert (
        "\\volumepaper{Concept Bottlenecks with Calibrated Read-Outs for Chest Radiograph Triage}"
        "{Aoife O'Brien, Jan van der Berg, Miriam de Lhoneux}{3}\n" in tex
    )


def test_package_reads_back_through_the_easychair_importer(demo: tuple[Path, Path]) -> None:
    """This test ensures that our EasyChair importer reads the package as the LNCS export it
    imitates: the same papers, in the same order, with the same authors, pages and PDFs."""
    root, archive = demo
    unpacked = root.parent / "unpacked"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(unpacked)
    imported = read_source("easychair", unpacked, acronym="TML4H 2025")
    volume = load_volume(root)
    layout = _layout(root)
    papers = volume.archival_papers
    assert [p.data["title"] for p in imported.papers] == [p.info.title for p in papers]
    assert [
        [(a.get("given", ""), a["family"]) for a in p.data["authors"]] for p in imported.papers
    ] == [[(a.given, a.family) for a in p.info.authors] for p in papers]
    assert [p.pages for p in imported.papers] == [layout[p.id] for p in papers]
    assert [p.pdf.read_bytes() for p in imported.papers if p.pdf] == [
        p.pdf_path.read_bytes() for p in papers
    ]


def _layout(root: Path) -> dict[str, tuple[int, int]]:
    import json

    data = json.loads((root / "_build" / "layout.json").read_text(encoding="utf-8"))
    return {p["paper"]: (p["first"], p["last"]) for p in data["papers"]}


def test_the_zip_is_the_same_bytes_when_made_again(demo: tuple[Path, Path], tmp_path: Path) -> None:
    """This test ensures that the package is deterministic: made again from a fresh copy of the
    same project, its ZIP has the same bytes."""
    root, archive = demo
    again = tmp_path / "tml4h"
    for name in ("source", "papers"):
        shutil.copytree(root / name, again / name)
    result = _package(again, "-o", str(tmp_path / "again.zip"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again.zip").read_bytes() == archive.read_bytes()


# --- what a Springer volume lacks -------------------------------------------------------------


def test_planted_faults_stop_the_package_naming_paper_and_file(tmp_path: Path) -> None:
    """This test ensures that a missing signed form, a paper without sources and a paper past
    its page limit each stop 'package springer' with a line naming the paper and the file."""
    root = _copy_demo(tmp_path / "tml4h")
    _for_springer(root)
    (root / "papers" / "003" / "licence.pdf").unlink()
    yaml = root / "papers" / "005" / "paper.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace("sources: sources.zip\n", ""), encoding="utf-8"
    )
    volume = root / "source" / "volume.yaml"
    text = volume.read_text(encoding="utf-8").replace("max_pages: 14", "max_pages: 13")
    volume.write_text(text.replace("max_pages: 8", "max_pages: 8\n    min_pages: 7"), "utf-8")
    result = _package(root)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(
        line.startswith("papers/003/paper.yaml:")
        and ": error: agreement: papers/003/licence.pdf not found" in line
        and line.endswith("[agreement.missing]")
        for line in lines
    ), result.stderr
    assert any(
        line.startswith("papers/005/paper.yaml:")
        and "paper 005 has no source files ('sources:')" in line
        for line in lines
    ), result.stderr
    assert any(
        "papers/002/paper.pdf has 14 pages; the full track allows 13" in line
        and line.endswith("[pdf.page-limit]")
        for line in lines
    ), result.stderr
    assert any(
        "papers/004/paper.pdf has 6 pages; the short track asks for at least 7" in line
        for line in lines
    ), result.stderr
    assert not (root / "_build" / "packages").exists()


def test_package_springer_applies_springers_rules_to_any_volume(tmp_path: Path) -> None:
    """This test ensures that 'package springer' checks Springer's rules even for a volume
    that names another publisher (the demo), and stops on what it lacks."""
    root = _copy_demo(tmp_path / "tml4h")
    result = _package(root)
    assert result.exit_code == 1
    codes = {line.rsplit("[", 1)[-1] for line in result.stderr.splitlines() if "[" in line}
    assert codes == {"springer.no-sources]", "springer.no-licence-form]"}
    assert "stopped: 22 errors" in result.stderr  # two for each of the 11 chapters


def test_the_list_of_papers_is_text_to_a_spreadsheet(tmp_path: Path) -> None:
    """This test ensures that a title typed as a formula into a review system reaches
    papers.csv as text: a spreadsheet opening the list runs nothing."""
    root = _copy_demo(tmp_path / "tml4h")
    _for_springer(root)
    yaml = root / "papers" / "001" / "paper.yaml"
    text = yaml.read_text(encoding="utf-8")
    old = "title: Concept Bottlenecks with Calibrated Read-Outs for Chest Radiograph Triage"
    yaml.write_text(
        text.replace(old, 'title: \'=HYPERLINK("http://x.example", "Click")\''), "utf-8"
    )
    result = _package(root)
    assert result.exit_code == 0, result.output
    rows = _rows(root / "_build" / "packages" / "springer")
    assert rows[0]["title"] == '\'=HYPERLINK("http://x.example", "Click")'


def test_check_warns_a_springer_volume_and_no_other(tmp_path: Path) -> None:
    """This test ensures that check reports Springer's needs as warnings for a volume Springer
    publishes, and says nothing of them for any other volume (the demo)."""
    root = _copy_demo(tmp_path / "tml4h")
    _, problems = check_project(root, pdfs=False)
    assert not [p for p in problems if p.code.startswith("springer.")]
    _for_springer(root)
    yaml = root / "papers" / "004" / "paper.yaml"
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(text.replace("corresponding: true", "corresponding: false"), encoding="utf-8")
    _, problems = check_project(root, pdfs=False)
    springer = {
        (p.code, p.paper, p.severity.value) for p in problems if p.code.startswith("springer.")
    }
    assert ("springer.no-corresponding", "004", "warning") in springer
    assert all(code != "springer.no-sources" for code, _, _ in springer)


def test_abstract_bounds_are_lncs(tmp_path: Path) -> None:
    """This test ensures that an abstract under 70 or over 150 words is reported, with its
    count, and one of 70 to 150 is not."""
    root = _copy_demo(tmp_path / "tml4h")
    _for_springer(root)
    for paper_id, words in (("001", 69), ("002", 70), ("003", 150), ("004", 151)):
        yaml = root / "papers" / paper_id / "paper.yaml"
        text = yaml.read_text(encoding="utf-8")
        head, _, tail = text.partition("abstract: >-\n")
        tail = tail.split("\nkeywords:", 1)[1]
        abstract = " ".join(["word"] * words)
        yaml.write_text(f"{head}abstract: {abstract}\nkeywords:{tail}", encoding="utf-8")
    _, problems = check_project(root, pdfs=False)
    found = {p.paper: p.message for p in problems if p.code == "springer.abstract-length"}
    assert found == {
        "001": "the abstract of paper 001 has 69 words; LNCS asks for 70 to 150",
        "004": "the abstract of paper 004 has 151 words; LNCS asks for 70 to 150",
    }


def test_files_outside_the_project_are_refused(tmp_path: Path) -> None:
    """This test ensures that 'sources' are confined to the project as the PDF is: a path
    leaving it is project.outside, and the file is never read (the signed form, confined to
    the paper's folder: test_confinement)."""
    root = _copy_demo(tmp_path / "tml4h")
    (tmp_path / "secret.zip").write_bytes(b"PK\x03\x04")
    yaml = root / "papers" / "001" / "paper.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8") + "sources: ../../../secret.zip\n", encoding="utf-8"
    )
    _, problems = check_project(root, pdfs=False)
    outside = [p for p in problems if p.code == "project.outside"]
    assert [(p.paper, p.field) for p in outside] == [("001", "sources")]
    assert "'../../../secret.zip' is outside the project folder" in outside[0].message


def test_no_expected_doi_without_a_hyphenated_ebook_isbn(tmp_path: Path) -> None:
    """This test ensures that no DOI is expected when the eBook ISBN is missing or not
    hyphenated: the hyphens are part of Springer's DOI and cannot be guessed."""
    from proceedings.publishers import expected_springer_dois

    root = _copy_demo(tmp_path / "tml4h")
    _for_springer(root, ebook_isbn="9783031999994")
    assert expected_springer_dois(load_volume(root)) == {}
    _for_springer(_copy_demo(tmp_path / "bare"), ebook_isbn=None)
    assert expected_springer_dois(load_volume(tmp_path / "bare")) == {}


def test_a_doi_of_record_replaces_the_expected_one(tmp_path: Path) -> None:
    """This test ensures that once 'proceedings record' has brought a chapter's registered DOI
    back (source/record.yaml), the package's list gives it as the paper's DOI and expects no
    other, while the chapters not yet confirmed keep their expected DOIs."""
    from proceedings.publishers import expected_springer_dois

    root = _copy_demo(tmp_path / "tml4h")
    _for_springer(root)
    registered = f"10.1007/{EBOOK_ISBN}_2"
    (root / "source" / "record.yaml").write_text(
        f'papers:\n  "002":\n    doi: {registered}\n', encoding="utf-8"
    )
    volume = load_volume(root)
    expected = expected_springer_dois(volume)
    assert "002" not in expected
    assert expected["001"] == f"10.1007/{EBOOK_ISBN}_1"
    assert expected["003"] == f"10.1007/{EBOOK_ISBN}_3"  # the chapter count is not shifted
    result = _package(root)
    assert result.exit_code == 0, result.output
    rows = {r["paper"]: r for r in _rows(root / "_build" / "packages" / "springer")}
    assert (rows["002"]["doi"], rows["002"]["expected_doi"]) == (registered, "")
    assert (rows["001"]["doi"], rows["001"]["expected_doi"]) == ("", expected["001"])


# --- the real EasyChair LNCS export -------------------------------------------------------------


@pytest.fixture(scope="module")
def paar(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """PAAR 2018's real export imported, made a Springer volume with editors, and packaged."""
    work = tmp_path_factory.mktemp("paar")
    root = work / "project"
    result = run_import("easychair", require_shared(PAAR), "--into", root, "--acronym", "PAAR 2018")
    assert result.exit_code == 0, result.output
    volume = root / "source" / "volume.yaml"
    volume.write_text(
        volume.read_text(encoding="utf-8").replace(
            "editors: []", "editors:\n- given: Ada\n  family: Lovelace\n  affiliations: [Example]"
        )
        + "checks:\n  ignore: [people.missing-affiliation]\n",
        encoding="utf-8",
    )
    _for_springer(root)
    # checks.ignore cannot silence a rule of Springer's for its package: the editors ask the
    # authors of an abstract past LNCS's 150 words (PAAR's 004 has 178) for a shorter one.
    for paper in load_volume(root).papers:
        data = safe_load(paper.source.path.read_text(encoding="utf-8"))
        words = data["abstract"].split()
        if len(words) > 150:
            data["abstract"] = " ".join(words[:150])
            paper.source.path.write_text(
                safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8"
            )
    for paper in load_volume(root).papers:  # README_EASYCHAIR has no e-mails: the editor adds them
        yaml = paper.folder / "paper.yaml"
        text = yaml.read_text(encoding="utf-8")
        yaml.write_text(
            text.replace(
                "\n  family:", "\n  email: author@example.org\n  corresponding: true\n  family:", 1
            ),
            encoding="utf-8",
        )
    result = _package(root, "-o", str(work / "paar.zip"))
    assert result.exit_code == 0, result.output
    return root, work / "paar.zip"


def test_paar_package_reads_back_as_the_original_export(paar: tuple[Path, Path]) -> None:
    """This test ensures that the package made from a real EasyChair LNCS export reads back
    through the same importer as the export itself: titles, authors, order, pages and PDFs."""
    root, archive = paar
    unpacked = root.parent / "unpacked"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(unpacked)
    assert sorted(p.name for p in unpacked.iterdir() if p.name.startswith("9999")) == [
        "99990001",
        "99990011",
        "99990024",
        "99990032",
    ]
    ours = read_source("easychair", unpacked, acronym="PAAR 2018")
    original = read_source("easychair", require_shared(PAAR), acronym="PAAR 2018")
    assert [p.data["title"] for p in ours.papers] == [p.data["title"] for p in original.papers]
    assert [p.data["authors"] for p in ours.papers] == [p.data["authors"] for p in original.papers]
    assert [p.pages for p in ours.papers] == PAAR_PAGES == [p.pages for p in original.papers]
    assert [p.pdf.read_bytes() for p in ours.papers if p.pdf] == [
        p.pdf.read_bytes() for p in original.papers if p.pdf
    ]


def test_a_preface_given_as_a_pdf_is_front_matter_not_a_chapter(tmp_path: Path) -> None:
    """This test ensures that a preface given as a PDF goes into the front matter, and that
    the chapters and their expected DOIs are numbered without it."""
    root = _copy_demo(tmp_path / "tml4h")
    preface = root / "papers" / "000"
    preface.mkdir()
    (preface / "paper.yaml").write_text(
        "kind: preface\ntitle: Message from the Chairs\nauthors: []\npart: explainability\n",
        encoding="utf-8",
    )
    (preface / "paper.pdf").write_bytes(text_pdf(["Preface"], pages=2))
    _for_springer(root)
    result = _package(root)
    assert result.exit_code == 0, result.output
    package = root / "_build" / "packages" / "springer"
    assert (package / "frontmatter" / "000.pdf").read_bytes() == (
        preface / "paper.pdf"
    ).read_bytes()
    rows = _rows(package)
    assert [r["paper"] for r in rows][:2] == ["001", "002"]
    assert rows[0]["expected_doi"] == f"10.1007/{EBOOK_ISBN}_1"
    assert not (package / "00030001").exists()  # no chapter folder for it


def test_a_signed_form_that_is_a_folder_is_reported(tmp_path: Path) -> None:
    """This test ensures that an 'agreement' naming a folder is reported as not a file,
    naming the paper and the path, and stops the package."""
    root = _copy_demo(tmp_path / "tml4h")
    _for_springer(root)
    form = root / "papers" / "006" / "licence.pdf"
    form.unlink()
    form.mkdir()
    result = _package(root)
    assert result.exit_code == 1
    line = next(x for x in result.stderr.splitlines() if "[agreement.missing]" in x)
    assert line.startswith("papers/006/paper.yaml:")
    assert "agreement: papers/006/licence.pdf is a folder, not the signed form" in line


def test_a_series_volume_that_is_no_number_names_no_folder(tmp_path: Path) -> None:
    """This test ensures that a series volume written as a path or with a line break cannot
    lead a folder out of the package or add a line to a README: only its digits are used."""
    root = _copy_demo(tmp_path / "tml4h")
    _for_springer(root)
    volume = root / "source" / "volume.yaml"
    text = volume.read_text(encoding="utf-8")
    volume.write_text(text.replace("  volume: 3\n", '  volume: "../../x\\nPaper: 7"\n'), "utf-8")
    result = _package(root)
    assert result.exit_code == 0, result.output
    package = root / "_build" / "packages" / "springer"
    assert _rows(package)[0]["folder"] == "00070003"
    assert not (root / "_build" / "x").exists()
    readme = (package / "00070003" / "README_EASYCHAIR").read_text(encoding="utf-8")
    assert readme.startswith("LNCS Volume: 0007\nPaper: Concept Bottlenecks")


def test_the_package_requires_every_springer_code_and_only_known_ones() -> None:
    """This test ensures that 'package springer' stops on every code the Springer check
    reports, on page limits and on a signed form named but missing, and that each is in the
    catalogue (with a README row)."""
    from proceedings.checks import CODES
    from proceedings.packages import PACKAGES

    requires = PACKAGES["springer"].requires
    assert requires <= set(CODES)
    assert {c for c in CODES if c.startswith("springer.")} | {
        "pdf.page-limit",
        "agreement.missing",
    } == requires


def test_sources_that_are_not_what_their_name_says_are_reported(tmp_path: Path) -> None:
    """This test ensures that a source archive named .zip that is no ZIP (a renamed PDF, a
    failed download) is reported: Springer's production could not open it."""
    root = _copy_demo(tmp_path / "tml4h")
    _for_springer(root)
    (root / "papers" / "009" / "sources.zip").write_bytes(b"%PDF-1.7 not an archive")
    _, problems = check_project(root, pdfs=False)
    found = [p for p in problems if p.code == "springer.no-sources"]
    assert [(p.paper, p.message) for p in found] == [
        ("009", "papers/009/sources.zip is not a ZIP file, as its extension .zip says")
    ]


def test_check_for_springer_names_a_paper_without_its_signed_form(tmp_path: Path) -> None:
    """This test ensures that 'check --for springer' reports a paper without its signed form
    as the package does: an error naming the paper and the file, exit status 1, the same line
    'package springer' stops with; plain check only warns of it."""
    root = _copy_demo(tmp_path / "tml4h")
    _for_springer(root)
    yaml = root / "papers" / "005" / "paper.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace("agreement: licence.pdf\n", ""), "utf-8"
    )
    runner = CliRunner()
    checked = runner.invoke(main, ["-C", str(root), "check", "--for", "springer"], env=EPOCH)
    assert checked.exit_code == 1, checked.output
    lines = checked.stdout.splitlines()
    found = [line for line in lines if line.endswith("[springer.no-licence-form]")]
    assert len(found) == 1, checked.stdout
    assert re.fullmatch(
        r"papers/005/paper\.yaml:\d+: error: agreement: paper 005 has no signed "
        r"licence-to-publish form \('agreement:'\)\. Ask the corresponding author for the signed "
        r"form, put it in the paper's folder and name it in 'agreement:'\. "
        r"\[springer\.no-licence-form\]",
        found[0],
    ), found[0]
    assert lines[-1] == "failed: 1 error, 0 warnings"
    plain = runner.invoke(main, ["-C", str(root), "check"], env=EPOCH)
    assert plain.exit_code == 0, plain.output
    assert found[0].replace(": error: ", ": warning: ", 1) in plain.stdout.splitlines()
    packaged = _package(root)
    assert packaged.exit_code == 1
    assert found[0] in packaged.stderr.splitlines()
