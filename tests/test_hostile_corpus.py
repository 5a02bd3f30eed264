"""The hostile corpus of issue 14 (tests/fixtures/hostile_corpus.yaml) through every command.

Each case is one hostile project (or import input). It runs through ``check``, ``build``,
``serve``'s rebuild (:func:`proceedings.site.serve.rebuild`, what the serve loop calls after a
change) and, for an import input, ``import``, in-process, and each must:

* end with the exit code and the lines the case expects (problem code, file, field), never a
  traceback;
* read nothing outside the project: a secret file and folder lie beside the project, and an
  audit hook (``sys.addaudithook``) records every ``open``, ``os.listdir`` and ``os.scandir``
  whose path, links resolved, is under them (or is ``/etc/passwd``); the secret's marker must
  appear in no output file and no message;
* publish no script: every page of the site a command made is parsed with html5lib, as a
  browser parses it, and searched for a script that is not the site's own, an event-handler
  attribute, a ``javascript:``/``data:`` URL, or a control character.

The cases marked ``bounded`` (bombs, FIFOs, devices) also run as ``python -m proceedings`` (and
serve's rebuild) in a child process limited to 1.5 GB of address space and 60 seconds, with the
same audit hook installed in the child: each ends with its message and exit code, never a
traceback, a kill or a hang.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
import textwrap
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import html5lib
import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import WORKSHOP
from pdfbuild import text_pdf

from proceedings.build import site_builder
from proceedings.buildpaths import BuildPaths
from proceedings.cli import main
from proceedings.site.serve import rebuild

CORPUS = Path(__file__).parent / "fixtures" / "hostile_corpus.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["cases"]
MARKER = "SECRET-MARKER-5c1e9a"
PASSWD = "/etc/passwd"

BIG = {
    "DEEP_FLOW": "[" * 100_000 + "]" * 100_000,
    "DEEP_BLOCK": "- " * 100_000 + "x",
    "DEEP_JSON": "[" * 100_000 + "]" * 100_000,
}

# --- the audit hook: what was opened under the secret location -----------------------------

_WATCHED: list[str] = []
_READ: list[str] = []
_IN_HOOK = threading.local()
_EVENTS = {"open", "os.listdir", "os.scandir", "shutil.copyfile", "shutil.copytree"}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _WATCHED or event not in _EVENTS or getattr(_IN_HOOK, "on", False):
        return
    _IN_HOOK.on = True
    try:
        path = args[0] if args else None
        if path is None or isinstance(path, int):
            return
        real = os.path.realpath(os.fsdecode(path))
        if any(real == w or real.startswith(w + os.sep) for w in _WATCHED):
            _READ.append(f"{event} {os.fsdecode(path)}")
    except Exception:  # a hook must never break the operation it watches
        pass
    finally:
        _IN_HOOK.on = False


sys.addaudithook(_audit)


@contextmanager
def watching(*paths: Path | str) -> Iterator[list[str]]:
    """Record every open or listing under ``paths`` (links resolved) while the block runs."""
    _READ.clear()
    _WATCHED[:] = [os.path.realpath(p) for p in paths]
    try:
        yield _READ
    finally:
        _WATCHED.clear()


# The same hook for a child process: it prints what it saw read on stderr.
CHILD_HOOK = textwrap.dedent(
    """
    import os, runpy, sys
    WATCHED = [os.path.realpath(p) for p in sys.argv[1].split(os.pathsep)]
    EVENTS = {"open", "os.listdir", "os.scandir", "shutil.copyfile"}
    def audit(event, args):
        if event not in EVENTS or not args or args[0] is None or isinstance(args[0], int):
            return
        try:
            real = os.path.realpath(os.fsdecode(args[0]))
        except Exception:
            return
        if any(real == w or real.startswith(w + os.sep) for w in WATCHED):
            os.write(2, f"READ-OUTSIDE {event} {real}\\n".encode())
    sys.addaudithook(audit)
    if sys.argv[2] == "serve-rebuild":  # what serve's loop runs after a change
        from pathlib import Path
        from proceedings.site.serve import rebuild
        root = Path(sys.argv[3])
        from proceedings.build import site_builder
        from proceedings.buildpaths import BuildPaths

        sys.exit(0 if rebuild(site_builder(root, BuildPaths.of(root)), print) else 1)
    sys.argv = ["proceedings", *sys.argv[2:]]
    runpy.run_module("proceedings", run_name="__main__", alter_sys=True)
    """
)

MEMORY = 1_500_000_000
SECONDS = 60


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


# --- the HTML5 scan ---------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "background"}
ACTIVE = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
SCHEMES = ("javascript:", "data:", "vbscript:")
OWN_SRC = re.compile(r"^(\.\./)*(_static/[\w./-]+|searchindex\.js)(\?v=[0-9a-f]+)?$")
"""Sphinx's and the theme's own scripts: files of the site itself, named relative to the page."""
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def page_scripts(markup: bytes) -> list[str]:
    """The text of each inline script of a page (a site's own are those of the clean site)."""
    tree = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)
    return [
        (el.text or "").strip()
        for el in tree.iter()
        if isinstance(el.tag, str)
        and _local(el.tag) == "script"
        and not el.get("src")
        and el.get("type") != "application/ld+json"
    ]


