"""Export formats: one module per format, each a pair of pure functions (to and from the format)."""
