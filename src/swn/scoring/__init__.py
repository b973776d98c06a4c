"""Scoring extractors against the gold: the span matcher, counts, metrics, predictions, bootstrap."""
