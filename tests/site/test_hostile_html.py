"""Hostile abstracts -> the site's pages: math and text from authors never become script."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_helpers import ROOT, build_site

from proceedings.errors import ProceedingsError
from proceedings.site.mathml import MATHML_ATTRIBUTES, MATHML_TAGS, to_mathml

# The three formulas of issue 14, and what each must become.
ISSUE_CASES = [
    (r"\text{<script>alert(8)</script>}", "&lt;script&gt;alert(8)&lt;/script&gt;"),
    (r"\text{<svg/onload=alert(7)>}", "&lt;svg/onload=alert(7)&gt;"),
    (r"\href{javascript:alert(1)}{x}", "<mi>x</mi>"),
]

# Formulas an author writes; the sanitizer must not change what latex2mathml makes of them.
ORDINARY = [
    r"\frac{a}{b} + \sqrt{x^2}",
    r"\mathbb{R}^n \to \mathcal{L}",
    r"\begin{pmatrix}a & b\\c & d\end{pmatrix}",
    r"\left( \sum_{i=1}^{n} x_i \right)^{-1}",
    r"\hat{\theta} \neq \overbrace{abc}^{k}",
    r"\mathrm{d}x \, \quad 1 - \alpha",
    r"\color{red}{x} \boxed{y} \not= z",
    r"\href{https://example.org/a?b=1&c=2}{x}",
    r"\text{a & b < c}",
]

HOSTILE = [
    "<script>alert(1)</script>",
    "</mtext></math><script>alert(2)</script>",
    "<img src=x onerror=alert(3)>",
    "<svg/onload=alert(4)>",
    '"><a href="javascript:alert(5)">',
    "<math><mi xlink:href=javascript:alert(6)>",
    "<iframe src=data:text/html,x>",
    "<!--<script>-->",
    "]]><style>*{}</style>",
    "&lt;script&gt;",
    "&#x0003C;script&#x0003E;",
    "javascript:alert(7)",
    "data:text/html;base64,PHNjcmlwdD4=",
]


class _Page(HTMLParser):
    """Every element and attribute of a page, with the elements inside ``<article>`` apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.in_article: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if tag == "article":
            self.depth += 1
        elif self.depth:
            self.in_article.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1


def _parse(markup: str) -> _Page:
    page = _Page()
    page.feed(markup)
    page.close()
    return page


def _assert_no_active_content(markup: str) -> _Page:
    """No event handler and no javascript:/data:/vbscript: URL on any element of ``markup``."""
    page = _parse(markup)
    for tag, attrs in page.elements:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if tag == "math" and name == "alttext":
                continue  # the formula's LaTeX, to be read aloud: text, never a URL
            text = "".join((value or "").split()).lower()
            assert not text.startswith(("javascript:", "data:", "vbscript:")), (tag, name, value)
    return page


def _assert_allowed_mathml(mathml: str) -> None:
    page = _assert_no_active_content(mathml)
    assert page.elements[0][0] == "math"
    for tag, attrs in page.elements:
        assert tag in MATHML_TAGS, tag
        allowed = MATHML_ATTRIBUTES["*"] | MATHML_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            assert name in allowed, (tag, name)
            if name == "href":
                assert (value or "").strip().startswith(("http://", "https://")), value


@pytest.mark.parametrize(("latex", "expected"), ISSUE_CASES)
def test_issue_formulas_become_text_or_lose_their_link(latex: str, expected: str) -> None:
    """This test ensures that the formulas of issue 14 give MathML whose markup is text and
    which links nowhere but over http(s)."""
    mathml = to_mathml(latex, block=False)
    assert mathml is not None
    assert expected in mathml
    assert "<script" not in mathml
    assert "<svg" not in mathml
    assert "javascript:" not in re.sub(r' alttext="[^"]*"', "", mathml)
    assert dict(_parse(mathml).elements[0][1])["alttext"] == latex.strip()
    _assert_allowed_mathml(mathml)


