"""The ACL package: made from aclpub2's own SIGDIAL example, read back by our aclpub2 and ACL
Anthology importers, its Anthology XML compared element by element with a real one."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pypdf
import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import require_shared
from importers.conftest import add_placeholder_pdfs, read_source, run_import

from proceedings.cli import main
from proceedings.load import load_volume

EPOCH = {"SOURCE_DATE_EPOCH": "1593561600"}  # 2020-07-01
SIGDIAL = ("aclpub2-examples", "sigdial")
LOUHI = ("acl-anthology-louhi2021", "2021.louhi.xml")
# Elements our XML may have that the LOUHI volume happens not to: the volume's ISBN, a DOI.
OPTIONAL = {("collection/volume/meta/isbn", ()), ("collection/volume/paper/doi", ())}
# Elements of the LOUHI volume that our XML need not have: Papers with Code links, and the
# inline markup of one title or abstract.
THEIRS_ONLY = ("pwccode", "pwcdataset", "fixed-case", "/i")


def _package(root: Path, *options: str) -> Result:
    return CliRunner().invoke(
        main, ["-C", str(root), "package", "acl", *options], env=EPOCH, catch_exceptions=False
    )


def _import_sigdial(root: Path) -> None:
    """SIGDIAL imported as a user does, with 2-page placeholders for the 37 missing PDFs."""
    result = run_import("aclpub2", require_shared(*SIGDIAL), "--into", root)
    assert result.exit_code == 0, result.output
    assert len(add_placeholder_pdfs(root)) == 37


@pytest.fixture(scope="module")
def sigdial(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The SIGDIAL example imported and packaged: the project and the unpacked package."""
    work = tmp_path_factory.mktemp("acl")
    root = work / "sigdial2020"
    _import_sigdial(root)
    result = _package(root, "-o", str(work / "acl.zip"))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(work / "acl.zip") as archive:
        archive.extractall(work / "acl")
    return root, work / "acl"


def _structure(tree: ET.Element) -> set[tuple[str, tuple[str, ...]]]:
    """Every element as its path from the root and its attributes' names."""
    found: set[tuple[str, tuple[str, ...]]] = set()

    def walk(element: ET.Element, path: str) -> None:
        here = f"{path}/{element.tag}" if path else element.tag
        found.add((here, tuple(sorted(element.attrib))))
        for child in element:
            walk(child, here)

    walk(tree, "")
    return found


def test_package_holds_aclpub2s_output_and_the_anthologys_files(
    sigdial: tuple[Path, Path],
) -> None:
    """This test ensures that the package has aclpub2's output (proceedings.pdf, the front
    matter as 0.pdf, the watermarked papers, inputs/) and the files named by Anthology id."""
    root, package = sigdial
    volume = load_volume(root)
    archival = volume.archival_papers
    built = root / "_build" / "pdf"
    assert (package / "proceedings.pdf").read_bytes() == (built / "sigdial2020.pdf").read_bytes()
    front = pypdf.PdfReader(package / "watermarked_pdfs" / "0.pdf")
    labels = pypdf.PdfReader(built / "sigdial2020.pdf").page_labels
    assert len(front.pages) == next(i for i, label in enumerate(labels) if label.isdigit())
    for number, paper in enumerate(archival, 1):
        stamped = (built / "papers" / f"{paper.id}.pdf").read_bytes()
        assert (package / "watermarked_pdfs" / f"{int(paper.id)}.pdf").read_bytes() == stamped
        anthology = package / "anthology"
        assert (anthology / "pdf" / f"2020.sigdial-1.{number}.pdf").read_bytes() == stamped
        bib = (anthology / "bib" / f"2020.sigdial-1.{number}.bib").read_text(encoding="utf-8")
        assert bib.startswith("@inproceedings{")
    assert (package / "anthology" / "pdf" / "2020.sigdial-1.0.pdf").read_bytes() == (
        package / "watermarked_pdfs" / "0.pdf"
    ).read_bytes()
    first = (package / "anthology" / "bib" / "2020.sigdial-1.1.bib").read_text(encoding="utf-8")
    assert first.startswith("@inproceedings{zhu-2020-boosting,")
    papers = yaml.safe_load((package / "inputs" / "papers.yml").read_text(encoding="utf-8"))
    assert papers[0]["start_page"] == 1
    assert papers[0]["title"].startswith("Boosting Naturalness of Language")
    assert (package / "attachments" / "2" / "2.zip").read_bytes() == (
        require_shared(*SIGDIAL, "attachments", "2.zip").read_bytes()
    )


