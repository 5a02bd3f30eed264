"""The aclpub2 importer: the real SIGDIAL and ECNLP folders and a Softconf row end to end, and
the hard cases on a small synthetic folder (tests/fixtures/acl/aclpub2)."""

from __future__ import annotations

import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest
import yaml
from conftest import require_shared
from pdfbuild import text_pdf

from importers.conftest import (
    check_and_build,
    errors,
    names,
    notes_with,
    read_source,
    run_import,
)
from proceedings.errors import ProceedingsError
from proceedings.importers import ImportedVolume
from proceedings.importers.formats import ImportOptions, read_import
from proceedings.importers.project import write_project
from proceedings.load import load_volume

FIXTURE = Path(__file__).parent.parent / "fixtures" / "acl" / "aclpub2"
EXAMPLES = "aclpub2-examples"
SIGDIAL_PDFS = ["002", "004", "007", "008"]


def _import(source: Path, **overrides: object) -> ImportedVolume:
    """``read_import`` as the command line runs it, with volume options."""
    return read_source("aclpub2", source, **overrides)


# --- the real SIGDIAL 2020 folder (aclpub2's own example) ----------------------------------


@pytest.fixture(scope="module")
def sigdial(tmp_path_factory: pytest.TempPathFactory) -> tuple[ImportedVolume, Path]:
    """The SIGDIAL folder imported into a fresh project, once for this module."""
    imported = _import(require_shared(EXAMPLES, "sigdial"))
    root = tmp_path_factory.mktemp("sigdial") / "sigdial2020"
    write_project(imported, root)
    return imported, root


def test_sigdial_volume_from_conference_details(sigdial: tuple[ImportedVolume, Path]) -> None:
    """This test ensures that conference_details.yml fills volume.yaml, its quirks repaired."""
    imported, root = sigdial
    info = load_volume(root).info
    assert info.title == (
        "Proceedings of the 21st Annual Meeting of the Special Interest Group on Discourse "
        "and Dialogue"
    )  # the source says "21th"
    assert notes_with(imported, "title: '21th' corrected to '21st'")
    assert (info.acronym, info.year, info.slug) == ("SIGDIAL 2020", 2020, "sigdial2020")
    assert info.event.name.startswith("Annual Meeting of the Special Interest Group on Discourse")
    assert (str(info.event.start), str(info.event.end)) == ("2020-07-01", "2020-07-03")
    assert info.event.place == "1st virtual meeting"
    assert info.isbn == "978-1-952148-02-6"
    assert info.publisher is not None
    assert info.publisher.name == "Association for Computational Linguistics"
    # Six editors are written last name first; the committees show the right order.
    assert [e.name.full for e in info.editors] == [
        "Smaranda Muresan", "Vivian Chen", "Casey Kennington", "David Vandyke",
        "Nina Dethlefs", "Koji Inoue", "Erik Ekstedt", "Stefan Ultes",
    ]  # fmt: skip
    assert len(notes_with(imported, "first and last names swapped back")) == 6
    assert list(info.tracks) == ["short", "long"]


