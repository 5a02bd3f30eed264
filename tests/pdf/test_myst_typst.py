"""MyST to typst: each Markdown construct, escaping, and what typst makes of the result."""

from __future__ import annotations

import io
import string

import pypdf
import pytest
import typst
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from proceedings.errors import ProceedingsError
from proceedings.pdf.myst_typst import escape_markup, myst_title, myst_to_typst

# New Computer Modern, as the front matter uses; no hyphenation, so extracted words stay whole.
PREAMBLE = (
    '#set text(font: "New Computer Modern", size: 10pt, hyphenate: false)\n'
    '#show math.equation: set text(font: "New Computer Modern Math")\n'
)


def compile_markup(markup: str) -> bytes:
    """Typeset ``markup`` (body of a document) with only typst's embedded fonts."""
    pdf = typst.compile((PREAMBLE + markup).encode(), format="pdf", ignore_system_fonts=True)
    assert isinstance(pdf, bytes)
    return pdf


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def rendered(markdown: str, **options: bool) -> str:
    """The text of the typeset page for ``markdown``."""
    return pdf_text(compile_markup(myst_to_typst(markdown, **options)))


def squash(text: str) -> str:
    return "".join(text.split())


def test_heading() -> None:
    """This test ensures that headings become typst headings of the same level."""
    markup = myst_to_typst("# Preface\n\n## A *section*\n")
    assert "#heading(level: 1)[Preface]" in markup
    assert "#heading(level: 2)[A #emph[section]]" in markup
    assert squash(rendered("# Preface\n\n## A *section*\n")) == "PrefaceAsection"


def test_paragraphs_are_separated() -> None:
    """This test ensures that paragraphs stay paragraphs and soft breaks join lines."""
    markup = myst_to_typst("one\ntwo\n\nthree\n")
    assert markup.split("\n\n") == ["one\ntwo", "three\n"]
    assert rendered("one\ntwo\n\nthree\n").split() == ["one", "two", "three"]


def test_emphasis_and_strong() -> None:
    """This test ensures that emphasis and strong emphasis use typst's emph and strong, nested."""
    markup = myst_to_typst("*a* and **b *c***")
    assert markup.strip() == "#emph[a] and #strong[b #emph[c]]"
    assert squash(rendered("*a* and **b *c***")) == "aandbc"


def test_inline_code_is_raw_and_literal() -> None:
    """This test ensures that inline code is typeset raw, with its characters kept as typed."""
    markup = myst_to_typst('`#let x = "$"`(1)')
    assert '#raw("#let x = \\"$\\"");' in markup
    assert squash(rendered('`#let x = "$"`(1)')) == '#letx="$"(1)'


def test_links() -> None:
    """This test ensures that web links become clickable typst links, and site-relative links
    keep their text."""
    markup = myst_to_typst(
        "See [the site](https://example.org/a?b=1) or [the preface](preface.md)."
    )
    assert '#link("https://example.org/a?b=1")[the site]' in markup
    pdf = compile_markup(markup)
    uris = [
        annot.get_object()["/A"]["/URI"]
        for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
        for annot in page.get("/Annots", [])
    ]
    assert uris == ["https://example.org/a?b=1"]
    assert "the preface" in pdf_text(pdf)


def test_bullet_and_ordered_lists_nest() -> None:
    """This test ensures that bullet and ordered lists, nested, keep their structure and start."""
    source = "- a\n- b\n  1. x\n  2. y\n- c\n\n3. z\n"
    markup = myst_to_typst(source)
    assert markup.startswith("#list(tight: true, [a], [b")
    assert "#enum(start: 1, tight: true, [x], [y])" in markup
    assert "#enum(start: 3, tight: true, [z])" in markup
    words = ["•", "a", "•", "b", "1.", "x", "2.", "y", "•", "c", "3.", "z"]
    assert rendered(source).split() == words


def test_loose_list() -> None:
    """This test ensures that a list with blank lines between items is typeset loose."""
    assert "#list(tight: false" in myst_to_typst("- a\n\n- b\n")


def test_block_quote() -> None:
    """This test ensures that block quotes become typst block quotes with their content."""
    markup = myst_to_typst("> quoted *text*\n>\n> second\n")
    assert markup.startswith("#quote(block: true)[quoted #emph[text]\n\nsecond]")
    assert rendered("> quoted *text*\n>\n> second\n").split() == ["quoted", "text", "second"]


def test_hard_line_breaks() -> None:
    """This test ensures that a trailing backslash breaks the line, as the preface's signature
    needs."""
    source = "Ada Lovelace\\\nAlan Turing\n"
    assert "Ada Lovelace\\\nAlan Turing" in myst_to_typst(source)
    assert rendered(source).splitlines() == ["Ada Lovelace", "Alan Turing"]


