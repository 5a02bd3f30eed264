"""The BibTeX importer: a real PMLR volume end to end, and the hard cases on small inline files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import require_shared
from pdfbuild import text_pdf

from proceedings.checks import check_project
from proceedings.errors import ProceedingsError, Severity
from proceedings.importers import ImportedPaper, ImportedVolume
from proceedings.importers.bibtex import read_bibtex
from proceedings.importers.project import write_project
from proceedings.importers.sources import make_id
from proceedings.importers.titles import match_by_title, title_score
from proceedings.latex import decode_latex
from proceedings.layout import compute_layout
from proceedings.load import load_volume
from proceedings.pdfinfo import inspect_pdf

# --- the real PMLR volume (v225, ML4H 2023) ---------------------------------------------------

PMLR = "pmlr-v225-ml4h2023"
# The 14 PDFs of the snapshot, by citation key (PMLR names them key + "a").
PMLR_PDFS = {
    key: f"{key}a.pdf"
    for key in [
        "hegselmann23",
        "afzal23",
        "behrouz23",
        "burger23",
        "goel23",
        "harvey23",
        "jayakumar23",
        "khanna23",
        "king23",
        "kuznetsova23",
        "malenica23",
        "mandyam23",
        "meier23",
        "moor23",
    ]
}


@pytest.fixture(scope="module")
def pmlr(tmp_path_factory: pytest.TempPathFactory) -> tuple[ImportedVolume, Path]:
    """The PMLR volume imported with its PDFs into a fresh project, once for this module."""
    bib = require_shared(PMLR, "ml4h23.bib")
    imported = read_bibtex(bib, pdfs=bib.parent / "pdfs")
    root = tmp_path_factory.mktemp("pmlr") / "ml4h2023"
    write_project(imported, root)
    return imported, root


def _authors(imported: ImportedVolume, key: str) -> list[tuple[str, str]]:
    return [(a.get("given", ""), a["family"]) for a in imported.paper(key).data["authors"]]


def test_pmlr_volume_loads_with_every_paper_in_file_order(
    pmlr: tuple[ImportedVolume, Path],
) -> None:
    """This test ensures that the 40 @InProceedings of the PMLR file load as 40 papers, in order."""
    imported, root = pmlr
    volume = load_volume(root)
    bib = require_shared(PMLR, "ml4h23.bib").read_text(encoding="utf-8")
    keys = [line.split("{")[1].rstrip(",") for line in bib.splitlines() if line.startswith("@InP")]
    assert len(keys) == 40
    assert [p.id for p in volume.papers] == keys
    assert [p.info.order for p in volume.papers] == list(range(1, 41))
    info = volume.info
    assert info.title == "Proceedings of the 3rd Machine Learning for Health Symposium"
    assert (info.acronym, info.year, info.slug) == ("ML4H 2023", 2023, "ml4h2023")
    assert info.event.name == "Machine Learning for Health (ML4H)"
    assert info.event.place == "New Orleans, Louisiana, USA"
    assert str(info.event.start) == str(info.event.end) == "2023-12-10"
    assert [e.name.full for e in info.editors][:2] == ["Stefan Hegselmann", "Antonio Parziale"]
    assert info.editors[4].given == "Mercy Nyamewaa"
    assert [p.id for p in info.parts] == ["papers"]
    assert info.series is None  # the .bib names no series; a note says so
    assert any("volume 225 without the series' name" in n for n in imported.notes)


def test_pmlr_names_are_decoded_to_unicode(pmlr: tuple[ImportedVolume, Path]) -> None:
    """This test ensures that the LaTeX-escaped names of the .bib come out in Unicode."""
    imported, root = pmlr
    assert ("Gunnar", "Rätsch") in _authors(imported, "burger23")  # R\"atsch
    assert _authors(imported, "groeger23")[0] == ("Fabian", "Gröger")  # Gr\"oger
    assert ("Alizée", "Pace") in _authors(imported, "kuznetsova23")  # Aliz\'ee
    assert ("Hugo", "Yèche") in _authors(imported, "kuznetsova23")  # Y\`eche
    assert ("Mélanie", "Roschewitz") in _authors(imported, "rosnati23")  # M\'elanie
    odnoblyudova = _authors(imported, "odnoblyudova23")
    assert ("Simo", "Särkkä") in odnoblyudova  # S\"arkk\"a
    assert ("Kirsi", "Pietiläinen") in odnoblyudova  # Pietil\"ainen
    assert ("ST", "John") in odnoblyudova
    assert _authors(imported, "vanness23")[0] == ("Mike", "Van Ness")
    assert len(_authors(imported, "hegselmann23")) == 31
    # The group author "Consortium, Labelling" is one name, not Labelling Consortium's given name.
    assert imported.paper("groeger23").data["authors"][6] == {
        "family": "Labelling Consortium",
        "mononym": True,
    }
    assert any("'Consortium, Labelling' looks like a group" in n for n in imported.notes)
    # Nothing written keeps a LaTeX escape or a protective brace.
    for folder in (root / "papers").iterdir():
        data = yaml.safe_load((folder / "paper.yaml").read_text(encoding="utf-8"))
        texts = [data["title"]] + [v for a in data["authors"] for v in a.values() if v is not True]
        assert not any(c in t for t in texts for c in "\\{}"), folder.name


def test_pmlr_abstracts_are_decoded_and_their_quirks_noted(
    pmlr: tuple[ImportedVolume, Path],
) -> None:
    """This test ensures that abstract escapes are decoded and PMLR's lost text is reported."""
    imported, _ = pmlr

    def abstract(key: str) -> str:
        return str(imported.paper(key).data["abstract"])

    assert "an AI model’s decision" in abstract("agarwal23")  # {\textquoteright}
    assert "not only “where” but “what”" in abstract("agarwal23")  # ``where'' {\textquotedblleft}
    assert "‘shortcut connections’" in abstract("agarwal23")
    # Escaped twice by PMLR: "{\textbackslash}\&" was the author's "\&", "{\textasciitilde}" a tie.
    assert "eosin (H & E)-stained tissue" in abstract("shankar23")
    assert "(F1-score: 78.7 % )" in abstract("shankar23")
    assert "vision-language models (VLMs) make" in abstract("moor23")
    assert "(1) nearby points" in abstract("noroozizadeh23")
    assert "\\" not in abstract("shankar23") + abstract("moor23")
    assert "hegselmann23" not in [p.id for p in imported.papers if "abstract" in p.data]

    def notes_of(key: str) -> str:
        return "\n".join(n for n in imported.notes if f": {key}: " in n)

    assert "'present ,'" in notes_of("behrouz23")  # "we present , an end-to-end ..."
    assert "'isic .'" in notes_of("groeger23")  # "promoted by the isic ."
    assert "'%and...' looks like a LaTeX comment" in notes_of("peng23")
    assert "double escape" in notes_of("shankar23")
    assert "read as kind 'preface' (no abstract, and titled after the volume" in notes_of(
        "hegselmann23"
    )


