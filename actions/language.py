"""Changing the conversation language on the user's request."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from locales.languages import SUPPORTED, native_name

from .conversation_state import last_entity_value


class ActionChangeLanguage(Action):
    """Confirms the new language (kind `language`), or asks which one when none was named.

    The slot itself was already switched by `action_validate_slot_mappings`.
    """

    def name(self) -> str:
        return "action_change_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        requested = last_entity_value(tracker, "requested_language")
        if requested in SUPPORTED:
            dispatcher.utter_message(response="utter_language_changed", language=requested,
                                     language_native=native_name(requested))
        else:
            dispatcher.utter_message(response="utter_language_menu")
        return []
