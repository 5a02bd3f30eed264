"""The workshop's own data checked: each planted fault is one line naming file, line, field, fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from proceedings.checks import check_project

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
# A whole GIF of one pixel: a browser and typst show it whatever its file's extension.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def _problems(workshop: Path, files: dict[str, str | bytes]) -> list[str]:
    for name, content in files.items():
        path = workshop / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    _, problems = check_project(workshop, pdfs=False)
    return [p.format() for p in problems if p.file != "source/volume.yaml"]


def test_dates_out_of_order(workshop: Path) -> None:
    """This test ensures that a date before the one above it is reported, by the date in force
    (an extension past the next date counts) and across time zones, in the dates and in a
    call's dates."""
    found = _problems(
        workshop,
        {
            "source/event.yaml": "dates:\n"
            "  - {title: Submission, date: 2025-05-20, extended: 2025-06-12}\n"
            "  - {title: Notification, date: 2025-06-10}\n"
            "  - {title: Camera-ready, date: 2025-06-20 09:00, timezone: UTC}\n"
            "  - {title: Workshop, date: 2025-06-20 08:00, timezone: Europe/Lisbon}\n"
            "calls:\n"
            "  - title: Special issue\n"
            "    dates: [{title: Due, date: 2025-10-01}, {title: Reviews, date: 2025-09-01}]\n"
        },
    )
    assert found == [
        "source/event.yaml:3: error: dates[1].date: 'Notification' (2025-06-10 23:59 AoE) falls "
        "before 'Submission' (2025-06-12 23:59 AoE), the date above it. Correct the date, or list "
        "the dates in the order they fall. [event.dates-order]",
        "source/event.yaml:5: error: dates[3].date: 'Workshop' (2025-06-20 08:00 Europe/Lisbon) "
        "falls before 'Camera-ready' (2025-06-20 09:00 UTC), the date above it. Correct the date, "
        "or list the dates in the order they fall. [event.dates-order]",
        "source/event.yaml:8: error: calls[0].dates[1].date: 'Reviews' (2025-09-01 23:59 AoE) "
        "falls before 'Due' (2025-10-01 23:59 AoE), the date above it. Correct the date, or list "
        "the dates in the order they fall. [event.dates-order]",
    ]


def test_program_awards_and_keynotes_that_name_nothing(workshop: Path) -> None:
    """This test ensures that a program slot naming no paper or no keynote, an accepted paper
    missing from the program, an award for a paper that does not exist and two keynotes with
    one id are each reported."""
    found = _problems(
        workshop,
        {
            "source/event.yaml": "keynotes:\n"
            "  - {id: k1, speaker: {given: Ada, family: Byron}}\n"
            "  - {id: k1, speaker: {given: Alan, family: Turing}}\n"
            "awards:\n"
            "  - {name: Best Paper Award, papers: [a, zz]}\n",
            "source/program.yaml": "program:\n"
            "  - {title: Keynote, kind: keynote, keynote: k2}\n"
            "  - {title: Session, papers: [a, b, nope]}\n",
        },
    )
    assert found == [
        "source/event.yaml:3: error: keynotes[1].id: keynote id 'k1' is used twice (also "
        "keynotes[0]). Give each keynote its own id: the program names keynotes by it. "
        "[event.duplicate-id]",
        "source/event.yaml:5: error: awards[0].papers[1]: 'Best Paper Award' names the paper "
        "'zz', which the volume does not have. Name a folder of papers/ (ids are folder names; "
        'quote them: "017"). [event.unknown-paper]',
        "source/program.yaml:1: warning: program: paper c ('Towards Consent-Aware Federated "
        'Learning\') is in no session. Add "c" to the papers of a session (posters too). '
        "[program.missing-paper]",
        "source/program.yaml:2: error: program[0].keynote: no keynote has the id 'k2'. Name a "
        "keynote's 'id' of source/event.yaml, or add the keynote there. "
        "[program.unknown-keynote]",
        "source/program.yaml:3: error: program[1].papers[2]: no paper has the id 'nope'. Name a "
        "folder of papers/ (ids are folder names, e.g. '017'). [program.unknown-paper]",
    ]


