"""What the Rasa server does before it forks its workers (bot/rasa_cli.py, components.preload)."""
from __future__ import annotations

import ast
from pathlib import Path

import components
from components import language

from placenames import gazetteer

RASA_CLI = Path(__file__).resolve().parents[2] / "bot" / "rasa_cli.py"


def test_preload_builds_the_shared_tables_once():
    language._detector.cache_clear()
    gazetteer._cached.cache_clear()
    components.preload()
    assert language._detector.cache_info().currsize == 1
    assert gazetteer._cached.cache_info().currsize == 1
    components.preload()  # a second call builds nothing new
    assert language._detector.cache_info().hits >= 1


def test_the_launcher_imports_skops_before_rasa():
    imports = [node for node in ast.parse(RASA_CLI.read_text()).body
               if isinstance(node, (ast.Import, ast.ImportFrom))]
    modules = [n.names[0].name if isinstance(n, ast.Import) else n.module for n in imports]
    assert modules.index("skops.io") < modules.index("rasa.__main__")


def test_the_launcher_finds_the_actions_package_of_the_endpoints_file(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("rasa_cli", RASA_CLI)
    launcher = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launcher)  # the module's body only defines; main() runs under __main__
    argv = ["rasa_cli.py", "run", "--model", "m", "--endpoints", "endpoints.redis.yml", "-p", "5005"]
    assert launcher.option(argv, "--endpoints", "endpoints.yml") == "endpoints.redis.yml"
    assert launcher.option(["run", "--endpoints=e.yml"], "--endpoints", "x") == "e.yml"
    assert launcher.option(["run"], "--endpoints", "endpoints.yml") == "endpoints.yml"
    bot = RASA_CLI.parent
    for name in ("endpoints.yml", "endpoints.redis.yml"):
        assert launcher.actions_module(str(bot / name)) == "actions"
    remote = tmp_path / "remote.yml"
    remote.write_text("action_endpoint:\n  url: http://actions:5055/webhook\n")
    assert launcher.actions_module(str(remote)) is None
    assert launcher.actions_module(str(tmp_path / "missing.yml")) is None
