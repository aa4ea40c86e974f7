"""Chat session ids: random, signed and dated, so that no table is needed to tell them apart.

An id is ``<32 random characters>.<timestamp>.<signature>`` (itsdangerous, keyed by
OPAS_SECRET_KEY). Any API process can verify it, so sessions survive a restart of the API and work
behind a load balancer; Rasa's tracker store, keyed by the same id, keeps the conversation itself.
A forged, garbled or expired id is simply unknown (404).

The gateway also remembers each session's conversation language, to answer its errors in that
language. That memory is per process and bounded; without it the request's own language is used.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, TimestampSigner

_SALT = "opas.chat.session"
_MAX_ID_LENGTH = 200


class SessionIds:
    def __init__(self, secret: str, max_age: timedelta) -> None:
        self._signer = TimestampSigner(secret, salt=_SALT)
        self.max_age = max_age

    def new(self) -> tuple[str, datetime]:
        """A new session id and the time it expires."""
        session_id = self._signer.sign(secrets.token_urlsafe(24)).decode("ascii")
        return session_id, datetime.now(UTC) + self.max_age

    def is_valid(self, session_id: str) -> bool:
        if not session_id or len(session_id) > _MAX_ID_LENGTH:
            return False
        try:
            self._signer.unsign(session_id, max_age=self.max_age.total_seconds())
        except BadSignature:  # SignatureExpired is one too
            return False
        return True


class SessionLanguages:
    """Session id → conversation language, least recently used dropped beyond ``max_entries``."""

    def __init__(self, max_entries: int = 50_000) -> None:
        self._languages: OrderedDict[str, str] = OrderedDict()
        self._max_entries = max_entries

    def get(self, session_id: str) -> str | None:
        language = self._languages.get(session_id)
        if language is not None:
            self._languages.move_to_end(session_id)
        return language

    def set(self, session_id: str, language: str) -> None:
        self._languages[session_id] = language
        self._languages.move_to_end(session_id)
        while len(self._languages) > self._max_entries:
            self._languages.popitem(last=False)

    def forget(self, session_id: str) -> None:
        self._languages.pop(session_id, None)
