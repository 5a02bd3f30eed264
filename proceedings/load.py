"""Load a volume project (``source/``, ``papers/``) into one validated :class:`Volume`.

The loader checks structure only: YAML syntax, types, required fields and unknown keys. What a
value means (an ORCID's checksum, a part that exists) is the business of ``checks``. Every file is
read even after a failure, so one run reports every structural problem of the project.
"""

from __future__ import annotations

import difflib
import os
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from proceedings.errors import Problem, ProceedingsError, Severity, sort_problems
from proceedings.model import (
    Committees,
    Paper,
    PaperInfo,
    Program,
    Record,
    Sponsors,
    Volume,
    VolumeInfo,
)
from proceedings.paths import confine, inside, outside_links
from proceedings.workshop import Workshop, impossible_date
from proceedings.yamlfile import YamlDocument, read_yaml

VOLUME_FILE = Path("source/volume.yaml")
COMMITTEES_FILE = Path("source/committees.yaml")
PROGRAM_FILE = Path("source/program.yaml")
SPONSORS_FILE = Path("source/sponsors.yaml")
EVENT_FILE = Path("source/event.yaml")
RECORD_FILE = Path("source/record.yaml")
PAPERS_DIR = Path("papers")
SOURCE_DIR = Path("source")
PAPER_FILE = "paper.yaml"
OUTSIDE = "project.outside"

M = TypeVar("M", bound=BaseModel)


def load_volume(root: Path) -> Volume:
    """Load the project at ``root``, or raise one error listing every structural problem."""
    volume, problems = read_volume(root)
    if volume is None or problems:
        raise ProceedingsError.from_problems(problems, "the volume could not be loaded")
    return volume


def read_volume(root: Path) -> tuple[Volume | None, list[Problem]]:
    """Load what can be loaded; return the volume (if ``volume.yaml`` loaded) and all problems.

    A paper whose ``paper.yaml`` is broken is left out of the volume and reported, so that
    ``check`` can still look at every other paper. So is a paper whose ``pdf:`` leads outside
    the project folder, and a ``pages:`` entry that does: no later stage ever sees such a path.
    """
    if not root.is_dir():  # one error for the folder, not one for each file it lacks
        what = "is not a folder" if root.exists() else "folder not found"
        hint = (
            "Give -C the folder that holds source/ and papers/, or create a project with "
            "'proceedings init FOLDER'."
        )
        return None, [Problem("project.not-found", Severity.ERROR, what, f"{root}/", hint=hint)]
    problems: list[Problem] = []
    sources: dict[str, YamlDocument] = {}
    refused: set[Path] = set()  # paths reported as outside, so that no link is reported twice

    volume_doc = _read(root, VOLUME_FILE, problems, required=True)
    info = _validate(VolumeInfo, volume_doc, problems) if volume_doc else None
    if volume_doc:
        sources["volume"] = volume_doc
    if volume_doc and info:
        info = _confine_pages(root, info, volume_doc, problems, refused)

    committees_doc = _read(root, COMMITTEES_FILE, problems, required=False)
    committees = _validate(Committees, committees_doc, problems) if committees_doc else None
    if committees_doc:
        sources["committees"] = committees_doc

    program_doc = _read(root, PROGRAM_FILE, problems, required=False)
    program = _validate(Program, program_doc, problems) if program_doc else None
    if program_doc:
        sources["program"] = program_doc
    sponsors_doc = _read(root, SPONSORS_FILE, problems, required=False)
    sponsors = _validate(Sponsors, sponsors_doc, problems) if sponsors_doc else None
    if sponsors_doc and sponsors:
        sources["sponsors"] = sponsors_doc
        sponsors = _confine_logos(root, sponsors, sponsors_doc, problems, refused)

    event_doc = _read(root, EVENT_FILE, problems, required=False)
    workshop = _validate(Workshop, event_doc, problems) if event_doc else None
    if event_doc and workshop:
        sources["event"] = event_doc
        workshop = _confine_photos(root, workshop, event_doc, problems, refused)
    # The version of record, overlaid on the papers it names (``proceedings record`` writes it).
    record_doc = _read(root, RECORD_FILE, problems, required=False)
    record = _validate(Record, record_doc, problems) if record_doc else None
    if record_doc:
        sources["record"] = record_doc

    papers = []
    unloaded = []
    for folder in _paper_folders(root, problems):
        doc = _read(root, folder.relative_to(root) / PAPER_FILE, problems, required=True)
        paper_info = _validate(PaperInfo, doc, problems, paper=folder.name) if doc else None
        if (
            doc
            and paper_info
            and _inside_project("pdf", root, folder, paper_info, doc, problems, refused)
        ):
            paper_info = _confine_attachments(folder, paper_info, doc, problems, refused)
            if not _inside_project("sources", root, folder, paper_info, doc, problems, refused):
                paper_info = paper_info.model_copy(update={"sources": None})  # never read
            papers.append(Paper(folder.name, paper_info, folder, doc))
            sources[f"paper:{folder.name}"] = doc
        else:
            unloaded.append(folder.name)

    problems.extend(_outside_links(root, problems, refused))
    problems = sort_problems(problems)
    if info is None:
        return None, problems
    part_order = {part.id: i for i, part in enumerate(info.parts)}
    papers.sort(
        key=lambda p: (
            part_order.get(p.info.part, len(part_order)),
            p.rules.rank,  # preface and front matter first, then invited talks, then papers
            p.info.order is None,
            p.info.order or 0,
            p.id,
        )
    )
    volume = Volume(
        root=root,
        info=info,
        committees=committees.committees if committees else (),
        papers=tuple(papers),
        sources=sources,
        unloaded=tuple(unloaded),
        program=program.program if program else (),
        sponsors=sponsors.sponsors if sponsors else (),
        workshop=workshop,
        record=dict(record.papers) if record else {},
        book_record=record.volume if record else None,
    )
    return volume, problems


