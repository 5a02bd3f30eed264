"""The volume model: what ``source/*.yaml`` and ``papers/*/paper.yaml`` say, validated.

Every later stage reads these objects and nothing else. The model holds plain Unicode; escaping
for LaTeX, BibTeX or HTML is the business of the stage that writes a file. Field descriptions
double as the documentation of the file formats (``docs/file-formats.md``) and of the JSON Schema.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PositiveInt,
    field_validator,
    model_validator,
)

from proceedings.identifiers import isbn13
from proceedings.kinds import Kind, KindRules, kind_rules
from proceedings.names import Name

if TYPE_CHECKING:  # only named: the model is built by the loader and never calls it
    from proceedings.workshop import Workshop
    from proceedings.yamlfile import YamlDocument

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
FILE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
"""What may name the volume's files (``key:``): no folder, no leading dot."""
YEARS = (1900, 2999)
"""The years a workshop's dates may fall in: others are typing slips, and some would take a
calendar out of its range (0001-01-01 less a time zone's offset)."""


def year_problem(day: datetime.date) -> str | None:
    """Why a workshop's date is refused for its year (outside :data:`YEARS`); None if it is not."""
    if YEARS[0] <= day.year <= YEARS[1]:
        return None
    return f"{day.isoformat()} is not in the years {YEARS[0]} to {YEARS[1]}"


def _clock_time(value: Any) -> Any:
    """A program's time as written (YYYY-MM-DD HH:MM): a number is refused, not read as a Unix
    time (YAML reads an unquoted ``1700000000`` as one)."""
    if isinstance(value, bool | int | float):
        raise ValueError(f"expected a date and time as YYYY-MM-DD HH:MM, got {value!r}")
    return value


def _venue_time(value: datetime.datetime | None) -> datetime.datetime | None:
    """A program's time is the venue's clock (``timezone:`` in event.yaml): no offset of its
    own, which could not be compared with the others', and a year of :data:`YEARS`."""
    if value is None:
        return None
    if value.tzinfo is not None:
        raise ValueError(
            "give the time without an offset: the program's times are the venue's "
            "('timezone:' in event.yaml)"
        )
    if (reason := year_problem(value.date())) is not None:
        raise ValueError(reason)
    return value


ProgramTime = Annotated[
    datetime.datetime | None, BeforeValidator(_clock_time), AfterValidator(_venue_time)
]

PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "letter": (215.9, 279.4),
    "lncs": (155.0, 235.0),
}


class Model(BaseModel):
    """Base of every file-backed model: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _institution_shorthand(value: Any) -> Any:
    """An affiliation may be written as just the institution's name."""
    return {"institution": value} if isinstance(value, str) else value


def _text_list(value: Any) -> Any:
    """A single text where a list is expected means a list of one."""
    return [value] if isinstance(value, str) else value


class Affiliation(Model):
    """Where a person works."""

    institution: str = Field(description="Institution, e.g. 'University of Oslo'")
    department: str | None = Field(None, description="Department or lab")
    city: str | None = Field(None, description="City")
    country: str | None = Field(None, description="Country, in English")
    ror: str | None = Field(None, description="ROR identifier of the institution")

    @property
    def text(self) -> str:
        """One line: ``Department, Institution, City, Country``."""
        parts = [self.department, self.institution, self.city, self.country]
        return ", ".join(p for p in parts if p)


class Person(Model):
    """An author, editor or committee member."""

    given: str = Field("", description="Given name(s) as the person writes them")
    family: str = Field(description="Family name with its particles, e.g. 'van der Berg'")
    suffix: str = Field("", description="Generational suffix, e.g. 'Jr.'")
    mononym: bool = Field(False, description="The person has a single name, put in 'family'")
    family_first: bool | None = Field(
        None, description="Print the family name first; default: true for CJK scripts"
    )
    orcid: str | None = Field(None, description="ORCID iD, bare or as https://orcid.org/ URL")
    email: str | None = Field(None, description="E-mail address (never published)")
    # json_schema_input_type: the JSON Schema (``proceedings schema``) accepts the shorthands.
    affiliations: Annotated[
        tuple[
            Annotated[
                Affiliation,
                BeforeValidator(_institution_shorthand, json_schema_input_type=str | Affiliation),
            ],
            ...,
        ],
        BeforeValidator(_text_list, json_schema_input_type=str | list[str | Affiliation]),
    ] = Field((), description="Affiliations: texts or mappings with 'institution'")
    corresponding: bool = Field(False, description="Corresponding author")

    @property
    def name(self) -> Name:
        """The name's display forms and sort key."""
        return Name(self.family, self.given, self.suffix, self.family_first)

    @property
    def orcid_id(self) -> str | None:
        """The bare 16-character iD, without an ``https://orcid.org/`` prefix."""
        if not self.orcid:
            return None
        return re.sub(r"^(?:https?://)?(?:www\.)?orcid\.org/", "", self.orcid).strip("/")


