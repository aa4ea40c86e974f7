"""Where the bot finds the project's shared files, wherever Rasa is started from."""
from __future__ import annotations

import sys
from pathlib import Path

BOT_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = BOT_DIR.parent
LEXICON_DIR = BOT_DIR / "lexicon"
NLU_DIR = BOT_DIR / "data" / "nlu"

# placenames/ and locales/ are shared with the API: make them importable however Rasa was started.
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))
