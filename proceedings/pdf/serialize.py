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
import struct
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import IO, Any, BinaryIO

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

from proceedings.pdf.rawcopy import RawObject


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

    @property
    def count(self) -> int:
        """How many objects the block holds."""
        return len(self.ends)

    def pack(self) -> bytes:
        """The block as bytes (but its external names: see :meth:`unpack`): the three counts,
        the offsets as 64-bit integers, then the blob. What the cache stores and the spool
        holds; read back without a parser."""
        arrays = (self.ends, self.slots, self.targets)
        head = struct.pack("<3Q", *(len(a) for a in arrays))
        return b"".join([head, *(array("q", a).tobytes() for a in arrays), self.blob])

    @staticmethod
    def objects(data: bytes) -> int:
        """How many objects a packed block holds."""
        count: int = struct.unpack_from("<Q", data)[0]
        return count

    @classmethod
    def unpack(cls, data: bytes, externals: Sequence[str]) -> Encoded:
        """A block packed by :meth:`pack`, with its external names."""
        counts = struct.unpack_from("<3Q", data)
        at = 24
        arrays = []
        for count in counts:
            found = array("q")
            found.frombytes(data[at : at + 8 * count])
            arrays.append(tuple(found))
            at += 8 * count
        ends, slots, targets = arrays
        return cls(data[at:], ends, slots, targets, tuple(externals))


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
        elif isinstance(obj, RawObject):
            obj.write(out, lambda ref: self._reference(ref, out, slots, t))
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


@functools.lru_cache(maxsize=1 << 16)
def _name(name: str) -> bytes:
    """A name as pypdf writes it (escaped), once per name: the same few hundred recur."""
    return NameObject(name).renumber()


def _write_name(name: NameObject, stream: IO[Any]) -> None:
    stream.write(_name(name))


# pypdf's writer escapes a name character by character each time it writes it: a third of
# the time a per-paper PDF takes to write, for the same few hundred names again and again.
NameObject.write_to_stream = _write_name  # type: ignore[method-assign,assignment]


@dataclass(frozen=True)
class Block:
    """An encoded block placed in the file: its first object number and how its external
    names resolve to object numbers."""

    encoded: Encoded
    first: int
    resolve: Mapping[str, int]


class Spool:
    """Packed blocks kept on disk until the file is written: the segments of a volume, which
    is written only once every paper's segment is made (the frame, first in the file, numbers
    them all), need not fit in memory. An unnamed temporary file in ``folder`` (the build
    folder: the system's temporary folder may be memory)."""

    def __init__(self, folder: str | None = None) -> None:
        self._folder = folder or tempfile.gettempdir()
        try:
            self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (closed by close())
        except OSError as exc:
            raise self._named(exc) from exc
        self._end = 0

    def add(self, data: bytes) -> tuple[int, int]:
        """Keep ``data``; return where it is (offset, length)."""
        where = (self._end, len(data))
        try:
            self._file.seek(self._end)
            self._file.write(data)
        except OSError as exc:
            raise self._named(exc) from exc
        self._end += len(data)
        return where

    def read(self, where: tuple[int, int]) -> bytes:
        """The data kept at ``where``."""
        offset, length = where
        self._file.seek(offset)
        data = self._file.read(length)
        if len(data) != length:
            raise OSError(f"the build's spool file lost {length - len(data)} bytes")
        return data

    def _named(self, exc: OSError) -> OSError:
        """The error naming the folder (a full disk names no file): the user's to fix."""
        return exc if exc.errno is None else OSError(exc.errno, exc.strerror, self._folder)

    def close(self) -> None:
        self._file.close()


class _Out:
    """The file being written: its bytes go out and into the ``/ID`` digest; ``at`` is
    where the next byte goes."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.digest = hashlib.sha256()
        self.at = 0

    def write(self, data: bytes | bytearray) -> None:
        self.out.write(data)
        self.digest.update(data)
        self.at += len(data)


def write_file(
    out: BinaryIO, header: bytes, blocks: Iterable[Block], trailer: Mapping[str, bytes]
) -> None:
    """Write the whole file to ``out``: header, every block's objects numbered from its
    ``first``, a classic cross-reference table and the trailer (``trailer`` maps keys such as
    ``/Root`` to their serialized values; ``/Size`` is added, and an ``/ID`` that hashes the
    content, as :func:`.stamped.finish` makes it). Blocks are taken one at a time (each may be
    read from a :class:`Spool` as it comes), and only each object's offset is kept."""
    file = _Out(out)
    file.write(header + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = array("q")  # object number -> its offset, -1 where there is none
    for block in blocks:
        enc = block.encoded
        if len(offsets) < block.first + enc.count:
            offsets.extend([-1] * (block.first + enc.count - len(offsets)))
        first = block.first
        numbers = [block.resolve[name] for name in enc.externals]
        # Each reference's bytes, in slot order: the block's own by their number in the file.
        refs = [b"%d 0 R" % (first + t if t >= 0 else numbers[-t - 1]) for t in enc.targets]
        blob, slots = memoryview(enc.blob), enc.slots
        # The block is put together here and written at once: a write per piece (a few
        # hundred thousand for a volume) cost more than the pieces.
        out_block = bytearray()
        base = file.at
        slot, nslots, pos = 0, len(slots), 0
        for index, end in enumerate(enc.ends):
            number = first + index
            offsets[number] = base + len(out_block)
            out_block += b"%d 0 obj\n" % number
            while slot < nslots and slots[slot] < end:
                cut = slots[slot]
                out_block += blob[pos:cut]
                out_block += refs[slot]
                pos = cut
                slot += 1
            out_block += blob[pos:end]
            out_block += b"\nendobj\n"
            pos = end
        file.write(out_block)
    size = max(len(offsets), 1)
    start = file.at
    file.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    free = b"0000000000 65535 f \n"
    for at in _chunks(offsets, 1, 4096):
        file.write(b"".join(b"%010d 00000 n \n" % o if o >= 0 else free for o in at))
    fields = b"".join(b"%s %s\n" % (key.encode(), value) for key, value in trailer.items())
    placeholder = b"<" + b"0" * 32 + b">"
    tail = b"trailer\n<<\n/Size %d\n%s/ID [ %s %s ]\n>>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        fields,
        placeholder,
        placeholder,
        start,
    )
    file.digest.update(tail)
    out.write(tail.replace(placeholder, digest_text(file.digest.digest())))


def _chunks(items: array[int], start: int, size: int) -> Iterator[array[int]]:
    for at in range(start, len(items), size):
        yield items[at : at + size]


def digest_text(digest: bytes) -> bytes:
    """The file identifier written for a content hash: its first 16 bytes, in hex."""
    return b"<" + digest[:16].hex().encode() + b">"


def references(numbers: Iterable[int]) -> bytes:
    """``[ 4 0 R 7 0 R ]``."""
    return b"[" + b"".join(b" %d 0 R" % n for n in numbers) + b" ]"
