"""Opas texts that are not programme content, in every supported language.

Pure Python (stdlib + Babel + PyYAML) so that both the API (Python 3.11) and the bot's fallback
NLG (Rasa, Python 3.10) import the same code: ``from locales.render import render``.
"""
