"""Volume -> problems with the papers' PDFs: readable, unlocked, within limits, indexable."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from proceedings.checks.codes import report
from proceedings.errors import Problem
from proceedings.model import Paper, Volume
from proceedings.names import fold, is_cjk
from proceedings.pdfinfo import NO_PAGES, PdfFacts
from proceedings.pdfink import InkQueue

# Page sizes within this many millimetres of an allowed size pass (Google Docs' A4 is 1 pt off).
SIZE_TOLERANCE_MM = 2.0
# The title is looked for in the top half of the first page, in its two largest font sizes (a
# journal's or workshop's name may be set larger than the title above it).
TITLE_DEPTH = 0.5
_TITLE_SIZES = 2
_SIZE_TOLERANCE = 0.05  # relative: 14.35 pt and 14.34 pt are one size
_QUOTE_CHARS = 200
# Accents that old LaTeX fonts print as a character of their own ("R¨atsch"); they go with
# their letter, so they must not split a word.
_SPACING_ACCENTS = dict.fromkeys(
    map(ord, "\u00a8\u00b4`\u02c6\u02dc\u00af\u02d8\u02d9\u02da\u00b8\u02dd\u02db\u02c7^~")
)
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2019\u02bc\u2018"))
_WORD = re.compile(r"[^\W_]+")


def pdf_papers(volume: Volume) -> list[Paper]:
    """The papers whose PDFs :func:`check_pdfs` reads (non-archival papers included: the site
    serves them; ``metadata.no-pdf`` is about the rest)."""
    return [paper for paper in volume.papers if paper.has_pdf]


def check_pdfs(volume: Volume, pdfs: InkQueue) -> Iterator[Problem]:
    """Every problem with the papers' PDFs, from the facts ``pdfs`` read off them."""
    papers = pdf_papers(volume)
    facts = [pdfs.facts(paper.pdf_path) for paper in papers]
    for paper, found in zip(papers, facts, strict=True):
        yield from check_pdf(volume, paper, found)
    yield from _check_duplicates(papers, facts)


def _missing_hint(paper: Paper, name: str) -> str:
    """How to give a missing PDF: where to put it or, when the paper's folder holds a PDF that
    paper.yaml names for nothing else, how to use that one (a camera-ready saved under its own
    name is the usual case)."""
    named = {paper.info.pdf, paper.info.agreement, paper.info.sources}
    named |= {attachment.file for attachment in paper.info.attachments}
    named = {Path(file).as_posix() for file in named if file}  # ./supp.pdf is supp.pdf
    try:
        others = sorted(
            path.name
            for path in paper.folder.iterdir()
            if path.suffix.lower() == ".pdf"
            and path.name not in named
            and path.name.isprintable()  # a name that cannot be shown is not proposed
            and not path.is_symlink()  # nor one that may lead out of the project
            and path.is_file()
        )
    except OSError:
        others = []
    wanted = Path(name).name if Path(paper.info.pdf or "").name == paper.info.pdf else name
    if len(others) == 1:
        return (
            f"The folder holds {others[0]}: rename it to {wanted}, or give "
            f"'pdf: {_yaml_text(others[0])}' in paper.yaml."
        )
    if others:
        shown = ", ".join(others[:3]) + (" ..." if len(others) > 3 else "")
        return (
            f"The folder holds {shown}: rename the camera-ready one to {wanted}, or name it "
            "in paper.yaml ('pdf: ...')."
        )
    return f"Put the camera-ready PDF at {name}."