def _read(
    root: Path, relative: Path, problems: list[Problem], required: bool
) -> YamlDocument | None:
    path = root / relative
    if (path.exists() or path.is_symlink()) and not inside(path, root):
        problems.append(_outside_file(relative))
        return None
    if not path.is_file():
        if required:
            hint = (
                "Run 'proceedings init' to create a project, or run the command in the project "
                "folder."
                if relative == VOLUME_FILE
                else f"Add {relative.name}, or remove the folder if it is not a paper."
            )
            problems.append(
                Problem(
                    "project.missing-file",
                    Severity.ERROR,
                    "file not found",
                    str(relative),
                    hint=hint,
                )
            )
        return None
    doc, read_problems = read_yaml(path, relative.as_posix())
    problems.extend(read_problems)
    if doc is not None and doc.data is None:
        problems.append(
            Problem("yaml.empty", Severity.ERROR, "the file is empty", doc.display, line=1)
        )
        return None
    return doc


def before_papers(root: Path) -> bool:
    """Whether the project is a workshop before its first accepted paper: ``event.yaml`` (a
    call, dates, keynotes to publish) and no paper's folder in ``papers/`` yet. The site is
    then all there is to build; without ``event.yaml`` an empty volume is only an error."""
    return (root / EVENT_FILE).is_file() and not _paper_folders(root, [])


def _paper_folders(root: Path, problems: list[Problem]) -> list[Path]:
    papers = root / PAPERS_DIR
    if not papers.is_dir():
        problems.append(
            Problem(
                "project.missing-papers",
                Severity.ERROR,
                "folder not found",
                PAPERS_DIR.as_posix() + "/",
                hint="Create papers/<id>/paper.yaml for each accepted paper.",
            )
        )
        return []
    folders = []
    for path in sorted(papers.iterdir()):
        if not path.is_dir() or path.name.startswith((".", "_")):
            continue
        if inside(path, root):
            folders.append(path)
        else:
            problems.append(_outside_file(path.relative_to(root), folder=True))
    return folders


# --- confinement: every path the project reads is inside the project folder ------------------


def _outside_file(relative: Path, folder: bool = False) -> Problem:
    """A file (or folder) of the project that is a link to somewhere outside the project."""
    what = "folder" if folder else "file"
    return Problem(
        OUTSIDE,
        Severity.ERROR,
        f"is a link to a {what} outside the project folder",
        relative.as_posix() + ("/" if folder else ""),
        hint=f"Copy the {what} into the project instead of linking to it.",
    )


def _leaves(root: Path, base: Path, name: str, refused: set[Path]) -> str | None:
    """How ``base / name`` leaves the project (``is outside``, ``leads outside``: through a
    link), or ``None`` if it stays inside; a refused path joins ``refused``."""
    if confine(base, name, root) is not None:
        return None
    path = Path(os.path.abspath(base / name))  # lexically: '..' removed, links kept
    refused.add(path)
    return "leads outside" if path.is_relative_to(os.path.abspath(root)) else "is outside"