def test_sigdial_papers_in_order_with_names_and_flags(sigdial: tuple[ImportedVolume, Path]) -> None:
    """This test ensures that the 41 papers load in papers.yml's order with their authors,
    abstracts, tracks and archival flags as the source gives them."""
    imported, root = sigdial
    volume = load_volume(root)
    source = yaml.safe_load(
        require_shared(EXAMPLES, "sigdial", "papers.yml").read_text(encoding="utf-8")
    )
    assert len([p for p in volume.papers if p.info.kind == "paper"]) == len(source) == 41
    papers = [p for p in volume.papers if p.info.kind == "paper"]  # the invited talks first
    assert [p.id for p in papers] == [f"{entry['id']:03d}" for entry in source]
    assert [p.info.order for p in papers] == list(range(1, 42))
    by_id = {p.id: p.info for p in papers}
    assert [p for p, info in by_id.items() if not info.archival] == ["004"]
    assert sum(info.track == "long" for info in by_id.values()) == 16
    assert by_id["002"].abstract.endswith("by 3.6% in BLEU.")  # LaTeX "3.6\%"
    assert "absolute 75.4% improvement" in by_id["098"].abstract
    murray = by_id["007"].authors[1]
    assert (murray.given, murray.family) == ("R. Charles", "Murray")  # middle_name
    zhu = by_id["002"].authors[0]
    assert [a.institution for a in zhu.affiliations] == [
        "Microsoft Speech and Dialogue Research Group"
    ]  # the misspelt key "instituion"
    assert zhu.email == "author0312@example.org"
    assert notes_with(imported, "paper 2: authors[0]: key 'instituion' read as 'institution'")
    assert ("Agustín", "Gravano") in [(a.given, a.family) for a in by_id["011"].authors]
    carel = by_id["103"].authors[1]
    assert (carel.given, carel.family) == ("Carel", "van Niekerk")  # "first_name: Carel van"
    assert notes_with(imported, "25 papers without 'archival': taken as archival")
    assert [(a.file, a.what, a.title) for a in by_id["002"].attachments] == [
        ("2.zip", "code", "Code"),
        ("2.pptx", "slides", "Slides"),
    ]
    shared = require_shared(EXAMPLES, "sigdial", "attachments")
    for name in ("2.zip", "2.pptx"):
        assert (root / "papers/002" / name).read_bytes() == (shared / name).read_bytes()
    assert not notes_with(imported, "attachment")


def test_sigdial_committees_are_read_in_order(sigdial: tuple[ImportedVolume, Path]) -> None:
    """This test ensures that both committee files give the committees, in order, with their
    members' affiliations, and that officer titles typed into names are dropped."""
    imported, root = sigdial
    committees = load_volume(root).committees
    assert [(c.role, len(c.people)) for c in committees] == [
        ("General Chair", 1), ("Program Chairs", 2), ("Local / Virtual Chair", 1),
        ("Sponsorship Chair", 1), ("Mentoring Chair", 1), ("Publication Chair", 1),
        ("Video Presentation Chair", 2), ("SIGdial Officers", 5),
        ("Senior Program Committee", 8), ("Program Committee", 110),
        ("Secondary Reviewers", 4), ("Invited Speakers", 3),
    ]  # fmt: skip
    officers = committees[7].people
    assert [p.name.full for p in officers] == [
        "Gabriel Skantze", "Mikio Nakano", "Vikram Ramanarayanan", "Ethan Selfridge",
        "Jason Williams",
    ]  # fmt: skip  # "first_name: 'President:', middle_name: Gabriel"...
    assert notes_with(imported, "'Vice President:' is a title, not a name; dropped")
    stede = committees[8].people[5]
    assert (stede.name.full, stede.affiliations[0].institution) == (
        "Manfred Stede",
        "Universität Potsdam",
    )
    assert (root / "source" / "committees.yaml").is_file()


def test_sigdial_pdfs_are_copied_and_the_rest_noted(sigdial: tuple[ImportedVolume, Path]) -> None:
    """This test ensures that the 4 PDFs of papers/ are copied byte for byte, the 37 missing
    ones are listed, and what aclpub2 keeps beside the papers is named in notes."""
    imported, root = sigdial
    assert [p.id for p in imported.papers if p.pdf is not None] == SIGDIAL_PDFS
    source = require_shared(EXAMPLES, "sigdial", "papers")
    for paper_id in SIGDIAL_PDFS:
        copy = root / "papers" / paper_id / "paper.pdf"
        assert copy.read_bytes() == (source / f"{int(paper_id)}.pdf").read_bytes()
    assert notes_with(imported, "37 papers without a PDF: 009, 011")
    assert notes_with(imported, "preface 'Introduction' (introduction.tex, not in the folder)")
    assert notes_with(imported, "2 invited talks imported as kind 'invited'")
    assert not notes_with(imported, "program.yml: the schedule not imported")


