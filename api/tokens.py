"""Making and checking API tokens (no database writes here: see services.py)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX_BYTES = 6  # 12 hex characters: finds the row
SECRET_BYTES = 32  # 256 bits: the part that is never stored


def new_token() -> tuple[str, str]:
    """A fresh token and its prefix."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    return f"csp_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}", prefix


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def split(token: str) -> str | None:
    """The prefix of a well-formed token, else None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "csp" or len(parts[1]) != 2 * PREFIX_BYTES:
        return None
    if not all(c in "0123456789abcdef" for c in parts[1]) or not parts[2]:
        return None
    return parts[1]


def matches(token: str, key_hash: str) -> bool:
    return hmac.compare_digest(digest(token), key_hash)
