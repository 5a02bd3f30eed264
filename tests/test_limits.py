"""Bounded work: hostile files stop with one message, under a memory and a time limit.

Each case runs the real command (or the real reader) in a child process limited to 1.5 GB of
address space and 60 seconds, so a case that regressed fails as a kill or a timeout instead of
taking the test run down with it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from proceedings.errors import ProceedingsError
from proceedings.limits import current_limits

MEMORY = 1_500_000_000
SECONDS = 60


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``args`` after ``python``, bounded; never a traceback, a kill or a hang."""
    result = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=_limit_memory,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), (result.returncode, result.stderr)
    return result


def _proceedings(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = _run(["-m", "proceedings", *map(str, args)], env)
    return result.returncode, result.stdout + result.stderr


def _python(code: str, env: dict[str, str] | None = None) -> str:
    """What ``code`` prints in a bounded child process."""
    result = _run(["-c", textwrap.dedent(code)], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _zip_of_zeros(path: Path, name: str, size: int) -> Path:
    chunk = bytes(1 << 24)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        for _ in range(size // len(chunk)):
            member.write(chunk)
    return path


def _inspect(path: Path, env: dict[str, str] | None = None) -> str:
    return _python(
        f"""
        from pathlib import Path
        from proceedings.pdfinfo import inspect_pdf
        print(inspect_pdf(Path({str(path)!r})).error)
        """,
        env,
    )


# --- archives -------------------------------------------------------------------------------


def test_zip_bomb_member(tmp_path: Path) -> None:
    """This test ensures that a 1 GiB member in a 1 MB ZIP stops the import before unpacking."""
    archive = _zip_of_zeros(tmp_path / "camera.zip", "paper1.pdf", 1 << 30)
    assert archive.stat().st_size < 2_000_000
    code, output = _proceedings("import", "easychair", archive, "--into", tmp_path / "out")
    assert code == 1
    assert output == (
        f"error: {archive}: the ZIP member 'paper1.pdf' unpacks to more than 200 MB, the most "
        "one file may hold; nothing was imported (set PROCEEDINGS_MAX_MEMBER_MB to allow more)\n"
    )
    assert not (tmp_path / "out").exists()


def test_zip_compression_ratio(tmp_path: Path) -> None:
    """This test ensures that a member far more compressed than any real file is refused."""
    archive = _zip_of_zeros(tmp_path / "camera.zip", "paper1.pdf", 32 << 20)
    code, output = _proceedings("import", "easychair", archive, "--into", tmp_path / "out")
    assert code == 1
    assert "the ZIP member 'paper1.pdf' unpacks to more than 100 times its compressed size" in (
        output
    )
    assert "set PROCEEDINGS_MAX_RATIO to allow more" in output


def test_zip_total_unpacked(tmp_path: Path) -> None:
    """This test ensures that the total unpacked size is bounded and settable."""
    archive = tmp_path / "camera.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in ("1.pdf", "2.pdf"):
            zf.writestr(name, os.urandom(700_000))
    env = {"PROCEEDINGS_MAX_UNPACKED_MB": "1"}
    code, output = _proceedings("import", "easychair", archive, "--into", tmp_path / "o", env=env)
    assert code == 1
    assert output == (
        f"error: {archive}: the ZIP unpacks to 1.4 MB, more than the 1.0 MB an import unpacks; "
        "nothing was imported (set PROCEEDINGS_MAX_UNPACKED_MB to allow more)\n"
    )


@pytest.mark.parametrize("fmt", ["easychair", "ceur"])
def test_fifo_as_archive(tmp_path: Path, fmt: str) -> None:
    """This test ensures that a FIFO given as the export is refused, not opened (which hangs)."""
    fifo = tmp_path / "export.zip"
    os.mkfifo(fifo)
    code, output = _proceedings("import", fmt, fifo, "--into", tmp_path / "out")
    assert code == 1
    assert output == (
        f"error: {fifo}: is a named pipe (FIFO), not a regular file; only files are read\n"
    )


# --- PDFs -----------------------------------------------------------------------------------


def test_pdf_device(tmp_path: Path) -> None:
    """This test ensures that a paper.pdf linked to /dev/zero is refused, not read for ever."""
    link = tmp_path / "paper.pdf"
    link.symlink_to("/dev/zero")
    assert _inspect(link) == "is a device, not a regular file; only files are read"


def test_pdf_fifo(tmp_path: Path) -> None:
    """This test ensures that a paper.pdf that is a FIFO is refused without waiting."""
    fifo = tmp_path / "paper.pdf"
    os.mkfifo(fifo)
    assert _inspect(fifo) == "is a named pipe (FIFO), not a regular file; only files are read"


def test_pdf_fifo_check(workshop: Path) -> None:
    """This test ensures that check with a FIFO for a paper's PDF ends, with a message."""
    os.mkfifo(workshop / "papers/a/paper.pdf")
    code, output = _proceedings("-C", workshop, "check")
    assert code == 1
    assert output.startswith("papers/a/paper.yaml:1: error: pdf: ")


def test_pdf_size(tmp_path: Path) -> None:
    """This test ensures that a PDF over the size limit is not read, and that it is settable."""
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(2_500_000))
    assert _inspect(pdf, {"PROCEEDINGS_MAX_PDF_MB": "2"}) == (
        "is 2.5 MB, more than the 2.0 MB a PDF may have (set PROCEEDINGS_MAX_PDF_MB to allow more)"
    )


# --- YAML and JSON --------------------------------------------------------------------------


def test_yaml_alias_bomb(workshop: Path) -> None:
    """This test ensures that a billion-laughs paper.yaml stops check with one located error."""
    lines = ["lol0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)]
    with (workshop / "papers/a/paper.yaml").open("a", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    code, output = _proceedings("-C", workshop, "check")
    assert code == 1
    first = output.splitlines()[0]
    assert first.startswith("papers/a/paper.yaml:25: error: lol4[")
    assert first.endswith(
        ": aliases (*name) repeat more than 100000 values. Write the values out, or use fewer "
        "aliases (or set PROCEEDINGS_MAX_YAML_ALIASES to allow more). [yaml.unreadable]"
    )


@pytest.mark.parametrize(
    ("deep", "line"),
    [
        ("[" * 100_000 + "]" * 100_000, 21),
        ("\n  " + "- " * 100_000 + "x", 22),
        ("{a: " * 500 + "1" + "}" * 500, 21),
    ],
    ids=["flow", "block", "mapping"],
)
def test_yaml_nesting(workshop: Path, deep: str, line: int) -> None:
    """This test ensures that YAML nested 100,000 deep gives one error, not a RecursionError."""
    with (workshop / "papers/a/paper.yaml").open("a", encoding="utf-8") as file:
        file.write(f"deep: {deep}\n")
    code, output = _proceedings("-C", workshop, "check")
    assert code == 1
    assert output.splitlines()[0] == (
        f"papers/a/paper.yaml:{line}: error: values nested more than 100 deep. Nest the values "
        "less (or set PROCEEDINGS_MAX_DEPTH to allow more). [yaml.unreadable]"
    )


def test_yaml_fifo(tmp_path: Path) -> None:
    """This test ensures that a YAML file that is a FIFO is refused without waiting."""
    fifo = tmp_path / "paper.yaml"
    os.mkfifo(fifo)
    assert _python(
        f"""
        from pathlib import Path
        from proceedings.yamlfile import read_yaml
        doc, problems = read_yaml(Path({str(fifo)!r}), "papers/a/paper.yaml")
        print(doc, [p.format() for p in problems])
        """
    ) == (
        "None ['papers/a/paper.yaml: error: is a named pipe (FIFO), not a regular file; only "
        "files are read. [yaml.unreadable]']"
    )


def test_yaml_aliases_within_limit(workshop: Path) -> None:
    """This test ensures that ordinary anchors and aliases still load."""
    path = workshop / "papers/a/paper.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("affiliations: [ETH Zurich]", "affiliations: &eth [ETH Zurich]")
    path.write_text(text + "extra: [*eth, *eth]\n", encoding="utf-8")
    from proceedings.yamlfile import read_yaml

    doc, problems = read_yaml(path, "paper.yaml")
    assert problems == []
    assert doc is not None
    assert doc.data["extra"] == [["ETH Zurich"], ["ETH Zurich"]]


@pytest.mark.parametrize(
    ("text", "where"),
    [("[" * 100_000 + "]" * 100_000, ""), ('{"a": ' * 150 + "1" + "}" * 150, " (at a.a.a.a...)")],
    ids=["python-limit", "depth-limit"],
)
def test_json_nesting(tmp_path: Path, text: str, where: str) -> None:
    """This test ensures that a deeply nested JSON export gives one message, no traceback."""
    notes = tmp_path / "notes.json"
    notes.write_text(text, encoding="utf-8")
    code, output = _proceedings("import", "openreview", notes, "--into", tmp_path / "out")
    assert code == 1
    assert output.startswith(
        f"error: {notes}: nests values more than 100 deep{where}; set PROCEEDINGS_MAX_DEPTH to "
        "allow more; export the notes"
    )


# --- settings -------------------------------------------------------------------------------


def test_limits_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that each limit is read from its variable, and a bad value is named."""
    monkeypatch.setenv("PROCEEDINGS_MAX_PDF_MB", "5")
    monkeypatch.setenv("PROCEEDINGS_MAX_YAML_ALIASES", "1_000")
    limits = current_limits()
    assert (limits.pdf_bytes, limits.yaml_aliases, limits.ratio) == (5_000_000, 1000, 100)
    monkeypatch.setenv("PROCEEDINGS_MAX_RATIO", "lots")
    with pytest.raises(ProceedingsError) as caught:
        current_limits()
    assert caught.value.format_message() == (
        "PROCEEDINGS_MAX_RATIO='lots' is not a positive whole number"
    )


# --- what imports read ----------------------------------------------------------------------


def test_pmlr_front_matter_alias_bomb(tmp_path: Path) -> None:
    """This test ensures that a PMLR repository whose post carries a billion-laughs front
    matter stops the import with one message naming the post, bounded in memory and time."""
    repo = tmp_path / "v999"
    (repo / "_posts").mkdir(parents=True)
    (repo / "_config.yml").write_text("title: A volume\nvolume: 999\n", encoding="utf-8")
    lines = ["lol0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)]
    post = repo / "_posts" / "2023-12-10-paper23a.md"
    post.write_text("---\ntitle: A paper\n" + "\n".join(lines) + "\n---\n", encoding="utf-8")
    code, output = _proceedings("import", "pmlr", repo, "--into", tmp_path / "project")
    assert code == 1
    assert str(post) in output
    assert "aliases (*name) repeat more than 100000 values" in output
    assert not (tmp_path / "project").exists()


def test_export_over_the_size_limit(tmp_path: Path) -> None:
    """This test ensures that an exported table over its limit is refused before it is read,
    with the variable that raises the limit."""
    table = tmp_path / "accepted.csv"
    table.write_bytes(b"title,authors\n" + b"A paper,Ada Lovelace\n" * 150_000)
    code, output = _proceedings(
        "import",
        "csv",
        table,
        "--into",
        tmp_path / "project",
        env={"PROCEEDINGS_MAX_EXPORT_MB": "2"},
    )
    assert code == 1
    assert (
        "is 3.2 MB, more than the 2.0 MB an exported file may have "
        "(set PROCEEDINGS_MAX_EXPORT_MB to allow more)"
    ) in output