def _yaml_text(text: str) -> str:
    """``text`` as a YAML value reads it back: quoted when a character would mean something
    else (``#`` a comment, ``: `` a key, ``[`` a list...)."""
    if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.\- ]*", text) and not text.endswith(" "):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def check_pdf(volume: Volume, paper: Paper, facts: PdfFacts) -> Iterator[Problem]:
    """The problems of one paper's PDF, from the facts read off it."""
    doc, pid, name = paper.source, paper.id, paper.display_pdf
    if not paper.pdf_path.is_file():
        # A FIFO or a device is there but was never read: say what it is, not "not found".
        there = paper.pdf_path.exists() and facts.error
        yield report(
            doc,
            "pdf.missing",
            ("pdf",),
            f"{name} {facts.error}" if there else f"{name} not found",
            paper=pid,
            hint=f"Put the camera-ready PDF at {name}." if there else _missing_hint(paper, name),
        )
        return
    if facts.needs_password:
        yield report(
            doc,
            "pdf.encrypted",
            ("pdf",),
            f"{name} is encrypted with a password",
            paper=pid,
            hint="Ask the authors for a PDF without a password.",
        )
        return
    if facts.error == NO_PAGES:
        yield report(
            doc,
            "pdf.empty",
            ("pdf",),
            f"{name} has no pages",
            paper=pid,
            hint="Ask the authors for the camera-ready PDF again.",
        )
        return
    if facts.error:
        yield report(
            doc,
            "pdf.damaged",
            ("pdf",),
            f"{name}: {facts.error}",
            paper=pid,
            hint="Ask the authors to export the PDF again "
            "(or repair it with 'qpdf in.pdf out.pdf').",
        )
        return
    if facts.encrypted:
        yield report(
            doc,
            "pdf.restricted",
            ("pdf",),
            f"{name} is encrypted (it opens without a password)",
            paper=pid,
            hint="Ask for an unencrypted PDF: restrictions may stop indexers and printers.",
        )
    track = volume.track_of(paper)
    limits = volume.info.tracks.get(track)
    limit = limits.max_pages if limits else None
    least = limits.min_pages if limits else None
    if limit is not None and facts.page_count > limit:
        yield report(
            doc,
            "pdf.page-limit",
            ("pdf",),
            f"{name} has {facts.page_count} pages; the {track} track allows {limit}",
            paper=pid,
            hint="Ask the authors to shorten the paper, or change its track.",
        )
    elif least is not None and facts.page_count < least:
        yield report(
            doc,
            "pdf.page-limit",
            ("pdf",),
            f"{name} has {facts.page_count} pages; the {track} track asks for at least {least}",
            paper=pid,
            hint="Ask the authors for the full paper, or change its track.",
        )
    yield from _check_sizes(volume, paper, facts)
    if facts.unembedded_fonts:
        fonts = ", ".join(facts.unembedded_fonts[:5])
        more = (
            f" and {len(facts.unembedded_fonts) - 5} more"
            if len(facts.unembedded_fonts) > 5
            else ""
        )
        yield report(
            doc,
            "pdf.fonts-not-embedded",
            ("pdf",),
            f"{name} uses fonts that are not embedded: {fonts}{more}",
            paper=pid,
            hint="Ask the authors to export with all fonts embedded "
            "(pdflatex does; 'Save as PDF' may not).",
        )
    if facts.image_only:
        yield report(
            doc,
            "pdf.no-text",
            ("pdf",),
            f"{name} has no text layer (a scan?)",
            paper=pid,
            hint="Ask for a PDF exported from the source, or run OCR.",
        )
    limit_mb = volume.info.pdf.max_file_mb
    if facts.size_bytes > limit_mb * 1_000_000:
        yield report(
            doc,
            "pdf.too-large",
            ("pdf",),
            f"{name} is {facts.size_bytes / 1_000_000:.3g} MB; indexers accept {limit_mb:g} MB",
            paper=pid,
            hint="Compress the images (e.g. 'gs -sDEVICE=pdfwrite -dPDFSETTINGS=/printer').",
        )
    if not facts.image_only:
        yield from _check_title(paper, facts)


