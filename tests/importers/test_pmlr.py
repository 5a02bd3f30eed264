"""The PMLR importer: the real ML4H 2023 repository (_config.yml, 40 posts, 14 PDFs) end to end."""

from __future__ import annotations

import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import require_shared

from importers.conftest import check_and_build, run_import
from proceedings.checks import check_project
from proceedings.errors import Severity
from proceedings.layout import compute_layout
from proceedings.load import load_volume
from proceedings.pdfinfo import inspect_pdf

PMLR = "pmlr-v225-ml4h2023"


@pytest.fixture(scope="module")
def ml4h(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The repository imported into a fresh project once; the project and the import's notes."""
    source = require_shared(PMLR)
    project = tmp_path_factory.mktemp("pmlr") / "ml4h2023"
    result = run_import("pmlr", source, "--into", project)
    assert result.exit_code == 0, result.output
    return project, result.stderr


def test_every_post_is_a_paper_in_page_order_with_its_pdf(ml4h: tuple[Path, str]) -> None:
    """This test ensures that the 40 posts become 40 papers in page order, named by their PMLR
    ids, and that the 14 PDFs of the snapshot are found beside them."""
    project, _ = ml4h
    volume = load_volume(project)
    ids = [p.id for p in volume.papers]
    assert len(ids) == 40
    assert ids[:3] == ["hegselmann23a", "afzal23a", "agarwal23a"]
    assert {"groger23a", "van-ness23a"} <= set(ids)  # keys the .bib spells otherwise
    with_pdf = {p.id for p in volume.papers if p.pdf_path.is_file()}
    assert len(with_pdf) == 14
    assert {"afzal23a", "moor23a"} <= with_pdf
    info = volume.info
    assert (info.title, info.acronym, info.year) == (
        "Proceedings of the 3rd Machine Learning for Health Symposium",
        "ML4H 2023",
        2023,
    )
    assert info.series is not None
    assert (info.series.short_name, info.series.volume) == ("PMLR", "225")
    assert [e.name.full for e in info.editors][:2] == ["Stefan Hegselmann", "Antonio Parziale"]
    assert info.event.place == "New Orleans, Louisiana, USA"


def test_names_and_links_come_in_unicode(ml4h: tuple[Path, str]) -> None:
    """This test ensures that names need no LaTeX decoding and software becomes a code link."""
    project, _ = ml4h
    volume = load_volume(project)
    names = {a.name.full for p in volume.papers for a in p.info.authors}
    assert {"Fabian Gröger", "Gunnar Rätsch"} <= names
    paper = next(p for p in volume.papers if p.id == "agarwal23a")
    assert paper.info.links.code == "https://github.com/lotterlab/task_word_explainability"


def test_quirks_are_noted(ml4h: tuple[Path, str]) -> None:
    """This test ensures that what the source lacks or lost is said, with the post it is in."""
    _, notes = ml4h
    assert (
        "hegselmann23a.md: hegselmann23a is read as kind 'preface' (no abstract, and titled "
        "after the volume ('Machine Learning for Health (ML4H)'))"
    ) in notes
    assert "behrouz23a.md: abstract: a word seems to be missing after 'present ,'" in notes
    assert "no PDF for 26 papers" in notes
    assert "give --url" in notes


def test_abstracts_come_without_latex_debris(ml4h: tuple[Path, str]) -> None:
    """This test ensures that the LaTeX debris of PMLR's posts ({’}, {“}what{”}, {\\}%, {~}) is
    decoded, that the comments two authors left are kept and flagged, and that what PMLR never
    carries (affiliations, keywords) is one warning each: 290 warnings before, 5 now."""
    project, _ = ml4h
    volume = load_volume(project)
    abstracts = {p.id: p.info.abstract for p in volume.papers}
    assert "not only “where” but “what”." in abstracts["agarwal23a"]
    assert "by 3.1 % ." in abstracts["kocielnik23a"]
    assert "H & E-stained" in abstracts["shankar23a"]
    assert not [i for i, text in abstracts.items() if "{" in text.replace("$", "")]
    _, problems = check_project(project, pdfs=False)
    warnings = Counter(p.code for p in problems if p.severity is Severity.WARNING)
    assert warnings == {
        "people.missing-affiliation": 1,
        "metadata.missing-keywords": 1,
        "text.latex": 2,  # '%under' (moor23a) and '%and' (peng23a)
    }
    assert [p.code for p in problems if p.severity is Severity.NOTE] == ["people.missing-orcid"]


def test_layout_reproduces_the_published_pages(ml4h: tuple[Path, str]) -> None:
    """This test ensures that the imported volume, laid out from its PDFs (and the posts'
    page counts for the 26 PDFs not in the snapshot), lands on PMLR's own page numbers."""
    project, _ = ml4h
    volume = load_volume(project)
    source = require_shared(PMLR, "_posts")
    published = {}
    for post in source.glob("*.md"):
        data = yaml.safe_load(post.read_text(encoding="utf-8").split("---")[1])
        published[data["id"]] = (data["firstpage"], data["lastpage"])
    counts = {
        p.id: inspect_pdf(p.pdf_path).page_count
        if p.pdf_path.is_file()
        else published[p.id][1] - published[p.id][0] + 1
        for p in volume.papers
    }
    layout = compute_layout(volume, counts)
    assert {e.paper: (e.first, e.last) for e in layout.papers} == published


def test_checks_then_builds(ml4h: tuple[Path, str], tmp_path: Path) -> None:
    """This test ensures that check finds only what the source lacks, and that the project
    builds once the missing PDFs are added (the preface needs no abstract)."""
    project = tmp_path / "ml4h2023"
    shutil.copytree(ml4h[0], project)
    problems, result = check_and_build(project)
    errors = {(p.code, p.paper) for p in problems if p.severity is Severity.ERROR}
    assert {code for code, _ in errors} == {"pdf.missing"}
    assert len(errors) == 26
    assert len(result.layout.papers) == 40
    assert (result.volume.info.slug, result.layout.first_page) == ("ml4h2023", 1)


def test_a_zip_of_the_repository_imports_the_same(tmp_path: Path) -> None:
    """This test ensures that a ZIP holding the repository's folder reads like the folder."""
    source = require_shared(PMLR)
    archive = tmp_path / "v225.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(source / "_config.yml", "v225/_config.yml")
        for post in sorted((source / "_posts").glob("*.md"))[:3]:
            zf.write(post, f"v225/_posts/{post.name}")
    result = run_import("pmlr", archive, "--into", tmp_path / "project", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would import 3 papers" in result.output


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no _config.yml: give the folder of a PMLR volume repository"),
        ({"_config.yml": "year: '2023'\n"}, "no papers: _posts/ has no .md posts"),
        ({"_config.yml": "a: [\n"}, "_config.yml:2: the volume configuration is not valid YAML"),
        (
            {"_config.yml": "year: '2023'\n", "_posts/2023-01-01-x23a.md": "no front matter"},
            "has no YAML front matter",
        ),
        (
            {
                "_config.yml": "year: '2023'\n",
                "_posts/2023-01-01-x23a.md": "---\nid: x23a\nauthor: [{family: X}]\n---\n",
            },
            "paper x23a has no title",
        ),
    ],
)
def test_bad_repositories_are_one_clear_error(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    """This test ensures that a folder that is no PMLR volume gets one message, no project."""
    source = tmp_path / "repo"
    source.mkdir()
    for name, text in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, encoding="utf-8")
    result = run_import("pmlr", source, "--into", tmp_path / "project")
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "project").exists()


