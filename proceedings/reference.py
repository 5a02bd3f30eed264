"""How a paper of the volume is cited in plain text: one owner for the words of a citation.

The per-paper PDF prints where the paper appeared under its first page (``In: A. Editor and
B. Editor (eds.): TML4H 2025, LNTHA 3, pp. 3–14, 2025. https://doi.org/...``, see
:mod:`proceedings.pdf.stamp`), and the site offers the whole reference next to the BibTeX,
which is that line after the authors and the title, in the order of Springer's LNCS reference
style. Both come from here, so the PDF and the page never cite a paper two ways.
"""

from __future__ import annotations

from proceedings.layout import Layout, PaperPages
from proceedings.model import Paper, Volume
from proceedings.names import Name


def volume_citation(volume: Volume) -> str:
    """The volume's short citation: ``TML4H 2025, LNTHA 3``."""
    parts = [volume.info.acronym]
    series = volume.info.series
    if series is not None:
        name = series.short_name or series.name
        parts.append(f"{name} {series.volume}" if series.volume else name)
    return ", ".join(parts)


def page_range(entry: PaperPages) -> str:
    """``pp. 3–14`` or ``p. 7``."""
    return f"p. {entry.first}" if entry.first == entry.last else f"pp. {entry.first}–{entry.last}"


def appeared_in(volume: Volume, layout: Layout, paper: Paper) -> str:
    """Where the paper appeared: ``In: <editors> (eds.): <volume>, <pages>, <year>.`` and the
    link of its DOI when it has one."""
    editors = [person.name.short for person in volume.info.editors]
    if not editors:
        eds = ""
    elif len(editors) == 1:
        eds = f"{editors[0]} (ed.): "
    elif len(editors) == 2:
        eds = f"{editors[0]} and {editors[1]} (eds.): "
    else:
        eds = f"{editors[0]} et al. (eds.): "
    entry = layout.of(paper.id)
    text = f"In: {eds}{volume_citation(volume)}, {page_range(entry)}, {volume.info.year}."
    doi = volume.doi_of(paper)
    if doi:
        text += f" https://doi.org/{doi}"
    return text


def reference_text(volume: Volume, layout: Layout, paper: Paper) -> str:
    """The paper's reference on one line, for readers to paste into a text:
    ``O'Brien, A., van der Berg, J.: Title. In: ...`` (authors as LNCS lists them)."""
    authors = ", ".join(_listed(person.name) for person in paper.info.authors)
    title = " ".join(paper.info.title.split()).rstrip(".")
    return f"{authors}: {title}. {appeared_in(volume, layout, paper)}"


def _listed(name: Name) -> str:
    """``van der Berg, J.``, ``Smith Jr., J.``; a name without given names, or one written
    without spaces (``王小明``), as it is written."""
    if not name.initials or name.inverted == name.full:
        return name.full
    family = f"{name.family} {name.suffix}" if name.suffix else name.family
    return f"{family}, {name.initials}"