class Event(Model):
    """The workshop itself."""

    name: str = Field(description="Full name of the workshop")
    short_name: str | None = Field(None, description="e.g. 'TML4H 2025'")
    host: str | None = Field(None, description="Host conference, e.g. 'ICML 2025'")
    place: str | None = Field(None, description="City, Country")
    start: datetime.date | None = Field(None, description="First day (YYYY-MM-DD)")
    end: datetime.date | None = Field(None, description="Last day (YYYY-MM-DD)")

    @property
    def dates(self) -> str | None:
        """``July 18, 2025``, ``July 7–13, 2025``, ``June 30 – July 2, 2025``, in English
        whatever the machine's locale, as every output prints them; ``None`` without a start."""
        if self.start is None:
            return None
        start, end = self.start, self.end or self.start
        first, last = _MONTHS[start.month - 1], _MONTHS[end.month - 1]
        if start == end:
            return f"{first} {start.day}, {start.year}"
        if (start.year, start.month) == (end.year, end.month):
            return f"{first} {start.day}–{end.day}, {start.year}"
        if start.year == end.year:
            return f"{first} {start.day} – {last} {end.day}, {start.year}"
        return f"{first} {start.day}, {start.year} – {last} {end.day}, {end.year}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


NumberText = Annotated[
    str,
    BeforeValidator(
        lambda v: str(v) if isinstance(v, int) else v, json_schema_input_type=str | int
    ),
]
"""A number that is text (a series volume: '225', 'XII'), written in YAML either way."""


class Series(Model):
    """The book series the volume appears in."""

    name: str = Field(description="Series name")
    short_name: str | None = Field(None, description="Abbreviation, e.g. 'LNCS'")
    volume: NumberText | None = Field(None, description="Volume number in the series")
    issn: str | None = Field(None, description="ISSN of the series")


class Publisher(Model):
    """Who publishes the volume."""

    name: str = Field(description="Publisher's name")
    place: str | None = Field(None, description="Publisher's city")


class Part(Model):
    """A topical part of the volume."""

    id: str = Field(description="Slug used by papers' 'part'")
    title: str = Field(description="Title printed on the part page and in the contents")


class Track(Model):
    """A submission track and its page limits."""

    max_pages: PositiveInt | None = Field(None, description="Page limit of the camera-ready PDF")
    min_pages: PositiveInt | None = Field(
        None, description="Fewest pages of the camera-ready PDF (a publisher's minimum)"
    )


class Numbering(Model):
    """How the layout stage numbers pages."""

    start_page: PositiveInt = Field(1, le=999_999, description="Number of the first paper page")
    odd_page_starts: bool = Field(False, description="Start every paper on an odd (recto) page")
    part_pages: bool = Field(False, description="Open every part with a title page on a recto")


def _page_size(value: Any) -> str | tuple[float, float]:
    """A named size (case-insensitive) or ``[width_mm, height_mm]``: one clear error otherwise."""
    if isinstance(value, str) and value.lower() in PAGE_SIZES_MM:
        return value.lower()
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in value)
    ):
        return (float(value[0]), float(value[1]))
    raise ValueError(f"expected a4, letter, lncs or [width_mm, height_mm], got {value!r}")


PageSize = Annotated[str | tuple[float, float], BeforeValidator(_page_size)]


