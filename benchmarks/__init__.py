"""Measurements that print tables, each run from the root with ``python -m benchmarks.<name>``."""
