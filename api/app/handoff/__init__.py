"""Live handoff to an integration advisor (issue 14, docs/handoff.md): queue, claim, chat, hand back.

``models`` (tables), ``service`` (the state machine), ``duty`` (who is on duty), ``router``
(``/v1/handoffs`` for the bot and the channels), ``target`` and ``streams`` (the chat gateway's
side), ``staff_api`` and ``inbox`` (the advisor's side), ``sweep`` (time-outs).
"""
