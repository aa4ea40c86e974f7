"""Webhook bodies as the platforms send them (shapes recorded from the Telegram Bot API's and
Twilio's documentation examples; ids and numbers made up)."""
from __future__ import annotations

CHAT_ID = 987654321
USER = {"id": CHAT_ID, "is_bot": False, "first_name": "Amina", "username": "amina_k", "language_code": "so"}
CHAT = {"id": CHAT_ID, "first_name": "Amina", "username": "amina_k", "type": "private"}


def telegram_message(update_id: int = 100000001, **content) -> dict:
    message = {"message_id": 11, "from": USER, "chat": CHAT, "date": 1796295600}
    message.update(content)
    return {"update_id": update_id, "message": message}


TEXT = telegram_message(text="Waa maxay barnaamijka is-dhexgalka?")
PHOTO = telegram_message(photo=[{"file_id": "AgACAgQAAxkBAAIB", "file_unique_id": "AQADx", "file_size": 1290,
                                 "width": 90, "height": 67}], caption=None)
VOICE = telegram_message(voice={"duration": 2, "mime_type": "audio/ogg", "file_id": "AwACAgQAAxkBAAIC",
                                "file_unique_id": "AgADx", "file_size": 7004})
STICKER = telegram_message(sticker={"width": 512, "height": 512, "emoji": "👍", "is_animated": False,
                                    "is_video": False, "type": "regular", "file_id": "CAACAgIAAxkBAAID",
                                    "file_unique_id": "AgADy", "file_size": 12000})
LOCATION = telegram_message(location={"latitude": 60.3932, "longitude": 25.6651})
EMPTY = telegram_message()
CHANNEL_POST = {"update_id": 100000009, "channel_post": {"message_id": 2, "chat": {"id": -100123, "type": "channel"},
                                                         "date": 1796295600, "text": "news"}}


def telegram_callback(data: str) -> dict:
    return {"update_id": 100000002, "callback_query": {
        "id": "4382bfdwdsb323b2d9", "from": USER, "chat_instance": "-7300000000000000000", "data": data,
        "message": {"message_id": 12, "from": {"id": 555, "is_bot": True, "first_name": "Opas"}, "chat": CHAT,
                    "date": 1796295601, "text": "Choose"}}}


WHATSAPP_FROM = "whatsapp:+358401234567"


def twilio_form(body: str = "", **extra: str) -> dict[str, str]:
    form = {"SmsMessageSid": "SM11111111111111111111111111111111", "NumMedia": "0", "ProfileName": "Amina",
            "SmsSid": "SM11111111111111111111111111111111", "WaId": "358401234567", "SmsStatus": "received",
            "Body": body, "To": "whatsapp:+14155238886", "NumSegments": "1", "ReferralNumMedia": "0",
            "MessageSid": "SM11111111111111111111111111111111", "AccountSid": "AC00000000000000000000000000000000",
            "From": WHATSAPP_FROM, "ApiVersion": "2010-04-01"}
    form.update(extra)
    return form


WHATSAPP_IMAGE = twilio_form(NumMedia="1", MediaContentType0="image/jpeg",
                             MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM0/Media/ME0")
WHATSAPP_VOICE = twilio_form(NumMedia="1", MediaContentType0="audio/ogg",
                             MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM1/Media/ME1")
WHATSAPP_LOCATION = twilio_form(Latitude="60.3932", Longitude="25.6651", Address="Porvoo")
