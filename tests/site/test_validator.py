"""Every page of the demo site through a real HTML validator: the Nu HTML Checker (vnu.jar)."""

from __future__ import annotations

import json
import subprocess

from conftest import require_tool
from site_helpers import VNU


def test_every_page_is_valid_html(demo_site) -> None:
    """This test ensures that the Nu HTML Checker finds no error in any page of the demo site:
    the generated pages, the hand-written preface and the theme's search page.

    No error is filtered: the one the theme caused (Sphinx writes a toctree caption as
    ``<p role="heading">`` without ``aria-level``) is avoided by giving the home page's toctree
    no caption.
    """
    java = require_tool("java", install="Debian's default-jre-headless")
    vnu = require_tool("vnu.jar", path=VNU, install="npm install --no-save vnu-jar")
    pages = sorted(str(p) for p in demo_site.html.rglob("*.html"))
    assert len(pages) > 15
    result = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{m.get('url', '?').rsplit('/html/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []
