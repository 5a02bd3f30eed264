"""The volume's own version of record: read from each format, checked, written beside the papers'
and weighed against volume.yaml."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import GOLDEN, require_shared

from proceedings.checks import check_project
from proceedings.cli import main
from proceedings.exports import ExportOptions, export
from proceedings.importers.record import read_published
from proceedings.layout import compute_layout, read_page_counts
from proceedings.load import load_volume
from proceedings.pdf.frontmatter import _copyright

PMLR_BIB = ("pmlr-v225-ml4h2023", "ml4h23.bib")
LOUHI = ("acl-anthology-louhi2021", "2021.louhi.xml")
BOOK_DOI = "10.1007/978-3-031-00000-3"
BOOK_ISBN = "978-3-031-00000-3"
BOOK_URL = "https://link.springer.com/book/10.1007/978-3-031-00000-3"


def record(project: Path, *args: str | Path) -> Result:
    """``proceedings -C PROJECT record ARGS...`` in-process, as a user types it."""
    return CliRunner().invoke(main, ["-C", str(project), "record", *map(str, args)])


def record_yaml(project: Path) -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = yaml.safe_load(
        (project / "source/record.yaml").read_text(encoding="utf-8")
    )
    return data


def _pmlr_book(tmp_path: Path, fields: str) -> Path:
    """PMLR's real .bib, its @Proceedings given ``fields`` as a publisher's book file would."""
    text = require_shared(*PMLR_BIB).read_text(encoding="utf-8")
    text = text.replace("  conference_number = {3},\n", f"  conference_number = {{3}},\n{fields}")
    path = tmp_path / "ml4h23-book.bib"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def demo(demo_copy: Path) -> Path:
    """A private copy of the demo project (conftest's)."""
    return demo_copy


# --- each format's entry of the volume ----------------------------------------------------


def test_pmlr_bibtex_proceedings_entry_is_the_volume_record(tmp_path: Path) -> None:
    """This test ensures that the @Proceedings entry of PMLR's real BibTeX, with a DOI, an ISBN
    and a URL added as a publisher's book file has them, is read as the volume's record (its
    title, number in the series, DOI, ISBN, URL), beside its 40 papers; and that PMLR's own
    file, which has none of these, still gives the series number."""
    bib = _pmlr_book(
        tmp_path,
        f"  doi = {{{BOOK_DOI}}},\n  isbn = {{{BOOK_ISBN}}},\n  url = {{{BOOK_URL}}},\n"
        "  publisher = {PMLR},\n",
    )
    found = read_published(bib)
    assert len(found.papers) == 40
    (book,) = found.volumes
    assert book.where == f"{bib}:1: ML4H2023"
    assert book.title == "Proceedings of the 3rd Machine Learning for Health Symposium"
    assert (book.doi, book.isbns, book.url) == (BOOK_DOI, (BOOK_ISBN,), BOOK_URL)
    assert (book.publisher, book.series_volume) == ("PMLR", "225")
    (own,) = read_published(require_shared(*PMLR_BIB)).volumes
    assert (own.doi, own.isbns, own.url, own.series_volume) == (None, (), None, "225")


def test_ris_book_reference_is_the_volume_record(tmp_path: Path) -> None:
    """This test ensures that a whole volume's RIS reference (TY  - BOOK), made from the PMLR
    volume's @Proceedings with a DOI added, gives the DOI, the URL, the ISBN (not the series'
    ISSN, also an SN), the publisher, the series and its number."""
    ris = tmp_path / "ml4h23.ris"
    ris.write_text(
        "TY  - BOOK\nID  - ML4H2023\n"
        "TI  - Proceedings of the 3rd Machine Learning for Health Symposium\n"
        "A2  - Hegselmann, Stefan\nPY  - 2023\nT3  - Proceedings of Machine Learning Research\n"
        f"VL  - 225\nPB  - PMLR\nSN  - 2640-3498\nSN  - {BOOK_ISBN}\nDO  - {BOOK_DOI}\n"
        "UR  - https://proceedings.mlr.press/v225/\nER  - \n",
        encoding="utf-8",
    )
    found = read_published(ris)
    assert found.papers == ()
    (book,) = found.volumes
    assert book.where == f"{ris}:1: ML4H2023"
    assert (book.doi, book.url, book.isbns) == (
        BOOK_DOI,
        "https://proceedings.mlr.press/v225/",
        (BOOK_ISBN,),
    )
    assert (book.publisher, book.series, book.series_volume) == (
        "PMLR",
        "Proceedings of Machine Learning Research",
        "225",
    )


def test_dblp_xml_proceedings_element_is_the_volume_record(tmp_path: Path) -> None:
    """This test ensures that dblp's <proceedings> record (our dblp export of the demo, as dblp
    lists a book: its two ISBNs, a DOI link and the publisher's page as ee) gives the DOI from
    the DOI link, the other link as URL, both ISBNs, and neither dblp's own url."""
    text = (GOLDEN / "demo.dblp.xml").read_text(encoding="utf-8")
    text = text.replace(
        '    <ee type="oa">https://doi.org/10.5555/tml4h2025</ee>\n',
        f"    <isbn>{BOOK_ISBN}</isbn>\n    <ee>https://doi.org/{BOOK_DOI}</ee>\n"
        f"    <ee>{BOOK_URL}</ee>\n",
    )
    dblp = tmp_path / "tml4h.dblp.xml"
    dblp.write_text(text, encoding="utf-8")
    found = read_published(dblp)
    assert len(found.papers) == 11
    (book,) = found.volumes
    assert book.where == f"{dblp}:4: conf/tml4h/2025"
    assert (book.doi, book.url) == (BOOK_DOI, BOOK_URL)
    assert book.isbns == ("978-0-9999000-3-1", BOOK_ISBN)
    assert (book.series, book.series_volume) == ("Lecture Notes in Trustworthy Health AI", "3")


def test_anthology_meta_is_the_volume_record(tmp_path: Path) -> None:
    """This test ensures that the real Anthology XML's <volume><meta> is the volume's record:
    its booktitle, publisher and the Anthology's page of the volume as its URL, and a DOI
    where <meta> has one."""
    source = require_shared(*LOUHI)
    (book,) = read_published(source).volumes
    assert book.where == f"{source}:3: 2021.louhi-1"
    assert book.title == (
        "Proceedings of the 12th International Workshop on Health Text Mining and Information "
        "Analysis"
    )
    assert book.url == "https://aclanthology.org/volumes/2021.louhi-1/"
    assert (book.publisher, book.doi) == ("Association for Computational Linguistics", None)
    xml = tmp_path / "2021.louhi.xml"
    xml.write_text(
        source.read_text(encoding="utf-8").replace(
            "<venue>louhi</venue>", "<venue>louhi</venue>\n<doi>10.18653/v1/2021.louhi-1</doi>"
        ),
        encoding="utf-8",
    )
    assert read_published(xml).volumes[0].doi == "10.18653/v1/2021.louhi-1"


# --- record.yaml's volume: written, merged, weighed against volume.yaml ----------------------


def _demo_book(tmp_path: Path, entry: str, name: str = "book.bib") -> Path:
    """The demo's published book as a one-entry .bib (a publisher's citation file of the book)."""
    path = tmp_path / name
    path.write_text(entry, encoding="utf-8")
    return path


DEMO_BOOK = (
    "@proceedings{book,\n  title = {Trustworthy Machine Learning for Healthcare},\n"
    f"  doi = {{{BOOK_DOI}}},\n  isbn = {{{BOOK_ISBN}}},\n  url = {{{BOOK_URL}}},\n"
    "  publisher = {Springer Cham},\n  series = {Lecture Notes in Trustworthy Health AI},\n"
    "  volume = {3}\n}\n"
)


def test_the_volume_record_wins_over_volume_yaml_and_says_so(demo: Path, tmp_path: Path) -> None:
    """This test ensures that the book's own citation file (no paper in it) is recorded as the
    volume's record once its title shows it is this volume, that a DOI and an ISBN that differ
    from volume.yaml's are each one warning line naming both files and fields, that the
    record's are then the volume's, and that check says so too (record.volume-differs)."""
    bib = _demo_book(tmp_path, DEMO_BOOK)
    result = record(demo, bib)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        f"recorded the volume: doi {BOOK_DOI}, isbn {BOOK_ISBN}, url {BOOK_URL}, series_volume 3",
        f"wrote source/record.yaml: the volume's record in {bib} (it has no paper's)",
    ]
    assert result.stderr.splitlines() == [
        f"note: source/record.yaml: volume.doi {BOOK_DOI} differs from source/volume.yaml: doi "
        "10.5555/tml4h2025; the record's is used in every output; correct the one that is wrong",
        f"note: source/record.yaml: volume.isbn {BOOK_ISBN} differs from source/volume.yaml: "
        "isbn 978-0-9999000-3-1; the record's is used in every output; correct the one that is "
        "wrong",
    ]
    assert record_yaml(demo) == {
        "volume": {
            "title": "Trustworthy Machine Learning for Healthcare",
            "doi": BOOK_DOI,
            "isbn": BOOK_ISBN,
            "url": BOOK_URL,
            "publisher": "Springer Cham",
            "series": "Lecture Notes in Trustworthy Health AI",
            "series_volume": "3",
            "source": "book.bib:1: book",
        }
    }
    volume = load_volume(demo)
    assert (volume.book_doi, volume.book_isbn, volume.book_url) == (BOOK_DOI, BOOK_ISBN, BOOK_URL)
    _, problems = check_project(demo)
    assert [p.format() for p in problems if p.file == "source/record.yaml"] == [
        f"source/record.yaml:7: warning: volume.doi: the record's {BOOK_DOI} is not doi "
        "10.5555/tml4h2025 in source/volume.yaml; the record's is used in every output. "
        "Correct the one that is wrong, in volume.yaml or in record.yaml. "
        "[record.volume-differs]",
        f"source/record.yaml:8: warning: volume.isbn: the record's {BOOK_ISBN} is not isbn "
        "978-0-9999000-3-1 in source/volume.yaml; the record's is used in every output. "
        "Correct the one that is wrong, in volume.yaml or in record.yaml. "
        "[record.volume-differs]",
    ]
    # The papers' file then merges into it: the volume's entry is kept.
    result = record(demo, GOLDEN / "demo.dblp.xml")
    assert result.exit_code == 0, result.output
    data = record_yaml(demo)
    assert len(data["papers"]) == 11
    assert data["volume"]["source"] == "demo.dblp.xml:4: conf/tml4h/2025"  # its own entry
    assert data["volume"]["doi"] == "10.5555/tml4h2025"


