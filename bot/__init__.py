"""Adapters: the Telegram application, the terminal console, the command line."""
