"""Importers: another system's export -> a new volume project (``source/``, ``papers/``).

Every importer (one module per format, listed in :mod:`~proceedings.importers.formats`) reads
its input into one :class:`ImportedVolume`: the volume as a plain mapping ready for
``source/volume.yaml``, one :class:`ImportedPaper` per accepted paper (its id, a mapping ready
for ``paper.yaml`` and the camera-ready PDF if one was found) and notes for the organizer about
what could not be carried over. :mod:`~proceedings.importers.project` turns that into files.
Importers only read their inputs: PDFs are copied, never moved or edited.

The helpers below are shared by the importers, so that every format does these things one way:
a paper on its way to an :class:`ImportedPaper` (:class:`PaperDraft`), reading a source file
(:func:`read_bytes`, :func:`read_text`), ids from arbitrary keys (:func:`make_id`,
:func:`zero_padded`), volume options and checked values (:func:`apply_overrides`,
:func:`order_volume`, :func:`keep_valid`, :func:`drop_bad_links`) and finding a paper's PDF by
the title on its first page (:func:`title_score`, :func:`match_by_title`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from proceedings.errors import ProceedingsError
from proceedings.identifiers import unique_name, url_problem
from proceedings.names import fold
from proceedings.text import plural

__all__ = [
    "DEFAULT_PART",
    "TITLE_RATIO",
    "ImportedPaper",
    "ImportedVolume",
    "PaperDraft",
    "apply_overrides",
    "drop_bad_links",
    "dump_yaml",
    "join_ids",
    "keep_valid",
    "make_id",
    "match_by_title",
    "order_volume",
    "plural",
    "read_bytes",
    "read_text",
    "title_score",
    "unique",
    "zero_padded",
]

VOLUME_FILE = Path("source/volume.yaml")
COMMITTEES_FILE = Path("source/committees.yaml")
PAPERS_DIR = Path("papers")
# The one part of a volume whose source names none.
DEFAULT_PART = {"id": "papers", "title": "Papers"}
# A first-page passage this similar to a title (after folding) counts as that title; the same
# threshold as the pdf.title-mismatch check.
TITLE_RATIO = 0.85
_TITLE_LINES = 20
_TITLE_RUN = 4  # titles are set on one to four lines


@dataclass(frozen=True)
class ImportedPaper:
    """One accepted paper as an importer found it.

    ``data`` is ready for ``papers/<id>/paper.yaml`` (plain Unicode text, keys of
    docs/file-formats.md only). ``pdf`` is the camera-ready PDF to copy, if one was found.
    ``origin`` says where the paper came from (``refs.bib:17 (afzal23)``), for messages.
    ``pages`` is the page range the source gives, if any: it is not written (the layout decides
    page numbers) but lets the caller compare the layout with the published numbering.
    """

    id: str
    data: dict[str, Any]
    pdf: Path | None = None
    origin: str = ""
    pages: tuple[int, int] | None = None


@dataclass
class ImportedVolume:
    """What an importer read: the volume, its papers in order, and notes for the organizer.

    ``volume`` is ready for ``source/volume.yaml`` and ``committees`` (role and people, in
    printed order) for ``source/committees.yaml``. ``notes`` are one-line remarks
    (``where: what``) about what the source lacked or what was guessed or repaired; they are
    for the person running the import, and nothing in them is an error.
    """

    volume: dict[str, Any]
    papers: list[ImportedPaper]
    notes: list[str] = field(default_factory=list)
    origin: str = ""
    committees: list[dict[str, Any]] = field(default_factory=list)
    format: str = ""  # the import format's name, set by read_import

    def paper(self, paper_id: str) -> ImportedPaper:
        """The paper with id ``paper_id``."""
        for paper in self.papers:
            if paper.id == paper_id:
                return paper
        raise KeyError(paper_id)


@dataclass
class PaperDraft:
    """A paper while an importer reads it, before it becomes an :class:`ImportedPaper`.

    What the PDF helpers (:mod:`~proceedings.importers.pdfs`) pair with a file: ``key`` names the
    paper in the source (a citation key, a submission number) and is matched against file names,
    ``id`` is its paper id, ``data`` its ``paper.yaml`` mapping (with a ``title``), ``pages`` the
    page range the source gives and ``pdf`` its PDF once found. ``where`` is the place notes about
    it point to (``papers.yml:12``) and ``origin`` where it came from, for importers that know
    them when they make the paper. An importer that needs more keeps a subclass.
    """

    key: str
    id: str
    data: dict[str, Any]
    pages: tuple[int, int] | None = None
    pdf: Path | None = None
    where: str = ""
    origin: str = ""

    def imported(self, origin: str) -> ImportedPaper:
        """The finished paper, which came from ``origin`` (``refs.bib:17 (afzal23)``)."""
        return ImportedPaper(self.id, self.data, self.pdf, origin, self.pages)


# --- reading a source file ------------------------------------------------------------------


def read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes; an error naming the file (as ``display``) when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ProceedingsError(f"cannot be read: {exc.strerror or exc}", path=display) from None


def read_text(path: Path, display: str, *, not_utf8: str) -> str:
    """The file as UTF-8 text (a byte-order mark dropped); else an error naming the line and
    the byte, and saying what to do (``not_utf8``: how to get a UTF-8 file)."""
    data = read_bytes(path, display)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ProceedingsError(
            f"{display}:{line}: the file is not UTF-8 (byte 0x{data[exc.start]:02x}); {not_utf8}"
        ) from None


# --- ids ------------------------------------------------------------------------------------


def make_id(text: str, taken: set[str], fallback: str = "paper") -> str:
    """A paper id (a slug: lower-case ``[a-z0-9._-]``, starting with a letter or digit) from
    ``text``, unique among ``taken`` (compared ignoring case), which it joins.

    ``Smith:2023`` -> ``smith-2023``; ``Ødegaard25`` -> ``odegaard25``; a second ``smith-2023``
    -> ``smith-2023-2``.
    """
    slug = re.sub(r"[^a-z0-9._-]+", "-", fold(text))
    slug = re.sub(r"-{2,}", "-", slug).strip("-._") or fallback
    return unique_name(slug, taken)


def zero_padded(number: int | str) -> str:
    """A paper number as an id on three digits (``17`` -> ``017``), so that ids sort as the
    numbers do; text that is not a number is returned as it is."""
    if isinstance(number, int):
        return f"{number:03d}"
    return f"{int(number):03d}" if number.isdigit() else number


def unique(items: Iterable[str]) -> list[str]:
    """``items`` without repeats (compared ignoring case), in order; the first spelling wins."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return list(seen.values())


