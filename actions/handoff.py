"""Live chat with an advisor, the bot's side (docs/booking-bot.md).

Asking for a person, or two turns in a row the bot could not help with, offers a live chat when
the API says an advisor of the user's provider is on duty (`GET /v1/handoffs/availability`);
otherwise the booking form starts, as before live chat existed. The offer asks whether the
advisor may read the conversation so far: "yes" shares it, "no" hands over only the topic and
the language, "book an appointment instead" is the booking intent's own button. Then
`POST /v1/handoffs` queues the conversation; from then on the API's chat gateway sends the
user's messages to the advisor, not here, until the advisor hands back.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .api_client import ApiError, api
from .booking.reading import Turn, yes_or_no
from .channel_context import current_channel
from .conversation_state import intent_of, is_payload, language_of, last_entity_value

TOPIC = "human_handoff"
#: The slot the consent rules read; its only value says an offer is waiting for an answer.
OFFER_SLOT = "handoff_offer"
OFFERED = "offered"
#: ... or that the bot asked where the user lives: the advisors on duty are their provider's.
NEEDS_PLACE = "needs_place"
#: Consecutive turns the bot could not help with; two of them offer a person.
FAILURES_SLOT = "help_failures"
FAILURES_BEFORE_OFFER = 2
#: Ends an action's turn: the rules that run these actions are conditioned on `handoff_offer`,
#: which the actions change, so no rule would predict the wait for the user's next message.
LISTEN = FollowupAction("action_listen")
#: The API's limits on a shared transcript.
TRANSCRIPT_ITEMS = 50
TRANSCRIPT_CHARS = 2000
#: Rasa's input channel → the handoff's channel (the widget's gateway sends `session_language`).
CHANNELS = {"telegram": "telegram", "twilio": "whatsapp", "whatsapp": "whatsapp"}


def channel_of(tracker: Tracker) -> tuple[str, str | None]:
    """The channel the user writes from, and their platform id where the channel has one."""
    origin = current_channel()  # Telegram/WhatsApp: the sender id is only a hash of the user's id
    if origin is not None:
        return origin.channel, origin.user
    name = tracker.get_latest_input_channel() or "rest"
    if name in CHANNELS:
        return CHANNELS[name], None
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    return ("web" if metadata.get("session_language") else "rest"), None


def transcript(tracker: Tracker) -> list[dict[str, str]]:
    """What the user and the bot wrote (button payloads left out), the latest 50 texts."""
    items = []
    for event in tracker.events:
        text = (event.get("text") or "").strip()
        if event.get("event") not in ("user", "bot") or not text or text.startswith("/"):
            continue
        items.append({"sender": event["event"], "text": text[:TRANSCRIPT_CHARS]})
    return items[-TRANSCRIPT_ITEMS:]


async def advisor_on_duty(tracker: Tracker, place: str | None = None) -> bool:
    """Whether an advisor of the provider serving the place (default: the conversation's) is on
    duty now; an API that does not answer: no."""
    try:
        found = await api().handoff_availability(
            municipality=place or tracker.get_slot("municipality"), jobseeker=tracker.get_slot("jobseeker"),
            language=language_of(tracker))
    except ApiError:
        return False
    return bool(found.get("available"))


async def ask_place(dispatcher: CollectingDispatcher) -> list[EventType]:
    """Where the user lives decides whose advisors can take the chat: ask, with the covered places."""
    try:
        covered = await api().covered_municipalities()
    except ApiError:
        covered = []
    dispatcher.utter_message(response="utter_handoff_ask_municipality", topic=TOPIC, municipalities=covered)
    return [SlotSet(OFFER_SLOT, NEEDS_PLACE), LISTEN]


def offer(dispatcher: CollectingDispatcher) -> list[EventType]:
    """Offer the live chat and ask for consent to share the conversation."""
    dispatcher.utter_message(response="utter_handoff_offer", topic=TOPIC)
    return [SlotSet(OFFER_SLOT, OFFERED), SlotSet(FAILURES_SLOT, 0)]


async def start_booking(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
    """Today's flow: the booking form, with what the conversation already tells (the start
    action says live chat is not available when the user asked for a person)."""
    if intent_of(tracker) != "request_human":  # the start action says so only for that intent
        dispatcher.utter_message(response="utter_live_chat_unavailable", topic=TOPIC)
    from .booking.start import ActionBookingStart  # here: booking.start imports answers, which imports this

    events = await ActionBookingStart().run(dispatcher, tracker, domain)
    if any(event.get("event") == "followup" for event in events):
        return events  # the start did not start the form (e.g. a place Opas does not cover)
    return [*events, FollowupAction("booking_form")]


def counted_failure(tracker: Tracker, failed: bool) -> int:
    """The failures in a row after this turn: a turn that helped starts again from none."""
    return int(tracker.get_slot(FAILURES_SLOT) or 0) + 1 if failed else 0


class ActionHandoffOffer(Action):
    """`request_human`: offer a live chat when an advisor is on duty, else start the booking."""

    def name(self) -> str:
        return "action_handoff_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        named = last_entity_value(tracker, "municipality")  # "... a person in Porvoo", or the answer
        if not named and not tracker.get_slot("municipality") and tracker.get_slot(OFFER_SLOT) != NEEDS_PLACE:
            return await ask_place(dispatcher)
        if await advisor_on_duty(tracker, named):
            place = [SlotSet("municipality", named), SlotSet("uncovered_place", None)] if named else []
            return [*place, *offer(dispatcher), LISTEN]
        # Nobody on duty, a place Opas does not cover, or no place after all: the booking form
        # (it checks the place with the API and says so when it is not covered).
        return [SlotSet(OFFER_SLOT, None), *await start_booking(dispatcher, tracker, domain)]


class ActionHandoffLeave(Action):
    """"Leave the queue" where no chat gateway is in front of Rasa (the REST channel, Telegram,
    WhatsApp): the widget's gateway answers `/handoff_leave` itself and never sends it here."""

    def name(self) -> str:
        return "action_handoff_leave"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        try:
            active = await api().active_handoff(tracker.sender_id)
            if active is not None:
                await api().leave_handoff(active["id"])
        except ApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        if active is None and not is_payload(tracker):
            # Typed words about queues with no queue to leave ("how long is the wait for the
            # assessment?") are a question, not this button: answer it.
            return [FollowupAction("action_answer")]
        dispatcher.utter_message(response="utter_handoff_left", topic=TOPIC)
        return [SlotSet(OFFER_SLOT, None)]


