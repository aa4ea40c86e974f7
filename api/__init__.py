"""Opas API: programme content, routing, search and the bot's NLG, behind a service token."""
