"""Free times: `action_ask_booking_slot` asks the API for the next free times of whoever serves the
user's municipality (the API decides who, and whether the place is covered at all), in the
meeting language (with an interpreter if the user allows one) and mode. When none is free it
offers what else there is, or ends the form (`booking_end`), and `action_booking_submit` says so.
The manage form offers free times with the same helpers.
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from locales.booking import local_time

from ..api_client import ApiError, api
from ..conversation_state import language_of
from .place import uncovered_place
from .questions import ask
from .state import MODES, REQUESTED_SLOT, slot_summary

OFFERED = 5  # free times shown at once: more buttons than this are hard to read on a phone


# A Finnish or international phone number in a sentence ("puhelin 044 055 5435").
_PHONE_IN_TEXT = re.compile(r"(?:\+\d{3}|\b0\d{1,3})[ -]?\d{2,4}[ -]?\d{3,4}\b")


async def contact_info(tracker: Tracker, municipality: str | None) -> dict[str, Any]:
    """The phone contact the programme documents give for the user's place (today only Loviisa's
    immigrant coordinator), as arguments `contact_info` and `sources`; nothing when they give none.

    Only the paragraphs of the `contact` topic that hold a phone number: the rest of that topic
    ("the documents name no contact", "book an advisor here") would only repeat what the user
    is being told already.
    """
    request = {"question": "", "language": language_of(tracker), "municipality": municipality,
               "jobseeker": tracker.get_slot("jobseeker") or "unknown", "more": "contact"}
    try:
        result = await api().answer(request)
    except ApiError:
        return {}
    if result.get("status") != "answer" or not result.get("text"):
        return {}
    phones = [part.strip() for part in result["text"].split("\n\n") if _PHONE_IN_TEXT.search(part)]
    if not phones:
        return {}
    return {"contact_info": "\n\n".join(phones), "sources": result.get("sources") or []}


def distinct_times(slots: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """One offer per start time (two advisors free at 9.00 would be two identical buttons),
    preferring an advisor who speaks the language."""
    chosen: dict[str, dict[str, Any]] = {}
    for slot in slots:
        kept = chosen.get(slot["starts_at"])
        if kept is None or (kept.get("interpreter_needed") and not slot.get("interpreter_needed")):
            chosen[slot["starts_at"]] = slot
    return sorted(chosen.values(), key=lambda s: s["starts_at"])[:limit]


def next_day_after(offers: list[dict[str, Any]] | None) -> str | None:
    """The first day after the last offered time (Finnish time), for "later times"."""
    days = [local_time(offer.get("starts_at")) for offer in offers or []]
    days = [day for day in days if day is not None]
    return (max(days).date() + timedelta(days=1)).isoformat() if days else None


class AskBookingSlot(Action):
    """Offers the next free times as buttons, or what else there is when none is free."""

    def name(self) -> str:
        return "action_ask_booking_slot"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        place = tracker.get_slot("booking_municipality")
        query = {"municipality": place, "jobseeker": tracker.get_slot("jobseeker"),
                 "language": tracker.get_slot("booking_language") or language_of(tracker),
                 "with_interpreter": tracker.get_slot("booking_interpreter") == "yes",
                 "mode": tracker.get_slot("booking_mode")}
        from_date = tracker.get_slot("booking_from")
        if not place:  # cannot happen through the form (the place is asked first)
            return [SlotSet("booking_end", "stopped"), SlotSet(REQUESTED_SLOT, None)]
        events: list[EventType] = []
        try:
            found = await api().free_slots(**query, from_date=from_date, limit=OFFERED * 2)
            if found.get("provider") is None:  # the API does not cover the place
                return [*uncovered_place(place), SlotSet(REQUESTED_SLOT, None)]
            events.append(SlotSet("booking_provider", found["provider"]))
            if not found["slots"] and from_date:
                # No later times: start again from the first free one.
                events.append(SlotSet("booking_from", None))
                found = await api().free_slots(**query, limit=OFFERED * 2)
            if found["slots"]:
                offers = distinct_times(found["slots"], OFFERED)
                events.append(SlotSet("booking_offers", [slot_summary(slot) for slot in offers]))
                return events + ask(dispatcher, tracker, "utter_ask_booking_slot", times=offers)
            alternatives = await self.alternatives(query)
        except ApiError:
            # Nothing was collected that could be lost; "try again" picks up from here.
            return [SlotSet("booking_end", "api_down"), SlotSet(REQUESTED_SLOT, None)]
        if not alternatives:
            return [*events, SlotSet("booking_end", "no_times"), SlotSet(REQUESTED_SLOT, None)]
        info = await contact_info(tracker, place)
        asked = ask(dispatcher, tracker, "utter_booking_no_slots", alternatives=alternatives, **info)
        return [*events, SlotSet("booking_offers", []), *asked]

    @staticmethod
    async def alternatives(query: dict[str, Any]) -> list[str]:
        """Other modes with free times, and "interpreter" when allowing one would find some."""
        found = [other for other in MODES if other != query["mode"]
                 and (await api().free_slots(**{**query, "mode": other}, limit=1))["slots"]]
        if not query["with_interpreter"] and \
                (await api().free_slots(**{**query, "with_interpreter": True}, limit=1))["slots"]:
            found.append("interpreter")
        return found
