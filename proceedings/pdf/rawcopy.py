"""A paper's fonts and resource dictionaries copied as their bytes, not through pypdf's parser.

pypdf copies a page into a writer by parsing every object the page reaches into Python objects
and cloning each: more than half of a paper's stamping, most of it spent on what its pages'
resources reach (fonts, their descriptors and width arrays, colour spaces, graphics states),
which nothing here reads or changes. Those objects are read here as text instead
(:class:`RawObject`): the object's bytes as the file has them, cut at its references, which are
the only part a copy changes. pypdf then copies them (and everything they refer to) like any
other object, by the same references, so the writer, the per-paper PDF and the volume's
segment (:mod:`.serialize`) hold the same objects as before, written as the paper wrote them.

Only what a strict reading finds well formed is taken so; anything else is left to pypdf, as
before: a stream, an object in an object stream or of a later generation, an object whose
header does not match the cross-reference table, a comment, a string with brackets inside, a
name with a NUL or a malformed escape, a name given twice (a repeated key, which qpdf warns
about), a word that is not PDF, or an encrypted file (its strings are encrypted).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    PdfObject,
    StreamObject,
)

_REGULAR = re.escape(bytes(c for c in range(0x21, 0x7F) if c not in b"()<>[]{}/%#"))
_ENDS = rb"(?![" + _REGULAR + rb"#])"  # no character that would belong to the token
_WS = rb"[\t\n\f\r ]"
_TOKEN = re.compile(
    rb"(?P<string>\((?:[^\\()]|\\[\s\S])*\)|<[0-9A-Fa-f\t\n\f\r ]*>)"
    rb"|(?P<ref>(\d{1,10})" + _WS + rb"+(\d{1,5})" + _WS + rb"+R" + _ENDS + rb")"
    rb"|(?P<open><<|\[)|(?P<close>>>|\])"
    rb"|(?P<name>/(?:[" + _REGULAR + rb"]|#(?!00)[0-9A-Fa-f]{2})*" + _ENDS + rb")"
    rb"|(?P<word>(?:[+-]?(?:\d{1,10}(?:\.\d*)?|\.\d+)|true|false|null)" + _ENDS + rb")"
    rb"|(?P<end>endobj" + _ENDS + rb")"
    rb"|(?P<other>[^\t\n\f\r ])"
)
"""One token of an object's body, white space skipped: a string (with no brackets inside: its
text is not read for references), a reference, a bracket, a name (no NUL in it, no malformed
escape), a number or keyword, the object's end, or anything else (the body is not taken: a
comment, ``stream``, a stray ``R``, a NUL, a string with brackets inside...)."""
_HEADER = re.compile(rb"[\t\n\f\r ]*(\d+)[\t\n\f\r ]+0[\t\n\f\r ]+obj" + _ENDS)


class RawObject(PdfObject):
    """An object as the file wrote it: ``parts`` of its bytes, and between each two, one of
    ``refs`` (so ``len(parts) == len(refs) + 1``)."""

    def __init__(self, parts: tuple[bytes, ...], refs: tuple[IndirectObject, ...]) -> None:
        self.parts = parts
        self.refs = refs

    def clone(
        self,
        pdf_dest: Any,
        force_duplicate: bool = False,
        ignore_fields: Any = (),
    ) -> PdfObject:
        """The object in ``pdf_dest``, and what it refers to, as pypdf clones a dictionary:
        registered first, so that a reference back to it finds the copy."""
        fresh = RawObject(self.parts, ())
        copy = self._reference_clone(fresh, pdf_dest, force_duplicate)
        if copy is fresh:
            fresh.refs = tuple(
                ref.clone(pdf_dest, force_duplicate, ignore_fields) for ref in self.refs
            )
        return copy

    def hash_bin(self) -> int:
        return hash((RawObject, self.parts, tuple((r.idnum, r.generation) for r in self.refs)))

    def write_to_stream(self, stream: Any, encryption_key: Any = None) -> None:
        for part, ref in zip(self.parts, self.refs, strict=False):
            stream.write(part)
            stream.write(b"%d %d R" % (ref.idnum, ref.generation))
        stream.write(self.parts[-1])

    def __repr__(self) -> str:
        return f"RawObject({b''.join(self.parts)[:40]!r}...)"


def read_raw(reader: PdfReader, data: bytes) -> None:
    """Put in ``reader``'s cache, as :class:`RawObject`, the objects its pages' resources
    reach that are well formed (see the module docstring), so that copying its pages copies
    them as bytes. Call it once the pages, their links and bookmarks have been read (what is
    parsed already stays parsed)."""
    if reader.is_encrypted:
        return
    offsets = reader.xref.get(0, {})
    stack: list[int] = []
    for page in reader.pages:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject):
            continue
        for kind in resources.values():
            stack.extend(_references(kind.get_object()))
    seen: set[int] = set()
    while stack:
        number = stack.pop()
        if number in seen:
            continue
        seen.add(number)
        found = reader.resolved_objects.get((0, number))
        if found is None and number not in reader.xref_objStm:
            raw = _raw(reader, data, number, offsets.get(number))
            if raw is not None:
                reader.cache_indirect_object(0, number, raw)
                stack.extend(ref.idnum for ref in raw.refs if ref.generation == 0)
                continue
        obj = found if found is not None else reader.get_object(number)
        if isinstance(obj, RawObject):
            continue
        stack.extend(_references(obj))


def _references(obj: PdfObject | None) -> Iterator[int]:
    """The numbers of the objects a parsed object refers to (generation 0), through its
    direct dictionaries and arrays (a stream: through its dictionary)."""
    if isinstance(obj, IndirectObject):
        if obj.generation == 0:
            yield obj.idnum
    elif isinstance(obj, (DictionaryObject, StreamObject)):
        for value in obj.values():
            yield from _references(value)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            yield from _references(item)


def _raw(reader: PdfReader, data: bytes, number: int, offset: int | None) -> RawObject | None:
    """Object ``number`` at ``offset`` in ``data``, if it is one well-formed value that is
    not a stream: brackets that match, dictionaries of name keys (none twice) and values."""
    if offset is None or not 0 <= offset < len(data):
        return None
    header = _HEADER.match(data, offset)
    if header is None or int(header.group(1)) != number:
        return None
    start = header.end()
    parts: list[bytes] = []
    refs: list[IndirectObject] = []
    at = start
    # The open containers: a dictionary's keys seen (None for an array), and its items
    # counted (in a dictionary, a key comes at each even count).
    open_: list[tuple[set[bytes] | None, list[int]]] = []
    values = 0  # at the top
    for token in _TOKEN.finditer(data, start):
        kind = token.lastgroup
        if kind == "end":
            if open_ or values != 1:
                return None
            parts.append(data[at : token.start()])
            return RawObject(tuple(parts), tuple(refs))
        if kind == "other":
            return None
        if kind == "open":
            open_.append((set() if token.group() == b"<<" else None, [0]))
            continue
        if kind == "close":
            if not open_ or (open_[-1][0] is not None) != (token.group() == b">>"):
                return None
            keys, count = open_.pop()
            if keys is not None and count[0] % 2:
                return None
        elif kind == "ref":
            parts.append(data[at : token.start()])
            refs.append(IndirectObject(int(token.group(3)), int(token.group(4)), reader))
            at = token.end()
        if not open_:
            values += 1
            continue
        keys, count = open_[-1]
        if keys is not None and count[0] % 2 == 0:  # a key
            key = token.group()
            # (A key written with an escape could be another's twin: not taken either.)
            if kind != "name" or key in keys or b"#" in key:
                return None
            keys.add(key)
        count[0] += 1
    return None
