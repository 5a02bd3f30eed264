"""The workshop's own site from event.yaml: pages, the home page in each phase, the calendar,
the Event JSON-LD, the countdown in Chromium on both sides of a deadline, hostile text."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
from conftest import require_tool
from site_helpers import ROOT, VNU, build_site, jsonld, parse_head, serve_folder

from proceedings.load import load_volume
from proceedings.site.calendar import write_calendar

UTC = datetime.UTC

EVENT = """\
timezone: Europe/Lisbon
about: A tiny workshop about <script>alert(1)</script> careful testing.
topics: [Testing, "<b>bold</b> claims"]
call: {text: "Submit *now*.", submission_url: "https://example.org/submit"}
dates:
  - {title: "Submission </time><script>alert(3)</script>", date: 2025-04-01}
  - {title: Notification, date: 2025-05-01}
  - {title: Workshop, date: 2025-06-02 09:00, timezone: Europe/Lisbon}
keynotes:
  - id: k1
    speaker:
      given: Ada
      family: "Byron <img src=x onerror=alert(1)>"
      photo: photos/k1.png
      bio: "Bio with [a link](javascript:alert(1))"
    title: "A talk </time><script>alert(2)</script>"
awards: [{name: Best Paper Award, papers: [a]}]
people: [{role: Organizers, people: [{given: Kari, family: Ødegaard, photo: photos/k1.png}]}]
history: [{name: TWCT 2024, year: 2024, url: "https://example.org/2024/"}]
contact: {email: twct@example.org}
"""
PROGRAM = """\
program:
  - {title: Keynote, start: 2025-06-02 09:00, end: 2025-06-02 09:45, kind: keynote, keynote: k1}
  - {title: Session, start: 2025-06-02 10:00, end: 2025-06-02 11:00, papers: [a, b, c]}
"""
# The three phases: [SOURCE_DATE_EPOCH, with a program]
PHASES = {
    "call": (datetime.datetime(2025, 3, 20, 12, tzinfo=UTC), False),
    "program": (datetime.datetime(2025, 5, 15, 12, tzinfo=UTC), True),
    "proceedings": (datetime.datetime(2025, 6, 3, 12, tzinfo=UTC), True),
}


def _main(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    match = re.search(r'<article role="main"[^>]*>(.*?)</article>', text, re.S)
    assert match is not None
    return " ".join(match.group(1).split())


@pytest.fixture(scope="module")
def phase_sites(
    tmp_path_factory: pytest.TempPathFactory, workshop_pdfs: dict[str, bytes]
) -> dict[str, Path]:
    """The tiny workshop with event.yaml, its site built at a moment of each phase."""
    from conftest import WORKSHOP

    sites = {}
    for name, (now, with_program) in PHASES.items():
        project = tmp_path_factory.mktemp(f"phase-{name}")
        shutil.copytree(WORKSHOP, project, dirs_exist_ok=True)
        for paper_id, pdf in workshop_pdfs.items():
            (project / "papers" / paper_id / "paper.pdf").write_bytes(pdf)
        (project / "source" / "event.yaml").write_text(EVENT, encoding="utf-8")
        (project / "source" / "photos").mkdir()
        shutil.copy(ROOT / "source/photos/amara-okafor.png", project / "source/photos/k1.png")
        if with_program:
            (project / "source" / "program.yaml").write_text(PROGRAM, encoding="utf-8")
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", str(int(now.timestamp())))
            sites[name] = build_site(project, project / "_build")
    return sites


def test_home_page_fits_the_phase(phase_sites: dict[str, Path]) -> None:
    """This test ensures that the home page leads with the call and its next deadline (in AoE,
    no editors yet) before a program exists, with the program and the next date before the
    day, and with the proceedings, then the workshop, after the day in the venue's zone."""
    call = _main(phase_sites["call"] / "index.html")
    assert (
        "Next deadline: <strong>Submission &lt;/time&gt;&lt;script&gt;alert(3)&lt;/script&gt;"
        in call
    )
    assert (
        '<time datetime="2025-04-02T11:59:00Z">'
        "April 1, 2025, 23:59 AoE (UTC\N{MINUS SIGN}12)</time>" in call
    )
    assert 'href="https://example.org/submit">Submit a paper</a>' in call
    assert 'href="call/index.html">Call for papers</a>' in call
    assert "Editors" not in call
    program = _main(phase_sites["program"] / "index.html")
    assert program.index('href="program/index.html">Program</a>') < program.index("Editors")
    assert "Next deadline: <strong>Workshop</strong>" in program
    assert "June 2, 2025, 09:00 Europe/Lisbon (UTC+1)" in program
    after = _main(phase_sites["proceedings"] / "index.html")
    assert "Next deadline" not in after
    assert after.index("Editors") < after.index("The workshop") < after.index("Awards</a>")


