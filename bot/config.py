"""Settings from the environment (and `.env`), read at start-up, never at import."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from storage.crypto import default_key_file

DEFAULT_BASE_URL = "https://api.telegram.org/bot"


@dataclass(frozen=True)
class Settings:
    token: str | None
    base_url: str
    db_path: Path
    data_key: str | None
    key_file: Path
    webhook_url: str | None
    webhook_listen: str
    webhook_port: int
    webhook_secret: str | None
    log_level: str
    console_user: int
    reminder_interval: float = 60.0
    reminder_grace_days: float = 3.0
    send_rate: float = 25.0
    reminder_backoff: float = 30.0
    rate_limit: bool = True

    def __repr__(self) -> str:  # never print the token or the key
        return f"Settings(db_path={self.db_path!s}, base_url={self.base_url!r}, webhook={bool(self.webhook_url)})"


def load_env_file(path: Path = Path(".env")) -> None:
    """Read `.env` into the environment without overriding variables already set."""
    if path.exists():
        from dotenv import load_dotenv

        load_dotenv(path, override=False)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    return Settings(
        token=env.get("TELEGRAM_BOT_TOKEN") or None,
        base_url=env.get("BOT_API_BASE_URL") or DEFAULT_BASE_URL,
        db_path=Path(env.get("BOT_DB_PATH") or "data/bot.db"),
        data_key=env.get("BOT_DATA_KEY") or None,
        key_file=Path(env.get("BOT_KEY_FILE") or default_key_file()),
        webhook_url=env.get("WEBHOOK_URL") or None,
        webhook_listen=env.get("WEBHOOK_LISTEN") or "0.0.0.0",
        webhook_port=int(env.get("WEBHOOK_PORT") or 8443),
        webhook_secret=env.get("WEBHOOK_SECRET") or None,
        log_level=(env.get("LOG_LEVEL") or "INFO").upper(),
        console_user=int(env.get("CONSOLE_USER_ID") or 1),
        reminder_interval=float(env.get("REMINDER_INTERVAL") or 60),
        reminder_grace_days=float(env.get("REMINDER_GRACE_DAYS") or 3),
        send_rate=float(env.get("BOT_SEND_RATE") or 25),
        reminder_backoff=float(env.get("REMINDER_BACKOFF") or 30),
        rate_limit=(env.get("BOT_RATE_LIMIT") or "1").strip().lower() not in ("0", "false", "no", "off"),
    )
