"""OS errors a user can fix (a full, read-only or forbidden disk, a file in a folder's place)
end a command with one line naming the path and what to do; any other is a bug's traceback."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from proceedings.cli import main
from proceedings.errors import ProceedingsError


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def export(runner: CliRunner, project: Path, target: Path) -> Any:
    """Run ``export bibtex -o target`` on ``project``."""
    return runner.invoke(main, ["-C", str(project), "export", "bibtex", "-o", str(target)])


def test_a_file_in_the_way_of_the_output_folder(runner: CliRunner, complete_workshop: Path) -> None:
    """This test ensures that an output path under a file (ENOTDIR) or a file where the output
    folder goes (EEXIST) is one line naming the path, exit code 1."""
    blocker = complete_workshop / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    result = export(runner, complete_workshop, blocker / "sub" / "volume.bib")
    assert result.exit_code == 1
    assert result.output == (
        f"error: {blocker / 'sub'}: a part of this path is a file, not a folder; "
        "choose another path\n"
    )
    result = export(runner, complete_workshop, blocker / "volume.bib")
    assert result.exit_code == 1
    assert result.output == (
        f"error: {blocker}: a file stands where a folder is needed; "
        "move it or choose another path\n"
    )


def test_a_full_disk(
    runner: CliRunner, complete_workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a disk that fills up while an output is written (the error names
    no file) gives one line naming the output, and leaves no temporary file behind."""

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = complete_workshop / "out" / "volume.bib"
    result = export(runner, complete_workshop, target)
    assert result.exit_code == 1
    assert result.output == (
        f"error: {target}: no space left on device; free some space and try again\n"
    )
    assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            errno.EROFS,
            "read-only file system; use another folder or make this one writable",
        ),
        (errno.EACCES, "permission denied; give yourself access to it or use another folder"),
        (errno.EDQUOT, "disk quota exceeded; free some space and try again"),
    ],
)
def test_a_read_only_or_forbidden_folder(
    runner: CliRunner,
    complete_workshop: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    message: str,
) -> None:
    """This test ensures that an output folder that cannot be written (tests run as root, so
    the error is raised where the temporary file is made) names the output, not the temporary
    file."""

    def refused(*args: Any, dir: str, prefix: str, suffix: str) -> tuple[int, str]:
        raise OSError(code, os.strerror(code), os.path.join(dir, f"{prefix}x{suffix}"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    target = complete_workshop / "volume.bib"
    result = export(runner, complete_workshop, target)
    assert result.exit_code == 1
    assert result.output == f"error: {target}: {message}\n"
    assert "Traceback" not in result.output


def test_the_pdf_volume_on_a_full_disk(
    runner: CliRunner, complete_workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that ``pdf`` on a full disk names the volume's file, exit code 1."""
    real = os.replace

    def full(src: str, dst: str | Path) -> None:
        if str(dst).endswith(".pdf"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), src, dst)
        real(src, dst)

    monkeypatch.setattr(os, "replace", full)
    out = complete_workshop / "_build"
    result = runner.invoke(main, ["-C", str(complete_workshop), "pdf", "-o", str(out)])
    assert result.exit_code == 1
    assert result.output == (
        f"error: {out / 'pdf' / 'twct2025.pdf'}: no space left on device; "
        "free some space and try again\n"
    )


def test_other_os_errors_keep_their_traceback(
    runner: CliRunner, complete_workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that an OS error a user cannot fix (a bad file descriptor: a bug) is
    not dressed up as a message."""

    def bad(fd: int) -> None:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    monkeypatch.setattr(os, "fsync", bad)
    result = export(runner, complete_workshop, complete_workshop / "volume.bib")
    assert result.exit_code == 1
    assert isinstance(result.exception, OSError)
    assert not isinstance(result.exception, ProceedingsError)
    assert result.exception.errno == errno.EBADF
