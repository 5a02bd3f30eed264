"""The Anthology's XML text -> plain titles and Markdown abstracts, its capitals kept.

The part of the ACL Anthology importer (:mod:`proceedings.importers.anthology`) that reads the
inline markup of ``<title>``, ``<booktitle>`` and ``<abstract>``: ``<i>``, ``<b>`` and ``<tt>``
become Markdown emphasis and code, ``<sub>``/``<sup>`` and ``<tex-math>`` math, ``<url>`` the
URL (:class:`_Markup`). A title is plain text, so markup in it is dropped and noted; its
``<fixed-case>`` words, whose capitals bibliography styles must keep, are compared with what
the BibTeX export protects by its own rules, and any it would not protect is noted
(:func:`read_title`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from proceedings.importers.notes import Context
from proceedings.importers.text import clean_text
from proceedings.latex import needs_protection

__all__ = ["all_text", "read_abstract", "read_title"]

_WRAP = {"i": "*", "b": "**", "tt": "`"}  # inline markup -> Markdown
_SCRIPT = {"sub": "_", "sup": "^"}
_PLAIN_MATH = re.compile(r"^[\w\s.,;:()+\-=<>/'|]*$")
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"  # around <fixed-case> text while words are split


def all_text(element: ET.Element | None) -> str:
    """All the text of ``element`` and its children, markup dropped ("" for no element)."""
    return "".join(element.itertext()) if element is not None else ""


@dataclass
class _Markup:
    """Turns the Anthology's inline markup into text: Markdown (abstracts) or plain (titles).

    ``odd`` collects what had no equivalent (a tag, math kept in a title) for the notes.
    """

    markdown: bool
    odd: list[str] = field(default_factory=list)

    def text(self, element: ET.Element | None, *, mark_fixed: bool = False) -> str:
        """The element's text with its markup converted (``<fixed-case>`` marked on request)."""
        if element is None:
            return ""
        out = [self._escape(element.text)]
        for child in element:
            out.append(self._child(child, mark_fixed))
            out.append(self._escape(child.tail))
        return "".join(out)

    def _escape(self, text: str | None) -> str:
        """Literal text; in Markdown a ``$`` would open math, so it is escaped."""
        text = text or ""
        return text.replace("$", "\\$") if self.markdown else text

    def _child(self, child: ET.Element, mark_fixed: bool) -> str:
        tag = child.tag
        if tag == "tex-math":
            math = all_text(child).strip()
            if not self.markdown and _PLAIN_MATH.match(math):
                return math
            if not self.markdown:
                self.odd.append(f"math ${math}$ kept as written")
            return f"${math}$"
        if tag == "url":
            return all_text(child).strip()
        inner = self.text(child, mark_fixed=mark_fixed)
        if tag == "fixed-case":
            return f"{_MARK_OPEN}{inner}{_MARK_CLOSE}" if mark_fixed else inner
        if not self.markdown or not inner.strip():
            if tag not in _WRAP and tag not in _SCRIPT:
                self.odd.append(f"<{tag}> read as plain text")
            return inner
        lead, core = inner[: len(inner) - len(inner.lstrip())], inner.strip()
        trail = inner[len(inner.rstrip()) :]
        if tag in _WRAP:
            return f"{lead}{_WRAP[tag]}{core}{_WRAP[tag]}{trail}"
        if tag in _SCRIPT:
            core = core if core.isdigit() else f"\\text{{{core}}}"
            return f"{lead}${_SCRIPT[tag]}{{{core}}}${trail}"
        self.odd.append(f"<{tag}> read as plain text")
        return inner


def read_title(element: ET.Element | None, ctx: Context, key: str | None) -> str:
    """A plain-text title; notes the ``<fixed-case>`` words the BibTeX export will not protect."""
    markup = _Markup(markdown=False)
    marked = clean_text(markup.text(element, mark_fixed=True))
    unprotected = []
    for word in marked.split():
        if _MARK_OPEN not in word:
            continue
        core = re.sub(r"^\W+|\W+$", "", word.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, ""))
        if core and not needs_protection(core) and core not in unprotected:
            unprotected.append(core)
    if unprotected:
        words = ", ".join(f"'{w}'" for w in unprotected)
        ctx.note(
            key,
            f"title: the Anthology keeps the capitals of {words} (<fixed-case>); the BibTeX "
            "export protects acronyms, mixed case and known names only, so a style may "
            "lower-case it",
        )
    for odd in dict.fromkeys(markup.odd):
        ctx.note(key, f"title: {odd}")
    return marked.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "")


def read_abstract(element: ET.Element | None, ctx: Context, key: str) -> str:
    """A Markdown abstract; notes markup that has no Markdown equivalent."""
    markup = _Markup(markdown=True)
    abstract = clean_text(markup.text(element), markdown=True)
    for odd in dict.fromkeys(markup.odd):
        ctx.note(key, f"abstract: {odd}")
    return abstract