def test_sigdial_invited_talks_reach_the_project(sigdial: tuple[ImportedVolume, Path]) -> None:
    """This test ensures that invited_talks.yml becomes invited talks (speaker, institution, no
    PDF) in a part of their own, first, which load as kind 'invited' and stay out of the volume."""
    imported, root = sigdial
    talks = [p for p in imported.papers if p.data.get("kind") == "invited"]
    assert [(p.data["title"], p.data["authors"]) for p in talks] == [
        (
            "Invited 1",
            [{"given": "Jhon", "family": "Doe", "affiliations": ["University of California"]}],
        ),
        (
            "Invited 2",
            [{"given": "Jennifer", "family": "Doe", "affiliations": ["University of New York"]}],
        ),
    ]
    assert imported.volume["parts"][0] == {"id": "invited", "title": "Invited Talks"}
    volume = load_volume(root)
    assert [p.id for p in volume.papers[:2]] == ["invited-1", "invited-2"]
    assert all(p.info.kind == "invited" and not p.in_volume for p in volume.papers[:2])


def test_sigdial_checks_and_builds(sigdial: tuple[ImportedVolume, Path]) -> None:
    """This test ensures that check finds no error but the missing PDFs, and the volume builds."""
    imported, root = sigdial
    problems, result = check_and_build(root)
    without = {p.id for p in imported.papers if p.pdf is None and "pdf" not in p.data}
    assert errors(problems) == {("pdf.missing", paper) for paper in without}
    assert "people.particle-in-given" not in {p.code for p in problems}
    assert (root / "_build" / "pdf" / "sigdial2020.pdf").is_file()
    assert result.volume.info.acronym == "SIGDIAL 2020"


# --- ECNLP 5 (the older schema, a placeholder papers.yml) and a Softconf row ---------------------


def test_ecnlp5_reports_its_broken_committee_and_placeholder_papers(tmp_path: Path) -> None:
    """This test ensures that the ECNLP folder stops with one message naming both of its
    problems (unparsable YAML with its line, the template's papers.yml) and writes nothing."""
    folder = require_shared(EXAMPLES, "ecnlp5")
    into = tmp_path / "project"
    result = run_import("aclpub2", folder, "--into", into)
    assert result.exit_code == 1
    assert f"{folder}/program_committee.yml:3: invalid YAML: expected <block end>" in result.stderr
    assert f"{folder}/papers.yml:1: papers.yml is still aclpub2's placeholder" in result.stderr
    assert "could not be imported: 2 errors" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not into.exists()


def test_ecnlp5_older_schema_gives_the_volume(tmp_path: Path) -> None:
    """This test ensures that the older conference_details.yml (name, abbreviation) and the
    organizing committee of ECNLP import, with papers from a small papers.yml."""
    folder = tmp_path / "ecnlp5"
    folder.mkdir()
    for name in ("conference_details.yml", "organizing_committee.yml"):
        shutil.copy(require_shared(EXAMPLES, "ecnlp5", name), folder / name)
    shutil.copy(FIXTURE / "papers.yml", folder / "papers.yml")
    imported = _import(folder)
    volume = imported.volume
    assert volume["title"] == volume["event"]["name"] == "The 5th Workshop on e-Commerce and NLP"
    assert (volume["acronym"], volume["year"]) == ("ECNLP 5", 2022)
    assert str(volume["event"]["start"]) == "2022-05-26"
    assert volume["editors"] == []
    assert notes_with(imported, "the older aclpub2 schema")
    assert notes_with(imported, "no editors; check will report metadata.no-editors")
    chairs = imported.committees[0]
    assert chairs["role"] == "Program Chairs"
    assert names(chairs["people"])[:2] == [("Shervin", "Malmasi"), ("Surya", "Kallumadi")]
    write_project(imported, tmp_path / "project")
    assert load_volume(tmp_path / "project").info.acronym == "ECNLP 5"


