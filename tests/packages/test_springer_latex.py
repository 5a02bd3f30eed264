"""The Springer package's front matter as LaTeX (``frontmatter/frontmatter.tex``): hostile text
from the pages and the model comes out as text, never as commands, and the file compiles.

The real consumer is pdflatex (or lualatex) with Springer's ``llncs`` class; the class is not
part of Debian's texlive-latex-base, so where no ``llncs.cls`` is found the tests compile with
``book``, which has the same front-matter commands (``\\frontmatter``, ``\\chapter*``,
``\\section*``, ``\\markboth``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import yaml
from conftest import ROOT, require_tool
from hypothesis import HealthCheck, given, settings
from test_hostile_text import METACHARACTERS, TEXT

from proceedings.latex.encode import escape
from proceedings.latex.myst import myst_to_latex
from proceedings.layout import compute_layout
from proceedings.load import load_volume
from proceedings.packages.springer import front_matter_tex
from proceedings.text.latexmath import is_plain_math

LLNCS = next(iter(sorted((ROOT.parent / "shared").glob("**/llncs.cls"))), None)
"""Springer's class where the machine has it (``texlive-publishers``), else ``book`` stands in."""

# What the writer itself emits, and what escape() prints characters with: no other command may
# ever come out of a page or a model text.
_STRUCTURE = {
    "section", "subsection", "subsubsection", "paragraph", "emph", "textbf", "texttt", "href",
    "footnote", "label", "ref", "textsuperscript", "begin", "end", "item", "ttfamily",
    "raggedright", "par", "medskip", "includegraphics", "textwidth", "vspace", "noindent",
    "hfill",
}  # fmt: skip
_ESCAPES = {
    "textbackslash", "textbraceleft", "textbraceright", "textasciitilde", "textasciicircum",
    "textless", "textgreater", "textbar", "ldots", "o", "O", "l", "L", "ss", "ae", "AE", "oe",
    "OE", "aa", "AA", "i", "dj", "DJ", "th", "TH", "dh", "DH", "u", "r", "H", "v", "d", "c", "k",
}  # fmt: skip
# Control symbols: \& \% ..., the accents \' \" \^ ... and math's \( \) \[ \] and spaces.
_SYMBOLS = set("&%$#_{}'`^~=.\"\\()[],;:! ")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)
# TeX programs: never allowed out of text, whatever the allowlist says.
_PROGRAMS = ("\\input", "\\include", "\\def", "\\catcode", "\\write", "\\openin", "\\csname")


def _commands(latex: str) -> set[str]:
    return {match.group(1) for match in _COMMAND.finditer(latex)}


