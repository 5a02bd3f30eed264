"""The PMLR package: the volume's BibTeX in PMLR's dialect with <key>.pdf, <key>-supp.* and the
permission forms; parsed by pybtex and the real bibtex, read back by our PMLR importer, from
the demo and from a real PMLR volume (v225, ML4H 2023)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import edit, require_shared, require_tool
from pdfbuild import text_pdf
from pybtex.database import parse_file

from packages.conftest import demo_copy, package, project_of, reimport
from proceedings.errors import ProceedingsError
from proceedings.importers.imported import ImportedVolume
from proceedings.layout import compute_layout, read_page_counts
from proceedings.model import Volume
from proceedings.output import zip_folder

PMLR = "pmlr-v225-ml4h2023"
PROCEEDINGS_FIELDS = ("booktitle", "name", "shortname", "year", "editor", "volume", "start", "end")


def _expected(volume: Volume) -> list[tuple[str, list[tuple[str, str]], tuple[int, int]]]:
    """Each archival paper: title, authors' (given, family) (BibTeX has no family-first
    order to keep), pages."""
    layout = compute_layout(volume, read_page_counts(volume))
    return [
        (
            p.info.title,
            [(a.given, a.family) for a in p.info.authors],
            (layout.of(p.id).first, layout.of(p.id).last),
        )
        for p in volume.archival_papers
    ]


def _read_back(
    imported: ImportedVolume,
) -> list[tuple[str, list[tuple[str, str]], tuple[int, int] | None]]:
    return [
        (p.data["title"], [(a.get("given", ""), a["family"]) for a in p.data["authors"]], p.pages)
        for p in imported.papers
    ]


@pytest.fixture(scope="module")
def demo_package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Volume, Path]:
    """The demo packaged for PMLR, one paper given a supplementary PDF and a video file."""
    project = demo_copy(tmp_path_factory.mktemp("pmlr-demo") / "demo", clause=False)
    folder = project / "papers" / "001"
    (folder / "proofs.pdf").write_bytes(text_pdf(["Proofs"]))
    (folder / "talk.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    with (folder / "paper.yaml").open("a", encoding="utf-8") as out:
        out.write("attachments:\n  - file: proofs.pdf\n  - file: talk.mp4\n")
    return package(project, "pmlr")


def test_the_package_is_what_pmlr_asks_for(demo_package) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that the package holds one .bib, each paper's PDF named by its
    lastnameYY key (a, b when two collide), the supplement as <key>-supp.pdf, no video."""
    volume, folder = demo_package
    names = sorted(p.name for p in folder.iterdir())
    keys = [re.sub(r"\.pdf$", "", n) for n in names if n.endswith(".pdf") and "-supp" not in n]
    assert "tml4h2025.bib" in names
    assert "obrien25-supp.pdf" in names
    assert not [n for n in names if n.endswith(".mp4")]
    assert len(keys) == len(volume.archival_papers)
    assert "obrien25" in keys
    assert "tanaka25" in keys  # 王小明 first: the next author's name, which has an ASCII form
    assert all(re.fullmatch(r"[a-z]+25[a-z]?", k) for k in keys), keys
    bib = parse_file(str(folder / "tml4h2025.bib"), "bibtex")
    assert sorted(bib.entries) == sorted([*keys, "TML4H2025"])