def test_a_group_author_is_one_name(ml4h: tuple[Path, str]) -> None:
    """This test ensures that PMLR's "given: Labelling, family: Consortium" is the Labelling
    Consortium, one name, not a Ms. Consortium."""
    project, _ = ml4h
    volume = load_volume(project)
    paper = next(p for p in volume.papers if p.id == "groger23a")
    group = next(a for a in paper.info.authors if "Consortium" in a.family)
    assert (group.family, group.mononym) == ("Labelling Consortium", True)


def test_one_bad_post_never_stops_the_others(tmp_path: Path) -> None:
    """This test ensures that posts without a title, without authors or without front matter
    are skipped and listed by file, one note each, and the other posts imported; --strict
    refuses the whole repository."""
    source = tmp_path / "repo"
    posts = {
        "2023-01-01-a23a.md": "---\nid: a23a\ntitle: Good\nauthor: [{given: A, family: L}]\n---\n",
        "2023-01-02-b23a.md": "---\nid: b23a\nauthor: [{given: Bo, family: Li}]\n---\n",
        "2023-01-03-c23a.md": "---\nid: c23a\ntitle: No Authors\n---\n",
        "2023-01-04-d23a.md": "no front matter",
    }
    (source / "_posts").mkdir(parents=True)
    config = "year: '2023'\nshortname: T\nbooktitle: Proc T\neditor: [{given: Ada, family: L}]\n"
    (source / "_config.yml").write_text(config, encoding="utf-8")
    for name, text in posts.items():
        (source / "_posts" / name).write_text(text, encoding="utf-8")
    result = run_import("pmlr", source, "--into", tmp_path / "p")
    assert result.exit_code == 0, result.output
    assert [p.id for p in load_volume(tmp_path / "p").papers] == ["a23a"]
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert skipped == [
        "note: _posts/2023-01-04-d23a.md: skipped, not imported: "
        f"{source}/_posts/2023-01-04-d23a.md: has no YAML front matter between '---' lines",
        "note: _posts/2023-01-02-b23a.md: skipped, not imported: paper b23a has no title; add "
        "'title:' to its post",
        "note: _posts/2023-01-03-c23a.md: skipped, not imported: paper c23a has no authors "
        "('author:' list)",
        "note: 3 posts skipped, 1 paper imported: fix the skipped ones and import "
        "again with --update (--strict refuses the whole import instead)",
    ]
    strict = run_import("pmlr", source, "--into", tmp_path / "q", "--strict")
    assert strict.exit_code == 1
    assert f"{source}: 3 posts cannot be imported; nothing was imported" in strict.output


