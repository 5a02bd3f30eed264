"""The site once the volume is published: links to the version of record, tags pointing at it."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from site_helpers import ROOT, build_site, jsonld, parse_head

from proceedings.cli import main
from proceedings.exports import ExportOptions, export
from proceedings.layout import compute_layout, read_page_counts
from proceedings.load import load_volume

SPRINGER = "https://link.springer.com/chapter/10.1007/978-3-000-00000-0_3"
BOOK_DOI = "10.1007/978-3-031-00000-3"
BOOK_ISBN = "978-3-031-00000-3"
BOOK_PAGE = "https://link.springer.com/book/10.1007/978-3-031-00000-3"
HOSTILE = 'https://evil.example/?q="><script>alert(1)</script>'


@dataclass(frozen=True)
class Published:
    """The demo recorded from its dblp XML, with a publisher's DOIs, built: where its site is,
    and what ``record`` said."""

    project: Path
    html: Path
    result: Result


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """The demo with its record read from its dblp XML as a publisher would have it: the
    papers' DOIs and the book's (a DOI that is not volume.yaml's, the publisher's page of the
    book, the eBook's ISBN beside volume.yaml's), then two URLs of record written by hand (one
    hostile); its site built."""
    tmp_path = tmp_path_factory.mktemp("published")
    project = tmp_path / "demo"
    for folder in ("source", "papers"):
        shutil.copytree(ROOT / folder, project / folder)
    volume = load_volume(project)
    layout = compute_layout(volume, read_page_counts(volume))
    dblp = tmp_path / "tml4h.dblp.xml"
    text = export(volume, layout, "dblp", ExportOptions.of(volume))
    text = re.sub(r"10\.5555/tml4h2025\.(\d+)", r"10.1007/978-3-000-00000-0_\1", text)
    dblp.write_text(
        text.replace(
            '<ee type="oa">https://doi.org/10.5555/tml4h2025</ee>',
            f"<isbn>{BOOK_ISBN}</isbn>\n    <ee>https://doi.org/{BOOK_DOI}</ee>\n"
            f"    <ee>{BOOK_PAGE}</ee>",
        )
    )
    result = CliRunner().invoke(main, ["-C", str(project), "record", str(dblp)])
    assert result.exit_code == 0, result.output
    record = project / "source/record.yaml"
    text = record.read_text(encoding="utf-8")
    text = text.replace(
        "    doi: 10.1007/978-3-000-00000-0_003\n",
        f"    doi: 10.1007/978-3-000-00000-0_003\n    url: {SPRINGER}\n",
    ).replace("    pages: 38-43\n", f"    pages: 38-43\n    url: '{HOSTILE}'\n")
    record.write_text(text, encoding="utf-8")
    return Published(project, build_site(project, tmp_path / "_build"), result)


def test_the_site_links_to_the_version_of_record(published: Published) -> None:

    html = published.html
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


def test_the_site_and_the_bibtex_give_the_published_volume(published: Published) -> None:
    """This test ensures that the book's record, read from the same dblp XML (its <proceedings>
    with a publisher's DOI, page and the eBook's ISBN), round-trips: record warns that its DOI
    is not volume.yaml's, naming both files and fields; the home page says "Published as" with
    the publisher's page and the DOI of record, points at it with rel=cite-as and describes
    the Book in JSON-LD (DOI, ISBN, sameAs); each paper's isPartOf is that Book; and the
    BibTeX the site offers gives the DOI, the publisher's URL and volume.yaml's ISBN (the
    record's other one is the eBook's) in its @proceedings."""
    assert published.result.stderr.splitlines() == [
        f"note: source/record.yaml: volume.doi {BOOK_DOI} differs from source/volume.yaml: doi "
        "10.5555/tml4h2025; the record's is used in every output; correct the one that is wrong"
    ]
    html = published.html
    home = (html / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<p class="proceedings-record">Published as <a class="[^"]*" href="'
        + re.escape(BOOK_PAGE)
        + r'">Trustworthy Machine Learning for Healthcare - Third International Workshop, '
        r"TML4H 2025, Vancouver, BC, Canada, July 18, 2025, Proceedings</a>, Lecture Notes in "
        r"Trustworthy Health AI 3, Example Open Press\. DOI <a class=\"[^\"]*\" "
        rf'href="https://doi.org/{re.escape(BOOK_DOI)}">{re.escape(BOOK_DOI)}</a>\.</p>',
        home,
    ), re.search(r'<p class="proceedings-record">.*?</p>', home, re.DOTALL)
    assert f'<link rel="cite-as" href="https://doi.org/{BOOK_DOI}">' in home
    head = parse_head(html / "index.html")
    assert head.value("citation_doi") is None  # a paper's tag, not the book's
    event, book = jsonld(head)
    assert event["@type"] == "Event"
    assert book["@type"] == "Book"
    assert book["isbn"] == "978-0-9999000-3-1"
    assert book["identifier"] == {"@type": "PropertyValue", "propertyID": "DOI", "value": BOOK_DOI}
    assert book["sameAs"] == [f"https://doi.org/{BOOK_DOI}", BOOK_PAGE]
    (article,) = jsonld(parse_head(html / "papers/001/index.html"))
    part_of = article["isPartOf"]
    assert isinstance(part_of, dict)
    assert part_of["identifier"] == book["identifier"]
    bib = (html / "tml4h2025.bib").read_text(encoding="utf-8")
    proceedings = bib[bib.index("@proceedings{tml4h2025,") :]
    assert "doi = {10.1007/978-3-031-00000-3}" in proceedings
    assert f"url = {{{BOOK_PAGE}}}" in proceedings
    assert "isbn = {978-0-9999000-3-1}" in proceedings
    volume = load_volume(published.project)
    layout = compute_layout(volume, read_page_counts(volume))
    assert export(volume, layout, "bibtex", ExportOptions.of(volume)) == bib
