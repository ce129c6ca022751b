"""The secret key that makes every fake deterministic and irreversible.

A key is 32 random bytes, stored as 64 hex digits in a file of mode 0600 (``washer keygen``)
or given in the environment variable ``WASHER_KEY``; never on the command line. Nothing prints
a key: :class:`Key` shows only its fingerprint.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from pathlib import Path

from washer.errors import KeyFileError

KEY_BYTES = 32
ENV_VAR = "WASHER_KEY"


class Key:
    """A secret key. Sub-keys for each purpose are derived with keyed BLAKE2b."""

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes) -> None:
        if len(secret) != KEY_BYTES:
            raise KeyFileError(f"a key must be {KEY_BYTES} bytes ({KEY_BYTES * 2} hex digits)")
        self._secret = secret

    @classmethod
    def from_hex(cls, text: str, *, source: str) -> Key:
        cleaned = text.strip()
        if len(cleaned) != KEY_BYTES * 2:
            raise KeyFileError(f"{source}: a key is {KEY_BYTES * 2} hex digits")
        try:
            return cls(bytes.fromhex(cleaned))
        except ValueError:
            raise KeyFileError(f"{source}: a key is {KEY_BYTES * 2} hex digits") from None

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Key:
        p = Path(path)
        try:
            text = p.read_text(encoding="ascii")
        except FileNotFoundError:
            raise KeyFileError(f"key file {p} does not exist") from None
        except UnicodeDecodeError:
            # Random bytes, say: the file is not a key `washer keygen` wrote.
            raise KeyFileError(
                f"key file {p}: a key is {KEY_BYTES * 2} hex digits"
                " (`washer keygen FILE` writes one)"
            ) from None
        except OSError:
            raise KeyFileError(f"key file {p} cannot be read") from None
        return cls.from_hex(text, source=f"key file {p}")

    @classmethod
    def from_env(cls) -> Key | None:
        text = os.environ.get(ENV_VAR)
        if text is None or not text.strip():
            return None
        return cls.from_hex(text, source=f"environment variable {ENV_VAR}")

    @classmethod
    def resolve(cls, key_file: str | os.PathLike[str] | None) -> Key:
        """The key from ``key_file`` if given, else from ``WASHER_KEY``; else an error."""
        if key_file is not None:
            return cls.from_file(key_file)
        key = cls.from_env()
        if key is None:
            raise KeyFileError(f"no key: give --key-file FILE or set {ENV_VAR}")
        return key

    def derive(self, purpose: str, size: int = 32) -> bytes:
        """A sub-key for one purpose; different purposes give unrelated sub-keys."""
        return hashlib.blake2b(
            purpose.encode("utf-8"), key=self._secret, digest_size=size, person=b"washer-derive"
        ).digest()

    @property
    def fingerprint(self) -> str:
        """A short public name for the key (safe to print and to store in manifests)."""
        return hashlib.blake2b(self._secret, digest_size=8, person=b"washer-fprint").hexdigest()

    def __repr__(self) -> str:
        return f"Key(fingerprint={self.fingerprint})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and secrets.compare_digest(self._secret, other._secret)

    def __hash__(self) -> int:
        return hash(self.fingerprint)


def write_new_key(path: str | os.PathLike[str]) -> Key:
    """Write a fresh random key to ``path`` (mode 0600); refuses to overwrite a file."""
    p = Path(path)
    secret = secrets.token_bytes(KEY_BYTES)
    try:
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    except FileExistsError:
        raise KeyFileError(f"{p} exists already; a key is never overwritten") from None
    except OSError as exc:
        raise KeyFileError(f"cannot create key file {p}: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secret.hex() + "\n")
    os.chmod(p, stat.S_IRUSR | stat.S_IWUSR)
    return Key(secret)
