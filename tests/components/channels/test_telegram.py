"""Telegram webhooks end to end through the connector, the platform faked on 127.0.0.1."""
from __future__ import annotations

import pytest
from components.channels.identity import conversation_id

from locales import channel_texts
from locales.channel_format import RLM

from . import recorded
from .conftest import TELEGRAM_SECRET

GOOD = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
SENDER = conversation_id("telegram", str(recorded.CHAT_ID))
PLACES = [{"title": "Porvoo", "payload": '/inform{"municipality":"porvoo"}'},
          {"title": "Loviisa", "payload": '/inform{"municipality":"loviisa"}'}]


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"},
                                     {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET + "x"}],
                         ids=["missing", "wrong", "longer"])
def test_an_update_without_the_secret_is_refused(telegram, fake, bot, headers):
    status, _ = telegram.post(json=recorded.TEXT, headers=headers)
    assert status == 403
    assert bot.received == [] and fake.requests == []


def test_a_verified_message_reaches_the_bot_and_the_reply_the_chat(telegram, fake, bot):
    status, _ = telegram.post(json=recorded.TEXT, headers=GOOD)
    assert status == 200
    [message] = bot.received
    assert message.text == "Waa maxay barnaamijka is-dhexgalka?"
    assert message.input_channel == "telegram"
    # Only a keyed hash of the chat id is the conversation id; the chat id itself is not kept.
    assert message.sender_id == SENDER and str(recorded.CHAT_ID) not in message.sender_id
    assert fake.telegram_sent() == [{"chat_id": str(recorded.CHAT_ID), "text": "Hello from Opas"}]
    # ... but the handoff request of this very message can read it (actions.channel_context).
    assert bot.origins[0].channel == "telegram" and bot.origins[0].user == str(recorded.CHAT_ID)


def test_the_conversation_id_is_stable_and_keyed(monkeypatch):
    first = conversation_id("telegram", "42")
    assert first == conversation_id("telegram", "42") != conversation_id("whatsapp", "42")
    monkeypatch.setenv("OPAS_CHANNEL_ID_KEY", "another key")
    assert conversation_id("telegram", "42") != first


def test_language_code_is_a_hint_on_the_first_message_only(telegram, bot, store):
    telegram.post(json=recorded.TEXT, headers=GOOD)
    assert bot.received[0].metadata == {"session_language": "so"}
    store.shown(SENDER, [], language="so")  # the conversation has begun
    telegram.post(json=recorded.TEXT, headers=GOOD)
    assert not bot.received[1].metadata


def test_buttons_are_an_inline_keyboard_with_short_callback_data(telegram, fake, bot):
    long_payload = '/inform{"municipality":"' + "x" * 60 + '"}'
    bot.reply = [{"text": "Where do you live?", "buttons": [*PLACES, {"title": "Far", "payload": long_payload}]}]
    telegram.post(json=recorded.TEXT, headers=GOOD)
    [sent] = fake.telegram_sent()
    rows = sent["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in rows] == ["Porvoo", "Loviisa", "Far"]
    assert [row[0]["callback_data"] for row in rows] == [PLACES[0]["payload"], PLACES[1]["payload"], "#3"]
    assert all(len(row[0]["callback_data"].encode()) <= 64 for row in rows)


def test_a_pressed_button_is_its_payload_and_the_clock_stops(telegram, fake, bot):
    telegram.post(json=recorded.telegram_callback(PLACES[1]["payload"]), headers=GOOD)
    assert bot.received[0].text == PLACES[1]["payload"]
    assert bot.received[0].sender_id == SENDER
    answered = [r.json() for r in fake.requests if r.path.endswith("/answerCallbackQuery")]
    assert answered == [{"callback_query_id": "4382bfdwdsb323b2d9"}]


def test_a_numbered_callback_is_the_option_the_bot_showed(telegram, bot, store):
    store.shown(SENDER, PLACES)
    telegram.post(json=recorded.telegram_callback("#2"), headers=GOOD)
    assert bot.received[0].text == PLACES[1]["payload"]


def test_typing_an_options_words_presses_it(telegram, bot, store):
    store.shown(SENDER, PLACES)
    telegram.post(json=recorded.telegram_message(text="loviisa"), headers=GOOD)
    assert bot.received[0].text == PLACES[1]["payload"]


@pytest.mark.parametrize(("update", "notice"), [
    (recorded.PHOTO, channel_texts.UNSUPPORTED_MEDIA), (recorded.VOICE, channel_texts.UNSUPPORTED_MEDIA),
    (recorded.STICKER, channel_texts.UNSUPPORTED_MEDIA), (recorded.LOCATION, channel_texts.UNSUPPORTED_LOCATION),
    (recorded.EMPTY, channel_texts.EMPTY_MESSAGE)], ids=["photo", "voice", "sticker", "location", "empty"])
def test_what_the_bot_cannot_read_gets_a_polite_answer_in_the_conversation_language(
        telegram, fake, bot, store, update, notice):
    store.shown(SENDER, [], language="ar")
    status, _ = telegram.post(json=update, headers=GOOD)
    assert status == 200 and bot.received == []
    [sent] = fake.telegram_sent()
    expected = channel_texts.text(notice, "ar")
    assert expected != notice  # translated, not the English msgid
    assert sent["text"].replace(RLM, "") == expected
    assert sent["text"].startswith(RLM)  # Arabic stays right-to-left


def test_a_new_user_gets_the_notice_in_the_language_of_their_app(telegram, fake):
    telegram.post(json=recorded.PHOTO, headers=GOOD)
    assert fake.telegram_sent()[0]["text"] == channel_texts.text(channel_texts.UNSUPPORTED_MEDIA, "so")


def test_updates_that_are_no_users_message_are_acknowledged(telegram, fake, bot):
    status, _ = telegram.post(json=recorded.CHANNEL_POST, headers=GOOD)
    assert status == 200 and bot.received == [] and fake.requests == []


def test_a_long_answer_is_split_at_telegrams_limit(telegram, fake, bot):
    sentence = "The integration plan is made together with you and lasts as long as you need it. "
    bot.reply = [{"text": sentence * 120}]  # about 9,700 characters
    telegram.post(json=recorded.TEXT, headers=GOOD)
    texts = [sent["text"] for sent in fake.telegram_sent()]
    assert len(texts) == 3
    assert all(len(text) <= 4096 for text in texts)
    assert " ".join(texts).split() == (sentence * 120).split()  # nothing lost, no word cut


def test_a_platform_error_is_logged_and_the_update_still_acknowledged(telegram, fake, bot):
    fake.fail_with = 500
    status, _ = telegram.post(json=recorded.TEXT, headers=GOOD)
    assert status == 200 and len(bot.received) == 1


def test_a_bot_failure_never_reaches_telegram_as_an_error(telegram, fake, bot):
    bot.fail = True
    status, _ = telegram.post(json=recorded.TEXT, headers=GOOD)
    assert status == 200 and len(bot.received) == 1


def test_start_and_help_are_the_greeting_and_help(telegram, bot):
    telegram.post(json=recorded.telegram_message(text="/start"), headers=GOOD)
    telegram.post(json=recorded.telegram_message(text="/help@OpasBot"), headers=GOOD)
    assert [m.parse_data["intent"]["name"] for m in bot.received] == ["greet", "help"]
    assert bot.received[0].metadata == {"session_language": "so"}  # the first message: the app's language
    telegram.post(json=recorded.telegram_message(text="/restart"), headers=GOOD)
    assert bot.received[2].parse_data is None  # anything else is read by the bot as usual
