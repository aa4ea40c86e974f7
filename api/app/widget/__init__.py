"""The embeddable web chat widget: its static files, its texts per language and a demo page."""
