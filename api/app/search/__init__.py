"""Full-text search of the programme content (BM25), per language."""