def test_the_call_offers_submission_only_while_it_is_open(phase_sites: dict[str, Path]) -> None:
    """This test ensures that the call page links the submission site in the call phase only:
    once the program is out (the deadline long passed) or the workshop is over, a button to a
    closed submission site would mislead; the call's text and topics stay."""
    submit = 'href="https://example.org/submit">Submit a paper</a>'
    pages = {name: _main(site / "call" / "index.html") for name, site in phase_sites.items()}
    assert submit in pages["call"]
    for name in ("program", "proceedings"):
        assert submit not in pages[name], name
        assert "Submit <em>now</em>." in pages[name], name


def test_dates_page_marks_what_has_passed(phase_sites: dict[str, Path]) -> None:
    """This test ensures that the dates page marks each date by the build's now: in May the
    submission and notification have passed, the workshop is upcoming; the calendar is linked."""
    dates = _main(phase_sites["program"] / "dates" / "index.html")
    states = re.findall(r'<li class="proceedings-date-(\w+)">', dates)
    assert states == ["passed", "passed", "upcoming"]
    assert 'href="../twct2025.ics"' in dates


def test_workshop_pages_link_papers_keynotes_and_photos(phase_sites: dict[str, Path]) -> None:
    """This test ensures that the program links its keynote to the keynotes page and its
    papers to their pages, the awards page links the paper, the paper's page shows the award
    event.yaml gives it (its paper.yaml has none), and photos are published."""
    html = phase_sites["proceedings"]
    program = _main(html / "program" / "index.html")
    assert 'href="../keynotes/index.html#keynote-k1">Keynote</a>' in program
    assert 'href="../papers/a/index.html">Calibrated Risk Scores for Sepsis Onset</a>' in program
    assert "Europe/Lisbon (UTC+1)" in program
    paper = _main(html / "papers" / "a" / "index.html")
    assert (
        '<span class="proceedings-badge proceedings-badge-award">Best Paper Award</span>' in paper
    )
    awards = _main(html / "awards" / "index.html")
    assert 'href="../papers/a/index.html">Calibrated Risk Scores for Sepsis Onset</a>' in awards
    keynotes = _main(html / "keynotes" / "index.html")
    assert 'id="keynote-k1"' in keynotes
    assert 'class="proceedings-photo"' in keynotes
    assert (html / "_images" / "k1.png").is_file()
    organization = _main(html / "organization" / "index.html")
    assert organization.index("Organizers") < organization.index("Program Committee")


def test_hostile_text_in_event_yaml_stays_text(phase_sites: dict[str, Path]) -> None:
    """This test ensures that markup in event.yaml (a <script> in the about text, a date's
    title closing the <time> element, an onerror in a name, a javascript: link in a bio)
    reaches no page as markup."""
    for site in phase_sites.values():
        for page in site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert "<script>alert" not in text, page
            assert "<img src=x" not in text, page
            assert 'href="javascript:' not in text, page


def test_phase_sites_are_valid_html(phase_sites: dict[str, Path]) -> None:
    """This test ensures that the Nu HTML Checker finds no error in any page of the site in the
    call and program phases (the demo, in the proceedings phase, is checked with the site)."""
    java = require_tool("java", install="Debian's default-jre-headless")
    vnu = require_tool("vnu.jar", path=VNU, install="npm install --no-save vnu-jar")
    pages = [str(p) for name in ("call", "program") for p in phase_sites[name].rglob("*.html")]
    result = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", *sorted(pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    assert [f"{m.get('url')}: {m['message']}" for m in messages if m["type"] == "error"] == []