def test_inline_and_display_math() -> None:
    """This test ensures that dollar math becomes typst math, inline and display."""
    markup = myst_to_typst("Let $\\alpha_1 \\leq 2$ hold.\n\n$$\n\\frac{a}{b}\n$$\n")
    assert "$alpha_(1) <= 2$" in markup
    assert "$ frac(a, b) $" in markup
    text = rendered("Let $\\alpha_1 \\leq 2$ hold.\n\n$$\n\\frac{a}{b}\n$$\n")
    assert "hold" in text
    assert "≤" in text


def test_math_role_and_directive() -> None:
    """This test ensures that MyST's {math} role and directive are math too."""
    markup = myst_to_typst("A {math}`x^2` here.\n\n```{math}\ny = 1\n```\n")
    assert "$x^(2)$" in markup
    assert "$ y = 1 $" in markup
    compile_markup(markup)


@pytest.mark.parametrize(
    "text", ["# $ * _ @ < > [ ] \\ / ~ ` = - + . ; ( )", "https://x.org -- --- ... -? 1. a"]
)
def test_typst_specials_print_literally(text: str) -> None:
    """This test ensures that every character typst gives a meaning prints as itself."""
    markup = escape_markup(text, smart_quotes=False)
    assert squash(pdf_text(compile_markup(markup))) == squash(text)


def test_markdown_escapes_print_literally() -> None:
    """This test ensures that characters escaped in Markdown reach the page as themselves."""
    source = "\\*not emphasis\\* \\$5 and \\$6, #hash, @ref, \\<label>, a_b_c\n"
    expected = "*not emphasis* $5 and $6, #hash, @ref, <label>, a_b_c"
    assert squash(rendered(source)) == squash(expected)


def test_smart_quotes() -> None:
    """This test ensures that straight quotes become typographic ones unless asked otherwise."""
    assert squash(rendered('"Quoted" O\'Brien\n')) == "“Quoted”O’Brien"
    assert squash(rendered('"Quoted" O\'Brien\n', smart_quotes=False)) == '"Quoted"O\'Brien'


def test_unknown_constructs_degrade_to_text() -> None:
    """This test ensures that HTML, images, unknown roles and directives leave their text."""
    source = (
        "A <b>bold</b> word, ![a diagram](fig.png) and {abbr}`MyST`.\n\n"
        "<div>block html</div>\n\n"
        ":::{note}\nRemember *this*.\n:::\n\n"
        "```{warning}\nCareful.\n```\n"
    )
    text = rendered(source)
    for expected in ("bold", "a diagram", "MyST", "block html", "Note", "Remember", "Careful"):
        assert expected in text
    assert "<" not in text


def test_invisible_syntax_is_dropped() -> None:
    """This test ensures that front matter, targets and comments do not print."""
    source = "---\ntitle: x\n---\n(target)=\n% a comment\nText.\n"
    assert squash(rendered(source)) == "Text."


def test_footnotes() -> None:
    """This test ensures that footnotes are typst footnotes at their reference."""
    markup = myst_to_typst("Text[^a].\n\n[^a]: The *note*.\n")
    assert "Text#footnote[The #emph[note]\\.]\\." in markup
    assert "The note" in rendered("Text[^a].\n\n[^a]: The *note*.\n")


# Every character typst gives a meaning, and code that would run if it were not escaped.
HOSTILE = '#panic("boom") $5 ] [ a < b > c \\ back\\\\slash @ref //x /*y = - + ~ _z end.'


def test_footnote_text_is_escaped() -> None:
    """This test ensures that the text of a footnote is escaped like the rest: typst markup,
    code and brackets in it print as typed and cannot end the note early."""
    source = f"Text[^h] here.\n\n[^h]: {HOSTILE}\n"
    markup = myst_to_typst(source, smart_quotes=False)
    assert markup == (
        'Text#footnote[\\#panic\\(\\"boom\\"\\) \\$5 \\] \\[ a \\< b \\> c \\\\ '
        "back\\\\slash \\@ref \\/\\/x \\/\\*y \\= \\- \\+ \\~ \\_z end\\.] here\\.\n"
    )
    text = pdf_text(compile_markup(markup))
    body, note = text.split("\n", 1)
    assert squash(body) == "Text1here."
    assert squash(note) == squash(
        '1#panic("boom") $5 ] [ a < b > c \\ back\\slash @ref //x /*y = - + ~ _z end.'
    )


