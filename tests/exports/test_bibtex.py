"""BibTeX export: golden files, page ranges, the real bibtex and biber, and escaping properties."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import require_tool
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import BibliographyData, Entry, Person, parse_string

from proceedings.exports import ExportOptions
from proceedings.exports.bibtex import _Writer, bibtex_entry, write_bibtex
from proceedings.latex import escape, escape_with_math, protect_title
from proceedings.model import Person as ModelPerson


def _bib(volume, layout, **options) -> str:
    return write_bibtex(volume, layout, ExportOptions.of(volume, **options))


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("demo.bib", {}),
        ("demo.ascii.bib", {"ascii": True}),
        ("demo.dblp-keys.self-contained.bib", {"keys": "dblp", "crossref": False}),
    ],
)
def test_golden(demo_volume, demo_layout, golden, name, options) -> None:
    """This test ensures that the demo volume's BibTeX is exactly the reviewed golden file."""
    golden(name, _bib(demo_volume, demo_layout, **options))


def test_pages_and_papers_match_the_layout(demo_volume, demo_layout) -> None:
    """This test ensures that every archival paper is there with its layout pages, and only they."""
    data = parse_string(_bib(demo_volume, demo_layout), "bibtex")
    papers = {k: e for k, e in data.entries.items() if e.type == "inproceedings"}
    assert list(papers) == [f"tml4h2025-{p.id}" for p in demo_volume.archival_papers]
    for paper in demo_volume.archival_papers:
        pages = demo_layout.of(paper.id)
        assert papers[f"tml4h2025-{paper.id}"].fields["pages"] == f"{pages.first}--{pages.last}"
    assert "tml4h2025-008" not in data.entries  # the extended abstract is not archival
    assert list(data.entries)[-1] == "tml4h2025"  # bibtex reads a crossref'd entry after its users


def test_names_keep_particles_suffixes_and_scripts(demo_volume, demo_layout) -> None:
    """This test ensures that names come out as Family, Given with particles and scripts intact."""
    data = parse_string(_bib(demo_volume, demo_layout), "bibtex")
    authors = [str(p) for e in data.entries.values() for p in e.persons.get("author", [])]
    assert "van der Berg, Jan" in authors
    assert "de Lhoneux, Miriam" in authors
    assert "{al-Hassan}, Omar" in authors
    assert "王, 小明" in authors
    assert "Kartika" in authors  # a mononym
    berg = next(
        p for e in data.entries.values() for p in e.persons.get("author", []) if "Berg" in str(p)
    )
    assert (berg.prelast_names, berg.last_names) == (["van", "der"], ["Berg"])


def test_self_contained_entry_for_the_site(demo_volume, demo_layout) -> None:
    """This test ensures that a paper's own entry repeats the volume's fields, not a crossref."""
    paper = demo_volume.papers[0]
    entry = parse_string(
        bibtex_entry(demo_volume, demo_layout, paper, ExportOptions.of(demo_volume)), "bibtex"
    ).entries["tml4h2025-001"]
    assert "crossref" not in entry.fields
    assert entry.fields["pages"] == "3--14"
    assert entry.fields["publisher"] == "Example Open Press"
    assert len(entry.persons["editor"]) == 3


