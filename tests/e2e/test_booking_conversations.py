"""Booking, changing and cancelling an appointment in the chat, against the running stack (with the
demo advisors that `load-demo` gives it). Every turn of a booking is kind `booking`; a question in
between is `answer`; the confirmation carries `booking_reference` (CONTRACT.md §2). The buttons are
numbered ("2. Puhelimitse"); what the user already said is not asked again."""
from __future__ import annotations

import os
import re
import uuid

import httpx
import pytest

from locales.booking import format_when
from tests.e2e.conftest import opas, text_of

TOKEN = os.environ.get("OPAS_SERVICE_TOKEN", "opas-dev-service-token")


def buttons(messages: list[dict]) -> list[dict]:
    return [b for m in messages for b in m.get("buttons") or []]


def payload(messages: list[dict], contains: str, index: int = 0) -> str:
    found = [b["payload"] for b in buttons(messages) if contains in b["payload"]]
    assert found, f"no button with {contains} in {messages}"
    return found[index]


def titles(messages: list[dict], contains: str = "") -> list[str]:
    """Button titles without their numbers ("2. Puhelimitse" → "Puhelimitse")."""
    return [b["title"].split(". ", 1)[1] for b in buttons(messages) if contains in b["payload"]]


def kinds(messages: list[dict]) -> list[tuple[str, str | None]]:
    return [(m["custom"]["opas"]["kind"], m["custom"]["opas"]["topic"]) for m in messages
            if isinstance(m.get("custom"), dict) and "opas" in m["custom"]]


