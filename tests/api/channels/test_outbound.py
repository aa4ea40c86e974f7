"""`api.app.channels.outbound.deliver`: a handoff's events to Telegram and WhatsApp, the platforms
faked on 127.0.0.1 (tests/messaging_fakes.py)."""
from __future__ import annotations

import asyncio
import base64
from datetime import datetime, timedelta

from api.app.channels.outbound import FAILED, SENT, SKIPPED, WINDOW_CLOSED, deliver, window_open
from api.app.chat.schemas import ReplyButton, ReplyMessage, Turn
from locales.channel_format import RLM

NOW = datetime(2026, 12, 2, 8, 0)
TELEGRAM = {"id": 5, "channel": "telegram", "channel_user": "987654321", "language": "en", "created_at": NOW}
WHATSAPP = {"id": 6, "channel": "whatsapp", "channel_user": "whatsapp:+358401234567", "language": "fi",
            "created_at": NOW}


def turn(text: str, *buttons: tuple[str, str]) -> Turn:
    return Turn(messages=[ReplyMessage(text=text, buttons=[ReplyButton(title=t, payload=p) for t, p in buttons])])


def run(handoff, kind, sent_turn, **kwargs):
    return asyncio.run(deliver(handoff, kind, sent_turn, now=kwargs.pop("now", NOW + timedelta(minutes=5)), **kwargs))


def test_an_advisors_reply_goes_to_the_telegram_chat(platforms):
    result = run(TELEGRAM, "message", turn("Hello, I am Anna. How can I help?"))
    assert (result.status, result.messages) == (SENT, 1)
    assert platforms.telegram_sent() == [{"chat_id": "987654321", "text": "Hello, I am Anna. How can I help?"}]


def test_a_timeout_offers_the_booking_as_an_inline_button(platforms):
    run(TELEGRAM, "timeout", turn("No advisor could take your chat now.", ("Book an appointment", "/book_appointment")))
    [sent] = platforms.telegram_sent()
    assert sent["reply_markup"] == {"inline_keyboard": [[{"text": "Book an appointment",
                                                          "callback_data": "/book_appointment"}]]}


def test_whatsapp_within_24_hours_goes_through_twilio(platforms):
    result = run(WHATSAPP, "timeout", turn("Kukaan neuvoja ei ehtinyt.", ("Varaa aika", "/book_appointment")),
                 last_user_message_at=NOW + timedelta(hours=23))
    assert result.status == SENT, result
    [request] = [r for r in platforms.requests if r.path.endswith("/Messages.json")]
    auth = base64.b64decode(request.headers["Authorization"].split()[1]).decode()
    assert auth == f"{platforms.twilio_sid}:{platforms.twilio_token}"
    # No numbers here: "1" would mean nothing to the bot's conversation; the words do.
    assert request.form() == {"From": "whatsapp:+14155238886", "To": "whatsapp:+358401234567",
                              "Body": "Kukaan neuvoja ei ehtinyt.\n• Varaa aika"}


def test_whatsapp_after_24_hours_is_not_sent_and_says_so(platforms):
    result = run(WHATSAPP, "message", turn("Are you still there?"), now=NOW + timedelta(hours=24, minutes=1))
    assert result.status == WINDOW_CLOSED and not result.ok
    assert platforms.requests == []
    # The handoff's start counts as the user's last message when no later one is known.
    assert run(WHATSAPP, "message", turn("Hi"), now=NOW + timedelta(hours=23)).status == SENT


def test_the_window_reads_aware_and_naive_times():
    from datetime import UTC

    assert window_open(NOW.replace(tzinfo=UTC), NOW + timedelta(hours=1))
    assert not window_open(None, NOW)
    assert not window_open(NOW, NOW + timedelta(hours=24))


def test_a_platform_refusal_is_a_failed_result_not_an_exception(platforms):
    platforms.fail_with = 403  # e.g. the user blocked the bot
    result = run(TELEGRAM, "message", turn("Hello"))
    assert result.status == FAILED and "403" in result.detail
    assert platforms.telegram_token not in result.detail


def test_nothing_for_the_web_or_an_empty_turn(platforms):
    assert run({**TELEGRAM, "channel": "web"}, "message", turn("Hi")).status == SKIPPED
    assert run(TELEGRAM, "left", Turn(messages=[])).status == SKIPPED
    assert platforms.requests == []


def test_not_configured_is_a_failure_the_advisor_can_see(monkeypatch):
    monkeypatch.delenv("OPAS_TELEGRAM_TOKEN", raising=False)
    assert run(TELEGRAM, "message", turn("Hello")).status == FAILED


def test_long_and_right_to_left_replies_fit_the_channel(platforms):
    arabic = "سيتصل بك المستشار غدًا لمناقشة خطة الاندماج الخاصة بك. " * 60  # about 3,300 characters
    result = run({**WHATSAPP, "language": "ar"}, "message", turn(arabic), last_user_message_at=NOW)
    bodies = [m["Body"] for m in platforms.whatsapp_sent()]
    assert result.messages == len(bodies) == 3
    assert all(len(body) <= 1600 and body.startswith(RLM) for body in bodies)
