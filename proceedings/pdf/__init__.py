"""Volume + layout -> the PDF volume: front matter, stamped papers, back matter, per-paper PDFs.

Typesetting (typst: :mod:`.frontmatter`, :mod:`.stamp`) and assembling (pypdf:
:mod:`.assemble`) meet in :class:`.typeset.Typeset`: a PDF plus the places on its pages that the
assembly turns into outline entries and links. :func:`write_pdfs` runs the stage: it typesets,
assembles, reads the numbers back (:mod:`.verify`) and only then writes the files. Work that
has not changed since the last build comes from the cache (:mod:`.cache`) in the build
folder's ``.cache/pdf/``.
"""

from __future__ import annotations

from pathlib import Path

from proceedings.buildpaths import BuildPaths
from proceedings.errors import ProceedingsError
from proceedings.layout import Layout
from proceedings.model import Volume
from proceedings.output import write_atomic
from proceedings.pdfink import InkQueue


def write_pdfs(volume: Volume, layout: Layout, paths: BuildPaths) -> tuple[list[Path], list[str]]:
    """Write the volume and the stamped papers into ``paths``; return them and the notes.

    Nothing is written, not even to the cache, when the read-back check finds a page label, a
    stamped number, an outline entry or a link that disagrees with the layout: the error names
    the paper.
    """
    from proceedings.pdf.assemble import build_pdfs
    from proceedings.pdf.cache import PdfCache
    from proceedings.pdf.frontmatter import (
        render_author_index,
        render_front_matter,
        render_part_page,
    )
    from proceedings.pdf.verify import verify

    store = PdfCache(paths.pdf_cache)
    # The papers' ink is measured in other processes from now on, while typst sets the front
    # matter here (a build after check finds it measured already).
    with InkQueue([p.pdf_path for p in volume.archival_papers], paths.pdf_ink) as inks:
        front = render_front_matter(volume, layout, store)
        parts = {
            opening.part: render_part_page(
                volume, opening.part, layout.part_number(opening.part) or 0, store
            )
            for opening in layout.parts
        }
        back = render_author_index(volume, layout, store)
        outputs = build_pdfs(volume, layout, front, parts, back, cache=store, inks=inks)
    mismatches = verify(volume, layout, outputs.volume, outputs.front_pages, outputs.reused)
    if mismatches:
        raise ProceedingsError(
            "\n".join([*mismatches, "the PDF volume disagrees with the layout; nothing written"])
        )
    written = [paths.volume_pdf(volume.info.slug)]
    write_atomic(written[0], outputs.volume)
    for paper_id, pdf in outputs.papers.items():
        path = paths.paper_pdf(paper_id)
        write_atomic(path, pdf)
        written.append(path)
    # A paper removed or made non-archival since the last build must not keep a stamped PDF
    # with page numbers the volume no longer has.
    for stale in set(paths.paper_pdfs.glob("*.pdf")) - set(written):
        stale.unlink(missing_ok=True)  # another build may have removed it already
    store.commit()
    store.prune(("typst", "segments", "papers"))
    return written, [*outputs.notes, *store.notes]
