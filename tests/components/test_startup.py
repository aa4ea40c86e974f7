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
