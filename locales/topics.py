"""The topic ids of CONTRACT.md §3: the one list both sides take them from.

The programme data (data/topics.yml) must have exactly these (the API's loader checks it); the
bot's intents are `ask_<topic>` for the content topics (the parity tests check it).
"""

from __future__ import annotations

#: Every topic, in CONTRACT.md §3's order.
TOPICS: tuple[str, ...] = (
    "integration_programme",
    "service_provider",
    "responsibility_split",
    "needs_assessment",
    "integration_plan",
    "civic_orientation",
    "integration_training",
    "other_training",
    "guidance_counselling",
    "contact",
    "booking",
    "human_handoff",
)
#: Topics that are flows of the bot (the booking and handoff forms), not questions to answer.
FLOW_TOPICS: frozenset[str] = frozenset({"booking", "human_handoff"})
#: What a meeting with an advisor can be about: the content topics, or something else.
MEETING_TOPICS: tuple[str, ...] = (*(t for t in TOPICS if t not in FLOW_TOPICS), "other")
