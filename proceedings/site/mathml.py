"""Math nodes -> MathML, rendered while the site is built: math that needs no script and no network.

Sphinx's default, MathJax, loads a script from a CDN: a proceedings site must work offline (a
laptop at the workshop, an archive years later) and must not leak its readers to a third party.
Browsers render MathML Core themselves (Chromium since 109, Firefox, Safari), and latex2mathml
converts the LaTeX of ``$...$`` to it in pure Python. Without latex2mathml installed, or for a
formula it cannot convert (a warning names the page), the LaTeX source is shown as code.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

RENDERER = "proceedings-mathml"


def to_mathml(latex: str, *, block: bool) -> str | None:
    """The MathML of ``latex``, or ``None`` when it cannot be converted."""
    from latex2mathml.converter import convert

    try:
        return str(convert(latex, display="block" if block else "inline"))
    # latex2mathml raises many exception types on input it does not know; all mean the same.
    except Exception:
        return None


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
