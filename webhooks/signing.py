"""Signing webhook requests, and the reference check a receiver makes.

Portal-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>

The timestamp is inside the MAC, so a receiver that refuses old timestamps cannot be
fed a recorded request again later. `v1` names the scheme, so a new one can be added
beside it while receivers move over.
"""

import hashlib
import hmac
import secrets
import time

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
# How old a signed request a receiver should accept, in seconds.
DEFAULT_TOLERANCE = 300


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _mac(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, *, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={_mac(secret, timestamp, body)}"


def verify(
    secret: str, header: str, body: bytes, *, tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> bool:  # fmt: skip
    """What a receiver does (the README gives the same code to copy): the body exactly as
    received, a timestamp within `tolerance` seconds, and a matching v1 MAC."""
    try:
        fields = [item.split("=", 1) for item in header.split(",")]
        timestamp = int(next(value for key, value in fields if key.strip() == "t"))
        given = [value for key, value in fields if key.strip() == "v1"]
    except (ValueError, StopIteration):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = _mac(secret, timestamp, body).encode()
    # Bytes: compare_digest refuses a str with non-ASCII characters in it.
    return any(hmac.compare_digest(expected, value.strip().encode()) for value in given)