def test_an_isbn_volume_yaml_has_as_the_ebook_isbn_is_no_difference(demo: Path) -> None:
    """This test ensures that a record whose ISBN is volume.yaml's ebook_isbn (written without
    hyphens) is no difference, and the volume keeps volume.yaml's isbn."""
    path = demo / "source/volume.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("doi: 10.5555/tml4h2025\n", f"ebook_isbn: {BOOK_ISBN}\n"))
    (demo / "source/record.yaml").write_text(
        f"volume:\n  isbn: '{BOOK_ISBN.replace('-', '')}'\n", encoding="utf-8"
    )
    volume = load_volume(demo)
    assert volume.book_differences() == []
    assert volume.book_isbn == "978-0-9999000-3-1"


def test_a_volume_that_is_not_this_one_is_refused(demo: Path, tmp_path: Path) -> None:
    """This test ensures that a book's file with no paper whose title, DOI and ISBN are not this
    volume's is refused with one line naming the file's entry, nothing written."""
    bib = _demo_book(
        tmp_path,
        "@book{other,\n  title = {Advances in Quantum Chemistry},\n  doi = {10.1016/x.2025}\n}\n",
    )
    result = record(demo, bib)
    assert result.exit_code == 1
    assert result.output == (
        f"error: {bib}:1: other: the file has no paper's record, and its volume 'Advances in "
        "Quantum Chemistry' is not this one by DOI, ISBN or title (source/volume.yaml); is it "
        "the right volume's file?\n"
    )
    assert not (demo / "source/record.yaml").exists()