class PdfOptions(Model):
    """What the papers' PDFs are checked against."""

    page_sizes: tuple[PageSize, ...] = Field(
        ("a4", "letter"),
        description="Allowed page sizes: a4, letter, lncs or [width_mm, height_mm]",
    )
    max_file_mb: float = Field(5.0, gt=0, description="Largest PDF accepted (Google Scholar: 5)")
    volume_size: Literal["a4", "lncs-trim"] = Field(
        "a4",
        description="Page size of the volume: a4 (like the papers) or lncs-trim (155 x 235 mm, "
        "the printed book: papers cropped around their LNCS text block)",
    )
    stamp: Literal["lncs", "footer"] = Field(
        "lncs",
        description="Page numbers in LNCS running heads, or in a footer line with the volume's "
        "short citation",
    )
    running_heads: bool = Field(True, description="With stamp lncs: print LNCS running heads")

    @property
    def sizes_mm(self) -> dict[str, tuple[float, float]]:
        """Allowed sizes by display name."""
        out = {}
        for size in self.page_sizes:
            if isinstance(size, str):
                out[size] = PAGE_SIZES_MM[size]
            else:
                out[f"{size[0]:g} x {size[1]:g} mm"] = size
        return out


class BibtexOptions(Model):
    """How BibTeX (and the other exports' citation keys) are written."""

    keys: Literal["id", "dblp"] = Field(
        "id", description="Key scheme: 'id' (tml4h2025-017) or 'dblp' (OBrien25, OBrien25a)"
    )
    crossref: bool = Field(True, description="Papers point to the volume entry with 'crossref'")
    ascii: bool = Field(False, description="Escape non-ASCII as LaTeX (classic BibTeX)")


class CheckOptions(Model):
    """Tuning of ``proceedings check``."""

    ignore: tuple[str, ...] = Field((), description="Problem codes to silence")


class VolumeInfo(Model):
    """``source/volume.yaml``."""

    title: str = Field(description="The volume's title")
    subtitle: str | None = Field(None, description="Subtitle, e.g. the event and 'Proceedings'")
    acronym: str = Field(description="Short name used in citations, e.g. 'TML4H 2025'")
    key: str | None = Field(None, description="Prefix of citation keys and file names")
    year: int = Field(ge=1900, le=2999, description="Year of publication")
    event: Event
    series: Series | None = None
    publisher: Publisher | None = None
    isbn: str | None = Field(None, description="ISBN of the volume")
    ebook_isbn: str | None = Field(
        None,
        description="ISBN of the eBook, when it has its own (Springer: the chapters' DOIs are "
        "made from it)",
    )
    doi: str | None = Field(None, description="DOI of the volume")
    doi_prefix: str | None = Field(None, description="DOI prefix for the papers, e.g. 10.5555")
    licence: str | None = Field(None, description="SPDX id of the papers' licence")
    url: str | None = Field(None, description="Base URL of the proceedings site")
    editors: tuple[Person, ...] = Field(description="Volume editors, in order")
    parts: tuple[Part, ...] = Field(min_length=1, description="Parts, in the volume's order")
    tracks: dict[str, Track] = Field(
        default_factory=lambda: {"full": Track()}, description="Tracks and their page limits"
    )
    pages: tuple[str, ...] = Field((), description="Hand-written front-matter pages (MyST files)")
    agreements: bool = Field(
        False,
        description="The editors collect a signed agreement for every paper (CEUR-WS, PMLR): "
        "check reports each paper whose 'agreement' is not given",
    )
    numbering: Numbering = Numbering()
    pdf: PdfOptions = PdfOptions()
    checks: CheckOptions = CheckOptions()
    bibtex: BibtexOptions = BibtexOptions()

    @property
    def citation_title(self) -> str:
        """The title citations print (BibTeX ``booktitle``, Scholar's conference title):
        ``Trustworthy Machine Learning for Healthcare (TML4H 2025)``."""
        return f"{self.title} ({self.acronym})"

    @property
    def slug(self) -> str:
        """Prefix of keys and file names: ``key``, else the acronym without spaces, lower-case."""
        return self.key or re.sub(r"[^a-z0-9]+", "", self.acronym.lower())

    @field_validator("key")
    @classmethod
    def _names_files(cls, key: str | None) -> str | None:
        """A key names files under ``_build/`` (``<key>.pdf``): a path would write elsewhere."""
        if key is not None and not FILE_KEY.match(key):
            raise ValueError(
                f"'{key}' cannot name files: use letters, digits, '.', '-' and '_', "
                "starting with a letter or digit (such as tml4h2025)"
            )
        return key

    @model_validator(mode="after")
    def _has_slug(self) -> VolumeInfo:
        if not self.slug:
            raise ValueError(
                f"the acronym '{self.acronym}' has no letter or digit to name the volume's "
                "files and citation keys by: give 'key:' (such as tml4h2025)"
            )
        return self


