"""The per-language word lists the bot reads messages with (`bot/lexicon/<lang>.yml`), read once.

The one reader of those files: the NLU components (`bot/components/lexicon.py`: jobseeker status,
language requests, short words) and the booking actions (`actions/booking/words.py`: the
`booking:` section) both take their lists from here, in the Rasa process and in the tests alike
(the repository root is on PYTHONPATH). docs/intents.md describes the lists.

    read_lexicons()["fi"]["booking"]["stop"]   # ["lopeta", "lopetetaan", ...]
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

LEXICON_DIR = Path(__file__).resolve().parent.parent / "bot" / "lexicon"


@functools.cache
def read_lexicons() -> dict[str, dict[str, Any]]:
    """Every lexicon as written, by language code (the file name), loaded once per process."""
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for path in sorted(LEXICON_DIR.glob("*.yml"))
    }