def test_pmlr_pdfs_are_matched_by_name_and_copied(pmlr: tuple[ImportedVolume, Path]) -> None:
    """This test ensures that the 14 PDFs reach the right papers as byte-identical copies."""
    imported, root = pmlr
    found = {p.id: p.pdf.name for p in imported.papers if p.pdf is not None}
    assert found == PMLR_PDFS
    pdfs = require_shared(PMLR, "pdfs")
    for key, name in PMLR_PDFS.items():
        copy = root / "papers" / key / "paper.pdf"
        assert copy.read_bytes() == (pdfs / name).read_bytes()
    assert not any(
        (root / "papers" / p.id / "paper.pdf").exists() for p in imported.papers if p.pdf is None
    )
    assert any("26 papers without a PDF: agarwal23, groeger23" in n for n in imported.notes)
    assert not any("matched no paper" in n for n in imported.notes)


def test_pmlr_pdfs_are_matched_by_title_when_names_say_nothing(tmp_path: Path) -> None:
    """This test ensures that PDFs named anything are paired with papers by first-page title."""
    bib = require_shared(PMLR, "ml4h23.bib")
    renamed = tmp_path / "uploads"
    renamed.mkdir()
    # Copies, not links: a link in --pdfs leading out of it is refused (test_confinement.py).
    names = {}
    for number, name in enumerate(sorted(PMLR_PDFS.values())):
        copy = renamed / f"submission-{number:03}.pdf"
        shutil.copyfile(bib.parent / "pdfs" / name, copy)
        names[copy.name] = name
    imported = read_bibtex(bib, pdfs=renamed)
    found = {p.id: names[Path(p.pdf).name] for p in imported.papers if p.pdf is not None}
    assert found == PMLR_PDFS
    assert sum("matched by the title on its first page" in n for n in imported.notes) == 14


