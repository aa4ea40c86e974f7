"""The bot's one response generator: every text rendered here, in the Rasa process.

Rasa sends every `utter_*` here (rule-predicted ones and those that actions send with
`dispatcher.utter_message(response=..., **kwargs)`). Texts come from the compiled Babel catalogs
through `locales.render`, the same code the API's `/v1/nlg` endpoint runs for stock Rasa clients:
no HTTP request per reply, and nothing to keep in a cache (a render takes microseconds).
This is the only place that builds `custom.opas` (CONTRACT.md §2), and only for the REST output
(`collector`): Rasa 3.6's socket.io and Twilio outputs fail on an unknown custom key.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from locales.channel_format import sources_text
from locales.languages import DEFAULT, is_supported
from locales.render import render_safely
from locales.responses import kind_of

REST_OUTPUTS = {"collector", "queue"}
# Keys of an SDK message that are not arguments for the text.
SDK_KEYS = {"text", "image", "json_message", "elements", "quick_replies", "buttons", "attachment",
            "template", "response", "custom", "response_id", "domain_responses", "utter_action"}
# The topic a response stands for when the rule that predicts it cannot say (CONTRACT.md §2).
RESPONSE_TOPICS = {"utter_live_chat_unavailable": "human_handoff"}
OPAS_FIELDS = ("topic", "municipality", "provider", "sources", "fallback_language")


class OpasNaturalLanguageGenerator(NaturalLanguageGenerator):
    """Renders responses from the local catalogs (endpoints.yml: `nlg: {type: components.nlg....}`)."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None) -> None:
        self.domain = domain

    async def generate(
        self,
        utter_action: Text,
        tracker: DialogueStateTracker,
        output_channel: Text,
        **kwargs: Any,
    ) -> Optional[Dict[Text, Any]]:
        arguments = {k: v for k, v in kwargs.items() if k not in SDK_KEYS}
        language = conversation_language(tracker, arguments)
        message = render_safely(utter_action, language, arguments)
        if output_channel in REST_OUTPUTS:
            message["custom"] = {"opas": opas_object(utter_action, tracker, language, arguments)}
        else:  # Telegram, WhatsApp: no custom.opas, so the sources go into the text as plain links
            links = sources_text(arguments.get("sources"), language)
            if links:
                message["text"] = f"{message.get('text') or ''}\n\n{links}".strip()
        return message


def conversation_language(tracker: DialogueStateTracker, arguments: Dict[str, Any]) -> str:
    """The language of this reply: what the action says, else the slot, else the default."""
    for candidate in (arguments.get("language"), tracker.get_slot("language")):
        if is_supported(candidate):
            return candidate
    return DEFAULT


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
    if kind == "handoff" and isinstance(arguments.get("handoff"), dict):
        opas["handoff"] = arguments["handoff"]  # id, status, position, estimate (HANDOFF.md)
    return opas
