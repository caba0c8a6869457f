"""Encryption at rest (AES-256-GCM under a Fernet-format key): answers and free text never reach the file in clear.

Telegram's bot developer terms ask for user data encrypted at rest and stored
apart from its key. The key comes from ``BOT_DATA_KEY``; without it a key file
is created on first run outside the database's folder.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import stat
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class KeyError_(RuntimeError):
    """The data key is missing, malformed, or does not open this database."""


LEGACY_VERSION = b"\x01"  # version byte, 12-byte nonce, AES-256-GCM ciphertext+tag; bound to nothing
UIDS_REMEMBERED = 4096  # users whose keyed id is kept in memory (``DataCipher.uid``)
VERSION = b"\x02"  # the same, bound (associated data) to the value's owner and place: see ``seal``


class DataCipher:
    """Seal JSON-able values with AES-256-GCM and open them again; keyed ids and tags.

    The key is a Fernet-format key (``BOT_DATA_KEY`` or the key file: 32 url-safe base64 bytes);
    the AES key, the tag key and the id key are derived from it with HKDF.

    Every sealed value is bound to where it belongs (``place``: table, column and owner, e.g.
    ``sessions.data:1234``) as AES-GCM associated data: a value copied to another user's row, or
    to another column, does not open.
    """

    def __init__(self, key: bytes | str):
        try:
            Fernet(key)  # the same key format as before: 32 url-safe base64-encoded bytes
            raw = base64.urlsafe_b64decode(key)
        except (ValueError, TypeError) as exc:
            raise KeyError_(
                "The data key is malformed: it must be 32 url-safe base64-encoded bytes "
                "(make one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())')"
            ) from exc

        def derive(info: bytes) -> bytes:
            return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(raw)

        self._gcm = AESGCM(derive(b"img-rad-bot aes-gcm v1"))
        self._tag_key = derive(b"img-rad-bot tag v1")
        self._uid_key = derive(b"img-rad-bot uid v1")
        self._uids: dict[int, int] = {}  # ``uid``'s answers, remembered (every turn asks twice for its user's)

    def tag(self, text: str) -> str:
        """A keyed, stable tag for ``text``: equal for equal texts, meaningless without the key."""
        return hmac.new(self._tag_key, text.encode(), hashlib.sha256).hexdigest()[:24]

    def uid(self, chat_id: int) -> int:
        """The key a user's rows are stored under: a keyed hash of the chat id (a signed 64-bit integer),
        so the file never holds the id itself, not even in the pages of its indexes."""
        uid = self._uids.get(chat_id)
        if uid is None:
            digest = hmac.new(self._uid_key, str(chat_id).encode(), hashlib.sha256).digest()
            uid = int.from_bytes(digest[:8], "big", signed=True)
            if len(self._uids) >= UIDS_REMEMBERED:
                self._uids.clear()  # (bounded: a bot with more users than this works them out again)
            self._uids[chat_id] = uid
        return uid

    def seal(self, value: Any, place: str) -> bytes:
        """``value`` as JSON, encrypted and bound to ``place`` (opened only with the same place)."""
        nonce = os.urandom(12)
        return VERSION + nonce + self._gcm.encrypt(nonce, json.dumps(value, separators=(",", ":")).encode(),
                                                   VERSION + place.encode())

    def open(self, token: bytes, place: str) -> Any:
        """The value sealed for ``place``; KeyError_ when it was sealed with another key, for another
        place (a row moved to another user), or is damaged."""
        try:
            if not isinstance(token, bytes) or token[:1] != VERSION:
                raise ValueError("not a sealed value")
            return json.loads(self._gcm.decrypt(token[1:13], token[13:], VERSION + place.encode()))
        except (InvalidTag, ValueError) as exc:
            raise KeyError_("Stored data cannot be decrypted with this key") from exc

    def open_legacy(self, token: bytes) -> Any:
        """A value sealed before values were bound to their place (read once, when the file is upgraded)."""
        try:
            if token[:1] != LEGACY_VERSION:
                raise ValueError("not a sealed value")
            return json.loads(self._gcm.decrypt(token[1:13], token[13:], LEGACY_VERSION))
        except (InvalidTag, ValueError) as exc:
            raise KeyError_("Stored data cannot be decrypted with this key") from exc


def default_key_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "img-rad-bot" / "data.key"


def check_key_place(key_file: Path, db_path: Path) -> None:
    """The key file must live apart from the database: not in its folder, nor a folder inside it, nor a
    folder that holds it (a copy or backup of one folder would take both, and the key opens everything)."""
    if key_file.is_dir():
        raise KeyError_(f"BOT_KEY_FILE {key_file} is a folder; it must name the key file itself")
    key_dir, db_dir = key_file.resolve().parent, db_path.resolve().parent
    if key_dir.is_relative_to(db_dir) or db_dir.is_relative_to(key_dir):
        where = "the same folder as" if key_dir == db_dir else \
            "a folder inside the folder of" if key_dir.is_relative_to(db_dir) else "a folder that holds"
        raise KeyError_(f"The key file {key_file} is in {where} the database {db_path}; keep them in separate "
                        "folders (set BOT_KEY_FILE elsewhere, or BOT_DATA_KEY)")


def resolve_key(env_key: str | None, key_file: Path, db_path: Path | None) -> tuple[bytes, str | None]:
    """Return (key, notice). The notice says where a new key file was created, or that an existing one
    can be read by other users."""
    if env_key:
        return env_key.strip().encode(), None
    if db_path is not None:
        check_key_place(key_file, db_path)
    elif key_file.is_dir():
        raise KeyError_(f"BOT_KEY_FILE {key_file} is a folder; it must name the key file itself")
    if key_file.exists():
        try:
            key = key_file.read_bytes().strip()
        except OSError as exc:
            raise KeyError_(f"The key file {key_file} cannot be read: {exc.strerror}") from None
        mode = stat.S_IMODE(key_file.stat().st_mode)
        if mode & 0o077:
            return key, (f"The key file {key_file} can be read by other users (mode {mode:o}); "
                         f"make it private: chmod 600 {key_file}")
        return key, None
    if db_path is not None and db_path.exists() and db_path.stat().st_size > 0:
        raise KeyError_(
            f"The key file {key_file} is missing, but the database {db_path} already holds encrypted data. "
            "Restore the key file (or set BOT_DATA_KEY); a new key could not read the existing data."
        )
    key = Fernet.generate_key()
    try:
        key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key + b"\n")
    except OSError as exc:
        raise KeyError_(f"Could not create the key file {key_file}: {exc.strerror}") from None
    return key, f"Created a new data key at {key_file}; back it up, the database is unreadable without it."
