"""Personal data is masked in the questions kept for the coordinators; ordinary questions are not."""

from __future__ import annotations

import pytest

from api.app.analytics.masking import mask_personal_data

NAMES = [
    ("en", "My name is Ahmed Ali and I live in Porvoo, what do I do?", "Ahmed", "Ali"),
    ("en", "Hello, my name's Maria. Is the course free?", "Maria", None),
    ("fi", "Nimeni on Matti Meikäläinen, mistä saan apua?", "Matti", "Meikäläinen"),
    ("fi", "hei mun nimi on aino virtanen ja haluan tietää", "aino", None),
    ("sv", "Jag heter Anna Lindqvist och bor i Lovisa", "Anna", "Lindqvist"),
    ("ru", "Меня зовут Иван Петров, где курсы языка?", "Иван", "Петров"),
    ("uk", "Мене звати Олена Коваленко. Де курси?", "Олена", "Коваленко"),
    ("ar", "اسمي محمد، أين دروس اللغة؟", "محمد", None),
    ("so", "Magacaygu waa Hodan Cali, xagee laga bartaa luqadda?", "Hodan", "Cali"),
    ("fa", "اسم من علی است و کلاس زبان کجاست؟", "علی", None),
]


@pytest.mark.parametrize(("language", "question", "first", "last"), NAMES)
def test_a_name_the_writer_gives_is_masked(language: str, question: str, first: str, last: str | None) -> None:
    masked = mask_personal_data(question)
    assert first not in masked and "[name]" in masked, masked
    if last:
        assert last not in masked, masked


def test_what_follows_a_name_stays_readable() -> None:
    assert mask_personal_data("Jag heter Anna och bor i Lovisa") == "Jag heter [name] och bor i Lovisa"
    assert mask_personal_data("اسم من علی است و کلاس زبان کجاست؟") == "اسم من [name] است و کلاس زبان کجاست؟"


@pytest.mark.parametrize(("question", "secret", "placeholder"), [
    ("Call me on 040 123 4567 please", "123 4567", "[phone]"),
    ("Soita numeroon 0401234567", "0401234567", "[phone]"),
    ("Мой телефон +358 45 678 9012", "678 9012", "[phone]"),
    ("رقمي 00358401234567", "401234567", "[phone]"),
    ("Ring (09) 310 1691", "310 1691", "[phone]"),
    ("Write to anna.virtanen@example.fi or me", "anna.virtanen", "[email]"),
    ("سجل بريدي ali_99@mail.example.com", "ali_99", "[email]"),
    ("Henkilötunnukseni on 131052-308T", "131052-308T", "[id code]"),
    ("min personbeteckning är 010203A123X", "010203A123X", "[id code]"),
    ("born 2000s: 010105B1234", "010105B1234", "[id code]"),
    ("Asun osoitteessa Rauhankatu 10 B 5 Porvoossa", "Rauhankatu 10", "[address]"),
    ("I live at Mannerheimintie 12 A 5", "Mannerheimintie 12", "[address]"),
    ("Jag bor på Storgatan 3 lgh 1102", "Storgatan 3", "[address]"),
    ("Живу: ул. Ленина 5 кв 3", "Ленина 5", "[address]"),
    ("Я живу на вулиця Шевченка 10", "Шевченка 10", "[address]"),
    ("أسكن في شارع الملك 12", "الملك 12", "[address]"),
    ("خانه من خیابان آزادی ۱۲ است", "آزادی ۱۲", "[address]"),
    ("Kela asiakasnumero 123456789", "123456789", "[number]"),
    ("IBAN FI21 1234 5600 0007 85", "1234 5600 0007", "[number]"),
])
def test_phone_numbers_email_id_codes_addresses_and_long_numbers_are_masked(
    question: str, secret: str, placeholder: str
) -> None:
    masked = mask_personal_data(question)
    assert secret not in masked and placeholder in masked, masked


@pytest.mark.parametrize("question", [
    "How long is the 2025-2026 integration programme?",
    "Kestääkö kotoutumiskoulutus 12 kuukautta?",
    "Is the course free for people over 65?",
    "Hur många timmar är samhällsorienteringen, 60 eller 70?",
    "Какой уровень языка нужен, B1?",
    "Чи можна вчитися 3 дні на тиждень?",
    "هل التوجيه المجتمعي مجاني؟",
    "Koorsadu ma bilaash baa?",
    "طرح سازگاری اول حداکثر چقدر طول می‌کشد؟",
    "What is the name of the course in Swedish?",
    "Mikä on kurssin nimi ruotsiksi?",
])
def test_ordinary_questions_are_kept_as_they_are(question: str) -> None:
    assert mask_personal_data(question) == question
