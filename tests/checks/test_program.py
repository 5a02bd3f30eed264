"""The program and the sponsors: loaded from source/, checked, each fault with its message."""

from __future__ import annotations

from pathlib import Path

from proceedings.checks import check_project


def test_program_and_sponsor_problems(workshop: Path) -> None:
    """This test ensures that a program naming an unknown paper or ending before it starts, a
    time that is no time, and a sponsor's missing logo, bad link or logo outside the project
    are each reported with file, line and field."""
    (workshop / "source" / "program.yaml").write_text(
        "program:\n"
        "  - title: Session 1\n"
        "    start: 2025-07-18 09:15\n"
        "    papers: [a, {id: b, start: 2025-07-18 09:35}]\n"
        "    sessions:\n"
        "      - {title: Posters, papers: [c, zz]}\n"
        "  - {title: Lunch, start: 2025-07-18 12:00, end: 2025-07-18 11:00}\n"
        "  - {title: Bad, start: 18 July}\n",
        encoding="utf-8",
    )
    (workshop / "source" / "sponsors.yaml").write_text(
        "sponsors:\n"
        "  - {name: A, logo: logos/a.png, url: 'ftp://a.example.org'}\n"
        "  - {name: B, logo: ../../b.png}\n",
        encoding="utf-8",
    )
    _, problems = check_project(workshop, pdfs=False)
    found = [p.format() for p in problems if p.file == "source/program.yaml"]
    assert found == [
        "source/program.yaml:8: error: program[2].start: expected a date and time as "
        "YYYY-MM-DD HH:MM, got '18 July'. [schema.type]",
    ]
    (workshop / "source" / "program.yaml").write_text(
        (workshop / "source" / "program.yaml").read_text().replace("start: 18 July", "room: X"),
        encoding="utf-8",
    )
    _, problems = check_project(workshop, pdfs=False)
    found = [
        p.format() for p in problems if p.file.startswith("source/") and "people" not in p.code
    ]
    assert found == [
        "source/program.yaml:6: error: program[0].sessions[0].papers[1]: no paper has the id "
        "'zz'. Name a folder of papers/ (ids are folder names, e.g. '017'). "
        "[program.unknown-paper]",
        "source/program.yaml:7: error: program[1].end: 'Lunch' ends (2025-07-18 11:00) before it "
        "starts (2025-07-18 12:00). [program.bad-times]",
        "source/sponsors.yaml:2: error: sponsors[0].logo: source/logos/a.png not found. Put the "
        "image there, or remove 'logo:'. [sponsors.missing-logo]",
        "source/sponsors.yaml:2: error: sponsors[0].url: 'ftp://a.example.org' is not an "
        "absolute http(s) link. Give the whole address, starting with https://. "
        "[sponsors.bad-url]",
        "source/sponsors.yaml:3: error: sponsors[1].logo: '../../b.png' is outside the project "
        "folder. Put the logo inside the project (source/) and name it relative to it. "
        "[project.outside]",
    ]
