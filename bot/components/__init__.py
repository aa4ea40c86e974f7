"""Custom Rasa components of Opas: language detection, municipality and jobseeker extraction, NLG.

Rasa imports this package when it loads the model's custom components (and the NLG), so the
measured speed-ups of `rasa_speedups` and the in-process actions are set up in every Rasa
process that runs this bot.
"""
from . import in_process_actions, rasa_speedups

rasa_speedups.apply()
in_process_actions.apply()