def test_softconf_row_when_there_is_no_papers_yml(tmp_path: Path) -> None:
    """This test ensures that a Softconf paper metadata CSV gives the papers when papers.yml is
    absent: the authors split from the one 'Authors' cell, the indented abstract joined."""
    folder = tmp_path / "softconf"
    folder.mkdir()
    shutil.copy(require_shared(EXAMPLES, "softconf", "paper-metadata.csv"), folder)
    shutil.copy(FIXTURE / "conference_details.yml", folder)
    imported = _import(folder)
    (paper,) = imported.papers
    assert paper.id == "108"
    assert paper.data["title"].startswith("Mitigating Data Sparsity for Short Text Topic")
    assert names(paper.data["authors"]) == [
        ("Xiaobao", "Wu"),
        ("Anh Tuan", "Luu"),
        ("Xinshuai", "Dong"),
    ]
    assert paper.data["abstract"].startswith(
        "To overcome the data sparsity issue in short text topic modeling, existing methods "
        "commonly rely"
    )
    assert "\n" not in paper.data["abstract"]
    assert notes_with(imported, "the authors are split from 'Authors' (3)")
    assert notes_with(imported, "columns not imported: Track, Track Chairs")
    assert notes_with(imported, "without a full stop; cut short?")  # the export's abstract stops


# --- the synthetic folder --------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A private copy of the synthetic aclpub2 folder, with PDFs: 1.pdf, 2.pdf and a stray."""
    target = tmp_path / "tinyex"
    shutil.copytree(FIXTURE, target)
    (target / "papers").mkdir()
    (target / "papers" / "1.pdf").write_bytes(text_pdf(["Schon Models"], pages=3))
    (target / "papers" / "2.pdf").write_bytes(text_pdf(["A Non-Archival Abstract"]))
    (target / "papers" / "99.pdf").write_bytes(text_pdf(["Withdrawn"]))
    return target


def test_synthetic_text_names_and_links(folder: Path) -> None:
    """This test ensures that LaTeX is decoded, names split right, profiles link one person's
    rows, placeholders dropped and attachments with a URL kept as links."""
    imported = _import(folder)
    first, second, third = (p.data for p in imported.papers)
    assert first["title"] == "Schön Models for COVID-19 Triage"
    assert first["abstract"] == (
        "We cut costs by 50% using $\\alpha$-nets.\n\nA second paragraph with emphasis."
    )
    assert first["authors"] == [
        {
            "given": "Søren",
            "family": "Møller",
            "affiliations": ["Dept. of CS & AI, University of Oslo"],
            "email": "soren_moller@example.org",
            "orcid": "0000-0002-1825-0097",
        },
        {"given": "María José", "family": "de la Fuente"},
        {"family": "Aristotle", "mononym": True},
    ]
    assert first["links"] == {"code": "https://github.com/example/tiny"}
    assert (first["track"], second["track"]) == ("long", "short")
    assert second["archival"] is False
    assert "archival" not in first
    # "Soren Moller" shares Søren Møller's Softconf username: one person, spelt one way.
    assert second["authors"][1]["family"] == "Møller"
    assert names(second["authors"])[0] == ("Jean-Pierre", "van der Berg")
    assert names(third["authors"]) == [("Bob", "Smith"), ("Jane", "Doe")]
    notes = "\n".join(imported.notes)
    assert "institution 'NA' is a placeholder" in notes
    assert "e-mail 'not-an-address' is not an e-mail address" in notes
    assert "the OpenReview id '~Jane_Doe1' stands for the name" in notes
    assert "isbn 'XXX-X-XXXXXX-XX-X' is not an ISBN" in notes
    assert "paper 1: attachment note attachments/1-note.pdf not found; not imported" in notes
    assert "'22th' corrected to '22nd'" in notes


def test_synthetic_volume_committees_and_pdfs(folder: Path, tmp_path: Path) -> None:
    """This test ensures that the volume, committees and PDFs of the small folder are imported,
    a PDF that matches no paper is noted, and the project loads."""
    imported = _import(folder)
    volume = imported.volume
    assert (volume["acronym"], volume["year"]) == ("TinyEx 2025", 2025)
    assert names(volume["editors"]) == [("Ada", "Lovelace"), ("Grace", "Hopper")]
    assert [(c["role"], names(c["people"])) for c in imported.committees] == [
        ("General Chairs", [("Ada", "Lovelace"), ("Grace", "Hopper")]),
        ("Officers", [("Alan", "Turing")]),
        ("Reviewers", [("Alan", "Turing"), ("Kurt", "Gödel"), ("Emmy", "Noether")]),
    ]
    notes = "\n".join(imported.notes)
    assert "'Ada Lovelace' is listed twice; kept once" in notes
    assert "Publication Chair: no members; not imported" in notes
    assert [p.pdf.name if p.pdf else None for p in imported.papers] == ["1.pdf", "2.pdf", None]
    assert f"{folder}/papers: 1 PDF matched no paper: 99.pdf" in notes
    assert "1 paper without a PDF: 003" in notes
    write_project(imported, tmp_path / "project")
    loaded = load_volume(tmp_path / "project")
    assert [p.id for p in loaded.papers] == ["001", "002", "003"]
    assert loaded.committees[0].people[0].affiliations[0].institution == "University of London"