def _check_duplicates(papers: Sequence[Paper], facts: Sequence[PdfFacts]) -> Iterator[Problem]:
    """One error for each set of papers whose PDFs have the same bytes (one upload used twice)."""
    by_hash: dict[str, list[Paper]] = {}
    for paper, found in zip(papers, facts, strict=True):
        if found.sha256 is not None:
            by_hash.setdefault(found.sha256, []).append(paper)
    for same in by_hash.values():
        if len(same) > 1:
            first = same[0]
            ids = _and([p.id for p in same])
            files = _and([p.display_pdf for p in same])
            yield report(
                first.source,
                "pdf.duplicate",
                ("pdf",),
                f"papers {ids} share one PDF: {files} are identical",
                paper=first.id,
                hint="Ask the authors of each paper for its own camera-ready PDF.",
            )


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _check_sizes(volume: Volume, paper: Paper, facts: PdfFacts) -> Iterator[Problem]:
    allowed = volume.info.pdf.sizes_mm
    wrong = [
        (number, size)
        for number, size in enumerate(facts.page_sizes_mm, start=1)
        if not any(_fits(size, ok) for ok in allowed.values())
    ]
    if wrong:
        number, (width, height) = wrong[0]
        pages = f"page {number}" + (f" and {len(wrong) - 1} more" if len(wrong) > 1 else "")
        yield report(
            paper.source,
            "pdf.page-size",
            ("pdf",),
            f"{paper.display_pdf}: {pages} {'is' if len(wrong) == 1 else 'are'} "
            f"{width:g} x {height:g} mm; allowed: {', '.join(allowed)}",
            paper=paper.id,
            hint="Ask for the paper on an allowed page size, or add it to "
            "pdf.page_sizes in volume.yaml.",
        )


def _fits(size: tuple[float, float], allowed: tuple[float, float]) -> bool:
    return all(abs(a - b) <= SIZE_TOLERANCE_MM for a, b in zip(size, allowed, strict=True))


def _check_title(paper: Paper, facts: PdfFacts) -> Iterator[Problem]:
    """A problem when the first page's title (its largest text) is not the paper's title."""
    shown = _title_shown(paper.info.title, facts)
    if shown is None:
        return
    quote, incomplete = shown
    if len(quote) > _QUOTE_CHARS:
        quote = quote[: _QUOTE_CHARS - 3] + "..."
    name = paper.display_pdf
    if incomplete:
        yield report(
            paper.source,
            "pdf.title-incomplete",
            ("title",),
            f"the first page of {name} shows a longer title: '{quote}'",
            paper=paper.id,
            hint="Complete the title in paper.yaml (truncated?) or ask for the right PDF.",
        )
    else:
        yield report(
            paper.source,
            "pdf.title-mismatch",
            ("title",),
            f"the first page of {name} does not show this title; it shows '{quote}'",
            paper=paper.id,
            hint="Correct the title in paper.yaml or ask for the right PDF.",
        )


@dataclass(frozen=True)
class _Words:
    """A text's folded words run together (``key``), and where each word starts and ends in
    it: comparing keys ignores spaces, punctuation and hyphenation, and the offsets keep a
    match to whole words."""

    key: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Words:
        """The words of ``text`` with case, accents, ligatures and apostrophes folded away."""
        words = _WORD.findall(fold(text.translate(_SPACING_ACCENTS)).translate(_APOSTROPHES))
        starts, ends, offset = [], [], 0
        for word in words:
            starts.append(offset)
            offset += len(word)
            ends.append(offset)
        return cls("".join(words), tuple(starts), tuple(ends))

    def find(self, other: _Words, anywhere: bool) -> tuple[int, int] | None:
        """Where ``other`` runs inside these words, from a word's start to a word's end
        (``anywhere``: inside words too, for scripts written without spaces), or None."""
        at = self.key.find(other.key)
        while at >= 0 and other.key:
            end = at + len(other.key)
            if anywhere or (at in self.starts and end in self.ends):
                return at, end
            at = self.key.find(other.key, at + 1)
        return None

    def outside(self, start: int, end: int) -> list[str]:
        """The words lying wholly outside ``key[start:end]``."""
        return [
            self.key[a:b]
            for a, b in zip(self.starts, self.ends, strict=True)
            if b <= start or a >= end
        ]


