"""Curated content (YAML under data/), its validating loaders, and the pure advisor logic.

``knowledge.base.load_knowledge()`` returns the whole typed ``KnowledgeBase``.
Imports none of the project's other packages.
"""
