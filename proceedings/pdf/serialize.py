"""PDF objects serialized once, numbered later: how cached work is reused byte for byte.

A pypdf writer numbers its objects as it goes and writes every reference as that number, so a
paper's serialized pages would be bound to where the paper sat in one volume. Here objects are
written with pypdf's own writers for every value but with the places of their references left
open (:class:`Encoded`): a block of objects is numbered only when the file is put together
(:func:`write_file`), so the bytes of an unchanged paper are reused verbatim whatever changed
before it, and a rebuild from cached blocks gives exactly the bytes of a clean build.

A block's references lead to its own objects (by their index in the block) or to objects
outside it, by name (``pages``, ``sheet:12``...), which the file resolves. Objects are found
from the block's roots, in order, so what nothing references is not written.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
)


@dataclass(frozen=True)
class Encoded:
    """Objects' bodies, one after another in ``blob``; object ``i`` ends at ``ends[i]``. At
    ``slots[j]`` goes the reference to ``targets[j]``: an index in the block when >= 0, else
    ``externals[-targets[j] - 1]``, a name the file resolves."""

    blob: bytes
    ends: tuple[int, ...]
    slots: tuple[int, ...]
    targets: tuple[int, ...]
    externals: tuple[str, ...]

    def header(self) -> dict[str, Any]:
        """Everything but the blob, as JSON data (for the cache)."""
        return {
            "ends": list(self.ends),
            "slots": list(self.slots),
            "targets": list(self.targets),
            "externals": list(self.externals),
        }

    @classmethod
    def from_header(cls, header: Mapping[str, Any], blob: bytes) -> Encoded:
        return cls(
            blob,
            tuple(header["ends"]),
            tuple(header["slots"]),
            tuple(header["targets"]),
            tuple(header["externals"]),
        )


class Encoder:
    """Serializes a writer's objects reachable from the roots given, in the order found.

    ``external`` names the objects that stay outside the block (by their writer number), or
    returns None for the block's own.
    """

    def __init__(self, writer: PdfWriter, external: Callable[[int], str | None]) -> None:
        self.writer = writer
        self.external = external
        self.index: dict[int, int] = {}  # writer number -> index in the block
        self._queue: list[int] = []
        self._externals: dict[str, int] = {}

    def root(self, ref: IndirectObject) -> int:
        """Add a root; return its index in the block."""
        return self._local(ref.idnum)

    def _local(self, idnum: int) -> int:
        found = self.index.get(idnum)
        if found is None:
            found = self.index[idnum] = len(self._queue)
            self._queue.append(idnum)
        return found

    def encode(self) -> Encoded:
        """Serialize the roots and everything they reach."""
        out = BytesIO()
        ends: list[int] = []
        slots: list[int] = []
        targets: list[int] = []
        done = 0
        while done < len(self._queue):
            obj = self.writer._objects[self._queue[done] - 1]
            assert obj is not None  # only live objects are queued (see _reference)
            self._write(obj, out, slots, targets)
            ends.append(out.tell())
            done += 1
        return Encoded(
            out.getvalue(), tuple(ends), tuple(slots), tuple(targets), tuple(self._externals)
        )

    def _reference(self, ref: IndirectObject, out: BytesIO, slots: list[int], t: list[int]) -> None:
        if ref.pdf is not self.writer:
            raise ValueError(f"a reference to object {ref.idnum} of another document")
        name = self.external(ref.idnum)
        if name is not None:
            slots.append(out.tell())
            t.append(-self._externals.setdefault(name, len(self._externals)) - 1)
            return
        if ref.idnum > len(self.writer._objects) or self.writer._objects[ref.idnum - 1] is None:
            out.write(b"null")  # a reference to a deleted object reads as null
            return
        slots.append(out.tell())
        t.append(self._local(ref.idnum))

    def _write(self, obj: PdfObject, out: BytesIO, slots: list[int], t: list[int]) -> None:
        """pypdf's ``write_to_stream``, with references left open."""
        if isinstance(obj, IndirectObject):
            self._reference(obj, out, slots, t)
        elif isinstance(obj, StreamObject):
            data = obj._data
            if isinstance(obj, ContentStream) and not data:
                data = obj.get_data()
            self._dictionary(obj, out, slots, t, length=len(data))
            out.write(b"\nstream\n")
            out.write(data)
            out.write(b"\nendstream")
        elif isinstance(obj, DictionaryObject):
            self._dictionary(obj, out, slots, t)
        elif isinstance(obj, ArrayObject):
            out.write(b"[")
            for item in obj:
                out.write(b" ")
                self._write(item, out, slots, t)
            out.write(b" ]")
        elif isinstance(obj, NameObject):
            out.write(_name(obj))
        elif isinstance(obj, NumberObject):
            out.write(b"%d" % obj)
        else:
            obj.write_to_stream(out)

    def _dictionary(
        self,
        obj: DictionaryObject,
        out: BytesIO,
        slots: list[int],
        t: list[int],
        length: int | None = None,
    ) -> None:
        out.write(b"<<\n")
        for key, value in obj.items():
            if (len(key) > 2 and key[1] == "%" and key[-1] == "%") or (
                length is not None and key == "/Length"
            ):
                continue
            out.write(_name(key))
            out.write(b" ")
            self._write(value, out, slots, t)
            out.write(b"\n")
        if length is not None:
            out.write(b"/Length %d\n" % length)
        out.write(b">>")