def test_options_fill_in_and_override_the_volume(folder: Path, tmp_path: Path) -> None:
    """This test ensures that --acronym, --year, --url and --doi-prefix reach volume.yaml, and
    that a missing acronym and year are one error naming the options to pass."""
    details = folder / "conference_details.yml"
    text = details.read_text(encoding="utf-8")
    details.write_text(
        text.replace("anthology_venue_id: TinyEx\n", "").replace("start_date: 2025-05-03\n", ""),
        encoding="utf-8",
    )
    result = run_import("aclpub2", folder, "--into", tmp_path / "failed")
    assert result.exit_code == 1
    assert "no anthology_venue_id (the acronym): pass --acronym" in result.stderr
    assert "no start_date (the year): pass --year" in result.stderr
    assert not (tmp_path / "failed").exists()
    into = tmp_path / "project"
    result = run_import(
        "aclpub2", folder, "--into", into, "--acronym", "TINY 2026", "--year", "2026",
        "--url", "https://tiny.example.org/", "--doi-prefix", "10.5555",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    info = load_volume(into).info
    assert (info.acronym, info.year, info.event.short_name) == ("TINY 2026", 2026, "TINY 2026")
    assert (info.url, info.doi_prefix) == ("https://tiny.example.org/", "10.5555")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: (f / "papers.yml").unlink(), r"papers.yml: missing; an aclpub2 folder needs it"),
        (lambda f: (f / "papers.yml").write_text(""), r"papers.yml: the file is empty"),
        (
            lambda f: (f / "papers.yml").write_text("- id: 1\n  title: [unclosed\n"),
            r"papers.yml:3: invalid YAML: expected ',' or ']'",
        ),
        (
            lambda f: (f / "papers.yml").write_text("- id: 1\n  title: A\n- id: 1\n  title: B\n"),
            r"papers.yml:3: paper id 1 is used again \(first at .*papers.yml:1\)",
        ),
        (
            lambda f: (f / "papers.yml").write_text("- id: 7\n  abstract: No title.\n"),
            r"papers.yml:1: paper 7: no title; add it",
        ),
        (lambda f: (f / "papers.yml").write_text("id: 1\n"), r"papers.yml:1: expected a list"),
        (
            lambda f: (f / "conference_details.yml").unlink(),
            r"conference_details.yml: missing; an aclpub2 folder needs it",
        ),
    ],
)
def test_bad_folders_are_one_clear_error(
    folder: Path, change: object, message: str, tmp_path: Path
) -> None:
    """This test ensures that a missing, empty or broken file and a bad paper each stop a
    --strict import with one message naming the file and line, and that nothing is written."""
    assert callable(change)
    change(folder)
    with pytest.raises(ProceedingsError, match=message) as error:
        _import(folder, strict=True)
    assert str(error.value).splitlines()[-1].endswith("could not be imported: 1 error")
    result = run_import("aclpub2", folder, "--into", tmp_path / "project", "--strict")
    assert result.exit_code == 1
    assert not (tmp_path / "project").exists()


def test_a_file_or_a_zip_as_the_source(folder: Path, tmp_path: Path) -> None:
    """This test ensures that a ZIP of the folder is read like the folder, and that a file of
    the folder given as the source says to give the folder."""
    archive = shutil.make_archive(str(tmp_path / "tinyex"), "zip", folder.parent, folder.name)
    imported = _import(Path(archive))
    assert [p.id for p in imported.papers] == ["001", "002", "003"]
    assert imported.papers[0].origin.startswith(f"{archive}/tinyex/papers.yml:1")
    with pytest.raises(ProceedingsError, match="give the aclpub2 folder"):
        _import(folder / "papers.yml")


