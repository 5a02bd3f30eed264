"""Volume + layout -> the PDF volume: front matter, stamped papers, back matter, per-paper PDFs.

Typesetting (typst: :mod:`.frontmatter`, :mod:`.stamp`) and assembling (pypdf:
:mod:`.assemble`) meet in :class:`.typeset.Typeset`: a PDF plus the places on its pages that the
assembly turns into outline entries and links. :func:`write_pdfs` runs the stage: it typesets,
assembles, reads the numbers back (:mod:`.verify`) and only then writes the files. Work that
has not changed since the last build comes from the cache (:mod:`.cache`), ``.cache/pdf/``
beside ``out``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from proceedings.errors import ProceedingsError
from proceedings.layout import PDF_INK, Layout
from proceedings.model import Volume
from proceedings.output import write_atomic
from proceedings.pdfink import InkQueue


def write_pdfs(
    volume: Volume, layout: Layout, out: Path, cache: Path | None = None
) -> tuple[list[Path], list[str]]:
    """Write ``<key>.pdf`` and ``papers/<id>.pdf`` under ``out``; return them and the notes.

    Nothing is written, not even to the cache (``cache``, by default ``.cache/pdf`` beside
    ``out``), when the read-back check finds a page label, a stamped number, an outline entry
    or a link that disagrees with the layout: the error names the paper.
    """
    from proceedings.pdf.assemble import build_pdfs
    from proceedings.pdf.cache import PdfCache
    from proceedings.pdf.frontmatter import (
        render_author_index,
        render_front_matter,
        render_part_page,
    )
    from proceedings.pdf.verify import verify

    store = PdfCache(cache if cache is not None else out.parent / ".cache" / "pdf")
    front = render_front_matter(volume, layout, store)
    parts = {
        opening.part: render_part_page(
            volume, opening.part, layout.part_number(opening.part) or 0, store
        )
        for opening in layout.parts
    }
    back = render_author_index(volume, layout, store)
    facts = out.parent / PDF_INK

    def measure(paths: Sequence[Path]) -> InkQueue:
        return InkQueue(paths, facts)

    outputs = build_pdfs(volume, layout, front, parts, back, cache=store, measure=measure)
    mismatches = verify(volume, layout, outputs.volume, outputs.front_pages, outputs.reused)
    if mismatches:
        raise ProceedingsError(
            "\n".join([*mismatches, "the PDF volume disagrees with the layout; nothing written"])
        )
    written = [out / f"{volume.info.slug}.pdf"]
    write_atomic(written[0], outputs.volume)
    for paper_id, pdf in outputs.papers.items():
        path = out / "papers" / f"{paper_id}.pdf"
        write_atomic(path, pdf)
        written.append(path)
    # A paper removed or made non-archival since the last build must not keep a stamped PDF
    # with page numbers the volume no longer has.
    for stale in set((out / "papers").glob("*.pdf")) - set(written):
        stale.unlink(missing_ok=True)  # another build may have removed it already
    store.commit()
    store.prune(("typst", "segments", "papers"))
    return written, [*outputs.notes, *store.notes]