def test_an_event_yaml_with_errors_leaves_the_programs_keynotes_alone(workshop: Path) -> None:
    """This test ensures that an event.yaml that does not load (one wrong date) is reported for
    itself alone: its keynotes are unknown, not missing, so the program's keynote slots are not
    reported as naming no keynote (their fix would be wrong)."""
    found = _problems(
        workshop,
        {
            "source/event.yaml": "keynotes:\n"
            "  - {id: k1, speaker: {given: Ada, family: Byron}}\n"
            "dates:\n"
            "  - {title: Submission deadline, date: 21/12/2026}\n",
            "source/program.yaml": "program:\n"
            "  - {title: Keynote, kind: keynote, keynote: k1}\n"
            "  - {title: Session, papers: [a, b, c]}\n",
        },
    )
    assert found == [
        "source/event.yaml:4: error: dates[0].date: expected a date as YYYY-MM-DD or YYYY-MM-DD "
        "HH:MM, got '21/12/2026'. [schema.invalid]"
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "error: keynotes[0].speaker.photo: source/photos/k.png not found. Put the image "
         "there, or remove it. [event.missing-photo]"),
        (b"<html>not an image</html>", "error: keynotes[0].speaker.photo: source/photos/k.png "
         "is not an image. Give a PNG, JPEG, GIF, WebP or SVG file with the extension of its "
         "type. [image.not-an-image]"),
        (PNG + b"\0" * 2_000_000, "error: keynotes[0].speaker.photo: source/photos/k.png is "
         "2.0 MB, more than the 1.0 MB an image may have. Scale it down (a photo of 400 x 400 "
         "pixels is plenty), or set PROCEEDINGS_MAX_IMAGE_MB to allow more. [image.too-large]"),
        (PNG, None),
    ],
)  # fmt: skip
def test_photos_missing_too_large_or_not_images(
    workshop: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None, expected: str | None
) -> None:
    """This test ensures that a keynote speaker's photo that is missing, is no image or is
    larger than PROCEEDINGS_MAX_IMAGE_MB is reported, and a real PNG is not."""
    monkeypatch.setenv("PROCEEDINGS_MAX_IMAGE_MB", "1")
    files: dict[str, str | bytes] = {
        "source/event.yaml": "keynotes:\n  - id: k\n    speaker: {given: Ada, family: Byron, "
        "photo: photos/k.png}\n"
    }
    if content is not None:
        files["source/photos/k.png"] = content
    found = _problems(workshop, files)
    assert found == ([f"source/event.yaml:3: {expected}"] if expected else [])


def test_logos_that_are_no_image_or_run_scripts(workshop: Path) -> None:
    """This test ensures that a sponsor's logo with a PNG name but other content, and an SVG
    logo with a script (which would run on the site's origin when opened), are refused."""
    found = _problems(
        workshop,
        {
            "source/sponsors.yaml": "sponsors:\n"
            "  - {name: A, logo: a.png}\n"
            "  - {name: B, logo: b.svg}\n"
            "  - {name: C, logo: c.svg}\n",
            "source/a.png": GIF,
            "source/b.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "source/c.svg": '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
        },
    )
    assert found == [
        "source/sponsors.yaml:3: error: sponsors[1].logo: source/b.svg holds scripts, event "
        "handlers or entities. Export the picture as PNG, or as an SVG without scripts. "
        "[image.active-svg]",
    ]


def test_sponsors_entered_as_committee_members(workshop: Path) -> None:
    """This test ensures that a sponsor listed as a committee member is one warning saying so
    (by a sponsor's name, a sponsors' role, capitals or a word such as 'Foundation'), instead
    of three about a person's name, while real people with one name stay people."""
    committees = (workshop / "source" / "committees.yaml").read_text(encoding="utf-8")
    found = _problems(
        workshop,
        {
            "source/committees.yaml": committees + "  - role: Supporting Organizations\n"
            "    people:\n"
            "      - family: NVIDIA\n"
            "      - family: Example Health Foundation\n"
            "      - family: Acme\n"
            "      - {family: Sukarno, mononym: true, affiliations: [Example]}\n",
            "source/sponsors.yaml": "sponsors:\n  - {name: Acme}\n",
        },
    )
    organization = [line for line in found if "people." in line]
    assert organization == [
        "source/committees.yaml:14: warning: committees[1].people[0]: 'NVIDIA' is listed under "
        "'Supporting Organizations', not a person's. List sponsors and supporting organizations "
        "in source/sponsors.yaml (name, level, url, logo), not among the people. "
        "[people.organization]",
        "source/committees.yaml:15: warning: committees[1].people[1]: 'Example Health Foundation' "
        "is listed under 'Supporting Organizations', not a person's. List sponsors and "
        "supporting organizations in source/sponsors.yaml (name, level, url, logo), not among "
        "the people. [people.organization]",
        "source/committees.yaml:16: warning: committees[1].people[2]: 'Acme' is the name of a "
        "sponsor in source/sponsors.yaml, not a person's. List sponsors and supporting "
        "organizations in source/sponsors.yaml (name, level, url, logo), not among the people. "
        "[people.organization]",
    ]