def consent_of(tracker: Tracker) -> bool | None:
    """The answer to "may the advisor read our conversation?": True, False or None (unclear)."""
    answer = yes_or_no(Turn.of(tracker))
    return None if answer is None else answer == "yes"


class ActionHandoffConsent(Action):
    """The answer to the offer: queue the conversation for an advisor, sharing it if agreed."""

    def name(self) -> str:
        return "action_handoff_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        share = consent_of(tracker)
        if share is None:  # "maybe"? ask again
            return [*offer(dispatcher), LISTEN]
        channel, channel_user = channel_of(tracker)
        request: dict[str, Any] = {
            "conversation_id": tracker.sender_id, "channel": channel, "channel_user": channel_user,
            "language": language_of(tracker), "topic": tracker.get_slot("context_topic"),
            "municipality": tracker.get_slot("municipality"), "jobseeker": tracker.get_slot("jobseeker"),
            "share_transcript": share,
        }
        if share:
            request["transcript"] = transcript(tracker)
        try:
            handoff = await api().start_handoff(request)
        except ApiError as error:
            if error.status == 409:  # the last advisor went off duty meanwhile: book instead
                return [SlotSet(OFFER_SLOT, None), *await start_booking(dispatcher, tracker, domain)]
            dispatcher.utter_message(response="utter_service_unavailable")
            return [SlotSet(OFFER_SLOT, None), LISTEN]
        estimate = handoff.get("estimate_seconds")
        minutes = max(1, round(estimate / 60)) if isinstance(estimate, (int, float)) else None
        dispatcher.utter_message(
            response="utter_handoff_queued", topic=TOPIC, position=handoff.get("position"), minutes=minutes,
            handoff={"id": handoff.get("id"), "status": handoff.get("status", "queued"),
                     "position": handoff.get("position"), "estimate_seconds": estimate})
        return [SlotSet(OFFER_SLOT, None), SlotSet(FAILURES_SLOT, 0), LISTEN]

