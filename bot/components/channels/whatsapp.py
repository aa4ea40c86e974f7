"""WhatsApp through Twilio: Rasa 3.6's `TwilioInput`, verified and fitted (docs/channels.md).

Credentials (bot/credentials.yml, written by `components.channels.credentials` from the
environment): `account_sid`, `auth_token`, `twilio_number` (the WhatsApp sender) and
`webhook_url` (the address entered in Twilio's console). Twilio signs every webhook:
`X-Twilio-Signature` = Base64(HMAC-SHA1(auth token, URL + each form parameter's name and value,
sorted by name)); a post without a valid signature gets 403 and reaches nobody (Twilio's own
`RequestValidator`, which compares in constant time). Rasa's connector checks nothing.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput
from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from .identity import conversation_id
from .output import WhatsAppOutput
from .settings import TwilioSettings
from .webhook import EMPTY, LOCATION, MEDIA, TEXT, Incoming, Webhook, channel_blueprint

logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Twilio-Signature"


def form_of(request: Request) -> RequestParameters:
    """The posted form with its empty fields (Sanic's `request.form` drops them, but Twilio signs
    them: a media message's empty `Body` is part of the signature)."""
    return RequestParameters(parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True))


def read_form(form: Any) -> Incoming:
    """What a WhatsApp user sent, from Twilio's form."""
    text = str(form.get("Body") or "").strip()
    if form.get("Latitude") and form.get("Longitude"):
        return Incoming(LOCATION)
    if text:
        return Incoming(TEXT, text)
    if int(form.get("NumMedia") or 0) > 0:
        return Incoming(MEDIA)
    return Incoming(EMPTY)


class OpasWhatsAppInput(TwilioInput):
    """Twilio (WhatsApp) webhook at /webhooks/twilio/webhook."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        env = TwilioSettings.from_env()
        number = credentials.get("twilio_number") or env.number
        if number and not number.startswith("whatsapp:"):
            number = f"whatsapp:{number}"
        settings = TwilioSettings(credentials.get("account_sid") or env.account_sid,
                                  credentials.get("auth_token") or env.auth_token, number,
                                  credentials.get("webhook_url") or env.webhook_url,
                                  (credentials.get("api_url") or env.api_url).rstrip("/"))
        if not settings.configured:
            cls.raise_missing_credentials_exception()
        return cls(settings)

    def __init__(self, settings: TwilioSettings) -> None:
        super().__init__(settings.account_sid, settings.auth_token, settings.number, debug_mode=False)
        self.settings = settings
        self.validator = RequestValidator(settings.auth_token)
        self.webhook = Webhook("whatsapp", self.name())

    def get_output_channel(self, to: str = "") -> WhatsAppOutput:
        return WhatsAppOutput(to, self.settings)

    def verified(self, request: Request, form: RequestParameters) -> bool:
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            return False
        return self.validator.validate(self.settings.webhook_url or request.url, form, signature)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        twilio_webhook = channel_blueprint("opas_twilio_webhook")

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            form = form_of(request)
            if not self.verified(request, form):
                logger.warning("Refused a Twilio webhook without a valid signature")
                return response.text("forbidden", status=403)
            sender = str(form.get("From") or "")
            if not sender:
                return response.text("", status=204)
            output = self.get_output_channel(sender)
            try:
                await self.webhook.handle(read_form(form), sender_id=conversation_id("whatsapp", sender),
                                          output=output, agent=getattr(request.app.ctx, "agent", None),
                                          on_new_message=on_new_message)
            except Exception:
                logger.exception("A WhatsApp message could not be handled")
            return response.text("", status=204)

        return twilio_webhook
