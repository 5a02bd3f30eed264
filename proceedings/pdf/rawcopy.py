"""What a paper's pages reach copied as the paper's bytes, not through pypdf's parser.

pypdf copies a page into a writer by parsing every object the page reaches into Python objects
and cloning each: more than half of a paper's stamping, most of it spent on what its pages'
contents and resources reach (content streams, fonts with their descriptors, width arrays and
programs, images, colour spaces, graphics states), which nothing here reads or changes. Those
objects are read here as text instead (:class:`RawObject`): the object's bytes as the file has
them, cut at its references, which are the only part a copy changes (a stream's data is kept
as stored, still encoded). pypdf then copies them, and everything they refer to, like any other
object, by the same references, so the writer, the per-paper PDF and the volume's segment
(:mod:`.serialize`) hold the same objects as before, written as the paper wrote them. What the
stamps change (pages, their resource dictionaries, the arrays listing their content streams),
and annotations and bookmarks, stay pypdf's.

Only what a strict reading finds well formed is taken so; anything else is left to pypdf, as
before: an object in an object stream (pypdf reads those whole) or of a later generation, an
object whose header does not match the cross-reference table, a stream whose ``/Length`` is
not a number that ends its data at ``endstream``, a comment, a string with brackets inside, a
name with a NUL or a malformed escape, a key given twice (qpdf warns of it), a word that is not
PDF, or any object of an encrypted file (its strings are encrypted).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
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
_REF = rb"\d{1,10}" + _WS + rb"+\d{1,5}" + _WS + rb"+R" + _ENDS
_NUMBER = rb"[+-]?(?:\d{1,10}(?:\.\d*)?|\.\d+)" + _ENDS
_TOKEN = re.compile(
    rb"(?P<string>\((?:[^\\()]|\\[\s\S])*\)|<[0-9A-Fa-f\t\n\f\r ]*>)"
    rb"|(?P<ref>" + _REF + rb")"
    rb"|(?P<numbers>(?:(?!" + _REF + rb")" + _NUMBER + _WS + rb"*){2,})"
    rb"|(?P<open><<|\[)|(?P<close>>>|\])"
    rb"|(?P<name>/(?:[" + _REGULAR + rb"]|#(?!00)[0-9A-Fa-f]{2})*" + _ENDS + rb")"
    rb"|(?P<word>(?:" + _NUMBER + rb"|(?:true|false|null)" + _ENDS + rb"))"
    rb"|(?P<end>endobj" + _ENDS + rb")|(?P<stream>stream(?:\r\n|\n))"
    rb"|(?P<other>[^\t\n\f\r ])"
)
"""One token of an object's body, white space skipped: a string (with no brackets inside: its
text is not read for references), a reference, numbers in a row (a width array's, read at
once: only in an array may two values follow each other unpaired), a bracket, a name (no NUL
in it, no malformed escape), a number or keyword, the object's end or its stream's start, or
anything else (the body is not taken: a comment, a stray ``R``, a NUL, a string with brackets
inside...)."""
_STREAM_END = re.compile(rb"(?:\r\n|\n|\r)?endstream" + _ENDS + rb"[\t\n\f\r ]*endobj" + _ENDS)
"""What follows a stream's data, when its ``/Length`` is right."""
_HEADER = re.compile(rb"[\t\n\f\r ]*(\d+)[\t\n\f\r ]+0[\t\n\f\r ]+obj" + _ENDS)


