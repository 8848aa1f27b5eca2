"""The repository's command-line tools, each run from the root with ``python -m tools.<name>``."""
