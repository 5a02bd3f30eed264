"""Volume -> problems with invisible characters in any text of ``source/*.yaml`` and ``paper.yaml``.

YAML lets a double-quoted text hold any character as an escape (``"\\0"``, ``"\\x85"``,
``"\\uFFFF"``), and review systems export what authors pasted from PDFs. A control character is
invisible on the page, yet it breaks BibTeX, is refused by XML (Crossref) and ends up in the
site's HTML. So every text of every source file is read, whatever its field, and each control
character, lone surrogate or noncharacter is an error that names the field and the position.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from proceedings.checks.codes import report
from proceedings.errors import Problem
from proceedings.model import Volume
from proceedings.yamlfile import YamlDocument

_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BACKSPACE",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}


# What is_forbidden refuses, as one character class: C0 but tab and line feed, DEL and C1 (the
# Cc category), surrogates (Cs), U+FDD0-U+FDEF, and U+xFFFE/U+xFFFF in each of the 17 planes.
# Searching a text for it runs in C: a 2,600-paper volume has 2.5 million characters to read.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)


def check_characters(volume: Volume) -> Iterator[Problem]:
    """Every text of the volume's source files holding a control character or a noncharacter."""
    for key, doc in volume.sources.items():
        paper = key.removeprefix("paper:") if key.startswith("paper:") else None
        yield from _walk(doc, doc.data, (), paper)


def is_forbidden(char: str) -> bool:
    """Whether ``char`` has no place in a text: a control character (C0 but tab and line feed,
    DEL, C1), a lone surrogate, or a noncharacter such as U+FFFE and U+FFFF."""
    return _FORBIDDEN.fullmatch(char) is not None


def _walk(
    doc: YamlDocument, value: Any, loc: tuple[str | int, ...], paper: str | None
) -> Iterator[Problem]:
    if isinstance(value, str):
        yield from _check(doc, value, loc, paper)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(doc, item, (*loc, str(key)), paper)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(doc, item, (*loc, index), paper)


def _check(
    doc: YamlDocument, text: str, loc: tuple[str | int, ...], paper: str | None
) -> Iterator[Problem]:
    found = [(match.start(), match[0]) for match in _FORBIDDEN.finditer(text)]
    if not found:
        return
    position, char = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    # The character itself is never quoted: it is invisible, or worse, in a terminal.
    yield report(
        doc,
        "text.control-character",
        loc,
        f"{_describe(char)} at character {position + 1} of {len(text)}{more}",
        paper=paper,
        hint="Delete it (or put a space where it separates two words); it is invisible in "
        "print, and BibTeX, Crossref's XML and the site cannot carry it.",
    )


def _describe(char: str) -> str:
    code = ord(char)
    name = _NAMES.get(code)
    if unicodedata.category(char) == "Cs":
        kind = "a lone surrogate"
    elif unicodedata.category(char) == "Cc":
        kind = "a control character"
    else:
        kind = "a noncharacter"
    return f"{kind} U+{code:04X}" + (f" ({name})" if name else "")
