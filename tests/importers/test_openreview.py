"""The OpenReview importer: the real v1 crawl end to end, a synthetic API v2 venue built from the
API documentation, and the hard cases on small inline exports."""

from __future__ import annotations

import json
import sys
import types
import zipfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from conftest import require_shared
from pdfbuild import text_pdf

from importers.conftest import check_and_build, errors, load_yaml, read_source, run_import
from proceedings.build import BuildResult
from proceedings.checks import check_project
from proceedings.errors import Problem, ProceedingsError
from proceedings.importers import ImportedVolume
from proceedings.importers.formats import ImportOptions, read_import
from proceedings.importers.openreview import read_openreview
from proceedings.importers.openreview.notes import VenueIds, decide
from proceedings.load import load_volume

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "openreview"
XYZ = FIXTURES / "xyz2025-v2.json"  # a group, notes with replies, profiles
ABC = FIXTURES / "abc2024-v2-notes.json"  # a plain list of notes, a decision among them
V1 = "openreview-v1-nips2018-cdnnria"

Imported = tuple[Result, Path, list[Problem], BuildResult]


def _import(source: Path, **overrides: Any) -> ImportedVolume:
    """Read as the command does (people unified), without writing."""
    return read_source("openreview", source, **overrides)


def _json(tmp_path: Path, data: Any, name: str = "notes.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _check_add_editors_and_build(root: Path) -> tuple[list[Problem], BuildResult]:
    """Check the import as written, then do what the organizer must (OpenReview exports name no
    editors: add them) and build with placeholder PDFs for the papers without one."""
    _, problems = check_project(root)
    volume_file = root / "source/volume.yaml"
    volume = load_yaml(volume_file)
    volume["editors"] = [{"given": "Kari", "family": "Ødegaard"}]
    volume_file.write_text(yaml.safe_dump(volume, allow_unicode=True, sort_keys=False), "utf-8")
    return problems, check_and_build(root)[1]


# --- the real API v1 crawl (NeurIPS 2018 CDNNRIA workshop) ------------------------------------


@pytest.fixture(scope="module")
def v1(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """The crawl imported into a fresh project by the command, checked and built, once."""
    source = require_shared(V1, "example_output.json")
    root = tmp_path_factory.mktemp("v1") / "cdnnria"
    result = run_import("openreview", source, "--into", root)
    assert result.exit_code == 0, result.output
    problems, built = _check_add_editors_and_build(root)
    return result, root, problems, built


def test_v1_crawl_imports_its_two_accepted_papers(v1: Imported) -> None:
    """This test ensures that the crawl's two submissions, both accepted by a Decision reply
    ('accept'), become papers 036 and 049 with their authors, e-mails and forum links."""
    result, root, _, _ = v1
    volume = load_volume(root)
    assert [p.id for p in volume.papers] == ["036", "049"]
    assert "imported 2 accepted papers of 2 submissions" in result.output
    first, second = (p.info for p in volume.papers)
    assert first.title == "Targeted Dropout"
    assert [(a.given, a.family) for a in first.authors] == [
        ("Aidan N.", "Gomez"),
        ("Ivan", "Zhang"),
        ("Kevin", "Swersky"),
        ("Yarin", "Gal"),
        ("Geoffrey E.", "Hinton"),
    ]
    assert first.authors[0].email == "author0313@example.org"  # v1 authorids are e-mails
    assert first.keywords == ()  # the crawl's empty list
    assert str(first.links.openreview) == "https://openreview.net/forum?id=HkghWScuoQ"
    assert second.title == "Rethinking the Value of Network Pruning"
    assert second.keywords[:2] == ("Network Pruning", "Network Compression")
    assert 'learned "important" weights' in second.abstract
    assert "content fields not imported: TL;DR (1 paper)" in result.output


def test_v1_crawl_volume_is_guessed_from_the_venue_id_and_said_so(v1: Imported) -> None:
    """This test ensures that without a venue group the invitation's venue id gives the volume,
    and the notes say which values were guessed."""
    result, root, _, _ = v1
    info = load_volume(root).info
    assert (info.title, info.acronym, info.year) == (
        "CDNNRIA Workshop at NIPS 2018",
        "CDNNRIA 2018",
        2018,
    )
    assert info.event.host == "NIPS 2018"
    assert "guessed from the venue id NIPS.cc/2018/Workshop/CDNNRIA" in result.output
    assert "no volume editors" in result.output


def test_v1_crawl_checks_and_builds(v1: Imported) -> None:
    """This test ensures that check finds only what the crawl lacks, and the volume builds."""
    _, root, problems, built = v1
    assert errors(problems) == {
        ("pdf.missing", "036"),
        ("pdf.missing", "049"),
        ("metadata.no-editors", None),
    }
    assert any(p.suffix == ".pdf" for p in built.written), built.notes
    assert (root / "_build").is_dir()


def test_v1_notes_as_the_api_answers_them(tmp_path: Path) -> None:
    """This test ensures that the same submissions in the API's own answer shape,
    {"notes": [...], "count": N}, with the decisions among the notes, import the same."""
    crawl = json.loads(require_shared(V1, "example_output.json").read_text(encoding="utf-8"))
    submissions = crawl[0]["submissions"]
    notes = [{k: v for k, v in s.items() if k != "notes"} for s in submissions]
    notes += [r for s in submissions for r in s["notes"]]
    imported = _import(_json(tmp_path, {"notes": notes, "count": len(notes)}))
    assert [(p.id, p.data["title"]) for p in imported.papers] == [
        ("036", "Targeted Dropout"),
        ("049", "Rethinking the Value of Network Pruning"),
    ]
    assert imported.volume["acronym"] == "CDNNRIA 2018"


# --- a synthetic API v2 venue -----------------------------------------------------------------


@pytest.fixture(scope="module")
def v2(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """The v2 venue with a ZIP of PDFs, imported by the command, checked and built, once."""
    folder = tmp_path_factory.mktemp("v2")
    archive = folder / "camera-ready.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        # By note id, by the hash of content.pdf, by number; a skipped paper's; a stray.
        zipped.writestr("Hk7aP2xQ9z.pdf", text_pdf(["Sparse Attention"], pages=3))
        zipped.writestr(
            "uploads/8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c.pdf",
            text_pdf(["Counterfactual Probes for Vision Transformers"], pages=2),
        )
        zipped.writestr("017.pdf", text_pdf(["Robust Training of Tiny Models"]))
        zipped.writestr("Wd3cR7vNp1.pdf", text_pdf(["A Paper Its Authors Withdrew"]))
        zipped.writestr("stray.pdf", text_pdf(["Nothing To Do With Any Note"]))
    root = folder / "xyz"
    result = run_import("openreview", XYZ, "--pdfs", archive, "--into", root)
    assert result.exit_code == 0, result.output
    problems, built = _check_add_editors_and_build(root)
    return result, root, problems, built


def test_v2_only_accepted_papers_are_imported_and_every_skip_is_noted(v2: Imported) -> None:
    """This test ensures that withdrawn, desk-rejected, rejected and undecided submissions are
    skipped, each named in a note with its id and reason."""
    result, root, _, _ = v2
    assert sorted(p.name for p in (root / "papers").iterdir()) == ["001", "002", "006", "017"]
    where = f"{XYZ}: "
    for line in [
        "Wd3cR7vNp1 (#3): skipped: withdrawn (venueid ICLR.cc/2025/Workshop/XYZ/Withdrawn_Sub",
        "Dr4dS6uMo2 (#4): skipped: desk-rejected (venueid ICLR.cc/2025/Workshop/XYZ/Desk_Rej",
        "Rj5eT5tLn3 (#5): skipped: rejected (venueid ICLR.cc/2025/Workshop/XYZ/Rejected_Sub",
        "Ur7gV3rJl6 (#7): skipped: no decision yet (venueid ICLR.cc/2025/Workshop/XYZ/Submission)",
    ]:
        assert where + line in result.output
    assert (
        "imported 4 accepted papers of 8 submissions; skipped 1 withdrawn, 1 desk-rejected, "
        "1 rejected, 1 no decision yet" in result.output
    )


def test_v2_oral_and_poster_decisions_make_parts_and_non_archival_is_kept(v2: Imported) -> None:
    """This test ensures that 'Accept (Oral)'/'Accept (Poster)' (reply or venue text) give two
    parts, and a non-archival venue or archival_status field gives archival: false."""
    result, root, _, _ = v2
    volume = load_volume(root)
    assert [(p.id, p.title) for p in volume.info.parts] == [
        ("oral", "Oral Presentations"),
        ("poster", "Poster Presentations"),
    ]
    placed = {p.id: (p.info.part, p.info.order, p.info.archival) for p in volume.papers}
    assert placed == {
        "001": ("oral", 1, True),
        "002": ("poster", 1, True),
        "006": ("poster", 2, False),  # venue 'XYZ 2025 Poster Non-Archival'
        "017": ("poster", 3, False),  # decision in directReplies, archival_status field
    }
    assert [p.id for p in volume.archival_papers] == ["001", "002"]
    assert "parts by presentation: 1 Oral Presentations, 3 Poster Presentations" in result.output


def test_v2_profiles_split_names_and_unify_the_same_person(v2: Imported) -> None:
    """This test ensures that a profile's own first/last split beats the name rules, a profile
    with a full name only is split by them, and one profile id is one person everywhere."""
    result, root, _, _ = v2
    first = load_yaml(root / "papers/001/paper.yaml")["authors"]
    assert first[0] == {
        "given": "Ana María",  # the name rules would say given 'Ana María Müller'
        "family": "Müller Ríos",
        "orcid": "https://orcid.org/0000-0002-1825-0097",
        "affiliations": ["ETH Zürich"],  # the current position only
    }
    assert first[1] == {
        "given": "Jean-Pierre",
        "family": "van der Berg",
        "email": "jp.vanderberg@example.org",
    }
    assert (first[2]["family"], first[2]["given"]) == ("王", "小明")
    assert first[2]["affiliations"] == ["Tsinghua University"]
    # Paper 002 wrote 'Ana Muller' with the same profile id: one person, spelt one way.
    assert load_yaml(root / "papers/002/paper.yaml")["authors"][0]["family"] == "Müller Ríos"
    assert "'Ana Muller' and 'Ana María Müller Ríos' are one person" in result.output
    assert "_profile" not in (root / "papers/001/paper.yaml").read_text(encoding="utf-8")


def test_v2_text_is_cleaned_and_math_kept(v2: Imported) -> None:
    """This test ensures that entities, no-break and zero-width spaces are cleaned, paragraphs
    and $math$ kept, and keywords de-duplicated."""
    _, root, _, _ = v2
    first = load_yaml(root / "papers/001/paper.yaml")
    assert first["title"] == r"Sparse Attention in $\mathcal{O}(n \log n)$ Memory"
    assert first["abstract"] == (
        r"We show that attention needs only $\mathcal{O}(n \log n)$ memory & time."
        "\n\nA second paragraph keeps its break."
    )
    assert first["keywords"] == ["sparse attention", "memory"]
    tiny = load_yaml(root / "papers/017/paper.yaml")
    assert tiny["title"] == "Robust Training of Tiny Models"
    assert tiny["abstract"] == r"Tiny models, with a loss $L = \sum_i \ell_i$ that is robust."
    assert tiny["links"] == {"openreview": "https://openreview.net/forum?id=Dp8hW2qIk7"}


def test_v2_volume_comes_from_the_venue_group(v2: Imported) -> None:
    """This test ensures that the group's title, subtitle, location and start date fill
    volume.yaml, with the host conference read from the venue id."""
    _, root, _, _ = v2
    info = load_volume(root).info
    assert info.title == "ICLR 2025 Workshop on Explainable Yet Zealous Models"
    assert (info.acronym, info.year) == ("XYZ 2025", 2025)
    assert (info.event.host, info.event.place, str(info.event.start)) == (
        "ICLR 2025",
        "Singapore",
        "2025-04-27",
    )


def test_v2_pdfs_are_found_by_note_id_hash_and_number(v2: Imported) -> None:
    """This test ensures that PDFs named by note id, by content.pdf's hash or by number reach
    their papers, and a PDF that matches no accepted note is noted, not dropped silently."""
    result, root, problems, built = v2
    assert (root / "papers/001/paper.pdf").read_bytes() == text_pdf(["Sparse Attention"], pages=3)
    assert (root / "papers/002/paper.pdf").is_file()
    assert (root / "papers/017/paper.pdf").read_bytes() == text_pdf(
        ["Robust Training of Tiny Models"]
    )
    assert "Wd3cR7vNp1 (#3): Wd3cR7vNp1.pdf is this skipped submission's PDF" in result.output
    assert "2 PDFs in" in result.output
    assert "matched no paper: Wd3cR7vNp1.pdf, stray.pdf" in result.output
    assert "1 paper without a PDF: 006" in result.output
    assert errors(problems) == {("pdf.missing", "006"), ("metadata.no-editors", None)}
    assert any(p.suffix == ".pdf" for p in built.written), built.notes


# --- a plain list of v2 notes -------------------------------------------------------------------


def test_plain_note_list_with_decisions_among_the_notes() -> None:
    """This test ensures that a bare get_all_notes list works: decisions as notes of their forum,
    the _bibtex booktitle as title, the venue id as acronym, the forum id when no number."""
    imported = _import(ABC)
    assert [p.id for p in imported.papers] == ["003", "zx9yw8vu7t"]
    volume = imported.volume
    assert volume["title"] == "NeurIPS 2024 Workshop on Agents, Benchmarks and Curricula"
    assert (volume["acronym"], volume["year"]) == ("ABC 2024", 2024)
    assert volume["event"]["host"] == "NeurIPS 2024"
    notes = "\n".join(imported.notes)
    assert "took 'NeurIPS 2024 Workshop on Agents, Benchmarks and Curricula' from the papers'" in (
        notes
    )
    assert "Zx9Yw8Vu7T: no number; the forum id made the paper id 'zx9yw8vu7t'" in notes
    assert "Wq5Er4Ty3U (#5): skipped: withdrawn" in notes
    assert "author 'Björk' has a single name" in notes
    unnumbered = imported.paper("zx9yw8vu7t").data
    assert unnumbered["keywords"] == ["benchmarks", "evaluation"]  # one text, split
    assert imported.paper("003").data["authors"][1] == {"family": "Björk", "mononym": True}
    assert imported.paper("003").origin == f"{ABC}: Ab3kQ9rTz1 (#3)"


def test_a_venue_that_files_a_note_as_an_invited_talk_gives_an_invited_talk(
    tmp_path: Path,
) -> None:
    """This test ensures that a note whose venue says it is an invited talk (or keynote) is
    imported as kind invited, with a note saying why, and the other notes stay papers."""
    notes = json.loads(ABC.read_text(encoding="utf-8"))
    notes[0]["content"]["venue"] = {"value": "ABC 2024 Invited Talk"}
    imported = _import(_json(tmp_path, notes))
    kinds = {p.id: p.data.get("kind", "paper") for p in imported.papers}
    assert kinds == {"003": "invited", "zx9yw8vu7t": "paper"}
    assert any(
        "imported as kind invited (filed under 'ABC 2024 Invited Talk')" in note
        for note in imported.notes
    ), imported.notes


def test_options_override_the_venue(tmp_path: Path) -> None:
    """This test ensures that --acronym and --year replace what the export says."""
    root = tmp_path / "abc"
    result = run_import("openreview", ABC, "--into", root, "--acronym", "ABC-W 24", "--year",
                        "2025")  # fmt: skip
    assert result.exit_code == 0, result.output
    info = load_volume(root).info
    assert (info.acronym, info.year, info.event.short_name) == ("ABC-W 24", 2025, "ABC-W 24")
    assert "guessed" not in result.output


# --- v1 flat lists and decisions ------------------------------------------------------------------


def _v1(note_id: str, number: int | None, title: str = "A Title", **content: Any) -> dict[str, Any]:
    note: dict[str, Any] = {
        "id": note_id,
        "forum": note_id,
        "invitation": "W.org/2019/Workshop/ABC/-/Blind_Submission",
        "content": {"title": title, "authors": ["Ada Lovelace"], "authorids": ["ada@x.org"],
                    "abstract": "About it.", **content},
    }  # fmt: skip
    if number is not None:
        note["number"] = number
    return note


def _decision(forum: str, text: str, when: int = 1) -> dict[str, Any]:
    return {
        "id": f"d{forum}{when}",
        "forum": forum,
        "replyto": forum,
        "invitation": f"W.org/2019/Workshop/ABC/-/Paper{forum}/Decision",
        "tmdate": when,
        "content": {"decision": text},
    }


def test_v1_flat_list_blind_copies_revised_decisions_and_odd_cases(tmp_path: Path) -> None:
    """This test ensures that in a v1 list a blind copy replaces its original, the newest
    decision counts, and withdrawn, deleted and 'invited' submissions are skipped with reasons."""
    original = _v1("orig1", 1)
    blind = {**_v1("blind1", 1), "original": "orig1"}
    withdrawn = {**_v1("wd2", 2), "invitation": "W.org/2019/Workshop/ABC/-/Withdrawn_Submission"}
    deleted = {**_v1("del3", 3), "ddate": 1_550_000_000_000}
    notes = [
        original,
        blind,
        _decision("blind1", "Reject", 1),
        _decision("blind1", "Accept: Spotlight", 2),  # revised later
        withdrawn,
        deleted,
        _v1("inv4", 4),
        _decision("inv4", "Invite to Workshop Track"),
        _v1("desk5", 5),
        {**_decision("desk5", ""), "invitation": "W.org/2019/Workshop/ABC/-/Paper5/Desk_Reject"},
    ]
    imported = _import(_json(tmp_path, notes), acronym="ABC 2019")
    assert [(p.id, p.data["links"]["openreview"][-6:]) for p in imported.papers] == [
        ("001", "blind1")
    ]
    notes_text = "\n".join(imported.notes)
    assert "orig1 (#1): the original of the blind submission blind1; only blind1 is read" in (
        notes_text
    )
    for line in [
        "wd2 (#2): skipped: withdrawn (invitation W.org/2019/Workshop/ABC/-/Withdrawn_Submission)",
        "del3 (#3): skipped: deleted on OpenReview",
        "inv4 (#4): skipped: decision 'Invite to Workshop Track' is neither an acceptance nor",
        "desk5 (#5): skipped: desk-rejected (reply ddesk51: Desk_Reject)",
    ]:
        assert line in notes_text
    assert imported.volume["year"] == 2019  # from the invitation's venue id


@pytest.mark.parametrize(
    ("decision", "content", "kind", "archival"),
    [
        ("Accept (Oral)", {}, "oral", True),
        ("Accept: Spotlight", {}, "spotlight", True),
        ("Accept (Contributed Talk)", {}, "talk", True),
        ("Accept (Non-Archival)", {}, None, False),
        ("accept", {"non_archival": True}, None, False),
        ("accept", {"non_archival": {"value": False}}, None, True),
        ("accept", {"archival": {"value": "No"}}, None, False),
        ("accept", {"archival_option": {"value": ["Non archival"]}}, None, False),
    ],
)
def test_accepted_decisions_give_presentation_and_archival(
    decision: str, content: dict[str, Any], kind: str | None, archival: bool
) -> None:
    """This test ensures that the decision text and archival fields of any spelling are read."""
    note = _v1("n1", 1, **content)
    verdict = decide(note, [_decision("n1", decision)], VenueIds())
    assert (verdict.accepted, verdict.kind, verdict.archival) == (True, kind, archival)


@pytest.mark.parametrize(
    ("decision", "reason"),
    [
        ("Reject", "rejected (decision 'Reject')"),
        ("Desk Rejected", "desk-rejected (decision 'Desk Rejected')"),
        ("Withdrawn by authors", "withdrawn (decision 'Withdrawn by authors')"),
    ],
)
def test_refusing_decisions_are_skipped_with_their_text(decision: str, reason: str) -> None:
    """This test ensures that a rejecting decision skips the paper and says which decision."""
    verdict = decide(_v1("n1", 1), [_decision("n1", decision)], VenueIds())
    assert (verdict.accepted, verdict.reason) == (False, reason)


def test_export_without_any_decision_imports_every_submission_and_says_so(tmp_path: Path) -> None:
    """This test ensures that an export of notes with no decision at all (e.g. only the accepted
    papers were exported) is imported whole, with a note asking to remove any not accepted."""
    imported = _import(_json(tmp_path, [_v1("a1", 1), _v1("b2", 2, "B")]), acronym="ABC 2019")
    assert [p.id for p in imported.papers] == ["001", "002"]
    assert any("the export has no decisions" in n and "2 submissions imported as accepted" in n
               for n in imported.notes)  # fmt: skip


def test_authors_without_names_or_with_mismatched_ids(tmp_path: Path) -> None:
    """This test ensures that a missing name is read from its profile id and that authors and
    authorids of different lengths are paired in order and noted."""
    note = _v1("a1", 1, authors=["Ada Lovelace", ""], authorids=["~Ada_Lovelace1", "~Alan_Turing2",
                                                                 "x@y.org"])  # fmt: skip
    imported = _import(_json(tmp_path, [note, _decision("a1", "Accept")]), acronym="ABC 2019")
    authors = imported.paper("001").data["authors"]
    assert [(a["given"], a["family"]) for a in authors] == [("Ada", "Lovelace"), ("Alan", "Turing")]
    notes = "\n".join(imported.notes)
    assert "2 authors but 3 authorids; names and ids were paired in order" in notes
    assert "author 2 has no name; 'Alan Turing' read from ~Alan_Turing2" in notes
    assert "author 3 has neither a name nor a profile; left out" in notes


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"notes.json: the file is empty; export the notes with openreview-py"),
        ("  \n", r"notes.json: the file is empty"),
        ('[{"id": "a",', r"notes.json:1: not JSON \(Expecting property name"),
        ("title,authors\nA,B\n", r"notes.json:1: not JSON \(Expecting value at column 1\)"),
        ('{"count": 0}', r"not an OpenReview export: found a JSON object with count"),
        ("[]", r"the export has no notes"),
        ('{"notes": [3]}', r"'notes'\[0\] is a JSON int, not a note"),
        ('[{"id": "r", "forum": "f", "replyto": "f"}]', r"none of the 1 note is a submission"),
    ],
)
def test_files_that_are_not_exports_are_clear_errors(
    tmp_path: Path, text: str, message: str
) -> None:
    """This test ensures that an empty file, a file that is not JSON or JSON that holds no
    notes is one clear error naming the file and what to export instead."""
    path = tmp_path / "notes.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProceedingsError, match=message):
        read_openreview(path, acronym="X 2025", year=2025)


