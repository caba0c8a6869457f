"""Settings from the environment (and `.env`), read at start-up, never at import."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from storage.crypto import default_key_file

DEFAULT_BASE_URL = "https://api.telegram.org/bot"


class ConfigError(ValueError):
    """A setting that cannot work; the message names the variable."""


def default_db_path() -> Path:
    """An absolute default, so starting from another folder never opens a new, empty database."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "img-rad-bot" / "bot.db"


def _number(env: Mapping[str, str], name: str, default: float, kind: type = float,
            low: float = 0, high: float = 10**9, above_low: bool = False) -> Any:
    """A numeric setting: a finite number from ``low`` (or above it) to ``high``; ConfigError otherwise."""
    raw = env.get(name)
    if not raw:
        return kind(default)
    try:
        value = kind(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw[:40]!r} is not a{'' if kind is float else ' whole'} number") from None
    if not math.isfinite(value) or value < low or (above_low and value == low) or value > high:
        bound = f"more than {low:g}" if above_low else f"at least {low:g}"
        raise ConfigError(f"{name}={raw[:40]!r} is out of range: it must be {bound} and at most {high:g}")
    return value


#: The levels LOG_LEVEL may name.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


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
    knowledge_dir: Path | None = None  # None: the knowledge base shipped in knowledge/data

    def __repr__(self) -> str:  # never print the token or the key
        return f"Settings(db_path={self.db_path!s}, base_url={self.base_url!r}, webhook={bool(self.webhook_url)})"


def load_env_file(path: Path = Path(".env")) -> None:
    """Read `.env` into the environment without overriding variables already set."""
    if path.exists():
        from dotenv import load_dotenv

        load_dotenv(path, override=False)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """The settings, checked: a setting that cannot work raises ConfigError naming it."""
    env = os.environ if env is None else env
    settings = _read(env)
    if settings.webhook_url and not settings.webhook_secret:
        raise ConfigError("WEBHOOK_URL is set but WEBHOOK_SECRET is not: anyone who finds the address could post "
                          "forged updates. Set WEBHOOK_SECRET (1-256 characters: A-Z, a-z, 0-9, _ and -).")
    if settings.webhook_url and not settings.webhook_url.startswith("https://"):
        raise ConfigError("WEBHOOK_URL must start with https:// (Telegram sends webhooks over HTTPS only)")
    return settings


def _log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level == "WARN":
        return "WARNING"
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL={raw[:40]!r} is not a log level: use one of {', '.join(LOG_LEVELS)}")
    return level


def _read(env: Mapping[str, str]) -> Settings:
    return Settings(
        token=env.get("TELEGRAM_BOT_TOKEN") or None,
        base_url=env.get("BOT_API_BASE_URL") or DEFAULT_BASE_URL,
        db_path=Path(env.get("BOT_DB_PATH") or default_db_path()).expanduser().absolute(),
        data_key=env.get("BOT_DATA_KEY") or None,
        key_file=Path(env.get("BOT_KEY_FILE") or default_key_file()),
        webhook_url=env.get("WEBHOOK_URL") or None,
        webhook_listen=env.get("WEBHOOK_LISTEN") or "0.0.0.0",
        webhook_port=_number(env, "WEBHOOK_PORT", 8443, int, low=1, high=65_535),
        webhook_secret=env.get("WEBHOOK_SECRET") or None,
        log_level=_log_level(env.get("LOG_LEVEL") or "INFO"),
        console_user=_number(env, "CONSOLE_USER_ID", 1, int, low=-(2**53), high=2**53),
        reminder_interval=_number(env, "REMINDER_INTERVAL", 60, low=0, high=86_400, above_low=True),
        reminder_grace_days=_number(env, "REMINDER_GRACE_DAYS", 3, high=366),
        send_rate=_number(env, "BOT_SEND_RATE", 25, low=0, high=1000, above_low=True),
        reminder_backoff=_number(env, "REMINDER_BACKOFF", 30, high=86_400),
        rate_limit=(env.get("BOT_RATE_LIMIT") or "1").strip().lower() not in ("0", "false", "no", "off"),
        knowledge_dir=Path(env["BOT_KNOWLEDGE_DIR"]).expanduser().absolute() if env.get("BOT_KNOWLEDGE_DIR") else None,
    )
