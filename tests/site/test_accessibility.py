"""The demo site for every reader: axe-core in Chromium on every kind of page, light and dark,
on a desktop and a phone; a keyboard walk of a paper page on a phone; what axe cannot see
(headings, names of links, live announcements) checked on the pages themselves.

axe-core is the accessibility engine of Lighthouse and of Chrome's DevTools; it is injected into
each page as its one script file from npm (``node_modules/axe-core``, installed beside vnu.jar).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from site_helpers import AXE

PAGE_KINDS = {
    "home": "",
    "paper": "papers/001/",
    "paper with math": "papers/003/",
    "part": "parts/robustness/",
    "author index": "authors/",
    "search": "search.html?q=calibration",
    "program": "program/",
    "keynotes": "keynotes/",
    "dates": "dates/",
    "organization": "organization/",
    "sponsors": "sponsors/",
}
SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
"""WCAG 2.1 A and AA, and axe's best practices (one <h1> a page, landmarks, allowed roles)."""


@pytest.fixture(scope="module")
def axe_script() -> str:
    from conftest import require_tool

    path = require_tool("axe-core", path=AXE, install="npm install --no-save axe-core")
    with open(path, encoding="utf-8") as file:
        return file.read()


@pytest.fixture
def phone(browser: Any, served_site: str) -> Iterator[Any]:
    """A page 390 px wide (an iPhone's), clipboard allowed."""
    context = browser.new_context(
        base_url=served_site,
        viewport=SCREENS["phone"],
        permissions=["clipboard-read", "clipboard-write"],
    )
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_wcag_aa_violation(
    browser: Any, served_site: str, axe_script: str, theme: str, screen: str
) -> None:
    """This test ensures that axe-core reports no WCAG 2.1 A or AA violation (contrast among
    them) nor breach of its best practices on any kind of page, in furo's light and dark
    themes, on a desktop and a phone."""
    context = browser.new_context(
        base_url=served_site, viewport=SCREENS[screen], color_scheme=theme
    )
    found = []
    try:
        tab = context.new_page()
        for kind, path in PAGE_KINDS.items():
            tab.goto(path, wait_until="networkidle")
            tab.evaluate("theme => { document.body.dataset.theme = theme; }", theme)
            tab.add_script_tag(content=axe_script)
            result = tab.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
            )
            assert result["passes"], f"axe checked nothing on the {kind} page"
            found += [
                f"{kind}: {v['id']} ({len(v['nodes'])}): {v['nodes'][0]['target']}"
                for v in result["violations"]
            ]
    finally:
        context.close()
    assert found == []


def _focused(tab: Any) -> dict[str, Any]:
    return tab.evaluate(
        """() => {
          const e = document.activeElement;
          return {
            name: (e.getAttribute('aria-label') || e.textContent || '').trim(),
            role: e.getAttribute('role') || e.tagName.toLowerCase(),
            inDrawer: !!e.closest('.sidebar-drawer, .toc-drawer'),
            visible: e.getBoundingClientRect().right > 0,
          };
        }"""
    )


def test_keyboard_walk_of_a_paper_page_on_a_phone(phone: Any) -> None:
    """This test ensures that Tab alone, on a paper page 390 px wide, reaches the menu, the PDF
    and both copy buttons, never a link of the closed sidebar; that Enter opens the menu with
    the focus in it and Escape closes it; and that copying is announced in the live region."""
    phone.goto("papers/001/", wait_until="networkidle")
    walk = []
    for _ in range(60):
        phone.keyboard.press("Tab")
        walk.append(_focused(phone))
    names = [step["name"] for step in walk]
    assert "Site navigation" in names
    assert {s["role"] for s in walk if s["name"] == "Site navigation"} == {"button"}
    assert any(re.fullmatch(r"PDF, [\d.]+ (kB|MB|bytes)", n) for n in names), names
    assert "Copy BibTeX" in names
    assert "Copy RIS" in names
    assert not [s for s in walk if s["inDrawer"] or not s["visible"]], walk

    phone.goto("papers/001/", wait_until="networkidle")
    while _focused(phone)["name"] != "Site navigation":
        phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    phone.wait_for_function("document.activeElement.closest('.sidebar-drawer') !== null")
    assert phone.locator("#__navigation").is_checked()
    assert phone.get_attribute("button.nav-overlay-icon", "aria-expanded") == "true"
    phone.keyboard.press("Escape")
    assert not phone.locator("#__navigation").is_checked()
    assert _focused(phone)["name"] == "Site navigation"
    phone.click("button.nav-overlay-icon")  # and with a finger
    assert phone.locator("#__navigation").is_checked()
    phone.keyboard.press("Escape")

    phone.click(".proceedings-copy-bibtex button")
    phone.wait_for_function(
        "document.getElementById('proceedings-status').textContent === 'Copied BibTeX'"
    )


def test_search_results_are_announced(phone: Any) -> None:
    """This test ensures that the search page has its <h1>, that the count of results Sphinx
    writes when the search ends is read out by the live region, and that the snippets of the
    pages found leave out what is written for screen readers only."""
    phone.goto("search.html?q=calibration", wait_until="networkidle")
    assert phone.locator("h1").all_inner_texts() == ["Search"]
    phone.wait_for_function(
        "/found \\d+ page/.test(document.getElementById('proceedings-status').textContent)"
    )
    # The words written for screen readers only stay out of the snippets of the pages found.
    phone.wait_for_selector("#search-results li")
    snippets = " ".join(phone.locator("#search-results li").all_inner_texts())
    assert "O'Brien" in snippets
    assert "ORCID of" not in snippets


def test_pages_have_real_headings_and_named_links(demo_site: Any) -> None:
    """This test ensures that what axe cannot judge is there: <h2>/<h3> headings instead of
    rubric paragraphs, ORCID links named after their person, the PDF link with its size,
    MathML with its LaTeX as alttext, and one viewport tag a page."""
    paper = (demo_site.html / "papers" / "001" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h2 class=\"rubric\"[^>]*>Abstract</h2>", paper)
    assert re.search(r"<h2 class=\"rubric\"[^>]*>Cite this paper</h2>", paper)
    assert re.search(r"<h3 class=\"proceedings-copy-label rubric\"[^>]*>BibTeX</h3>", paper)
    assert '<p class="rubric"' not in paper
    assert re.search(r">ORCID<span class=\"proceedings-hidden\"> of Aoife O'Brien</span>", paper)
    assert re.search(r">PDF, \d+ kB<", paper)
    organization = (demo_site.html / "organization" / "index.html").read_text(encoding="utf-8")
    assert organization.count('<h2 class="rubric"') >= 2
    authors = (demo_site.html / "authors" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h2 class=\"rubric\" id=\"letter-1\">", authors)
    math = (demo_site.html / "papers" / "003" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<math [^>]*alttext=\"[^\"]+\"", math)
    for page in demo_site.html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert text.count('name="viewport"') == 1, page
        assert '<p class="rubric"' not in text, page
