"""Messaging channels (Telegram, WhatsApp) on the API's side: `outbound.deliver` sends a live
handoff's events (the advisor's replies and the join/leave/time-out notices) to the user's chat.
The bot's side (the webhooks) is bot/components/channels/; docs/channels.md tells both."""
