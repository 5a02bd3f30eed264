"""proceedings init: a whole sample workshop that checks, builds every page, the same twice."""

from __future__ import annotations

import datetime
import html
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import typst
import yaml
from click.testing import CliRunner, Result
from conftest import require_tool

from proceedings.cli import main
from proceedings.load import load_volume
from proceedings.scaffold import timeline
from proceedings.scaffold.images import initials

VNU = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"
TODAY = datetime.date(2026, 3, 2)
"""The day init 'runs' in these tests (through SOURCE_DATE_EPOCH)."""
EPOCH = str(int(datetime.datetime.combine(TODAY, datetime.time(12), datetime.UTC).timestamp()))

WRITTEN = [
    "source/volume.yaml",
    "source/committees.yaml",
    "source/event.yaml",
    "source/program.yaml",
    "source/sponsors.yaml",
    "source/preface.md",
    "papers/001/paper.yaml",
    "papers/002/paper.yaml",
    "papers/003/paper.yaml",
    "papers/004/paper.yaml",
    "source/conf.py",
    ".gitignore",
    ".github/workflows/pages.yml",
    ".schemas/volume.schema.json",
    ".schemas/committees.schema.json",
    ".schemas/paper.schema.json",
    ".schemas/program.schema.json",
    ".schemas/sponsors.schema.json",
    ".schemas/event.schema.json",
    ".schemas/record.schema.json",
    "source/logos/example-health-foundation.svg",
    "source/logos/example-imaging-lab.svg",
    "source/logos/example-society-for-medical-ai.svg",
    "source/photos/amaka-eze.svg",
    "source/photos/helen-achterberg.svg",
    "source/photos/ingrid-solberg.svg",
    "source/photos/lucas-moreau.svg",
    "source/photos/mei-ling-tan.svg",
    "source/photos/nadia-rahman.svg",
    "source/photos/rafael-costa.svg",
    "papers/001/paper.pdf",
    "papers/002/paper.pdf",
    "papers/003/paper.pdf",
    "papers/004/paper.pdf",
]

# Each page of the workshop's site and what it must show of the sample.
PAGES = {
    "index.html": ["Next deadline: <strong>Camera-ready deadline", "March 16, 2026"],
    "call/index.html": ["Uncertainty estimation and calibration", "Journal of Example Health"],
    "dates/index.html": ["Paper submission deadline", "Passed", "Upcoming", "AoE"],
    "keynotes/index.html": ["What an Audit of a Deployed Sepsis Model Taught Us", "solberg.svg"],
    "program/index.html": ["Oral session 2: Generalization and Fairness", "../papers/004/"],
    "awards/index.html": ["Best Paper Award", "Honorable Mention", "Mei-Ling Tan"],
    "organization/index.html": ["Student Organizers", "helen-achterberg.svg", "Program Committee"],
    "sponsors/index.html": ["Supporting organization", "example-imaging-lab.svg"],
    "history/index.html": ["TMLH 2025", "Interpretable Machine Learning for Health 2024"],
    "preface.html": ["eleven submissions"],
    "parts/generalization/index.html": ["Fair Readmission Risk Scores"],
    "papers/001/index.html": ["Best Paper Award", "Counterfactual Explanations"],
    "authors/index.html": ["Wiśniewski"],
}


