"""``POST /v1/nlg``: Rasa's NLG endpoint (``nlg: {url: .../v1/nlg, token: ...}`` in endpoints.yml).

The language is ``arguments.language``, else the request's ``language``, else the tracker's
``language`` slot, else the default; an unsupported one falls back to the default. Keys without a
value are left out of the reply (Rasa rejects ``"text": null``). An unknown response name is a
404: the bot's generator then renders from its local catalogs.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter

from locales.render import render
from locales.responses import RESPONSES

from ..deps import ServiceAuth
from ..errors import UnknownResponse
from ..languages import language_or_default
from .schemas import NlgRequest, NlgResponse

log = logging.getLogger(__name__)

router = APIRouter(prefix="/v1", tags=["nlg"], dependencies=[ServiceAuth])


def conversation_language(request: NlgRequest) -> str:
    slots = (request.tracker or {}).get("slots")
    candidates = [
        (request.arguments or {}).get("language"),
        request.language,
        slots.get("language") if isinstance(slots, dict) else None,
    ]
    chosen = next((c for c in candidates if isinstance(c, str) and c.strip()), None)
    return language_or_default(chosen)


def render_response(name: str, language: str, arguments: dict[str, Any]) -> dict[str, Any]:
    if name not in RESPONSES:
        raise UnknownResponse(f"Unknown response {name[:80]!r}.")
    try:
        return render(name, language, arguments)
    except Exception:
        # Odd arguments from an action must not silence the bot: render without them.
        log.exception("rendering %s in %s failed; rendering it without arguments", name, language)
        return render(name, language, {})


@router.post("/nlg", response_model=NlgResponse, response_model_exclude_none=True)
def generate(request: NlgRequest) -> dict[str, Any]:
    """Renders a bot response in the conversation's language (Rasa's NLG protocol)."""
    language = conversation_language(request)
    rendered = render_response(request.response, language, request.arguments or {})
    return {key: value for key, value in rendered.items() if value is not None}
