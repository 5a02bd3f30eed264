"""The demo site in a real browser: Debian's Chromium, headless, driven by Playwright.

The site is served over HTTP on 127.0.0.1 (a secure context, so the Clipboard API works) by a
thread of this process; one browser serves every test of the session.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from proceedings.exports import ExportOptions
from proceedings.exports.bibtex import bibtex_entry
from proceedings.layout import Layout
from proceedings.model import Volume

PAGES = ["", "parts/robustness/", "papers/001/", "papers/003/", "papers/008/", "authors/"]


@pytest.fixture
def page(browser: Any, served_site: str) -> Iterator[Any]:
    """A fresh page (its own context, clipboard allowed) that records every problem it sees:
    console errors, uncaught exceptions, failed requests and HTTP errors."""
    context = browser.new_context(
        permissions=["clipboard-read", "clipboard-write"], base_url=served_site
    )
    tab = context.new_page()
    tab.problems = []
    tab.on(
        "console",
        lambda m: tab.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else 0,
    )
    tab.on("pageerror", lambda e: tab.problems.append(f"exception: {e}"))
    tab.on("requestfailed", lambda r: tab.problems.append(f"failed: {r.url}"))
    tab.on(
        "response",
        lambda r: tab.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else 0,
    )
    try:
        yield tab
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_console_error(page: Any, path: str) -> None:
    """This test ensures that the home page, a part, paper pages and the author index load with
    no console error, no script exception and no failed request (favicon included)."""
    response = page.goto(path, wait_until="networkidle")
    assert response is not None
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert page.problems == []


def test_pdf_link_returns_the_pdf(page: Any) -> None:
    """This test ensures that a paper page's PDF button downloads a PDF from the page's folder."""
    page.goto("papers/001/")
    href = page.locator(".proceedings-actions a", has_text="PDF").get_attribute("href")
    assert href == "tml4h2025-001.pdf"
    response = page.request.get(f"papers/001/{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_bibtex_copy_button_fills_the_clipboard(
    page: Any, demo_volume: Volume, demo_layout: Layout
) -> None:
    """This test ensures that the BibTeX copy button puts the paper's entry on the clipboard,
    exactly as the BibTeX export writes it."""
    page.goto("papers/001/", wait_until="networkidle")
    button = page.locator(".proceedings-copy-bibtex button")
    button.click()
    page.wait_for_function(
        "document.querySelector('.proceedings-copy-bibtex button').textContent === 'Copied'"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    paper = next(p for p in demo_volume.papers if p.id == "001")
    expected = bibtex_entry(demo_volume, demo_layout, paper, ExportOptions.of(demo_volume))
    assert copied.strip() == expected.strip()
    assert page.problems == []


def test_search_finds_a_paper_by_a_word_of_its_abstract(page: Any) -> None:
    """This test ensures that the site's search (offline, Sphinx's index) finds paper 001 by
    'cardiomegaly', a word only its abstract has."""
    page.goto("search.html?q=cardiomegaly", wait_until="networkidle")
    results = page.locator("ul.search li a")
    results.first.wait_for(timeout=10_000)
    titles = results.all_inner_texts()
    assert any("Concept Bottlenecks" in t for t in titles), titles
    assert page.problems == []


def test_paper_page_fits_a_phone_and_screenshots(page: Any, tmp_path: Path) -> None:
    """This test ensures that a paper page is readable on a phone (no sideways scrolling) and
    takes screenshots of it, wide and narrow, into the test's temporary folder."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("papers/003/", wait_until="networkidle")
    wide = tmp_path / "paper-003.png"
    page.screenshot(path=str(wide), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    narrow = tmp_path / "paper-003-phone.png"
    page.screenshot(path=str(narrow), full_page=False)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    for shot in (wide, narrow):
        assert shot.read_bytes().startswith(b"\x89PNG")
    assert page.problems == []
