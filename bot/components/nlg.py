"""The bot's one response generator: text from the API's NLG endpoint, `custom.opas` from here.

Rasa sends every `utter_*` here (rule-predicted ones and those that actions send with
`dispatcher.utter_message(response=..., **kwargs)`). The text comes from the API, which renders
the Babel catalogs (so texts change without retraining); when the API does not answer within a
second, the same catalogs are rendered here, so the user always gets a reply in their language.
This is the only place that builds `custom.opas` (CONTRACT.md §2), and only for the REST output
(`collector`): Rasa 3.6's socket.io and Twilio outputs fail on an unknown custom key.

What the API rendered is kept for `cache_seconds` (60 by default): a text depends only on the
response, the language and the arguments, and most turns say what was said before ("which
municipality do you live in?", the answer about civic orientation in Somali). That takes a
round trip to the API off most turns (docs/performance.md); an edited text shows within the
minute. Booking and handoff texts are never kept: their arguments hold names and contacts.
"""
from __future__ import annotations

import json
import logging
import os
from typing import Any, Dict, Optional, Text

import httpx
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from actions.ttl_cache import TtlCache
from locales.languages import SUPPORTED
from locales.render import render
from locales.responses import kind_of

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "fi"
REST_OUTPUTS = {"collector", "queue"}
# Keys of an SDK message that are not arguments for the text.
SDK_KEYS = {"text", "image", "json_message", "elements", "quick_replies", "buttons", "attachment",
            "template", "response", "custom", "response_id", "domain_responses", "utter_action"}
# The topic a response stands for when the rule that predicts it cannot say (CONTRACT.md §2).
RESPONSE_TOPICS = {"utter_live_chat_unavailable": "human_handoff"}
OPAS_FIELDS = ("topic", "municipality", "provider", "sources", "fallback_language")
# Kinds whose texts may carry personal data (a name, a contact): rendered every time, never kept.
UNCACHED_KINDS = {"booking", "handoff"}


def cache_key(response: str, language: str, arguments: Dict[str, Any]) -> Optional[str]:
    """The key of a render, or None when it must not be kept (personal data, odd arguments)."""
    try:
        if kind_of(response) in UNCACHED_KINDS:
            return None
        return json.dumps([response, language, arguments], sort_keys=True, ensure_ascii=False)
    except (KeyError, TypeError, ValueError):
        return None


class OpasNaturalLanguageGenerator(NaturalLanguageGenerator):
    """Renders responses through the API, falling back to the local catalogs."""

    def __init__(self, endpoint_config: EndpointConfig, domain: Optional[Domain] = None) -> None:
        self.url = (endpoint_config.url or "").rstrip("/")
        self.token = endpoint_config.token or os.environ.get("OPAS_SERVICE_TOKEN", "")
        self.timeout = float(endpoint_config.kwargs.get("timeout", 1.0))
        self.cache = TtlCache(float(endpoint_config.kwargs.get("cache_seconds", 60)))
        self._client: Optional[httpx.AsyncClient] = None

    @property
    def client(self) -> httpx.AsyncClient:
        # Created lazily: it must belong to the event loop Rasa's server runs in.
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self.timeout,
                headers={"Authorization": f"Bearer {self.token}"},
                limits=httpx.Limits(max_keepalive_connections=20),
            )
        return self._client

    async def generate(
        self,
        utter_action: Text,
        tracker: DialogueStateTracker,
        output_channel: Text,
        **kwargs: Any,
    ) -> Optional[Dict[Text, Any]]:
        arguments = {k: v for k, v in kwargs.items() if k not in SDK_KEYS}
        language = conversation_language(tracker, arguments)
        message = await self._text(utter_action, language, arguments)
        if output_channel in REST_OUTPUTS:
            message["custom"] = {"opas": opas_object(utter_action, tracker, language, arguments)}
        return message

    async def _text(self, response: str, language: str, arguments: Dict[str, Any]) -> Dict[str, Any]:
        body = {"response": response, "language": language, "arguments": arguments}
        key = cache_key(response, language, arguments)
        cached = self.cache.get(key) if key else None
        if cached is not None:
            return cached
        if self.url:
            try:
                reply = await self.client.post(self.url, json=body)
                if reply.status_code == 200:
                    message = reply.json()
                    if key:
                        self.cache.put(key, message)
                    return message
                logger.warning("NLG endpoint answered %s for %s", reply.status_code, response)
            except (httpx.HTTPError, ValueError) as error:
                logger.warning("NLG endpoint failed for %s: %s", response, type(error).__name__)
        return render(response, language, arguments)


def conversation_language(tracker: DialogueStateTracker, arguments: Dict[str, Any]) -> str:
    """The language of this reply: what the action says, else the slot, else the default."""
    for candidate in (arguments.get("language"), tracker.get_slot("language")):
        if candidate in SUPPORTED:
            return candidate
    return DEFAULT_LANGUAGE


def opas_object(response: str, tracker: DialogueStateTracker, language: str,
                arguments: Dict[str, Any]) -> Dict[str, Any]:
    """`custom.opas` of CONTRACT.md §2 for one response."""
    kind = kind_of(response)
    if tracker.active_loop_name and kind != "answer":
        kind = "booking"  # every turn of an active booking form is a booking turn
    values = {field: arguments.get(field) for field in OPAS_FIELDS}
    if "municipality" not in arguments:
        values["municipality"] = tracker.get_slot("municipality")
    if kind == "out_of_coverage":
        values["municipality"] = None
    topic = values["topic"] or RESPONSE_TOPICS.get(response)
    if kind == "booking" and not topic:
        # A form's questions are predicted by the form itself, without arguments: the flow the
        # user started (booking or human_handoff) is kept in a slot.
        topic = tracker.get_slot("booking_topic") or "booking"
    opas = {
        "kind": kind,
        "topic": topic,
        "language": language,
        "municipality": values["municipality"],
        "provider": values["provider"],
        "sources": values["sources"] or [],
        "fallback_language": values["fallback_language"],
    }
    if arguments.get("booking_reference"):
        opas["booking_reference"] = arguments["booking_reference"]
    return opas