class RawObject(PdfObject):
    """An object as the file wrote it: ``parts`` of its bytes, and between each two, one of
    ``refs`` (so ``len(parts) == len(refs) + 1``); for a stream, its dictionary so, and its
    ``data`` as stored (still encoded)."""

    def __init__(
        self, parts: tuple[bytes, ...], refs: tuple[IndirectObject, ...], data: bytes | None = None
    ) -> None:
        self.parts = parts
        self.refs = refs
        self.data = data

    def clone(
        self,
        pdf_dest: Any,
        force_duplicate: bool = False,
        ignore_fields: Any = (),
    ) -> PdfObject:
        """The object in ``pdf_dest``, and what it refers to, as pypdf clones a dictionary:
        registered first, so that a reference back to it finds the copy."""
        fresh = RawObject(self.parts, (), self.data)
        copy = self._reference_clone(fresh, pdf_dest, force_duplicate)
        if copy is fresh:
            fresh.refs = tuple(
                ref.clone(pdf_dest, force_duplicate, ignore_fields) for ref in self.refs
            )
        return copy

    def write_to_stream(self, stream: Any, encryption_key: Any = None) -> None:
        self.write(stream, lambda ref: stream.write(b"%d %d R" % (ref.idnum, ref.generation)))

    def write(self, out: Any, reference: Callable[[IndirectObject], None]) -> None:
        """Write the object to ``out``, each reference by ``reference`` (which writes it)."""
        for part, ref in zip(self.parts, self.refs, strict=False):
            out.write(part)
            reference(ref)
        out.write(self.parts[-1])
        if self.data is not None:
            out.write(b"stream\n")
            out.write(self.data)
            out.write(b"\nendstream")

    def __repr__(self) -> str:
        return f"RawObject({b''.join(self.parts)[:40]!r}...)"


def read_raw(reader: PdfReader, data: bytes) -> None:
    """Put in ``reader``'s cache, as :class:`RawObject`, the objects its pages' contents and
    resources reach that are well formed (see the module docstring), so that copying its pages
    copies them as bytes. Call it once the pages, their links and bookmarks have been read
    (what is parsed already stays parsed)."""
    if reader.is_encrypted:
        return
    offsets = reader.xref.get(0, {})
    # Objects to read: (number, whether only a stream may be taken). A page's content streams
    # are taken, not the array that lists them, which the stamps extend.
    stack: list[tuple[int, bool]] = []
    for page in reader.pages:
        stack.extend((number, True) for number in _references(page.get("/Contents")))
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject):
            continue
        for kind in resources.values():
            stack.extend((number, False) for number in _references(kind.get_object()))
    seen: set[int] = set()
    while stack:
        number, streams_only = stack.pop()
        if number in seen:
            continue
        seen.add(number)
        found = reader.resolved_objects.get((0, number))
        if found is None and number not in reader.xref_objStm:
            raw = _raw(reader, data, number, offsets.get(number))
            if raw is not None and (raw.data is not None or not streams_only):
                reader.cache_indirect_object(0, number, raw)
                stack.extend((r.idnum, False) for r in raw.refs if r.generation == 0)
                continue
        obj = found if found is not None else reader.get_object(number)
        if isinstance(obj, RawObject):
            continue
        # (A page's contents given as an array object: its streams may be taken.)
        stack.extend((n, streams_only) for n in _references(obj))


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
    """Object ``number`` at ``offset`` in ``data``, if it is one well-formed value (brackets
    that match, dictionaries of name keys, none twice, and values), or a stream whose
    dictionary is so and whose ``/Length`` is a number that ends its data at ``endstream``."""
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
    length: int | None = None  # the top dictionary's /Length, when a number
    top_key = b""  # the top dictionary's last key
    for token in _TOKEN.finditer(data, start):
        kind = token.lastgroup
        if kind == "end":
            if open_ or values != 1:
                return None
            parts.append(data[at : token.start()])
            return RawObject(tuple(parts), tuple(refs))
        if kind == "stream":
            end = token.end() + (length if length is not None else -1)
            if open_ or values != 1 or length is None or not _STREAM_END.match(data, end):
                return None
            parts.append(data[at : token.start()])
            return RawObject(tuple(parts), tuple(refs), data[token.end() : end])
        if kind == "other":
            return None
        if kind == "numbers":
            if not open_ or open_[-1][0] is not None:
                return None  # two values at the top, or a number where a key goes
            continue
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
            idnum, generation, _ = token.group().split()
            refs.append(IndirectObject(int(idnum), int(generation), reader))
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
            if len(open_) == 1:
                top_key = key
        elif len(open_) == 1 and top_key == b"/Length":
            value = token.group()
            length = int(value) if kind == "word" and value.isdigit() else None
        count[0] += 1
    return None
