"""i18n tests render against the test data in fixtures/data (real data: test_i18n_real_data.py)."""

from pathlib import Path

import pytest

from locales import render as render_module

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"


@pytest.fixture(autouse=True)
def fixture_data():
    render_module.reload(FIXTURE_DATA)
    yield
    render_module.reload()
