"""Benchmarks (make bench, make load)."""
