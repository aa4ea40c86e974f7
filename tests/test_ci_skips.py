"""On CI (CI=true) a skipped test fails the run: the services every test needs are there."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_probe(tmp_path: Path, ci: str) -> subprocess.CompletedProcess:
    probe = tmp_path / "test_probe.py"
    probe.write_text("import pytest\n\ndef test_needs_a_service():\n    pytest.skip('the service is down')\n")
    env = {**os.environ, "CI": ci}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(REPO),
                           "-c", str(REPO / "pyproject.toml"), "--confcutdir", str(REPO / "tests"),
                           "-p", "tests.conftest", str(probe)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def test_a_skip_fails_on_ci(tmp_path: Path) -> None:
    result = run_probe(tmp_path, "true")
    assert result.returncode == 1 and "skipped on CI, where nothing may skip: " in result.stdout


def test_a_skip_is_a_skip_elsewhere(tmp_path: Path) -> None:
    result = run_probe(tmp_path, "")
    assert result.returncode == 0 and "1 skipped" in result.stdout
