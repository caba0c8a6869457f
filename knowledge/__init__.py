"""Curated content (YAML under data/), its validating loader, and the pure advisor logic.

Imports none of the project's other packages.
"""