def test_pmlr_check_reports_only_justified_errors(pmlr: tuple[ImportedVolume, Path]) -> None:
    """This test ensures that check finds no error in the import but what the source lacks.

    The one kind of error is in the data: 26 PDFs are not in the snapshot (hegselmann23, the
    volume's preface listed as a paper, comes in as the preface, which needs no abstract).
    PMLR's own metadata cuts one title short (jayakumar23: "Activation From Sparse 2D Cardiac
    MRIs"), which the first page shows whole.
    """
    imported, root = pmlr
    without_pdf = sorted(p.id for p in imported.papers if p.pdf is None)
    _, problems = check_project(root)
    errors = sorted((p.code, p.paper) for p in problems if p.severity is Severity.ERROR)
    assert errors == sorted(("pdf.missing", paper) for paper in without_pdf)
    assert len(without_pdf) == 26
    warnings = {p.code for p in problems if p.severity is Severity.WARNING}
    assert warnings == {
        "people.missing-affiliation",
        "metadata.missing-keywords",
        "pdf.title-incomplete",
        "text.latex",
    }
    assert [p.paper for p in problems if p.code == "pdf.title-incomplete"] == ["jayakumar23"]
    # the LaTeX comments two authors left in their abstracts ("%under", "%and"): kept, flagged
    assert [p.paper for p in problems if p.code == "text.latex"] == ["moor23", "peng23"]
    _, problems = check_project(root, pdfs=False)
    assert [(p.code, p.paper) for p in problems if p.severity is Severity.ERROR] == []


def test_pmlr_round_trip_layout_reproduces_the_published_pages(
    pmlr: tuple[ImportedVolume, Path],
) -> None:
    """This test ensures that the layout of the imported volume gives PMLR's own page numbers.

    Page counts come from the 14 PDFs and, for the 26 papers without one, from the .bib's
    ranges; every paper then lands on exactly the pages the .bib gives.
    """
    imported, root = pmlr
    volume = load_volume(root)
    source = {p.id: p.pages for p in imported.papers}
    assert all(source.values())
    counts = {}
    for paper in volume.papers:
        first, last = source[paper.id] or (0, 0)
        if paper.pdf_path.is_file():
            counts[paper.id] = inspect_pdf(paper.pdf_path).page_count
            assert counts[paper.id] == last - first + 1, paper.id
        else:
            counts[paper.id] = last - first + 1
    layout = compute_layout(volume, counts)
    assert {e.paper: (e.first, e.last) for e in layout.papers} == source
    assert (layout.first_page, layout.last_page) == (1, 676)
    assert not any("pages" in n and "do not follow" in n for n in imported.notes)


# --- small inline files --------------------------------------------------------------------