def _inside_project(
    key: str,
    root: Path,
    folder: Path,
    info: PaperInfo,
    doc: YamlDocument,
    problems: list[Problem],
    refused: set[Path],
) -> bool:
    """Whether the file the paper's ``key`` names (``pdf``, ``sources``: files a build or a
    package copies) stays inside the project; a problem if it does not."""
    name = getattr(info, key)
    how = _leaves(root, folder, name, refused) if name is not None else None
    if how is None:
        return True
    where = folder.relative_to(root).as_posix() + "/"
    problems.append(
        doc.problem(
            OUTSIDE,
            (key,),
            f"{name!r} {how} the project folder",
            hint=f"Put the file inside the project ({where}) and name it relative to it.",
            paper=folder.name,
        )
    )
    return False


def _confine_pages(
    root: Path, info: VolumeInfo, doc: YamlDocument, problems: list[Problem], refused: set[Path]
) -> VolumeInfo:
    """``info`` without the ``pages:`` that lead outside the project, each one reported."""
    kept = []
    for index, page in enumerate(info.pages):
        how = _leaves(root, root / SOURCE_DIR, page, refused)
        if how is None:
            kept.append(page)
            continue
        problems.append(
            doc.problem(
                OUTSIDE,
                ("pages", index),
                f"{page!r} {how} the project folder",
                hint="Put the page inside the project (source/) and name it relative to it.",
            )
        )
    if len(kept) == len(info.pages):
        return info
    return info.model_copy(update={"pages": tuple(kept)})


def _confine_attachments(
    folder: Path, info: PaperInfo, doc: YamlDocument, problems: list[Problem], refused: set[Path]
) -> PaperInfo:
    """``info`` without the attachments (and the signed agreement) whose file leaves the
    paper's folder, each reported: an attachment is published beside the paper's PDF, and a
    signed form goes into the publisher's package, so each must be the paper's own file."""

    def own(name: str | None, loc: tuple[str | int, ...]) -> bool:
        how = _leaves(folder, folder, name, refused) if name is not None else None
        if how is not None:
            problems.append(
                doc.problem(
                    OUTSIDE,
                    loc,
                    f"{name!r} {how} the paper's folder",
                    hint=f"Put the file in {folder.name}'s folder and name it relative to it.",
                    paper=folder.name,
                )
            )
        return how is None

    update: dict[str, Any] = {}
    kept = tuple(
        attachment
        for index, attachment in enumerate(info.attachments)
        if own(attachment.file, ("attachments", index, "file"))
    )
    if len(kept) != len(info.attachments):
        update["attachments"] = kept
    if not own(info.agreement, ("agreement",)):
        update["agreement"] = None
    return info.model_copy(update=update) if update else info


def _confine_logos(
    root: Path, sponsors: Sponsors, doc: YamlDocument, problems: list[Problem], refused: set[Path]
) -> Sponsors:
    """``sponsors`` without the logos that lead outside the project, each one reported."""
    kept = []
    for index, sponsor in enumerate(sponsors.sponsors):
        how = _leaves(root, root / SOURCE_DIR, sponsor.logo, refused) if sponsor.logo else None
        if how is None:
            kept.append(sponsor)
            continue
        problems.append(
            doc.problem(
                OUTSIDE,
                ("sponsors", index, "logo"),
                f"{sponsor.logo!r} {how} the project folder",
                hint="Put the logo inside the project (source/) and name it relative to it.",
            )
        )
        kept.append(sponsor.model_copy(update={"logo": None}))
    return Sponsors(sponsors=tuple(kept))


def _confine_photos(
    root: Path, workshop: Workshop, doc: YamlDocument, problems: list[Problem], refused: set[Path]
) -> Workshop:
    """``workshop`` without the photos that lead outside the project, each one reported."""

    def kept(photo: str | None, loc: tuple[str | int, ...]) -> bool:
        how = _leaves(root, root / SOURCE_DIR, photo, refused) if photo else None
        if how is not None:
            problems.append(
                doc.problem(
                    OUTSIDE,
                    (*loc, "photo"),
                    f"{photo!r} {how} the project folder",
                    hint="Put the photo inside the project (source/) and name it relative to it.",
                )
            )
        return how is None

    keynotes = tuple(
        k
        if kept(k.speaker.photo, ("keynotes", i, "speaker"))
        else k.model_copy(update={"speaker": k.speaker.model_copy(update={"photo": None})})
        for i, k in enumerate(workshop.keynotes)
    )
    groups = tuple(
        g.model_copy(
            update={
                "people": tuple(
                    p
                    if kept(p.photo, ("people", i, "people", j))
                    else p.model_copy(update={"photo": None})
                    for j, p in enumerate(g.people)
                )
            }
        )
        for i, g in enumerate(workshop.people)
    )
    return workshop.model_copy(update={"keynotes": keynotes, "people": groups})


