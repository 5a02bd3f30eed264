"""The navigation tree rendered once per build (:mod:`proceedings.site.nav`) is furo's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_helpers import ROOT, build_site

from proceedings.site.nav import NAV_END, NAV_START
from proceedings.site.sphinx_ import _Site


def _collapsed_by_sphinx(self, app, pagename, templatename, context, doctree) -> None:  # type: ignore[no-untyped-def]
    """Furo's own rendering, of Sphinx's own collapsed toctree."""
    toctree = context.get("toctree")
    if toctree is not None:
        context["toctree"] = lambda **kwargs: toctree(**{**kwargs, "collapse": True})


def test_cached_navigation_matches_furo(demo_site, tmp_path: Path, monkeypatch) -> None:
    """Every page is byte-identical to a build where furo renders the toctree on each page,
    collapsed by Sphinx to the page's own branch."""
    monkeypatch.setattr(_Site, "nav_before_furo", _collapsed_by_sphinx)
    plain = build_site(ROOT, tmp_path / "plain")
    pages = sorted(p.relative_to(plain) for p in plain.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        cached = (demo_site.html / page).read_text(encoding="utf-8")
        cached = cached.replace(NAV_START, "").replace(NAV_END, "")
        if (plain / page).read_text(encoding="utf-8") != cached:
            pytest.fail(f"{page}: the cached navigation differs from furo's")
    assert 'class="current reference internal" href="#"' in (
        demo_site.html / "preface.html"
    ).read_text(encoding="utf-8")


def test_a_page_lists_only_its_own_parts_papers(demo_site) -> None:
    """This test ensures that the sidebar shows every part but only the current part's papers,
    so that a title appears in the pages of its own part alone."""
    paper = (demo_site.html / "papers/005/index.html").read_text(encoding="utf-8")
    start = paper.index('class="sidebar-tree"')
    sidebar = paper[start : paper.index("</div>", start)]
    assert "Test-Time Adaptation under Scanner Shift" in sidebar  # 005 itself
    assert "Site-Invariant Early Warning Scores" in sidebar  # 006, same part
    assert "Prototype Networks for Interpretable" not in sidebar  # 004, another part
    assert "Explainability and Interpretability" in sidebar  # but every part is listed
    home = (demo_site.html / "index.html").read_text(encoding="utf-8")
    start = home.index('class="sidebar-tree"')
    assert "toctree-checkbox" not in home[start : home.index("</div>", start)]
