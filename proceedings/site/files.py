"""Volume -> the site's files that are not pages: PDFs, attachments, the volume's BibTeX,
``sitemap.xml``.

Each paper's PDF is published beside its page as ``<slug>-<id>.pdf`` (Google Scholar asks for the
PDF in the page's folder): the stamped per-paper PDF that the pdf stage writes to
``_build/pdf/papers/<id>.pdf`` when it exists, else the camera-ready PDF, unchanged. Its
attachments' files go beside it under their own names. Files are
copied only when they differ, so a rebuild touches nothing that did not change.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from proceedings.buildpaths import BuildPaths
from proceedings.model import Paper, Volume


def paper_pdf_source(paper: Paper, paths: BuildPaths) -> Path | None:
    """The PDF to publish for ``paper``: the stamped one if built, else the camera-ready one.

    Only archival papers are stamped; a stamped PDF left by an earlier build of a paper that is
    no longer archival carries page numbers the volume no longer has, and is not used.
    """
    if not paper.has_pdf:
        return None
    stamped = paths.paper_pdf(paper.id)
    if paper.in_volume and stamped.is_file():
        return stamped
    return paper.pdf_path if paper.pdf_path.is_file() else None


def attachment_sources(paper: Paper) -> dict[str, Path]:
    """The paper's attachment files to publish beside its PDF, by published name: those that
    are files (``check`` reports the others), each name once."""
    out: dict[str, Path] = {}
    for attachment in paper.info.attachments:
        path = paper.attachment_path(attachment)
        if path is not None and attachment.name and path.is_file():
            out.setdefault(attachment.name, path)
    return out


def volume_pdf_source(volume: Volume, paths: BuildPaths) -> Path | None:
    """The volume's PDF, when the pdf stage has built it."""
    path = paths.volume_pdf(volume.info.slug)
    return path if path.is_file() else None


def sitemap(urls: Iterable[str]) -> str:
    """A sitemap (sitemaps.org 0.9) of ``urls``, sorted, without dates: same input, same bytes."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"  <url><loc>{escape(url)}</loc></url>" for url in sorted(set(urls))]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
