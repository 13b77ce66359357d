"""
Every email a user would have received, in sending order: the invitations Cognito sends itself
(recorded by cognito.py) and what SES accepted from our code. endpoints.py serves it at
``GET /moto-plugin/outbox?after=N``: the emails with an id above N, so a reader that remembers the
last id it saw reads only what is new, however long the emulator has been running.
"""

import datetime
import threading
from typing import Any

from moto.ses.models import SESBackend

_lock = threading.Lock()
_emails: list[dict[str, Any]] = []


def record(via: str, sender: str, to: list[str], subject: str, body: str, **extra: Any) -> dict[str, Any]:
    """Appends an email; ids are 1, 2, 3, ... in sending order."""
    with _lock:
        email = {
            "id": len(_emails) + 1,
            "sentAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "via": via,
            "from": sender,
            "to": to,
            "subject": subject,
            "body": body,
            **extra,
        }
        _emails.append(email)
        return email


def after(last_id: int) -> list[dict[str, Any]]:
    """The emails with an id above `last_id`, oldest first (ids are list positions + 1)."""
    with _lock:
        return list(_emails[max(last_id, 0) :])


def _record_ses(send_email: Any) -> Any:
    # SES v1 SendEmail and v2 SendEmail with simple content both end in SESBackend.send_email.
    def wrapped(self: SESBackend, source: str, subject: str, body: str, destinations: dict[str, list[str]]) -> Any:
        message = send_email(self, source=source, subject=subject, body=body, destinations=destinations)
        recipients = [address for key in ("ToAddresses", "CcAddresses", "BccAddresses") for address in destinations.get(key, [])]
        record("ses", source, recipients, subject, body)
        return message

    return wrapped


def install() -> None:
    SESBackend.send_email = _record_ses(SESBackend.send_email)
