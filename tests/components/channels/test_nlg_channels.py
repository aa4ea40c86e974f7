"""The response generator knows the output channel: `custom.opas` for REST only; on Telegram and
WhatsApp an answer's sources are plain links in the text."""
from __future__ import annotations

from tests.components.test_nlg import generate, generator, tracker

SOURCES = [{"id": "act-681-2023", "title": "Act on the Promotion of Integration 681/2023",
            "url": "https://www.finlex.fi/fi/laki/alkup/2023/20230681"}]
ANSWER = "The integration programme is a plan of the municipality."


def test_telegram_and_whatsapp_get_the_sources_as_links_and_no_custom():
    for channel in ("telegram", "twilio"):
        message = generate(generator(), "utter_answer", tracker(language="sv"), channel,
                           answer=ANSWER, sources=SOURCES)
        assert "custom" not in message
        assert message["text"].startswith(ANSWER)
        assert message["text"].endswith("Källor:\nAct on the Promotion of Integration 681/2023\n"
                                        "https://www.finlex.fi/fi/laki/alkup/2023/20230681")


def test_rest_keeps_the_sources_in_custom_opas_only():
    message = generate(generator(), "utter_answer", tracker(language="en"), "collector",
                       answer=ANSWER, sources=SOURCES)
    assert "finlex" not in message["text"]
    assert message["custom"]["opas"]["sources"] == SOURCES


def test_a_source_without_an_address_is_named():
    minutes = [{"id": "lovisa-minutes-2025", "title": "Porvoon työllisyysalueen kotoutumisohjelma 2025-2026",
                "url": None}]
    message = generate(generator(), "utter_answer", tracker(language="fi"), "telegram", answer=ANSWER, sources=minutes)
    assert message["text"].endswith("Lähteet:\nPorvoon työllisyysalueen kotoutumisohjelma 2025-2026")