class Committee(Model):
    """One committee and its members, in printed order."""

    role: str = Field(description="e.g. 'Program Committee'")
    people: tuple[Person, ...] = Field(description="Members")


class Committees(Model):
    """``source/committees.yaml``."""

    committees: tuple[Committee, ...] = Field((), description="Committees, in printed order")


def _paper_shorthand(value: Any) -> Any:
    """A paper of the program may be written as just its id."""
    return {"id": value} if isinstance(value, str) else value


class ProgramPaper(Model):
    """A paper presented in a session: its id and, if the program gives them, its times."""

    id: str = Field(description="The paper's id (its folder's name)")
    start: ProgramTime = Field(None, description="Start (YYYY-MM-DD HH:MM)")
    end: ProgramTime = Field(None, description="End (YYYY-MM-DD HH:MM)")


class Session(Model):
    """One item of the program: a session, a talk, a break; it may hold papers and sessions."""

    title: str = Field(description="e.g. 'Session 1: Generation', 'Coffee break'")
    start: ProgramTime = Field(None, description="Start (YYYY-MM-DD HH:MM)")
    end: ProgramTime = Field(None, description="End (YYYY-MM-DD HH:MM)")
    room: str | None = Field(None, description="Where it takes place")
    chair: str | None = Field(None, description="Who chairs it")
    kind: Literal["session", "keynote", "posters", "break", "other"] = Field(
        "session",
        description="session (talks), keynote, posters, break (coffee, lunch) or other",
    )
    keynote: str | None = Field(None, description="Id of the keynote given (source/event.yaml)")
    papers: tuple[
        Annotated[
            ProgramPaper,
            BeforeValidator(_paper_shorthand, json_schema_input_type=str | ProgramPaper),
        ],
        ...,
    ] = Field((), description="Papers presented, in order: ids, or mappings with times")
    sessions: tuple[Session, ...] = Field((), description="Parallel or consecutive sub-sessions")


class Program(Model):
    """``source/program.yaml``."""

    program: tuple[Session, ...] = Field((), description="The program, in order")


class Sponsor(Model):
    """One sponsor of the event."""

    name: str = Field(description="The sponsor's name, e.g. 'Example Corp.'")
    level: str | None = Field(None, description="Level or tier, e.g. 'Gold'")
    url: str | None = Field(None, description="The sponsor's site (http or https)")
    logo: str | None = Field(None, description="Image file of the logo, relative to source/")


class Sponsors(Model):
    """``source/sponsors.yaml``."""

    sponsors: tuple[Sponsor, ...] = Field((), description="Sponsors, in the order shown")


class Links(Model):
    """Links shown on a paper's page."""

    code: str | None = None
    data: str | None = None
    video: str | None = None
    slides: str | None = None
    poster: str | None = None
    openreview: str | None = None


ATTACHMENT_KINDS = {
    "supplement": "Supplementary material",
    "code": "Code",
    "data": "Data",
    "slides": "Slides",
    "poster": "Poster",
    "video": "Video",
    "other": "Supplementary file",
}
"""Each kind of attachment and the label it is shown with when it has none of its own."""

# What a file's extension says of its kind, when the attachment does not say.
_KIND_BY_EXTENSION = {
    ".pdf": "supplement",
    ".ppt": "slides",
    ".pptx": "slides",
    ".key": "slides",
    ".odp": "slides",
    ".mp4": "video",
    ".webm": "video",
    ".mov": "video",
    ".m4v": "video",
}
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com")


