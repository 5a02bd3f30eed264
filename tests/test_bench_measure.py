"""The benches' measuring of a command (tools/bench_measure.py): what make bench reports."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from bench_measure import run_command

_STAGES = """\
import sys
held = bytearray(64 * 2**20)
held[::4096] = b"1" * len(held[::4096])
print("timing: check wall 1.50 s, cpu 1.25 s, peak 9000 MiB", file=sys.stderr)
print("note: not a timing", file=sys.stderr)
print("timing: total wall 2.00 s, cpu 1.75 s, peak 9000 MiB", file=sys.stderr)
"""


def test_a_command_is_measured_with_its_stages(tmp_path: Path) -> None:
    """This test ensures that a command's own peak memory comes from wait4 (a process that
    holds 64 MiB shows them, not the bench's size), that its --timings lines are read as its
    stages, other lines ignored, and that a stage's higher peak wins: resetting the peak for
    each stage hides the earlier ones from ru_maxrss."""
    run = run_command([sys.executable, "-c", _STAGES], tmp_path)
    assert list(run.stages) == ["check", "total"]
    assert run.stages["check"].wall == 1.5
    assert run.whole.peak == 9000
    plain = run_command([sys.executable, "-c", _STAGES.replace("9000", "1")], tmp_path)
    assert 64 < plain.whole.peak < 200
    assert plain.whole.wall > 0
    assert plain.whole.cpu > 0


def test_a_failing_command_stops_the_bench_with_its_message(tmp_path: Path) -> None:
    """This test ensures that a command that fails stops the bench with its exit status and
    the end of its error output, not with figures of a run that did not happen."""
    failing = [sys.executable, "-c", "import sys; sys.exit('no volume here')"]
    with pytest.raises(SystemExit, match=r"failed \(1\): no volume here"):
        run_command(failing, tmp_path)
