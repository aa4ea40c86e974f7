"""Opas custom actions: thin glue between the Rasa dialogue and the API (one module per feature).

Rasa runs them in its own process (bot/components/in_process_actions.py)."""
