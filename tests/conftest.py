"""Fixtures shared by every test suite; suite-specific ones live in each suite's conftest.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import machine_limits

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root folder."""
    return REPO_ROOT


def skips_fail() -> bool:
    """On CI (CI=true) every service a test needs is there (PostgreSQL, Redis, Debian's chromium):
    a test that skips would hide a broken set-up, so it fails instead."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and skips_fail() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if machine_limits.is_machine_limit(reason):
            return  # what this kind of machine cannot have, proven again (tests/machine_limits.py)
        report.outcome = "failed"
        report.longrepr = f"skipped on CI, where nothing may skip: {reason}"