def test_a_footnote_referenced_twice_is_one_note() -> None:
    """This test ensures that a second reference to a footnote refers to the first one's label:
    the same number twice, the note once."""
    source = "One[^a], two[^b], one again[^a].\n\n[^a]: First.\n\n[^b]: Second.\n"
    markup = myst_to_typst(source)
    assert markup == (
        "One#footnote[First\\.]<fn-1>, two#footnote[Second\\.], one again#footnote(<fn-1>)\\.\n"
    )
    lines = pdf_text(compile_markup(markup)).splitlines()
    assert [squash(line) for line in lines] == ["One1,two2,oneagain1.", "1First.", "2Second."]


def test_footnote_labels_take_the_page_prefix() -> None:
    """This test ensures that the labels of a page's footnotes start with the prefix the
    caller gives, so that pages typeset into one document do not clash, and that a prefix
    typst cannot read as a label is refused."""
    markup = myst_to_typst("A[^x] b[^x].\n\n[^x]: X.\n", labels="page2-fn")
    assert "#footnote[X\\.]<page2-fn-1> b#footnote(<page2-fn-1>)" in markup
    with pytest.raises(ValueError, match="cannot start a typst label"):
        myst_to_typst("A.\n", labels="a b")


def test_a_footnote_that_cites_itself_does_not_loop() -> None:
    """This test ensures that a footnote referring to itself prints once, its own text pointing
    back to it by its label, instead of recursing."""
    markup = myst_to_typst("See[^a].\n\n[^a]: loop[^a].\n")
    assert markup == "See#footnote[loop#footnote(<fn-1>)\\.]<fn-1>\\.\n"
    assert [squash(line) for line in pdf_text(compile_markup(markup)).splitlines()] == [
        "See1.",
        "1loop1.",
    ]


def test_footnote_inside_a_directive_finds_its_definition_on_the_page() -> None:
    """This test ensures that a reference inside a directive's content (parsed apart) uses the
    page's definition, as Sphinx does, and shares its note with the page's references."""
    source = ":::{note}\nIn a note[^a].\n:::\n\nOutside[^a].\n\n[^a]: Defined outside.\n"
    markup = myst_to_typst(source)
    assert "In a note#footnote[Defined outside\\.]<fn-1>\\." in markup
    assert "Outside#footnote(<fn-1>)\\." in markup


def test_unused_footnote_definition_is_left_out() -> None:
    """This test ensures that a definition nothing refers to prints nowhere (Sphinx warns
    about it in the site build)."""
    assert myst_to_typst("Text.\n\n[^lonely]: Never cited.\n") == "Text\\.\n"


def test_footnotes_follow_the_page_order_around_a_signature() -> None:
    """This test ensures that a note first cited in the body is printed there, and the
    closing's reference points to it, also when the definitions follow the signature."""
    source = "A[^x] b[^y].\n\nJuly 2025\n\nAda[^x]\\\nAlan\n\n[^x]: X.\n\n[^y]: Y.\n"
    markup = myst_to_typst(source, signature=True)
    assert markup.startswith("A#footnote[X\\.]<fn-1> b#footnote[Y\\.]\\.")
    assert "align(left)[July 2025], align(right)[Ada#footnote(<fn-1>)\\\nAlan]" in markup


def test_undefined_footnote_names_the_file_and_line() -> None:
    """This test ensures that references without a definition stop the conversion with one
    error listing each of them by file and line, directive contents and lines after
    multi-line math included."""
    source = (
        "# Preface\n"
        "\n"
        ":::{note}\n"
        ":class: tip\n"
        "\n"
        "In a note[^zz].\n"
        ":::\n"
        "\n"
        "First[^a] line,\n"
        "then $x +\n"
        "y$ and[^b].\n"
        "\n"
        "[^a]: Defined.\n"
    )
    with pytest.raises(ProceedingsError) as error:
        myst_to_typst(source, path="source/preface.md")
    assert error.value.format_message() == (
        "source/preface.md:6: the footnote [^zz] is not defined "
        "(write its text on a line '[^zz]: ...')\n"
        "source/preface.md:11: the footnote [^b] is not defined "
        "(write its text on a line '[^b]: ...')"
    )
    with pytest.raises(ProceedingsError, match=r"^line 1: the footnote \[\^1\] is not defined"):
        myst_to_typst("Text[^1].\n")


def test_tables() -> None:
    """This test ensures that pipe tables become typst tables with their cells and alignment."""
    markup = myst_to_typst("| a | b |\n|---|:-:|\n| 1 | 2 |\n")
    assert "table(columns: 2, align: (left, center,)" in markup
    assert rendered("| a | b |\n|---|:-:|\n| 1 | 2 |\n").split() == ["a", "b", "1", "2"]


def test_title_is_found_and_dropped() -> None:
    """This test ensures that the page title is the first level-1 heading, as plain text, and
    can be left out of the body."""
    source = "Intro.\n\n# The *Preface*\n\nBody.\n"
    assert myst_title(source) == "The Preface"
    assert myst_title("No heading.\n") is None
    assert "heading" not in myst_to_typst(source, drop_title=True)


