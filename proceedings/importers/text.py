"""Text and names as review systems export them -> clean Unicode and given/family names.

Exports carry HTML entities (``Universit&eacute;``), LaTeX escapes (``M{\\"u}ller``), byte-order
marks, tabs, non-breaking and zero-width spaces, and full names as one string. Every importer
puts its texts through :func:`clean_text` and its one-string names through :func:`split_name`,
so the same export quirk is repaired the same way whatever the format. :func:`year_in` and
:func:`cut_short` read what hand-typed texts say (a year in a date or an acronym) or hint at (an
abstract pasted only in part).
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from proceedings.latex import decode_latex
from proceedings.names import fold, is_cjk

__all__ = ["clean_text", "cut_short", "is_group", "split_name", "year_in"]

# Invisible characters exports leave behind: BOM, zero-width spaces and joiners, soft hyphen.
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")
_SPACE = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_LATEX = re.compile(r"\\[A-Za-z\"'`^~=.&%_#$ ]|[{}]|(?<!\w)--(?!\w)|``")
# A Markdown line that starts a block of its own: a list item, a heading, a quote.
_BLOCK_START = re.compile(r"^[^\S\n]*(?:[-*+][^\S\n]|\d{1,3}[.)][^\S\n]|#{1,6}[^\S\n]|>)")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
# How an abstract may end: a full stop, a closing bracket or quote, math or Markdown emphasis.
_ENDS_SENTENCE = re.compile(r"[.!?;:)\]\"'”’$*]\s*$")


def clean_text(value: Any, *, latex: bool = False, markdown: bool = False) -> str:
    """``value`` as one clean line (or paragraphs, with ``markdown``) of NFC Unicode.

    HTML entities are decoded (twice-escaped ``&amp;eacute;`` too), invisible characters go, and
    runs of whitespace (tabs, no-break spaces, double spaces) become one space; with
    ``markdown``, blank lines between paragraphs are kept. With ``latex``, text that looks like
    LaTeX is decoded as well (``{\\"u}`` -> ``ü``, ``--`` -> ``–``), ``$math$`` kept.
    """
    if value is None:
        return ""
    text = str(value)
    for _ in range(2):  # exports sometimes escape entities twice: &amp;eacute;
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = _INVISIBLE.sub("", text)
    if markdown:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        # A blank line may hold any space (an em space, an ideographic one): still blank.
        paragraphs = re.split(r"\n[^\S\n]*\n", text)
    else:
        paragraphs = [text]
    cleaned = (_clean_paragraph(p, latex=latex, markdown=markdown) for p in paragraphs)
    return "\n\n".join(p for p in cleaned if p)


def _clean_paragraph(text: str, *, latex: bool, markdown: bool) -> str:
    """One paragraph: its hard-wrapped lines joined, except that in Markdown a list item, a
    heading or a quote keeps its own line (``- a\n- b`` stays a list of two items)."""
    if not markdown:
        return _clean_line(text, latex=latex, markdown=False)
    blocks: list[str] = []
    for line in text.split("\n"):
        if blocks and not _BLOCK_START.match(line):
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    lines = (_clean_line(block, latex=latex, markdown=True) for block in blocks)
    return "\n".join(line for line in lines if line)


def _clean_line(text: str, *, latex: bool, markdown: bool) -> str:
    """One paragraph: LaTeX decoded if asked (a control space ``\\ `` is a space), NFC, one
    space between words."""
    if latex and _LATEX.search(text):
        text = decode_latex(text.replace("\\ ", " "), markdown=markdown).text
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def year_in(value: Any) -> int | None:
    """The first year (1800-2999) written in ``value`` (``2020-07-01``, ``ISMIR 2023``)."""
    match = _YEAR.search(str(value or ""))
    return int(match.group(1)) if match else None


def cut_short(abstract: str) -> str | None:
    """A note when ``abstract`` ends without a full stop: a form field cut it short, or only
    its first paragraph was pasted."""
    if _ENDS_SENTENCE.search(abstract):
        return None
    return f"abstract: ends '...{abstract[-40:]}' without a full stop; cut short?"


# --- names ----------------------------------------------------------------------------------

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"})
# Particles that belong to the family name even when capitalised (``Ana De La Cruz``); the
# lower-case ones are recognised by case alone, as BibTeX does.
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la",
     "le", "ter", "ten", "zu", "vom", "bin", "ibn", "al", "el", "dalla", "degli"}
)  # fmt: skip
# Chinese family names written with two characters; any other CJK name's family is its first.
_DOUBLE_FAMILIES = frozenset(
    {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "司徒", "夏侯"}
)


# Words that mark an author as a group: "Consortium, Labelling" is the Labelling Consortium.
_GROUP_WORDS = frozenset(
    {"consortium", "collaboration", "collaborative", "group", "initiative", "investigators",
     "committee", "team", "alliance", "network", "society", "association", "organization",
     "organisation"}
)  # fmt: skip


def is_group(*parts: str) -> bool:
    """Whether a name (in any number of parts) is a group's: a consortium, a team..."""
    return any(fold(word) in _GROUP_WORDS for part in parts for word in re.findall(r"\w+", part))


def _is_particle(word: str) -> bool:
    return (word[:1].islower() and word.isalpha()) or word.casefold() in _PARTICLES


def split_name(full: str) -> dict[str, Any]:
    """A person's name written as one string -> ``paper.yaml`` name keys.

    ``Jean-Pierre van der Berg Jr.`` -> given ``Jean-Pierre``, family ``van der Berg``, suffix
    ``Jr.``; ``Berg, Anna`` (family first, with a comma) -> given ``Anna``, family ``Berg``;
    ``Madonna`` -> a mononym; ``王小明`` -> family ``王``, given ``小明`` (printed family first).
    The text is cleaned first. Particles are the lower-case words before the last word, and
    the usual particles when capitalised (``De La Cruz``).
    """
    text = clean_text(full).strip(" ,")
    if not text:
        return {"family": ""}
    if is_group(text):  # "The ABC Consortium" is one name, whatever its commas
        return {"family": text, "mononym": True}
    if "," in text:
        family, _, rest = (part.strip() for part in text.partition(","))
        suffix = ""
        if "," in rest:  # Family, Jr., Given
            middle, _, given = (part.strip() for part in rest.partition(","))
            suffix, rest = (middle, given) if middle.casefold() in _SUFFIXES else ("", rest)
            if not suffix and given.casefold() in _SUFFIXES:  # Family, Given, Jr.
                suffix, rest = given, middle
        elif rest.casefold() in _SUFFIXES:  # Given Family, Jr.
            return {**split_name(family), "suffix": rest}
        out: dict[str, Any] = {"given": rest, "family": family} if rest else {"family": family}
        if suffix:
            out["suffix"] = suffix
        if not rest:
            out["mononym"] = True
        return out
    words = text.split(" ")
    if len(words) == 1:
        if is_cjk(text) and len(text) >= 2:
            size = 2 if text[:2] in _DOUBLE_FAMILIES and len(text) > 2 else 1
            return {"given": text[size:], "family": text[:size]}
        return {"family": text, "mononym": True}
    if all(is_cjk(word) for word in words):  # 王 小明: family first
        return {"given": " ".join(words[1:]), "family": words[0]}
    suffix = ""
    if len(words) > 2 and words[-1].casefold() in _SUFFIXES:
        suffix = words.pop()
    start = len(words) - 1
    for index in range(1, len(words) - 1):
        if _is_particle(words[index]):
            start = index
            break
    out = {"given": " ".join(words[:start]), "family": " ".join(words[start:])}
    if suffix:
        out["suffix"] = suffix
    return out
