"""Actions for the tests of bot/components/in_process_actions.py."""
from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from rasa_sdk.interfaces import ActionExecutionRejection


class SayAndSet(Action):
    def name(self) -> str:
        return "action_say_and_set"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=f"you said {tracker.latest_message.get('text')}")
        return [SlotSet("municipality", "loviisa")]


class Reject(Action):
    def name(self) -> str:
        return "action_reject"

    def run(self, dispatcher, tracker, domain):
        raise ActionExecutionRejection(self.name(), "not here")


class Break(Action):
    def name(self) -> str:
        return "action_break"

    def run(self, dispatcher, tracker, domain):
        raise RuntimeError("a bug in an action")


class BadEvent(Action):
    def name(self) -> str:
        return "action_bad_event"

    def run(self, dispatcher, tracker, domain):
        return [{"event": "slot"}]  # a slot event without a name
