"""MyST Markdown to typst markup, for the hand-written pages of the front matter.

The editors write the preface, keynotes and the like once, in MyST (``source/*.md``), and the
same file feeds the Sphinx site and the PDF volume. Here the page is parsed with markdown-it-py,
configured like myst-parser (CommonMark, tables, footnotes, MyST roles and blocks, dollar math),
and its token tree is walked to write typst markup. Nothing is ever matched with regular
expressions over the Markdown: the parser decides what is emphasis, code or math, and every
character of plain text is escaped, so a ``#``, ``$`` or ``@`` in the text prints as itself and
can never run typst code.

Block and inline constructs become typst *function calls* (``#emph[...]``, ``#list(...)``)
rather than typst's own shorthand markup: calls nest without the word-boundary rules of
``_x_`` and ``*x*``. Constructs that have no typst counterpart (HTML, unknown MyST roles and
directives) degrade to their text, so nothing the editors wrote silently vanishes. Images
(``![alt](path)``, the ``{image}`` and ``{figure}`` directives, ``<img src>``) are typeset when
the caller gives an ``images`` resolver, which says which file of the project each one is (or
stops the build, naming the page's line, when it cannot be printed); without one, and for an
image on the web, which the typesetter does not fetch, the image's alt text is printed.

Footnotes (``text[^1]`` and ``[^1]: The note.``) become typst footnotes at their first
reference, numbered as typst numbers them (through the document); a later reference to the same
note is ``#footnote(<label>)``, which prints the same number and no second note. A reference
without a definition stops the build, naming the file and line: printing ``[^1]`` would be a
visible defect in a published book. A definition that nothing references has no place in print
and is left out; Sphinx warns about it in the same build (``Footnote [#] is not referenced``),
and the site allows no warning, so it does not go unnoticed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from proceedings.errors import ProceedingsError
from proceedings.text.latexmath import latex_to_typst_math

__all__ = [
    "ImageResolver",
    "abstract_to_typst",
    "escape_markup",
    "myst_title",
    "myst_to_typst",
    "typst_string",
]

ImageResolver = Callable[[str, int], tuple[str, str] | None]
"""``(target, line) -> (path from the project's root, typst format)`` of an image a page shows,
or ``None`` for one on the web (its alt text is printed); raises
:class:`~proceedings.errors.ProceedingsError` for one that cannot be printed."""

# Characters with a meaning in typst markup: escaped with a backslash, which typst accepts before
# any character. The list covers markup (# $ * _ ` < > @ = - + / [ ] \), shorthands (~ -- ...
# -?), comments (// /*), URLs that typst would link by itself (https://), and the characters
# that would continue a preceding #call (( [ .). Quotes are typst's smart quotes; they are
# escaped only when the text must stay literal.
_SPECIAL = frozenset("\\#$*_`<>@=-+/[]()~.;")
_QUOTES = frozenset("'\"")
# MyST directives typeset as math or as code; any other (a note, a figure) keeps its content,
# read as Markdown.
_MATH_DIRECTIVES = frozenset({"math"})
_IMAGE_DIRECTIVES = frozenset({"image", "figure"})
_CODE_DIRECTIVES = frozenset({"code", "code-block", "sourcecode"})
# What a typst label may hold: the footnote labels written here are made of a caller's prefix
# and a number, never of the author's label, which may hold any character.
_LABEL = re.compile(r"[A-Za-z_][A-Za-z0-9_:.-]*")


def escape_markup(text: str, *, smart_quotes: bool = True) -> str:
    """``text`` as typst markup that prints exactly ``text`` (quotes typographic or not)."""
    out = []
    for char in text:
        if char in _SPECIAL or (not smart_quotes and char in _QUOTES):
            out.append("\\" + char)
        elif char in "\n\r":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def typst_string(text: str) -> str:
    """A typst string literal holding ``text`` (for URLs and raw code)."""
    out = ['"']
    for char in text:
        if char in '\\"':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 32 or char == "\x7f":
            out.append(f"\\u{{{ord(char):x}}}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _parser() -> MarkdownIt:
    """A parser with the syntax myst-parser enables by default, plus dollar math and colon
    fences (the extensions a MyST preface commonly uses)."""
    return (
        MarkdownIt("commonmark")
        .enable("table")
        .enable("strikethrough")
        .use(front_matter_plugin)
        .use(myst_block_plugin)
        .use(myst_role_plugin)
        .use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
        .use(dollarmath_plugin, allow_labels=True, allow_space=True, allow_digits=True)
        .use(colon_fence_plugin)
    )


def _tree(markdown: str) -> SyntaxTreeNode:
    return SyntaxTreeNode(_parser().parse(markdown))


def myst_title(markdown: str) -> str | None:
    """The plain text of the page's first level-1 heading (its title), if it has one."""
    for node in _tree(markdown).children:
        if node.type == "heading" and node.tag == "h1":
            return " ".join(_plain(node).split()) or None
    return None


def myst_to_typst(
    markdown: str,
    *,
    smart_quotes: bool = True,
    drop_title: bool = False,
    signature: bool = False,
    path: str | None = None,
    labels: str = "fn",
    images: ImageResolver | None = None,
) -> str:
    """Typst markup for a MyST page.

    ``smart_quotes``: straight quotes become typographic ones (primes after digits), as Sphinx
    and LaTeX print them; off, every character prints as typed. ``drop_title``: leave out the
    first level-1 heading, when the caller typesets the title itself. ``signature``: a page
    that ends, as a preface does, with a one-line paragraph (the date) followed by hand-broken
    lines (the editors' names) gets LNCS's closing: date on the left, names flush right.
    ``path``: the page's file, as error messages name it. ``labels``: the prefix of the typst
    labels the page defines (``<fn-1>``, for a footnote referenced twice); pages typeset into
    one document need different prefixes. ``images``: where each image's file is (see
    :data:`ImageResolver`); without it images print their alt text.

    Raises :class:`ProceedingsError` for a footnote reference without a definition.
    """
    if not _LABEL.fullmatch(labels):
        raise ValueError(f"{labels!r} cannot start a typst label")
    root = _tree(markdown)
    renderer = _Renderer(root, smart_quotes, path, labels, images)
    blocks = list(root.children)
    if drop_title:
        for i, node in enumerate(blocks):
            if node.type == "heading" and node.tag == "h1":
                del blocks[i]
                break
    date: SyntaxTreeNode | None = None
    names: SyntaxTreeNode | None = None
    if signature:
        blocks, date, names = _split_signature(blocks)
    # The body first, then the closing: a footnote is printed in full where it is first
    # rendered, so rendering follows the page's order.
    body = renderer.blocks(blocks)
    if names is None:
        return body
    return f"{body}\n\n{renderer.closing(date, names)}".strip() + "\n"


def abstract_to_typst(markdown: str) -> str:
    """Typst markup for an abstract (a keynote's, in ``event.yaml``): the closed Markdown the
    site gives abstracts (CommonMark and dollar math; raw HTML stays text, images print their
    alt text), so that the page and the book print the same."""
    parser = MarkdownIt("commonmark", {"html": False}).use(
        dollarmath_plugin, allow_space=True, allow_digits=True, allow_labels=False
    )
    root = SyntaxTreeNode(parser.parse(markdown))
    return _Renderer(root, True, None, "abstract-fn", None).blocks(list(root.children))


def _plain(node: SyntaxTreeNode) -> str:
    """The text of a node and its descendants, without markup."""
    if node.type in ("text", "code_inline", "math_inline", "myst_role", "code_block", "fence"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_plain(child) for child in node.children)


class _HtmlText(HTMLParser):
    """The text of an HTML fragment, tags dropped: how raw HTML degrades in print."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


@dataclass(frozen=True)
class _Directive:
    """A directive's content, parsed as Markdown, and the file's line its content starts on."""

    tree: SyntaxTreeNode
    offset: int  # lines of the file before the content's first line


class _Renderer:
    """Walks the syntax tree; one method per kind of node.

    Before anything is written, one pass over the page (directive contents included, as Sphinx
    parses them into the same document) finds every footnote definition and every reference,
    with its line: an undefined reference stops there, and a note referenced more than once is
    given a label, so that its later references can point to it.
    """

    def __init__(
        self,
        root: SyntaxTreeNode,
        smart_quotes: bool,
        path: str | None,
        labels: str,
        images: ImageResolver | None,
    ) -> None:
        self.smart_quotes = smart_quotes
        self.images = images
        self._line = 1  # the page's line of the block being rendered, for messages
        self._offset = 0  # lines of the file before the directive content being rendered
        self.definitions: dict[str, SyntaxTreeNode] = {}  # the first one wins, as in Sphinx
        self.references: list[tuple[str, int]] = []  # label, line
        self.directives: dict[int, _Directive] = {}  # by id() of the fence node
        self._prefix = labels
        self._printed: dict[str, str] = {}  # footnotes printed so far -> their typst label
        self._collect(root, 0, 1)
        self._uses = Counter(label for label, _ in self.references)
        missing = [
            (line, label) for label, line in self.references if label not in self.definitions
        ]
        if missing:
            where = f"{path}:" if path else "line "
            raise ProceedingsError(
                "\n".join(
                    f"{where}{line}: the footnote [^{label}] is not defined "
                    f"(write its text on a line '[^{label}]: ...')"
                    for line, label in sorted(missing)
                )
            )

    def _collect(self, node: SyntaxTreeNode, offset: int, line: int) -> None:
        """Note the footnote definitions and references under ``node``, and parse directives."""
        for child in node.children:
            here = offset + child.map[0] + 1 if child.map else line
            if child.type == "footnote_reference":
                self.definitions.setdefault(str(child.meta.get("label", "")), child)
            if child.type == "inline":
                self._collect_references(child, here)
                continue
            directive = self._parse_directive(child, offset)
            if directive is not None:
                self._collect(directive.tree, directive.offset, directive.offset + 1)
            self._collect(child, offset, here)

    def _collect_references(self, node: SyntaxTreeNode, line: int) -> int:
        """Note the references of an inline run that starts on ``line``; return the line it
        ends on. Each soft or hard break is a new line of the source, and so is a line break
        that raw inline content (math, HTML) keeps; code spans do not keep theirs, so a
        reference after a code span broken across lines is placed a little early."""
        for child in node.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "footnote_ref":
                self.references.append((str(child.meta.get("label", "")), line))
            elif child.children:
                line = self._collect_references(child, line)
            else:
                line += child.content.count("\n")
        return line

    def _parse_directive(self, node: SyntaxTreeNode, offset: int) -> _Directive | None:
        """The content of a directive whose content is Markdown (a note, a figure), parsed."""
        name = _directive_name(node)
        if name is None or name in _MATH_DIRECTIVES or name in _CODE_DIRECTIVES:
            return None
        body, first = _directive_body(node)
        directive = _Directive(_tree(body), offset + first)
        self.directives[id(node)] = directive
        return directive

    def text(self, text: str) -> str:
        return escape_markup(text, smart_quotes=self.smart_quotes)

    # ---- blocks ----------------------------------------------------------------------------

    def blocks(self, nodes: list[SyntaxTreeNode]) -> str:
        parts = [self.block(node) for node in nodes]
        return "\n\n".join(p for p in parts if p.strip()) + "\n"

    def block(self, node: SyntaxTreeNode) -> str:
        if node.map:
            self._line = self._offset + node.map[0] + 1
        handler: Callable[[SyntaxTreeNode], str] | None = getattr(self, "_block_" + node.type, None)
        if handler is not None:
            return handler(node)
        if node.type in _SKIPPED:
            return ""
        if node.children:  # an unknown container: its blocks
            return self.blocks(list(node.children))
        return self.text(node.content)  # an unknown leaf: its text

    def _block_paragraph(self, node: SyntaxTreeNode) -> str:
        children = [c for inline in node.children for c in inline.children]
        shown = [c for c in children if c.type != "softbreak" and not _blank(c)]
        if self.images is not None and shown and all(c.type == "image" for c in shown):
            # A paragraph of images alone: each a figure of its own, centred.
            return "\n\n".join(self._image(c, block=True) for c in shown)
        return self.inlines(node)

    def _block_heading(self, node: SyntaxTreeNode) -> str:
        level = int(node.tag[1:])
        return f"#heading(level: {level})[{self.inlines(node, flat=True)}]"

    def _block_bullet_list(self, node: SyntaxTreeNode) -> str:
        return f"#list(tight: {self._tight(node)}, {self._items(node)})"

    def _block_ordered_list(self, node: SyntaxTreeNode) -> str:
        start = int(str(node.attrs.get("start", 1)))
        return f"#enum(start: {start}, tight: {self._tight(node)}, {self._items(node)})"

    def _tight(self, node: SyntaxTreeNode) -> str:
        paragraphs = [p for item in node.children for p in item.children if p.type == "paragraph"]
        return "true" if all(p.hidden for p in paragraphs) else "false"

    def _items(self, node: SyntaxTreeNode) -> str:
        return ", ".join(f"[{self.blocks(list(item.children)).strip()}]" for item in node.children)

    def _block_blockquote(self, node: SyntaxTreeNode) -> str:
        return f"#quote(block: true)[{self.blocks(list(node.children)).strip()}]"

    def _block_hr(self, node: SyntaxTreeNode) -> str:
        return "#line(length: 100%, stroke: 0.4pt)"

    def _block_code_block(self, node: SyntaxTreeNode) -> str:
        return f"#raw(block: true, {typst_string(node.content.rstrip(chr(10)))})"

    def _block_fence(self, node: SyntaxTreeNode) -> str:
        if _directive_name(node) is not None:
            return self._directive(node)
        info = node.info.strip()
        lang = f"lang: {typst_string(info.split()[0])}, " if info else ""
        return f"#raw(block: true, {lang}{typst_string(node.content.rstrip(chr(10)))})"

    def _block_colon_fence(self, node: SyntaxTreeNode) -> str:
        return self._directive(node)

    def _directive(self, node: SyntaxTreeNode) -> str:
        """A MyST directive: math and code as such; any other keeps its Markdown content."""
        name = _directive_name(node) or ""
        if name in _MATH_DIRECTIVES:
            return self._display_math(_directive_body(node)[0])
        if name in _CODE_DIRECTIVES:
            return f"#raw(block: true, {typst_string(_directive_body(node)[0])})"
        directive = self.directives[id(node)]
        outer, self._offset = self._offset, directive.offset
        try:
            inner = self.blocks(list(directive.tree.children)).strip()
        finally:
            self._offset = outer
        if name in _IMAGE_DIRECTIVES:
            target = node.info.strip()[len(name) + 2 :].strip()
            alt = _option(node, "alt") or ""
            figure = self._figure(target, alt, line=self._offset + (node.map or [0])[0] + 1)
            if figure is not None:
                caption = f"\n#fm-caption[{inner}]" if inner and name == "figure" else ""
                return figure + caption
            inner = "\n\n".join(t for t in (self.text(alt), inner) if t)
        if not inner:
            return ""
        title = name.replace("-", " ").capitalize() if name else ""
        head = f"#strong[{self.text(title)}] #parbreak()\n" if title else ""
        return f"#block(inset: (left: 1em))[{head}{inner}]"

    def _block_math_block(self, node: SyntaxTreeNode) -> str:
        return self._display_math(node.content)

    _block_math_block_label = _block_math_block
    _block_amsmath = _block_math_block

    def _display_math(self, latex: str) -> str:
        return f"$ {latex_to_typst_math(latex.strip())} $"

    def _block_html_block(self, node: SyntaxTreeNode) -> str:
        figures = [
            self._figure(src, alt, line=self._line) for src, alt in _html_images(node.content)
        ]
        text = self.text(_html_text(node.content))
        return "\n\n".join(f for f in (*figures, text) if f)

    # ---- images ----------------------------------------------------------------------------

    def _image(self, node: SyntaxTreeNode, *, block: bool) -> str:
        """A Markdown image: a figure, an image in the line of text, or its alt text."""
        alt = _plain(node) or str(node.attrs.get("alt", ""))
        src = str(node.attrs.get("src", ""))
        found = self._figure(src, alt, line=self._line, inline=not block)
        return found if found is not None else self.text(alt)

    def _figure(self, target: str, alt: str, *, line: int, inline: bool = False) -> str | None:
        """The call that typesets the image ``target``, or ``None`` when it is not printed (no
        resolver, or an image on the web)."""
        if self.images is None or not target:
            return None
        found = self.images(target, line)
        if found is None:
            return None
        where, kind = found
        call = (
            f"fm-image({typst_string(where)}, {typst_string(kind)}, "
            f"alt: {typst_string(alt)}, inline: {'true' if inline else 'false'})"
        )
        return f"#{call};" if inline else f"#{call}"

    def _block_table(self, node: SyntaxTreeNode) -> str:
        rows: list[list[SyntaxTreeNode]] = []
        head_rows = 0
        for section in node.children:
            for row in section.children:
                rows.append(list(row.children))
                head_rows += section.type == "thead"
        columns = max((len(r) for r in rows), default=1)
        aligns = []
        for cell in rows[0] if rows else []:
            style = str(cell.attrs.get("style", ""))
            aligns.append(style.removeprefix("text-align:") if "text-align:" in style else "left")
        aligns += ["left"] * (columns - len(aligns))
        cells = []
        for number, cells_of_row in enumerate(rows):
            if number == head_rows and head_rows:
                cells.append("table.hline(stroke: 0.4pt)")
            for cell in cells_of_row:
                text = self.inlines(cell, flat=True)
                cells.append(f"[#strong[{text}]]" if number < head_rows else f"[{text}]")
        return (
            f"#align(center, table(columns: {columns}, align: ({', '.join(aligns)},), "
            "stroke: none, table.hline(stroke: 0.8pt), "
            + ", ".join(cells)
            + ", table.hline(stroke: 0.8pt)))"
        )

    # ---- the closing of a preface ----------------------------------------------------------

    def closing(self, date: SyntaxTreeNode | None, names: SyntaxTreeNode) -> str:
        """The closing (date, then names on hand-broken lines) as LNCS sets it."""
        left = self.inlines(date) if date is not None else ""
        return (
            "#block(above: 2.2em, grid(columns: (1fr, auto), "
            f"align(left)[{left}], align(right)[{self.inlines(names)}]))"
        )

    # ---- inlines ---------------------------------------------------------------------------

    def inlines(self, node: SyntaxTreeNode, *, flat: bool = False) -> str:
        """The inline content of a paragraph-like node; ``flat`` keeps it on one line."""
        out = []
        for child in node.children:
            if child.type == "inline":
                out.append(self.inlines(child, flat=flat))
            else:
                out.append(self.inline(child, flat))
        return "".join(out)

    def inline(self, node: SyntaxTreeNode, flat: bool) -> str:
        kind = node.type
        if kind == "text":
            return self.text(node.content)
        if kind == "softbreak":
            return " " if flat else "\n"
        if kind == "hardbreak":
            return "\\\n"
        if kind in _WRAPPERS:
            return f"#{_WRAPPERS[kind]}[{self.inlines(node, flat=flat)}]"
        if kind == "code_inline":
            return f"#raw({typst_string(node.content)});"
        if kind == "link":
            href = str(node.attrs.get("href", ""))
            label = self.inlines(node, flat=flat)
            if href.startswith(("http://", "https://", "mailto:", "ftp://")):
                return f"#link({typst_string(href)})[{label}]"
            return label  # a link inside the site has no target in print
        if kind == "image":
            return self._image(node, block=False)
        if kind == "math_inline":
            return self._inline_math(node.content)
        if kind == "math_inline_double":
            return self._display_math(node.content)
        if kind == "footnote_ref":
            return self._footnote(str(node.meta.get("label", "")))
        if kind == "myst_role":
            return self._role(str(node.meta.get("name", "")), node.content)
        if kind == "html_inline":  # a tag; the text between tags is ordinary text
            images = [
                self._figure(src, alt, line=self._line, inline=True) or self.text(alt)
                for src, alt in _html_images(node.content)
            ]
            return "".join(images)
        if node.children:
            return self.inlines(node, flat=flat)
        return self.text(node.content)

    def _inline_math(self, latex: str) -> str:
        return f"${latex_to_typst_math(latex.strip())}$"

    def _footnote(self, label: str) -> str:
        """The note at its first reference; at a later one (its own text included), a reference
        to that note, by the label it was given."""
        if label in self._printed:
            return f"#footnote(<{self._printed[label]}>)"
        definition = self.definitions[label]  # every reference has one: see __init__
        name = f"{self._prefix}-{len(self._printed) + 1}"
        self._printed[label] = name  # before the text, which may refer to this very note
        inner = " #parbreak() ".join(
            self.inlines(p, flat=True) if p.type == "paragraph" else self.block(p)
            for p in definition.children
        )
        return f"#footnote[{inner}]<{name}>" if self._uses[label] > 1 else f"#footnote[{inner}]"

    def _role(self, name: str, content: str) -> str:
        if name == "math":
            return self._inline_math(content)
        if name in ("sub", "subscript"):
            return f"#sub[{self.text(content)}]"
        if name in ("sup", "superscript"):
            return f"#super[{self.text(content)}]"
        return self.text(content)


_WRAPPERS = {"em": "emph", "strong": "strong", "s": "strike"}
# Nodes with nothing to print: YAML front matter, MyST targets, comments and block breaks, and
# footnote definitions (printed where they are referenced).
_SKIPPED = frozenset(
    {"front_matter", "myst_target", "myst_line_comment", "myst_block_break", "footnote_reference"}
)


def _blank(node: SyntaxTreeNode) -> bool:
    return node.type == "text" and not node.content.strip()


class _HtmlImages(HTMLParser):
    """The ``src`` and ``alt`` of each ``<img>`` of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            values = dict(attrs)
            self.images.append((values.get("src") or "", values.get("alt") or ""))

    handle_startendtag = handle_starttag


def _html_images(html: str) -> list[tuple[str, str]]:
    parser = _HtmlImages()
    parser.feed(html)
    parser.close()
    return [(src, alt) for src, alt in parser.images if src]


def _option(node: SyntaxTreeNode, name: str) -> str | None:
    """The value of a directive's ``:name: value`` option line, if it has one."""
    for line in node.content.split("\n"):
        if not (line.startswith(":") and line.count(":") >= 2):
            break
        key, _, value = line[1:].partition(":")
        if key.strip() == name:
            return value.strip()
    return None


def _directive_name(node: SyntaxTreeNode) -> str | None:
    """The name of the MyST directive a fence holds (``""`` for an unnamed ``:::``), or None
    for a code fence."""
    info = node.info.strip() if node.type in ("fence", "colon_fence") else ""
    if info.startswith("{") and "}" in info:
        return info[1 : info.index("}")].strip()
    return "" if node.type == "colon_fence" else None


def _directive_body(node: SyntaxTreeNode) -> tuple[str, int]:
    """A directive's content without its ``:option: value`` lines, and the number of the
    file's lines before the content's first line."""
    lines = node.content.split("\n")
    first = (node.map[0] + 1) if node.map else 0  # the line after the opening fence
    while lines and lines[0].startswith(":") and lines[0].count(":") >= 2:  # :option: value
        lines.pop(0)
        first += 1
    joined = "\n".join(lines)
    body = joined.lstrip("\n")
    return body.rstrip("\n"), first + len(joined) - len(body)


def _split_signature(
    blocks: list[SyntaxTreeNode],
) -> tuple[list[SyntaxTreeNode], SyntaxTreeNode | None, SyntaxTreeNode | None]:
    """The blocks before a preface's closing, its date (a one-line paragraph) and its names
    (a paragraph of hand-broken lines); no names when the page does not end so. What prints
    nothing after the names (footnote definitions, which Markdown puts last; comments) stays
    with the blocks."""
    end = len(blocks)
    while end and blocks[end - 1].type in _SKIPPED:
        end -= 1
    text, rest = blocks[:end], blocks[end:]
    if not text or not _has_hardbreak(text[-1]):
        return blocks, None, None
    if len(text) >= 2 and _is_one_line(text[-2]):
        return text[:-2] + rest, text[-2], text[-1]
    return text[:-1] + rest, None, text[-1]


def _has_hardbreak(node: SyntaxTreeNode) -> bool:
    if node.type != "paragraph":
        return False
    return any(c.type == "hardbreak" for inline in node.children for c in inline.children)


def _is_one_line(node: SyntaxTreeNode) -> bool:
    if node.type != "paragraph":
        return False
    children = [c for inline in node.children for c in inline.children]
    return not any(c.type in ("softbreak", "hardbreak") for c in children) and (
        len(_plain(node)) <= 60
    )
