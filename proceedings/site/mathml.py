"""Math nodes -> MathML, rendered while the site is built: math that needs no script and no network.

Sphinx's default, MathJax, loads a script from a CDN: a proceedings site must work offline (a
laptop at the workshop, an archive years later) and must not leak its readers to a third party.
Browsers render MathML Core themselves (Chromium since 109, Firefox, Safari), and latex2mathml
converts the LaTeX of ``$...$`` to it in pure Python. Without latex2mathml installed, or for a
formula it cannot convert (a warning names the page), the LaTeX source is shown as code.

The LaTeX comes from authors (abstracts, through review systems and CSV imports), and
latex2mathml copies ``\\text{...}`` into the markup unescaped and ``\\href{...}`` into an attribute
as it is. So its element tree is serialized here (which escapes every text and attribute value)
and then cleaned by nh3 (ammonia, html5ever's parser) against an allow-list: MathML presentation
elements, their layout attributes, ``href`` with http(s) only, no event handler, no ``style``.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, tostring

import nh3
from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

RENDERER = "proceedings-mathml"


# MathML Core's presentation elements (and semantics/annotation); no maction, no annotation-xml
# (it can hold HTML), nothing from SVG or HTML.
MATHML_TAGS = frozenset(
    {
        "math", "mi", "mn", "mo", "ms", "mtext", "mspace", "mrow", "mfrac", "msqrt", "mroot",
        "msub", "msup", "msubsup", "munder", "mover", "munderover", "mmultiscripts",
        "mprescripts", "none", "mtable", "mtr", "mtd", "mstyle", "merror", "mpadded",
        "mphantom", "menclose", "semantics", "annotation",
    }
)  # fmt: skip

# Layout attributes only: no on* handler, no style, no class or id (which the page's own CSS and
# anchors use). ``href`` is kept for ``\href``: nh3 checks its scheme, _absolute_link the rest.
MATHML_ATTRIBUTES = {
    "*": frozenset(
        {
            "mathvariant", "mathsize", "mathcolor", "mathbackground", "displaystyle",
            "scriptlevel", "dir", "href",
            # mo
            "form", "fence", "separator", "stretchy", "symmetric", "largeop", "movablelimits",
            "accent", "accentunder", "lspace", "rspace", "minsize", "maxsize",
            # mspace, mpadded, mfrac, menclose
            "width", "height", "depth", "voffset", "linethickness", "notation",
            # mtable, mtr, mtd
            "columnalign", "rowalign", "columnlines", "rowlines", "columnspacing", "rowspacing",
            "frame", "framespacing", "equalrows", "equalcolumns", "columnspan", "rowspan",
            # annotation
            "encoding",
        }
    ),
    # alttext: the LaTeX, read aloud by screen readers that do not speak MathML.
    "math": frozenset({"xmlns", "display", "alttext"}),
}  # fmt: skip

URL_SCHEMES = frozenset({"http", "https"})

# latex2mathml writes symbols into text as character references ("&#x0002B;") and escapes
# nothing else; these are turned back into characters before the tree is serialized.
_CHAR_REF = re.compile(r"&#x([0-9A-Fa-f]{1,6});")


def clean_mathml(markup: str) -> str:
    """``markup`` with only allow-listed MathML elements and attributes, and http(s) links."""
    return nh3.clean(
        markup,
        tags=set(MATHML_TAGS),
        attributes={tag: set(names) for tag, names in MATHML_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_absolute_link,
        clean_content_tags={"script", "style"},
        strip_comments=True,
        link_rel=None,
    )


def _absolute_link(tag: str, name: str, value: str) -> str | None:
    # nh3 lets relative URLs through; a link in a formula may only leave the site, over http(s).
    if name != "href":
        return value
    parts = urlsplit(value.strip())
    return value if parts.scheme.lower() in URL_SCHEMES and parts.netloc else None


def _char(match: re.Match[str]) -> str:
    code = int(match[1], 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return match[0]  # not a character: left as text, so "&" is escaped
    return chr(code)


def _decode(element: Element) -> None:
    for node in element.iter():
        if node.text:
            node.text = _CHAR_REF.sub(_char, node.text)
        if node.tail:
            node.tail = _CHAR_REF.sub(_char, node.tail)
        for name, value in node.attrib.items():
            node.set(name, _CHAR_REF.sub(_char, value))


def to_mathml(latex: str, *, block: bool) -> str | None:
    """The MathML of ``latex``, sanitized, or ``None`` when it cannot be converted."""
    from latex2mathml.converter import convert_to_element

    try:
        element = convert_to_element(latex, display="block" if block else "inline")
    # latex2mathml raises many exception types on input it does not know; all mean the same.
    except Exception:
        return None
    _decode(element)
    element.set("alttext", latex.strip())  # serialized escaped, like every attribute value
    mathml = clean_mathml(tostring(element, encoding="unicode"))
    return mathml if mathml.startswith("<math") else None


def _fallback(node: nodes.Element, latex: str) -> str:
    logger.warning(
        "cannot convert this formula to MathML; check its LaTeX: %s",
        latex,
        location=node,
        type="proceedings",
        subtype="math",
    )
    return f'<code class="math-source">{html.escape(latex)}</code>'


def _render(node: nodes.Element, latex: str, *, block: bool) -> str:
    try:
        mathml = to_mathml(latex, block=block)
    except ImportError:  # optional: without it the LaTeX is shown, as the docstring says
        return f'<code class="math-source">{html.escape(latex)}</code>'
    return mathml or _fallback(node, latex)


def visit_math(self: Any, node: nodes.math) -> None:
    """Inline math: ``<span class="math">`` around the MathML."""
    latex = node.astext()
    mathml = _render(node, latex, block=False)
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
    self.body.append(mathml + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self: Any, node: nodes.math_block) -> None:
    """Display math: a ``<div class="math">``, with its equation number when it has one."""
    latex = node.astext()
    if node.get("nowrap"):
        latex = latex.strip()
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node.get("number"):
        from sphinx.util.math import get_node_equation_number

        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, "Link to this equation")
        self.body.append("</span>")
    mathml = _render(node, latex, block=True)
    self.body.append(mathml + "</div>\n")
    raise nodes.SkipNode
