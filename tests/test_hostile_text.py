"""Hypothesis-generated hostile text through every exporter and the site (issue 14).

Text an author could type or paste (control characters, HTML, LaTeX, BibTeX, typst and RIS
metacharacters, unbalanced braces, bidirectional marks, line separators; never a lone surrogate,
which YAML cannot carry) goes into a paper's title, abstract, keyword and an author's family
name, through ``paper.yaml`` as a user or an import writes it. Then either ``check`` refuses it
with a clear code at that field, or every export of the registry parses back with its
consumer's parser (pybtex, ``json``, RIS's line format, lxml) and gives the text back, and the
site's pages carry no script.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import WORKSHOP, edit
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree
from pybtex.database import parse_string
from test_hostile_corpus import page_scripts, scan_site

from proceedings.checks import check_project
from proceedings.checks.characters import is_forbidden
from proceedings.errors import Severity
from proceedings.exports import FORMATS, ExportOptions, export
from proceedings.exports.keys import paper_keys
from proceedings.exports.readback import check_exports
from proceedings.layout import compute_layout
from proceedings.load import load_volume

# Read back as BibTeX readers see it: tests/exports/test_bibtex.py's decoder of LaTeX escapes.
_spec = importlib.util.spec_from_file_location(
    "bibtex_decoder", Path(__file__).parent / "exports" / "test_bibtex.py"
)
assert _spec is not None
assert _spec.loader is not None
_bibtex_tests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bibtex_tests)
decode_latex = _bibtex_tests._decode

METACHARACTERS = [
    # HTML and XML
    "<script>alert(1)</script>", "<svg/onload=alert(2)>", "&amp;", "&#0;", '"', "'", "<", ">",
    "&", "]]>", "<!--", "<?xml?>",
    # LaTeX and BibTeX
    "\\", "{", "}", "{{", "}}", "\\end{document}", "%", "#", "_", "^", "~", "@misc{x,",
    '" # "', "\\input{/etc/passwd}", "$", "$x$", "--",
    # typst
    "#", "*", "[", "]", "@ref", "`", "#import", "#read(\"/etc/passwd\")",
    # RIS: a value that ends a record or starts a tag
    "\nER  - \n", "\nTI  - x", "  - ",
    # control characters, line breaks and bidirectional marks
    "\0", "\x1b[31m", "\x7f", "\x85", "\x0b", "\x0c", "\r", "\t", "\u2028", "\u2029",
    "\u202e", "\u200f", "\u2067", "\u200b", "\ufeff", "\uffff",
]  # fmt: skip

TEXT = st.lists(
    st.one_of(
        st.sampled_from(METACHARACTERS),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=6),
        st.sampled_from(["Risk", "Scores", "Sepsis", "Müller", "王小明", "über"]),
    ),
    min_size=1,
    max_size=8,
).map("".join)

# The same, less what check refuses (control characters, noncharacters, unbalanced braces):
# what must reach every output and come back.
PASSABLE = (
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    m
                    for m in METACHARACTERS
                    if "{" not in m and "}" not in m and not any(map(is_forbidden, m))
                ]
                + ["{x}", "\\textbf{x}", "{\\em x}", "$\\text{<script>alert(3)</script>}$"]
            ),
            st.text(
                st.characters(
                    blacklist_categories=("Cs", "Cc", "Cn", "Co"), blacklist_characters="{}"
                ),
                max_size=6,
            ),
            st.sampled_from(["Risk", "Scores", "Sepsis", "Müller", "王小明", "über"]),
        ),
        min_size=1,
        max_size=8,
    )
    .map("".join)
    .filter(lambda t: t.strip())
)

FIELDS = ("title", "abstract", "keywords[0]", "authors[0].family")
REFUSALS = ("text.", "schema.", "metadata.", "people.")
"""The areas of the codes with which check may refuse a generated text (a control character,
unbalanced braces, an empty abstract, a name it cannot read): each error names the field."""


def _write(root: Path, values: dict[str, str]) -> None:
    path = root / "papers" / "a" / "paper.yaml"
    data = yaml.safe_load((WORKSHOP / "papers" / "a" / "paper.yaml").read_text(encoding="utf-8"))
    data["title"] = values["title"]
    data["abstract"] = values["abstract"]
    data["keywords"][0] = values["keywords[0]"]
    data["authors"][0]["family"] = values["authors[0].family"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _normal(text: str) -> str:
    """What an export may change: whitespace runs (line separators are whitespace), NFC."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _refused(root: Path) -> bool:
    """Whether check refuses paper a; if it does, every error must name a field we set."""
    _, problems = check_project(root, pdfs=False)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    for problem in errors:
        assert problem.code.startswith(REFUSALS), problem.format()
        assert problem.file == "papers/a/paper.yaml", problem.format()
        assert problem.field is None or any(problem.field.startswith(f) for f in FIELDS), (
            problem.format()
        )
        assert "Traceback" not in problem.format()
    return bool(errors)


