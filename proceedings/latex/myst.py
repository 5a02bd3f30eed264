"""MyST Markdown -> LaTeX body text, for the hand-written front-matter pages in a publisher's
LaTeX (Springer's llncs, which has ``\\chapter*`` like the book class).

The page is parsed by myst-parser's docutils parser, the one the site's Sphinx build uses, so
what is emphasis, a footnote or math is decided by the same reader; the doctree is then walked
here for the few node kinds front matter has (sections, paragraphs, emphasis, strong, literals,
links, lists, quotes, footnotes, math, images). docutils' own LaTeX writer is not used: it
writes a standalone document whose body calls its own macros (``\\DUrole``,
``\\DUfootnotetext``...), which a publisher's class does not define.

Nothing the author wrote is ever passed to TeX as it is: every text is escaped by
:func:`proceedings.latex.encode.escape`; raw LaTeX is never copied, and raw HTML keeps only
its text, images and line breaks; file-reading directives and options (``{include}``, a
``:file:``) are switched off; a formula
reaches TeX only when :func:`~proceedings.text.latexmath.is_plain_math` finds nothing in it but
whitelisted commands, and any other is printed as its text. Node kinds not listed here keep
their text, so nothing the editors wrote silently vanishes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

from docutils import nodes
from docutils.core import publish_doctree
from myst_parser.parsers.docutils_ import Parser

from proceedings.latex.encode import escape
from proceedings.text.latexmath import is_plain_math

__all__ = ["ImageResolver", "LatexPage", "latex_text", "latex_url", "myst_to_latex"]

ImageResolver = Callable[[str], str | None]
"""An image's target as the page gives it -> the path ``\\includegraphics`` reads, or ``None``
to print the image's alt text instead (an image on the web, or one the caller does not copy)."""

_SETTINGS = {
    "myst_enable_extensions": ["dollarmath"],  # as the site's Sphinx build reads the pages
    "file_insertion_enabled": False,  # no {include} of /etc/passwd
    # Raw nodes stay in the tree (a hard line break is one), but the writer never copies one.
    "report_level": 5,  # problems are the site build's and the check's to report
    "halt_level": 5,
    "myst_footnote_transition": False,
}
# Section levels below a page's own title (the page is a \chapter*).
_SECTIONS = ("section", "subsection", "subsubsection", "paragraph")
# Nodes with nothing to print: link targets, comments, the parser's messages, footnotes (printed
# at their first reference), substitution definitions.
_SKIPPED = (
    nodes.target,
    nodes.comment,
    nodes.system_message,
    nodes.footnote,
    nodes.substitution_definition,
)
_SCHEMES = frozenset({"http", "https", "mailto"})
# A line break whose next line may start with "[" or "*": \\ would read them as its options,
# and so would \item; the empty group ends the command.
_NEWLINE = "\\\\{}\n"
# Characters kept as they are in a URL given to \href; every other is percent-encoded, and the
# three hyperref wants escaped (% # &) are escaped after.
_URL_SAFE = ":/?#[]@!&'()*+,;=-._%"


@dataclass(frozen=True)
class LatexPage:
    """One page as LaTeX: its title (escaped) and its body."""

    title: str
    body: str


def latex_text(text: str) -> str:
    """``text`` as LaTeX that prints it, spaces at its edges kept as one (inline text runs
    meet emphasis and links there). ASCII output: accents as commands, so that pdflatex sets
    every Latin letter without a Unicode setup."""
    core = escape(text, ascii=True)
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and core else ""
    return lead + core + trail


def latex_url(url: str) -> str:
    """A web address as ``\\href``'s first argument: no character TeX would read as a command."""
    # quote() keeps "~", which TeX reads as a space when \href is in another command's argument
    encoded = quote(url, safe=_URL_SAFE).replace("~", "%7E")
    return encoded.replace("%", "\\%").replace("#", "\\#").replace("&", "\\&")