def _init(runner: CliRunner, target: Path, *args: str, epoch: str = EPOCH) -> Result:
    return runner.invoke(main, ["init", str(target), *args], env={"SOURCE_DATE_EPOCH": epoch})


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """A fresh init, built on the day it was made; with the init's output."""
    target = tmp_path_factory.mktemp("init") / "tmlh"
    runner = CliRunner()
    made = _init(runner, target)
    assert made.exit_code == 0, made.output
    build = runner.invoke(main, ["-C", str(target), "build"], env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.exit_code == 0, build.output
    assert build.output.splitlines()[-1] == (
        "built TMLH 2026: 4 papers, pages 1-21 (0 errors, 27 warnings, 1 note)"
    )
    return target, made


def test_init_writes_a_whole_workshop(built: tuple[Path, Result]) -> None:
    """This test ensures that init writes every file of a workshop (the volume, the event's
    data, program and sponsors, photos and logos, papers with PDFs), says so file by file,
    and that the project loads with every section of event.yaml filled."""
    target, made = built
    assert made.output.splitlines() == [
        *(f"created {target / name}" for name in WRITTEN),
        f"next: cd {target} && proceedings check && proceedings build",
    ]
    volume = load_volume(target)
    workshop = volume.workshop
    assert workshop is not None
    sections = ["about", "topics", "call", "dates", "keynotes", "awards", "people", "calls"]
    sections += ["contact", "history"]
    assert [name for name in sections if not getattr(workshop, name)] == []
    assert [paper.id for paper in volume.papers] == ["001", "002", "003", "004"]
    assert (len(volume.program), len(volume.sponsors)) == (9, 3)


def test_fresh_init_has_no_problem_but_its_samples(built: tuple[Path, Result]) -> None:
    """This test ensures that a fresh init's only problems are its samples, each named once
    (every person of the volume is at a sample institution, every paper has a sample title,
    the workshop's data and sponsors once each), and that with those silenced 'check --strict'
    passes."""
    target, _ = built
    runner = CliRunner()
    check = runner.invoke(main, ["-C", str(target), "check"])
    assert check.exit_code == 0, check.output
    *lines, last = check.output.splitlines()
    assert last == "ok: 0 errors, 27 warnings, 1 note"
    notes = [line for line in lines if ": note: " in line]
    assert [note.rsplit(" ", 1)[-1] for note in notes] == ["[people.missing-orcid]"]
    warnings = [line for line in lines if line not in notes]
    assert all(w.endswith("[metadata.placeholder]") for w in warnings), warnings
    volume = load_volume(target)
    people = len(volume.info.editors) + sum(len(c.people) for c in volume.committees)
    people += sum(len(p.info.authors) for p in volume.papers)
    titles = [w for w in warnings if "is a sample paper's title" in w]
    assert [t.split(":")[0] for t in titles] == [f"papers/00{i}/paper.yaml" for i in (1, 2, 3, 4)]
    assert len([w for w in warnings if "sample institution" in w]) == people
    assert any(w.startswith("source/preface.md:1: warning: the page is still") for w in warnings)
    workshop = [w for w in warnings if w.startswith(("source/event.yaml", "source/sponsors"))]
    assert workshop == [
        "source/event.yaml:46: warning: keynotes[0].speaker: the workshop's data holds 10 of the "
        "samples 'init' wrote (first: Ingrid Solberg (Example University Hospital)). Replace "
        "the sample that 'init' wrote: the workshop's own keynotes, people, awards and contact. "
        "[metadata.placeholder]",
        "source/sponsors.yaml:4: warning: sponsors[0].name: the sponsors hold 3 of the samples "
        "'init' wrote (first: 'Example Health Foundation'). Replace the sample that 'init' "
        "wrote: the workshop's own sponsors and their logos, or no sponsors.yaml. "
        "[metadata.placeholder]",
    ]
    volume_yaml = target / "source/volume.yaml"
    original = volume_yaml.read_text(encoding="utf-8")
    try:
        volume_yaml.write_text(original + "checks:\n  ignore: [metadata.placeholder]\n")
        strict = runner.invoke(main, ["-C", str(target), "check", "--strict"])
        assert strict.exit_code == 0, strict.output
        assert strict.output.splitlines()[-1] == "ok: 0 errors, 0 warnings, 1 note"
    finally:
        volume_yaml.write_text(original, encoding="utf-8")


def test_fresh_init_builds_every_page(built: tuple[Path, Result]) -> None:
    """This test ensures that the first build of a fresh init has every page of the workshop's
    site (call, dates, keynotes, program, awards, people, sponsors, history) and of the
    proceedings, each showing the sample, the home page leading with the next deadline, the
    calendar and the PDF volume."""
    target, _ = built
    site = target / "_build/html"
    for name, texts in PAGES.items():
        page = html.unescape((site / name).read_text(encoding="utf-8"))
        assert [text for text in texts if text not in page] == [], name
    calendar = (site / "tmlh2026.ics").read_text(encoding="utf-8")
    assert calendar.count("BEGIN:VEVENT") == 4 + 4 + 9  # dates, the special issue's, program
    for picture in (target / "source").glob("*/*.svg"):
        assert (site / "_images" / picture.name).read_bytes() == picture.read_bytes()
    assert (target / "_build/pdf/tmlh2026.pdf").read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in (target / "_build/pdf/papers").iterdir()) == [
        "001.pdf", "002.pdf", "003.pdf", "004.pdf"
    ]  # fmt: skip


