"""Where the bot finds its own files, wherever Rasa is started from.

The shared packages `placenames/` and `locales/` are imported from the repository root, which
must be on PYTHONPATH (scripts/env.sh and the Dockerfiles set it).
"""
from __future__ import annotations

from pathlib import Path

BOT_DIR = Path(__file__).resolve().parents[1]
NLU_DIR = BOT_DIR / "data" / "nlu"
