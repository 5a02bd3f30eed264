"""What the site is made of, computed before Sphinx runs, and how a build hands it over.

Kept apart from the Sphinx extension (and free of Sphinx imports), so that a build computes it
without loading Sphinx until the site is built.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from proceedings.buildpaths import BuildPaths
from proceedings.layout import Layout
from proceedings.model import Volume
from proceedings.workshop import build_now


@dataclass(frozen=True)
class Citation:
    """An archival paper's entry in the formats readers copy from its page, as the exports
    write them, and its reference in plain text as :mod:`proceedings.reference` words it (the
    site is handed these: it does not write a citation itself)."""

    bibtex: str
    ris: str
    text: str


class PdfsToCome(Protocol):
    """The pdf stage's files, for a site built while that stage still makes them (in another
    process: :class:`proceedings.site.build.SiteBeside`). The site waits for each when it
    needs it: the sizes of the per-paper PDFs to write its pages (once Sphinx has read them),
    the files in place to publish them."""

    def sizes(self) -> Mapping[str, int]:
        """Wait until every per-paper PDF is made; give their sizes by paper id."""
        ...

    def written(self) -> None:
        """Wait until the volume and the per-paper PDFs are in place in the build folder."""
        ...


@dataclass(frozen=True)
class SiteData:
    """The volume and its layout, the build folder (where the stamped PDFs are), each archival
    paper's citations by id, the volume's BibTeX file to publish (the UTF-8 export's text),
    and the build's *now*; ``pdfs`` when the pdf stage is still making the PDFs (else those
    in the build folder are published)."""

    volume: Volume
    layout: Layout
    paths: BuildPaths
    citations: dict[str, Citation]
    bibtex: bytes
    now: datetime.datetime = field(default_factory=build_now)
    """The build's *now*, against which the workshop's dates have passed or not."""
    pdfs: PdfsToCome | None = None


Loader = Callable[[Path, BuildPaths], SiteData]
"""Loads a project's volume and makes its :class:`SiteData` (for plain ``sphinx-build``)."""

_HANDED: ContextVar[SiteData | None] = ContextVar("proceedings_handed", default=None)


@contextlib.contextmanager
def handed(data: SiteData) -> Iterator[None]:
    """Let the Sphinx application built inside the block use ``data`` instead of loading the
    volume and laying it out again (the layout is decided once per build)."""
    token = _HANDED.set(data)
    try:
        yield
    finally:
        _HANDED.reset(token)


def handed_data(root: Path) -> SiteData | None:
    """What a build handed over for the project at ``root``, if it did."""
    given = _HANDED.get()
    return given if given is not None and given.volume.root.resolve() == root else None
