"""Volume + layout -> the PDF volume: front matter, stamped papers, back matter, per-paper PDFs.

Typesetting (typst: :mod:`.frontmatter`, :mod:`.stamp`) and assembling (pypdf:
:mod:`.assemble`) meet in :class:`.typeset.Typeset`: a PDF plus the places on its pages that the
assembly turns into outline entries and links. :func:`write_pdfs` runs the stage: it typesets,
assembles, reads the numbers back (:mod:`.verify`) and only then writes the files. Work that
has not changed since the last build comes from the cache (:mod:`.cache`) in the build
folder's ``.cache/pdf/``.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
from collections.abc import Callable, Mapping
from concurrent import futures
from functools import partial
from pathlib import Path
from typing import Any

from proceedings.buildpaths import BuildPaths
from proceedings.errors import ProceedingsError
from proceedings.filecache import FileCache
from proceedings.layout import Layout
from proceedings.model import Volume
from proceedings.output import PendingFile
from proceedings.pdfink import InkQueue


def page_titles(volume: Volume) -> dict[str, str]:
    """Each hand-written front-matter page (``volume.yaml``'s ``pages``) -> the title the volume
    gives it: its chapter head and its entry in the volume's outline."""
    from proceedings.pdf.frontmatter import page_titles as titles

    return titles(volume)


COLLECT_FROM = 500
"""Papers from which the volume's frame is collected before the read-back check (a tenth of
a second at 200 papers, where the memory it frees is not missed)."""


def write_pdfs(
    volume: Volume,
    layout: Layout,
    paths: BuildPaths,
    *,
    papers_made: Callable[[Mapping[str, int]], None] | None = None,
) -> tuple[list[Path], list[str]]:
    """Write the volume and the stamped papers into ``paths``; return them and the notes.

    The files are written as they are made, under temporary names, and put in place together
    once the read-back check passed: nothing is written, not even to the cache, when it finds
    a page label, a stamped number, an outline entry or a link that disagrees with the layout
    (the error names the paper), and no file waits in memory for it. ``papers_made`` is told
    the size of each per-paper PDF, by paper id, as soon as all are made (a site built beside
    this stage shows them), before the volume is put together.
    """
    from proceedings.pdf.assemble import (
        Matter,
        assemble_pdfs,
        render_matter,
        typeset_matter,
        typeset_sheet,
    )
    from proceedings.pdf.cache import PdfCache
    from proceedings.pdf.frontmatter import ALONE_FROM
    from proceedings.pdf.verify import verify

    store = PdfCache(paths.pdf_cache)
    # The key each per-paper PDF in the build folder was made under, while the file is as it
    # was written: a rebuild leaves one whose key is unchanged in place, neither read from the
    # cache nor written and compared again (80 MB read for 200 papers); a file changed or
    # removed by hand is written again.
    in_place = FileCache(paths.pdf_cache / "paper-files.json", "paper pdf keys", root=paths.root)
    volume_path = paths.volume_pdf(volume.info.slug)
    pending: dict[Path, PendingFile] = {}
    threads: list[futures.Future[Any]] = []
    sizes: dict[str, int] = {}

    def deliver(paper_id: str, pdf: bytes) -> None:
        """A per-paper PDF, written at once, put in place with the volume."""
        path = paths.paper_pdf(paper_id)
        file = pending[path] = PendingFile(path)
        file.write(pdf)
        file.close()
        sizes[paper_id] = len(pdf)

    def made() -> None:
        """Every per-paper PDF is made: written now, or kept in place as it was."""
        if papers_made is not None:
            ids = [paper.id for paper in volume.archival_papers]
            papers_made({id: sizes.get(id) or _size(paths.paper_pdf(id)) for id in ids})

    try:
        pending[volume_path] = out = PendingFile(volume_path)
        # The papers' ink is measured in other processes from now on (a build after check
        # finds it measured already), the stamps are typeset in a thread, the papers stamped
        # in worker processes, and then the pages around the papers typeset.
        sources = [p.pdf_path for p in volume.archival_papers]
        # Not nice: the papers are stamped in other processes, so while this one waits for a
        # paper's ink it reads ink too (see InkQueue).
        with InkQueue(sources, paths.pdf_ink, nice=False) as inks:
            matter: Callable[[], Matter] = partial(render_matter, volume, layout, store)
            early = None
            if len(volume.archival_papers) >= ALONE_FROM:
                # typst works in processes of its own, which return its memory when they end
                # (1.1 GB for 2,600 papers' author index): first, alone, they meet neither
                # the stamps', nor the stamping workers, nor the site's process.
                early = typeset_matter(volume, layout, store)
                threads.append(early)
                matter = early.result
            sheet = typeset_sheet(volume, layout, store, after=early)
            threads.append(sheet)
            done = assemble_pdfs(
                volume,
                layout,
                matter,
                out.handle,
                deliver=deliver,
                cache=store,
                inks=inks,
                spool=str(paths.pdf),
                sheet=sheet.result,
                kept=lambda paper, key: in_place.get(paths.paper_pdf(paper)) == key,
                papers_made=made,
            )
        out.close()  # on disk under its temporary name, read back from there
        assert out.tmp is not None
        if len(volume.archival_papers) >= COLLECT_FROM:
            gc.collect()  # the volume's frame (the stage pauses the collector)
            _give_back()  # before the read-back check reads the volume
        mismatches = verify(volume, layout, out.tmp, done.front_pages, done.reused)
        if mismatches:
            raise ProceedingsError(
                "\n".join(
                    [*mismatches, "the PDF volume disagrees with the layout; nothing written"]
                )
            )
        for file in pending.values():
            file.commit()
    except BaseException:
        for file in pending.values():
            file.discard()
        # A thread still typesetting writes into the cache: it ends before its work is dropped.
        futures.wait(threads)
        store.discard()
        raise
    papers = [paths.paper_pdf(paper) for paper in done.pdf_keys]
    written = [volume_path, *papers]
    for paper, key in done.pdf_keys.items():
        in_place.put(paths.paper_pdf(paper), key)
    # A paper removed or made non-archival since the last build must not keep a stamped PDF
    # with page numbers the volume no longer has.
    for stale in set(paths.paper_pdfs.glob("*.pdf")) - set(written):
        stale.unlink(missing_ok=True)  # another build may have removed it already
    store.commit()
    store.prune(("typst", "segments", "papers"))
    in_place.save()
    _give_back()
    return written, [*done.notes, *sorted(store.notes)]  # threads add to the cache's notes


def _give_back() -> None:
    """Return to the system the memory this stage freed, which glibc keeps for the process
    otherwise (Linux; elsewhere nothing is done): the read-back check and the site's process,
    building beside, need it (2,600 papers: the build's process held 976 MB while it checked
    the volume, 642 MB so, and 716 MB through the exports and the site, 559 MB so)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _size(path: Path) -> int:
    """The size of a per-paper PDF kept in place from the last build (one made now is never
    empty)."""
    return path.stat().st_size