PROCEEDINGS = """\
@proceedings{tml25,
  title = {Trustworthy Machine Learning for Healthcare},
  booktitle = {Proceedings of TML4H},
  editor = {Ødegaard, Kari and Lovelace, Ada},
  year = {2025},
  publisher = {Example Press},
  series = {Lecture Notes in Examples},
  volume = {17},
  address = {Vienna, Austria},
}
"""


def _bib(tmp_path: Path, text: str, name: str = "refs.bib") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _paper(key: str, **fields: str) -> str:
    fields.setdefault("title", "A Title")
    fields.setdefault("author", "Lovelace, Ada")
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@inproceedings{{{key},\n{body},\n}}\n"


def _read(tmp_path: Path, *papers: str, **overrides: object) -> ImportedVolume:
    return read_bibtex(_bib(tmp_path, PROCEEDINGS + "\n".join(papers)), **overrides)


def test_latex_escapes_become_unicode(tmp_path: Path) -> None:
    """This test ensures that accents, dashes, quotes and protective braces are decoded."""
    imported = _read(
        tmp_path,
        _paper(
            "a",
            title=r"Sch{\"o}n and G\'{e}n\'eral: {\O}resund Fa\c{c}ades -- {COVID}-19 "
            r"{\textendash} ``Quoted''",
            author=r"M{\o}ller, S{\o}ren and Nguy{\~{\^e}}n, V\u{a}n and Mart\'{\i}n, Jos\'e",
            abstract=r"We cut costs by 50\% (\$5) using $\alpha$-nets and \emph{care}.",
        ),
    )
    data = imported.paper("a").data
    assert data["title"] == "Schön and Général: Øresund Façades – COVID-19 – “Quoted”"
    assert [(a["given"], a["family"]) for a in data["authors"]] == [
        ("Søren", "Møller"),
        ("Văn", "Nguyễn"),
        ("José", "Martín"),
    ]
    # Abstracts are Markdown with $math$: math is kept, a literal dollar is escaped.
    assert data["abstract"] == r"We cut costs by 50% (\$5) using $\alpha$-nets and care."


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{\"o}", "ö"),
        (r"\'{e}", "é"),
        (r"{\o}", "ø"),
        (r"\c{c}", "ç"),
        (r"a -- b --- c", "a – b — c"),
        (r"{COVID}-19", "COVID-19"),
        (r"\L{}ukasz \v{S}koda {\AA}ngstr{\"o}m", "Łukasz Škoda Ångström"),
        (
            r"\href{https://x.org}{our site} and \url{https://x.org/a--b_c}",
            "our site and https://x.org/a--b_c",
        ),
        ("50% of\n  the   cases", "50% of the cases"),
        (r"x\-y a~b", "xy a b"),
    ],
)
def test_decode_latex(latex: str, text: str) -> None:
    """This test ensures that one LaTeX field decodes to the expected plain text."""
    assert decode_latex(latex).text == text


def test_unknown_commands_are_kept_and_reported() -> None:
    """This test ensures that an unknown LaTeX command is kept visibly and reported."""
    decoded = decode_latex(r"as shown by \citet{smith} here")
    assert "\\citet" in decoded.text
    assert decoded.remarks == ["kept unknown LaTeX \\citet as written"]


def test_names_with_particles_suffixes_and_mononyms(tmp_path: Path) -> None:
    """This test ensures that particles stay in family, Jr. is a suffix and one name a mononym."""
    imported = _read(
        tmp_path,
        _paper(
            "a",
            author=r"van der Berg, Jr., Jan and Ludwig van Beethoven and Aristotle and "
            r"{World Health Organization} and de la Fuente, Mar{\'\i}a Jos{\'e}",
        ),
    )
    authors = imported.paper("a").data["authors"]
    assert authors == [
        {"given": "Jan", "family": "van der Berg", "suffix": "Jr."},
        {"given": "Ludwig", "family": "van Beethoven"},
        {"family": "Aristotle", "mononym": True},
        {"family": "World Health Organization", "mononym": True},
        {"given": "María José", "family": "de la Fuente"},
    ]
    write_project(imported, tmp_path / "project")
    volume = load_volume(tmp_path / "project")
    names = [a.name for a in volume.papers[0].info.authors]
    assert names[0].full == "Jan van der Berg Jr."
    assert names[0].inverted == "van der Berg, Jan, Jr."
    assert names[4].short == "M. J. de la Fuente"
    assert any("'Aristotle' has a single name" in n for n in imported.notes)


