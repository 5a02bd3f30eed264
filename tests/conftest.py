"""Shared fixtures: paths to the real public data beside the repository, and the real programs
(bibtex, biber, qpdf, Chromium, the Nu checker) that read our outputs the way users' tools do."""

from __future__ import annotations

import os
import shutil
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:
    from proceedings.layout import Layout
    from proceedings.model import Volume

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
SHARED_SCHEMAS = ROOT.parent / "shared" / "schemas"


def _require(root: Path, parts: tuple[str, ...], what: str) -> Path:
    """``root`` joined with ``parts``; the test skips when it is absent, and fails under CI.

    ``what`` names the missing folder's contents in the skip message.
    """
    path = root.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing, and CI=true forbids skipping tests that need it")
        pytest.skip(f"{path} is absent ({what} beside the repository)")
    return path


def require_shared(*parts: str) -> Path:
    """A path under ../shared/data; the test skips when it is absent, and fails under CI."""
    return _require(SHARED_DATA, parts, "the real public test data lives")


def require_schema(*parts: str) -> Path:
    """A path under ../shared/schemas; the test skips when it is absent, and fails under CI."""
    return _require(SHARED_SCHEMAS, parts, "the public schemas live")


# The skip reasons missing_tool gave: the run's summary lists each missing tool with the tests
# it skipped (a skipped session fixture skips each of its tests with the same reason, so the
# reason, not the call, identifies them).
_MISSING_TOOLS: set[str] = set()


def missing_tool(name: str, install: str | None = None) -> NoReturn:
    """Skip the test for want of ``name``, a program (or the library driving one) that reads
    our outputs as users' tools do; fail instead under CI, which installs every one (.ci/run).

    The run ends by naming the tool and the tests it skipped (:func:`pytest_terminal_summary`).
    ``install`` says how to get it.
    """
    reason = f"{name} is not installed" + (f" ({install})" if install else "")
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}, and CI=true forbids skipping tests that need it")
    _MISSING_TOOLS.add(reason)
    pytest.skip(reason)


def require_tool(name: str, *, path: Path | None = None, install: str | None = None) -> str:
    """The path of a program the test runs: ``name`` on the PATH, or the file ``path``; the
    test skips when it is missing (see :func:`missing_tool`)."""
    found = shutil.which(name) if path is None else (str(path) if path.exists() else None)
    if found is None:
        missing_tool(name, install)
    return found


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """End the run by naming the real programs it did not find and the tests that skipped for
    want of them, so a green run without them is not mistaken for one that checked everything."""
    skipped: dict[str, list[str]] = defaultdict(list)
    for report in terminalreporter.stats.get("skipped", []):
        if isinstance(report.longrepr, tuple):
            reason = report.longrepr[2].removeprefix("Skipped: ")
            if reason in _MISSING_TOOLS:
                skipped[reason].append(report.nodeid)
    if not skipped:
        return
    terminalreporter.section("real-consumer tools not found")
    for reason, tests in sorted(skipped.items()):
        terminalreporter.line(f"{reason}: {len(tests)} skipped")
        for test in sorted(tests):
            terminalreporter.line(f"  {test}")
    terminalreporter.line("install them (see .ci/run) to run these tests")


WORKSHOP = Path(__file__).parent / "fixtures" / "workshop"


@pytest.fixture
def demo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo project (``source/``, ``papers/``); builds dated by
    SOURCE_DATE_EPOCH."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    target = tmp_path / "project"
    for name in ("source", "papers"):
        shutil.copytree(ROOT / name, target / name)
    return target


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    """A private copy of the tiny workshop, free to edit."""
    import shutil

    target = tmp_path / "workshop"
    shutil.copytree(WORKSHOP, target)
    return target


def edit(path: Path, replacements: dict[str, str]) -> None:
    """Replace each ``old`` text of ``path`` with ``new``; fail if ``old`` is not there."""
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, f"{old!r} not in {path}"
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def awkward_volume(workshop: Path) -> tuple[Volume, Layout]:
    """The tiny workshop with awkward text in paper a, loaded and laid out (a: 12 pages, b: 1).

    Paper a's title holds markup and quote characters and a newline
    (``Calibrated <script>&"' Risk\\nScores``), and its abstract is a literal block
    (``abstract: |``), so its line breaks are kept. Paper c is non-archival, so exports list
    only a (pages 1-12) and b (page 13).
    """
    from proceedings.layout import compute_layout
    from proceedings.load import load_volume

    edit(
        workshop / "papers/a/paper.yaml",
        {
            "title: Calibrated Risk Scores for Sepsis Onset": (
                'title: "Calibrated <script>&\\"\' Risk\\nScores"'
            ),
            "abstract: >": "abstract: |",
        },
    )
    volume = load_volume(workshop)
    return volume, compute_layout(volume, {"a": 12, "b": 1})


@pytest.fixture(scope="session")
def workshop_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Camera-ready PDFs for the tiny workshop's papers, typeset once per session."""
    from proceedings.load import load_volume
    from proceedings.samplepaper import SamplePaper, render_sample_paper

    volume = load_volume(WORKSHOP)
    return {
        paper.id: render_sample_paper(SamplePaper.of(paper.info, pages=4 + number, seed=paper.id))
        for number, paper in enumerate(volume.papers)
    }


@pytest.fixture
def complete_workshop(workshop: Path, workshop_pdfs: dict[str, bytes]) -> Path:
    """A private copy of the tiny workshop with every paper's PDF in place."""
    for paper_id, pdf in workshop_pdfs.items():
        (workshop / "papers" / paper_id / "paper.pdf").write_bytes(pdf)
    return workshop


ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="rewrite the golden files under tests/golden/ instead of comparing with them",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare a generated text with ``tests/golden/<name>``; ``make regen`` rewrites them."""

    def compare(name: str, text: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--regen-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.is_file(), f"{path} is missing: run 'make regen' and review the diff"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"

    return compare


@pytest.fixture(scope="session")
def demo_volume():
    """The demo volume of the repository (source/, papers/), loaded once."""
    from proceedings.load import load_volume

    return load_volume(ROOT)


@pytest.fixture(scope="session")
def demo_layout(demo_volume):
    """The demo volume's layout, from its real PDFs."""
    from proceedings.layout import compute_layout, read_page_counts

    return compute_layout(demo_volume, read_page_counts(demo_volume))
