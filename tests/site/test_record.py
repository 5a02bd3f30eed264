"""The site once the volume is published: links to the version of record, tags pointing at it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from site_helpers import ROOT, build_site, jsonld, parse_head

from proceedings.cli import main
from proceedings.exports import ExportOptions, export
from proceedings.layout import compute_layout, read_page_counts
from proceedings.load import load_volume

SPRINGER = "https://link.springer.com/chapter/10.1007/978-3-000-00000-0_3"
HOSTILE = 'https://evil.example/?q="><script>alert(1)</script>'


def test_the_site_links_to_the_version_of_record(tmp_path: Path) -> None:
    """This test ensures that, with the demo's record read from its dblp XML (a publisher's
    DOIs) and two URLs of record (one hostile), each published paper's page links to its
    version of record and its Scholar tags, cite-as link and JSON-LD name the DOI of record and
    the published pages, every value escaped."""
    project = tmp_path / "demo"
    for folder in ("source", "papers"):
        shutil.copytree(ROOT / folder, project / folder)
    volume = load_volume(project)
    layout = compute_layout(volume, read_page_counts(volume))
    dblp = tmp_path / "tml4h.dblp.xml"
    text = export(volume, layout, "dblp", ExportOptions.of(volume))
    dblp.write_text(re.sub(r"10\.5555/tml4h2025\.(\d+)", r"10.1007/978-3-000-00000-0_\1", text))
    result = CliRunner().invoke(main, ["-C", str(project), "record", str(dblp)])
    assert result.exit_code == 0, result.output
    record = project / "source/record.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace(
        "    doi: 10.1007/978-3-000-00000-0_003\n",
        f"    doi: 10.1007/978-3-000-00000-0_003\n    url: {SPRINGER}\n",
    ).replace("    pages: 38-43\n", f"    pages: 38-43\n    url: '{HOSTILE}'\n")
    record.write_text(text, encoding="utf-8")

    html = build_site(project, tmp_path / "_build")

    page = html / "papers/003/index.html"
    head = parse_head(page)
    assert head.value("citation_doi") == "10.1007/978-3-000-00000-0_003"
    assert (head.value("citation_firstpage"), head.value("citation_lastpage")) == ("29", "37")
    assert head.value("citation_pdf_url") == (
        "https://tml4h.example.org/2025/papers/003/tml4h2025-003.pdf"
    )
    source = page.read_text(encoding="utf-8")
    assert '<link rel="cite-as" href="https://doi.org/10.1007/978-3-000-00000-0_003">' in source
    assert re.search(
        rf'<a class="[^"]*" href="{re.escape(SPRINGER)}">Version of record</a>', source
    )
    (article,) = jsonld(head)
    assert article["sameAs"] == ["https://doi.org/10.1007/978-3-000-00000-0_003", SPRINGER]
    assert article["identifier"]["value"] == "10.1007/978-3-000-00000-0_003"  # type: ignore[index]

    plain = (html / "papers/001/index.html").read_text(encoding="utf-8")
    assert re.search(
        r'href="https://doi.org/10.1007/978-3-000-00000-0_001">Version of record</a>', plain
    )
    hostile = (html / "papers/004/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in hostile
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
