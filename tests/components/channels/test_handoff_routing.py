"""During a live handoff a channel message goes to the advisor (the API), not to the bot."""
from __future__ import annotations

from locales.handoff import handoff_text

from . import recorded
from .test_telegram import GOOD, SENDER
from .test_whatsapp import SENDER as WA_SENDER
from .test_whatsapp import post as wa_post


def test_with_an_advisor_in_the_chat_the_message_goes_to_the_handoff_only(telegram, fake, bot):
    fake.handoffs[SENDER] = {"id": 41, "status": "claimed", "language": "so"}
    status, _ = telegram.post(json=recorded.TEXT, headers=GOOD)
    assert status == 200 and bot.received == []
    calls = fake.handoff_calls()
    assert [(c.method, c.path) for c in calls] == [("GET", "/v1/handoffs/active"), ("POST", "/v1/handoffs/41/messages")]
    assert calls[0].query == {"conversation_id": [SENDER]}
    assert calls[0].headers["Authorization"] == "Bearer test-service-token"
    assert calls[1].json() == {"text": "Waa maxay barnaamijka is-dhexgalka?"}
    assert fake.telegram_sent() == []  # the advisor answers; the bot says nothing


def test_while_queued_the_user_hears_the_message_was_passed_on_and_may_leave(telegram, fake, bot):
    fake.handoffs[SENDER] = {"id": 42, "status": "queued", "position": 2, "language": "fi"}
    telegram.post(json=recorded.TEXT, headers=GOOD)
    [sent] = fake.telegram_sent()
    assert handoff_text("queued", "fi", position=2) in sent["text"]
    assert sent["reply_markup"]["inline_keyboard"] == [[{"text": handoff_text("leave_button", "fi"),
                                                         "callback_data": "/handoff_leave"}]]
    fake.clear()
    telegram.post(json=recorded.telegram_callback("/handoff_leave"), headers=GOOD)
    assert [c.path for c in fake.handoff_calls()] == ["/v1/handoffs/active", "/v1/handoffs/42/leave"]
    assert fake.telegram_sent()[0]["text"] == handoff_text("left_queue", "fi")
    assert bot.received == []


def test_on_whatsapp_typing_the_leave_options_number_leaves_the_queue(whatsapp, fake, bot):
    fake.handoffs[WA_SENDER] = {"id": 43, "status": "queued", "position": 1, "language": "en"}
    wa_post(whatsapp, fake, recorded.twilio_form("hello?"))
    assert fake.whatsapp_sent()[0]["Body"].endswith("\n1. " + handoff_text("leave_button", "en"))
    wa_post(whatsapp, fake, recorded.twilio_form("1"))
    assert fake.handoff_calls()[-1].path == "/v1/handoffs/43/leave"
    assert bot.received == []


def test_when_the_api_does_not_answer_the_bot_does(telegram, fake, bot):
    telegram.channel.webhook.handoffs.base_url = "http://127.0.0.1:9"  # nothing listens there
    status, _ = telegram.post(json=recorded.TEXT, headers=GOOD)
    assert status == 200 and len(bot.received) == 1


def test_without_a_handoff_the_bot_answers(telegram, fake, bot):
    telegram.post(json=recorded.TEXT, headers=GOOD)
    assert len(bot.received) == 1
    assert [c.path for c in fake.handoff_calls()] == ["/v1/handoffs/active"]
