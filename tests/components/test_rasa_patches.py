"""Rasa is patched only when asked, once, and only the release line the patches were written for."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from components import rasa_patches

REPO = Path(__file__).resolve().parents[2]
BOT = REPO / "bot"
PROBE = """
import components, components.nlg, components.language, components.municipalities, components.turn_speedups
from rasa.core.actions.action import RemoteAction
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.utils.endpoints import EndpointConfig
print(RemoteAction._validate_action_result.__module__, EndpointConfig.request.__module__,
      DaskGraphRunner.run.__module__)
"""


def test_importing_the_components_patches_nothing():
    # A fresh interpreter: in this one another test may already have applied the patches.
    # As Rasa runs: from bot/, with the repository on the path (the actions, the locales).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=BOT, capture_output=True, text=True,
                            check=True, timeout=120, env=env)
    assert result.stdout.split() == ["rasa.core.actions.action", "rasa.utils.endpoints", "rasa.engine.runner.dask"]


def test_another_rasa_release_line_is_refused():
    with pytest.raises(rasa_patches.UnsupportedRasaVersion, match=r"Rasa 3\.7\.0"):
        rasa_patches.apply("3.7.0")


def test_applying_twice_patches_once():
    from rasa.utils.endpoints import EndpointConfig

    rasa_patches.apply()
    patched = EndpointConfig.request
    rasa_patches.apply()
    assert EndpointConfig.request is patched and patched.__module__ == "components.in_process_actions"
    assert rasa_patches.applied()