def test_paper_fields_links_keywords_doi_and_ids(tmp_path: Path) -> None:
    """This test ensures that keywords, DOI and links are mapped and keys become unique slugs."""
    imported = _read(
        tmp_path,
        _paper(
            "Smith:2025",
            keywords="Fairness; calibration, Fairness ,  chest X-rays",
            doi="https://doi.org/10.5555/TML.2025.1",
            software="https://github.com/example/code",
            url="https://openreview.net/forum?id=abc",
            video="ftp://example.org/talk.mp4",
        ),
        _paper("smith-2025", title="Another Title", url="https://example.org/paper.html"),
    )
    first, second = imported.papers
    assert (first.id, second.id) == ("smith-2025", "smith-2025-2")
    assert first.data["keywords"] == ["Fairness", "calibration", "chest X-rays"]
    assert first.data["doi"] == "10.5555/TML.2025.1"
    assert first.data["links"] == {
        "code": "https://github.com/example/code",
        "openreview": "https://openreview.net/forum?id=abc",
    }
    assert "links" not in second.data
    notes = "\n".join(imported.notes)
    assert (
        "links.video: 'ftp://example.org/talk.mp4' is not an absolute http(s) link; not imported"
        in notes
    )
    assert "url 'https://example.org/paper.html' not kept" in notes
    assert "citation key made the paper id 'smith-2025'" in notes
    assert first.origin == f"{tmp_path / 'refs.bib'}:11 (Smith:2025)"


def test_volume_from_proceedings_entry_and_options(tmp_path: Path) -> None:
    """This test ensures that @proceedings fills volume.yaml and options override or fill in."""
    imported = _read(tmp_path, _paper("a"), acronym="TML4H 2025", licence="CC-BY-4.0", key=None)
    volume = imported.volume
    assert list(volume) == [
        "title", "acronym", "year", "event", "series", "publisher", "licence", "editors", "parts",
    ]  # fmt: skip
    assert volume["title"] == "Trustworthy Machine Learning for Healthcare"
    assert volume["event"] == {
        "name": "Proceedings of TML4H",
        "short_name": "TML4H 2025",
        "place": "Vienna, Austria",
    }
    assert volume["series"] == {"name": "Lecture Notes in Examples", "volume": "17"}
    assert volume["publisher"] == {"name": "Example Press"}
    assert volume["editors"][0] == {"given": "Kari", "family": "Ødegaard"}
    with pytest.raises(ProceedingsError, match=r"unknown volume option 'acronim'\. Did you mean"):
        _read(tmp_path, _paper("a"), acronim="X")


def test_volume_from_papers_without_proceedings_entry(tmp_path: Path) -> None:
    """This test ensures that without @proceedings the papers' shared fields give the volume."""
    shared = {
        "booktitle": "Proceedings of the Example Symposium",
        "editor": "Lovelace, Ada and Hopper, Grace",
        "year": "2024",
        "series": "Proceedings of Machine Learning Research",
        "volume": "999",
        "publisher": "PMLR",
    }
    bib = _bib(tmp_path, _paper("a", **shared) + _paper("b", title="B", **shared))
    imported = read_bibtex(bib)
    volume = imported.volume
    assert volume["title"] == "Proceedings of the Example Symposium"
    assert volume["year"] == 2024
    assert volume["series"] == {"name": "Proceedings of Machine Learning Research", "volume": "999"}
    assert [e["family"] for e in volume["editors"]] == ["Lovelace", "Hopper"]
    assert volume["acronym"] == "ES 2024"  # guessed, and said so
    assert any("guessed 'ES 2024'" in n for n in imported.notes)
    write_project(imported, tmp_path / "project")
    assert load_volume(tmp_path / "project").info.series.volume == "999"  # type: ignore[union-attr]