def test_the_bibtex_is_pmlrs_dialect(demo_package) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that the @Proceedings entry has every field PMLR requires and that
    each @InProceedings has title, author, pages and abstract, names in LaTeX, not Unicode."""
    volume, folder = demo_package
    text = (folder / "tml4h2025.bib").read_text(encoding="utf-8")
    # LaTeX for every letter that has a command; 王小明 has none and stays UTF-8.
    assert {c for c in text if not c.isascii()} == set("王小明")
    bib = parse_file(str(folder / "tml4h2025.bib"), "bibtex")
    proceedings = bib.entries["TML4H2025"]
    assert proceedings.type == "proceedings"
    for name in PROCEEDINGS_FIELDS:
        assert proceedings.fields.get(name) or proceedings.persons.get(name), name
    assert proceedings.fields["shortname"] == "TML4H"
    assert proceedings.fields["start"] == "2025-07-18"
    assert proceedings.fields["volume"] == "XXX"  # no PMLR number in the demo's volume.yaml
    assert proceedings.fields["sections"].count("|") == 2
    papers = [e for e in bib.entries.values() if e.type == "inproceedings"]
    assert len(papers) == len(volume.archival_papers)
    for entry in papers:
        assert {"title", "pages", "abstract", "section"} <= set(entry.fields)
        assert entry.persons["author"]
    assert "Nguy{\\~{\\^e}}n, V{\\u{a}}n An" in text


def test_real_bibtex_reads_it(demo_package, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that classic bibtex reads the file without an error and formats
    every entry."""
    require_tool("bibtex")
    _, folder = demo_package
    shutil.copy(folder / "tml4h2025.bib", tmp_path / "volume.bib")
    (tmp_path / "volume.aux").write_text(
        "\\citation{*}\n\\bibstyle{plain}\n\\bibdata{volume}\n", encoding="utf-8"
    )
    result = subprocess.run(
        ["bibtex", "volume"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    log = (tmp_path / "volume.blg").read_text(encoding="utf-8")
    assert result.returncode in (0, 1), log  # 1: warnings (PMLR's entries have no booktitle)
    assert "error message" not in log, log
    bbl = (tmp_path / "volume.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem") == 12  # 11 papers and the volume


def test_our_importer_reads_it_back(demo_package) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that our PMLR importer reads the package (what the editors send
    PMLR) back to the source's papers: titles, authors, order, pages, with each PDF."""
    volume, folder = demo_package
    imported = reimport("pmlr", folder)
    assert _read_back(imported) == _expected(volume)
    assert all(p.pdf is not None for p in imported.papers)
    assert imported.volume["acronym"] == volume.info.acronym


def test_the_package_is_the_same_bytes_twice(tmp_path: Path) -> None:
    """This test ensures that two builds of the package give the same ZIP, byte for byte."""
    project = demo_copy(tmp_path / "demo", clause=False)
    _, folder = package(project, "pmlr")
    first = zip_folder(folder)
    shutil.rmtree(project / "_build")
    _, folder = package(project, "pmlr")
    assert zip_folder(folder) == first


@pytest.fixture(scope="module")
def v225(tmp_path_factory: pytest.TempPathFactory) -> tuple[ImportedVolume, Path]:
    """PMLR v225 imported from its repository, stand-ins for the PDFs the snapshot lacks."""
    imported = reimport("pmlr", require_shared(PMLR))
    project = project_of(imported, tmp_path_factory.mktemp("v225") / "v225")
    for paper in imported.papers:
        pdf = project / "papers" / paper.id / "paper.pdf"
        if not pdf.is_file():
            assert paper.pages is not None
            pdf.write_bytes(
                text_pdf([f"Stand-in for {paper.id}"], pages=paper.pages[1] - paper.pages[0] + 1)
            )
    return imported, project


@pytest.mark.shared_data
def test_a_real_pmlr_volume_comes_back_the_same(v225) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that v225 packaged again reads back to its 40 entries, authors, order
    and PMLR's own pages (the preface 1-12 first), in volume 225, with PMLR's own keys for
    all but the papers whose editors chose another key than the rule gives."""
    imported, project = v225
    _, folder = package(project, "pmlr")
    again = reimport("pmlr", folder)
    assert _read_back(again) == _read_back(imported)
    assert len(again.papers) == 40
    assert _read_back(again)[0][2] == (1, 12)
    bib = parse_file(str(folder / "ml4h2023.bib"), "bibtex")
    assert bib.entries["ML4H2023"].fields["volume"] == "225"
    theirs = [
        k for k in parse_file(str(require_shared(PMLR, "ml4h23.bib"))).entries if k != "ML4H2023"
    ]
    ours = [k for k in bib.entries if k != "ML4H2023"]
    differ = {(a, b) for a, b in zip(theirs, ours, strict=True) if a != b}
    assert differ == {("groeger23", "groger23"), ("hosseinzadehtaher23", "taher23")}


@pytest.mark.shared_data
def test_permission_forms_are_packaged_and_a_missing_one_named(v225, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that with 'agreements: true' each paper's signed form is packaged as
    v225permissions/<key>Permission.pdf, and that a paper without one stops the package."""
    _, source = v225
    project = tmp_path / "v225"
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("_build"))
    edit(project / "source" / "volume.yaml", {"parts:": "agreements: true\nparts:"})
    for folder in sorted((project / "papers").iterdir()):
        (folder / "signed.pdf").write_bytes(text_pdf(["Signed"]))
        with (folder / "paper.yaml").open("a", encoding="utf-8") as out:
            out.write("agreement: signed.pdf\n")
    _, package_folder = package(project, "pmlr")
    forms = sorted(p.name for p in (package_folder / "v225permissions").iterdir())
    assert len(forms) == 40
    assert "afzal23Permission.pdf" in forms
    (project / "papers" / "afzal23a" / "signed.pdf").unlink()
    with pytest.raises(ProceedingsError) as caught:
        package(project, "pmlr")
    message = caught.value.format_message()
    assert re.search(
        r"papers/afzal23a/paper\.yaml:\d+: error: agreement: papers/afzal23a/signed\.pdf not "
        r"found\..*\[agreement\.missing\]",
        message,
    ), message