def test_organization_names_outside_a_sponsors_role(workshop: Path) -> None:
    """This test ensures that 'NVIDIA' among the program committee reads as an organization
    by its capitals, and 'Google Research' by its word, with no other people warning."""
    committees = (workshop / "source" / "committees.yaml").read_text(encoding="utf-8")
    found = _problems(
        workshop,
        {
            "source/committees.yaml": committees.replace(
                "      - given: Miriam\n", "      - family: NVIDIA\n      - given: Miriam\n", 1
            ).replace(
                "      - given: Miriam\n",
                "      - family: Google Research\n      - given: Miriam\n",
                1,
            )
        },
    )
    assert [line.split(": ", 3)[2:] for line in found if "people." in line] == [
        ["committees[0].people[0]", "'NVIDIA' reads as an organization's name, not a person's. "
         "List sponsors and supporting organizations in source/sponsors.yaml (name, level, url, "
         "logo), not among the people. [people.organization]"],
        ["committees[0].people[1]", "'Google Research' reads as an organization's name, not a "
         "person's. List sponsors and supporting organizations in source/sponsors.yaml (name, "
         "level, url, logo), not among the people. [people.organization]"],
    ]  # fmt: skip


def test_links_and_contact(workshop: Path) -> None:
    """This test ensures that links of event.yaml that are not http(s), an ORCID iD with a
    wrong check digit and a contact address that is not one are reported where they are."""
    found = _problems(
        workshop,
        {
            "source/event.yaml": "keynotes:\n"
            "  - {id: k, speaker: {family: B, given: A, orcid: 0000-0002-1825-009X}, "
            "slides: 'javascript:alert(1)'}\n"
            "history:\n"
            "  - {name: TWCT 2024, year: 2024, url: 'www.example.org'}\n"
            "contact: {email: 'organizers at example.org'}\n"
        },
    )
    assert found == [
        "source/event.yaml:2: error: keynotes[0].slides: 'javascript:alert(1)' is not an "
        "absolute http(s) link. Give the whole address, starting with https://. [metadata.url]",
        "source/event.yaml:2: error: keynotes[0].speaker.orcid: '0000-0002-1825-009X' fails the "
        "ORCID checksum. Copy the iD from the person's orcid.org page. [people.orcid]",
        "source/event.yaml:4: error: history[0].url: 'www.example.org' is not an absolute "
        "http(s) link. Give the whole address, starting with https://. [metadata.url]",
        "source/event.yaml:5: error: contact.email: 'organizers at example.org' is not an "
        "e-mail address. Give the whole address, such as name@example.org. [people.email]",
    ]


def test_an_award_that_differs_from_the_papers_own(workshop: Path) -> None:
    """This test ensures that event.yaml giving a paper another award than its paper.yaml
    says is one warning at the award, and the same award in both is none."""
    paper = workshop / "papers" / "a" / "paper.yaml"
    paper.write_text(
        paper.read_text(encoding="utf-8") + "award: Best Paper Award\n", encoding="utf-8"
    )
    found = _problems(
        workshop,
        {
            "source/event.yaml": "awards:\n"
            "  - {name: Best Paper Award, papers: [a]}\n"
            "  - {name: Honorable Mention, papers: [a, b]}\n"
        },
    )
    assert found == []
    found = _problems(
        workshop, {"source/event.yaml": "awards:\n  - {name: Honorable Mention, papers: [a]}\n"}
    )
    assert found == [
        "source/event.yaml:2: warning: awards[0].papers[0]: paper a has the 'Honorable Mention' "
        "here, but its paper.yaml says award: 'Best Paper Award'. Give the same award in both, "
        "or remove 'award:' from paper.yaml (event.yaml's is shown then). [event.award-differs]"
    ]


def test_init_samples_in_the_workshop_files(workshop: Path) -> None:
    """This test ensures that the workshop's data and sponsors that still hold init's samples
    (a person at a sample institution, the sample contact, a sample sponsor) are each one
    warning at the first sample, with their count, and that real values are not."""
    found = _problems(
        workshop,
        {
            "source/event.yaml": "keynotes:\n"
            "  - id: k\n"
            "    speaker: {given: Ana, family: Real, affiliations: [University of Porto]}\n"
            "people:\n"
            "  - role: Organizers\n"
            "    people:\n"
            "      - {given: Nadia, family: Rahman, affiliations: [University of Example]}\n"
            "contact: {email: organizers@workshop.example.org}\n",
            "source/sponsors.yaml": "sponsors:\n"
            "  - {name: Real Sponsor Inc.}\n"
            "  - {name: Example Imaging Lab}\n",
        },
    )
    assert [line for line in found if "[metadata.placeholder]" in line] == [
        "source/event.yaml:7: warning: people[0].people[0]: the workshop's data holds 2 of the "
        "samples 'init' wrote (first: Nadia Rahman (University of Example)). Replace the sample "
        "that 'init' wrote: the workshop's own keynotes, people, awards and contact. "
        "[metadata.placeholder]",
        "source/sponsors.yaml:3: warning: sponsors[1].name: the sponsors hold 1 of the samples "
        "'init' wrote (first: 'Example Imaging Lab'). Replace the sample that 'init' wrote: the "
        "workshop's own sponsors and their logos, or no sponsors.yaml. [metadata.placeholder]",
    ]
