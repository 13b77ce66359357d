"""RFC 6238 TOTP as Cognito uses it: base32 secret, HMAC-SHA1, 30-second steps, 6 digits."""

import base64
import hashlib
import hmac
import secrets
import struct
import time

STEP_SECONDS = 30

# Cognito accepts a code from the step before or after the current one, so a phone clock a little
# off, or a code typed at the end of its step, still works (Developer Guide, "TOTP software token
# MFA": "Amazon Cognito ... tolerates clock drift").
SKEW_STEPS = 1


def new_secret() -> str:
    """A random 160-bit secret, base32 without padding (the form of AssociateSoftwareToken's SecretCode)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def code_at(secret: str, counter: int) -> str:
    padded = secret.upper() + "=" * (-len(secret) % 8)
    key = base64.b32decode(padded)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    binary = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(binary % 1_000_000).zfill(6)


def verify(secret: str | None, code: str | None, now: float | None = None) -> bool:
    """True when `code` is the code of the current step or of one step either side."""
    if not secret or not code or len(code) != 6 or not code.isdigit():
        return False
    counter = int((time.time() if now is None else now) // STEP_SECONDS)
    return any(
        hmac.compare_digest(code_at(secret, counter + step), code)
        for step in range(-SKEW_STEPS, SKEW_STEPS + 1)
    )
