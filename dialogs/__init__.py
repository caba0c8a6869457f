"""Conversation flows, independent of Telegram: an Input goes in, an Outcome (replies, effects) comes out.

Uses ``knowledge``; never ``telegram``, ``storage`` or ``bot``.
"""
