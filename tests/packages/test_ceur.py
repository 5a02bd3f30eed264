"""The CEUR-WS package: Vol-XXX/ with index.html and paperN.pdf, ceur-make's toc.xml and
workshop.xml; read back by our CEUR importer, by CEUR-WS's own generator (ceur-make's XSLT, run
with Saxon), from the demo and from a real CEUR-WS volume; with its faults named."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT, edit, require_shared, require_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfbuild import text_pdf

from packages.conftest import CLAUSE, demo_copy, package, project_of, reimport, with_clause
from proceedings.checks.publishers import has_ceur_clause
from proceedings.cli import main
from proceedings.errors import ProceedingsError
from proceedings.importers.imported import ImportedVolume
from proceedings.layout import compute_layout, read_page_counts
from proceedings.model import Person, Volume
from proceedings.output import zip_folder
from proceedings.packages.ceur import _Entry, index_html, toc_xml

CEUR_MAKE = "ceur-make-templates"
SEIM = "ceur-seim2018"
CLASSES = (
    "CEURVOLNR", "CEURURN", "CEURPUBYEAR", "CEURVOLACRONYM", "CEURVOLTITLE", "CEURFULLTITLE",
    "CEURCOLOCATED", "CEURLOCTIME", "CEURVOLEDITOR", "CEURTOC", "CEURSESSION", "CEURTITLE",
    "CEURPAGES", "CEURAUTHOR",
)  # fmt: skip


def _expected(volume: Volume) -> list[tuple[str, list[str], tuple[int, int] | None]]:
    """Each entry the package lists: the preface of the front matter (source/preface.md: by the
    editors, without pages) when the volume has one, then each archival paper of the source:
    title, authors' names as printed, pages."""
    layout = compute_layout(volume, read_page_counts(volume))
    preface: list[tuple[str, list[str], tuple[int, int] | None]] = []
    if "preface.md" in volume.info.pages:
        preface.append(("Preface", [e.name.full for e in volume.info.editors], None))
    return preface + [
        (
            p.info.title,
            [a.name.full for a in p.info.authors],
            (layout.of(p.id).first, layout.of(p.id).last),
        )
        for p in volume.archival_papers
    ]


def _read_back(imported: ImportedVolume) -> list[tuple[str, list[str], tuple[int, int] | None]]:
    """The same of what an importer made of the package."""
    return [
        (
            p.data["title"],
            [Person(**a).name.full for a in p.data["authors"]],
            p.pages,
        )
        for p in imported.papers
    ]


@pytest.fixture(scope="module")
def demo_package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Volume, Path]:
    """The demo (its papers given CEUR-WS's clause), packaged for CEUR-WS."""
    return package(demo_copy(tmp_path_factory.mktemp("ceur-demo") / "demo"), "ceur")


