"""Whole builds: a build killed anywhere leaves the previous build or the new one, complete.

Each kill test runs ``proceedings build`` in a child process that kills itself (SIGKILL: no
handler, no cleanup, as the OOM killer or a power cut would) at one point of the build: after a
stage, inside the PDF or the site stage, while the staging copy is made, between the two renames
of a swap. The build folder must then be byte for byte the previous build (or, once the swap is
done, the new one), and the next build must equal a clean build of the same inputs.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import edit

import proceedings.build
from proceedings.buildpaths import MARKER, BuildPaths, staged, unshare
from proceedings.cli import main
from proceedings.errors import ProceedingsError
from proceedings.exports import readback
from proceedings.pdf import frontmatter, verify
from proceedings.site import build as site_build

EPOCH = {"SOURCE_DATE_EPOCH": "1750000000"}
TITLE = "Calibrated Risk Scores for Sepsis Onset"
NEW_TITLE = "Recalibrated Risk Scores for Sepsis Onset"

# The child patches one function to SIGKILL the process at its n-th call (before or after the
# real call), before proceedings' modules bind the names, then runs the command line.
DRIVER = r"""
import importlib, os, signal, sys
project, target, when, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
owner_name, _, attr = target.rpartition(".")
try:
    owner = importlib.import_module(owner_name)
except ImportError:  # a class attribute: module.Class.method
    module_name, _, class_name = owner_name.rpartition(".")
    owner = getattr(importlib.import_module(module_name), class_name)
real = getattr(owner, attr)
calls = [0]

def killing(*args, **kwargs):
    calls[0] += 1
    if when == "before" and calls[0] == count:
        os.kill(os.getpid(), signal.SIGKILL)
    result = real(*args, **kwargs)
    if when == "after" and calls[0] == count:
        os.kill(os.getpid(), signal.SIGKILL)
    return result

setattr(owner, attr, killing)
if os.environ.get("SITE_BESIDE"):  # the site built in its own process beside the PDFs
    import proceedings.site.build as site_build
    site_build.BESIDE_FROM = 0
    real_begin = site_build.SiteBeside.begin.__func__

    def begin(cls, papers):
        site = real_begin(cls, papers)
        with open(os.environ["SITE_BESIDE"], "w") as log:  # the pid the test waits to end
            log.write(str(site._process.pid))
        return site

    site_build.SiteBeside.begin = classmethod(begin)
if len(sys.argv) > 5:  # no atomic exchange: the swap's two-rename fallback
    import proceedings.buildpaths as buildpaths
    buildpaths._RENAME_EXCHANGE = 1 << 30
from proceedings.cli import main
main(["-C", project, "build"])
"""

# (where, before/after, which call, whether the new build is in place after the kill)
KILLS = {
    "after the exports": ("proceedings.exports.write_exports", "after", 1, False),
    "after the PDF stage": ("proceedings.pdf.write_pdfs", "after", 1, False),
    "after the site stage": ("proceedings.site.build_site", "after", 1, False),
    "inside the PDF stage": ("proceedings.pdf.stamped.StampedPaper.stamp", "before", 1, False),
    "inside the site stage": (
        "sphinx.builders.html.StandaloneHTMLBuilder.handle_page",
        "before",
        3,
        False,
    ),
    "while copying the last build": ("os.link", "before", 5, False),
    "after the swap": ("proceedings.buildpaths._swap", "after", 1, True),
}


def snapshot(folder: Path, *, outputs_only: bool = False) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path but the cache, which the checks before the
    staging write to; with ``outputs_only``, without Sphinx's environment either (its pickles
    record times, so equal builds differ there)."""
    files = {}
    skip = (".cache", "doctrees") if outputs_only else (".cache",)
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] in skip:
            continue
        if path.is_file():
            files[relative.as_posix()] = path.read_bytes()
    return files