def _balanced(latex: str) -> bool:
    depth = 0
    for char in _COMMAND.sub("", latex):  # \{ and \} are characters, not groups
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _only_text(latex: str, allowed: set[str]) -> None:
    """Assert that ``latex`` runs no command beyond ``allowed``: every control sequence is one
    of them, braces balance, and nothing outside a command is TeX syntax (a comment, a macro
    parameter, ``^^`` character codes, an alignment tab)."""
    assert _commands(latex) <= allowed | _SYMBOLS, _commands(latex) - allowed - _SYMBOLS
    assert _balanced(latex), latex
    assert not any(program in latex for program in _PROGRAMS), latex
    bare = _COMMAND.sub(" ", latex)
    assert not set(bare) & set("%#&$"), latex
    assert "^^" not in latex, latex
    # a line break or an item followed by [ or * would take it as its option
    assert not re.search(r"(\\\\|\\item)\s*[\[*]", latex), latex


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_hostile_model_text_comes_out_as_text(text: str) -> None:
    """This test ensures that any text of the model (a title, a name, a committee's role), as
    frontmatter.tex escapes it, holds no command but the escapes that print characters, and no
    comment, parameter or math shift that would make TeX read the rest as code."""
    latex = escape(text, ascii=True)
    _only_text(latex, _ESCAPES)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_hostile_markdown_comes_out_as_text(text: str) -> None:
    """This test ensures that a hand-written page, whatever it holds (raw LaTeX, directives,
    math with \\input, HTML), becomes LaTeX whose only commands are the writer's structure,
    escapes and whitelisted math, with every formula given to TeX a plain one."""
    page = (
        f"# Preface\n\n{text}\n\nA second paragraph with $x^2$ and {text}.\n\n"
        f"- {text}\n- [{text}\n\nLines\\\n[{text}\\\n*{text}\n"
    )
    latex = myst_to_latex(page, fallback_title="Preface", images=lambda _: None).body
    math = set()
    for formula in re.findall(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", latex, re.DOTALL):
        source = formula[0] or formula[1]
        assert is_plain_math(source), source
        math |= _commands(source)
    _only_text(latex, _STRUCTURE | _ESCAPES | math)


def test_directives_that_read_files_or_pass_latex_are_text(tmp_path: Path) -> None:
    """This test ensures that MyST's file and raw directives, a raw LaTeX block and math that
    runs commands do not reach TeX: the include reads no file, the raw LaTeX is dropped or
    printed, the formula is printed as its source."""
    secret = tmp_path / "secret.md"
    secret.write_text("SECRET", encoding="utf-8")
    page = (
        "# Preface\n\n"
        f"```{{include}} {secret}\n```\n\n"
        "```{raw} latex\n\\input{/etc/passwd}\n```\n\n"
        f"```{{csv-table}}\n:file: {secret}\n```\n\n"
        f"```{{eval-rst}}\n.. include:: {secret}\n\n.. raw:: latex\n\n   \\input{{x}}\n```\n\n"
        "Math: $\\input{/etc/passwd}$ and $a^^5cinput$ and $\\frac{a}{b}$.\n"
    )
    latex = myst_to_latex(page, fallback_title="x", images=lambda _: None).body
    assert "SECRET" not in latex
    assert "\\input" not in latex.replace("\\textbackslash{}input", "")
    assert "\\input{x}" not in latex
    assert "\\(\\frac{a}{b}\\)" in latex
    assert "\\texttt{\\textbackslash{}input\\textbraceleft{}/etc/passwd\\textbraceright{}}" in latex


def _compile(tex: str, folder: Path, engine: str) -> str:
    """Compile ``tex`` (twice, for the footnotes' references) with ``engine`` in ``folder``;
    assert it compiles without an error; return the PDF's text."""
    program = require_tool(engine, install="Debian's texlive-latex-base and lmodern")
    if LLNCS is not None:
        shutil.copyfile(LLNCS, folder / "llncs.cls")
    else:
        assert "\\documentclass{llncs}\n" in tex
        tex = tex.replace("\\documentclass{llncs}\n", "\\documentclass{book}\n")
    (folder / "frontmatter.tex").write_text(tex, encoding="utf-8")
    for _ in range(2):
        run = subprocess.run(
            [program, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
             "frontmatter.tex"],
            cwd=folder, capture_output=True, text=True, errors="replace", timeout=120, check=False,
        )  # fmt: skip
        log = (folder / "frontmatter.log").read_text(encoding="utf-8", errors="replace")
        assert run.returncode == 0, log[-3000:]
        assert not re.search(r"(?m)^! ", log), log[-3000:]
    pdf = pypdfium2.PdfDocument(folder / "frontmatter.pdf")
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def _letters(text: str) -> str:
    """Text compared across line breaks and hyphenation: its letters and digits only."""
    return re.sub(r"[\W_]+", "", text)


def test_demo_front_matter_compiles_with_the_preface_and_the_papers_in_order(
    tmp_path: Path,
) -> None:
    """This test ensures that the demo's frontmatter.tex compiles (lualatex: the demo names
    an author in Chinese, which pdflatex's fonts lack) and prints the preface, the committees
    and every archival paper's title in volume order."""
    root = tmp_path / "demo"
    for name in ("source", "papers"):
        shutil.copytree(ROOT / name, root / name)
    volume = load_volume(root)
    layout = compute_layout(volume, dict.fromkeys((p.id for p in volume.archival_papers), 10))
    tex, images = front_matter_tex(volume, layout)
    assert tex.startswith("% Letters beyond pdflatex's Latin fonts (")  # 王小明
    assert not images
    text = _letters(_compile(tex, tmp_path, "lualatex"))
    preface = (root / "source" / "preface.md").read_text(encoding="utf-8")
    assert _letters("Twelve papers were accepted: ten full papers, one short paper") in text
    assert _letters(preface.splitlines()[-1]) in text  # the last editor's name, accented
    assert _letters("Program Committee") in text
    position = 0
    for paper in volume.archival_papers:
        found = text.find(_letters(paper.info.title), position)
        assert found > position, paper.info.title
        position = found


def test_hostile_text_compiles_to_itself_with_pdflatex(workshop: Path, tmp_path: Path) -> None:
    """This test ensures that TeX's special characters and programs typed into a title, an
    author's name, a committee member's name and the preface print as themselves with pdflatex,
    the engine Springer's production uses, and that a file named by \\input is never read."""
    (tmp_path / "secret.tex").write_text("SECRETCONTENT", encoding="utf-8")
    # Printable ASCII only: pdflatex's fonts set Latin letters, and the page's "&#0;" is read
    # as U+FFFD, which the file's first line names among the letters beyond them.
    hostile = [
        m for m in METACHARACTERS if m.isprintable() and m.strip() and m.isascii() and m != "&#0;"
    ]
    line = " ".join(hostile) + " \\input{secret} 50% #1 $5 a_b ~ ^ \\\\ Müller Łukasz Nguyễn"
    paper = workshop / "papers" / "a" / "paper.yaml"
    data = yaml.safe_load(paper.read_text(encoding="utf-8"))
    data["title"] = f"Title {line}"
    data["authors"][0]["family"] = "Family {x} \\input{secret} 100%"
    paper.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    preface = workshop / "source" / "preface.md"
    preface.write_text(
        preface.read_text(encoding="utf-8") + f"\n\nHostile: {line.replace('*', '')}\n",
        encoding="utf-8",
    )
    volume = load_volume(workshop)
    layout = compute_layout(volume, dict.fromkeys((p.id for p in volume.archival_papers), 3))
    tex, _ = front_matter_tex(volume, layout)
    text = _compile(tex, tmp_path, "pdflatex")
    assert "SECRETCONTENT" not in text
    flat = " ".join(text.split())
    for piece in ("\\input{secret}", "50% #1 $5 a_b", "{x}", "100%", "Łukasz"):
        assert piece in flat, (piece, flat[-2000:])


def test_page_constructs_compile_and_print(workshop: Path, tmp_path: Path) -> None:
    """This test ensures that what a preface uses (headings, emphasis, code, links with TeX's
    special characters in the address, lists, a footnote referenced twice, math, an image of
    the project, HTML with an image) compiles with pdflatex and prints, the images copied
    under names of our own, and an image outside the project's source folder not read."""
    shutil.copyfile(
        ROOT / "source" / "logos" / "meridian-ai-lab.png", workshop / "source" / "l.png"
    )
    (tmp_path / "outside.png").write_bytes((workshop / "source" / "l.png").read_bytes())
    (workshop / "source" / "preface.md").write_text(
        "# Preface\n\n"
        "Some *emphasis*, **strong**, `code{}%` and [a link](https://example.org/a%20b?x=1&y=~2#top).\n\n"
        "## Topics\n\n"
        "- first item\n- second item[^n]\n\n"
        "1. one\n2. two[^n]\n\n"
        "Math $\\alpha_i \\leq \\frac{1}{2}$ and\n\n$$\\sum_i x_i^2$$\n\n"
        "![Our logo](l.png)\n\n"
        f"![Elsewhere](../../{tmp_path.name}/outside.png)\n\n"
        "> A quote.\n\n"
        '<div>\n<p>HTML <b>text</b> &amp; <img src="l.png" alt="again"></p>\n</div>\n\n'
        "[^n]: A footnote with _emphasis_ and [a link](https://e.org/?a=1&b=~2#x).\n",
        encoding="utf-8",
    )  # fmt: skip
    volume = load_volume(workshop)
    layout = compute_layout(volume, dict.fromkeys((p.id for p in volume.archival_papers), 3))
    tex, images = front_matter_tex(volume, layout)
    logo = (workshop / "source" / "l.png").resolve()
    assert images == {"images/01-1.png": logo}  # shown twice, copied once
    assert "\\href{https://example.org/a\\%20b?x=1\\&y=\\%7E2\\#top}{a link}" in tex
    assert tex.count("\\footnote{") == 1
    (tmp_path / "images").mkdir()
    for name, path in images.items():
        shutil.copyfile(path, tmp_path / name)
    text = " ".join(_compile(tex, tmp_path, "pdflatex").split())
    for piece in ("Some emphasis, strong, code{}% and a link.", "Topics", "first item",
                  "A footnote with emphasis and a link.", "Elsewhere", "A quote.",
                  "HTML text &"):  # fmt: skip
        assert piece in text, (piece, text)
    pdf = pypdfium2.PdfDocument(tmp_path / "frontmatter.pdf")
    try:
        shown = [obj for page in pdf for obj in page.get_objects() if obj.type == 3]  # images
    finally:
        pdf.close()
    assert len(shown) == 2  # the Markdown image and the HTML one, not the one outside
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in pypdf.PdfReader(tmp_path / "frontmatter.pdf").pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    assert links == ["https://example.org/a%20b?x=1&y=%7E2#top", "https://e.org/?a=1&b=%7E2#x"]


@pytest.mark.parametrize(
    ("formula", "plain"),
    [
        ("x^2", True),
        ("\\alpha_i \\leq \\frac{1}{2}", True),
        ("\\mathbb{R}^{n}", True),
        ("\\text{ICU} \\times 3", True),
        ("\\input{/etc/passwd}", False),
        ("x^^5cinput", False),  # ^^5c is a backslash to TeX
        ("a % b", False),
        ("a $ b", False),
        ("a # 1", False),
        ("a & b", False),
        ("}{", False),
        ("{x", False),
        ("x\\", False),
        ("\\\\", False),
        ("\\text{\\def\\x{}}", False),
    ],
)
def test_only_plain_formulas_reach_tex(formula: str, plain: bool) -> None:
    """This test ensures that a formula is passed to TeX only when it holds letters,
    operators, balanced braces and commands of latexmath's tables, and never one that could
    read a file, define a macro, end math or comment out the rest of the line."""
    assert is_plain_math(formula) is plain


@pytest.mark.parametrize(
    ("page", "title", "headings"),
    [
        ("# Preface\n\nText.\n\n## Thanks\n\nMore.\n", "Preface", ["\\section*{Thanks}"]),
        (
            "# Keynotes\n\nA.\n\n# Panels\n\nB.\n\n## One\n\nC.\n",
            "Keynotes",
            ["\\section*{Panels}", "\\subsection*{One}"],
        ),
        ("No heading at all.\n", "Call For Papers", []),
    ],
)
def test_a_pages_title_is_its_first_heading_as_in_the_pdf(
    page: str, title: str, headings: list[str]
) -> None:
    """This test ensures that a page's chapter title is its first level-1 heading, or its
    file name in words, as the PDF volume's (pdf.frontmatter.page_title), and that the heading
    is not printed again below it; the page's other headings are unnumbered sections."""
    latex = myst_to_latex(page, fallback_title="Call For Papers", images=lambda _: None)
    assert latex.title == title
    assert re.findall(r"\\(?:sub)*section\*\{[^}]*\}", latex.body) == headings