def test_the_package_is_a_ceur_volume_folder(demo_package) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that the package holds Vol-XXX/ with index.html, the preface (from
    the front matter) and one paperN.pdf per paper in volume order (the build's stamped PDFs),
    and ceur-make's two files beside it."""
    volume, folder = demo_package
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    papers = [f"Vol-XXX/paper{n}.pdf" for n in range(1, len(volume.archival_papers) + 1)]
    assert names == sorted(
        ["Vol-XXX/index.html", "Vol-XXX/preface.pdf", *papers, "toc.xml", "workshop.xml"]
    )
    stamped = folder.parent.parent / "pdf" / "papers" / f"{volume.archival_papers[0].id}.pdf"
    assert (folder / "Vol-XXX" / "paper1.pdf").read_bytes() == stamped.read_bytes()


def test_index_has_every_ceur_class(demo_package) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that index.html marks every field with CEUR-WS's class, states the
    CC BY 4.0 licence, and lists three sessions (the demo's parts)."""
    _, folder = demo_package
    page = (folder / "Vol-XXX" / "index.html").read_text(encoding="utf-8")
    for name in CLASSES:
        assert f'class="{name}"' in page, name
    assert "<!--CEURLANG=eng -->" in page
    assert "Creative Commons License Attribution 4.0 International" in page
    assert page.count('class="CEURSESSION"') == 3
    assert '<span class="CEURVOLNR">Vol-XXX</span>' in page
    preface = '<li id="preface" class="AUX"><a href="preface.pdf">'
    assert page.index(preface) < page.index('class="CEURSESSION"')  # before the sessions


def test_the_page_is_valid_html(demo_package) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that the Nu HTML Checker finds no error in index.html (CEUR-WS links
    every volume page to the W3C checker)."""
    java = require_tool("java", install="Debian's default-jre-headless")
    vnu = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    vnu_jar = require_tool("vnu.jar", path=vnu, install="npm install --no-save vnu-jar")
    _, folder = demo_package
    page = folder / "Vol-XXX" / "index.html"
    result = subprocess.run(
        [java, "-jar", vnu_jar, "--errors-only", "--format", "json", str(page)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    assert [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"] == []


def test_our_importer_reads_the_page_back(demo_package) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that our CEUR importer turns index.html (and the PDFs beside it) into
    the source's papers: titles, authors, order, pages, parts; and the AUX preface before the
    sessions into a preface by the editors, in the part the importer makes for entries outside
    any session."""
    volume, folder = demo_package
    imported = reimport("ceur", folder / "Vol-XXX" / "index.html")
    assert _read_back(imported) == _expected(volume)
    parts = [p["title"] for p in imported.volume["parts"]]
    assert parts == ["Papers", *(p.title for p in volume.info.parts)]
    assert imported.papers[0].data["kind"] == "preface"
    assert imported.papers[0].data["part"] == imported.volume["parts"][0]["id"]
    assert all(p.pdf is not None for p in imported.papers)


def test_our_importer_reads_ceur_makes_files_back(demo_package) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that toc.xml and workshop.xml read back to the same papers, with the
    volume's acronym, dates and editors, and each paperN.pdf found under Vol-XXX/."""
    volume, folder = demo_package
    imported = reimport("ceur", folder)
    assert _read_back(imported) == _expected(volume)
    assert imported.volume["acronym"] == volume.info.acronym
    assert imported.volume["event"]["start"] == volume.info.event.start
    assert [Person(**e).name.full for e in imported.volume["editors"]] == [
        e.name.full for e in volume.info.editors
    ]
    assert [p.pdf.name for p in imported.papers if p.pdf] == [
        "preface.pdf",
        *(f"paper{n}.pdf" for n in range(1, len(volume.archival_papers) + 1)),
    ]


def _ceur_make(folder: Path, target: Path) -> Path:
    """CEUR-WS's own generator: ceur-make's toc2ceurindex.xsl run by Saxon on our toc.xml, in
    one folder with our workshop.xml, as ceur-make-init sets it up (the stylesheet reads
    workshop.xml beside itself: document() resolves against the stylesheet)."""
    saxonche = pytest.importorskip("saxonche")
    target.mkdir()
    shutil.copy(require_shared(CEUR_MAKE, "toc2ceurindex.xsl"), target / "toc2ceurindex.xsl")
    for name in ("toc.xml", "workshop.xml"):
        shutil.copy(folder / name, target / name)
    with saxonche.PySaxonProcessor(license=False) as processor:
        xslt = processor.new_xslt30_processor()
        executable = xslt.compile_stylesheet(stylesheet_file=str(target / "toc2ceurindex.xsl"))
        page = executable.transform_to_string(source_file=str(target / "toc.xml"))
    assert page, xslt.error_message
    out = target / "index.html"
    out.write_text(page, encoding="utf-8")
    return out


@pytest.mark.shared_data
def test_ceur_makes_generator_makes_the_same_volume(demo_package, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that ceur-make's XSLT turns our toc.xml and workshop.xml into an
    index.html that our importer reads back to the same papers, sessions and volume."""
    volume, folder = demo_package
    page = _ceur_make(folder, tmp_path / "made")
    imported = reimport("ceur", page)
    assert _read_back(imported) == _expected(volume)
    sessions = [re.sub(r"^Session \d+: ", "", p["title"]) for p in imported.volume["parts"]]
    # ceur-make numbers its sessions; the preface comes before them, outside any
    assert sessions == ["Papers", *(p.title for p in volume.info.parts)]
    assert imported.volume["acronym"] == volume.info.acronym
    assert "Vol-XXX" in page.read_text(encoding="utf-8")


def test_the_package_is_the_same_bytes_twice(tmp_path: Path) -> None:
    """This test ensures that two builds of the package give the same ZIP, byte for byte."""
    project = demo_copy(tmp_path / "demo")
    _, folder = package(project, "ceur")
    first = zip_folder(folder)
    shutil.rmtree(project / "_build")
    _, folder = package(project, "ceur")
    assert zip_folder(folder) == first


def test_a_paper_without_the_clause_stops_the_package(tmp_path: Path) -> None:
    """This test ensures that a paper whose first page lacks the CC BY clause stops the CEUR
    package with one error naming the paper and its file, while check only warns."""
    project = demo_copy(tmp_path / "demo")
    shutil.copy(ROOT / "papers" / "003" / "paper.pdf", project / "papers" / "003")
    with pytest.raises(ProceedingsError) as caught:
        package(project, "ceur")
    message = caught.value.format_message()
    assert re.search(
        r"papers/003/paper\.yaml:\d+: error: pdf: the first page of papers/003/paper\.pdf "
        r"lacks CEUR-WS's licence clause\..*\[ceur\.no-cc-by\]",
        message,
    ), message
    assert message.endswith("stopped: 1 error")
    assert not (project / "_build" / "packages").exists()


def test_agreements_are_packaged_and_a_missing_one_named(tmp_path: Path) -> None:
    """This test ensures that with 'agreements: true' each paper's signed form goes into
    AUTHOR-AGREEMENTS/ under its paper's CEUR name, and that a paper without one stops the
    package with an error naming the paper."""
    project = demo_copy(tmp_path / "demo")
    edit(project / "source" / "volume.yaml", {"tracks:": "agreements: true\ntracks:"})
    papers = sorted((project / "papers").iterdir())
    for folder in papers:
        (folder / "agreement.pdf").write_bytes(text_pdf([f"Signed for {folder.name}"]))
        with (folder / "paper.yaml").open("a", encoding="utf-8") as out:
            out.write("agreement: agreement.pdf\n")
    volume, folder = package(project, "ceur")
    signed = sorted(p.name for p in (folder / "Vol-XXX" / "AUTHOR-AGREEMENTS").iterdir())
    assert signed == sorted(
        f"AUTHOR-AGREEMENT-paper{n}.pdf" for n in range(1, len(volume.archival_papers) + 1)
    )
    assert "AUTHOR-AGREEMENT" not in (folder / "Vol-XXX" / "index.html").read_text("utf-8")
    paper = project / "papers" / "005" / "paper.yaml"
    paper.write_text(paper.read_text("utf-8").replace("agreement: agreement.pdf\n", ""), "utf-8")
    with pytest.raises(ProceedingsError) as caught:
        package(project, "ceur")
    message = caught.value.format_message()
    assert re.search(r"papers/005/paper\.yaml:\d+: error: agreement: no signed agreement", message)
    assert "[agreement.none]" in message
    assert message.endswith("stopped: 1 error")


@pytest.fixture(scope="module")
def seim_package(tmp_path_factory: pytest.TempPathFactory) -> tuple[ImportedVolume, Path]:
    """SEIM 2018 (a real CEUR-WS volume made with ceur-make) imported from its toc.xml and
    workshop.xml; its PDFs are not public, so each is stood in for by one of its page count
    that prints CEUR-WS's clause."""
    imported = reimport("ceur", require_shared(SEIM, "toc.xml"))
    project = project_of(imported, tmp_path_factory.mktemp("seim") / "seim")
    first = min(p.pages[0] for p in imported.papers if p.pages)
    with (project / "source" / "volume.yaml").open("a", encoding="utf-8") as out:
        out.write(f"numbering:\n  start_page: {first}\n")
    for paper in imported.papers:
        assert paper.pages is not None
        pages = paper.pages[1] - paper.pages[0] + 1
        pdf = text_pdf([paper.id, *CLAUSE], pages=pages)
        (project / "papers" / paper.id / "paper.pdf").write_bytes(pdf)
    return imported, package(project, "ceur")[1]


def _source(imported: ImportedVolume) -> list[tuple[str, list[str], tuple[int, int] | None]]:
    return _read_back(imported)


@pytest.mark.shared_data
def test_a_real_ceur_volume_comes_back_the_same(seim_package) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that SEIM 2018, imported and packaged again, reads back (page and
    ceur-make's files) to its own papers, authors, order and pages (6-66)."""
    imported, folder = seim_package
    for source in (folder / "Vol-XXX" / "index.html", folder):
        again = reimport("ceur", source)
        assert _read_back(again) == _source(imported)
    assert _source(imported)[0][2] == (6, 12)


@pytest.mark.shared_data
def test_ceur_makes_generator_reads_a_real_volume(seim_package, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that ceur-make's XSLT makes from SEIM's repackaged files a page our
    importer reads back to SEIM's papers, with its Cyrillic title and names intact."""
    imported, folder = seim_package
    again = reimport("ceur", _ceur_make(folder, tmp_path / "made"))
    assert _read_back(again) == _source(imported)
    assert any("Использование" in title for title, _, _ in _read_back(again))
    assert again.volume["acronym"] == imported.volume["acronym"] == "SEIM 2018"


def test_the_clause_is_found_however_it_is_broken() -> None:
    """This test ensures that the clause is recognised across line breaks, hyphenation and a
    year, and not when a phrase is missing."""
    year = "Copyright © 2024 for this paper by its authors. Use permitted under Creative "
    assert has_ceur_clause(
        year + "Com- mons License Attribution 4.0 International (CC BY 4.0). CEUR Workshop"
    )
    assert has_ceur_clause(" ".join(CLAUSE))
    assert not has_ceur_clause("Copyright © 2024 by the authors. CC BY 4.0")
    assert not has_ceur_clause("for this paper by its authors. Attribution 4.0 International")


def test_with_clause_helper_is_read_by_the_pdf_facts(tmp_path: Path) -> None:
    """This test ensures that the first page's whole text reaches the facts (the clause sits
    below the 60 lines the title check reads)."""
    from proceedings.pdfinfo import inspect_pdf

    path = tmp_path / "p.pdf"
    lines = [f"line {n}" for n in range(80)]
    path.write_bytes(with_clause(text_pdf(lines)))
    facts = inspect_pdf(path)
    assert len(facts.first_page_lines) == 60
    assert has_ceur_clause(facts.first_page_text)


class _Spans(HTMLParser):
    """The text of each element of one CEUR class, and every tag seen."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name, self.depth, self.found, self.tags = name, 0, list[str](), list[str]()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if self.depth:
            self.depth += 1
        elif ("class", self.name) in attrs:
            self.depth = 1
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(self.depth - 1, 0)

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.found[-1] += data


_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")), min_size=1
).filter(lambda t: t.strip())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=_TEXT, family=_TEXT)
def test_hostile_titles_and_names_stay_text(
    demo_volume, demo_layout, title: str, family: str
) -> None:
    """This test ensures that any title and name reach index.html as text (one CEURTITLE and
    one CEURAUTHOR for the entry, no tag of theirs) and toc.xml as text, read back unchanged."""
    paper = demo_volume.archival_papers[0]
    author = paper.info.authors[0].model_copy(update={"family": family.strip(), "given": ""})
    info = paper.info.model_copy(update={"title": title.strip(), "authors": (author,)})
    hostile = type(paper)(paper.id, info, paper.folder, paper.source)
    pages = demo_layout.of(paper.id)
    page = index_html(
        demo_volume, [_Entry.of(hostile, "paper1", pages.first, pages.last, False)], "XXX"
    )
    toc = ET.fromstring(toc_xml(demo_volume, [_Entry.of(hostile, "paper1", 1, 2, False)]))
    assert toc.findtext(".//paper/title") == " ".join(title.split())
    assert toc.findtext(".//paper/authors/author") == " ".join(family.split())
    titles, authors = _Spans("CEURTITLE"), _Spans("CEURAUTHOR")
    titles.feed(page)
    authors.feed(page)
    assert titles.found == [" ".join(title.split())]
    assert authors.found == [" ".join(family.split())]
    assert set(titles.tags) <= {"html", "head", "meta", "link", "title", "body", "table", "tbody",
                                "tr", "td", "a", "div", "span", "br", "p", "hr", "h1", "h2", "h3",
                                "b", "ul", "li"}  # fmt: skip


def test_invited_abstracts_and_the_preface_are_aux(tmp_path: Path) -> None:
    """This test ensures that the preface and an invited talk shorter than CEUR-WS's five pages
    are AUX entries (preface.pdf, invited1.pdf) while a five-page invited paper is not, and
    that our importer reads the marks back as a preface and invited talks. The preface is
    titled "Preface" as the volume's own front-matter page is: the build's read-back check
    finds each its own outline entry."""
    project = demo_copy(tmp_path / "demo")
    kinds = {"001": "preface", "012": "invited", "011": "invited"}
    for paper_id, kind in kinds.items():
        yaml_path = project / "papers" / paper_id / "paper.yaml"
        yaml_path.write_text(f"kind: {kind}\n" + yaml_path.read_text("utf-8"), "utf-8")
    title = "Concept Bottlenecks with Calibrated Read-Outs for Chest Radiograph Triage"
    edit(project / "papers" / "001" / "paper.yaml", {f"title: {title}": "title: Preface"})
    short = text_pdf(["A keynote's abstract", *CLAUSE], pages=2)
    (project / "papers" / "012" / "paper.pdf").write_bytes(short)
    _, folder = package(project, "ceur")
    page = (folder / "Vol-XXX" / "index.html").read_text("utf-8")
    assert '<li id="preface" class="AUX"><a href="preface.pdf">' in page
    assert '<li id="invited2" class="AUX"><a href="invited2.pdf">' in page  # 012: 2 pages
    assert '<li id="invited1"><a href="invited1.pdf">' in page  # 011: 7 pages, a paper
    # The contribution is the preface CEUR-WS gets: preface.md's pages are not listed too.
    assert page.count('id="preface') == 1
    assert (folder / "toc.xml").read_text("utf-8").count('id="preface') == 1
    imported = reimport("ceur", folder / "Vol-XXX" / "index.html")
    read = {p.data["title"]: p.data.get("kind", "paper") for p in imported.papers}
    assert read["Preface"] == "preface"
    assert read["Membership Inference Risk of Synthetic Electronic Health Records"] == "invited"
    # An invited paper of full length is listed as a paper: CEUR-WS indexes it as one.
    assert list(read.values()).count("paper") == 9


def _page_texts(path: Path, indices: range | None = None) -> list[str]:
    """The text of each page (of those ``indices``), as PDFium reads it."""
    document = pypdfium2.PdfDocument(path)
    try:
        return [
            document[i].get_textpage().get_text_range()
            for i in (indices if indices is not None else range(len(document)))
        ]
    finally:
        document.close()


def _outline_page(volume_pdf: Path, title: str) -> int:
    """The page index of the volume's top-level outline entry ``title``, read by pypdf."""
    reader = pypdf.PdfReader(volume_pdf)
    entry = next(e for e in reader.outline if not isinstance(e, list) and e.title == title)
    return reader.get_destination_page_number(entry)


def test_the_preface_is_the_volumes_preface_pages(demo_package) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that preface.pdf holds the volume's own preface pages, from its
    outline entry "Preface" to the page before "Organization" (III and IV in the demo): the
    same text page by page, labelled as the volume labels them."""
    volume, folder = demo_package
    volume_pdf = folder.parent.parent / "pdf" / f"{volume.info.slug}.pdf"
    start = _outline_page(volume_pdf, "Preface")
    end = _outline_page(volume_pdf, "Organization")
    preface = folder / "Vol-XXX" / "preface.pdf"
    assert _page_texts(preface) == _page_texts(volume_pdf, range(start, end))
    assert pypdf.PdfReader(preface).page_labels == ["III", "IV"]
    assert pypdf.PdfReader(preface).metadata.title == "Preface"
    assert pypdf.PdfReader(volume_pdf).page_labels[start:end] == ["III", "IV"]
    assert _page_texts(preface)[0].lstrip().startswith("Preface")


def test_a_one_page_preface_leaves_the_blank_page_out(tmp_path: Path) -> None:
    """This test ensures that a one-page preface gives a one-page preface.pdf: the blank page
    the volume adds so that Organization opens on a recto is not the preface's."""
    project = demo_copy(tmp_path / "demo")
    (project / "source" / "preface.md").write_text(
        "# Preface\n\nA short preface for a short volume.\n", encoding="utf-8"
    )
    volume, folder = package(project, "ceur")
    volume_pdf = folder.parent.parent / "pdf" / f"{volume.info.slug}.pdf"
    start = _outline_page(volume_pdf, "Preface")
    assert _outline_page(volume_pdf, "Organization") == start + 2
    assert _page_texts(volume_pdf, range(start + 1, start + 2)) == [""]  # the blank verso
    preface = folder / "Vol-XXX" / "preface.pdf"
    assert _page_texts(preface) == _page_texts(volume_pdf, range(start, start + 1))
    assert "A short preface for a short volume." in _page_texts(preface)[0]


def test_a_volume_without_a_preface_page_has_no_preface_pdf(tmp_path: Path) -> None:
    """This test ensures that a volume without source/preface.md among its pages gets no
    preface.pdf and no preface entry in index.html or toc.xml, and still reads back whole."""
    project = demo_copy(tmp_path / "demo")
    edit(project / "source" / "volume.yaml", {"pages:\n  - preface.md\n": ""})
    volume, folder = package(project, "ceur")
    assert not (folder / "Vol-XXX" / "preface.pdf").exists()
    assert 'id="preface"' not in (folder / "Vol-XXX" / "index.html").read_text("utf-8")
    assert 'id="preface"' not in (folder / "toc.xml").read_text("utf-8")
    assert _read_back(reimport("ceur", folder)) == _expected(volume)
    assert _expected(volume)[0][0] != "Preface"


def test_the_command_names_every_paper_without_the_clause(tmp_path: Path) -> None:
    """This test ensures that 'proceedings package ceur' on papers without the clause exits
    with 1, one line per paper naming its file, and writes no package and no ZIP."""
    from click.testing import CliRunner

    from proceedings.cli import main

    project = demo_copy(tmp_path / "demo", clause=False)
    out = tmp_path / "ceur.zip"
    result = CliRunner().invoke(main, ["-C", str(project), "package", "ceur", "-o", str(out)])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if "[ceur.no-cc-by]" in line]
    assert len(lines) == 11
    assert lines[0].startswith(
        "papers/001/paper.yaml:1: error: pdf: the first page of papers/001/paper.pdf lacks "
        "CEUR-WS's licence clause. Ask the authors to print, on the first page: 'Copyright © "
        "YEAR for this paper by its authors."
    )
    assert result.output.rstrip().endswith("stopped: 11 errors")
    assert not out.exists()
    assert not (project / "_build" / "packages").exists()


# --- check --for ceur, and what checks.ignore cannot silence ---------------------------------


def _without_clause(tmp_path: Path) -> Path:
    """The demo, its papers printing CEUR-WS's clause but 003, as the authors sent it."""
    project = demo_copy(tmp_path / "demo")
    shutil.copy(ROOT / "papers" / "003" / "paper.pdf", project / "papers" / "003")
    return project


_NO_CLAUSE = (
    r"papers/003/paper\.yaml:\d+: error: pdf: the first page of papers/003/paper\.pdf lacks "
    r"CEUR-WS's licence clause\. Ask the authors to print, on the first page: 'Copyright © "
    r"YEAR for this paper by its authors\. Use permitted under Creative Commons License "
    r"Attribution 4\.0 International \(CC BY 4\.0\)\.' \(CEUR-WS's ceurart template does\)\."
)


def _cli(project: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(project), *args])


def test_check_for_ceur_names_the_paper_without_the_clause(tmp_path: Path) -> None:
    """This test ensures that 'check --for ceur' reports a paper without CEUR-WS's clause as
    an error naming the paper and its file, with exit status 1, as 'package ceur' stops on it;
    plain check says nothing of the clause for a volume outside CEUR-WS's series."""
    project = _without_clause(tmp_path)
    checked = _cli(project, "check", "--for", "ceur")
    assert checked.exit_code == 1, checked.output
    found = [line for line in checked.stdout.splitlines() if "[ceur.no-cc-by]" in line]
    assert len(found) == 1
    assert re.fullmatch(_NO_CLAUSE + r" \[ceur\.no-cc-by\]", found[0]), found[0]
    assert re.fullmatch(r"failed: 1 error, \d+ warnings", checked.stdout.splitlines()[-1])
    plain = _cli(project, "check")
    assert plain.exit_code == 0, plain.output
    assert "ceur.no-cc-by" not in plain.stdout


def test_checks_ignore_cannot_silence_a_rule_of_the_package(tmp_path: Path) -> None:
    """This test ensures that 'checks: ignore: [ceur.no-cc-by]' silences the warning for check
    of a CEUR-WS volume, but that 'check --for ceur' and 'package ceur' still stop on it, with
    a message saying it cannot be ignored for the ceur package."""
    project = _without_clause(tmp_path)
    edit(
        project / "source" / "volume.yaml",
        {"name: Lecture Notes in Trustworthy Health AI": "name: CEUR Workshop Proceedings"},
    )
    with (project / "source" / "volume.yaml").open("a", encoding="utf-8") as out:
        out.write("checks:\n  ignore: [ceur.no-cc-by]\n")
    plain = _cli(project, "check")
    assert plain.exit_code == 0, plain.output
    assert "ceur.no-cc-by]" not in plain.stdout
    unignorable = (
        _NO_CLAUSE + r" volume\.yaml's checks\.ignore lists ceur\.no-cc-by, but it cannot be "
        r"ignored for the ceur package\. \[ceur\.no-cc-by\]"
    )
    checked = _cli(project, "check", "--for", "ceur")
    assert checked.exit_code == 1, checked.output
    assert any(re.fullmatch(unignorable, line) for line in checked.stdout.splitlines())
    packaged = _cli(project, "package", "ceur")
    assert packaged.exit_code == 1
    stopped = [line for line in packaged.stderr.splitlines() if "[ceur.no-cc-by]" in line]
    assert len(stopped) == 1, packaged.stderr
    assert re.fullmatch(unignorable, stopped[0]), stopped[0]
    assert packaged.stderr.rstrip().endswith("stopped: 1 error")
    assert not (project / "_build" / "packages").exists()