def cli_build(project: Path) -> None:
    result = CliRunner().invoke(main, ["-C", str(project), "build"], env=EPOCH)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def references(
    tmp_path_factory: pytest.TempPathFactory, workshop_pdfs: dict[str, bytes]
) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """The workshop built once (the previous build), and the outputs of a clean build with
    paper a retitled (what the next build must make)."""
    from conftest import WORKSHOP

    base = tmp_path_factory.mktemp("whole") / "project"
    shutil.copytree(WORKSHOP, base)
    for paper_id, pdf in workshop_pdfs.items():
        (base / "papers" / paper_id / "paper.pdf").write_bytes(pdf)
    cli_build(base)
    previous = snapshot(base / "_build")
    clean = tmp_path_factory.mktemp("clean") / "project"
    shutil.copytree(base, clean, ignore=shutil.ignore_patterns("_build"))
    edit(clean / "papers" / "a" / "paper.yaml", {TITLE: NEW_TITLE})
    cli_build(clean)
    return base, previous, snapshot(clean / "_build", outputs_only=True)


# Every point with Linux's atomic exchange; the swap's points with the two-rename fallback too.
CASES = [
    *[pytest.param(point, False, id=point) for point in KILLS],
    *[
        pytest.param(point, True, id=f"{point}, two renames")
        for point in ("after the site stage", "after the swap")
    ],
]


@pytest.mark.parametrize(("point", "fallback"), CASES)
def test_a_killed_build_leaves_a_whole_build(
    references: tuple[Path, dict[str, bytes], dict[str, bytes]],
    tmp_path: Path,
    point: str,
    fallback: bool,
) -> None:
    """This test ensures that a build killed at ``point`` leaves the previous build untouched
    (or the new one, once swapped in), with no staging folder left once the next build has run,
    and that the next build is byte-identical to a clean one."""
    base, previous, clean = references
    project = tmp_path / "project"
    shutil.copytree(base, project, symlinks=True)
    edit(project / "papers" / "a" / "paper.yaml", {TITLE: NEW_TITLE})
    target, when, count, swapped = KILLS[point]
    command = [sys.executable, "-c", DRIVER, str(project), target, when, str(count)]
    if fallback:
        command.append("fallback")
    child = subprocess.run(
        command, env={**os.environ, **EPOCH}, capture_output=True, text=True, timeout=300
    )
    assert child.returncode == -9, child.stdout + child.stderr  # killed where we meant
    after = snapshot(project / "_build", outputs_only=swapped)
    if swapped:
        assert after == clean
    else:
        assert after == previous
    cli_build(project)
    assert snapshot(project / "_build", outputs_only=True) == clean
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == []


def test_a_build_killed_leaves_no_site_process_behind(
    references: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    """This test ensures that when a build whose site is made beside its PDFs (in a process of
    its own) is killed once the PDFs are made, the site's process ends with it: it writes
    nothing more into the staging folder, which the next build clears (the PDFs are the
    tiny workshop's, made before the site's process is even ready). And the next build is a
    clean one."""
    base, previous, clean = references
    project = tmp_path / "project"
    shutil.copytree(base, project, symlinks=True)
    edit(project / "papers" / "a" / "paper.yaml", {TITLE: NEW_TITLE})
    log = tmp_path / "site-pid"
    target = "proceedings.site.build.SiteBeside.pdfs_written"
    command = [sys.executable, "-c", DRIVER, str(project), target, "before", "1"]
    env = {**os.environ, **EPOCH, "SITE_BESIDE": str(log)}
    child = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert child.returncode == -9, child.stdout + child.stderr
    left = snapshot(project)
    pid = int(log.read_text(encoding="utf-8"))
    deadline = time.monotonic() + 20
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(pid)
    assert snapshot(project) == left  # the staging folder, as the kill left it
    assert snapshot(project / "_build") == previous
    cli_build(project)
    assert snapshot(project / "_build", outputs_only=True) == clean


LINGER = """
import os, sys, time
from proceedings.site.build import _end_with_parent
_end_with_parent(int(sys.argv[1]))
with open(sys.argv[2], "w") as ready:
    ready.write(str(os.getpid()))
time.sleep(120)
"""


def test_the_site_process_ends_with_the_build_process(tmp_path: Path) -> None:
    """This test ensures that the site's process, once it asked the kernel to (Linux), is
    ended with the build's process even while it is busy and not waiting for the build: a
    build killed outright leaves no site writing into its staging folder."""
    ready = tmp_path / "ready"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, subprocess, sys, time\n"
            "subprocess.Popen([sys.executable, '-c', sys.argv[1], str(os.getpid()), sys.argv[2]])\n"
            "time.sleep(120)\n",
            LINGER,
            str(ready),
        ]
    )
    deadline = time.monotonic() + 60
    while not ready.is_file() or not ready.read_text(encoding="ascii"):
        assert time.monotonic() < deadline
        assert parent.poll() is None
        time.sleep(0.05)
    site = int(ready.read_text(encoding="ascii"))
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while _running(site) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(site)


