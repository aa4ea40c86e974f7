"""Programme content: sources, topics, municipalities, providers and answers."""