def test_part_fields_make_parts_in_order_of_appearance(tmp_path: Path) -> None:
    """This test ensures that a 'part' field groups papers into parts, the rest into 'papers'."""
    imported = _read(
        tmp_path,
        _paper("a", part="Fairness and Privacy"),
        _paper("b", title="B"),
        _paper("c", title="C", part="Fairness and Privacy"),
    )
    assert imported.volume["parts"] == [
        {"id": "fairness-and-privacy", "title": "Fairness and Privacy"},
        {"id": "papers", "title": "Papers"},
    ]
    assert [(p.data["part"], p.data["order"]) for p in imported.papers] == [
        ("fairness-and-privacy", 1),
        ("papers", 2),
        ("fairness-and-privacy", 3),
    ]
    write_project(imported, tmp_path / "project")
    volume = load_volume(tmp_path / "project")
    assert [p.id for p in volume.papers] == ["a", "c", "b"]


def test_duplicate_key_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    """This test ensures that a citation key used twice is reported with its file and lines
    (an error under --strict)."""
    bib = _bib(tmp_path, PROCEEDINGS + _paper("a") + _paper("A", title="Other"))
    with pytest.raises(ProceedingsError) as error:
        read_bibtex(bib, strict=True)
    assert f"{bib}:15: citation key 'A' is used again (first at line 11)" in str(error.value)


def test_one_bad_entry_never_stops_the_others(tmp_path: Path) -> None:
    """This test ensures that an entry reusing a key and an entry without a title are skipped
    and listed by file, line and key, one note each, and the other entries imported; under
    --strict they stop the import."""
    bib = _bib(
        tmp_path,
        PROCEEDINGS
        + _paper("a")
        + _paper("A", title="Other")
        + _paper("b", title=" ")
        + _paper("c", title="C"),
    )
    imported = read_bibtex(bib)
    assert [p.id for p in imported.papers] == ["a", "c"]
    assert [n for n in imported.notes if "skipped" in n] == [
        f"{bib}:15: A: skipped, not imported: citation key 'A' is used again (first at line "
        "11); give each entry its own key",
        f"{bib}:19: b: skipped, not imported: the entry has no title",
        "2 entries skipped, 2 papers imported: fix the skipped ones and import again "
        "with --update (--strict refuses the whole import instead)",
    ]
    with pytest.raises(ProceedingsError) as error:
        read_bibtex(bib, strict=True)
    assert str(error.value).splitlines()[-1] == f"{bib}: the BibTeX could not be read: 1 error"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("@inproceedings{A,", "@inproceedings{d,")
    )
    with pytest.raises(ProceedingsError) as error:
        read_bibtex(bib, strict=True)
    assert str(error.value).splitlines() == [
        f"{bib}:19: b: the entry has no title",
        f"{bib}: 1 entry cannot be imported; nothing was imported",
    ]


def test_syntax_errors_name_file_and_line(tmp_path: Path) -> None:
    """This test ensures that every syntax error is reported with file:line in one error."""
    missing_comma = "@inproceedings{b,\n  title = {T}\n  author = {Hopper, Grace},\n}\n"
    undefined = "@inproceedings{c, title = {T2}, author = {Hopper, Grace}, month = foo}\n"
    twice = "@inproceedings{d, title = {T3}, title = {again}, author = {Hopper, Grace}}\n"
    bib = _bib(tmp_path, PROCEEDINGS + _paper("a") + missing_comma + undefined + twice)
    with pytest.raises(ProceedingsError) as error:
        read_bibtex(bib)
    assert str(error.value).splitlines() == [
        f"{bib}:17: syntax error: '}}' expected (is the comma after the previous field missing?)",
        f"{bib}:19: undefined @string 'foo'; put a text value in braces: {{foo}}",
        f"{bib}:20: entry 'd' has the field 'title' twice",
        f"{bib}: the BibTeX could not be read: 3 errors",
    ]
    unclosed = _bib(tmp_path, PROCEEDINGS + "@inproceedings{b,\n  title = {Open,\n", "open.bib")
    with pytest.raises(
        ProceedingsError,
        match=r"open.bib:12: syntax error: premature end of file "
        r"\(is a brace or a quote left open\?\)",
    ):
        read_bibtex(unclosed)


