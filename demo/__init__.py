"""Synthetic agency sources for the demo, benchmarks and tests: each agency in its own native shape."""