# --- volume options -------------------------------------------------------------------------


def apply_overrides(volume: dict[str, Any], overrides: Mapping[str, Any]) -> list[str]:
    """Set or fill in ``volume.yaml`` keys from the user's options; return what was changed.

    Options are ``volume.yaml`` keys (``acronym="ML4H 2023"``); ``None`` means "not given". A
    mapping is merged into the mapping the source gave (``series={"name": "PMLR"}`` keeps the
    series' volume number). An unknown key is an error, so a typo is not silently dropped.
    """
    from proceedings.model import VolumeInfo  # pydantic is slow to import; only when used

    allowed = list(VolumeInfo.model_fields)
    changed = []
    for key, value in overrides.items():
        if value is None:
            continue
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"Did you mean '{close[0]}'?" if close else f"Allowed: {', '.join(allowed)}."
            raise ProceedingsError(f"unknown volume option '{key}'. {hint}")
        old = volume.get(key)
        if isinstance(value, Mapping) and isinstance(old, dict):
            volume[key] = {**old, **value}
        else:
            volume[key] = value
        changed.append(key)
    return changed


def order_volume(volume: dict[str, Any]) -> None:
    """Put ``volume.yaml``'s keys in the documented order (the model's), in place, so that every
    importer writes the file the same way however it filled it in."""
    from proceedings.model import VolumeInfo  # pydantic is slow to import; only when used

    fields = list(VolumeInfo.model_fields)
    for key in sorted(volume, key=lambda k: fields.index(k) if k in fields else len(fields)):
        volume[key] = volume.pop(key)


def keep_valid(
    into: dict[str, Any],
    key: str,
    value: str,
    problem: Callable[[str], str | None],
    note: Callable[[str], None],
) -> None:
    """Set ``into[key]`` to ``value`` unless ``problem`` (a check of
    :mod:`proceedings.identifiers`) finds it wrong: then note why it is not imported. An empty
    value is left out silently. A value that is not an ISBN or DOI would stop the project from
    loading; a note lets the organizer fix it instead."""
    if not value:
        return
    reason = problem(value)
    if reason:
        note(f"{key} '{value}' {reason}; not imported")
    else:
        into[key] = value