def test_empty_and_paperless_files_are_errors(tmp_path: Path) -> None:
    """This test ensures that a file with no @inproceedings entry says so clearly."""
    with pytest.raises(ProceedingsError, match=r"no @inproceedings entries \(found no entries\)"):
        read_bibtex(_bib(tmp_path, ""))
    with pytest.raises(ProceedingsError, match=r"found 1 @article"):
        read_bibtex(_bib(tmp_path, "@article{x, title={T}, author={A, B}}\n"))


def test_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    """This test ensures that a Latin-1 file is refused with its line and a way to convert it."""
    bib = tmp_path / "latin1.bib"
    bib.write_bytes((PROCEEDINGS + _paper("a", author="Müller, Jörg")).encode("latin-1"))
    with pytest.raises(ProceedingsError, match=r"latin1.bib:4: the file is not UTF-8"):
        read_bibtex(bib)


def test_untitled_paper_and_missing_volume_fields_are_errors(tmp_path: Path) -> None:
    """This test ensures that a paper without title, or a volume without year, stops the import."""
    with pytest.raises(ProceedingsError, match=r"refs.bib:11: a: the entry has no title"):
        _read(tmp_path, _paper("a", title=" "))  # the only entry: nothing left to import
    bib = _bib(tmp_path, _paper("a", booktitle="Some Workshop"))
    with pytest.raises(ProceedingsError, match=r"volume.yaml: year: is required"):
        read_bibtex(bib)
    assert read_bibtex(bib, year=2025).volume["year"] == 2025


def test_pdfs_by_name_and_by_title(tmp_path: Path) -> None:
    """This test ensures that PDFs are found by key, key plus a letter, or first-page title."""
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    titles = {
        "smith25": "Calibrated Concept Bottlenecks for Chest Radiographs",
        "jones25": "Federated Survival Analysis Across Hospitals",
        "lee25": "Counterfactual Explanations for Sepsis Alerts",
    }
    (pdfs / "Smith25.pdf").write_bytes(text_pdf([titles["smith25"]], pages=3))
    (pdfs / "jones25a.pdf").write_bytes(text_pdf([titles["jones25"]], pages=2))
    (pdfs / "upload-7.pdf").write_bytes(
        text_pdf(["Workshop 2025", "Counterfactual Explanations for", "Sepsis Alerts"])
    )
    (pdfs / "stray.pdf").write_bytes(text_pdf(["Something Else Entirely"]))
    imported = _read(
        tmp_path,
        *(
            _paper(k, title=t, pages=p)
            for (k, t), p in zip(titles.items(), ["1-3", "4-6", "7"], strict=True)
        ),
        _paper("nopdf", title="No PDF Here"),
        pdfs=pdfs,
    )
    found = {p.id: p.pdf.name if p.pdf else None for p in imported.papers}
    assert found == {
        "smith25": "Smith25.pdf",
        "jones25": "jones25a.pdf",
        "lee25": "upload-7.pdf",
        "nopdf": None,
    }
    notes = "\n".join(imported.notes)
    assert "lee25: PDF upload-7.pdf matched by the title on its first page" in notes
    assert f"1 PDF in {pdfs} matched no paper: stray.pdf" in notes
    assert "1 paper without a PDF: nopdf" in notes
    assert "jones25: the source gives pages 4-6 (3) but jones25a.pdf has 2 pages" in notes
    written = write_project(imported, tmp_path / "project")
    assert tmp_path / "project/papers/lee25/paper.pdf" in written
    assert (pdfs / "upload-7.pdf").exists()  # copied, not moved


