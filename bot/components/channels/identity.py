"""The conversation id of a messaging-platform user: a keyed hash, stable for as long as the key is.

The tracker, the logs and the API see only `telegram-<hash>` / `whatsapp-<hash>`; the chat id or
phone number itself lives only as long as one request (to answer it) and, during a live handoff,
in the handoff's `channel_user` (deleted with the conversation)."""
from __future__ import annotations

import hashlib
import hmac

from .settings import id_key

HASH_CHARS = 32  # 128 bits


def conversation_id(channel: str, user: str) -> str:
    digest = hmac.new(id_key(), f"{channel}:{user}".encode(), hashlib.sha256).hexdigest()
    return f"{channel}-{digest[:HASH_CHARS]}"