def _run_bibtex(tmp_path: Path, bib: str, style: str = "plain") -> tuple[str, str]:
    require_tool("bibtex")
    (tmp_path / "volume.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "volume.aux").write_text(
        f"\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{volume}}\n", encoding="utf-8"
    )
    result = subprocess.run(
        ["bibtex", "volume"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    log = (tmp_path / "volume.blg").read_text(encoding="utf-8")
    assert result.returncode == 0, log
    return (tmp_path / "volume.bbl").read_text(encoding="utf-8"), log


@pytest.mark.parametrize("crossref", [True, False])
def test_real_bibtex_reads_the_ascii_flavour(demo_volume, demo_layout, tmp_path, crossref) -> None:
    """This test ensures that classic bibtex formats the ASCII flavour with no error or warning."""
    bbl, log = _run_bibtex(tmp_path, _bib(demo_volume, demo_layout, ascii=True, crossref=crossref))
    assert "Warning--" not in log
    assert "error message" not in log
    text = " ".join(bbl.split())
    assert "Aoife O'Brien, Jan van~der Berg, and Miriam de~Lhoneux." in text
    assert 'Omar {al-Hassan}, V{\\u{a}}n~An Nguy{\\~{\\^e}}n, and Zo{\\"e} M{\\"u}ller.' in text
    assert "Counterfactual explanations for {ICU} mortality models" in text
    assert "pages 3--14" in text
    for entry in demo_volume.archival_papers:
        assert f"\\bibitem{{tml4h2025-{entry.id}}}" in bbl


def test_real_biber_validates_the_utf8_flavour(demo_volume, demo_layout, tmp_path) -> None:
    """This test ensures that biber reads the UTF-8 flavour cleanly against biblatex's model."""
    biber = require_tool("biber")
    source = tmp_path / "volume.bib"
    source.write_text(_bib(demo_volume, demo_layout), encoding="utf-8")
    result = subprocess.run(
        [
            biber,
            "--tool",
            "--validate-datamodel",
            f"--output-file={tmp_path / 'out.bib'}",
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert problems == []
    assert "Nguyễn" in (tmp_path / "out.bib").read_text(encoding="utf-8")


# --- escaping properties ---------------------------------------------------------------------

_ACCENTS = {"`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304",
            "u": "\u0306", ".": "\u0307", '"': "\u0308", "r": "\u030a", "H": "\u030b",
            "v": "\u030c", "d": "\u0323", "c": "\u0327", "k": "\u0328"}  # fmt: skip
_SYMBOLS = {"textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^",
            "textless": "<", "textgreater": ">", "textbar": "|", "ldots": "…",
            "textbraceleft": "{", "textbraceright": "}",
            "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ",
            "OE": "Œ", "aa": "å", "AA": "Å", "i": "ı", "dj": "đ", "DJ": "Đ", "th": "þ",
            "TH": "Þ", "dh": "ð", "DH": "Ð"}  # fmt: skip
_TEXT_LIGATURES = [("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("`", "‘"), ("~", "\u00a0")]


def _decode(latex: str) -> str:
    """LaTeX (as our writer produces it) back to Unicode, written independently of the writer."""
    out: list[str] = []
    accents: list[str] = []  # pending accent marks for the next letter
    i = 0
    while i < len(latex):
        char = latex[i]
        if char == "\\":
            command = re.match(r"[A-Za-z]+|.", latex[i + 1 :]).group(0)  # type: ignore[union-attr]
            i += 1 + len(command)
            if command in _ACCENTS and (command.isalpha() is False or latex[i : i + 1] == "{"):
                accents.insert(0, _ACCENTS[command])
                continue
            if latex[i : i + 2] == "{}":
                i += 2
            out.append(_SYMBOLS.get(command, command) + "".join(accents))
            accents.clear()
            continue
        if char in "{}":
            i += 1
            continue
        for ligature, unicode in _TEXT_LIGATURES:
            if latex.startswith(ligature, i):
                out.append(unicode)
                i += len(ligature)
                break
        else:
            out.append(char + "".join(accents))
            accents.clear()
            i += 1
    return unicodedata.normalize("NFC", "".join(out))


def _through_pybtex(value: str) -> str:
    """Write a field with pybtex's writer, read it back with its parser."""
    data = BibliographyData(entries={"k": Entry("misc", fields=[("title", value)])})
    return parse_string(_Writer().to_string(data), "bibtex").entries["k"].fields["title"]


def _balanced(text: str) -> bool:
    depth = 0
    for match in re.finditer(r"[{}]", text):  # as bibtex counts: backslashes do not escape
        depth += {"{": 1, "}": -1}.get(match.group(0), 0)
        if depth < 0:
            return False
    return depth == 0


_LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x17F, blacklist_categories=("Cc",))
_ANY = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"))
_SPECIAL = st.sampled_from(list("&%$#_{}~^\\<>|-'`\u0301\u0303王–—“”"))
TEXTS = st.lists(st.one_of(_LATIN, _ANY, _SPECIAL), max_size=40).map("".join)


def _normal(text: str) -> str:
    """What a writer may change: whitespace runs, Unicode normal form, typographic apostrophes."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return text.replace("’", "'").replace("‘", "`")


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.booleans())
def test_any_title_survives_bibtex(title: str, ascii: bool) -> None:
    """This test ensures that any Unicode title parses back through pybtex to the same text."""
    latex = protect_title(title, ascii=ascii)
    assert _balanced(latex)
    back = _through_pybtex(latex)
    assert back == latex
    expected = _normal(title)
    got = _decode(back).replace("’", "'").replace("‘", "`")
    if not ascii:
        got = got.replace("\u00a0", "~")  # UTF-8 keeps a typed no-break space as it is
        expected = expected.replace("\u00a0", "~")
    assert got == expected


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_abstract_text_survives_bibtex(abstract: str) -> None:
    """This test ensures that an abstract without math round-trips, and that braces balance."""
    latex = escape_with_math(abstract.replace("$", ""), ascii=True)
    assert _balanced(latex)
    assert _decode(_through_pybtex(latex)).replace("’", "'").replace("‘", "`") == _normal(
        abstract.replace("$", "")
    )


def test_math_passes_through_abstracts() -> None:
    """This test ensures that $...$ math stays TeX while the text around it is escaped."""
    assert escape_with_math("Risk $p(y \\mid x)$ costs $5 & more") == (
        "Risk $p(y \\mid x)$ costs \\$5 \\& more"
    )


NAMES = st.text(
    alphabet=st.one_of(_LATIN, st.sampled_from(list("王小明-' ,&{}\\"))), min_size=1, max_size=20
).filter(lambda s: s.strip() and not s.strip().startswith(","))


@settings(max_examples=300, deadline=None)
@given(NAMES, NAMES, st.booleans())
def test_any_name_survives_bibtex(given_name: str, family: str, ascii: bool) -> None:
    """This test ensures that given and family names come back from pybtex as written."""
    from proceedings.exports.bibtex import _person

    person = ModelPerson(given=given_name, family=family)
    data = BibliographyData(
        entries={"k": Entry("misc", persons={"author": [_person(person, ascii)]})}
    )
    (back,) = parse_string(_Writer().to_string(data), "bibtex").entries["k"].persons["author"]

    def text(parts: list[str]) -> str:
        return _decode(" ".join(parts)).replace("’", "'").replace("‘", "`")

    assert text(back.first_names + back.middle_names) == _normal(person.given)
    assert text(back.prelast_names + back.last_names) == _normal(person.family)


def test_protected_capitals() -> None:
    """This test ensures that acronyms, inner capitals and proper names are braced, and no more."""
    assert protect_title("COVID-19 Models for ML: A Bayesian View of fMRI in Length-of-Stay") == (
        "{COVID-19} Models for {ML}: A {Bayesian} View of {fMRI} in Length-of-Stay"
    )
    assert escape("Ødegaard & Søn", ascii=True) == "{\\O}degaard \\& S{\\o}n"
    assert escape("Nguyễn", ascii=True) == "Nguy{\\~{\\^e}}n"
    assert escape("a--b", ascii=True) == "a-{}-b"
    _ = Person  # pybtex's Person is what _person returns; imported for the type only