def _keys(data: object, prefix: str = "") -> set[str]:
    """Every key path a YAML document uses: ``keynotes[].speaker.photo``."""
    if isinstance(data, dict):
        found = set()
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            found |= {path} | _keys(value, path)
        return found
    if isinstance(data, list):
        return set().union(*(_keys(item, f"{prefix}[]") for item in data))
    return set()


@pytest.mark.parametrize("name", ["event", "program", "sponsors", "volume", "committees"])
def test_the_demo_uses_every_key_init_writes(built: tuple[Path, Result], name: str) -> None:
    """This test ensures that the repository's demo fills every key of the workshop's files
    that init's sample fills, so that the demo's site shows all that a new project shows."""
    target, _ = built
    demo = Path(__file__).resolve().parent.parent / "source"
    sample = _keys(yaml.safe_load((target / "source" / f"{name}.yaml").read_text("utf-8")))
    assert sample
    assert sample - _keys(yaml.safe_load((demo / f"{name}.yaml").read_text("utf-8"))) == set()


def test_photos_and_logos_are_images(built: tuple[Path, Result]) -> None:
    """This test ensures that each photo and logo init writes is a well-formed SVG of a fixed
    size, titled with its person or sponsor, that typst draws (so the PDF could show it)."""
    target, _ = built
    source = target / "source"
    pictures = sorted(source.glob("*/*.svg"))
    assert len(pictures) == 10
    for path in pictures:
        root = ET.fromstring(path.read_bytes())
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        size = (root.get("width"), root.get("height"))
        assert size == (("240", "240") if path.parent.name == "photos" else ("480", "120"))
        title = root.findtext("{http://www.w3.org/2000/svg}title") or ""
        assert re.sub(r"[^a-z]+", "-", title.lower()).strip("-") == path.stem
    document = source / "pictures.typ"
    document.write_text(
        "".join(f'#image("{p.relative_to(source).as_posix()}", width: 2cm)\n' for p in pictures)
    )
    try:
        assert typst.compile(str(document), root=str(source)).startswith(b"%PDF-")
    finally:
        document.unlink()


