"""The user's place as the API answers for it: whether Opas covers it, and who serves the user
there. The bot decides neither (the API owns coverage and providers at run time): it asks
`GET /v1/slots?municipality=...`, the call that also gives the free times."""
from __future__ import annotations

from rasa_sdk.events import EventType, SlotSet

from ..api_client import ApiError, api


def covered_place(place: str, provider: str) -> list[EventType]:
    """The slots of a place the API covers (the conversation's place too)."""
    return [SlotSet("booking_municipality", place), SlotSet("booking_provider", provider),
            SlotSet("municipality", place), SlotSet("uncovered_place", None)]


def uncovered_place(place: str) -> list[EventType]:
    """The slots of a place the API does not cover: nothing to book there."""
    return [SlotSet("booking_end", "out_of_coverage"), SlotSet("municipality", None),
            SlotSet("uncovered_place", place)]


async def check_place(place: str, jobseeker: str | None) -> tuple[bool | None, list[EventType]]:
    """(covered?, slot events) for a place the user named. When the API cannot be asked, the place
    is taken as said (None): the free-time question asks again and then knows."""
    try:
        found = await api().free_slots(municipality=place, jobseeker=jobseeker, limit=1)
    except ApiError:
        return None, [SlotSet("booking_municipality", place)]
    if found.get("provider") is None:
        return False, uncovered_place(place)
    return True, covered_place(place, found["provider"])
