"""The proceedings Sphinx extension, under its public and stable name.

A Sphinx project of any kind can publish a volume's pages: add ``"proceedings.sphinx"`` to its
``extensions`` and point ``proceedings_root`` at the volume's project folder (relative to
``conf.py``); plain ``sphinx-build`` then generates a page per paper, part and author, and the
directives (``proceedings-home``, ``proceedings-part``, ``proceedings-paper``,
``proceedings-authors``, ``proceedings-organization``) place the volume's lists in its own
pages. ``proceedings build`` and ``proceedings site`` use the same extension, handing it what
the build computed (:func:`site_data`) instead of letting it load the volume again.

This module joins the stages the site needs (loading, the layout, the exports' citation
entries), so that the site stage itself imports none of them. Sphinx is imported only when
Sphinx runs, so that a build computes the site's data without it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.buildpaths import BuildPaths
from proceedings.checks.pages import check_page_text, encoding_problem
from proceedings.errors import ProceedingsError
from proceedings.exports import ExportOptions
from proceedings.exports.bibtex import bibtex_entry, write_bibtex
from proceedings.exports.keys import paper_keys
from proceedings.exports.ris import ris_entry
from proceedings.layout import Layout, compute_layout, read_page_counts
from proceedings.limits import RefusedFile, read_regular, require_regular
from proceedings.load import load_volume
from proceedings.model import Volume, VolumeInfo
from proceedings.reference import reference_text
from proceedings.site.data import Citation, SiteData

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["default_config", "setup", "site_data", "vet_pages"]

PAGE_SUFFIXES = (".md", ".rst")
"""The files of ``source/`` that Sphinx reads as pages (the default ``source_suffix``)."""


def site_data(volume: Volume, layout: Layout, paths: BuildPaths) -> SiteData:
    """What the site is made of: the volume and layout, each archival paper's BibTeX and RIS
    entries and plain-text reference, and the volume's BibTeX (the text of the UTF-8 export,
    made by the same writer: the site does not wait for the exports). Its caller has vetted
    the pages of ``source/`` (:func:`vet_pages`): a build before its PDFs, plain
    ``sphinx-build`` as it loads the volume."""
    options = ExportOptions.of(volume)
    keys = paper_keys(volume, options.keys)  # once: each key depends on every paper
    citations = {
        paper.id: Citation(
            bibtex_entry(volume, layout, paper, options, keys[paper.id]),
            ris_entry(volume, layout, paper, keys[paper.id]),
            reference_text(volume, layout, paper),
        )
        for paper in volume.archival_papers
    }
    text = write_bibtex(volume, layout, replace(options, ascii=False)).encode("utf-8")
    return SiteData(volume, layout, paths, citations, text)


def load_site_data(root: Path, paths: BuildPaths) -> SiteData:
    """The project at ``root`` loaded and laid out, for a site that plain ``sphinx-build``
    builds (no check runs: ``proceedings check`` is the place for that)."""
    volume = load_volume(root)
    vet_pages(volume)
    layout = compute_layout(volume, read_page_counts(volume, paths.page_counts))
    return site_data(volume, layout, paths)


def default_config(root: Path | VolumeInfo) -> dict[str, Any]:
    """The Sphinx settings of a proceedings site, for a project's ``conf.py`` to start from
    (see :func:`proceedings.site.sphinx_.default_config`)."""
    from proceedings.site.sphinx_ import default_config as defaults

    return defaults(root)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension with Sphinx."""
    from proceedings.site.sphinx_ import register

    return register(app, load_site_data)


def vet_pages(volume: Volume) -> None:
    """Stop unless every file under ``source/`` is a regular file (links followed) and every
    page (Markdown or reStructuredText) is UTF-8 within the size limit and shows or includes
    no file outside the project.

    Sphinx reads every page of ``source/``, not only those ``volume.yaml`` lists (which check
    reads), and ``serve`` rebuilds with no check before it: a page that is a FIFO would hang the
    rebuild, a device would be read without end, a Latin-1 page would end in a traceback and an
    image or an include outside the project would be copied or written into the site. A build
    vets them before its PDFs (its site's data is made in the site's process), and ``serve``
    rebuilds through a build.
    """
    root = volume.root
    srcdir = root / "source"
    for current, dirs, files in os.walk(srcdir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(current) / name
            display = path.relative_to(root).as_posix()
            try:
                require_regular(path)
                if path.suffix not in PAGE_SUFFIXES:
                    continue
                data = read_regular(path, "yaml_bytes")
                text = data.decode("utf-8")
            except RefusedFile as exc:
                raise ProceedingsError(f"the page {exc.reason}", path=display) from None
            except UnicodeDecodeError as exc:
                raise ProceedingsError.from_problems(
                    [encoding_problem(display, data, exc)], "the site could not be built"
                ) from None
            except OSError:  # a dangling link, a file removed meanwhile: Sphinx reports it
                continue
            outside = [
                p
                for p in check_page_text(root, path.parent, display, text)
                if p.code == "project.outside"
            ]
            if outside:
                raise ProceedingsError.from_problems(outside, "the site could not be built")
