"""Password hashes and random tokens. No hand-written crypto.

Passwords: argon2id through argon2-cffi's ``PasswordHasher`` (its defaults follow RFC 9106's
low-memory recommendation: 64 MiB, 3 passes, 4 lanes). Tokens (API tokens, session cookies,
one-time links, tip receipts): 256 random bits from ``secrets``; the database keeps only
their SHA-256, which is enough for values that are never guessable.
"""

from __future__ import annotations

import hashlib
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash (salted, with its parameters) of ``password``."""
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``; False on a mismatch or a malformed hash,
    never an exception."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError, TypeError, ValueError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's (rehash on next login)."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except (InvalidHashError, ValueError):
        return True


# The hash of a random string nobody kept, made with today's parameters: verifying against
# it costs what verifying a real password costs, and its result is never used.
_DUMMY = "$argon2id$v=19$m=65536,t=3,p=4$LQi7xRC8pA0C2Q5cPKKhJQ$7W9ZYlWVnIXh+0/UUZIT42d4CFnF8Am2UKIdGFT35Tw"


@cache
def dummy_hash() -> str:
    """A hash to verify against when there is no real one (unknown user, no password yet),
    so that every login attempt costs one argon2 verification. Made anew, once, if the
    hasher's parameters ever change."""
    return _hasher.hash(secrets.token_urlsafe(16)) if needs_rehash(_DUMMY) else _DUMMY


def new_token(nbytes: int = 32) -> str:
    """A random URL-safe token of ``nbytes`` random bytes."""
    return secrets.token_urlsafe(nbytes)


def token_hash(token: str) -> str:
    """SHA-256 (hex) of a token: what the database stores instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
