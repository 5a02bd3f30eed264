"""The catalogue of problem codes: each code's default severity and what it means.

Codes read ``area.slug``. Every problem a check reports uses a code from here, so the README's
table, ``--strict`` and ``checks.ignore`` all speak about the same set.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from proceedings.errors import Problem, Severity
from proceedings.yamlfile import YamlDocument

E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE

CODES: dict[str, tuple[Severity, str]] = {
    # structure, reported by the loader
    "project.not-found": (E, "the project folder does not exist"),
    "project.missing-file": (E, "a required file is missing"),
    "project.missing-papers": (E, "the papers/ folder is missing"),
    "project.skipped-folder": (W, "a hidden folder in papers/ is not read as a paper"),
    "project.no-papers": (E, "papers/ holds no paper: the volume would be front matter only"),
    "project.outside": (E, "a path or link leads outside the project folder"),
    "yaml.syntax": (E, "the file is not valid YAML"),
    "yaml.encoding": (E, "the file is not UTF-8"),
    "yaml.unreadable": (E, "the file cannot be read"),
    "yaml.empty": (E, "the file is empty"),
    "yaml.duplicate-key": (E, "a key appears twice in one mapping"),
    "schema.missing": (E, "a required field is missing"),
    "schema.unknown-key": (E, "a key the format does not know (often a typo)"),
    "schema.type": (E, "a value of the wrong type"),
    "schema.invalid": (E, "a value out of range or of the wrong form"),
    # the volume and its papers
    "metadata.bad-id": (E, "a paper folder's name is not a slug"),
    "metadata.duplicate-id": (E, "two papers' or parts' ids collide"),
    "metadata.unknown-part": (E, "a paper names a part that volume.yaml does not list"),
    "metadata.unknown-track": (E, "a paper names a track that volume.yaml does not list"),
    "metadata.empty-part": (W, "a part has no paper"),
    "metadata.duplicate-title": (E, "two papers have the same title"),
    "metadata.missing-abstract": (E, "a paper or extended abstract has no abstract"),
    "metadata.placeholder-abstract": (E, "an abstract is a placeholder ('TBD', 'lorem ipsum')"),
    "metadata.short-abstract": (W, "an abstract has fewer than 30 words"),
    "metadata.missing-keywords": (W, "a paper has no keywords (one warning when none has)"),
    "metadata.shouting": (W, "a title is in ALL CAPS"),
    "metadata.lowercase": (W, "a title is all lower-case"),
    "metadata.no-authors": (E, "a paper (or an invited talk) has no authors"),
    "metadata.no-pdf": (E, "'pdf: null' on a kind of contribution that needs a PDF"),
    "metadata.doi": (E, "a DOI or DOI prefix is malformed"),
    "metadata.duplicate-doi": (E, "two papers have the same DOI"),
    "metadata.doi-prefix": (W, "a paper's DOI is not under the volume's DOI prefix"),
    "metadata.isbn": (E, "the ISBN is malformed or fails its checksum"),
    "metadata.issn": (E, "the ISSN is malformed or fails its checksum"),
    "metadata.url": (E, "a link is not an absolute http(s) URL"),
    "metadata.missing-page": (E, "a front-matter page listed in volume.yaml does not exist"),
    "metadata.dates": (E, "the event ends before it starts"),
    "metadata.no-editors": (E, "the volume has no editors"),
    "metadata.unknown-code": (W, "checks.ignore names a code that does not exist"),
    "metadata.placeholder": (W, "a value is still the sample that 'init' wrote"),
    # front-matter pages
    "page.encoding": (E, "a front-matter page is not UTF-8"),
    "page.unreadable": (E, "a front-matter page cannot be read"),
    "page.missing-image": (E, "an image a front-matter page shows does not exist"),
    # people
    "people.orcid": (E, "an ORCID iD is malformed or fails its checksum"),
    "people.email": (E, "an e-mail address is malformed"),
    "people.shouting": (W, "a name is in ALL CAPS"),
    "people.lowercase": (W, "a name is all lower-case"),
    "people.missing-given": (W, "a person has no given name and is not marked as a mononym"),
    "people.particle-in-given": (W, "a given name ends with a particle of the family name"),
    "people.missing-affiliation": (W, "a person has no affiliation (one warning when no one has)"),
    "people.missing-orcid": (N, "authors or editors have no ORCID iD (one note for the volume)"),
    "people.duplicate-author": (E, "the same person is listed twice as an author of one paper"),
    "people.same-person": (W, "one person is spelt differently in two places"),
    # text
    "text.unbalanced-braces": (E, "a text has unbalanced braces (pasted from LaTeX?)"),
    "text.latex": (W, "a text holds LaTeX markup where Unicode belongs"),
    "text.control-character": (E, "a text holds an invisible control character or noncharacter"),
    # PDFs
    "pdf.missing": (E, "the paper's PDF is missing"),
    "pdf.damaged": (E, "the PDF cannot be read"),
    "pdf.encrypted": (E, "the PDF needs a password"),
    "pdf.restricted": (W, "the PDF is encrypted (it opens without a password)"),
    "pdf.empty": (E, "the PDF has no pages"),
    "pdf.page-limit": (E, "the PDF has more (or fewer) pages than its track allows"),
    "pdf.page-size": (W, "a page is not of an allowed size"),
    "pdf.fonts-not-embedded": (W, "fonts are used but not embedded"),
    "pdf.no-text": (E, "the PDF has no text layer (a scan): indexers cannot read it"),
    "pdf.too-large": (W, "the PDF is larger than indexers accept"),
    "pdf.title-mismatch": (W, "the first page does not show the paper's title"),
    "pdf.title-incomplete": (W, "the first page's title has words the paper's title lacks"),
    "pdf.duplicate": (E, "two papers have the same PDF (identical files)"),
    "pdf.no-room": (E, "a page has no free margin for the stamps, even shrunk to 90%"),
    "pdf.shrunk": (W, "a page's text runs into the margin: it is shrunk to make room"),
    "pdf.own-page-numbers": (N, "a paper prints its own page numbers: the volume's replace them"),
    # supplementary files and links of the papers
    "attachment.missing": (E, "an attachment's file is missing"),
    "attachment.not-a-file": (E, "an attachment's file is a folder, a pipe or a device"),
    "attachment.too-large": (E, "an attachment's file is larger than the limit"),
    "attachment.wrong-type": (E, "an attachment's content does not match its extension"),
    "attachment.name-taken": (E, "an attachment's file name is already published beside the paper"),
    "attachment.bad-url": (E, "an attachment's URL is not http(s)"),
    # what a Springer package needs (checks/springer.py)
    "springer.no-sources": (W, "a paper has no source files for Springer ('sources:')"),
    "springer.no-licence-form": (W, "a paper has no signed licence-to-publish form"),
    "springer.no-corresponding": (W, "a paper has no corresponding author with an e-mail"),
    "springer.abstract-length": (W, "an abstract is outside LNCS's 70 to 150 words"),
    # the publishers' rules (checks/publishers.py)
    "ceur.no-cc-by": (W, "a paper's first page lacks CEUR-WS's CC BY 4.0 licence clause"),
    "agreement.none": (W, "the editors collect signed agreements and a paper names none"),
    "agreement.missing": (E, "a paper's signed agreement file is missing"),
    # the program and the sponsors
    "program.unknown-paper": (E, "the program names a paper the volume does not have"),
    "program.bad-times": (E, "a session of the program ends before it starts"),
    "sponsors.missing-logo": (E, "a sponsor's logo file is missing"),
    "sponsors.bad-url": (E, "a sponsor's link is not http(s)"),
    # the workshop's own data (source/event.yaml)
    "event.dates-order": (E, "an important date falls before the date listed above it"),
    "event.unknown-paper": (E, "an award names a paper the volume does not have"),
    "event.duplicate-id": (E, "two keynotes have the same id"),
    "event.award-differs": (W, "event.yaml gives a paper another award than its paper.yaml"),
    "event.missing-photo": (E, "a photo of a keynote speaker or an organizer is missing"),
    "program.unknown-keynote": (E, "the program names a keynote that event.yaml does not have"),
    "program.missing-paper": (W, "a paper is in no session of the program"),
    "image.too-large": (E, "an image (photo, logo, figure) is larger than the limits"),
    "image.not-an-image": (E, "an image is not a PNG, JPEG, GIF, WebP or SVG file"),
    "image.active-svg": (E, "an SVG image holds scripts, event handlers or entities"),
    "image.unprintable": (E, "an image the PDF volume prints cannot be read by typst"),
    "image.remote": (W, "a front-matter page shows a web image (the PDF prints its alt text)"),
    "people.organization": (W, "an organization (a sponsor) is listed as a person"),
    # the version of record (source/record.yaml)
    "record.unknown-paper": (E, "the record names a paper the volume does not have"),
    "record.pages": (E, "a paper's published pages are not the layout's"),
    "record.doi-differs": (W, "a paper's DOI differs from the DOI of record"),
    "record.volume-differs": (W, "the volume's DOI, ISBN or series number is not its record's"),
}


OUTPUTS = ("exports", "pdf", "site")
"""What a build makes; :data:`BREAKS` says which of them each problem makes wrong."""

BREAKS: dict[str, frozenset[str]] = {
    # Every output is right without an abstract: exports leave the field out, the volume prints
    # none, the site's page shows none. check still reports it (an error), but nothing stops.
    "metadata.missing-abstract": frozenset(),
    # The exports and the site would publish the placeholder; the PDF volume prints no abstract.
    "metadata.placeholder-abstract": frozenset({"exports", "site"}),
    # An editorial rule: every output is right with a longer paper.
    "pdf.page-limit": frozenset(),
    # A publisher's rules (checks/springer.py): no output of the build is wrong without them;
    # the package that needs them requires them (packages.Package.requires).
    "springer.no-sources": frozenset(),
    "springer.no-licence-form": frozenset(),
    "springer.no-corresponding": frozenset(),
    "springer.abstract-length": frozenset(),
    # A volume of no paper is no book, but the site is right without papers: the workshop's
    # call, dates and keynotes (event.yaml) are published before any paper is accepted.
    "project.no-papers": frozenset({"exports", "pdf"}),
    # The workshop's own pages are the site's alone: the exports and the volume never read them.
    **{
        code: frozenset({"site"})
        for code in (
            "event.dates-order",
            "event.unknown-paper",
            "event.duplicate-id",
            "event.missing-photo",
            "program.unknown-keynote",
        )
    },
    # Images are on the site, and logos and the figures of front-matter pages in the volume.
    **{
        code: frozenset({"site", "pdf"})
        for code in ("image.too-large", "image.not-an-image", "image.active-svg")
    },
    "image.unprintable": frozenset({"pdf"}),
    # The volume prints the alternative text of an image on the web: no output is wrong.
    "image.remote": frozenset(),
    # The publishers' rules stop their packages (Package.requires), not our own outputs.
    "ceur.no-cc-by": frozenset(),
    "agreement.none": frozenset(),
    "agreement.missing": frozenset(),
}
"""The outputs each problem makes wrong, where not all of them: an output stops only for the
problems that break it (``prepare``), while ``check`` reports and fails on every error."""


def breaks(code: str, outputs: Collection[str]) -> bool:
    """Whether a problem of ``code`` makes one of ``outputs`` wrong."""
    wrong = BREAKS.get(code, frozenset(OUTPUTS))
    return any(output in wrong for output in outputs)


def report(
    doc: YamlDocument,
    code: str,
    loc: Sequence[str | int],
    message: str,
    *,
    hint: str | None = None,
    paper: str | None = None,
) -> Problem:
    """A problem at ``loc`` of ``doc`` with the code's catalogued severity."""
    return doc.problem(code, loc, message, hint=hint, paper=paper, severity=CODES[code][0])
