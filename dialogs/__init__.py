"""Conversation flows, independent of Telegram: an Input goes in, Replies come out.

Uses ``knowledge``; never ``telegram``, ``storage`` or ``bot``.
"""

from dialogs.reply import Button, Input, Outcome, Reply

__all__ = ["Button", "Input", "Outcome", "Reply"]