# No name may hold a NUL, not even escaped (PDF 32000-1, 7.3.5): pypdf writes one as ``#00``,
# which qpdf rejects ("null character not allowed in name token"). Since :mod:`.sources`
# reads a NUL after a name as the white space it is, one gets into a name only from a broken
# escape (``/A#00``, or a stray ``/A#0`` that pypdf reads as ``#00``); it is left out, in the
# volume and in the per-paper PDFs pypdf writes alike.
NameObject.renumber_table["\x00"] = b""


@functools.cache
def _name(name: str) -> bytes:
    """A name as pypdf writes it (escaped), once per name: the same few hundred recur."""
    return NameObject(name).renumber()


@dataclass(frozen=True)
class Block:
    """An encoded block placed in the file: its first object number and how its external
    names resolve to object numbers."""

    encoded: Encoded
    first: int
    resolve: Mapping[str, int]


def write_file(header: bytes, blocks: Sequence[Block], trailer: Mapping[str, bytes]) -> bytes:
    """The whole file: header, every block's objects numbered from its ``first``, a classic
    cross-reference table and the trailer (``trailer`` maps keys such as ``/Root`` to their
    serialized values; ``/Size`` is added, and an ``/ID`` that hashes the content, as
    :func:`.stamped.finish` makes it)."""
    parts: list[bytes] = [header + b"\n%\xe2\xe3\xcf\xd3\n"]
    at = len(parts[0])
    offsets: dict[int, int] = {}
    for block in blocks:
        enc = block.encoded
        numbers = [block.resolve[name] for name in enc.externals]
        blob, slots, targets = enc.blob, enc.slots, enc.targets
        slot, nslots, pos = 0, len(slots), 0
        for index, end in enumerate(enc.ends):
            number = block.first + index
            offsets[number] = at
            piece = b"%d 0 obj\n" % number
            parts.append(piece)
            at += len(piece)
            while slot < nslots and slots[slot] < end:
                cut, target = slots[slot], targets[slot]
                ref = b"%d 0 R" % (block.first + target if target >= 0 else numbers[-target - 1])
                parts += (blob[pos:cut], ref)
                at += cut - pos + len(ref)
                pos = cut
                slot += 1
            parts += (blob[pos:end], b"\nendobj\n")
            at += end - pos + 8
            pos = end
    size = max(offsets, default=0) + 1
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    xref += [
        b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
        for n in range(1, size)
    ]
    fields = b"".join(b"%s %s\n" % (key.encode(), value) for key, value in trailer.items())
    placeholder = b"<" + b"0" * 32 + b">"
    tail = b"trailer\n<<\n/Size %d\n%s/ID [ %s %s ]\n>>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        fields,
        placeholder,
        placeholder,
        at,
    )
    digest = hashlib.sha256()
    for part in (*parts, *xref, tail):
        digest.update(part)
    return b"".join([*parts, *xref, tail.replace(placeholder, digest_text(digest.digest()))])


def digest_text(digest: bytes) -> bytes:
    """The file identifier written for a content hash: its first 16 bytes, in hex."""
    return b"<" + digest[:16].hex().encode() + b">"


def references(numbers: Iterable[int]) -> bytes:
    """``[ 4 0 R 7 0 R ]``."""
    return b"[" + b"".join(b" %d 0 R" % n for n in numbers) + b" ]"