def test_inputs_read_back_through_the_aclpub2_importer(sigdial: tuple[Path, Path]) -> None:
    """This test ensures that our aclpub2 importer reads the package's inputs/ as the same
    papers as SIGDIAL's own folder: ids, titles, abstracts, authors with their affiliations
    and e-mails, order, archival flags and PDFs."""
    root, package = sigdial
    ours = read_source("aclpub2", package / "inputs")
    original = read_source("aclpub2", require_shared(*SIGDIAL))
    papers = [p for p in original.papers if p.data.get("kind") != "invited"]
    assert [p.id for p in ours.papers] == [p.id for p in papers]
    assert [p.data["title"] for p in ours.papers] == [p.data["title"] for p in papers]
    # the people whole: names, affiliations, e-mails (aclpub2 keeps them, Springer's needs)
    assert [p.data["authors"] for p in ours.papers] == [p.data["authors"] for p in papers]
    assert [p.data.get("abstract") for p in ours.papers] == [
        p.data.get("abstract") for p in papers
    ]  # LaTeX written ('3.6\\%') and read back
    assert [p.data.get("archival", True) for p in ours.papers] == [
        p.data.get("archival", True) for p in papers
    ]
    volume = load_volume(root)
    camera_ready = {p.id: p.pdf_path.read_bytes() for p in volume.papers if p.has_pdf}
    assert {p.id: p.pdf.read_bytes() for p in ours.papers if p.pdf} == camera_ready
    assert ours.volume["title"] == original.volume["title"]
    assert ours.volume["acronym"] == original.volume["acronym"] == "SIGDIAL 2020"


def test_anthology_xml_reads_back_with_the_layouts_pages(sigdial: tuple[Path, Path]) -> None:
    """This test ensures that our ACL Anthology importer reads the package's XML, with its
    PDFs, as the volume: the archival papers in order, their titles, authors and pages."""
    root, package = sigdial
    anthology = package / "anthology"
    back = read_source("acl-anthology", anthology / "2020.sigdial.xml", pdfs=anthology / "pdf")
    volume = load_volume(root)
    layout = _layout(root)
    papers = [p for p in back.papers if p.data.get("kind") != "frontmatter"]
    archival = volume.archival_papers
    assert [p.data["title"] for p in papers] == [p.info.title for p in archival]
    assert [[(a.get("given", ""), a["family"]) for a in p.data["authors"]] for p in papers] == [
        [(a.given, a.family) for a in p.info.authors] for p in archival
    ]
    assert [p.pages for p in papers] == [layout[p.id] for p in archival]
    assert all(p.pdf is not None for p in back.papers)  # the front matter's too
    assert not [n for n in back.notes if "do not match" in n or " but " in n]


def _layout(root: Path) -> dict[str, tuple[int, int]]:
    import json

    data = json.loads((root / "_build" / "layout.json").read_text(encoding="utf-8"))
    return {p["paper"]: (p["first"], p["last"]) for p in data["papers"]}


