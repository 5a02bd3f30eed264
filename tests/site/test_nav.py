"""The navigation tree rendered once per build (:mod:`proceedings.site.nav`) is furo's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_helpers import ROOT

from proceedings.site import build_site
from proceedings.site.sphinx_ import _Site


def test_cached_navigation_matches_furo(demo_site, tmp_path: Path, monkeypatch) -> None:
    """Every page is byte-identical to a build where furo renders the toctree on each page."""
    monkeypatch.setattr(_Site, "nav_before_furo", lambda self, *args: None)
    plain = build_site(ROOT, tmp_path / "plain")
    pages = sorted(p.relative_to(plain) for p in plain.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        cached = (demo_site.html / page).read_text(encoding="utf-8")
        if (plain / page).read_text(encoding="utf-8") != cached:
            pytest.fail(f"{page}: the cached navigation differs from furo's")
    assert 'class="current reference internal" href="#"' in (
        demo_site.html / "preface.html"
    ).read_text(encoding="utf-8")