def _bibtex(text: str, key: str) -> dict[str, str]:
    entry = parse_string(text, "bibtex").entries[key]
    return {name: decode_latex(value) for name, value in entry.fields.items()}


def _ris(text: str) -> list[dict[str, list[str]]]:
    """The records of a RIS file, read line by line as reference managers do."""
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] = {}
    for line in text.split("\n"):
        if not line:
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line)
        assert match, f"a RIS line that is no tag: {line!r}"
        tag, value = match.groups()
        if tag == "ER":
            records.append(current)
            current = {}
        else:
            current.setdefault(tag, []).append(value)
    assert current == {}, "a RIS record without ER"
    return records


def _xml_texts(text: str) -> list[str]:
    root = etree.fromstring(text.encode("utf-8"))  # raises on anything XML 1.0 forbids
    return [_normal("".join(el.itertext())) for el in root.iter() if isinstance(el.tag, str)]


def _check_exports(root: Path, values: dict[str, str]) -> None:
    volume = load_volume(root)
    layout = compute_layout(volume, {"a": 12, "b": 1})
    title = _normal(values["title"])
    for ascii in (False, True):
        options = ExportOptions.of(volume, ascii=ascii)
        key = paper_keys(volume, options.keys)["a"]
        rendered = []
        for name in FORMATS:
            text = export(volume, layout, name, options)
            rendered.append((name, f"volume.{name}", text))
            if name == "bibtex":
                fields = _bibtex(text, key)
                got = _normal(fields["title"]).replace("’", "'").replace("‘", "`")
                assert got == title.replace("’", "'").replace("‘", "`"), (got, title)
            elif name == "csl-json":
                (item,) = [i for i in json.loads(text) if i["id"] == key]
                assert _normal(item["title"]) == title
                family = _normal(values["authors[0].family"])
                first = item["author"][0]  # the particle ("van der") apart, as CSL has it
                parts = [first.get("non-dropping-particle", ""), first["family"]]
                assert _normal(" ".join(parts)) == family
            elif name == "ris":
                records = _ris(text)
                titles = [_normal(r["TI"][0]) for r in records if "TI" in r]
                assert title in titles, (title, titles)
            else:  # dblp ends a title with a period, as dblp's own records do
                texts = _xml_texts(text)
                assert title in texts or f"{title}." in texts, (name, title)
        assert check_exports(volume, layout, rendered, options) == []


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-text") / "project"
    shutil.copytree(WORKSHOP, root)
    edit(
        root / "source/volume.yaml",
        {"    orcid: 0000-0002": "    email: kari@example.org\n    orcid: 0000-0002"},
    )
    return root


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.fixed_dictionaries({field: st.one_of(TEXT, PASSABLE) for field in FIELDS}))
def test_hostile_text_through_every_exporter(project: Path, values: dict[str, str]) -> None:
    """This test ensures that generated hostile text in a title, an abstract, a keyword and a
    name is either refused by check at its field with a clear code, or comes back from every
    export's consumer parser (BibTeX in UTF-8 and ASCII, CSL-JSON, RIS, Crossref and dblp XML)
    as written, with every page range right."""
    _write(project, values)
    refused = _refused(project)
    event("refused by check" if refused else "through every export")
    if not refused:
        _check_exports(project, values)


SITE_TEXT = st.fixed_dictionaries({field: PASSABLE for field in FIELDS})


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(SITE_TEXT)
def test_hostile_text_on_the_site(
    complete_workshop: Path, tmp_path_factory: pytest.TempPathFactory, values: dict[str, str]
) -> None:
    """This test ensures that generated hostile text that check lets through reaches the
    site's pages (paper, author index, home) with no script, handler, script URL or control
    character, parsed as a browser parses them."""
    from click.testing import CliRunner

    from proceedings.cli import main

    root = tmp_path_factory.mktemp("site") / "project"
    shutil.copytree(complete_workshop, root)
    _write(root, values)
    refused = _refused(root)
    event("refused by check" if refused else "built")
    if refused:
        return
    result = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if result.exit_code:  # a formula latex2mathml cannot read, or a title the PDF refuses
        assert result.output.strip(), "a failed build must say why"
        return
    html = root / "_build" / "html"
    own = {s for page in html.rglob("*.html") for s in page_scripts(page.read_bytes())}
    own = {s for s in own if s.startswith("document.body.dataset.theme")}
    assert scan_site(html, own) == []
