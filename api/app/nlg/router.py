"""``POST /v1/nlg``: Rasa's NLG protocol, for stock Rasa clients (``nlg: {url: .../v1/nlg, ...}``).

Opas's own bot does not call it: it renders the same catalogs in its own process
(bot/components/nlg.py, docs/architecture.md). Both go through ``locales.render.render_safely``.

The language is ``arguments.language``, else the request's ``language``, else the tracker's
``language`` slot, else the default; an unsupported one falls back to the default. Keys without a
value are left out of the reply (Rasa rejects ``"text": null``). An unknown response name is a 404.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from locales.render import render_safely
from locales.responses import RESPONSES

from ..deps import ServiceAuth
from ..errors import UnknownResponse
from ..languages import language_or_default
from .schemas import NlgRequest, NlgResponse

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
    return render_safely(name, language, arguments)


@router.post("/nlg", response_model=NlgResponse, response_model_exclude_none=True)
def generate(request: NlgRequest) -> dict[str, Any]:
    """Renders a bot response in the conversation's language (Rasa's NLG protocol)."""
    language = conversation_language(request)
    rendered = render_response(request.response, language, request.arguments or {})
    return {key: value for key, value in rendered.items() if value is not None}