def _outside_links(root: Path, reported: list[Problem], refused: set[Path]) -> list[Problem]:
    """A problem for each link under ``source/`` and ``papers/`` that leads outside the project
    (Sphinx reads every file of ``source/``), unless one was reported already."""
    known = {p.file for p in reported if p.code == OUTSIDE}
    found = []
    for top in (SOURCE_DIR, PAPERS_DIR):
        for path in outside_links(root / top, root):
            if Path(os.path.abspath(path)) in refused:
                continue
            relative = path.relative_to(root)
            problem = _outside_file(relative, folder=path.is_dir())
            if problem.file not in known:
                found.append(problem)
    return found


def _validate(
    model: type[M], doc: YamlDocument, problems: list[Problem], paper: str | None = None
) -> M | None:
    if not isinstance(doc.data, dict):
        problems.append(
            doc.problem(
                "schema.type",
                (),
                f"expected a mapping of keys, got {_describe(doc.data)}",
                paper=paper,
                hint="Each file holds 'key: value' lines; see docs/file-formats.md.",
            )
        )
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors()
        # A typo such as 'instituion' also makes 'institution' missing: report the typo only.
        typos = {
            (*e["loc"][:-1], suggestion)
            for e in errors
            if e["type"] == "extra_forbidden"
            and (suggestion := _suggestion(model, tuple(e["loc"]))) is not None
        }
        problems.extend(
            _problem(model, doc, e, paper)
            for e in errors
            if not (e["type"] == "missing" and tuple(e["loc"]) in typos)
        )
        return None


def _suggestion(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """The allowed key closest to the unknown key at the end of ``loc``, if one is close."""
    close = difflib.get_close_matches(str(loc[-1]), _keys_at(model, loc[:-1]), n=1, cutoff=0.6)
    return close[0] if close else None


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "tuple_type": "a list",
    "list_type": "a list",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "date_type": "a date as YYYY-MM-DD",
    "date_parsing": "a date as YYYY-MM-DD",
    "date_from_datetime_parsing": "a date as YYYY-MM-DD",
    "date_from_datetime_inexact": "a date as YYYY-MM-DD",
    "datetime_type": "a date and time as YYYY-MM-DD HH:MM",
    "datetime_parsing": "a date and time as YYYY-MM-DD HH:MM",
    "datetime_from_date_parsing": "a date and time as YYYY-MM-DD HH:MM",
}


def _problem(
    model: type[BaseModel], doc: YamlDocument, error: ErrorDetails, paper: str | None
) -> Problem:
    """Turn one pydantic error into a located problem with a message an organizer understands."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return doc.problem(
            "schema.missing",
            loc,
            "required field is missing",
            hint=f"Add '{loc[-1]}: ...' (see docs/file-formats.md).",
            paper=paper,
        )
    if kind == "extra_forbidden":
        suggestion = _suggestion(model, loc)
        allowed = ", ".join(_keys_at(model, loc[:-1]))
        hint = f"Did you mean '{suggestion}'?" if suggestion else f"Allowed keys: {allowed}."
        return doc.problem(
            "schema.unknown-key", loc, f"unknown key '{loc[-1]}'", hint=hint, paper=paper
        )
    if kind.startswith("date") and (reason := impossible_date(value)) is not None:
        return doc.problem("schema.type", loc, reason, paper=paper)
    if kind in _TYPE_WORDS:
        return doc.problem(
            "schema.type",
            loc,
            f"expected {_TYPE_WORDS[kind]}, got {_describe(value)}",
            hint="Put the value in quotes." if _TYPE_WORDS[kind] == "text" else None,
            paper=paper,
        )
    reason = error["msg"].removeprefix("Value error, ")
    return doc.problem("schema.invalid", loc, f"{reason[:1].lower()}{reason[1:]}", paper=paper)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _keys_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at ``loc``: follow field annotations through lists, dicts and options."""
    annotation: Any = model
    for part in loc:
        annotation = _element(annotation, part)
    annotation = _element(annotation, None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _element(annotation: Any, key: Any) -> Any:
    """One step down ``annotation``: a model's field for a text key, an item for an index."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _element(args[0], key)
    if origin in (typing.Union, types.UnionType):
        models = [a for a in args if a is not type(None)]
        return _element(models[0], key) if len(models) == 1 else Any
    if key is None:
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(key, str):
        field = annotation.model_fields.get(key)
        return field.annotation if field else Any
    if origin in (tuple, list):
        return args[0] if args else Any
    if origin is dict:
        return args[1]
    return Any
