"""Benchmarks behind ``fulcrum bench``: each prints figures and ends with one JSON line."""
