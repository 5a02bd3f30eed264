"""Volume -> problems of the program and the sponsors: papers the program names that the volume
lacks, sessions that end before they start, logos that are not there, links that are not
http(s)."""

from __future__ import annotations

from collections.abc import Iterator

from proceedings.checks.codes import report
from proceedings.errors import Problem
from proceedings.identifiers import url_problem
from proceedings.model import Session, Volume
from proceedings.yamlfile import YamlDocument


def check_program(volume: Volume) -> list[Problem]:
    """Every problem of ``source/program.yaml`` and ``source/sponsors.yaml``."""
    problems: list[Problem] = []
    doc = volume.sources.get("program")
    if doc is not None:
        ids = {paper.id for paper in volume.papers} | set(volume.unloaded)
        for index, session in enumerate(volume.program):
            problems.extend(_session(doc, ("program", index), session, ids))
    doc = volume.sources.get("sponsors")
    if doc is not None:
        for index, sponsor in enumerate(volume.sponsors):
            if sponsor.url and (reason := url_problem(sponsor.url)):
                problems.append(
                    report(
                        doc,
                        "sponsors.bad-url",
                        ("sponsors", index, "url"),
                        f"'{sponsor.url}' {reason}",
                        hint="Give the whole address, starting with https://.",
                    )
                )
            if sponsor.logo and not (volume.root / "source" / sponsor.logo).is_file():
                problems.append(
                    report(
                        doc,
                        "sponsors.missing-logo",
                        ("sponsors", index, "logo"),
                        f"source/{sponsor.logo} not found",
                        hint="Put the image there, or remove 'logo:'.",
                    )
                )
    return problems


def _session(
    doc: YamlDocument, loc: tuple[str | int, ...], session: Session, ids: set[str]
) -> Iterator[Problem]:
    if session.start and session.end and session.end < session.start:
        yield report(
            doc,
            "program.bad-times",
            (*loc, "end"),
            f"'{session.title}' ends ({session.end:%Y-%m-%d %H:%M}) before it starts "
            f"({session.start:%Y-%m-%d %H:%M})",
        )
    for index, paper in enumerate(session.papers):
        if paper.id not in ids:
            yield report(
                doc,
                "program.unknown-paper",
                (*loc, "papers", index),
                f"no paper has the id '{paper.id}'",
                hint="Name a folder of papers/ (ids are folder names, e.g. '017').",
            )
    for index, inner in enumerate(session.sessions):
        yield from _session(doc, (*loc, "sessions", index), inner, ids)
