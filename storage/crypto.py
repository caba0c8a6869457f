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
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class KeyError_(RuntimeError):
    """The data key is missing, malformed, or does not open this database."""


GCM_VERSION = b"\x01"  # sealed values: version byte, 12-byte nonce, AES-256-GCM ciphertext+tag


class DataCipher:
    """Seal JSON-able values with AES-256-GCM and open them again.

    The key is a Fernet-format key (``BOT_DATA_KEY`` or the key file: 32 url-safe base64 bytes);
    the AES key is derived from it with HKDF.
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
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"img-rad-bot aes-gcm v1").derive(raw)
        self._gcm = AESGCM(derived)
        self._tag_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"img-rad-bot tag v1").derive(raw)

    def tag(self, text: str) -> str:
        """A keyed, stable tag for ``text``: equal for equal texts, meaningless without the key."""
        return hmac.new(self._tag_key, text.encode(), hashlib.sha256).hexdigest()[:24]

    def seal(self, value: Any) -> bytes:
        nonce = os.urandom(12)
        return GCM_VERSION + nonce + self._gcm.encrypt(nonce, json.dumps(value, separators=(",", ":")).encode(),
                                                       GCM_VERSION)

    def open(self, token: bytes) -> Any:
        try:
            if token[:1] != GCM_VERSION:
                raise ValueError("not a sealed value")
            return json.loads(self._gcm.decrypt(token[1:13], token[13:], GCM_VERSION))
        except (InvalidTag, ValueError) as exc:
            raise KeyError_("Stored data cannot be decrypted with this key") from exc


def default_key_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "img-rad-bot" / "data.key"


def resolve_key(env_key: str | None, key_file: Path, db_path: Path | None) -> tuple[bytes, str | None]:
    """Return (key, notice). The notice says where a new key file was created."""
    if env_key:
        return env_key.strip().encode(), None
    if db_path is not None and key_file.resolve().parent == db_path.resolve().parent:
        raise KeyError_(
            f"The key file {key_file} is in the same folder as the database; "
            "keep them apart (set BOT_KEY_FILE elsewhere or BOT_DATA_KEY)"
        )
    if key_file.is_dir():
        raise KeyError_(f"BOT_KEY_FILE {key_file} is a folder; it must name the key file itself")
    if key_file.exists():
        try:
            return key_file.read_bytes().strip(), None
        except OSError as exc:
            raise KeyError_(f"The key file {key_file} cannot be read: {exc.strerror}") from None
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