def test_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    """This test ensures that a Latin-1 file is refused with the byte and what to do."""
    path = tmp_path / "notes.json"
    path.write_bytes(json.dumps([_v1("a1", 1, "Müller")], ensure_ascii=False).encode("latin-1"))
    with pytest.raises(ProceedingsError, match=r"notes.json: the file is not UTF-8 \(byte 0xfc"):
        read_openreview(path, acronym="ABC 2019")


def test_command_reports_a_bad_file_without_a_traceback(tmp_path: Path) -> None:
    """This test ensures that the command prints one error line and writes nothing."""
    path = tmp_path / "notes.json"
    path.write_text("not json", encoding="utf-8")
    result = run_import("openreview", path, "--into", tmp_path / "project")
    assert result.exit_code == 1
    assert "notes.json:1: not JSON" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "project").exists()


def test_accepted_notes_without_titles_are_an_error_naming_each(tmp_path: Path) -> None:
    """This test ensures that accepted papers without a title stop a --strict import, each
    named; without --strict they are skipped with a note each and the others imported."""
    notes = [_v1("a1", 1, title=""), _v1("b2", 2, title="  "), _v1("c3", 3, title="Fine")]
    path = _json(tmp_path, notes)
    imported = read_openreview(path, acronym="ABC 2019")
    assert [p.data["title"] for p in imported.papers] == ["Fine"]
    assert [n for n in imported.notes if "skipped" in n] == [
        f"{path}: a1 (#1): skipped, not imported: content.title is empty",
        f"{path}: b2 (#2): skipped, not imported: content.title is empty",
        "2 accepted notes skipped, 1 paper imported: fix the skipped ones and import "
        "again with --update (--strict refuses the whole import instead)",
    ]
    with pytest.raises(ProceedingsError) as error:
        read_openreview(path, acronym="ABC 2019", strict=True)
    assert str(error.value).splitlines() == [
        f"{path}: a1 (#1): content.title is empty",
        f"{path}: b2 (#2): content.title is empty",
        f"{path}: 2 accepted papers without a title; add the titles on OpenReview and export again",
    ]


