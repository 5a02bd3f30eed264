"""Volume -> problems with LaTeX markup pasted into text that the model holds as Unicode.

Organizers often paste titles and names from BibTeX: ``{COVID}-19``, ``M{\\"u}ller``. The model
stores Unicode and every output escapes it for its own format, so markup in the source would be
printed literally on the site and escaped twice in BibTeX. Unbalanced braces are an error;
other markup is a warning with the Unicode text to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from proceedings.checks.codes import report
from proceedings.checks.people import mentions
from proceedings.errors import Problem
from proceedings.latex import decode_latex
from proceedings.model import Volume
from proceedings.yamlfile import YamlDocument

_MATH = re.compile(r"\$[^$]+\$")
_MARKUP = re.compile(r"\\[A-Za-z]+|\\[^A-Za-z\s]|[{}]")


def check_markup(volume: Volume) -> Iterator[Problem]:
    """Every title, abstract, keyword and name that carries LaTeX markup or unbalanced braces."""
    for paper in volume.papers:
        info = paper.info
        texts: list[tuple[tuple[str | int, ...], str, bool]] = [
            (("title",), info.title, False),
            (("short_title",), info.short_title or "", False),
            (("abstract",), info.abstract, True),
        ]
        texts += [(("keywords", i), k, False) for i, k in enumerate(info.keywords)]
        for loc, text, math in texts:
            yield from _check_text(paper.source, loc, text, math, paper.id)
    doc = volume.sources["volume"]
    yield from _check_text(doc, ("title",), volume.info.title, False, None)
    yield from _check_text(doc, ("subtitle",), volume.info.subtitle or "", False, None)
    for m in mentions(volume):
        for part in ("given", "family", "suffix"):
            yield from _check_text(m.doc, (*m.loc, part), getattr(m.person, part), False, m.paper)


def _check_text(
    doc: YamlDocument, loc: tuple[str | int, ...], text: str, math: bool, paper: str | None
) -> Iterator[Problem]:
    plain = _MATH.sub("", text) if math else text
    depth = 0
    for char in plain:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        yield report(
            doc,
            "text.unbalanced-braces",
            loc,
            f"'{_short(text)}' has unbalanced braces",
            paper=paper,
            hint="Remove the braces: write plain text; capitals are "
            "protected in BibTeX automatically.",
        )
    elif _MARKUP.search(plain):
        # The remarks of decode_latex are notes for an import; the hint needs only the text.
        unicode = decode_latex(text, markdown=math).text
        yield report(
            doc,
            "text.latex",
            loc,
            f"'{_short(text)}' contains LaTeX markup",
            paper=paper,
            hint=f"Write plain Unicode: '{_short(unicode)}'.",
        )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."