def drop_bad_links(links: dict[str, str], note: Callable[[str], None]) -> None:
    """Take out of ``links`` (``paper.yaml``'s, by kind) every value that is not an absolute
    http(s) link, noting each: the site would print it as a broken link."""
    for name, value in list(links.items()):
        reason = url_problem(value)
        if reason:
            note(f"links.{name}: '{value}' {reason}; not imported")
            del links[name]


# --- writing --------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """SafeDumper that also quotes texts the YAML 1.2 loader of proceedings reads as numbers.

    PyYAML's YAML 1.1 resolvers take ``1e5`` for text and would write it bare; the project's
    loader (YAML 1.2 core schema) would then read a float. A value used twice (one date for an
    event's start and end) is written twice, never as an ``&anchor`` an organizer must decode.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)


def dump_yaml(data: Mapping[str, Any]) -> str:
    """``data`` as YAML in the project's style: Unicode as is, keys in the given order."""
    return yaml.dump(dict(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


# --- finding a paper's PDF by its title -------------------------------------------------------


def _normal(text: str) -> str:
    """Folded case and accents, punctuation as spaces, single spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def _runs(lines: Sequence[str]) -> list[str]:
    """The normalised texts of every run of one to four consecutive lines near the page top."""
    head = list(lines[:_TITLE_LINES])
    runs = []
    for start in range(len(head)):
        for length in range(1, _TITLE_RUN + 1):
            if start + length > len(head):
                break
            joined = " ".join(head[start : start + length])
            runs.append(_normal(re.sub(r"(\w)- (\w)", r"\1\2", joined)))
    return runs


def _best_ratio(want: str, runs: Sequence[str], floor: float = 0.0) -> float:
    """The best similarity of ``want`` to one of ``runs``; scores below ``floor`` may be 0."""
    if not want:
        return 0.0
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(want)  # SequenceMatcher caches what it knows about the second sequence
    best = 0.0
    for text in runs:
        bar = max(best, floor)
        if text == want:
            return 1.0
        matcher.set_seq1(text)
        if matcher.real_quick_ratio() < bar or matcher.quick_ratio() < bar:
            continue  # cheap upper bounds: this run cannot beat the bar
        best = max(best, matcher.ratio())
    return best


def title_score(title: str, lines: Sequence[str]) -> float:
    """How well the first page's ``lines`` show ``title``: 1.0 for the title itself, else less.

    The title is compared with every run of one to four consecutive lines near the top of the
    page, after folding case, accents and punctuation and mending words hyphenated across
    lines. A run must match the whole title, not merely contain it: a short title such as
    ``Machine Learning for Health 2023`` would otherwise be found in every paper's running head.
    """
    return _best_ratio(_normal(title), _runs(lines))


def match_by_title(
    titles: Mapping[str, str], first_pages: Mapping[Path, Sequence[str]]
) -> dict[str, Path]:
    """Pair papers (id -> title) with PDFs (path -> first-page lines) by the title on the page.

    Pairs are taken best first; a pair counts only when its score reaches :data:`TITLE_RATIO`
    and the PDF does not show another unpaired paper's title just as well (a tie leaves both
    unpaired rather than guessing).
    """
    runs = {path: _runs(lines) for path, lines in first_pages.items()}
    scored: list[tuple[float, str, Path]] = []
    for paper_id, title in titles.items():
        want = _normal(title)
        for path, texts in runs.items():
            score = _best_ratio(want, texts, floor=TITLE_RATIO)
            if score >= TITLE_RATIO:
                scored.append((score, paper_id, path))
    scored.sort(key=lambda item: (-item[0], item[1], str(item[2])))
    pairs: dict[str, Path] = {}
    used: set[Path] = set()
    for score, paper_id, path in scored:
        if paper_id in pairs or path in used:
            continue
        rivals = [
            s
            for s, other, p in scored
            if (p == path and other != paper_id and other not in pairs)
            or (other == paper_id and p != path and p not in used)
        ]
        if rivals and max(rivals) >= score - 0.005:
            continue
        pairs[paper_id] = path
        used.add(path)
    return pairs


def join_ids(ids: Iterable[str], limit: int = 12) -> str:
    """A readable list of ids: ``a, b, c`` or ``a, b, ... and 7 more``."""
    items = list(ids)
    if len(items) <= limit:
        return ", ".join(items)
    return f"{', '.join(items[:limit])} and {len(items) - limit} more"
