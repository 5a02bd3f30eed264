"""The demo site's pages: Scholar tags, JSON-LD, sitemap, links, escaping, incremental rebuilds."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import edit, require_shared
from pypdf import PdfReader
from site_helpers import ROOT, build_site, jsonld, parse_head

from proceedings.layout import Layout
from proceedings.model import Volume


def test_demo_site_builds_without_warnings(demo_site) -> None:
    """This test ensures that the demo site builds with zero Sphinx warnings (any one would have
    failed build_site) and writes every generated page where its URL says."""
    html = demo_site.html
    for page in ["index", "authors/index", "organization/index", "preface"]:
        assert (html / f"{page}.html").is_file(), page
    for part in ["explainability", "robustness", "fairness-privacy"]:
        assert (html / "parts" / part / "index.html").is_file(), part
    for paper in range(1, 13):
        assert (html / "papers" / f"{paper:03d}" / "index.html").is_file(), paper


def test_scholar_tags_match_model_and_layout(
    demo_site, demo_volume: Volume, demo_layout: Layout
) -> None:
    """This test ensures that every archival paper page carries the Google Scholar tags, with the
    authors in byline order and the page numbers of the layout, which equal the published PDF's
    page count, and that citation_pdf_url names the PDF beside the page."""
    for paper in demo_volume.archival_papers:
        folder = demo_site.html / "papers" / paper.id
        head = parse_head(folder / "index.html")
        pages = demo_layout.of(paper.id)
        assert head.value("citation_title") == paper.info.title
        assert head.values("citation_author") == [a.name.inverted for a in paper.info.authors]
        # Each author's institutions follow them, in the order Scholar pairs them up.
        expected = []
        for author in paper.info.authors:
            expected.append(("citation_author", author.name.inverted))
            expected += [("citation_author_institution", a.text) for a in author.affiliations]
        assert [m for m in head.meta if m[0].startswith("citation_author")] == expected
        # The volume appears in the year of the workshop: its first day is the date.
        assert head.value("citation_publication_date") == "2025/07/18"
        assert head.value("citation_conference_title") == (
            "Trustworthy Machine Learning for Healthcare (TML4H 2025)"
        )
        assert head.value("citation_firstpage") == str(pages.first)
        assert head.value("citation_lastpage") == str(pages.last)
        assert head.value("citation_doi") == demo_volume.doi_of(paper)
        assert head.value("citation_isbn") == "978-0-9999000-3-1"
        pdf_url = head.value("citation_pdf_url")
        assert pdf_url == demo_volume.pdf_url(paper)
        assert (
            pdf_url == f"https://tml4h.example.org/2025/papers/{paper.id}/tml4h2025-{paper.id}.pdf"
        )
        pdf = folder / pdf_url.rsplit("/", 1)[1]
        assert len(PdfReader(pdf).pages) == pages.last - pages.first + 1
        assert head.value("og:url") == demo_volume.paper_url(paper)


def test_paper_page_offers_the_plain_text_reference(
    demo_site, demo_volume: Volume, demo_layout: Layout
) -> None:
    """This test ensures that each archival paper page offers its reference in plain text next
    to the BibTeX, worded by the one owner of citation text (the PDF's first-page line after
    the authors and the title), and that a non-archival paper has none."""
    from proceedings.reference import appeared_in, reference_text

    for paper in demo_volume.archival_papers:
        page = (demo_site.html / "papers" / paper.id / "index.html").read_text(encoding="utf-8")
        block = page[page.index('id="reference"') : page.index('id="bibtex"')]
        shown = re.sub(r"<[^>]+>", "", block[block.index("<pre>") : block.index("</pre>")])
        text = reference_text(demo_volume, demo_layout, paper)
        assert html.unescape(shown).rstrip("\n") == text
        assert text.endswith(appeared_in(demo_volume, demo_layout, paper))
    first = demo_volume.archival_papers[0]
    assert reference_text(demo_volume, demo_layout, first).startswith(
        "O'Brien, A., van der Berg, J., de Lhoneux, M.: Concept Bottlenecks with Calibrated "
        "Read-Outs for Chest Radiograph Triage. In: S. Mac Giolla Phádraig et al. (eds.): "
        "TML4H 2025, LNTHA 3, pp. 3–14, 2025. https://doi.org/10.5555/tml4h2025.001"
    )
    non_archival = (demo_site.html / "papers" / "008" / "index.html").read_text(encoding="utf-8")
    assert 'id="reference"' not in non_archival


def test_home_lists_every_paper_by_part(demo_site, demo_volume: Volume) -> None:
    """This test ensures that the home page lists every paper under its part, in order, with
    its authors and links to its PDF and to the BibTeX on its page (archival papers only), as
    PMLR's and the ACL Anthology's volume pages do."""
    home = (demo_site.html / "index.html").read_text(encoding="utf-8")
    listing = home[home.index('<h2 class="rubric">Papers</h2>') :]
    for part in demo_volume.info.parts:
        start = listing.index(f'href="parts/{part.id}/index.html">{part.title}</a></h3>')
        end = listing.find("<h3", start + 1)
        block = listing[start : end if end > 0 else None]
        papers = [p for p in demo_volume.papers_in(part) if not p.rules.listed_as]
        assert re.findall(r'proceedings-title"><a [^>]*href="papers/(\w+)/index.html"', block) == [
            p.id for p in papers
        ]
        for paper in papers:
            byline = ", ".join(a.name.full for a in paper.info.authors)
            assert byline in html.unescape(block)
            assert f'href="papers/{paper.id}/{demo_volume.pdf_name(paper)}">PDF<' in block
            bibtex = f'href="papers/{paper.id}/index.html#bibtex">BibTeX<' in block
            assert bibtex == paper.in_volume, paper.id


def test_publication_date_has_the_day_only_when_it_is_known(demo_volume: Volume) -> None:
    """This test ensures that Scholar's publication date and the JSON-LD's give the day when
    the volume appears in the year of its event (the event's first day), and the year alone
    without an event date or for a volume published in another year."""
    from proceedings.site.head import publication_date, publication_day

    assert publication_date(demo_volume) == "2025/07/18"
    assert str(publication_day(demo_volume)) == "2025-07-18"
    event = demo_volume.info.event
    for changed in (
        {"start": None, "end": None},
        {"start": event.start.replace(year=2024), "end": None},  # type: ignore[union-attr]
    ):
        info = demo_volume.info.model_copy(update={"event": event.model_copy(update=changed)})
        other = dataclasses.replace(demo_volume, info=info)
        assert publication_date(other) == "2025"
        assert publication_day(other) is None


def test_jsonld_describes_the_paper(demo_site, demo_volume: Volume, demo_layout: Layout) -> None:
    """This test ensures that each archival paper's JSON-LD parses and is a schema.org
    ScholarlyArticle with the paper's title, authors, pages and PDF."""
    for paper in demo_volume.archival_papers:
        (article,) = jsonld(parse_head(demo_site.html / "papers" / paper.id / "index.html"))
        pages = demo_layout.of(paper.id)
        assert article["@context"] == "https://schema.org"
        assert article["@type"] == "ScholarlyArticle"
        assert article["datePublished"] == "2025-07-18"
        assert article["headline"] == paper.info.title
        assert [a["name"] for a in article["author"]] == [a.name.full for a in paper.info.authors]
        assert (article["pageStart"], article["pageEnd"]) == (str(pages.first), str(pages.last))
        assert article["encoding"]["contentUrl"] == demo_volume.pdf_url(paper)
        assert article["isPartOf"]["isbn"] == "978-0-9999000-3-1"


def test_non_archival_paper_has_no_citation_tags(demo_site) -> None:
    """This test ensures that the extended abstract 008 is on the site, marked non-archival, with
    no Scholar tags, no JSON-LD, no page numbers and no BibTeX to copy."""
    page = demo_site.html / "papers" / "008" / "index.html"
    head = parse_head(page)
    assert not [key for key, _ in head.meta if key.startswith("citation_")]
    assert head.jsonld == []
    assert head.value("og:title") is not None
    text = page.read_text(encoding="utf-8")
    assert "Non-archival" in text
    assert "not part of the proceedings volume" in text
    assert "proceedings-copy" not in text


def test_sitemap_lists_every_page(demo_site) -> None:
    """This test ensures that sitemap.xml lists the URL of every page of the site (folder URLs
    for the generated pages), sorted, and nothing else."""
    sitemap = (demo_site.html / "sitemap.xml").read_text(encoding="utf-8")
    urls = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert urls == sorted(urls)
    base = "https://tml4h.example.org/2025/"
    expected = set()
    for path in demo_site.html.rglob("*.html"):
        relative = path.relative_to(demo_site.html).as_posix()
        if relative in ("search.html", "genindex.html"):
            continue
        expected.add(base + relative.removesuffix("index.html"))
    assert set(urls) == expected


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in ("href", "src") and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append(value)


def _parse_links(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_internal_links_resolve(demo_site) -> None:
    """This test ensures that every href and src inside the site, on every page, names a file
    of the output, and that every #anchor it names exists in the page it points to."""
    html = demo_site.html
    parsed = {path: _parse_links(path) for path in html.rglob("*.html")}
    broken = []
    for page, links in parsed.items():
        for link in links.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(html)}: {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse_links(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(html)}: {link} (no such anchor)")
    assert broken == []


def test_paper_page_links_to_authors_and_neighbours(demo_site) -> None:
    """This test ensures that a paper page links each author to the author index, gives ORCID
    links, the DOI, the PDF beside it, the code and OpenReview links, and the next paper."""
    text = (demo_site.html / "papers" / "001" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../authors/index.html#author-obrien-aoife"' in text
    assert 'href="https://orcid.org/0000-0000-6449-5947"' in text
    assert 'href="https://doi.org/10.5555/tml4h2025.001"' in text
    assert 'href="tml4h2025-001.pdf"' in text
    assert "https://github.com/example/calibrated-concept-bottlenecks" in text
    assert "https://openreview.net/forum?id=Xk3pQ9vR2m" in text
    assert 'href="../002/index.html"' in text
    assert "Best Paper Award" in text
    assert "pp. 3–14" in text
    assert "<math" in (demo_site.html / "papers" / "003" / "index.html").read_text(encoding="utf-8")


def _main_content(path: Path) -> str:
    """The page's main content block (furo's <article>), prettified, for a golden file."""
    from lxml import html as lxml_html

    tree = lxml_html.parse(str(path))
    (article,) = tree.xpath("//article[@role='main']")
    for node in article.xpath(".//*[@class='headerlink']"):
        node.getparent().remove(node)
    text = lxml_html.tostring(article, encoding="unicode", pretty_print=True)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


@pytest.mark.parametrize(
    ("page", "golden_name"),
    [
        ("papers/001/index.html", "site-paper-001.html"),
        ("papers/008/index.html", "site-paper-008.html"),
        ("authors/index.html", "site-authors.html"),
    ],
)
def test_golden_pages(demo_site, golden, page: str, golden_name: str) -> None:
    """This test ensures that the main content of a paper page, of a non-archival paper's page
    and of the author index stays as reviewed (make regen rewrites the golden files)."""
    golden(golden_name, _main_content(demo_site.html / page))


def _project_with_conf(workshop: Path) -> Path:
    shutil.copy(ROOT / "source" / "conf.py", workshop / "source" / "conf.py")
    return workshop


def test_model_text_is_escaped(complete_workshop: Path, tmp_path: Path) -> None:
    """This test ensures that a title or abstract holding <script>, quotes, {{ }} or Markdown
    and MyST syntax shows as text on the page and in the head, never as markup, and that the
    build has no warning."""
    project = _project_with_conf(complete_workshop)
    title = 'Calibrated <script>alert(1)</script> & "Risk" {{ x }} *Scores* {sub}`y`'
    abstract = "Risk <script>alert(2)</script> {{ y }} <b>bold</b> and $a < b$ hold."
    paper_yaml = project / "papers/a/paper.yaml"
    edit(paper_yaml, {"title: Calibrated Risk Scores for Sepsis Onset": f"title: '{title}'"})
    text = paper_yaml.read_text(encoding="utf-8")
    text, count = re.subn(r"abstract: >\n(?:  .*\n)+", f"abstract: '{abstract}'\n", text)
    assert count == 1
    paper_yaml.write_text(text, encoding="utf-8")
    html = build_site(project, tmp_path / "_build")
    page = html / "papers" / "a" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert "<script>alert" not in text
    assert "<b>bold" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in text
    assert "{{ x }}" in text
    assert "{{ y }}" in text
    assert "*Scores*" in text
    assert "{sub}`y`" in text
    head = parse_head(page)
    assert head.value("citation_title") == title
    assert head.value("og:title") == title
    assert title in head.title
    (article,) = jsonld(head)
    assert article["headline"] == title
    assert article["abstract"] == abstract
    part = (html / "parts" / "methods" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)" in part
    assert "<script>alert" not in part


def test_rebuild_after_one_change_rereads_only_what_changed(demo_project: Path) -> None:
    """This test ensures that after one paper.yaml changes, a rebuild rewrites that paper's page
    and leaves an unrelated paper's page untouched, and that it is fast."""
    out = demo_project / "_build"
    start = time.perf_counter()
    html = build_site(demo_project, out)
    first = time.perf_counter() - start
    untouched = html / "papers" / "010" / "index.html"
    changed = html / "papers" / "005" / "index.html"
    before = (untouched.stat().st_mtime_ns, changed.stat().st_mtime_ns)
    paper = demo_project / "papers" / "005" / "paper.yaml"
    text = paper.read_text(encoding="utf-8")
    paper.write_text(text.replace("keywords: [", "keywords: [Scanner shift, "), encoding="utf-8")
    start = time.perf_counter()
    build_site(demo_project, out)
    second = time.perf_counter() - start
    assert "Scanner shift" in changed.read_text(encoding="utf-8")
    assert changed.stat().st_mtime_ns != before[1]
    assert untouched.stat().st_mtime_ns == before[0]
    assert second < first
    print(f"demo site: full build {first:.2f} s, rebuild after one paper.yaml {second:.2f} s")


def test_new_title_rewrites_its_own_part_only(demo_project: Path) -> None:
    """This test ensures that a new paper title rewrites the pages that show it (its part's
    pages, whose sidebar lists it, and its neighbours) and leaves other parts' pages alone."""
    out = demo_project / "_build"
    html = build_site(demo_project, out)
    pages = {doc: html / "papers" / doc / "index.html" for doc in ("005", "007", "010")}
    before = {doc: page.stat().st_mtime_ns for doc, page in pages.items()}
    paper = demo_project / "papers" / "005" / "paper.yaml"
    text = paper.read_text(encoding="utf-8")
    paper.write_text(text.replace("title: ", "title: Revised ", 1), encoding="utf-8")
    build_site(demo_project, out)
    assert "Revised Test-Time Adaptation" in pages["007"].read_text(encoding="utf-8")
    assert pages["007"].stat().st_mtime_ns != before["007"]  # same part: its sidebar changed
    assert pages["010"].stat().st_mtime_ns == before["010"]  # another part
    assert "Revised Test-Time" not in pages["010"].read_text(encoding="utf-8")
    # What was replaced in place, or written again, is exactly what a clean build writes.
    clean = build_site(demo_project, demo_project.parent / "clean")
    for page in sorted(clean.rglob("*.html")):
        relative = page.relative_to(clean)
        assert (html / relative).read_bytes() == page.read_bytes(), relative


def test_generated_pages_keep_straight_quotes_and_hand_written_pages_get_smart_ones(
    demo_site,
) -> None:
    """This test ensures that a generated page is read without the smart-quotes pass (O'Brien
    keeps its apostrophe) and gives the setting back once read, as its pickled doctree shows:
    before Sphinx 9 the pages share one settings object, so the hand-written preface read after
    the generated pages would otherwise lose its curly quotes."""
    import pickle

    html = demo_site.html
    assert "Aoife O'Brien" in (html / "papers" / "001" / "index.html").read_text(encoding="utf-8")
    preface = (html / "preface.html").read_text(encoding="utf-8")
    assert "\u201cConcept Bottlenecks with Calibrated Read-Outs" in preface
    doctree = pickle.loads(
        (html.parent / "doctrees" / "papers" / "001" / "index.doctree").read_bytes()
    )
    assert doctree.settings.smart_quotes is True
    assert "proceedings-smart-quotes" not in doctree.attributes


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_parallel_builds_write_the_serial_builds_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that the extension is safe for Sphinx's parallel reading and writing,
    as it declares: the demo site built by two processes is byte for byte the serial build,
    and so is a rebuild by two processes after a title changes, which replaces the sidebar in
    place in the same pages as a serial rebuild (not again in those the other process wrote)."""
    from sphinx.application import Sphinx

    import proceedings.build
    import proceedings.site.sphinx_ as extension
    from proceedings.site import build_site as build_site_stage
    from proceedings.site.data import SiteData

    project = tmp_path / "project"
    for folder in ("source", "papers"):
        shutil.copytree(ROOT / folder, project / folder)
    patched: dict[int, list[str]] = {1: [], 2: []}
    replace_nav = extension._replace_nav

    def build(jobs: int) -> dict[str, bytes]:
        def stage(data: SiteData) -> Path:
            return build_site_stage(data, jobs=jobs)

        def patch(app: Sphinx, doc: str, nav: str) -> None:
            patched[jobs].append(doc)
            replace_nav(app, doc, nav)

        with monkeypatch.context() as context:
            context.setattr(proceedings.build, "build_site", stage)
            context.setattr(extension, "_replace_nav", patch)
            return _files(build_site(project, tmp_path / f"jobs-{jobs}"))

    assert build(2) == build(1)
    paper = project / "papers" / "005" / "paper.yaml"
    text = paper.read_text(encoding="utf-8")
    paper.write_text(text.replace("title: ", "title: Revised ", 1), encoding="utf-8")
    clean = _files(build_site(project, tmp_path / "clean"))
    assert build(1) == clean
    assert build(2) == clean
    assert patched[1]
    assert patched[2] == patched[1]


def test_titles_rendered_once_give_sphinx_s_own_pages(
    demo_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that keeping the first rendering of each page title (the previous,
    next and parent links of every page) changes no byte: the demo built with Sphinx rendering
    every title each time is the demo site."""
    import proceedings.site.sphinx_ as extension

    monkeypatch.setattr(extension, "_render_titles_once", lambda builder: None)
    assert _files(build_site(ROOT, tmp_path / "plain")) == _files(demo_site.html)


def test_reordered_papers_rewrite_every_page(demo_project: Path) -> None:
    """This test ensures that moving a paper (new neighbours, new sidebar entries everywhere in
    two parts) gives every page exactly as a clean build writes it."""
    out = demo_project / "_build"
    html = build_site(demo_project, out)
    paper = demo_project / "papers" / "005" / "paper.yaml"
    text = paper.read_text(encoding="utf-8")
    paper.write_text(text.replace("part: robustness", "part: explainability"), encoding="utf-8")
    build_site(demo_project, out)
    clean = build_site(demo_project, demo_project.parent / "clean")
    for page in sorted(clean.rglob("*.html")):
        relative = page.relative_to(clean)
        assert (html / relative).read_bytes() == page.read_bytes(), relative


@pytest.mark.shared_data
def test_real_pmlr_volume_site_builds_without_warnings(tmp_path: Path) -> None:
    """This test ensures that the site of a real volume, PMLR v225 (ML4H 2023, 40 papers,
    imported from its BibTeX), builds with zero Sphinx warnings and tags each paper with the
    page range PMLR published. The 26 PDFs missing from the snapshot are stood in for by blank
    PDFs of the published length."""
    from pypdf import PdfWriter

    from proceedings.importers.bibtex import read_bibtex
    from proceedings.importers.project import write_project

    bib = require_shared("pmlr-v225-ml4h2023", "ml4h23.bib")
    imported = read_bibtex(bib, bib.parent / "pdfs", acronym="ML4H 2023")
    project = tmp_path / "pmlr"
    write_project(imported, project)
    for paper in imported.papers:
        pdf = project / "papers" / paper.id / "paper.pdf"
        if not pdf.is_file():
            assert paper.pages is not None
            writer = PdfWriter()
            for _ in range(paper.pages[1] - paper.pages[0] + 1):
                writer.add_blank_page(595, 842)
            writer.write(pdf)
    # PMLR lists its preface as a paper without an abstract, which check refuses (issue 16):
    # the site is built here from the volume as loaded, as plain sphinx-build would.
    from proceedings.buildpaths import BuildPaths, staged
    from proceedings.layout import compute_layout, read_page_counts
    from proceedings.load import load_volume
    from proceedings.site import build_site as build_site_stage
    from proceedings.sphinx import site_data

    volume = load_volume(_project_with_conf(project))
    paths = BuildPaths.of(project)
    with staged(paths) as stage:
        layout = compute_layout(volume, read_page_counts(volume))
        build_site_stage(site_data(volume, layout, stage))
    html = paths.html
    for paper in imported.papers:
        assert paper.pages is not None
        head = parse_head(html / "papers" / paper.id / "index.html")
        assert head.value("citation_firstpage") == str(paper.pages[0])
        assert head.value("citation_lastpage") == str(paper.pages[1])
        assert len(head.values("citation_author")) >= 1


def test_pdf_stage_files_are_published_when_built(tmp_path: Path) -> None:
    """This test ensures that when the pdf stage has built the volume PDF and a stamped paper
    PDF under _build/pdf/, the site links the volume PDF from the home page and publishes the
    stamped PDF beside the paper's page instead of the camera-ready one: the pdf stage's files
    as links to them (nothing copied), a camera-ready PDF, an input, as a copy."""
    out = tmp_path / "_build"
    (out / "pdf" / "papers").mkdir(parents=True)
    stamped = ROOT / "papers" / "002" / "paper.pdf"  # any PDF other than 001's own
    shutil.copy(stamped, out / "pdf" / "papers" / "001.pdf")
    shutil.copy(ROOT / "papers" / "003" / "paper.pdf", out / "pdf" / "tml4h2025.pdf")
    html = build_site(ROOT, out)
    home = (html / "index.html").read_text(encoding="utf-8")
    assert 'href="tml4h2025.pdf"' in home
    assert (html / "tml4h2025.pdf").read_bytes() == (out / "pdf" / "tml4h2025.pdf").read_bytes()
    published = html / "papers" / "001" / "tml4h2025-001.pdf"
    assert published.read_bytes() == stamped.read_bytes()
    assert published.samefile(out / "pdf" / "papers" / "001.pdf")
    assert (html / "tml4h2025.pdf").samefile(out / "pdf" / "tml4h2025.pdf")
    camera_ready = html / "papers" / "002" / "tml4h2025-002.pdf"
    assert camera_ready.read_bytes() == stamped.read_bytes()
    assert not camera_ready.samefile(stamped)
    assert (html / "tml4h2025.bib").read_text(encoding="utf-8").startswith("@inproceedings{")


def test_a_pdf_whose_size_changed_rewrites_its_page_alone(tmp_path: Path) -> None:
    """This test ensures that a paper's page shows its PDF's size as the page is written, not
    as its source says (Sphinx reads the pages while the PDFs are stamped): a rebuild after
    only a stamped PDF changed shows its new size and writes no other page again."""
    out = tmp_path / "_build"
    (out / "pdf" / "papers").mkdir(parents=True)
    stamped = out / "pdf" / "papers" / "001.pdf"
    shutil.copy(ROOT / "papers" / "002" / "paper.pdf", stamped)
    html = build_site(ROOT, out)
    page, other = html / "papers" / "001" / "index.html", html / "papers" / "003" / "index.html"
    assert ">PDF, 94 kB<" in page.read_text(encoding="utf-8")
    written = other.stat().st_mtime_ns

    time.sleep(0.01)
    shutil.copy(ROOT / "papers" / "008" / "paper.pdf", stamped)  # 47 kB
    html = build_site(ROOT, out)
    text = page.read_text(encoding="utf-8")
    assert ">PDF, 47 kB<" in text
    assert "94 kB" not in text
    assert other.stat().st_mtime_ns == written


def test_attachments_are_published_beside_the_pdf(complete_workshop: Path, tmp_path: Path) -> None:
    """This test ensures that a paper's attachment files are copied beside its PDF and listed
    on its page with their type and size, links as links, and that a rebuild after an
    attachment is taken away no longer publishes its file."""
    project = _project_with_conf(complete_workshop)
    folder = project / "papers" / "a"
    (folder / "extra").mkdir()
    (folder / "extra" / "supp.pdf").write_bytes((folder / "paper.pdf").read_bytes())
    (folder / "code.zip").write_bytes(b"PK\x03\x04" + b"\0" * 1996)
    paper_yaml = folder / "paper.yaml"
    before = paper_yaml.read_text(encoding="utf-8")
    paper_yaml.write_text(
        before + "attachments:\n  - file: extra/supp.pdf\n  - {file: code.zip, kind: code}\n"
        "  - url: https://www.youtube.com/watch?v=abc\n",
        encoding="utf-8",
    )
    out = tmp_path / "_build"
    html = build_site(project, out)
    published = html / "papers" / "a"
    assert (published / "supp.pdf").read_bytes() == (folder / "paper.pdf").read_bytes()
    assert (published / "code.zip").read_bytes() == (folder / "code.zip").read_bytes()
    text = _main_content(published / "index.html")
    size = (folder / "paper.pdf").stat().st_size
    shown = f"{size / 1000:.0f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"
    assert (
        f'<a class="reference internal" href="supp.pdf">Supplementary material</a> (PDF, {shown})'
        in " ".join(text.split())
    )
    assert 'href="code.zip">Code</a> (ZIP, 2 kB)' in " ".join(text.split())
    assert 'href="https://www.youtube.com/watch?v=abc">Video</a>' in " ".join(text.split())

    paper_yaml.write_text(before, encoding="utf-8")
    html = build_site(project, out)
    assert not (html / "papers" / "a" / "supp.pdf").exists()
    assert not (html / "papers" / "a" / "code.zip").exists()
    assert "proceedings-attachments" not in (html / "papers/a/index.html").read_text("utf-8")


_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000105a1d3f10000000049454e44ae426082"
)


def test_program_and_sponsors_pages(complete_workshop: Path, tmp_path: Path) -> None:
    """This test ensures that source/program.yaml and source/sponsors.yaml give a Program page
    (days, times, rooms, chairs, papers linked to their pages) and a Sponsors page (levels,
    links, logos copied into the site), both listed on the home page."""
    project = _project_with_conf(complete_workshop)
    (project / "source" / "program.yaml").write_text(
        "program:\n"
        "  - {title: Opening, start: 2025-07-18 09:00, end: 2025-07-18 09:15, room: Hall A}\n"
        "  - title: Session 1\n"
        "    start: 2025-07-18 09:15\n"
        "    end: 2025-07-18 10:30\n"
        "    chair: Kari Ødegaard\n"
        "    papers: [a, {id: b, start: 2025-07-18 09:35, end: 2025-07-18 09:55}]\n"
        "  - {title: Closing, start: 2025-07-19 17:00}\n",
        encoding="utf-8",
    )
    (project / "source" / "logos").mkdir()
    (project / "source" / "logos" / "example.png").write_bytes(_PNG)
    (project / "source" / "sponsors.yaml").write_text(
        "sponsors:\n"
        "  - {name: Example Corp., level: Gold, url: 'https://example.org/', "
        "logo: logos/example.png}\n"
        "  - {name: Small Lab, level: Silver}\n",
        encoding="utf-8",
    )
    html = build_site(project, tmp_path / "_build")
    program = " ".join(_main_content(html / "program" / "index.html").split())
    assert "Friday, July 18, 2025" in program
    assert "Saturday, July 19, 2025" in program
    assert "<strong>09:00–09:15</strong> Opening" in program
    assert "Hall A" in program
    assert "Chair: Kari Ødegaard" in program
    assert 'href="../papers/a/index.html">Calibrated Risk Scores for Sepsis Onset</a>' in program
    assert "09:35–09:55" in program
    sponsors = " ".join(_main_content(html / "sponsors" / "index.html").split())
    assert 'href="https://example.org/">Example Corp.</a>' in sponsors
    assert 'alt=""' in sponsors  # the name beside the logo says it; a reader hears it once
    assert (html / "_images" / "example.png").read_bytes() == _PNG
    assert "Small Lab" in sponsors
    home = (html / "index.html").read_text(encoding="utf-8")
    assert 'href="program/index.html"' in home
    assert 'href="sponsors/index.html"' in home


def test_contribution_kinds_show_on_the_site(complete_workshop: Path, tmp_path: Path) -> None:
    """This test ensures that an invited talk given without a PDF and without an abstract has
    its badge on its page and in its part's list, is listed apart on the home page under
    "Invited talks", and that its page has no "Abstract" heading and no PDF link, while a
    paper keeps both."""
    project = _project_with_conf(complete_workshop)
    paper_yaml = project / "papers" / "b" / "paper.yaml"
    text = re.sub(r"abstract: >\n(?:  .*\n)+", "", paper_yaml.read_text(encoding="utf-8"))
    paper_yaml.write_text(f"kind: invited\npdf: null\n{text}", encoding="utf-8")
    (project / "papers" / "b" / "paper.pdf").unlink()
    html = build_site(project, tmp_path / "_build")

    badge = '<span class="proceedings-badge proceedings-badge-kind">Invited talk</span>'
    talk = " ".join(_main_content(html / "papers" / "b" / "index.html").split())
    assert badge in talk
    assert "Auditing Dermatology Classifiers for Skin-Tone Bias" in talk
    assert ">Abstract<" not in talk
    assert ".pdf" not in talk
    assert not list((html / "papers" / "b").glob("*.pdf"))
    paper = " ".join(_main_content(html / "papers" / "a" / "index.html").split())
    assert ">Abstract<" in paper
    assert re.search(r'href="[^"]*-a\.pdf"', paper)
    assert "proceedings-badge-kind" not in paper

    part = " ".join(_main_content(html / "parts" / "studies" / "index.html").split())
    entry = part[part.index("Auditing Dermatology") :]
    assert badge in entry[: entry.index("</li>")]
    assert part.count("proceedings-badge-kind") == 1

    home = " ".join(_main_content(html / "index.html").split())
    apart = home[home.index(">Invited talks<") :]
    assert "Auditing Dermatology Classifiers for Skin-Tone Bias" in apart
    assert "Calibrated Risk Scores" not in apart.split("</ul>")[0]