def test_fresh_init_site_and_pictures_are_valid(built: tuple[Path, Result]) -> None:
    """This test ensures that the Nu HTML Checker finds no error in any page of a fresh init's
    site, nor in its SVG photos and logos."""
    target, _ = built
    java = require_tool("java", install="Debian's default-jre-headless")
    vnu = require_tool("vnu.jar", path=VNU, install="npm install --no-save vnu-jar")
    pages = sorted(str(p) for p in (target / "_build/html").rglob("*.html"))
    pictures = sorted(str(p) for p in (target / "source").glob("*/*.svg"))
    assert len(pages) >= 18
    errors = []
    for kind, files in (("--html", pages), ("--svg", pictures)):
        result = subprocess.run(
            [java, "-jar", vnu, "--errors-only", "--format", "json", kind, *files],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        messages = json.loads(result.stderr)["messages"]
        errors += [f"{m.get('url')}: {m['message']}" for m in messages if m["type"] == "error"]
    assert errors == []


def test_init_gives_the_same_bytes_for_the_same_day(tmp_path: Path) -> None:
    """This test ensures that init run twice on the same day (SOURCE_DATE_EPOCH) writes the
    same bytes, and that on another day only the dates move."""
    runner = CliRunner()
    for name in ("a", "b"):
        assert _init(runner, tmp_path / name).exit_code == 0
    first = _files(tmp_path / "a")
    assert first == _files(tmp_path / "b")
    later = str(int(EPOCH) + 7 * 86400)
    assert _init(runner, tmp_path / "c", epoch=later).exit_code == 0
    moved = _files(tmp_path / "c")
    assert sorted(name for name in first if first[name] != moved[name]) == [
        "source/event.yaml", "source/preface.md", "source/program.yaml", "source/volume.yaml"
    ]  # fmt: skip
    event = moved["source/event.yaml"].decode()
    assert "    date: 2026-03-23\n" in event  # the camera-ready deadline, a week later


def test_timeline_is_set_around_the_day_init_runs() -> None:
    """This test ensures that the sample's dates fall around the day init runs (the deadlines
    for papers passed, the camera-ready coming, the workshop eight weeks ahead), that --year
    moves the whole timeline into that year, and that 29 February survives the move."""
    dates = timeline(TODAY)
    assert dates["workshop"] == datetime.date(2026, 4, 27)
    assert dates["submission"] < dates["extended"] < dates["notification"] < TODAY
    assert TODAY < dates["camera_ready"] < dates["workshop"] < dates["issue_submission"]
    assert timeline(TODAY, 2030)["workshop"] == datetime.date(2030, 4, 27)
    assert timeline(datetime.date(2028, 1, 4), 2029)["workshop"] == datetime.date(2029, 2, 28)


def test_init_year_and_acronym(tmp_path: Path) -> None:
    """This test ensures that --year dates the sample workshop in that year and that the
    default acronym follows it."""
    runner = CliRunner()
    assert _init(runner, tmp_path / "p", "--year", "2031").exit_code == 0
    volume = load_volume(tmp_path / "p")
    assert (volume.info.year, volume.info.acronym) == (2031, "TMLH 2031")
    assert volume.info.event.start == datetime.date(2031, 4, 27)
    assert volume.workshop is not None
    assert volume.workshop.history[0].name == "TMLH 2030"
    assert _init(runner, tmp_path / "q", "--acronym", "Health ML").exit_code == 0
    workshop = load_volume(tmp_path / "q").workshop
    assert workshop is not None
    assert workshop.history[0].name == "Health ML 2025"


def test_init_keeps_a_hostile_title_as_text(tmp_path: Path) -> None:
    """This test ensures that a title and an acronym with line breaks, YAML and Markdown
    syntax reach volume.yaml unchanged and the Markdown pages escaped, so the project loads
    with no error; and that a year outside what the volume takes is refused before anything
    is written."""
    runner = CliRunner()
    title = "Workshop *on* {raw}`<b>x</b>`\nkeynotes: []\n# AI"
    acronym = "W&S: 2026\n  - [x]"
    made = _init(runner, tmp_path / "p", "--title", title, "--acronym", acronym)
    assert made.exit_code == 0, made.output
    volume = load_volume(tmp_path / "p")
    assert (volume.info.title, volume.info.acronym) == (title, acronym)
    assert volume.workshop is not None
    assert len(volume.workshop.keynotes) == 2
    preface = (tmp_path / "p/source/preface.md").read_text(encoding="utf-8")
    assert "Workshop \\*on\\* \\{raw\\}\\`\\<b\\>x" in preface
    check = runner.invoke(main, ["-C", str(tmp_path / "p"), "check"])
    assert check.exit_code == 0, check.output
    refused = _init(runner, tmp_path / "q", "--year", "1066")
    assert refused.exit_code == 2
    assert "Invalid value for '--year': 1066 is not in the range 1900<=x<=2999." in refused.output
    assert not (tmp_path / "q").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Nadia Rahman", "NR"), ("Mei-Ling Tan", "MT"), ("Madonna", "M"), ("", "?")],
)
def test_initials(name: str, expected: str) -> None:
    """This test ensures that a portrait shows the first and last initials of a name."""
    assert initials(name) == expected
