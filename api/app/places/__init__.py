"""Municipalities: the list, and resolving a place name in any language or script to its id."""