def _running(pid: int) -> bool:
    """Whether process ``pid`` runs (an ended one left unreaped counts as ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def test_the_two_renames_are_completed_after_a_kill_between_them(
    references: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    """This test ensures that a build killed between the fallback swap's two renames (the
    previous build moved aside, the new one not yet in place) leaves the previous build where
    the next build finds and restores it."""
    base, previous, clean = references
    project = tmp_path / "project"
    shutil.copytree(base, project, symlinks=True)
    edit(project / "papers" / "a" / "paper.yaml", {TITLE: NEW_TITLE})
    command = [sys.executable, "-c", DRIVER, str(project), "pathlib.Path.rename", "after", "1"]
    child = subprocess.run(
        [*command, "fallback"], env={**os.environ, **EPOCH}, capture_output=True, timeout=300
    )
    assert child.returncode == -9
    assert not (project / "_build").exists()
    assert snapshot(project / "._build.previous") == previous
    cli_build(project)
    assert snapshot(project / "_build", outputs_only=True) == clean
    assert not (project / "._build.previous").exists()


@pytest.fixture(params=["after the PDFs", "beside, begun at the check", "beside, begun late"])
def site_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """How the build makes the tiny workshop's site: after the PDFs (as for a small volume),
    or beside them in a process of its own, begun while the volume is checked or (as for a
    large volume) once the per-paper PDFs are made."""
    mode: str = request.param
    if mode != "after the PDFs":
        monkeypatch.setattr(site_build, "BESIDE_FROM", 0)
    if mode == "beside, begun late":
        monkeypatch.setattr(site_build, "LATE_FROM", 0)
    return mode


def test_a_failing_stage_leaves_the_previous_build(
    references: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path, site_mode: str
) -> None:
    """This test ensures that a stage that fails (here the site, on a Sphinx warning) leaves
    the previous build's files as they were, and keeps the cache the failed build filled;
    whether the site was built after the PDFs or beside them, in its own process, whose
    error comes back as the same message."""
    base, previous, _ = references
    project = tmp_path / "project"
    shutil.copytree(base, project, symlinks=True)
    edit(project / "papers" / "a" / "paper.yaml", {TITLE: NEW_TITLE})
    (project / "source" / "broken.md").write_text("# Broken\n\n{ref}`nowhere`\n", "utf-8")
    result = CliRunner().invoke(main, ["-C", str(project), "build"], env=EPOCH)
    assert result.exit_code == 1
    assert result.output.startswith("error: the site has 1 warning(s), which would be broken")
    assert "nowhere" in result.output
    assert "staging" not in result.output
    assert snapshot(project / "_build") == previous


def test_an_unreadable_page_stops_the_build_before_its_pdfs(
    references: tuple[Path, dict[str, bytes], dict[str, bytes]],
    tmp_path: Path,
    site_mode: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """This test ensures that a page of ``source/`` that the site cannot read (Latin-1, and
    listed nowhere, so check does not read it) stops the build before its PDFs are made,
    with its message, also when the site's data is made in the site's own process."""
    base, previous, _ = references
    project = tmp_path / "project"
    shutil.copytree(base, project, symlinks=True)
    (project / "source" / "notes.md").write_bytes("# Notes\n\nCaf\u00e9\n".encode("latin-1"))
    made: list[object] = []
    monkeypatch.setattr(proceedings.build, "write_pdfs", lambda *args, **kw: made.append(args))
    result = CliRunner().invoke(main, ["-C", str(project), "build"], env=EPOCH)
    assert result.exit_code == 1
    assert "source/notes.md" in result.output
    assert "UTF-8" in result.output
    assert made == []
    assert snapshot(project / "_build") == previous


def test_a_site_built_beside_the_pdfs_is_the_site_built_after_them(
    references: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path, site_mode: str
) -> None:
    """This test ensures that a build that makes its site beside the PDFs, in a process of its
    own, makes the same files, byte for byte, as one that makes it after them (``clean``, a
    clean build of the tiny workshop, is one): the same pages, with the stamped PDFs' sizes,
    and the same PDFs published. Both as a clean build and as a rebuild whose per-paper PDFs
    are partly kept from the last build; whether the process starts while the volume is
    checked or (a large volume) once the PDFs are made."""
    base, _, clean = references
    project = tmp_path / "project"
    shutil.copytree(base, project, ignore=shutil.ignore_patterns("_build"))
    edit(project / "papers" / "a" / "paper.yaml", {TITLE: NEW_TITLE})
    cli_build(project)
    assert snapshot(project / "_build", outputs_only=True) == clean
    again = tmp_path / "again"
    shutil.copytree(base, again, symlinks=True)
    edit(again / "papers" / "a" / "paper.yaml", {TITLE: NEW_TITLE})
    cli_build(again)
    assert snapshot(again / "_build", outputs_only=True) == clean
    assert not multiprocessing.active_children()


def test_a_large_volume_typesets_its_front_matter_first_to_the_same_build(
    references: tuple[Path, dict[str, bytes], dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """This test ensures that the pages around the papers typeset in processes of their own as
    the PDF stage begins (as a large volume's are; here any) give the build a build that
    typesets them after the papers gives."""
    base, _, clean = references
    monkeypatch.setattr(frontmatter, "ALONE_FROM", 0)
    project = tmp_path / "project"
    shutil.copytree(base, project, ignore=shutil.ignore_patterns("_build"))
    edit(project / "papers" / "a" / "paper.yaml", {TITLE: NEW_TITLE})
    cli_build(project)
    assert snapshot(project / "_build", outputs_only=True) == clean


@pytest.mark.parametrize("stage", ["check", "pdf", "exports"])
def test_a_failing_stage_ends_the_site_process_begun_for_it(
    references: tuple[Path, dict[str, bytes], dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stage: str,
) -> None:
    """This test ensures that the site's process, begun as soon as the volume is loaded, is
    ended when the check, the PDF stage or the exports (written in a thread beside the PDF
    stage) then stop the build, before the staging folder it writes into is removed: no
    staging folder is left, and the previous build stays as it was."""
    base, previous, _ = references
    monkeypatch.setattr(site_build, "BESIDE_FROM", 0)
    project = tmp_path / "project"
    shutil.copytree(base, project, symlinks=True)
    if stage == "check":
        edit(project / "papers" / "a" / "paper.yaml", {TITLE: ""})
        said = "title"
    elif stage == "pdf":
        edit(project / "papers" / "a" / "paper.yaml", {TITLE: NEW_TITLE})
        said = "page 3: not the page the layout says"
        monkeypatch.setattr(verify, "verify", lambda *args: [said])
    else:
        edit(project / "papers" / "a" / "paper.yaml", {TITLE: NEW_TITLE})
        said = "a.bib: pages 3-5, not 3-6"
        monkeypatch.setattr(readback, "check_exports", lambda *args: [said])
    result = CliRunner().invoke(main, ["-C", str(project), "build"], env=EPOCH)
    assert result.exit_code == 1
    assert said in result.output
    assert not multiprocessing.active_children()
    assert sorted(p.name for p in project.iterdir()) == ["_build", "papers", "source"]
    assert snapshot(project / "_build") == previous


def _says_nothing(*args: object) -> None:
    """A site process that ends before a word (as one does that cannot start)."""


def test_a_site_process_that_cannot_start_leaves_the_site_to_the_build(
    references: tuple[Path, dict[str, bytes], dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """This test ensures that when the site's own process ends without starting (a script
    that starts a build without ``if __name__ == "__main__"``), the build makes the site
    itself after the PDFs, the same site."""
    base, _, clean = references
    monkeypatch.setattr(site_build, "BESIDE_FROM", 0)
    monkeypatch.setattr(site_build, "_build_beside", _says_nothing)
    project = tmp_path / "project"
    shutil.copytree(base, project, ignore=shutil.ignore_patterns("_build"))
    edit(project / "papers" / "a" / "paper.yaml", {TITLE: NEW_TITLE})
    cli_build(project)
    assert snapshot(project / "_build", outputs_only=True) == clean


def test_a_folder_that_is_not_a_build_is_not_replaced(tmp_path: Path) -> None:
    """This test ensures that ``-o`` naming a folder of other files (say ~/Documents) is
    refused before anything is built, and the folder is left as it was."""
    project = tmp_path / "project"
    project.mkdir()
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("dear organizers", encoding="utf-8")
    with (
        pytest.raises(ProceedingsError, match="is not a build folder of proceedings"),
        staged(BuildPaths.of(project, documents)),
    ):
        pytest.fail("the block must not run")
    assert sorted(p.name for p in documents.iterdir()) == ["letter.txt"]


@pytest.mark.parametrize("out", [".", "source", "papers/a", ".."])
def test_a_build_folder_over_the_inputs_is_refused(tmp_path: Path, out: str) -> None:
    """This test ensures that a build folder holding the project or inside its inputs is
    refused: replacing it whole would replace the project."""
    project = tmp_path / "project"
    project.mkdir()
    with pytest.raises(ProceedingsError, match="holds or is inside the project's input"):
        BuildPaths.of(project, project / out)


def test_a_build_folder_of_an_older_version_is_taken_over(tmp_path: Path) -> None:
    """This test ensures that a build folder made before builds were staged (no marker, only
    the folders a build makes) is used, and gets the marker."""
    out = tmp_path / "_build"
    (out / "html").mkdir(parents=True)
    (out / "layout.json").write_text("{}", encoding="utf-8")
    with staged(BuildPaths(out)) as stage:
        (stage.root / "layout.json").write_text('{"new": 1}', encoding="utf-8")
    assert (out / MARKER).is_file()
    assert (out / "layout.json").read_text(encoding="utf-8") == '{"new": 1}'


def test_staging_shares_our_files_and_copies_sphinx_files(tmp_path: Path) -> None:
    """This test ensures that the staging copy links every file of the previous build (cheap),
    and that before Sphinx runs the site stage copies those Sphinx writes in place (its pages
    and environment, not the PDFs), so writing them cannot change the previous build."""
    out = tmp_path / "_build"
    names = (
        "pdf/v.pdf",
        "pdf/papers/a.pdf",
        "html/index.html",
        "html/papers/a/v-a.pdf",  # published by the site as a link to the pdf stage's
        "html/_downloads/0/form.pdf",  # copied by Sphinx, in place
        "doctrees/env.pickle",
    )
    for name in names:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        if name == "html/papers/a/v-a.pdf":
            os.link(out / "pdf/papers/a.pdf", out / name)
        else:
            (out / name).write_text(name, encoding="utf-8")
    staged_links: dict[str, bool] = {}
    links: dict[str, bool] = {}

    def interrupted_build() -> None:
        with staged(BuildPaths(out)) as stage:
            for name in names:
                staged_links[name] = (stage.root / name).samefile(out / name)
            unshare(stage)
            for name in names:
                links[name] = (stage.root / name).samefile(out / name)
            for name in ("html/index.html", "html/_downloads/0/form.pdf", "doctrees/env.pickle"):
                with (stage.root / name).open("w", encoding="utf-8") as rewritten:
                    rewritten.write("rewritten in place")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted_build()
    assert all(staged_links.values()), staged_links
    assert links == {
        "pdf/v.pdf": True,
        "pdf/papers/a.pdf": True,
        "html/index.html": False,
        "html/papers/a/v-a.pdf": True,
        "html/_downloads/0/form.pdf": False,
        "doctrees/env.pickle": False,
    }
    for name in names:
        written = "pdf/papers/a.pdf" if name == "html/papers/a/v-a.pdf" else name
        assert (out / name).read_text(encoding="utf-8") == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_build"]