def myst_to_latex(text: str, *, fallback_title: str, images: ImageResolver) -> LatexPage:
    """A MyST page as LaTeX: its first heading becomes the title, the rest the body."""
    document = publish_doctree(text, parser=Parser(), settings_overrides=_SETTINGS)
    writer = _Writer(document, images)
    title = document.get("title")
    if not title:
        # A page of several level-1 headings keeps them as sections: its first is its title,
        # as the PDF volume takes it (pdf.frontmatter.page_title), and is not printed twice.
        first = next((n for n in document.children if not isinstance(n, _SKIPPED)), None)
        if isinstance(first, nodes.section) and isinstance(first[0], nodes.title):
            writer.dropped = first[0]
            title = first[0].astext()
    writer.date, writer.names = _signature(document)
    body = writer.children(document).strip()
    return LatexPage(latex_text(title).strip() if title else fallback_title, body + "\n")


def _signature(document: nodes.document) -> tuple[nodes.paragraph | None, nodes.paragraph | None]:
    """A preface's closing, as the PDF volume finds it: the page ends with a paragraph of
    hand-broken lines (the editors' names), after a one-line paragraph (the date) or not."""
    container: nodes.Element = document
    while True:
        body = [n for n in container.children if not isinstance(n, _SKIPPED)]
        if body and isinstance(body[-1], nodes.section):
            container = body[-1]
            continue
        break
    if not body or not isinstance(body[-1], nodes.paragraph) or not _broken(body[-1]):
        return None, None
    names = body[-1]
    date = body[-2] if len(body) >= 2 else None
    if isinstance(date, nodes.paragraph) and "\n" not in date.astext() and not _broken(date):
        return (date, names) if len(date.astext()) <= 60 else (None, names)
    return None, names


def _broken(paragraph: nodes.paragraph) -> bool:
    """Whether a paragraph has a hand-made line break (Markdown's backslash or two spaces)."""
    return any(
        "html" in raw.get("format", "").split() and raw.astext().strip().startswith("<br")
        for raw in paragraph.findall(nodes.raw)
    )