def test_extras_become_attachments(tmp_path: Path) -> None:
    """This test ensures that PMLR's extras become attachments: the supplementary file itself
    when the repository holds it (copied beside the paper), else the link to PMLR's copy, and
    that the imported project checks without an attachment problem."""
    source = tmp_path / "repo"
    shutil.copytree(require_shared(PMLR), source)
    supp = "http://proceedings.mlr.press/v225/{0}/{0}-supp.pdf"
    extras = {
        "afzal23a": f"- label: Supplementary PDF\n  link: {supp.format('afzal23a')}\n",
        "harvey23a": f"- label: Supplementary PDF\n  link: {supp.format('harvey23a')}\n"
        "- label: Video\n  link: https://www.youtube.com/watch?v=abc\n",
    }
    for key, text in extras.items():
        (post,) = (source / "_posts").glob(f"*-{key}.md")
        post.write_text(
            post.read_text(encoding="utf-8").replace("extras: []\n", f"extras:\n{text}"),
            encoding="utf-8",
        )
    (source / "afzal23a").mkdir()
    shutil.copy(source / "pdfs" / "harvey23a.pdf", source / "afzal23a" / "afzal23a-supp.pdf")
    project = tmp_path / "p"
    result = run_import("pmlr", source, "--into", project)
    assert result.exit_code == 0, result.output
    papers = {p.id: p for p in load_volume(project).papers}
    afzal, harvey = papers["afzal23a"], papers["harvey23a"]
    assert [(a.file, a.url, a.title) for a in afzal.info.attachments] == [
        ("afzal23a-supp.pdf", None, "Supplementary material")
    ]
    assert (project / "papers/afzal23a/afzal23a-supp.pdf").read_bytes() == (
        source / "pdfs" / "harvey23a.pdf"
    ).read_bytes()
    assert [(a.file, a.url, a.title) for a in harvey.info.attachments] == [
        (None, supp.format("harvey23a"), "Supplementary material"),
        (None, "https://www.youtube.com/watch?v=abc", "Video"),
    ]
    _, problems = check_project(project, pdfs=False)
    assert not [p for p in problems if p.code.startswith("attachment.")]
    assert "extras[" not in result.stderr
    assert "supp.pdf not found" not in result.stderr
