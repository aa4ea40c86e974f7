"""`action_delete_conversation`: the user asked, in the chat, to delete their conversation.

The API deletes what it keeps of it (live handoffs and their transcripts; the tracker store's
copy too, where it can reach it). The tracker store's copy goes in any case, after this turn:
`components.personal_data` deletes it instead of saving it, once the reply has been sent (deleting
it here would be undone by the save that ends this turn). The analytics keep no conversation id.
"""
from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .api_client import ApiError, api

logger = logging.getLogger(__name__)


class ActionDeleteConversation(Action):
    def name(self) -> str:
        return "action_delete_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        try:
            await api().delete_conversation(tracker.sender_id)
        except ApiError as error:  # the tracker's copy still goes; the handoffs expire by retention
            logger.warning("deleting a conversation's handoffs failed: %s", error.status or "no answer")
        dispatcher.utter_message(response="utter_conversation_deleted")
        return []