def test_title_matching_refuses_a_title_found_only_inside_a_running_head() -> None:
    """This test ensures that a short title inside another paper's running head is no match."""
    lines = [
        "Proceedings of Machine Learning Research 225:13–26, 2023 Machine Learning for Health "
        "(ML4H) 2023",
        "Towards Equitable Kidney Tumor Segmentation: Bias Evaluation",
        "and Mitigation",
    ]
    assert title_score("Machine Learning for Health (ML4H) 2023", lines) < 0.85
    assert (
        title_score(
            "Towards Equitable Kidney Tumor Segmentation: Bias Evaluation and Mitigation", lines
        )
        == 1.0
    )
    pdf = Path("x.pdf")
    twins = {"a": "Same Title Twice", "b": "Same Title Twice"}
    assert match_by_title(twins, {pdf: ["Same Title Twice"]}) == {}  # a tie is left unpaired


def test_write_project_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    """This test ensures that write_project never writes into a used folder unless told to."""
    imported = _read(tmp_path, _paper("a"), acronym="TML4H 2025")
    target = tmp_path / "project"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ProceedingsError, match="the folder is not empty"):
        write_project(imported, target)
    assert not (target / "source").exists()
    written = write_project(imported, target, overwrite=True)
    assert written == [target / "source/volume.yaml", target / "papers/a/paper.yaml"]
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert load_volume(target).papers[0].info.title == "A Title"


def test_write_project_validates_before_writing(tmp_path: Path) -> None:
    """This test ensures that an import that would not load writes nothing and says why."""
    imported = _read(tmp_path, _paper("a"))
    imported.papers.append(ImportedPaper("Bad Id", {"title": "T", "part": "nowhere"}))
    with pytest.raises(ProceedingsError) as error:
        write_project(imported, tmp_path / "project")
    message = str(error.value)
    assert "papers/Bad Id/paper.yaml: 'Bad Id' is not a paper id" in message
    assert "papers/Bad Id/paper.yaml: authors: is required" in message
    assert "papers/Bad Id/paper.yaml: part 'nowhere' is not a volume part" in message
    assert not (tmp_path / "project").exists()


def test_make_id() -> None:
    """This test ensures that any key becomes a unique slug."""
    taken: set[str] = set()
    assert [make_id(k, taken) for k in ["Smith:2023", "smith-2023", "Ødegaard25", "--", "x y"]] == [
        "smith-2023",
        "smith-2023-2",
        "odegaard25",
        "paper",
        "x-y",
    ]


def test_written_yaml_keeps_texts_that_look_like_numbers(tmp_path: Path) -> None:
    """This test ensures that texts such as '1e5' or 'NO' stay texts in the written YAML."""
    imported = _read(tmp_path, _paper("a", title="1e5", keywords="NO, 017, 2.0"))
    write_project(imported, tmp_path / "project")
    info = load_volume(tmp_path / "project").papers[0].info
    assert (info.title, info.keywords) == ("1e5", ("NO", "017", "2.0"))


def test_import_copies_never_touch_the_originals(tmp_path: Path) -> None:
    """This test ensures that the source .bib and PDFs are read only, even with overwrite."""
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    pdf = pdfs / "a.pdf"
    pdf.write_bytes(text_pdf(["A Title"]))
    bib = _bib(tmp_path, PROCEEDINGS + _paper("a"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (pdf, bib)}
    imported = read_bibtex(bib, pdfs=pdfs)
    write_project(imported, tmp_path / "project")
    shutil.rmtree(tmp_path / "project" / "source")
    write_project(imported, tmp_path / "project", overwrite=True)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (pdf, bib)} == before