def test_signature() -> None:
    """This test ensures that a closing date and hand-broken names become LNCS's closing: date
    left, names right."""
    source = "Body.\n\nJuly 2025\n\nAda Lovelace\\\nAlan Turing\n"
    markup = myst_to_typst(source, signature=True)
    assert "grid(columns: (1fr, auto), align(left)[July 2025], align(right)[Ada Lovelace" in markup
    pdf = compile_markup(markup)
    assert squash(pdf_text(pdf)) == "Body.July2025AdaLovelaceAlanTuring"
    assert myst_to_typst("Body.\n", signature=True) == myst_to_typst("Body.\n")


# ---- property: any text paragraph prints as itself ---------------------------------------------

# Printable ASCII and letters New Computer Modern has; no control characters.
ALPHABET = (
    string.ascii_letters + string.digits + string.punctuation + " éèàüöøßæÅŁłñçœ€£§°±«»¿¡–—’“”"
)


def dashes(text: str) -> str:
    """Dashes as hyphens: New Computer Modern joins ``--`` into an en dash and ``---`` into an
    em dash, as LaTeX does (its ligatures, whatever the markup escapes), and the extracted
    text then gives each dash as the hyphens that make it."""
    return text.replace("—", "---").replace("–", "--")


def markdown_paragraph(text: str) -> str:
    """``text`` as a Markdown paragraph whose text is exactly ``text``: ASCII punctuation is
    backslash-escaped, as CommonMark allows for every such character."""
    return "".join("\\" + c if c in string.punctuation else c for c in text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=80).filter(lambda t: t.strip()))
def test_any_text_paragraph_prints_as_itself(text: str) -> None:
    """This test ensures that any text paragraph compiles and its extracted text equals the
    input, modulo whitespace."""
    markup = myst_to_typst(markdown_paragraph(text), smart_quotes=False)
    assert dashes(squash(pdf_text(compile_markup(markup)))) == dashes(squash(text))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=80).filter(lambda t: t.strip()))
@example("--–")  # two hyphens, then an en dash: extracted as four hyphens
def test_any_text_paragraph_with_smart_quotes(text: str) -> None:
    """This test ensures that with smart quotes (the default) only the quotes' shapes change
    (after a digit typst sets primes, U+2032 and U+2033)."""
    markup = myst_to_typst(markdown_paragraph(text))
    straight = str.maketrans("‘’\u2032“”\u2033", "'''\"\"\"")
    out = squash(pdf_text(compile_markup(markup))).translate(straight)
    assert dashes(out) == dashes(squash(text).translate(straight))


# ---- images -----------------------------------------------------------------------------------

IMAGES = """\
# Preface

![A "quoted" alt](figs/one.png)

```{figure} /figs/two.svg
:alt: Two

The *caption*.
```

Inline ![dot](d.png) and <img src="h.png" alt="html"> and ![web](https://example.org/w.png).
"""


def test_images_go_to_the_resolver_with_their_lines() -> None:
    """This test ensures that every image form (Markdown alone in a paragraph or in a line,
    figure directive with caption, HTML img) is typeset through the resolver, which is given
    the target and the page's line, and that an image the resolver declines prints its alt."""
    asked: list[tuple[str, int]] = []

    def resolve(target: str, line: int) -> tuple[str, str] | None:
        asked.append((target, line))
        return None if target.startswith("https:") else (f"/source/{target.lstrip('/')}", "png")

    markup = myst_to_typst(IMAGES, images=resolve)
    assert asked == [
        ("figs/one.png", 3),
        ("/figs/two.svg", 5),
        ("d.png", 11),
        ("h.png", 11),
        ("https://example.org/w.png", 11),
    ]
    assert '#fm-image("/source/figs/one.png", "png", alt: "A \\"quoted\\" alt", inline: false)' in (
        markup
    )
    assert '#fm-image("/source/figs/two.svg", "png", alt: "Two", inline: false)\n#fm-caption[' in (
        markup
    )
    assert '#fm-image("/source/d.png", "png", alt: "dot", inline: true);' in markup
    assert '#fm-image("/source/h.png", "png", alt: "html", inline: true);' in markup
    assert markup.rstrip().endswith("and web\\.")  # escaped: typst prints a full stop


def test_without_a_resolver_images_print_their_alt_text() -> None:
    """This test ensures that a caller without images (an abstract) gets each image's alt text
    and a figure's caption, never a call to a function the document lacks."""
    markup = myst_to_typst(IMAGES)
    assert "fm-image" not in markup
    text = squash(pdf_text(compile_markup(markup)))
    for expected in ("A“quoted”alt", "Two", "Thecaption.", "dot", "html", "web"):
        assert expected in text
