"""The build's worker processes (:mod:`proceedings.processes`): forked from one server, yet each
in the caller's environment and folder as it is when the pool starts, and their time counted."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from proceedings.processes import server_cpu_seconds, worker_pool


def _where() -> tuple[str | None, str]:
    return os.environ.get("PROCEEDINGS_TEST_MARK"), os.getcwd()


def _spin(seconds: float) -> float:
    """Busy for ``seconds`` of CPU time."""
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass
    return time.process_time() - start


def test_a_worker_has_the_callers_environment_and_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a worker sees the environment and folder its caller has when the
    pool starts, not those the server had when it started (a build's bytes depend on
    ``SOURCE_DATE_EPOCH``)."""
    with worker_pool(1) as pool:  # the server runs from here on
        assert pool.submit(_where).result() == (None, os.getcwd())
    monkeypatch.setenv("PROCEEDINGS_TEST_MARK", "second")
    monkeypatch.chdir(tmp_path)
    with worker_pool(1) as pool:
        assert pool.submit(_where).result() == ("second", str(tmp_path))


def test_the_workers_time_is_counted() -> None:
    """This test ensures that the CPU time of the server's workers is read while the server
    runs (--timings), and that a process's whole time, as its parent waits for it (time -v,
    make bench), has it too once the process exited."""
    before = server_cpu_seconds()
    with worker_pool(1) as pool:
        spent = pool.submit(_spin, 0.5).result()
    deadline = time.monotonic() + 10
    while server_cpu_seconds() - before < spent * 0.9 and time.monotonic() < deadline:
        time.sleep(0.05)  # the server counts a worker once it has reaped it
    assert server_cpu_seconds() - before >= spent * 0.9
    script = textwrap.dedent(
        """
        from test_processes import _spin
        from proceedings.processes import worker_pool

        if __name__ == "__main__":
            with worker_pool(1) as pool:
                pool.submit(_spin, 0.5).result()
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    child = subprocess.Popen([sys.executable, "-c", script], env=env)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)  # waited for here, not by Popen
    assert child.returncode == 0
    assert usage.ru_utime + usage.ru_stime >= 0.5