def test_missing_acronym_and_year_is_one_error_naming_the_options(tmp_path: Path) -> None:
    """This test ensures that notes naming no venue ask for --acronym and --year at once."""
    note = {"id": "a1", "content": {"title": "T", "authors": ["Ada Lovelace"]}}
    path = _json(tmp_path, [note])
    with pytest.raises(ProceedingsError) as error:
        read_openreview(path)
    assert str(error.value) == (
        f"{path}: the volume's acronym and year are not in the export (no venue group, venue id, "
        "invitation or _bibtex names the venue); pass --acronym 'XYZ 2025' and --year 2025"
    )
    with pytest.raises(ProceedingsError, match=r"year is not in the export.*; pass --year 2025$"):
        read_openreview(path, acronym="XYZ 2025")
    imported = read_openreview(path, acronym="XYZ 2025", year=2025)
    assert imported.volume["title"] == "XYZ 2025"
    assert any("the acronym 'XYZ 2025' is the title" in n for n in imported.notes)


def test_nothing_accepted_is_an_error(tmp_path: Path) -> None:
    """This test ensures that an export where every submission was refused says so."""
    path = _json(tmp_path, [_v1("a1", 1), _decision("a1", "Reject")])
    with pytest.raises(ProceedingsError, match=r"none of the 1 submission was accepted "
                       r"\(1 rejected\)"):  # fmt: skip
        read_openreview(path, acronym="ABC 2019")