@pytest.mark.parametrize("latex", ORDINARY)
def test_ordinary_math_keeps_its_mathml(latex: str) -> None:
    """This test ensures that sanitizing takes nothing from the MathML of ordinary formulas:
    the same elements, attributes and text as latex2mathml makes."""
    from latex2mathml.converter import convert_to_element

    mathml = to_mathml(latex, block=True)
    assert mathml is not None
    _assert_allowed_mathml(mathml)
    tree = convert_to_element(latex, display="block")
    tree.set("alttext", latex.strip())  # read aloud by screen readers that do not speak MathML
    expected = [(node.tag, sorted(node.attrib.items())) for node in tree.iter()]
    got = [(tag, sorted((k, v or "") for k, v in attrs)) for tag, attrs in _parse(mathml).elements]
    assert got == expected


_TEXT = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    ),
    max_size=6,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, block=st.booleans())
def test_hostile_latex_gives_only_allowed_mathml(text: str, block: bool) -> None:
    """This test ensures that whatever an author puts in ``\\text``, ``\\href`` or a formula,
    the MathML has only allow-listed elements and attributes, no handler, no script URL."""
    braces = text.replace("{", "(").replace("}", ")")
    for latex in (text, rf"\text{{{braces}}}", rf"\href{{{braces}}}{{{braces}}}", rf"x_{{{text}}}"):
        mathml = to_mathml(latex, block=block)
        if mathml is not None:
            _assert_allowed_mathml(mathml)
            assert "<script" not in mathml.lower()


def _set_abstract(project: Path, abstract: str) -> None:
    paper_yaml = project / "papers" / "a" / "paper.yaml"
    data = yaml.safe_load(paper_yaml.read_text(encoding="utf-8"))
    data["abstract"] = abstract
    paper_yaml.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _check_page(html: Path) -> str:
    text = (html / "papers" / "a" / "index.html").read_text(encoding="utf-8")
    page = _assert_no_active_content(text)
    assert page.in_article, "the page has no <article>"
    assert "script" not in page.in_article
    for tag in ("svg", "img", "iframe", "style", "object", "embed"):
        assert tag not in page.in_article
    return text


@pytest.fixture
def hostile_project(complete_workshop: Path) -> Path:
    """The tiny workshop with the demo's conf.py, ready for a hostile abstract."""
    shutil.copy(ROOT / "source" / "conf.py", complete_workshop / "source" / "conf.py")
    return complete_workshop


def test_issue_abstract_page_has_no_script(hostile_project: Path, tmp_path: Path) -> None:
    """This test ensures that the abstract of issue 14 (through paper.yaml, as a CSV import
    writes it) gives a page with no script, handler or javascript: link, its markup shown as
    text, and an http(s) link in math kept."""
    formulas = " and ".join(f"${latex}$" for latex, _ in ISSUE_CASES)
    hostile = " ".join(f"${{\\text{{{h.replace('$', '')}}}}}$" for h in HOSTILE[:4])
    abstract = f"Risk {formulas}, {hostile}, $\\href{{https://example.org}}{{y}}$ and\n\n$$x_1$$"
    _set_abstract(hostile_project, abstract)
    text = _check_page(build_site(hostile_project, tmp_path / "_build"))
    assert "&lt;script&gt;alert(8)&lt;/script&gt;" in text
    assert "&lt;svg/onload=alert(7)&gt;" in text
    assert 'href="https://example.org"' in text
    assert "<math" in text


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(words=st.lists(_TEXT, min_size=1, max_size=4))
def test_hypothesis_abstract_page_has_no_script(
    hostile_project: Path, tmp_path: Path, words: list[str]
) -> None:
    """This test ensures that generated hostile text, as Markdown and inside math, reaches the
    paper's page with no script, handler or script URL."""
    clean = ["".join(ch for ch in w if ch.isprintable() and ch not in "$\\{}") for w in words]
    parts = [f"{w} $\\text{{{w}}}$ $\\href{{{w}}}{{x}}$" for w in clean]
    _set_abstract(hostile_project, "Risk " + " ".join(parts) + " end.")
    try:
        html = build_site(hostile_project, tmp_path / "_build")
    except ProceedingsError as error:  # a formula latex2mathml cannot read is a warning
        if "cannot convert this formula" not in str(error):
            raise
        return
    _check_page(html)