def _title_shown(title: str, facts: PdfFacts) -> tuple[str, bool] | None:
    """None when the first page shows ``title``, else (the page's title, whether it only
    lacks words that ``title`` lacks: a truncated title rather than another paper's).

    The title is the largest text in the top half of the page: a run of consecutive lines of
    one of the two largest sizes (a journal's name may be set above the title, larger), and it
    must hold all the words of ``title`` in order and nothing else but footnote marks. A page
    whose largest text is its body text (or whose sizes are unknown) shows no title by its
    size: there the title's words must be in order anywhere in the top half.
    """
    want = _Words.of(title)
    page = _lines(facts)
    lines = [(text, size) for text, size, depth in page if depth <= TITLE_DEPTH]
    lines = [(text, size) for text, size in lines if _WORD.search(text)]
    if not want.key or not lines:
        return None
    anywhere = is_cjk(title)
    blocks = _title_blocks(lines, _body_size(page))
    if not blocks:  # no text stands out: the title is wherever its words are
        if _Words.of(_joined([text for text, _ in lines])).find(want, anywhere):
            return None
        return lines[0][0], False
    incomplete = None
    for block in blocks:
        shown = _Words.of(block)
        found = shown.find(want, anywhere)
        if found is not None:
            if not _has_word(" ".join(shown.outside(*found))):
                return None
            incomplete = incomplete or block
    if incomplete is not None:
        return incomplete, True
    words = set(_WORD.findall(fold(title)))
    best = max(blocks, key=lambda block: len(words & set(_WORD.findall(fold(block)))))
    return best, False


def _lines(facts: PdfFacts) -> list[tuple[str, float, float]]:
    """(text, font size, depth) of each first-page line; 0 where the facts have no size or
    depth (PdfFacts made by hand)."""
    count = len(facts.first_page_lines)
    sizes = facts.first_page_sizes if len(facts.first_page_sizes) == count else (0.0,) * count
    depths = facts.first_page_depths if len(facts.first_page_depths) == count else (0.0,) * count
    return list(zip(facts.first_page_lines, sizes, depths, strict=True))


def _same_size(a: float, b: float) -> bool:
    return abs(a - b) <= _SIZE_TOLERANCE * max(a, b)


def _body_size(page: list[tuple[str, float, float]]) -> float:
    """The font size of most of the first page's text."""
    weight: dict[float, int] = {}
    for text, size, _ in page:
        weight[size] = weight.get(size, 0) + len(text)
    return max(weight, key=lambda size: (weight[size], -size), default=0.0)


def _title_blocks(lines: list[tuple[str, float]], body: float) -> list[str]:
    """The passages in the two largest sizes above the body text's, largest first: each a run
    of consecutive lines of one size (footnote marks and other lines without a word of two
    characters do not break a run), joined as a reader would read them."""
    sizes: list[float] = []
    for size in sorted({size for _, size in lines if size > body}, reverse=True):
        if not _same_size(size, body) and not (sizes and _same_size(size, sizes[-1])):
            sizes.append(size)
    blocks = []
    for wanted in sizes[:_TITLE_SIZES]:
        run: list[str] = []
        for text, size in lines:
            if _same_size(size, wanted):
                run.append(text)
            elif run and _has_word(text):
                blocks.append(_joined(run))
                run = []
        if run:
            blocks.append(_joined(run))
    return blocks


def _has_word(text: str) -> bool:
    """Whether ``text`` holds a word of two characters or more (not just marks or numbers)."""
    return any(len(word) > 1 for word in _WORD.findall(text))


def _joined(lines: list[str]) -> str:
    """Lines as one text: a line ending in a hyphen runs on into the next without a space."""
    text = ""
    for line in lines:
        text += line if not text or text.endswith("-") else " " + line
    return text
