"""A skip for what this kind of machine cannot have passes on CI only while the limit holds."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests import machine_limits

REPO = Path(__file__).resolve().parent.parent


def run_probe(tmp_path: Path, reason: str, docker: str | None) -> subprocess.CompletedProcess:
    """A test that skips with `reason`, run with CI=true; `docker` is the body of a fake `docker`
    command on PATH (None: no docker command at all)."""
    probe = tmp_path / "test_probe.py"
    probe.write_text(f"import pytest\n\ndef test_needs_docker():\n    pytest.skip({reason!r})\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if docker is not None:
        (bin_dir / "docker").write_text(f"#!/bin/sh\n{docker}\n")
        (bin_dir / "docker").chmod(0o755)
    env = {**os.environ, "CI": "true", "PATH": f"{bin_dir}:/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(REPO),
                           "-c", str(REPO / "pyproject.toml"), "--confcutdir", str(REPO / "tests"),
                           "-p", "tests.conftest", str(probe)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def test_no_docker_engine_may_skip_on_ci_where_none_answers(tmp_path):
    result = run_probe(tmp_path, machine_limits.NO_DOCKER_ENGINE, "exit 1")  # the client, no engine
    assert result.returncode == 0 and "1 skipped" in result.stdout


def test_the_same_skip_fails_where_an_engine_answers(tmp_path):
    result = run_probe(tmp_path, machine_limits.NO_DOCKER_ENGINE, "exit 0")
    assert result.returncode == 1 and "skipped on CI, where nothing may skip" in result.stdout


def test_another_reason_still_fails(tmp_path):
    result = run_probe(tmp_path, machine_limits.NO_DOCKER_ENGINE + " (or anything else)", None)
    assert result.returncode == 1
