"""Timing a run's stages (``--timings``): the lines users read and the bench parses."""

from __future__ import annotations

import time

import pytest

from proceedings.timings import Stopwatch, Timing, reset_peak


def test_a_timing_line_reads_back() -> None:
    """This test ensures that the line a stage prints is stable and parses back to the same
    figures (to their printed precision), and that any other line is not taken for one."""
    timing = Timing("pdf", 9.414, 14.021, 731.4)
    assert timing.format() == "timing: pdf wall 9.41 s, cpu 14.02 s, peak 731 MiB"
    assert Timing.parse(timing.format() + "\n") == Timing("pdf", 9.41, 14.02, 731.0)
    assert Timing.parse("wrote _build/pdf/tml2026.pdf") is None
    assert Timing.parse("timing: pdf wall 9.41 s") is None


def test_a_stopwatch_without_report_measures_nothing() -> None:
    """This test ensures that a run not asked for timings reports nothing (and reads no
    /proc file: its stopwatch has nothing to compare with)."""
    stopwatch = Stopwatch(None)
    stopwatch.lap("check")
    stopwatch.total()


def test_laps_follow_one_another_from_the_process_start() -> None:
    """This test ensures that the first lap counts from the process's start (so start-up is
    included), that each later lap counts from the one before, and that the total covers them
    all with the highest peak."""
    seen: list[Timing] = []
    stopwatch = Stopwatch(seen.append)
    stopwatch.lap("start-up")
    time.sleep(0.05)
    stopwatch.lap("check")
    stopwatch.total()
    assert [t.stage for t in seen] == ["start-up", "check", "total"]
    start_up, check, total = seen
    assert start_up.wall > 0.05  # at least the interpreter and pytest's start
    assert start_up.cpu > 0
    assert 0.05 <= check.wall < start_up.wall
    assert total.wall >= start_up.wall + check.wall
    assert total.peak == max(start_up.peak, check.peak) > 0


def test_each_stage_has_its_own_peak() -> None:
    """This test ensures that a stage's peak memory is its own: a stage that holds 200 MiB
    for a while shows it, and the next stage, the memory let go, does not."""
    if not reset_peak():
        pytest.skip("the kernel does not let this process reset its peak memory")
    seen: list[Timing] = []
    stopwatch = Stopwatch(seen.append)
    stopwatch.lap("before")
    held = bytearray(200 * 2**20)
    held[::4096] = b"\1" * len(held[::4096])  # touch every page, so it is resident
    del held
    stopwatch.lap("large")
    stopwatch.lap("after")
    stopwatch.total()
    before, large, after, total = seen
    assert large.peak >= before.peak + 190
    assert after.peak < large.peak - 150
    assert total.peak == large.peak
