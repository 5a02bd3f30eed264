"""Volume + layout -> RIS, the tagged format every reference manager imports.

RIS has no single authority; the tags follow the RIS specification as Zotero's RIS translator and
EndNote read it for ``TY  - CPAPER`` (a paper in conference proceedings), so that each value
lands in the field it belongs to:

=====  ======================================  =====================================
tag    value                                   Zotero field (conferencePaper)
=====  ======================================  =====================================
TY     ``CPAPER``                              item type
ID     the citation key                        (ignored by Zotero; EndNote's ID)
TI/ST  title / short title                     title / short title
AU     each author, ``Family, Given[, Sfx]``   author
A2     each volume editor                      editor (``ED`` is the legacy tag)
T2     the event's name                        conference name
C3     the volume's title                      proceedings title
T3/VL  the series and its volume number        series / volume
PY     the year of publication                 date
SP/EP  first and last page, from the layout    pages
PB/C1  publisher and its city                  publisher / place
CY     where the event took place              (EndNote's conference location; a
                                               note in Zotero, which has no field)
SN     the volume's ISBN                       ISBN
DO/UR  DOI (bare) and the paper's page         DOI / URL
L1     the paper's PDF beside its page         PDF attachment link
AB     the abstract                            abstract
N1     the kind, but for papers ("Preface")    note
KW     one line per keyword                    tags
ER     ends the record                         -
=====  ======================================  =====================================

Names are written ``van der Berg, Jan``: the family name with its particles as the volume prints
it, then the given name, then a suffix (``Whitfield, Robert T., Jr.``); a mononym is the name
alone (``Kartika``), which Zotero imports as a one-field name. No ``DA`` is written: the model
knows only the year of publication, which ``PY`` carries.

The format is line-based: every value is put on one line (newlines, tabs and other white space
become one space, control characters are dropped), and empty values are left out. Lines end with
LF, not CRLF: Zotero, EndNote, Mendeley and JabRef all accept LF, and LF keeps the file diffable.
The text is UTF-8 without a byte-order mark. Records are separated by a blank line.
"""

from __future__ import annotations

import re

from proceedings.exports import ExportOptions
from proceedings.exports.keys import paper_keys
from proceedings.layout import Layout
from proceedings.model import Paper, Person, Volume


def write_ris(volume: Volume, layout: Layout, options: ExportOptions) -> str:
    """Every archival paper's record, in volume order, separated by blank lines."""
    keys = paper_keys(volume, options.keys)
    return "\n".join(
        ris_entry(volume, layout, paper, keys[paper.id]) for paper in volume.archival_papers
    )


def ris_entry(volume: Volume, layout: Layout, paper: Paper, key: str) -> str:
    """One paper's record, ``TY`` line first and ``ER`` line last, each line ending with LF.

    Raises ``KeyError`` for a non-archival paper: it has no pages in the layout, and a record
    would place it in a volume it is not part of.
    """
    info = volume.info
    meta = paper.info
    pages = layout.of(paper.id)
    fields: list[tuple[str, str | None]] = [
        ("TY", paper.rules.ris_type),
        ("ID", key),
        ("TI", meta.title),
        ("ST", meta.short_title),
    ]
    fields += [("AU", ris_name(person)) for person in meta.authors]
    fields += [("A2", ris_name(person)) for person in info.editors]
    fields += [
        ("T2", info.event.name),
        ("C3", info.title),
        ("T3", info.series.name if info.series else None),
        ("VL", info.series.volume if info.series else None),
        ("PY", str(info.year)),
        ("SP", str(pages.first)),
        ("EP", str(pages.last)),
        ("PB", info.publisher.name if info.publisher else None),
        ("C1", info.publisher.place if info.publisher else None),
        ("CY", info.event.place),
        ("SN", volume.book_isbn),
        ("DO", volume.doi_of(paper)),
        ("UR", volume.paper_url(paper)),
        ("L1", volume.pdf_url(paper)),
        ("AB", meta.abstract),
        ("N1", paper.rules.note),
    ]
    fields += [("KW", keyword) for keyword in meta.keywords]
    lines = [f"{tag}  - {_line(value)}" for tag, value in fields if value and _line(value)]
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def ris_name(person: Person) -> str:
    """``Family, Given[, Suffix]`` as the RIS specification asks; a mononym alone.

    The family name keeps its particles in front (``van der Berg, Jan``), as the volume writes
    it; names printed family-first are still split at the comma (``王, 小明``), so that a reader
    knows which part is which.
    """
    parts = [person.family]
    if person.given and not person.mononym:
        parts.append(person.given)
    if person.suffix:
        if len(parts) == 1:
            parts.append("")
        parts.append(person.suffix)
    return ", ".join(_line(part) for part in parts)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode's category Cc, exactly


def _line(text: str) -> str:
    """``text`` on one line: white space runs become one space, control characters go."""
    return _CONTROL.sub("", " ".join(text.split()))
