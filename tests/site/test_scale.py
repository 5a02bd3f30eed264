"""A long part on the site: pages whose size does not grow with the volume (issue 17).

An imported PMLR or ICML volume has one part of thousands of papers; a sidebar listing the
whole part on every page made the site quadratic (485 kB a paper page at 2,600 papers). These
tests build the tiny workshop grown to 20 and to 200 papers in one part, once per module.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import WORKSHOP, require_tool
from site_helpers import VNU, build_site

from proceedings.site.nav import WINDOW
from proceedings.site.pages import LISTING_SIZE


def _one_part(target: Path, count: int, pdf: bytes) -> Path:
    """The tiny workshop with ``count`` copies of its paper ``a`` in its first part, each with
    its own id and a title of the same length (``... No. 0042``)."""
    shutil.copytree(WORKSHOP / "source", target / "source")
    template = (WORKSHOP / "papers" / "a" / "paper.yaml").read_text(encoding="utf-8")
    assert "title: Calibrated Risk Scores for Sepsis Onset\n" in template
    for number in range(1, count + 1):
        folder = target / "papers" / f"p{number:04d}"
        folder.mkdir(parents=True)
        text = template.replace(
            "title: Calibrated Risk Scores for Sepsis Onset\n",
            f"title: Calibrated Risk Scores for Sepsis Onset, No. {number:04d}\n",
        ).replace("order: 1\n", f"order: {number}\n")
        (folder / "paper.yaml").write_text(text, encoding="utf-8")
        (folder / "paper.pdf").write_bytes(pdf)
    return target


@pytest.fixture(scope="module")
def sites(
    tmp_path_factory: pytest.TempPathFactory, workshop_pdfs: dict[str, bytes]
) -> dict[int, Path]:
    """The sites of the workshop grown to 20 and 200 papers in one part (``html`` folders)."""
    out = {}
    for count in (20, 200):
        root = _one_part(tmp_path_factory.mktemp(f"part-{count}"), count, workshop_pdfs["a"])
        out[count] = build_site(root, root / "_build")
    return out


def _paper(html: Path, number: int) -> Path:
    return html / "papers" / f"p{number:04d}" / "index.html"


def _sidebar(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index('class="sidebar-tree"')
    return text[start : text.index("</div>", start)]


def test_paper_page_size_does_not_grow_with_the_part(sites: dict[int, Path]) -> None:
    """This test ensures that a paper page of a 200-paper part is at most 10% larger than one
    of a 20-paper part (the largest of each, and the same paper's), while the whole site grows
    about linearly: a page's sidebar lists a window of its part, not the whole part."""
    small, large = sites[20], sites[200]
    sizes = {
        count: [_paper(html, n).stat().st_size for n in range(1, count + 1)]
        for count, html in sites.items()
    }
    assert max(sizes[200]) <= 1.1 * max(sizes[20]), (max(sizes[200]), max(sizes[20]))
    for number in (1, 10, 20):
        ratio = _paper(large, number).stat().st_size / _paper(small, number).stat().st_size
        assert ratio <= 1.1, (number, ratio)
    total = {
        count: sum(p.stat().st_size for p in html.rglob("*.html")) for count, html in sites.items()
    }
    assert total[200] <= 12 * total[20], total  # ten times the papers, and the fixed pages


def test_long_part_sidebar_shows_a_window_and_links_to_the_listing(
    sites: dict[int, Path],
) -> None:
    """This test ensures that a paper's sidebar in a long part lists the WINDOW papers around
    it, the paper in the middle, and links to the listing pages that hold the papers it leaves
    out (the nearest of them: paper 137's listing for ``137 earlier papers``), while a short
    part is listed whole."""
    html = sites[200]
    sidebar = _sidebar(_paper(html, 150))
    listed = [int(n) for n in re.findall(r"Sepsis Onset, No\. (\d{4})<", sidebar)]
    half = WINDOW // 2
    assert listed == list(range(150 - half, 150 - half + WINDOW))
    more = re.findall(r'proceedings-more"><a [^>]*href="([^"]*)">([^<]*)<', sidebar)
    assert more == [
        ("../../parts/methods/2/index.html", f"{150 - half - 1} earlier papers"),
        ("../../parts/methods/2/index.html", f"{200 - (150 - half + WINDOW - 1)} later papers"),
    ]
    first = _sidebar(_paper(html, 1))
    assert "earlier paper" not in first
    listed = [int(n) for n in re.findall(r"Sepsis Onset, No\. (\d{4})<", first)]
    assert listed == list(range(1, WINDOW + 1))
    short = _sidebar(_paper(sites[20], 10))
    assert len(re.findall(r"Sepsis Onset, No\. \d{4}<", short)) == 20
    assert "proceedings-more" not in short


def test_long_part_is_listed_on_pages_of_a_hundred(sites: dict[int, Path]) -> None:
    """This test ensures that a part of 200 papers is listed on two pages of LISTING_SIZE, each
    saying which papers it lists and linking to the other, that its papers link to the page
    that lists them, and that the previous/next links run through the part across pages."""
    html = sites[200]
    assert LISTING_SIZE == 100
    first = (html / "parts" / "methods" / "index.html").read_text(encoding="utf-8")
    second = (html / "parts" / "methods" / "2" / "index.html").read_text(encoding="utf-8")
    assert "Papers 1–100 of 200." in first
    assert "Papers 101–200 of 200." in second
    assert '<a class="reference internal" href="2/index.html">101–200</a>' in first
    assert '<a class="reference internal" href="../index.html">1–100</a>' in second
    assert "<title>Methods, papers 101–200" in second
    for page, numbers in ((first, range(1, 101)), (second, range(101, 201))):
        listed = [int(n) for n in re.findall(r"Sepsis Onset, No\. (\d{4})</a></p>", page)]
        assert listed == list(numbers)
    # The continued listing's sidebar is its part's, opened at its first papers.
    sidebar = _sidebar(html / "parts" / "methods" / "2" / "index.html")
    assert 'class="current reference internal" href="../index.html">Methods<' in sidebar
    assert "No. 0101<" in sidebar
    assert "No. 0100<" not in sidebar
    # A paper links to the listing that holds it; previous and next cross the listings.
    paper = _paper(html, 101).read_text(encoding="utf-8")
    assert 'href="../../parts/methods/2/index.html">Methods</a>' in paper
    assert 'href="../p0100/index.html"' in paper
    assert 'href="../p0102/index.html"' in paper
    sitemap = (html / "sitemap.xml").read_text(encoding="utf-8")
    assert "parts/methods/2/</loc>" in sitemap


def test_long_part_pages_are_valid_html(sites: dict[int, Path]) -> None:
    """This test ensures that the Nu HTML Checker finds no error in the pages a long part adds:
    a paper page with a windowed sidebar, the part's page and its continued listing."""
    java = require_tool("java", install="Debian's default-jre-headless")
    vnu = require_tool("vnu.jar", path=VNU, install="npm install --no-save vnu-jar")
    html = sites[200]
    pages = [
        _paper(html, 150),
        html / "parts" / "methods" / "index.html",
        html / "parts" / "methods" / "2" / "index.html",
    ]
    result = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    assert [m["message"] for m in messages if m["type"] == "error"] == []


def test_new_title_in_a_long_part_rewrites_the_pages_that_show_it(
    tmp_path: Path, workshop_pdfs: dict[str, bytes]
) -> None:
    """This test ensures that a new title in a part of 60 papers rewrites the sidebars whose
    window shows that paper and no other page's, giving what a clean build writes."""
    root = _one_part(tmp_path / "project", 60, workshop_pdfs["a"])
    html = build_site(root, root / "_build")
    far, near = _paper(html, 5), _paper(html, 40)  # windows 1–25 and 28–52
    before = {page: page.stat().st_mtime_ns for page in (far, near)}
    paper = root / "papers" / "p0030" / "paper.yaml"
    text = paper.read_text(encoding="utf-8")
    paper.write_text(text.replace("title: ", "title: Revised ", 1), encoding="utf-8")
    build_site(root, root / "_build")
    assert "Revised Calibrated" in near.read_text(encoding="utf-8")
    assert near.stat().st_mtime_ns != before[near]
    assert far.stat().st_mtime_ns == before[far]
    clean = build_site(root, tmp_path / "clean")
    for page in sorted(clean.rglob("*.html")):
        relative = page.relative_to(clean)
        assert (html / relative).read_bytes() == page.read_bytes(), relative


def test_long_part_sidebar_works_in_a_browser(
    browser: Any, sites: dict[int, Path], tmp_path: Path
) -> None:
    """This test ensures that in Chromium a windowed sidebar shows its paper's entry as the
    current one, that its "later papers" entry leads to the listing page that holds them, and
    that neither page has a console error; it screenshots the sidebar."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    try:
        tab.goto(_paper(sites[200], 150).as_uri(), wait_until="load")
        current = tab.locator(".sidebar-tree li.current-page > a")
        assert current.inner_text().endswith("No. 0150")
        tab.screenshot(path=str(tmp_path / "sidebar.png"))
        later = tab.locator(".sidebar-tree li.proceedings-more a", has_text="later papers")
        assert later.is_visible()
        later.click()
        tab.wait_for_load_state("load")
        assert tab.url.endswith("/parts/methods/2/index.html")
        assert "Papers 101–200 of 200." in tab.locator("article").inner_text()
        assert problems == []
    finally:
        context.close()


def test_a_listing_page_no_longer_needed_is_removed(
    tmp_path: Path, workshop_pdfs: dict[str, bytes]
) -> None:
    """This test ensures that when a part of 101 papers loses one, a rebuild removes its second
    listing page (Sphinx leaves old pages in place) and gives what a clean build writes."""
    root = _one_part(tmp_path / "project", LISTING_SIZE + 1, workshop_pdfs["a"])
    html = build_site(root, root / "_build")
    second = html / "parts" / "methods" / "2"
    assert (second / "index.html").is_file()
    shutil.rmtree(root / "papers" / f"p{LISTING_SIZE + 1:04d}")
    build_site(root, root / "_build")
    assert not second.exists()
    assert "Papers 1–100 of" not in (html / "parts" / "methods" / "index.html").read_text("utf-8")
    clean = build_site(root, tmp_path / "clean")
    assert sorted(p.relative_to(clean) for p in clean.rglob("*.html")) == sorted(
        p.relative_to(html) for p in html.rglob("*.html")
    )


def test_home_lists_a_long_part_up_to_a_listing_page(sites: dict[int, Path]) -> None:
    """This test ensures that the home page lists a part's papers (title, authors, PDF, BibTeX)
    whole when the part is short, and its first LISTING_SIZE when it is long, with a link to
    the listing page that continues it: the home page stays the weight of a listing page."""
    for count, html in sites.items():
        home = (html / "index.html").read_text(encoding="utf-8")
        listed = [int(n) for n in re.findall(r"Sepsis Onset, No\. (\d{4})</a></p>", home)]
        assert listed == list(range(1, min(count, LISTING_SIZE) + 1))
        assert home.count('href="papers/p0001/') == 3  # the title, the PDF and the BibTeX
        assert 'href="papers/p0001/index.html#bibtex"' in home
        more = '<a class="reference internal" href="parts/methods/2/index.html">Papers 101 and'
        assert (more in home) == (count > LISTING_SIZE)
    assert "Papers 1–100 of 200. " in (sites[200] / "index.html").read_text(encoding="utf-8")