# --- planted faults: reported, never used ---------------------------------------------------


def test_two_entries_of_a_volume_are_both_refused(tmp_path: Path, demo: Path) -> None:
    """This test ensures that a file with two entries of a volume records neither (each is one
    line naming the file and the entry) while its papers are recorded, and that --strict then
    records nothing."""
    text = (GOLDEN / "demo.dblp.xml").read_text(encoding="utf-8")
    proceedings = re.search(r"  <proceedings .*?</proceedings>\n", text, re.DOTALL)
    assert proceedings
    second = proceedings.group(0).replace("conf/tml4h/2025", "conf/tml4h/2025-2")
    dblp = tmp_path / "two.dblp.xml"
    dblp.write_text(text.replace("<dblp>\n", "<dblp>\n" + second), encoding="utf-8")
    result = record(demo, dblp)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"note: {dblp}:4: conf/tml4h/2025-2: one of 2 entries of a volume in {dblp}; none is "
        "recorded as the volume's, never guessed",
        f"note: {dblp}:18: conf/tml4h/2025: one of 2 entries of a volume in {dblp}; none is "
        "recorded as the volume's, never guessed",
    ]
    data = record_yaml(demo)
    assert "volume" not in data
    assert len(data["papers"]) == 11
    (demo / "source/record.yaml").unlink()
    result = record(demo, dblp, "--strict")
    assert result.exit_code == 1
    assert "2 records or papers left out; nothing was recorded (--strict)" in result.output
    assert not (demo / "source/record.yaml").exists()