def scan_page(markup: bytes, own_inline: set[str]) -> list[str]:
    """Everything on a page that could run: a foreign script, a handler, a script URL; and a
    control character."""
    found = []
    text = markup.decode("utf-8")
    if CONTROL.search(text):
        found.append(f"control character {CONTROL.search(text).group(0)!r}")  # type: ignore[union-attr]
    tree = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)
    for el in tree.iter():
        if not isinstance(el.tag, str):  # a comment
            continue
        tag = _local(el.tag)
        if tag == "script":
            src = el.get("src")
            kind = el.get("type", "")
            body = (el.text or "").strip()
            if src is not None:
                if not OWN_SRC.match(src) or body:
                    found.append(f"<script src={src!r}>")
            elif kind == "application/ld+json":
                try:
                    json.loads(body)
                except ValueError:
                    found.append(f"JSON-LD that is not JSON (broken out of?): {body[:80]!r}")
            elif body not in own_inline:
                found.append(f"<script>{body[:80]}")
        if tag in ACTIVE:
            found.append(f"<{tag}>")
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        for name, value in el.attrib.items():
            attribute = _local(name)
            if attribute.startswith("on"):
                found.append(f"<{tag} {attribute}={value!r}>")
            if attribute in URL_ATTRIBUTES:
                url = re.sub(r"[\x00-\x20]", "", value).lower()
                if url.startswith(SCHEMES):
                    found.append(f"<{tag} {attribute}={value!r}>")
    return found


def scan_site(html: Path, own_inline: set[str]) -> list[str]:
    """:func:`scan_page` of every page of a built site, each finding with its page."""
    assert (html / "index.html").is_file(), f"no site in {html}"
    return [
        f"{page.relative_to(html)}: {finding}"
        for page in sorted(html.rglob("*.html"))
        for finding in scan_page(page.read_bytes(), own_inline)
    ]


def pages(html: Path) -> dict[str, bytes]:
    return {str(p.relative_to(html)): p.read_bytes() for p in sorted(html.rglob("*.html"))}


# --- the template project, built once ---------------------------------------------------------


class Template:
    def __init__(self, root: Path, own_inline: set[str]) -> None:
        self.root = root
        self.own_inline = own_inline


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, workshop_pdfs: dict[str, bytes]) -> Template:
    """The tiny workshop with its PDFs, built once (a site for serve's rebuild to replace)."""
    root = tmp_path_factory.mktemp("template") / "project"
    shutil.copytree(WORKSHOP, root)
    for paper_id, pdf in workshop_pdfs.items():
        (root / "papers" / paper_id / "paper.pdf").write_bytes(pdf)
    result = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert result.exit_code == 0, result.output
    html = root / "_build" / "html"
    own = {s for page in html.rglob("*.html") for s in page_scripts(page.read_bytes())}
    assert scan_site(html, own) == []
    return Template(root, own)


