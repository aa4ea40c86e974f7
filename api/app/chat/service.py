"""The chat gateway: sessions, limits and forwarding, with errors in the conversation's language."""

from __future__ import annotations

import math
from datetime import timedelta

from locales.handoff import LEAVE_PAYLOAD, handoff_text
from locales.languages import negotiate
from locales.widget import chat_error

from ..config import Settings
from ..errors import BotUnavailable, ChatMessageTooLong, TooManyRequests, UnknownChatSession
from ..handoff.target import HandoffTarget, NoOpenHandoff
from ..languages import check_language, language_or_default
from ..limits import SlidingWindowLimiter
from .schemas import ChatSession, MessageIn, OpasInfo, ReplyMessage, SessionCreate, Turn
from .sessions import SessionIds, SessionLanguages
from .targets import ConversationTarget, RasaRestTarget, RestMessages, TargetUnavailable, group_turn


class ChatGateway:
    """One per app (``app.state.chat``); async routes only, so its state needs no locks."""

    def __init__(
        self,
        settings: Settings,
        bot: ConversationTarget | None = None,
        handoffs: HandoffTarget | None = None,
    ) -> None:
        self.settings = settings
        self.bot: ConversationTarget = bot or RasaRestTarget(
            settings.rasa_url, settings.rasa_timeout_seconds
        )
        # None: no live handoff (every message goes to the bot).
        self.handoffs = handoffs
        self.ids = SessionIds(
            settings.secret_key.get_secret_value(),
            timedelta(days=settings.chat_session_max_age_days),
        )
        self.languages = SessionLanguages()
        self.per_session = SlidingWindowLimiter(settings.chat_messages_per_minute_per_session)
        self.per_address = SlidingWindowLimiter(settings.chat_messages_per_minute_per_address)
        self.sessions_per_address = SlidingWindowLimiter(
            settings.chat_sessions_per_minute_per_address
        )

    # --- the seam of the live handoff ------------------------------------------------------------

    async def target_for(self, session_id: str) -> ConversationTarget:
        """Who answers this session: the advisor while it has a queued or claimed handoff (read
        from the database, so every API worker agrees), else the bot."""
        if self.handoffs is not None and await self.handoffs.is_open(session_id):
            return self.handoffs
        return self.bot

    # --- sessions --------------------------------------------------------------------------------

    def start_session(
        self, request: SessionCreate, accept_language: str | None, address: str
    ) -> ChatSession:
        language = (
            check_language(request.language) if request.language else negotiate(accept_language)
        )
        self._limit(language, (self.sessions_per_address, address))
        self.sessions_per_address.record(address)
        session_id, expires_at = self.ids.new()
        self.languages.set(session_id, language)
        return ChatSession(
            session_id=session_id,
            language=language,
            municipality=request.municipality,
            expires_at=expires_at,
        )

    def forget(self, session_id: str) -> None:
        """Drops what the gateway remembers of a session (its deleted conversation's language)."""
        self.languages.forget(session_id)

    def error_language(self, session_id: str, accept_language: str | None) -> str:
        """The language of this session's error messages."""
        return self.languages.get(session_id) or negotiate(accept_language)

    # --- messages --------------------------------------------------------------------------------

    async def send(
        self, session_id: str, message: MessageIn, accept_language: str | None, address: str
    ) -> Turn:
        picked = check_language(message.language) if message.language else None
        language = picked or self.error_language(session_id, accept_language)
        if not self.ids.is_valid(session_id):
            raise UnknownChatSession(chat_error("unknown_chat_session", language))
        if picked:
            self.languages.set(session_id, picked)
        limit = self.settings.chat_max_message_chars
        if message.text is not None and len(message.text) > limit:
            raise ChatMessageTooLong(chat_error("message_too_long", language, max_length=limit))
        self._limit(language, (self.per_session, session_id), (self.per_address, address))
        self.per_session.record(session_id)
        self.per_address.record(address)

        # The picker's choice sets the conversation language; the session's language (the page's or
        # the browser's) is a hint for the messages that show none (CONTRACT.md §5).
        metadata = {"session_language": language, **({"language": picked} if picked else {})}
        if self.handoffs is not None and message.message == LEAVE_PAYLOAD:
            return await self._leave_handoff(session_id, language)
        try:
            raw = await self._forward(session_id, message.message, metadata)
        except TargetUnavailable as error:
            raise BotUnavailable(chat_error("bot_unavailable", language)) from error
        turn = group_turn(raw)
        if turn.opas is not None and turn.opas.language:
            self.languages.set(session_id, language_or_default(turn.opas.language))
        return turn

    async def _forward(self, session_id: str, message: str, metadata: dict[str, str]) -> RestMessages:
        target = await self.target_for(session_id)
        if target is self.handoffs:
            try:
                return await target.send(session_id, message, metadata)
            except NoOpenHandoff:
                pass  # closed a moment ago: the bot answers again
        return await self.bot.send(session_id, message, metadata)

    async def _leave_handoff(self, session_id: str, language: str) -> Turn:
        """``/handoff_leave``: the gateway closes the handoff itself and the bot answers again."""
        assert self.handoffs is not None
        raw = await self.handoffs.leave(session_id, language)
        if raw is not None:
            return group_turn(raw)
        opas = OpasInfo(kind="handoff", topic="human_handoff", language=language)
        return Turn(messages=[ReplyMessage(text=handoff_text("left_queue", language))], opas=opas)

    def _limit(self, language: str, *checks: tuple[SlidingWindowLimiter, str]) -> None:
        wait = max(limiter.retry_after(key) for limiter, key in checks)
        if wait > 0:
            raise TooManyRequests(
                chat_error("too_many_requests", language),
                headers={"Retry-After": str(math.ceil(wait))},
            )

    async def aclose(self) -> None:
        await self.bot.aclose()