def test_hostile_values_of_the_volume_entry_are_refused(demo: Path, tmp_path: Path) -> None:
    """This test ensures that a volume entry's DOI that is not a DOI, javascript: URL, ISBN
    that fails its checksum, series number with markup and 5,000-character publisher are each
    one printable line naming the entry and the field, and never written; that terminal
    escapes in its title never reach the output; and that an entry left with nothing to
    record is said so."""
    bib = _demo_book(
        tmp_path,
        "@proceedings{bad\x1b[31m,\n  title = {Trustworthy Machine Learning\x07 for Healthcare},\n"
        "  doi = {https://example.org/not-a-doi},\n  url = {javascript:alert(1)},\n"
        "  isbn = {978-3-031-00000-4},\n  volume = {<script>},\n"
        f"  publisher = {{{'Springer ' * 600}}}\n}}\n",
    )
    result = record(demo, bib)
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
    where = f"{bib}:1: bad [31m"
    assert result.stderr.splitlines() == [
        f"note: {where}: doi 'https://example.org/not-a-doi' is a link, not a DOI: write the bare "
        "DOI starting with '10.'; not recorded",
        f"note: {where}: isbn '978-3-031-00000-4' fails the ISBN checksum; not recorded",
        f"note: {where}: url 'javascript:alert(1)' is not an absolute http(s) link; not recorded",
        f"note: {where}: publisher '{('Springer ' * 10)[:79]}…' is 5,399 characters long, more "
        "than a real one (at most 300); not recorded",
        f"note: {where}: series_volume '<script>' is not a volume number (letters, digits, "
        "spaces, '.', '-' and '/'); not recorded",
        f"note: {where}: no DOI, ISBN, URL or series number left; nothing to record of the volume",
        # The file's one entry has nothing left: nothing is written.
        f"error: {bib}: nothing is left to record; nothing was written",
    ]
    assert result.exit_code == 1
    assert not (demo / "source/record.yaml").exists()