def test_pdfs_option_finds_the_papers_without_one(folder: Path, tmp_path: Path) -> None:
    """This test ensures that --pdfs gives the papers that papers/ lacks a PDF, by submission
    id or by the title on the first page."""
    (folder / "papers" / "2.pdf").unlink()
    pdfs = tmp_path / "camera-ready"
    pdfs.mkdir()
    (pdfs / "3.pdf").write_bytes(text_pdf(["Preferred Names and Missing PDFs"]))
    (pdfs / "upload.pdf").write_bytes(text_pdf(["A Non-Archival Abstract"]))
    with ExitStack() as stack:
        imported = read_import("aclpub2", folder, ImportOptions(stack, pdfs=pdfs))
    assert [p.pdf.name if p.pdf else None for p in imported.papers] == [
        "1.pdf",
        "upload.pdf",
        "3.pdf",
    ]
    assert notes_with(imported, "paper 2: PDF upload.pdf matched by the title on its first page")


def test_one_bad_paper_never_stops_the_others(folder: Path) -> None:
    """This test ensures that papers without a title or reusing an id are skipped with a note
    each naming the file and line, and the others imported."""
    papers = (
        "- id: 1\n  title: A\n- id: 1\n  title: B\n- id: 7\n  abstract: x\n- id: 8\n  title: C\n"
    )
    (folder / "papers.yml").write_text(papers, encoding="utf-8")
    imported = _import(folder)
    assert [p.data["title"] for p in imported.papers] == ["A", "C"]
    skipped = [n.replace(f"{folder}/", "") for n in imported.notes if "skipped" in n]
    assert skipped == [
        "papers.yml:3: skipped, not imported: paper id 1 is used again (first at papers.yml:1); "
        "give each paper its own id",
        "papers.yml:5: skipped, not imported: paper 7: no title; add it",
        "2 papers skipped, 2 papers imported: fix the skipped ones and import again "
        "with --update (--strict refuses the whole import instead)",
    ]


def test_sigdial_program_and_sponsors_reach_the_project(
    sigdial: tuple[ImportedVolume, Path],
) -> None:
    """This test ensures that SIGDIAL's program.yml becomes source/program.yaml (sessions,
    sub-sessions, rooms, chairs, times, papers by their imported ids), that the Program page
    links every paper it names, and that sponsors.yml becomes source/sponsors.yaml (names from
    the logos, tiers as levels, the absent logo files noted)."""
    from proceedings.site.pages import program_page

    imported, root = sigdial
    volume = load_volume(root)
    session = volume.program[2]
    assert (session.title, f"{session.start:%H:%M}", f"{session.end:%H:%M}") == (
        "Session 1", "09:30", "11:30",
    )  # fmt: skip
    first = session.sessions[0]
    assert (first.room, first.chair) == ("Main Room", "John Doe")
    assert [p.id for p in first.papers] == ["022", "076", "098", "103"]
    assert f"{first.papers[0].start:%Y-%m-%d %H:%M}" == "2020-07-01 09:30"
    assert volume.program[-1].title == "Business Meeting, Awards, Closing (live)"
    named = [p.id for s in volume.program for i in s.sessions for p in i.papers]
    assert len(named) == len(set(named)) == 41
    page = program_page(volume)
    days = page.data["days"]
    assert [d["day"] for d in days] == [
        "Wednesday, July 1, 2020", "Thursday, July 2, 2020", "Friday, July 3, 2020",
    ]  # fmt: skip
    linked = [
        p["doc"] for d in days for s in d["sessions"] for i in s["sessions"] for p in i["papers"]
    ]
    assert linked == [f"papers/{i}/index" for i in named]
    assert [(s.name, s.level, s.logo) for s in volume.sponsors] == [
        ("apple", "Gold", None), ("rasa", "Gold", None), ("honda", "Silver", None),
        ("toshiba", "Silver", None), ("boise", "In cooperation with", None),
    ]  # fmt: skip
    assert notes_with(imported, "5 logos not in the folder")
    assert not notes_with(imported, "not imported (no place in a volume)")
