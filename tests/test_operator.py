"""An operator's mistakes at start-up: each is one line naming the setting, exit 2, nothing written."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.config import ConfigError, load_settings
from tests.test_subprocess import bot_env

pytestmark = pytest.mark.process  # each starts `python -m bot`


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot"], env=bot_env(tmp_path, **env), cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, input="")


def written(tmp_path: Path) -> list[str]:
    return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("setting, value, says", [
    ("LOG_LEVEL", "VERBOSE", "LOG_LEVEL='VERBOSE' is not a log level"),
    ("REMINDER_INTERVAL", "nan", "REMINDER_INTERVAL='nan' is out of range"),
    ("REMINDER_INTERVAL", "0", "REMINDER_INTERVAL='0' is out of range: it must be more than 0"),
    ("REMINDER_GRACE_DAYS", "1e309", "REMINDER_GRACE_DAYS='1e309' is out of range"),
    ("REMINDER_GRACE_DAYS", "99999999", "REMINDER_GRACE_DAYS='99999999' is out of range"),
    ("BOT_SEND_RATE", "0", "BOT_SEND_RATE='0' is out of range: it must be more than 0"),
    ("REMINDER_BACKOFF", "-inf", "REMINDER_BACKOFF='-inf' is out of range"),
    ("WEBHOOK_PORT", "99999", "WEBHOOK_PORT='99999' is out of range"),
])
def test_a_setting_that_cannot_work_is_one_line_exit_2_and_nothing_written(tmp_path, setting, value, says):
    done = start(tmp_path, **{setting: value})
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and lines[0].startswith(f"error: {says}")
    assert written(tmp_path) == []


@pytest.mark.parametrize("path", ["/proc/bot.db", "/sys/kernel/img-rad-bot/bot.db", "/etc/hostname/bot.db"])
def test_a_database_path_that_cannot_be_written_is_one_line(tmp_path, path):
    """Root can write almost anywhere, so these are places nobody can: /proc, /sys, under a file."""
    done = start(tmp_path, BOT_DB_PATH=path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and f"cannot use the database {path}" in done.stderr
    assert written(tmp_path) == []


@pytest.mark.parametrize("how", ["symlink", "hard link"])
def test_a_second_instance_through_another_name_for_the_same_database_is_refused(tmp_path, how):
    from bot.runtime import StartupError, single_instance

    assert start(tmp_path).returncode == 0  # creates the database (and the key)
    db = tmp_path / "db" / "bot.db"
    other = tmp_path / "elsewhere" / "same.db"
    other.parent.mkdir()
    other.symlink_to(db) if how == "symlink" else os.link(db, other)
    first = single_instance(db)
    try:
        done = start(tmp_path, BOT_DB_PATH=str(other))
        assert done.returncode == 2 and "another instance" in done.stderr and "Traceback" not in done.stderr
        with pytest.raises(StartupError):
            single_instance(other)
    finally:
        first.close()


@pytest.mark.parametrize("key, db", [
    ("db/keys/k", "db/bot.db"),  # the key file in a folder inside the database's folder
    ("srv/k", "srv/data/bot.db"),  # the database in a folder inside the key file's folder
    ("db/k", "db/bot.db"),  # the same folder
])
def test_a_key_file_near_the_database_is_refused_before_anything_is_written(tmp_path, key, db):
    done = start(tmp_path, BOT_KEY_FILE=str(tmp_path / key), BOT_DB_PATH=str(tmp_path / db))
    assert done.returncode == 2 and "keep them in separate folders" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert written(tmp_path) == []


def test_a_key_file_others_can_read_is_warned_about(tmp_path):
    key = tmp_path / "keys" / "k"
    key.parent.mkdir()
    key.write_bytes(Fernet.generate_key())
    key.chmod(0o644)
    done = start(tmp_path)
    assert done.returncode == 0
    assert f"The key file {key} can be read by other users (mode 644); make it private: chmod 600 {key}" \
        in done.stderr
    assert stat.S_IMODE(key.stat().st_mode) == 0o644  # said, not changed behind the operator's back


def test_the_settings_refuse_what_cannot_work_in_process():
    for env in ({"LOG_LEVEL": "VERBOSE"}, {"REMINDER_INTERVAL": "nan"}, {"BOT_SEND_RATE": "0"},
                {"REMINDER_GRACE_DAYS": "1e309"}, {"CONSOLE_USER_ID": "1.5"}):
        with pytest.raises(ConfigError, match=next(iter(env))):
            load_settings(env)
    assert load_settings({"LOG_LEVEL": "warn"}).log_level == "WARNING"
