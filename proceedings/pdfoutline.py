"""A PDF's outline, its first levels only: (depth, title, page index) of each entry, in order.

The volume's outline holds the front-matter chapters, the parts and the papers, and under each
paper that paper's own bookmarks. The PDF stage checks the first two levels against the layout
(:mod:`proceedings.pdf.verify`) and the packages cut a front-matter chapter out of the built
volume by its entry (:mod:`proceedings.packages.files`): both read the outline here, walking the
tree only as deep as they ask (pypdf's ``reader.outline`` would parse every paper's own
bookmarks too), each node once, so a looping outline ends.
"""

from __future__ import annotations

from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

OutlineEntry = tuple[int, str, int | None]
"""One entry: its depth (0 at the top), its title, the index of the page it leads to (None:
it leads nowhere, or to no page of the document)."""


def outline_entries(reader: PdfReader, pages: dict[int, int], depth: int = 2) -> list[OutlineEntry]:
    """The outline's first ``depth`` levels, in order; ``pages`` maps each page's object number
    to its index (the page an entry's destination names)."""
    flat: list[OutlineEntry] = []
    seen: set[int] = set()

    def target(item: DictionaryObject) -> int | None:
        dest = item.get("/Dest")
        action = item.get("/A")
        action = action.get_object() if action is not None else None
        if dest is None and isinstance(action, DictionaryObject):
            dest = action.get("/D")
        dest = dest.get_object() if dest is not None else None
        if isinstance(dest, ArrayObject) and dest and isinstance(dest[0], IndirectObject):
            return pages.get(dest[0].idnum)
        return None

    def walk(first: Any, level: int) -> None:
        node = first
        while node is not None and level < depth:
            ref = node.idnum if isinstance(node, IndirectObject) else id(node)
            item = node.get_object()
            if ref in seen or not isinstance(item, DictionaryObject):
                return
            seen.add(ref)
            flat.append((level, str(item.get("/Title", "")), target(item)))
            walk(item.get("/First"), level + 1)
            node = item.get("/Next")

    root = reader.root_object.get("/Outlines")
    root = root.get_object() if root is not None else None
    if isinstance(root, DictionaryObject):
        walk(root.get("/First"), 0)
    return flat
