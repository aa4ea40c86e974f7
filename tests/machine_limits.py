"""What a machine of this project's kind cannot have, so that a test needing it may skip even on CI
(where tests/conftest.py otherwise turns every skip into a failure).

Each limit is a reason string and the check that proves it, run again when the skip is judged: a
test that skips with the reason on a machine that does have the thing fails like any other skip.
Add a limit only for something this kind of machine cannot have, never for a service CI runs
(PostgreSQL, Redis, Debian's chromium and nginx are installed there, and the tests use them).

- No Docker engine: the sessions run in containers that have the Docker client but no engine
  (no daemon, no socket, and no privileges to start one); CI's machine is of the same kind. The
  compose file and the Dockerfiles are still checked by reading them (tests/deploy/test_compose.py);
  building and starting the images is tests/deploy/test_docker_stack.py, wherever an engine is.
"""
from __future__ import annotations

import shutil
import subprocess

NO_DOCKER_ENGINE = "machine limit: no Docker engine answers `docker info` (only the client, if any, is installed)"


def docker_engine_missing() -> bool:
    if shutil.which("docker") is None:
        return True
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode != 0
    except (OSError, subprocess.TimeoutExpired):
        return True


#: reason → the check that must still hold for a skip with that reason to pass on CI.
LIMITS = {NO_DOCKER_ENGINE: docker_engine_missing}


def is_machine_limit(reason: str) -> bool:
    """The skip's reason names a limit (exactly, after pytest's "Skipped: " prefix) that holds here."""
    reason = reason.removeprefix("Skipped: ")
    check = LIMITS.get(reason)
    return check is not None and check()