def test_calendar_equals_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that the demo's .ics parses with icalendar, holds one event per date
    (the call's too) and per program item at the model's instants, in UTC, and is the same bytes
    each time, its DTSTAMP following SOURCE_DATE_EPOCH."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    volume = load_volume(ROOT)
    workshop = volume.workshop
    assert workshop is not None
    data = write_calendar(volume)
    assert data == write_calendar(volume)
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    dates = [*workshop.dates, *(d for c in workshop.calls for d in c.dates)]
    assert len(events) == len(dates) + len(volume.program)
    for event, date in zip(events, dates, strict=False):
        assert event.decoded("dtstart") == date.instant().astimezone(UTC)
    vancouver = datetime.timezone(datetime.timedelta(hours=-7))
    for event, session in zip(events[len(dates) :], volume.program, strict=True):
        assert session.start is not None
        assert event["summary"] == session.title
        assert event.decoded("dtstart") == session.start.replace(tzinfo=vancouver)
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert {e.decoded("dtstamp") for e in events} == {datetime.datetime(2025, 7, 18, tzinfo=UTC)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760000000")
    stamped = icalendar.Calendar.from_ical(write_calendar(volume))
    stamps = {e.decoded("dtstamp") for e in stamped.walk("VEVENT")}
    assert stamps == {datetime.datetime.fromtimestamp(1760000000, UTC)}


def test_home_page_has_the_event_json_ld(demo_site: Any) -> None:
    """This test ensures that the demo's home page carries a schema.org Event with what
    Google's event documentation requires (name, startDate, location) and recommends (endDate,
    status, attendance mode, description, organizer, performers), times with the venue's offset."""
    (event,) = jsonld(parse_head(demo_site.html / "index.html"))
    assert event["@type"] == "Event"
    assert (
        event["name"]
        == "Third International Workshop on Trustworthy Machine Learning for Healthcare"
    )
    assert event["startDate"] == "2025-07-18T09:00:00-07:00"
    assert event["endDate"] == "2025-07-18T16:45:00-07:00"
    assert event["location"] == {
        "@type": "Place",
        "name": "Vancouver, Canada",
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "Canada",
            "addressLocality": "Vancouver",
        },
    }
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["description"].startswith("Machine learning now matches clinicians")
    assert [p["name"] for p in event["performer"]] == [
        "Amara Okafor",
        "Hiroshi Tanaka",
        "Lúcia Ferraz",
    ]
    assert event["organizer"]["url"] == "https://tml4h.example.org/2025/"


@pytest.fixture
def call_tab(browser: Any, phase_sites: dict[str, Path]) -> Iterator[tuple[Any, str]]:
    """A browser tab (and the base URL) on the call-phase site, recording console errors and
    failed requests."""
    with serve_folder(phase_sites["call"]) as url:
        context = browser.new_context(base_url=url)
        tab = context.new_page()
        tab.problems = []
        tab.on("console", lambda m: tab.problems.append(m.text) if m.type == "error" else 0)
        tab.on("pageerror", lambda e: tab.problems.append(str(e)))
        tab.on("requestfailed", lambda r: tab.problems.append(f"failed: {r.url}"))
        try:
            yield tab, url
        finally:
            context.close()


@pytest.mark.parametrize(
    ("clock", "left"),
    [
        (datetime.datetime(2025, 4, 2, 11, 58, tzinfo=UTC), "1 minute left"),  # 23:58 AoE
        (datetime.datetime(2025, 4, 2, 11, 59, 30, tzinfo=UTC), "passed"),  # 23:59:30 AoE
        (datetime.datetime(2025, 3, 30, 9, 0, tzinfo=UTC), "3 days, 2 hours left"),
    ],
)
def test_countdown_on_both_sides_of_2359_aoe(
    call_tab: tuple[Any, str], clock: datetime.datetime, left: str, tmp_path: Path
) -> None:
    """This test ensures that the countdown, read off the browser's clock (pinned), says the
    time left to the deadline at 23:59 AoE one minute before it and 'passed' just after, with
    no console error; it screenshots the home page of the call phase."""
    tab, _ = call_tab
    tab.clock.set_fixed_time(clock)
    tab.goto("", wait_until="networkidle")
    assert tab.locator(".proceedings-countdown-left").inner_text() == left
    tab.screenshot(path=str(tmp_path / "home-call.png"), full_page=True)
    assert tab.problems == []


def test_countdown_degrades_without_javascript(browser: Any, phase_sites: dict[str, Path]) -> None:
    """This test ensures that without JavaScript the home page still names the next deadline,
    its day, time and zone, and shows no countdown."""
    with serve_folder(phase_sites["call"]) as url:
        context = browser.new_context(base_url=url, java_script_enabled=False)
        try:
            tab = context.new_page()
            tab.goto("")
            text = tab.locator(".proceedings-countdown").inner_text()
            assert "April 1, 2025, 23:59 AoE (UTC\N{MINUS SIGN}12)" in text
            assert tab.locator(".proceedings-countdown-left").count() == 0
        finally:
            context.close()


def test_images_load_and_program_fits_a_phone(
    browser: Any, phase_sites: dict[str, Path], tmp_path: Path
) -> None:
    """This test ensures that the photos of the keynotes and organization pages load in
    Chromium, and that the program fits a 390 px phone without sideways scrolling
    (screenshotted)."""
    with serve_folder(phase_sites["proceedings"]) as url:
        context = browser.new_context(base_url=url, viewport={"width": 390, "height": 844})
        try:
            tab = context.new_page()
            for path in ("keynotes/", "organization/"):
                tab.goto(path, wait_until="networkidle")
                widths = tab.eval_on_selector_all(
                    "img.proceedings-photo", "images => images.map(i => i.naturalWidth)"
                )
                assert widths
                assert all(w > 0 for w in widths)
            tab.goto("program/", wait_until="networkidle")
            tab.screenshot(path=str(tmp_path / "program-phone.png"), full_page=True)
            overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0
        finally:
            context.close()


def test_the_call_is_published_before_any_paper(tmp_path: Path) -> None:
    """This test ensures that a project with event.yaml and no paper yet gets its site, led by
    the call, from 'proceedings site' and from a whole build (the site alone, with a note: a
    Pages workflow runs 'build'), while check still stops with project.no-papers, which names
    the way out."""
    from click.testing import CliRunner

    from proceedings.build import build
    from proceedings.buildpaths import BuildPaths
    from proceedings.cli import main

    shutil.copytree(ROOT / "source", tmp_path / "source")
    (tmp_path / "source" / "program.yaml").unlink()
    event = tmp_path / "source" / "event.yaml"  # no awards yet, no paper to give them to
    text = event.read_text(encoding="utf-8")
    event.write_text(text[: text.index("\nawards:")] + text[text.index("\npeople:") :], "utf-8")
    (tmp_path / "papers").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "SOURCE_DATE_EPOCH", str(int(datetime.datetime(2025, 5, 1, tzinfo=UTC).timestamp()))
        )
        html = build_site(tmp_path, tmp_path / "_build")
        home = _main(html / "index.html")
        assert "Next deadline: <strong>Paper submission deadline</strong>" in home
        assert (html / "call" / "index.html").is_file()
        whole = build(tmp_path, BuildPaths.of(tmp_path, tmp_path / "_whole"))
        assert [path.name for path in whole.written] == ["html"]
        assert whole.notes[0].startswith("papers/ holds no paper yet: the site alone was built")
        assert _main(tmp_path / "_whole" / "html" / "index.html") == home
        assert not (tmp_path / "_whole" / "pdf").exists()
        assert not (tmp_path / "_whole" / "export").exists()
        result = CliRunner().invoke(
            main, ["-C", str(tmp_path), "build", "-o", str(tmp_path / "_cli")]
        )
        assert result.exit_code == 0, result.output
        assert "built TML4H 2025: 0 papers (1 error, 3 warnings)" in result.output
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "check", "--no-pdf"])
    assert result.exit_code == 1
    assert (
        "papers/: error: no paper: the volume would hold the front matter only. Add a folder "
        "papers/<id>/ with a paper.yaml for each accepted paper. Until then 'proceedings build' "
        "publishes the workshop's pages alone. [project.no-papers]"
    ) in result.output


@pytest.mark.parametrize("phase", list(PHASES))
def test_home_page_in_each_phase_loads_and_screenshots(
    browser: Any, phase_sites: dict[str, Path], phase: str, tmp_path: Path
) -> None:
    """This test ensures that the home page of each phase loads in Chromium with no console
    error and no failed request (its images, its script), wide and on a 390 px phone without
    sideways scrolling, and screenshots both into the test's temporary folder."""
    with serve_folder(phase_sites[phase]) as url:
        context = browser.new_context(base_url=url)
        try:
            tab = context.new_page()
            problems: list[str] = []
            tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else 0)
            tab.on("pageerror", lambda e: problems.append(str(e)))
            tab.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
            tab.clock.set_fixed_time(PHASES[phase][0])
            for width in (1280, 390):
                tab.set_viewport_size({"width": width, "height": 900})
                tab.goto("", wait_until="networkidle")
                tab.screenshot(path=str(tmp_path / f"home-{phase}-{width}.png"), full_page=True)
                overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0
            assert tab.locator("h1").count() == 1
            assert problems == []
        finally:
            context.close()
