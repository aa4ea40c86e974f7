"""Answers: which statements answer a newcomer's message, chosen per statement (docs/answer-selection.md)."""
