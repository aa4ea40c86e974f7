"""The web chat gateway: widget sessions forwarded to the bot (later also to a live advisor)."""