def test_every_export_gives_the_book_of_record(demo: Path) -> None:
    """This test ensures that the volume's record reaches each export that describes the book:
    the BibTeX @proceedings (DOI, publisher's URL, ISBN), RIS and CSL-JSON (ISBN), dblp's
    <proceedings> (ISBN, the DOI's ee), Crossref (its ISBN; the volume's own DOI, which the
    publisher registered, is no longer deposited) and the front matter's copyright page."""
    (demo / "source/record.yaml").write_text(
        f"volume:\n  doi: {BOOK_DOI}\n  isbn: {BOOK_ISBN}\n  url: {BOOK_URL}\n", encoding="utf-8"
    )
    volume = load_volume(demo)
    layout = compute_layout(volume, read_page_counts(volume))
    options = ExportOptions.of(volume)
    bib = export(volume, layout, "bibtex", options)
    proceedings = bib[bib.index("@proceedings{") :]
    assert "doi = {10.1007/978-3-031-00000-3}" in proceedings
    assert f"url = {{{BOOK_URL}}}" in proceedings
    assert f"isbn = {{{BOOK_ISBN}}}" in proceedings
    assert f"SN  - {BOOK_ISBN}\n" in export(volume, layout, "ris", options)
    assert f'"ISBN": "{BOOK_ISBN}"' in export(volume, layout, "csl-json", options)
    dblp = export(volume, layout, "dblp", options)
    assert f"<isbn>{BOOK_ISBN}</isbn>" in dblp
    assert f'<ee type="oa">https://doi.org/{BOOK_DOI}</ee>' in dblp
    crossref = export(volume, layout, "crossref", options)
    assert f"<isbn>{BOOK_ISBN}</isbn>" in crossref
    assert "<doi>10.5555/tml4h2025</doi>" not in crossref
    assert "<doi>10.5555/tml4h2025.001</doi>" in crossref  # the papers' are still deposited
    copyright_page = json.dumps(_copyright(volume))
    assert f"ISBN {BOOK_ISBN}" in copyright_page
    assert f"https://doi.org/{BOOK_DOI}" in copyright_page


def test_a_series_number_that_differs_is_reported_and_not_used(demo: Path) -> None:
    """This test ensures that a series number of record that is not volume.yaml's is a
    record.volume-differs warning that says volume.yaml's stays the exports', and that the
    BibTeX keeps volume.yaml's number."""
    (demo / "source/record.yaml").write_text(
        "volume:\n  series: LNTHA\n  series_volume: 4\n", encoding="utf-8"
    )
    _, problems = check_project(demo)
    assert [p.format() for p in problems if p.file == "source/record.yaml"] == [
        "source/record.yaml:3: warning: volume.series_volume: the record's 4 is not "
        "series.volume 3 in source/volume.yaml; volume.yaml's is used, the record's shows on "
        "the site's 'Published as' line. Correct the one that is wrong, in volume.yaml or in "
        "record.yaml. [record.volume-differs]"
    ]
    volume = load_volume(demo)
    bib = export(
        volume, compute_layout(volume, read_page_counts(volume)), "bibtex", ExportOptions.of(volume)
    )
    assert "volume = {3}" in bib


def test_anthology_collection_of_two_volumes_gives_no_volume_record(tmp_path: Path) -> None:
    """This test ensures that an Anthology collection of two volumes (the real louhi volume
    and a copy) gives both volumes' entries, each with its line (record takes neither: see
    test_two_entries_of_a_volume_are_both_refused), and that a <url> in <meta> that is a
    javascript: link is passed on as it is, for record to refuse with a note, never made an
    Anthology page."""
    text = require_shared(*LOUHI).read_text(encoding="utf-8")
    volume = re.search(r'  <volume id="1".*?</volume>\n', text, re.DOTALL)
    assert volume
    second = volume.group(0).replace('<volume id="1"', '<volume id="2"', 1)
    second = second.replace("<venue>louhi</venue>", "<url>javascript:alert(1)</url>")
    xml = tmp_path / "two.xml"
    xml.write_text(text.replace("</collection>", second + "</collection>"), encoding="utf-8")
    first, other = read_published(xml).volumes
    assert (first.where, first.url) == (
        f"{xml}:3: 2021.louhi-1",
        "https://aclanthology.org/volumes/2021.louhi-1/",
    )
    assert other.url == "javascript:alert(1)"
    assert (
        other.where == f"{xml}:{text.count(chr(10))}: javascript:alert(1)"
    )  # </collection>'s line