def test_anthology_xml_has_the_structure_of_a_real_volume(sigdial: tuple[Path, Path]) -> None:
    """This test ensures that the XML is well-formed and built as the Anthology's own LOUHI
    2021 file is, element by element: the same names, nesting and attributes."""
    _, package = sigdial
    ours = _structure(ET.parse(package / "anthology" / "2020.sigdial.xml").getroot())
    theirs = _structure(ET.parse(require_shared(*LOUHI)).getroot())
    assert ours - theirs <= OPTIONAL, ours - theirs - OPTIONAL
    needed = {(path, attrs) for path, attrs in theirs if not path.endswith(THEIRS_ONLY)}
    assert needed <= ours, needed - ours
    text = (package / "anthology" / "2020.sigdial.xml").read_text(encoding="utf-8")
    assert text.startswith(
        "<?xml version='1.0' encoding='UTF-8'?>\n<collection id=\"2020.sigdial\">"
    )
    assert '<volume id="1" ingest-date="2020-07-01" type="proceedings">' in text
    assert "<editor><first>Casey</first><last>Kennington</last></editor>" in text  # unswapped
    assert "<pages>1–7</pages>" in text  # an en dash, as the Anthology writes ranges


def test_bibkeys_follow_the_anthologys_scheme(tmp_path: Path) -> None:
    """This test ensures that the bibkeys are the Anthology's own: made for the LOUHI 2021
    volume imported from its XML, they equal the keys in that file."""
    root = tmp_path / "louhi"
    result = run_import("acl-anthology", require_shared(*LOUHI), "--into", root)
    assert result.exit_code == 0, result.output
    add_placeholder_pdfs(root)
    editors = "editors:\n- given: Eben\n  family: Holderness\n  affiliations: [Example]\n"
    volume_yaml = root / "source" / "volume.yaml"
    text = volume_yaml.read_text(encoding="utf-8")
    if "editors: []" in text:
        volume_yaml.write_text(text.replace("editors: []\n", editors), encoding="utf-8")
    result = _package(root)
    assert result.exit_code == 0, result.output
    ours = ET.parse(root / "_build" / "packages" / "acl" / "anthology" / "2021.louhi.xml")
    theirs = ET.parse(require_shared(*LOUHI))
    keys = [k.text for k in ours.getroot().iter("bibkey")]
    assert keys == [k.text for k in theirs.getroot().iter("bibkey")]


def test_the_zip_is_the_same_bytes_when_made_again(
    sigdial: tuple[Path, Path], tmp_path: Path
) -> None:
    """This test ensures that the package is deterministic: made again from a fresh copy of the
    same project, its ZIP has the same bytes."""
    root, package = sigdial
    again = tmp_path / "sigdial2020"
    for name in ("source", "papers"):
        shutil.copytree(root / name, again / name)
    result = _package(again, "-o", str(tmp_path / "again.zip"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again.zip").read_bytes() == (package.parent / "acl.zip").read_bytes()


@pytest.mark.parametrize(
    ("acronym", "venue"),
    [("LOUHI 2021", "louhi"), ("ACL-2021", "acl"), ("W-NUT 2021", "wnut"), ("TML4H", "tml4h")],
)
def test_the_venue_id_is_the_acronym_without_its_year(acronym: str, venue: str) -> None:
    """This test ensures that the Anthology venue id drops the year however it is joined."""
    from dataclasses import replace

    from conftest import ROOT

    from proceedings.packages.acl import anthology_venue

    volume = load_volume(ROOT)
    info = volume.info.model_copy(update={"acronym": acronym, "year": 2021})
    assert anthology_venue(replace(volume, info=info)) == venue


def test_aclpub2_ids_are_numbers_unless_two_would_be_one(tmp_path: Path) -> None:
    """This test ensures that papers '7' and '007' do not share one aclpub2 id (and so one
    file name): both keep their ids, and the others become numbers as in aclpub2's files."""
    from conftest import ROOT

    from proceedings.packages.acl import _aclpub2_ids

    for name in ("source", "papers"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copytree(tmp_path / "papers" / "007", tmp_path / "papers" / "7")
    ids = _aclpub2_ids(load_volume(tmp_path))
    assert (ids["007"], ids["7"], ids["001"]) == ("007", "7", 1)
