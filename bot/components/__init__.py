"""Custom Rasa components of Opas: language detection, municipality and jobseeker extraction, NLG.

Importing this package changes nothing in Rasa: the patches that the bot needs
(`components.rasa_patches`) are applied explicitly, once, by the launcher (`bot/rasa_cli.py`)
before Rasa starts, and by the tests that exercise them.
"""
from __future__ import annotations


def preload(actions_module: str | None = None) -> None:
    """Build what every Rasa worker uses, once, before the server forks its workers.

    Rasa loads the model in each worker, after the fork; what is built here first is inherited
    instead, its pages stay shared between the workers, and no worker's first turn waits for it:
    lingua's language models (255 MB), the gazetteer of place names, the compiled catalogs, the
    compiled schemas of action replies and the custom actions (docs/performance.md).
    """
    from locales.render import preload as preload_texts
    from placenames.gazetteer import default_gazetteer

    from . import in_process_actions
    from .language import _detector, vocabulary
    from .rasa_speedups import compile_reply_validators

    _detector()
    vocabulary()
    compile_reply_validators()
    default_gazetteer()
    preload_texts()
    if actions_module:
        in_process_actions.executor(actions_module)
