"""Fixtures of the site tests: the demo site built once, the page heads parsed, real tools found."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from site_helpers import CHROMIUM, CHROMIUM_ARGS, ROOT


@dataclass(frozen=True)
class BuiltSite:
    """A site built in the test session: its output folder and how long the build took."""

    html: Path
    seconds: float


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The demo volume's site, built once per session (any Sphinx warning fails the build)."""
    from site_helpers import build_site

    out = tmp_path_factory.mktemp("demo-site")
    start = time.perf_counter()
    html = build_site(ROOT, out)
    return BuiltSite(html, time.perf_counter() - start)


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the demo project (source/ and papers/), free to edit."""
    target = tmp_path_factory.mktemp("demo-project")
    for folder in ("source", "papers"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


@pytest.fixture(scope="session")
def served_site(demo_site: BuiltSite) -> Iterator[str]:
    """The demo site served over HTTP on 127.0.0.1 (a free port), in a thread."""
    from site_helpers import serve_folder

    with serve_folder(demo_site.html) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    # Imported here: while this file loads, the module name ``conftest`` is its own (see below).
    from conftest import missing_tool, require_tool

    require_tool("chromium", path=CHROMIUM, install="Debian's chromium package")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("playwright", "pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


def pytest_plugin_registered(
    plugin: object, plugin_name: str, manager: pytest.PytestPluginManager
) -> None:
    """Give the module name ``conftest`` back to the suite's root conftest.

    pytest imports every conftest.py outside a package as the module ``conftest``, so loading this
    one replaces the root one in ``sys.modules``; the other test modules import their helpers with
    ``from conftest import ...`` and must keep finding them.
    """
    import sys

    root = manager.get_plugin(str(ROOT / "tests" / "conftest.py"))
    if root is not None:
        sys.modules["conftest"] = root
