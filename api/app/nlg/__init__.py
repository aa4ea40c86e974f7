"""Rasa's NLG endpoint: response name + language + arguments → text and buttons."""