class Attachment(Model):
    """A supplementary file in the paper's folder, or a link: shown on the paper's page."""

    file: str | None = Field(None, description="File name in the paper's folder, e.g. supp.pdf")
    url: str | None = Field(None, description="An http(s) URL, instead of a file")
    label: str | None = Field(
        None, description="Text of the link; default: from the kind, e.g. 'Supplementary material'"
    )
    kind: Literal["supplement", "code", "data", "slides", "poster", "video", "other"] | None = (
        Field(None, description="What it is; default: from the file's extension or the URL")
    )

    @model_validator(mode="after")
    def _file_or_url(self) -> Attachment:
        if (self.file is None) == (self.url is None):
            raise ValueError("an attachment has either 'file' or 'url', not both or neither")
        return self

    @property
    def what(self) -> str:
        """The kind, given or inferred: ``supplement`` for a PDF, ``video`` for YouTube."""
        if self.kind:
            return self.kind
        if self.file is not None:
            return _KIND_BY_EXTENSION.get(Path(self.file).suffix.lower(), "other")
        host = re.sub(r"^https?://(www\.)?", "", self.url or "").split("/", 1)[0].lower()
        return "video" if host.endswith(_VIDEO_HOSTS) else "other"

    @property
    def title(self) -> str:
        """The link's text: the label, else the kind's."""
        return self.label or ATTACHMENT_KINDS[self.what]

    @property
    def name(self) -> str | None:
        """The file's name as published beside the paper's PDF (its last path component)."""
        return Path(self.file).name if self.file is not None else None

    @property
    def type_name(self) -> str | None:
        """``PDF``, ``ZIP``, ``TAR.GZ``: the file's type as a reader knows it."""
        if self.file is None:
            return None
        name = Path(self.file).name.lower()
        if name.endswith((".tar.gz", ".tar.bz2", ".tar.xz")):
            return name.rsplit(".", 2)[-2].upper() + "." + name.rsplit(".", 1)[-1].upper()
        suffix = Path(name).suffix
        return suffix[1:].upper() if suffix else None


class PaperInfo(Model):
    """``papers/<id>/paper.yaml``."""

    kind: Kind = Field(
        "paper",
        description="paper (a research paper), extended-abstract, invited (an invited talk or "
        "keynote), preface, or frontmatter (any other front-matter item)",
    )
    title: str = Field(min_length=1, description="Title as printed")
    short_title: str | None = Field(None, description="Title for running heads")
    authors: tuple[Person, ...] = Field(description="Authors, in order")
    abstract: str = Field("", description="Abstract (Markdown with $math$)")
    keywords: Annotated[
        tuple[str, ...], BeforeValidator(_text_list, json_schema_input_type=str | list[str])
    ] = Field((), description="Keywords: a list, or one text")
    part: str = Field(description="Id of a part in volume.yaml")
    order: int | None = Field(None, description="Position within the part")
    track: str | None = Field(None, description="Track name; default: the first track")
    archival: bool = Field(True, description="False: on the site only, in no volume or export")
    award: str | None = Field(None, description="e.g. 'Best Paper Award'")
    doi: str | None = Field(None, description="The paper's DOI")
    links: Links = Links()
    attachments: tuple[Attachment, ...] = Field(
        (), description="Supplementary files and links, in the order shown"
    )
    agreement: str | None = Field(
        None,
        description="The signed author agreement the editors collect (Springer's licence-to-"
        "publish form, CEUR-WS's author agreement, PMLR's permission form), a file in the "
        "paper's folder, e.g. agreement.pdf: it goes into the publisher's package, never onto "
        "the site",
    )
    pdf: str | None = Field(
        "paper.pdf",
        description="File name of the PDF in the paper's folder; null: none (an invited talk or "
        "a front-matter item given without one: on the site only)",
    )
    sources: str | None = Field(
        None,
        description="The source files the PDF was made from, as one file in the paper's folder "
        "(a ZIP of the LaTeX files with figures and .bib, or the Word file): publishers that "
        "typeset from sources (Springer) ask for them",
    )