# --- live mode ------------------------------------------------------------------------------


def test_venue_id_without_openreview_py_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that --venue-id without openreview-py is one error naming the pip
    command, whether or not the package happens to be installed here."""
    monkeypatch.setitem(sys.modules, "openreview", None)  # makes 'import openreview' fail
    result = run_import("openreview", "--venue-id", "ICLR.cc/2025/Workshop/XYZ", "--into",
                        tmp_path / "p")  # fmt: skip
    assert result.exit_code == 1
    assert "pip install openreview-py" in result.output
    assert not (tmp_path / "p").exists()


class _Record:
    """An openreview-py object: attributes from its JSON and ``to_json``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.content = data.get("content") or {}

    def to_json(self) -> dict[str, Any]:
        return self.data


def test_venue_id_reads_the_live_api_through_openreview_py(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that live mode asks openreview-py for the group, the submissions with
    their replies and the authors' profiles, and imports them as an export (no network)."""
    export = json.loads(XYZ.read_text(encoding="utf-8"))
    calls: list[tuple[str, Any]] = []

    class Client:
        def __init__(self, baseurl: str) -> None:
            calls.append(("client", baseurl))

        def get_group(self, group_id: str) -> _Record:
            calls.append(("group", group_id))
            return _Record(export["group"])

        def get_all_notes(self, invitation: str, details: str) -> list[_Record]:
            calls.append(("notes", (invitation, details)))
            return [_Record(n) for n in export["notes"]]

    def get_profiles(client: Client, ids: list[str]) -> list[_Record]:
        calls.append(("profiles", len(ids)))
        return [_Record(p) for p in export["profiles"]]

    module = types.ModuleType("openreview")
    module.api = types.SimpleNamespace(OpenReviewClient=Client)  # type: ignore[attr-defined]
    module.tools = types.SimpleNamespace(get_profiles=get_profiles)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "openreview", module)
    with ExitStack() as stack:
        options = ImportOptions(stack, venue_id="ICLR.cc/2025/Workshop/XYZ")
        imported = read_import("openreview", Path("."), options)
    assert calls[:3] == [
        ("client", "https://api2.openreview.net"),
        ("group", "ICLR.cc/2025/Workshop/XYZ"),
        ("notes", ("ICLR.cc/2025/Workshop/XYZ/-/Submission", "replies")),
    ]
    assert calls[3][0] == "profiles"
    assert [p.id for p in imported.papers] == ["001", "002", "006", "017"]
    assert imported.origin == "OpenReview venue ICLR.cc/2025/Workshop/XYZ"
    assert imported.paper("001").data["authors"][0]["family"] == "Müller Ríos"


def test_venue_id_and_a_file_together_are_refused(tmp_path: Path) -> None:
    """This test ensures that a file and --venue-id at once is an error, not a silent choice."""
    with pytest.raises(ProceedingsError, match="give either the exported file or --venue-id"):
        read_openreview(XYZ, venue_id="ICLR.cc/2025/Workshop/XYZ")