@dataclass
class _Writer:
    document: nodes.document
    images: ImageResolver
    level: int = 0
    notes: dict[str, nodes.footnote] = field(default_factory=dict)
    dropped: nodes.Node | None = None
    """The heading that became the page's title, when it is not the document's."""
    date: nodes.paragraph | None = None
    names: nodes.paragraph | None = None
    """A preface's closing (:func:`_signature`): date on the left, names flush right, as LNCS
    sets it."""
    printed: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for note in self.document.findall(nodes.footnote):
            for id_ in note["ids"]:
                self.notes[id_] = note

    def children(self, node: nodes.Element) -> str:
        return "".join(self.node(child) for child in node.children)

    def node(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return latex_text(str(node))
        if isinstance(node, _SKIPPED) or not isinstance(node, nodes.Element):
            return ""
        if isinstance(node, nodes.section):
            self.level += 1
            try:
                return self.children(node)
            finally:
                self.level -= 1
        if node is self.dropped or (
            isinstance(node, nodes.title) and isinstance(node.parent, nodes.document)
        ):
            return ""  # the page's own title: the caller makes it the chapter's
        if isinstance(node, nodes.title):
            command = _SECTIONS[min(self.level, len(_SECTIONS)) - 1]
            return f"\n\\{command}*{{{self.children(node).strip()}}}\n"
        if isinstance(node, nodes.paragraph) and node is self.date:
            return ""  # set with the names
        if isinstance(node, nodes.paragraph) and node is self.names:
            date = self.children(self.date).strip() if self.date else ""
            names = self.children(node).strip()
            return (
                f"\n\\vspace{{1cm}}\n\\begin{{flushright}}\\noindent\n"
                f"{date}\\hfill {names}\n\\end{{flushright}}\n"
            )
        if isinstance(node, nodes.paragraph):
            return f"\n{self.children(node).strip()}\n"
        if isinstance(node, nodes.emphasis):
            return f"\\emph{{{self.children(node)}}}"
        if isinstance(node, nodes.strong):
            return f"\\textbf{{{self.children(node)}}}"
        if isinstance(node, nodes.literal):
            return f"\\texttt{{{latex_text(node.astext())}}}"
        if isinstance(node, nodes.reference):
            return self._link(node)
        if isinstance(node, nodes.bullet_list | nodes.enumerated_list):
            env = "itemize" if isinstance(node, nodes.bullet_list) else "enumerate"
            return f"\n\\begin{{{env}}}\n{self.children(node)}\\end{{{env}}}\n"
        if isinstance(node, nodes.list_item):
            return f"\\item{{}} {self.children(node).strip()}\n"
        if isinstance(node, nodes.block_quote):
            return f"\n\\begin{{quote}}\n{self.children(node).strip()}\n\\end{{quote}}\n"
        if isinstance(node, nodes.literal_block):
            lines = [latex_text(line) or "~" for line in node.astext().splitlines()]
            return "\n{\\ttfamily\\raggedright\n" + _NEWLINE.join(lines) + "\\par}\n"
        if isinstance(node, nodes.math):
            return self._math(node.astext(), "\\(", "\\)")
        if isinstance(node, nodes.math_block):
            return "\n" + self._math(node.astext(), "\\[", "\\]") + "\n"
        if isinstance(node, nodes.footnote_reference):
            return self._footnote(node)
        if isinstance(node, nodes.image):
            return self._image(node)
        if isinstance(node, nodes.raw):
            # Never copied. HTML keeps its text, images and line breaks (a hard line break comes
            # as raw HTML and raw LaTeX twins); any other format is dropped.
            if "html" not in node.get("format", "").split():
                return ""
            html = _Html(self)
            html.feed(node.astext())
            html.close()
            text = "".join(html.out)
            return text if isinstance(node.parent, nodes.TextElement) else f"\n{text.strip()}\n"
        if isinstance(node, nodes.transition):
            return "\n\\medskip\n"
        return self.children(node)

    def _link(self, node: nodes.reference) -> str:
        text = self.children(node)
        url = node.get("refuri", "")
        if urlsplit(url).scheme.lower() in _SCHEMES:
            return f"\\href{{{latex_url(url)}}}{{{text}}}"
        return text  # a link into the site has no address in print: its text stays

    def _math(self, source: str, start: str, end: str) -> str:
        """A formula as TeX math if it is plain (``\\(...\\)``, never ``$``: two dollars
        would open display math), else its source as text; an empty one as its dollars."""
        formula = " ".join(source.split())
        if not formula:
            return latex_text(f"${source}$")
        if is_plain_math(formula):
            return f"{start}{formula}{end}"
        return f"\\texttt{{{latex_text(source)}}}"

    def _footnote(self, node: nodes.footnote_reference) -> str:
        note = self.notes.get(node.get("refid", ""))
        if note is None:
            return latex_text(node.astext())
        label = f"fn:{note['ids'][0]}"
        if label in self.printed:
            return f"\\textsuperscript{{\\ref{{{label}}}}}"
        self.printed.add(label)
        body = "\n\n".join(
            self.node(child).strip()
            for child in note.children
            if not isinstance(child, nodes.label)
        )
        return f"\\footnote{{\\label{{{label}}}{body}}}"

    def _image(self, node: nodes.image) -> str:
        return self.image(node.get("uri", ""), node.get("alt", ""))

    def image(self, uri: str, alt: str) -> str:
        """An image the caller copies, centred; else its alt text."""
        path = self.images(uri)
        if path is None:
            return latex_text(alt)
        return (
            f"\n\\begin{{center}}\\includegraphics[width=0.8\\textwidth]{{{path}}}\\end{{center}}\n"
        )


class _Html(HTMLParser):
    """Raw HTML of a page as LaTeX: its text, its ``<img>`` as images, ``<br>`` as line breaks;
    its tags, scripts and styles never."""

    def __init__(self, writer: _Writer) -> None:
        super().__init__(convert_charrefs=True)
        self.writer = writer
        self.out: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag == "img":
            self.out.append(self.writer.image(values.get("src", ""), values.get("alt", "")))
        elif tag == "br":
            self.out.append(_NEWLINE)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(latex_text(data))