def _page_range(value: Any) -> Any:
    """``13-26`` (or ``13–26``, ``13--26``) or a single page ``5`` as ``(first, last)``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value, value)
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)\s*(?:(?:-+|–|—)\s*(\d+))?\s*", value)
        if match:
            first = int(match.group(1))
            last = int(match.group(2) or first)
            if 0 < first <= last:
                return (first, last)
    raise ValueError(f"expected a page range such as 13-26, got {value!r}")


class PaperRecord(Model):
    """One paper as its publisher published it: the version of record."""

    doi: str | None = Field(None, description="The DOI the publisher registered")
    pages: (
        Annotated[tuple[int, int], BeforeValidator(_page_range, json_schema_input_type=str | int)]
        | None
    ) = Field(None, description="The published page range, e.g. 13-26")
    url: str | None = Field(None, description="The paper's page at the publisher (http or https)")
    source: str | None = Field(
        None, description="Where it was read: file:line (record), written by 'proceedings record'"
    )


class VolumeRecord(Model):
    """The volume itself as its publisher published it: the book's version of record.

    Its DOI, ISBN and URL are the volume's in every output, over ``volume.yaml``'s (which
    ``record`` and ``check`` report when they differ: ``record.volume-differs``); the title,
    publisher and series are what the publisher printed, shown beside them."""

    title: str | None = Field(None, description="The book's title as the publisher gives it")
    doi: str | None = Field(None, description="The DOI the publisher registered for the book")
    isbn: str | None = Field(None, description="The book's ISBN as the publisher gives it")
    url: str | None = Field(None, description="The book's page at the publisher (http or https)")
    publisher: str | None = Field(None, description="The publisher's name as it prints it")
    series: str | None = Field(None, description="The series the book appeared in")
    series_volume: NumberText | None = Field(
        None, description="The book's volume number in that series"
    )
    source: str | None = Field(
        None, description="Where it was read: file:line (record), written by 'proceedings record'"
    )


class Record(Model):
    """``source/record.yaml``: the version of record of the volume and of each published
    paper, by paper id."""

    volume: VolumeRecord | None = Field(
        None, description="The volume's own record: its DOI, ISBN and URL at the publisher"
    )
    papers: dict[str, PaperRecord] = Field(
        default_factory=dict, description="Paper id -> its DOI, pages and URL of record"
    )


@dataclass(frozen=True)
class Paper:
    """One accepted paper: its id (the folder name), metadata and where its files are."""

    id: str
    info: PaperInfo
    folder: Path
    source: YamlDocument = field(compare=False, repr=False)

    @property
    def rules(self) -> KindRules:
        """What the contribution's kind needs and how each output shows it."""
        return kind_rules(self.info.kind)

    @property
    def has_pdf(self) -> bool:
        """Whether the contribution comes with a PDF (``pdf: null`` says it has none)."""
        return self.info.pdf is not None

    @property
    def in_volume(self) -> bool:
        """Whether it goes into the volume and every export: archival, with a PDF."""
        return self.info.archival and self.has_pdf

    @property
    def pdf_path(self) -> Path:
        """The camera-ready PDF (only asked of a contribution that has one)."""
        if self.info.pdf is None:
            raise ValueError(f"paper {self.id} has no PDF")
        return self.folder / self.info.pdf

    @property
    def display_pdf(self) -> str:
        """The PDF's path as shown to the user."""
        return str(Path(self.source.display).parent / (self.info.pdf or ""))

    def file_path(self, name: str | None) -> Path | None:
        """Where a file that ``paper.yaml`` names in the paper's folder is (``sources``,
        ``agreement``); ``None`` when it names none."""
        return self.folder / name if name is not None else None

    def attachment_path(self, attachment: Attachment) -> Path | None:
        """Where an attachment's file is (``None`` for a link)."""
        return self.folder / attachment.file if attachment.file is not None else None


