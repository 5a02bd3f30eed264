"""An abstract (Markdown with ``$math$``) -> docutils nodes, with no way to inject markup.

Abstracts come from authors (through review systems), so they are parsed here with a closed
subset of Markdown instead of the page's MyST parser: CommonMark with raw HTML switched off and
dollar math, and nothing else. There are no MyST directives or roles (``{include}`` would read
files), no substitutions (``{{ x }}`` stays text), no raw HTML (``<script>`` stays text); links
keep only http(s) and mailto targets. Every piece of text becomes a docutils ``Text`` node,
which the HTML writer escapes.
"""

from __future__ import annotations

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.dollarmath import dollarmath_plugin

_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _parser() -> MarkdownIt:
    # The same dollar-math options as MyST's dollarmath extension, which pages written by hand use.
    md = MarkdownIt("commonmark", {"html": False})
    return md.use(dollarmath_plugin, allow_space=True, allow_digits=True, allow_labels=False)


_MD = _parser()


def parse_markdown(text: str) -> list[nodes.Node]:
    """The block-level nodes of ``text``: paragraphs, lists, quotes, code and display math."""
    return _blocks(SyntaxTreeNode(_MD.parse(text)).children)


def _blocks(children: list[SyntaxTreeNode]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for child in children:
        kind = child.type
        if kind in ("paragraph", "heading"):
            out.append(nodes.paragraph("", "", *_inlines(child.children)))
        elif kind in ("bullet_list", "ordered_list"):
            items = [nodes.list_item("", *_blocks(item.children)) for item in child.children]
            cls = nodes.bullet_list if kind == "bullet_list" else nodes.enumerated_list
            out.append(cls("", *items))
        elif kind == "blockquote":
            out.append(nodes.block_quote("", *_blocks(child.children)))
        elif kind in ("code_block", "fence"):
            out.append(nodes.literal_block(child.content, child.content))
        elif kind in ("math_block", "math_block_label"):
            latex = child.content.strip()
            out.append(nodes.math_block(latex, latex, nowrap=False, number=None))
        elif child.children:  # anything else: keep its text
            out.extend(_blocks(child.children))
    return out


def _inlines(children: list[SyntaxTreeNode]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for child in children:
        kind = child.type
        if kind == "inline":
            out.extend(_inlines(child.children))
        elif kind == "text":
            out.append(nodes.Text(child.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(nodes.Text("\n" if kind == "softbreak" else " "))
        elif kind == "em":
            out.append(nodes.emphasis("", "", *_inlines(child.children)))
        elif kind == "strong":
            out.append(nodes.strong("", "", *_inlines(child.children)))
        elif kind == "code_inline":
            out.append(nodes.literal(child.content, child.content))
        elif kind in ("math_inline", "math_inline_double"):
            out.append(nodes.math(child.content, child.content))
        elif kind == "link":
            href = str(child.attrs.get("href", ""))
            inner = _inlines(child.children)
            if href.startswith(_SAFE_SCHEMES):
                out.append(nodes.reference("", "", *inner, refuri=href))
            else:
                out.extend(inner)
        elif kind == "image":
            out.extend(_inlines(child.children))
        else:
            out.extend(_inlines(child.children) if child.children else [])
    return out
