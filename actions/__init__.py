"""Opas action server: thin glue between the Rasa dialogue and the API (one module per feature)."""