@dataclass(frozen=True)
class Volume:
    """The whole volume: metadata, committees and papers in volume order."""

    root: Path
    info: VolumeInfo
    committees: tuple[Committee, ...]
    papers: tuple[Paper, ...]
    sources: dict[str, YamlDocument] = field(compare=False, repr=False)
    unloaded: tuple[str, ...] = ()  # ids of paper folders whose paper.yaml failed to load
    program: tuple[Session, ...] = ()
    sponsors: tuple[Sponsor, ...] = ()
    workshop: Workshop | None = None  # source/event.yaml, when the project has one
    record: dict[str, PaperRecord] = field(default_factory=dict, hash=False)  # record.yaml
    book_record: VolumeRecord | None = None  # record.yaml's volume: the book as published

    @property
    def archival_papers(self) -> tuple[Paper, ...]:
        """Contributions that go into the volume and every export, in volume order: archival
        ones with a PDF (one without, an invited talk given as an abstract, is on the site
        only)."""
        return tuple(p for p in self.papers if p.in_volume)

    def papers_in(self, part: Part) -> tuple[Paper, ...]:
        """The papers of one part, in order."""
        return tuple(p for p in self.papers if p.info.part == part.id)

    def record_of(self, paper: Paper) -> PaperRecord | None:
        """The paper's version of record (``source/record.yaml``), once it is published."""
        return self.record.get(paper.id)

    def record_url(self, paper: Paper) -> str | None:
        """Where the version of record is read: the publisher's page, else its DOI's link."""
        record = self.record.get(paper.id)
        if record is None:
            return None
        return record.url or (f"https://doi.org/{record.doi}" if record.doi else None)

    @property
    def book_doi(self) -> str | None:
        """The volume's DOI: its record's (the one the publisher registered), else
        ``volume.yaml``'s."""
        record = self.book_record
        return (record.doi if record else None) or self.info.doi

    @property
    def book_isbn(self) -> str | None:
        """The volume's ISBN: ``volume.yaml``'s ``isbn`` when its record's is that one or the
        eBook's (a publisher's file may give either), else the record's, else ``isbn``."""
        record = self.book_record
        if record is None or not record.isbn:
            return self.info.isbn
        own = {isbn13(i) for i in (self.info.isbn, self.info.ebook_isbn) if i}
        return self.info.isbn if self.info.isbn and isbn13(record.isbn) in own else record.isbn

    @property
    def book_url(self) -> str | None:
        """Where the published volume is read: its page at the publisher, else its DOI's link;
        ``None`` before the volume has a record (the site is then the volume's only home)."""
        record = self.book_record
        if record is None:
            return None
        return record.url or (f"https://doi.org/{record.doi}" if record.doi else None)

    def book_differences(self) -> list[tuple[str, str, str]]:
        """Where the volume's record and ``volume.yaml`` disagree: for each DOI, ISBN or series
        number of the record that ``volume.yaml`` gives otherwise, the record's field, its value
        and what ``volume.yaml`` says (``doi 10.5555/x``, ``isbn ... and ebook_isbn ...``)."""
        record, info = self.book_record, self.info
        if record is None:
            return []
        out = []
        if record.doi and info.doi and record.doi.lower() != info.doi.lower():
            out.append(("doi", record.doi, f"doi {info.doi}"))
        own = [(key, i) for key, i in (("isbn", info.isbn), ("ebook_isbn", info.ebook_isbn)) if i]
        if record.isbn and own and isbn13(record.isbn) not in {isbn13(i) for _, i in own}:
            out.append(("isbn", record.isbn, " and ".join(f"{key} {i}" for key, i in own)))
        number = info.series.volume if info.series else None
        if record.series_volume and number and record.series_volume != number:
            out.append(("series_volume", record.series_volume, f"series.volume {number}"))
        return out

    def doi_of(self, paper: Paper) -> str | None:
        """The paper's DOI: the version of record's, else its own, else one minted from the
        volume's prefix, else none.

        Minted DOIs read ``<prefix>/<volume key>.<paper id>`` (``10.5555/tml4h2025.017``): stable
        as long as the ids are, which is why ids are chosen once and never renumbered.
        """
        record = self.record.get(paper.id)
        if record is not None and record.doi:
            return record.doi
        if paper.info.doi:
            return paper.info.doi
        if self.info.doi_prefix:
            return f"{self.info.doi_prefix}/{self.info.slug}.{paper.id}"
        return None

    def paper_url(self, paper: Paper) -> str | None:
        """The paper's page on the proceedings site (``<url>papers/<id>/``)."""
        return f"{self._base}papers/{paper.id}/" if self.info.url else None

    def pdf_url(self, paper: Paper) -> str | None:
        """The stamped PDF beside the paper's page, as Google Scholar asks."""
        page = self.paper_url(paper)
        return f"{page}{self.pdf_name(paper)}" if page else None

    def pdf_name(self, paper: Paper) -> str:
        """The published PDF's file name: ``tml4h2025-001.pdf``."""
        return f"{self.info.slug}-{paper.id}.pdf"

    @property
    def _base(self) -> str:
        url = self.info.url or ""
        return url if url.endswith("/") else url + "/"

    def track_of(self, paper: Paper) -> str:
        """The paper's track, defaulting to the first one declared."""
        return paper.info.track or next(iter(self.info.tracks), "full")
