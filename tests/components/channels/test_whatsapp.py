"""WhatsApp (Twilio) webhooks end to end through the connector, Twilio faked on 127.0.0.1."""
from __future__ import annotations

import pytest
from components.channels.identity import conversation_id

from locales import channel_texts
from locales.channel_format import RLM
from tests.messaging_fakes import twilio_signature as signature

from . import recorded

SENDER = conversation_id("whatsapp", recorded.WHATSAPP_FROM)
PLACES = [{"title": "Porvoo", "payload": '/inform{"municipality":"porvoo"}'},
          {"title": "Loviisa", "payload": '/inform{"municipality":"loviisa"}'},
          {"title": "Siuntio", "payload": '/inform{"municipality":"siuntio"}'}]


def post(whatsapp, fake, form, token=None, headers=None):
    sign = signature(token or fake.twilio_token, whatsapp.url, form)
    return whatsapp.post(data=form, headers={"X-Twilio-Signature": sign} if headers is None else headers)


@pytest.mark.parametrize("case", ["missing", "wrong token", "tampered body"])
def test_a_post_without_a_valid_signature_is_refused(whatsapp, fake, bot, case):
    form = recorded.twilio_form("Hei")
    if case == "missing":
        status, _ = post(whatsapp, fake, form, headers={})
    elif case == "wrong token":
        status, _ = post(whatsapp, fake, form, token="not-the-auth-token")
    else:
        headers = {"X-Twilio-Signature": signature(fake.twilio_token, whatsapp.url, form)}
        status, _ = whatsapp.post(data={**form, "Body": "Hei, changed"}, headers=headers)
    assert status == 403
    assert bot.received == [] and fake.requests == []


def test_a_signed_message_reaches_the_bot_and_the_reply_goes_through_twilio(whatsapp, fake, bot):
    status, _ = post(whatsapp, fake, recorded.twilio_form("Mikä on kotoutumisohjelma?"))
    assert status == 204
    [message] = bot.received
    assert message.text == "Mikä on kotoutumisohjelma?" and message.input_channel == "twilio"
    assert message.sender_id == SENDER and "358401234567" not in message.sender_id
    assert not message.metadata  # nothing of the user's profile (ProfileName, WaId) is passed on
    assert fake.whatsapp_sent() == [{"From": "whatsapp:+14155238886", "To": recorded.WHATSAPP_FROM,
                                     "Body": "Hello from Opas"}]
    assert bot.origins[0].channel == "whatsapp" and bot.origins[0].user == recorded.WHATSAPP_FROM


def test_the_signature_covers_the_configured_public_url(whatsapp, fake, bot, monkeypatch):
    public = "https://opas.example.fi/webhooks/twilio/webhook"
    monkeypatch.setattr(whatsapp.channel, "settings", whatsapp.channel.settings.__class__(
        **{**whatsapp.channel.settings.__dict__, "webhook_url": public}))
    form = recorded.twilio_form("Hei")
    assert post(whatsapp, fake, form)[0] == 403  # signed for the local address: not what Twilio signs
    headers = {"X-Twilio-Signature": signature(fake.twilio_token, public, form)}
    assert whatsapp.post(data=form, headers=headers)[0] == 204


def test_buttons_are_a_numbered_list_and_a_typed_number_presses_one(whatsapp, fake, bot, store):
    bot.reply = [{"text": "Where do you live?", "buttons": PLACES}]
    post(whatsapp, fake, recorded.twilio_form("Kuka järjestää palvelut?"))
    assert fake.whatsapp_sent()[0]["Body"] == "Where do you live?\n1. Porvoo\n2. Loviisa\n3. Siuntio"
    store.shown(SENDER, PLACES)
    post(whatsapp, fake, recorded.twilio_form("2"))
    assert bot.received[-1].text == PLACES[1]["payload"]
    post(whatsapp, fake, recorded.twilio_form("Siuntio"))
    assert bot.received[-1].text == PLACES[2]["payload"]
    post(whatsapp, fake, recorded.twilio_form("7"))  # no such option: the bot reads it as written
    assert bot.received[-1].text == "7"


def test_booking_options_numbered_by_the_bot_are_not_numbered_twice(whatsapp, fake, bot):
    bot.reply = [{"text": "How would you like to meet?",
                  "buttons": [{"title": "1. In person", "payload": '/inform{"booking_mode":"in_person"}'},
                              {"title": "2. By phone", "payload": '/inform{"booking_mode":"phone"}'}]}]
    post(whatsapp, fake, recorded.twilio_form("varaa aika"))
    assert fake.whatsapp_sent()[0]["Body"] == "How would you like to meet?\n1. In person\n2. By phone"


def test_numbers_continue_over_the_messages_of_one_turn(whatsapp, fake, bot, store):
    bot.reply = [{"text": "Answer", "buttons": PLACES[:1]}, {"text": "Or", "buttons": PLACES[1:]}]
    post(whatsapp, fake, recorded.twilio_form("Hei"))
    assert [m["Body"] for m in fake.whatsapp_sent()] == ["Answer\n1. Porvoo", "Or\n2. Loviisa\n3. Siuntio"]


@pytest.mark.parametrize(("form", "notice"), [
    (recorded.WHATSAPP_IMAGE, channel_texts.UNSUPPORTED_MEDIA),
    (recorded.WHATSAPP_VOICE, channel_texts.UNSUPPORTED_MEDIA),
    (recorded.WHATSAPP_LOCATION, channel_texts.UNSUPPORTED_LOCATION),
    (recorded.twilio_form(""), channel_texts.EMPTY_MESSAGE)], ids=["image", "voice", "location", "empty"])
def test_what_the_bot_cannot_read_gets_a_polite_answer(whatsapp, fake, bot, store, form, notice):
    store.shown(SENDER, [], language="fa")
    assert post(whatsapp, fake, form)[0] == 204
    assert bot.received == []
    [sent] = fake.whatsapp_sent()
    assert sent["Body"].replace(RLM, "") == channel_texts.text(notice, "fa") != notice


def test_a_long_answer_is_split_at_1600_characters(whatsapp, fake, bot):
    paragraph = "Kotoutumissuunnitelma laaditaan yhdessä kanssasi, ja se kestää niin kauan kuin tarvitset. "
    bot.reply = [{"text": paragraph * 40}]  # about 3,700 characters, one paragraph
    post(whatsapp, fake, recorded.twilio_form("Kerro suunnitelmasta"))
    bodies = [m["Body"] for m in fake.whatsapp_sent()]
    assert len(bodies) == 3 and all(len(body) <= 1600 for body in bodies)
    assert all(body.endswith(".") for body in bodies)  # cut between sentences
    assert " ".join(bodies).split() == (paragraph * 40).split()


def test_right_to_left_lines_open_with_a_mark(whatsapp, fake, bot):
    bot.reply = [{"text": "در کدام شهرداری زندگی می‌کنید؟", "buttons": PLACES[:2]}]
    post(whatsapp, fake, recorded.twilio_form("سلام"))
    lines = fake.whatsapp_sent()[0]["Body"].split("\n")
    assert lines == [RLM + "در کدام شهرداری زندگی می‌کنید؟", RLM + "1. Porvoo", RLM + "2. Loviisa"]
