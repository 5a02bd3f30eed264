"""Volume + layout -> the files indexers and readers ingest.

One module per format, each a function ``(volume, layout, options) -> text``, listed in
:data:`FORMATS`. Page numbers come from the layout and nowhere else; non-archival papers never
appear. ``write_exports`` writes every format under ``_build/export/``; ``export`` returns one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from proceedings.errors import ProceedingsError
from proceedings.output import write_atomic

if TYPE_CHECKING:  # only named here: listing the formats (the command line does) loads neither
    from proceedings.layout import Layout
    from proceedings.model import Volume


@dataclass(frozen=True)
class ExportOptions:
    """Choices that the command line may override; the defaults come from ``volume.yaml``."""

    keys: str = "id"  # citation-key scheme: "id" or "dblp" (see exports/keys.py)
    crossref: bool = True  # BibTeX papers point to the volume entry instead of repeating it
    ascii: bool = False  # BibTeX with LaTeX escapes for classic bibtex, instead of UTF-8

    @classmethod
    def of(
        cls,
        volume: Volume,
        *,
        keys: str | None = None,
        crossref: bool | None = None,
        ascii: bool | None = None,
    ) -> ExportOptions:
        """The volume's own choices, with the given overrides (``None`` keeps the volume's)."""
        own = volume.info.bibtex
        return cls(
            keys=own.keys if keys is None else keys,
            crossref=own.crossref if crossref is None else crossref,
            ascii=own.ascii if ascii is None else ascii,
        )


Writer = Callable[["Volume", "Layout", ExportOptions], str]


@dataclass(frozen=True)
class Format:
    """One export format: its name, the file name it gets under ``_build/export/``, what it is
    for, and its writer.

    The writer is named (``module:function`` in this package) and imported when first used, so
    that listing the formats, as the command line does for its help, loads no format's code.
    """

    name: str
    suffix: str
    description: str
    writer: str

    def write(self, volume: Volume, layout: Layout, options: ExportOptions) -> str:
        """This format's text."""
        module, _, function = self.writer.partition(":")
        write: Writer = getattr(importlib.import_module(f"{__name__}.{module}"), function)
        return write(volume, layout, options)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("bibtex", ".bib", "BibTeX: @proceedings and @inproceedings", "bibtex:write_bibtex"),
        Format("csl-json", ".csl.json", "CSL-JSON for Zotero and pandoc", "csl:write_csl_json"),
        Format("ris", ".ris", "RIS for reference managers", "ris:write_ris"),
        Format(
            "crossref", ".crossref.xml", "Crossref deposit XML (DOIs)", "crossref:write_crossref"
        ),
        Format("dblp", ".dblp.xml", "dblp XML records of the volume", "dblp:write_dblp"),
    )
}
"""Every export format by name, in the order the build writes them. A new format is a module
here with a ``write_<format>(volume, layout, options) -> str`` and one line in this table."""


def export(volume: Volume, layout: Layout, name: str, options: ExportOptions) -> str:
    """One format's text."""
    return FORMATS[name].write(volume, layout, options)


def render_exports(volume: Volume, layout: Layout) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Every format's text as (format, file name, text), and notes on what was left out.

    BibTeX comes in both flavours: ``<key>.bib`` in UTF-8 (biber) and ``<key>.ascii.bib`` with
    LaTeX escapes (classic bibtex).

    The Crossref deposit is only needed to register DOIs: when the volume lacks what Crossref
    requires (DOIs or a DOI prefix, a depositor's e-mail), it is left out with a note saying
    what to add, and the rest of the build goes on.
    """
    options = ExportOptions.of(volume)
    slug = volume.info.slug
    rendered, notes = [], []
    for fmt in FORMATS.values():
        own = replace(options, ascii=False) if fmt.name == "bibtex" else options
        try:
            text = fmt.write(volume, layout, own)
        except ProceedingsError as error:
            if fmt.name != "crossref":
                raise
            from proceedings.exports.crossref import missing_errors

            # One note a missing field, each at its line, as check reports problems.
            missing = missing_errors(volume) or [error]
            notes += [f"Crossref deposit not written: {e.format_message()}" for e in missing]
            continue
        rendered.append((fmt.name, f"{slug}{fmt.suffix}", text))
    ascii_bib = FORMATS["bibtex"].write(volume, layout, replace(options, ascii=True))
    rendered.append(("bibtex", f"{slug}.ascii.bib", ascii_bib))
    return rendered, notes


def write_exports(volume: Volume, layout: Layout, out: Path) -> tuple[list[Path], list[str]]:
    """Write every format under ``out``; return the paths written and notes on what was not.

    Each export is first read back by a parser of its format and its page ranges compared with
    the layout (:mod:`.readback`); a mismatch stops the build before anything is written.
    """
    from proceedings.exports.readback import check_exports

    rendered, notes = render_exports(volume, layout)
    mismatches = check_exports(volume, layout, rendered, ExportOptions.of(volume))
    if mismatches:
        raise ProceedingsError(
            "\n".join([*mismatches, "the exports disagree with the layout; nothing written"])
        )
    written = []
    for _, name, text in rendered:
        write_atomic(out / name, text)
        written.append(out / name)
    return written, notes
