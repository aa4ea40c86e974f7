"""Custom Rasa components of Opas: language detection, municipality and jobseeker extraction, NLG.

Rasa imports this package when it loads the model's custom components (and the NLG), so the
measured speed-ups of `rasa_speedups` and the in-process actions are set up in every Rasa
process that runs this bot.
"""
from __future__ import annotations

from . import in_process_actions, rasa_speedups

rasa_speedups.apply()
in_process_actions.apply()


def preload(actions_module: str | None = None) -> None:
    """Build what every Rasa worker uses, once, before the server forks its workers.

    Rasa loads the model in each worker, after the fork; what is built here first is inherited
    instead, its pages stay shared between the workers, and no worker's first turn waits for it:
    lingua's language models (255 MB), the gazetteer of place names, and the custom actions
    (docs/performance.md).
    """
    from placenames.gazetteer import default_gazetteer

    from .language import _detector, vocabulary

    _detector()
    vocabulary()
    default_gazetteer()
    if actions_module:
        in_process_actions.executor(actions_module)