# --- a case ----------------------------------------------------------------------------------


class Place:
    """Where a case runs: the project, the secret beside it, the import's work folder."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.project = base / "project"
        self.outside = base / "outside"
        self.work = base / "work"
        self.secret = self.outside / "secret.txt"
        self.secret_pdf = self.outside / "secret.pdf"
        self.outside.mkdir()
        (self.outside / "folder").mkdir()
        self.secret.write_text(f"{MARKER}\n", encoding="utf-8")
        self.secret_pdf.write_bytes(text_pdf([MARKER]))
        (self.outside / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + MARKER.encode())
        (self.outside / "folder" / "paper.yaml").write_text(f"title: {MARKER}\n")

    def fill(self, value: Any) -> Any:
        if isinstance(value, str):
            value = BIG.get(value, value)
            for name, path in (
                ("{SECRET}", self.secret),
                ("{SECRET_PDF}", self.secret_pdf),
                ("{SECRET_DIR}", self.outside / "folder"),
                ("{WORK}", self.work),
            ):
                value = value.replace(name, str(path))
            for name, big in BIG.items():
                value = value.replace(name, big)
            return value
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        return value


def _set(path: Path, key: str, value: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    *parents, last = [int(k) if k.isdigit() else k for k in key.split(".")]
    node = data
    for part in parents:
        node = node[part]
    node[last] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _unlink(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def apply(place: Place, steps: list[dict[str, Any]]) -> None:
    """The case's ``setup``: change the project as a hostile author would."""
    root = place.project
    for step in place.fill(steps):
        ((op, arg),) = step.items()
        if op == "set":
            _set(root / arg["file"], arg["key"], arg["value"])
        elif op == "append":
            with (root / arg["file"]).open("a", encoding="utf-8") as file:
                file.write(arg["text"])
        elif op == "replace":
            path = root / arg["file"]
            text = path.read_text(encoding="utf-8")
            assert arg["old"] in text, (arg["old"], path)
            path.write_text(text.replace(arg["old"], arg["new"]), encoding="utf-8")
        elif op == "write":
            (root / arg["file"]).write_bytes(arg["text"].encode(arg.get("encoding", "utf-8")))
        elif op == "symlink":
            _unlink(root / arg["file"])
            (root / arg["file"]).symlink_to(arg["to"])
        elif op == "fifo":
            _unlink(root / arg)
            os.mkfifo(root / arg)
        elif op == "device":
            _unlink(root / arg)
            os.mknod(root / arg, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # as /dev/zero
        elif op == "sparse":
            with (root / arg["file"]).open("wb") as file:
                file.write(b"%PDF-1.7\n")
                file.truncate(arg["mb"] * 1_000_000)
        elif op == "copy":
            shutil.copytree(root / arg["from"], root / arg["to"])
        elif op == "remove":
            _unlink(root / arg)
        else:
            raise AssertionError(f"unknown setup step {op}")


def _line_pattern(expected: dict[str, Any]) -> re.Pattern[str]:
    if "text" in expected:
        return re.compile(re.escape(expected["text"]))
    file = re.escape(expected["file"]) + r"(:\d+)?" if "file" in expected else r"\S+"
    severity = expected.get("severity", "error")
    field = re.escape(expected["field"]) + ": " if "field" in expected else ""
    return re.compile(
        rf"^{file}: {severity}: {field}.*\[{re.escape(expected['code'])}\]$", re.MULTILINE
    )


def assert_lines(output: str, expected: list[dict[str, Any]]) -> None:
    for line in expected:
        assert _line_pattern(line).search(output), f"no line like {line} in:\n{output}"


def assert_clean_end(result: Result, what: str) -> None:
    """No traceback and no exception but the exit of a command that failed as planned."""
    assert "Traceback" not in result.output, result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{what} raised {result.exception!r}") from result.exception
    assert result.exit_code in (0, 1), (what, result.exit_code, result.output)


def assert_nothing_outside(place: Place, read: list[str], outputs: list[str]) -> None:
    """Nothing under the secret location was opened; its marker is in no output."""
    assert read == [], read
    for output in outputs:
        assert MARKER not in output
        assert "root:x:0:0" not in output
    for path in place.project.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            assert MARKER.encode() not in data, path
            if "_build" in path.relative_to(place.project).parts:  # an input may hold it
                assert b"root:x:0:0" not in data, path


class Run:
    """The commands of one case, each watched; their outputs kept for the final checks."""

    def __init__(self, place: Place, template: Template, case: dict[str, Any]) -> None:
        self.place = place
        self.template = template
        self.case = place.fill(case)
        self.outputs: list[str] = []
        self.read: list[str] = []

    @contextmanager
    def watched(self) -> Iterator[None]:
        with watching(self.place.outside, PASSWD) as read:
            yield
            self.read += read

    def cli(self, *args: str) -> Result:
        with self.watched():
            result = CliRunner().invoke(main, ["-C", str(self.place.project), *args])
        self.outputs.append(result.output)
        assert_clean_end(result, " ".join(args))
        return result

    def command(self, name: str, args: list[str]) -> None:
        result = self.cli(*args)
        expected = self.case.get(name)
        if expected is not None:
            assert result.exit_code == expected["exit"], (name, result.output)
            assert_lines(result.output, expected.get("lines", []))
        if args[0] == "build" and result.exit_code == 0:
            self.scan()

    def serve(self) -> None:
        """Serve's rebuild after the change: a failure keeps the last site; a success is clean."""
        html = self.place.project / "_build" / "html"
        before = pages(html) if html.is_dir() else {}
        messages: list[str] = []
        with self.watched():
            project = self.place.project
            ok = rebuild(site_builder(project, BuildPaths.of(project)), messages.append)
        output = "\n".join(messages)
        self.outputs.append(output)
        assert "Traceback" not in output
        expected = self.case.get("serve")
        if expected is not None:
            assert ok is expected["ok"], output
            assert_lines(output, expected.get("lines", []))
        if ok:
            self.scan()
        else:
            assert output.endswith("the rebuild failed; still serving the last site built")
            assert pages(html) == before, "a failed rebuild changed the served site"

    def scan(self) -> None:
        html = self.place.project / "_build" / "html"
        assert scan_site(html, self.template.own_inline) == []
        for text in self.case.get("site_text", []):
            assert any(text.encode() in page for page in pages(html).values()), text

    def bounded(self, args: list[str], code: int) -> None:
        """``args`` in a child process under a memory and time limit, watched by the same hook."""
        watched = os.pathsep.join([str(self.place.outside), PASSWD])
        result = subprocess.run(
            [sys.executable, "-c", CHILD_HOOK, watched, *args],
            capture_output=True,
            text=True,
            timeout=SECONDS,
            preexec_fn=_limit_memory,
            env={**os.environ, **self.case.get("env", {})},
            cwd=self.place.work if self.place.work.is_dir() else self.place.base,
            check=False,
        )
        output = result.stdout + result.stderr
        assert "Traceback" not in output, output
        assert "READ-OUTSIDE" not in output, output
        assert result.returncode == code, (args, result.returncode, output)
        assert MARKER not in output


def _write_zip(path: Path, members: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            data = bytes(4_000_000) if content == "ZEROS_4MB" else content.encode()
            archive.writestr(name, data)


def run_import(run: Run, monkeypatch: pytest.MonkeyPatch) -> tuple[Result, list[str]]:
    spec = run.case["import"]
    work = run.place.work
    (work / "pdfs").mkdir(parents=True)
    for name, text in spec.get("files", {}).items():
        (work / name).write_text(text, encoding="utf-8")
    for name, title in spec.get("pdfs", {}).items():
        (work / "pdfs" / name).write_bytes(text_pdf([title]))
    for name, members in spec.get("zip", {}).items():
        _write_zip(work / name, members)
    source = next(iter(spec.get("files", {})), None) or next(iter(spec["zip"]))
    args = ["import", spec["format"], source, *spec["args"], "--into", str(run.place.project)]
    monkeypatch.chdir(work)
    with run.watched():
        result = CliRunner().invoke(main, args)
    run.outputs.append(result.output)
    assert_clean_end(result, "import")
    assert result.exit_code == spec["exit"], result.output
    assert_lines(result.output, spec.get("lines", []))
    if result.exit_code:
        assert not run.place.project.exists(), "a failed import wrote the project"
    return result, args


def case_id(case: dict[str, Any]) -> str:
    return f"{case['item']}-{case['id']}"


# myst-parser's include directive asks Sphinx for a deprecated attribute (Sphinx 9): not ours.
@pytest.mark.filterwarnings("ignore::sphinx.deprecation.RemovedInSphinx11Warning")
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_hostile_case(
    case: dict[str, Any],
    template: Template,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """This test ensures that the case's hostile input, through every command, ends with the
    expected code, file and field, no traceback, nothing read from outside the project, no
    secret in any output and no script on any page."""
    place = Place(tmp_path)
    run = Run(place, template, case)
    for name, value in run.case.get("env", {}).items():
        monkeypatch.setenv(name, value)
    child_args: list[tuple[list[str], int]] = []
    if "import" in case:
        result, args = run_import(run, monkeypatch)
        child_args.append((args, case["import"]["exit"]))
        if result.exit_code == 0:
            run.command("check", ["check"])
            run.command("build", ["build"])
            run.serve()
    else:
        if case.get("init"):
            result = CliRunner().invoke(main, ["init", str(place.project)])
            assert result.exit_code == 0, result.output
        else:
            shutil.copytree(template.root, place.project, symlinks=True)
        apply(place, case.get("setup", []))
        if "export" in case:
            monkeypatch.chdir(place.project)
            before = {p: p.read_bytes() for p in place.project.rglob("*") if p.is_file()}
            spec = run.case["export"]
            result = run.cli("export", *spec["args"])
            assert result.exit_code == spec["exit"]
            assert_lines(result.output, spec["lines"])
            assert {p: p.read_bytes() for p in place.project.rglob("*") if p.is_file()} == before
        if not case.get("init"):
            run.serve()
        run.command("check", ["check"])
        run.command("check_strict", ["check", "--strict"])
        run.command("build", ["build"])
        run.command("build_strict", ["build", "--strict"])
        child_args += [
            (["-C", str(place.project), name], case[name]["exit"])
            for name in ("build",)  # which checks first: check's reading is bounded too
            if name in case
        ]
        if "serve" in case:
            child_args.append(
                (["serve-rebuild", str(place.project)], 0 if case["serve"]["ok"] else 1)
            )
    assert_nothing_outside(place, run.read, run.outputs)
    if case.get("bounded"):
        for args, code in child_args:
            run.bounded(args, code)


# --- the instruments themselves --------------------------------------------------------------


def test_the_audit_hook_sees_reads_outside(tmp_path: Path) -> None:
    """This test ensures that the audit hook records an open of the secret, through a link
    too, and a listing of its folder, so that an empty record means nothing was read."""
    place = Place(tmp_path)
    link = tmp_path / "link.txt"
    link.symlink_to(place.secret)
    with watching(place.outside) as read:
        place.secret.read_bytes()
        link.read_text(encoding="utf-8")
        os.listdir(place.outside / "folder")
        (tmp_path / "work").mkdir()  # not watched
        list(os.scandir(tmp_path / "work"))
    assert [r.split(" ", 1)[0] for r in read] == ["open", "open", "os.listdir"]
    assert read[1] == f"open {link}"


@pytest.mark.parametrize(
    "markup",
    [
        "<p>x<script>alert(1)</script></p>",
        "<img src=x onerror=alert(1)>",
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<a href="java\tscript:alert(1)">x</a>',
        "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
        "<svg><a xlink:href='data:text/html,x'><text>x</text></a></svg>",
        "<form><button formaction=javascript:alert(1)>x</button></form>",
        "<iframe src=https://example.org></iframe>",
        "<script src=https://evil.example/x.js></script>",
        "<script src=_static/x.js>alert(1)</script>",
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>',
        "<svg><script>alert(1)</script></svg>",
        "<p>x\0y</p>",
    ],
)
def test_the_scan_finds_active_content(markup: str) -> None:
    """This test ensures that the HTML5 scan is not vacuous: each way of running script that
    the corpus must never produce is found on a page that has it."""
    page = f"<!DOCTYPE html><html><head><title>t</title></head><body>{markup}</body></html>"
    assert scan_page(page.encode(), own_inline=set()) != []


def test_the_scan_passes_the_sites_own_scripts(template: Template) -> None:
    """This test ensures that the site's own scripts (Sphinx's and the theme's files, the
    theme's inline snippet, JSON-LD) pass the scan, and that the clean site has some."""
    page = (template.root / "_build/html/papers/a/index.html").read_bytes()
    assert b"<script" in page
    assert scan_page(page, template.own_inline) == []


def test_the_served_page_after_hostile_edits(template: Template, tmp_path: Path) -> None:
    """This test ensures that the real serve loop, over HTTP, serves a page with no foreign
    script after an abstract with script in math is saved; that a preface then linked to a
    file outside is refused by the rebuild while the last site stays served; and that the
    loop opened nothing outside the project meanwhile."""
    import queue
    import time
    import urllib.request

    from conftest import edit

    from proceedings.site.serve import _RELOADER, serve

    place = Place(tmp_path)
    root = place.project
    shutil.copytree(template.root, root, symlinks=True)
    stop = threading.Event()
    started: queue.Queue[str | BaseException] = queue.Queue()
    messages: list[str] = []

    def run() -> None:
        try:
            paths = BuildPaths.of(root)
            serve(root, paths.html, site_builder(root, paths), port=0, stop=stop, interval=0.1,
                  report=messages.append, ready=started.put)  # fmt: skip
        except BaseException as error:
            started.put(error)

    def fetch(url: str) -> bytes:
        with urllib.request.urlopen(url, timeout=10) as response:
            data: bytes = response.read()
            return data

    def wait_for(condition: Any) -> None:
        deadline = time.monotonic() + 30
        while not condition():
            assert time.monotonic() < deadline, messages
            time.sleep(0.2)

    reloaders = {
        _RELOADER.format(generation=n).removeprefix("<script>").removesuffix("</script>")
        for n in range(5)
    }
    with watching(place.outside, PASSWD) as read:
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        try:
            url = started.get(timeout=120)
            assert isinstance(url, str), url
            page = url + "papers/a/"
            edit(
                root / "papers/a/paper.yaml",
                {"measured as $": "measured with $\\text{<script>alert(8)</script>}$ as $"},
            )
            # the rebuild done (Sphinx writes a page, then may patch its navigation)
            wait_for(lambda: any(m.startswith("rebuilt the site") for m in messages))
            served = fetch(page)
            assert b"&lt;script&gt;alert(8)&lt;/script&gt;" in served
            assert scan_page(served, template.own_inline | reloaders) == []
            (root / "source/preface.md").unlink()
            (root / "source/preface.md").symlink_to(place.secret)
            wait_for(lambda: "the rebuild failed" in " ".join(messages))
            assert any("[project.outside]" in m for m in messages), messages
            assert fetch(page) == served
            assert MARKER.encode() not in fetch(url + "preface.html")
        finally:
            stop.set()
            thread.join(timeout=30)
        assert not thread.is_alive()
        assert list(read) == []
    assert all("Traceback" not in m for m in messages)
