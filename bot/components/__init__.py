"""Custom Rasa components of Opas: language detection, municipality and jobseeker extraction, NLG.

Rasa imports this package when it loads the model's custom components (and the NLG), so the
measured speed-up of `rasa_speedups` is applied in every Rasa process that runs this bot.
"""
from . import rasa_speedups

rasa_speedups.apply()
