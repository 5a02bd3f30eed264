"""Volume -> problems with LaTeX markup pasted into text that the model holds as Unicode.

Organizers often paste titles and names from BibTeX: ``{COVID}-19``, ``M{\\"u}ller``. The model
stores Unicode and every output escapes it for its own format, so markup in the source would be
printed literally on the site and escaped twice in BibTeX. Unbalanced braces are an error;
other markup is a warning that quotes the fragment, says where it is, and gives the Unicode to
write instead where the markup has one reading. A LaTeX comment kept as text (``%under``) is a
warning too: LaTeX never printed it, and only the organizer can say whether it belongs.
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
_DEBRIS = re.compile(r"\{\\\}")  # PMLR's rendering of {\textbackslash}
# A word that starts with "%" after a space: the author's LaTeX comment, printed as text.
_COMMENT = re.compile(r"(?:^|\s)(%[^\W\d_]\w*)")
# Texts up to this long are quoted whole in the hint, decoded; longer ones fragment by fragment.
_WHOLE = 80
# Corrections the hint spells out; the rest are counted.
_SHOWN = 3


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
    plain = _MATH.sub(lambda m: " " * len(m.group(0)), text) if math else text
    depth = 0
    for char in plain:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0 and not _DEBRIS.search(plain):  # PMLR's "{\}%" is debris, not a brace
        yield report(
            doc,
            "text.unbalanced-braces",
            loc,
            f"'{_short(text)}' has unbalanced braces",
            paper=paper,
            hint="Remove the braces: write plain text; capitals are "
            "protected in BibTeX automatically.",
        )
        return
    found = _fragments(plain)
    if found:
        yield _markup(doc, loc, text, found, math, paper)
    comments = [m.start(1) for m in _COMMENT.finditer(plain)]
    if comments:
        where = comments[0]
        word = plain[where:].split()[0]
        more = f" (and {len(comments) - 1} more)" if len(comments) > 1 else ""
        yield report(
            doc,
            "text.latex",
            loc,
            f"'{word}' at character {where + 1} of {len(text)} looks like a LaTeX comment "
            f"kept as text{more}",
            paper=paper,
            hint="LaTeX never printed it: delete the comment, or the '%' if its words belong "
            "to the text.",
        )


def _fragments(plain: str) -> list[tuple[int, int]]:
    """Where ``plain`` holds markup: each (start, end) a whole word or words around it, braces
    balanced, so that each decodes on its own (``{“}what{”}.``, ``M{\\"u}ller``)."""
    spans: list[tuple[int, int]] = []
    for match in _MARKUP.finditer(plain):
        if spans and match.start() < spans[-1][1]:
            continue
        start = _word_start(plain, match.start())
        end = _word_end(plain, match.end())
        while _depth(plain[start:end]) > 0 and end < len(plain):
            end = _word_end(plain, end + 1)
        while _depth(plain[start:end]) < 0 and start > 0:
            start = _word_start(plain, start - 1)
        if spans and start <= spans[-1][1]:
            start = spans.pop()[0]
        spans.append((start, end))
    return spans


def _word_start(text: str, at: int) -> int:
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    while at < len(text) and not text[at].isspace():
        at += 1
    return at


def _depth(text: str) -> int:
    """Open braces less closed ones, escaped braces and PMLR's ``{\\}`` not counted."""
    text = _DEBRIS.sub("", text).replace("\\{", "").replace("\\}", "")
    return text.count("{") - text.count("}")


def _markup(
    doc: YamlDocument,
    loc: tuple[str | int, ...],
    text: str,
    spans: list[tuple[int, int]],
    math: bool,
    paper: str | None,
) -> Problem:
    """One warning for a text's markup: the first fragment quoted with its position, and the
    plain Unicode to write for each fragment that has one reading."""
    fixes: list[tuple[str, str | None]] = []
    for start, end in spans:
        fragment = text[start:end]
        decoded = decode_latex(fragment, markdown=math)
        # A fragment whose markup the decoder kept (an unknown command) or could not read has
        # no one reading: no correction is proposed for it.
        guessed = any("unknown" in r or "could not" in r for r in decoded.remarks)
        fixes.append((fragment, None if guessed else decoded.text))
    start = spans[0][0]
    more = f" (and {len(spans) - 1} more)" if len(spans) > 1 else ""
    where = "" if fixes[0][0] == text else f" at character {start + 1} of {len(text)}"
    message = f"'{_short(fixes[0][0])}'{where} contains LaTeX markup{more}"
    known = [(fragment, fix) for fragment, fix in fixes if fix is not None]
    unsure = [f"'{_short(fragment)}'" for fragment, fix in fixes if fix is None]
    if len(text) <= _WHOLE and not unsure:
        return report(
            doc,
            "text.latex",
            loc,
            message,
            paper=paper,
            hint=f"Write plain Unicode: '{decode_latex(text, markdown=math).text}'.",
        )
    advice = []
    if known:
        shown = [f"'{_short(fix)}' for '{_short(frag)}'" for frag, fix in known[:_SHOWN]]
        if len(known) > _SHOWN:
            shown.append(f"and {len(known) - _SHOWN} more")
        advice.append("Write plain Unicode: " + "; ".join(shown) + ".")
    if unsure:
        advice.append(f"Rewrite {', '.join(unsure[:_SHOWN])} by hand: no one reading.")
    return report(doc, "text.latex", loc, message, paper=paper, hint=" ".join(advice))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."
