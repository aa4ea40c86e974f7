"""Custom Rasa components of Opas: language detection, municipality and jobseeker extraction, NLG.

Rasa imports this package when it loads the model's custom components (and the NLG), so the
measured speed-ups of `rasa_speedups` and the in-process actions are set up in every Rasa
process that runs this bot.
"""
from . import in_process_actions, rasa_speedups

rasa_speedups.apply()
in_process_actions.apply()


def preload() -> None:
    """Build the big read-only tables every Rasa worker uses, before the server forks its workers.

    Rasa loads the model in each worker, after the fork; what is built here first is inherited
    instead, and its pages stay shared between the workers: lingua's language models (255 MB)
    and the gazetteer of place names (docs/performance.md).
    """
    from placenames.gazetteer import default_gazetteer

    from .language import _detector, vocabulary

    _detector()
    vocabulary()
    default_gazetteer()