def look_up(stack, reference: str, contact: str) -> dict:
    response = httpx.post(f"{stack.api_url}/v1/appointments/{reference}/lookup", json={"contact": contact},
                          headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    response.raise_for_status()
    return response.json()


def cancel(stack, reference: str, contact: str) -> None:
    """Frees the time a test booked: the stack's database lives on between runs (var/e2e)."""
    response = httpx.post(f"{stack.api_url}/v1/appointments/{reference}/cancel", json={"contact": contact},
                          headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    response.raise_for_status()


def a_contact() -> str:
    """A valid Finnish mobile number of its own for each booking."""
    return f"040 {uuid.uuid4().int % 10_000_000:07d}"


def book_in_finnish(stack, sender: str, contact: str) -> str:
    """A whole booking in person in Porvoo, in Finnish, typing numbers and titles; its reference."""
    assert opas(stack.say(sender, "haluaisin varata tapaamisen kotoutumisneuvojan kanssa"))["kind"] == "booking"
    stack.say(sender, "Porvoo")
    stack.say(sender, "2")  # the second topic button: the integration plan (Finnish, the meeting language)
    times = stack.say(sender, "paikan päällä")
    assert "booking_slot" in payload(times, "booking_slot")
    stack.say(sender, "1")  # the first free time
    privacy = stack.say(sender, contact)
    assert "90 päivää" in text_of(privacy)
    summary = stack.say(sender, "kyllä")
    assert "Tapaaminen: Paikan päällä" in text_of(summary) and "Kotoutumissuunnitelma" in text_of(summary)
    done = stack.say(sender, "kyllä")
    o = opas(done)
    assert (o["kind"], o["topic"]) == ("booking", "booking") and o["booking_reference"]
    return o["booking_reference"]


def test_a_whole_booking_in_finnish(stack, sender):
    contact = a_contact()
    turns = []
    for text in ("haluaisin varata ajan neuvojalle", "Porvoo"):
        turns.append(stack.say(sender, text))
    topic = turns[-1]
    turns.append(stack.say(sender, payload(topic, '"integration_plan"')))
    modes = turns[-1]  # the meeting language is the conversation's: not asked
    assert [b["title"] for b in buttons(modes)] == ["1. Paikan päällä", "2. Puhelimitse", "3. Videolla"]
    turns.append(stack.say(sender, "Paikan päällä"))
    times = turns[-1]
    chosen = payload(times, "booking_slot")
    turns.append(stack.say(sender, chosen))
    turns.append(stack.say(sender, contact))
    turns.append(stack.say(sender, payload(turns[-1], '"booking_privacy":"yes"')))
    summary = turns[-1]
    assert "Neuvoja: Porvoon kaupunki" in text_of(summary)
    turns.append(stack.say(sender, payload(summary, '"booking_confirmed":"yes"')))
    for turn in turns:
        assert set(kinds(turn)) == {("booking", "booking")}, turn
    done = turns[-1]
    reference = opas(done)["booking_reference"]
    assert reference in text_of(done) and "calendar.ics?token=" in text_of(done) and "/cancel?token=" in text_of(done)
    appointment = look_up(stack, reference, contact)
    assert (appointment["status"], appointment["language"], appointment["mode"], appointment["topic"]) == \
        ("booked", "fi", "in_person", "integration_plan")
    assert appointment["slot"]["provider"] == "porvoo"
    assert format_when(appointment["slot"]["starts_at"], "fi") in text_of(done)
    cancel(stack, reference, contact)


def test_a_booking_in_arabic(stack, sender):
    contact = a_contact()
    first = stack.say(sender, "أريد حجز موعد مع مستشار الاندماج من فضلك")
    assert opas(first)["language"] == "ar" and opas(first)["kind"] == "booking"
    stack.say(sender, "بورفو")
    modes = stack.say(sender, "4")  # the fourth topic: other studies; the meeting language is Arabic
    assert payload(modes, "booking_mode")
    times = stack.say(sender, "حضوري")  # in person
    time_titles = titles(times, "booking_slot")
    assert time_titles and all(any("\u0600" <= ch <= "\u06ff" for ch in title) for title in time_titles)
    stack.say(sender, "الأول")  # "the first"
    privacy = stack.say(sender, contact)
    assert "90 يومًا" in text_of(privacy)
    summary = stack.say(sender, "نعم")
    assert "العربية" in text_of(summary)
    done = stack.say(sender, payload(summary, '"booking_confirmed":"yes"'))
    o = opas(done)
    assert (o["kind"], o["language"]) == ("booking", "ar") and o["booking_reference"]
    appointment = look_up(stack, o["booking_reference"], contact)
    assert appointment["language"] == "ar" and appointment["mode"] == "in_person"
    assert appointment["interpreter_needed"] is False  # an advisor who speaks Arabic
    # The time as Babel writes it in Arabic, in Finnish time.
    assert format_when(appointment["slot"]["starts_at"], "ar") in text_of(done)
    cancel(stack, o["booking_reference"], contact)


def test_no_advisor_speaking_the_language_offers_an_interpreter(stack, sender):
    contact = a_contact()
    stack.say(sender, "أريد حجز موعد مع مستشار الاندماج من فضلك")
    stack.say(sender, '/inform{"municipality":"loviisa"}')  # Loviisa's advisor speaks no Arabic
    stack.say(sender, '/inform{"meeting_topic":"other"}')
    none_free = stack.say(sender, "حضوري")
    assert opas(none_free)["kind"] == "booking" and "مترجم" in " ".join(titles(none_free))
    times = stack.say(sender, payload(none_free, '"booking_interpreter":"yes"'))
    stack.say(sender, payload(times, "booking_slot"))
    stack.say(sender, contact)
    summary = stack.say(sender, "نعم")
    done = stack.say(sender, payload(summary, '"booking_confirmed":"yes"'))
    appointment = look_up(stack, opas(done)["booking_reference"], contact)
    assert appointment["interpreter_needed"] is True and appointment["interpreter_language"] == "ar"
    cancel(stack, appointment["reference"], contact)


def test_a_question_in_the_middle_is_answered_and_the_booking_goes_on(stack, sender):
    stack.say(sender, "jag vill boka en tid hos en rådgivare")
    stack.say(sender, "Lovisa")
    modes = stack.say(sender, "1")
    assert titles(modes) == ["På plats", "Per telefon", "Via video"]  # Swedish is not asked
    answered = stack.say(sender, "vad är samhällsorientering?")
    assert ("answer", "civic_orientation") in kinds(answered)
    assert opas(answered)["kind"] == "booking"  # then the form asks its question again
    assert [b["title"] for b in buttons(answered) if "booking_mode" in b["payload"]] == [
        "1. På plats", "2. Per telefon", "3. Via video"]
    times = stack.say(sender, "per telefon")
    assert payload(times, "booking_slot")


def test_changing_the_time_at_the_summary_keeps_the_other_answers(stack, sender):
    contact = a_contact()
    for text in ("I would like to book a meeting with an advisor", "Kirkkonummi", "6", "phone"):
        times = stack.say(sender, text)
    first_time = next(b for b in buttons(times) if "booking_slot" in b["payload"])
    stack.say(sender, first_time["payload"])
    stack.say(sender, contact)
    summary = stack.say(sender, "yes")
    assert "Topic: Something else" in text_of(summary) and "Language: English" in text_of(summary)
    assert "Change the language" in titles(summary)
    again = stack.say(sender, "can I have another time?")
    assert set(kinds(again)) == {("booking", "booking")}
    second = [b for b in buttons(again) if "booking_slot" in b["payload"]][1]
    summary = stack.say(sender, second["payload"])  # contact and privacy are not asked again
    assert "Shall I book it?" in text_of(summary) and "Topic: Something else" in text_of(summary)
    done = stack.say(sender, "yes")
    appointment = look_up(stack, opas(done)["booking_reference"], contact)
    assert str(appointment["slot"]["id"]) in second["payload"]
    cancel(stack, appointment["reference"], contact)


@pytest.mark.parametrize("start, stop", [("haluan varata ajan", "peruuta"), ("vill boka en tid", "avbryt"),
                                         ("میخوام با مشاور وقت بگیرم", "بسه")])
def test_stop_ends_the_booking_with_nothing_booked(stack, sender, start, stop):
    stack.say(sender, start)
    stack.say(sender, "Porvoo")
    stopped = stack.say(sender, stop)
    assert opas(stopped)["kind"] == "booking"
    assert opas(stack.say(sender, "mikä on kotoutumissuunnitelma?"))["kind"] == "answer"  # the form is gone


def test_asking_for_a_person_offers_a_live_chat_or_a_booking_instead(stack, sender):
    # The demo advisors are on live chat duty (docs/handoff.md): the place is asked (whose advisors),
    # then the live chat is offered; "book an appointment instead" leads into the booking.
    messages = stack.say(sender, "connect me to a human advisor please")
    assert set(kinds(messages)) == {("handoff", "human_handoff")}
    offer = stack.say(sender, "Askola")
    assert set(kinds(offer)) == {("handoff", "human_handoff")}
    assert {"/affirm", "/deny", "/book_appointment"} <= {b["payload"] for b in buttons(offer)}
    assert opas(stack.say(sender, "/book_appointment"))["kind"] == "booking"


def test_cancel_by_reference_after_confirming_the_contact(stack, sender):
    contact = a_contact()
    reference = book_in_finnish(stack, sender, contact)
    other = f"e2e-{uuid.uuid4().hex[:12]}"  # another day, another conversation
    asked = stack.say(other, f"I need to cancel my appointment {reference}")
    assert set(kinds(asked)) == {("booking", "booking")}
    wrong = stack.say(other, a_contact())  # not the contact it was booked with
    assert "could not find" in text_of(wrong)
    stack.say(other, reference)
    confirm = stack.say(other, contact)
    assert "cancel" in text_of(confirm)
    done = stack.say(other, payload(confirm, '"manage_confirmed":"yes"'))
    assert opas(done)["booking_reference"] == reference and opas(done)["kind"] == "booking"
    assert look_up(stack, reference, contact)["status"] == "cancelled"


def test_what_was_said_is_not_asked_again_and_a_booking_takes_six_turns(stack, sender):
    contact = a_contact()
    turns = [stack.say(sender, "I live in Porvoo and want to book an appointment with an advisor about the "
                               "integration plan")]
    assert payload(turns[0], "booking_mode")  # the place, the topic and the language are known
    turns.append(stack.say(sender, "in person"))
    assert payload(turns[-1], "booking_slot")
    turns.append(stack.say(sender, "the first one"))
    first_time = payload(turns[-2], "booking_slot")
    turns.append(stack.say(sender, contact))
    turns.append(stack.say(sender, "yes"))  # the privacy notice
    summary = turns[-1]
    for line in ("Language: English", "Topic: Integration plan", "Advisor: City of Porvoo", "Meeting: In person"):
        assert line in text_of(summary), text_of(summary)
    turns.append(stack.say(sender, "yes"))
    assert len(turns) == 6 and opas(turns[-1])["booking_reference"]
    for turn in turns:
        assert set(kinds(turn)) == {("booking", "booking")}, turn
    appointment = look_up(stack, opas(turns[-1])["booking_reference"], contact)
    assert (appointment["topic"], appointment["language"], appointment["mode"]) == \
        ("integration_plan", "en", "in_person")
    assert str(appointment["slot"]["id"]) in first_time and appointment["slot"]["provider"] == "porvoo"
    cancel(stack, appointment["reference"], contact)


def test_a_time_typed_as_a_date_and_an_hour(stack, sender):
    contact = a_contact()
    stack.say(sender, "haluan varata ajan neuvojalle")
    stack.say(sender, "Porvoo")
    stack.say(sender, "2")  # the integration plan
    times = stack.say(sender, "paikan päällä")
    second = [b for b in buttons(times) if "booking_slot" in b["payload"]][1]
    # "2. ti 8.12. 14.00" → "8.12. klo 14": the date and the hour, typed.
    date, hour = re.search(r"(\d{1,2}\.\d{1,2}\.) (\d{1,2})\.00$", second["title"]).groups()
    privacy_or_contact = stack.say(sender, f"{date} klo {hour}")
    assert "puhelinnumero" in text_of(privacy_or_contact).lower()  # the contact is asked: a time was chosen
    stack.say(sender, contact)
    stack.say(sender, "kyllä")  # the privacy notice
    done = stack.say(sender, "kyllä")
    appointment = look_up(stack, opas(done)["booking_reference"], contact)
    assert str(appointment["slot"]["id"]) in second["payload"]
    cancel(stack, appointment["reference"], contact)


def test_stop_without_a_booking_under_way_does_not_speak_of_one(stack, sender):
    stack.say(sender, "I want to cancel my appointment")  # asks for a reference
    stopped = stack.say(sender, "stop")
    assert "stays as it was" not in text_of(stopped)
    assert "stays as it was" not in text_of(stack.say(sender, "stop"))  # nothing going on at all
