"""Telegram and WhatsApp (through Twilio) for Opas: Rasa 3.6's connectors, made safe and fitted.

- `telegram.OpasTelegramInput` and `whatsapp.OpasWhatsAppInput` subclass Rasa's `TelegramInput`
  and `TwilioInput`: they verify every webhook (Telegram's secret-token header, Twilio's
  `X-Twilio-Signature`) and refuse the rest, keep only a keyed hash of the platform's user id as
  the conversation id, answer photos, stickers, locations and empty messages politely, and send a
  message of a conversation with a live handoff to the advisor instead of the bot (`webhook`).
- Their output channels send through the platforms' HTTP APIs (base URLs configurable, so tests
  use fakes) and format every message for the channel (`locales.channel_format`).
- `credentials` writes the Rasa credentials file with only the channels whose settings are set.

See docs/channels.md.
"""
