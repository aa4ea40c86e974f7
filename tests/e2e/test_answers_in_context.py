"""Answers that answer the question, in a real conversation, in all eight languages (issue 11):
a fact asked first, a follow-up in context, first steps, out of scope, a code-mixed question.

Through the running stack (Rasa's REST channel, the in-process actions, the API's selection).
The sentences are written for these tests, never taken from an evaluation set.
"""
from __future__ import annotations

import pytest

from tests.e2e.conftest import opas, text_of

#: language → (a question asking one fact, a string of that fact's statement, its source id)
FACTS = {
    "fi": ("Montako tuntia yhteiskuntaorientaatiokurssi kestää?", "70", "valtioneuvosto-integration-decrees-2024"),
    "sv": ("Hur många studiepoäng omfattar integrationsutbildningen?", "80", "kotoutuminen-fi-training-scope"),
    "en": ("Who is in charge of the final language test of integration training?", "Opetushallitus",
           "kotoutuminen-fi-final-language-test"),
    "uk": ("Скільки годин триває курс орієнтації в суспільстві?", "70", "valtioneuvosto-integration-decrees-2024"),
    "ru": ("Сколько кредитов в интеграционном обучении?", "80", "kotoutuminen-fi-training-scope"),
    "ar": ("كم ساعة تستغرق دورة التوجيه المجتمعي؟", "70", "valtioneuvosto-integration-decrees-2024"),
    "so": ("Imisa dhibcood ayuu leeyahay tababarka is-dhexgalka?", "80", "kotoutuminen-fi-training-scope"),
    "fa": ("دوره جهت‌یابی اجتماعی چند ساعت است؟", "70", "valtioneuvosto-integration-decrees-2024"),
}


@pytest.mark.parametrize("language", sorted(FACTS))
def test_a_fact_question_is_answered_first_and_short(stack, sender, language):
    question, fact, source = FACTS[language]
    reply = stack.say(sender, question)
    o = opas(reply)
    assert (o["kind"], o["language"]) == ("answer", language)
    first = next(m["text"] for m in reply if m.get("text"))
    assert fact in first, first
    assert source in {s["id"] for s in o["sources"]}
    assert len(text_of(reply)) <= 600


#: language → (a question about civic orientation, a follow-up that only makes sense after it)
FOLLOW_UPS = {
    "fi": ("Mikä on monikielinen yhteiskuntaorientaatio?", "millä kielellä se on?"),
    "sv": ("Vad är flerspråkig samhällsorientering?", "på vilket språk hålls den?"),
    "en": ("What is multilingual civic orientation?", "and in which language is it held?"),
    "uk": ("Що таке багатомовна орієнтація в суспільстві?", "а якою мовою він проходить?"),
    "ru": ("Что такое многоязычная ориентация в обществе?", "а на каком языке он проходит?"),
    "ar": ("ما هو التوجيه المجتمعي متعدد اللغات؟", "وبأي لغة تكون؟"),
    "so": ("Waa maxay barashada bulshada ee luuqado badan?", "luqaddee lagu bixiyaa?"),
    "fa": ("جهت‌یابی اجتماعی چندزبانه چیست؟", "به چه زبانی برگزار می‌شود؟"),
}


@pytest.mark.parametrize("language", sorted(FOLLOW_UPS))
def test_a_follow_up_is_answered_about_the_same_topic(stack, sender, language):
    question, follow_up = FOLLOW_UPS[language]
    assert opas(stack.say(sender, question))["topic"] == "civic_orientation"
    o = opas(stack.say(sender, follow_up))
    assert (o["kind"], o["topic"], o["language"]) == ("answer", "civic_orientation", language)
    assert "kotoutuminen-fi-civic-orientation" in {s["id"] for s in o["sources"]}


#: language → ("we just moved to <place>, what now?", the place's id, its provider)
FIRST_STEPS = {
    "fi": ("moi, muutettiin just Loviisaan, mitä meidän pitää tehdä?", "loviisa", "loviisa"),
    "sv": ("Vi har precis flyttat till Sjundeå. Var ska vi börja?", "siuntio", "kirkkonummi"),
    "en": ("I just moved to Pukkila with my kids, what should I do first?", "pukkila", "porvoo"),
    "uk": ("Ми щойно переїхали до Порвоо. З чого почати?", "porvoo", "porvoo"),
    "ru": ("Мы только что переехали в Лапинъярви, что нам делать в первую очередь?", "lapinjarvi", "lapinjarvi"),
    "ar": ("انتقلنا للتو إلى أسكولا، من أين نبدأ؟", "askola", "porvoo"),
    "so": ("Waxaan hadda u soo guurnay Myrskylä. Maxaan marka hore sameeyaa?", "myrskyla", "porvoo"),
    "fa": ("تازه به کیرکونومی اسباب‌کشی کردیم، اول باید چکار کنیم؟", "kirkkonummi", "kirkkonummi"),
}


@pytest.mark.parametrize("language", sorted(FIRST_STEPS))
def test_first_steps_name_who_serves_the_place_and_never_open_a_form(stack, sender, language):
    question, place, provider = FIRST_STEPS[language]
    o = opas(stack.say(sender, question))
    assert o["kind"] == "answer" and o["language"] == language
    assert o["topic"] in ("service_provider", "integration_programme", "needs_assessment")
    assert (o["municipality"], o["provider"]) == (place, provider)


#: language → (an out-of-scope request, then a programme question)
OUT_OF_SCOPE = {
    "fi": ("Voisitteko auttaa löytämään vuokra-asunnon Porvoosta?", "Mitä kotoutumissuunnitelmaan kirjataan?"),
    "sv": ("Hur får jag en tid hos tandläkaren i Lovisa?", "Vad är en integrationsplan?"),
    "en": ("Can I get help with finding an apartment?", "What is the integration plan?"),
    "uk": ("Як оформити податкову картку?", "Що таке план інтеграції?"),
    "ru": ("Где в Ловийсе купить проездной на автобус?", "Что такое план интеграции?"),
    "ar": ("أبحث عن شقة في بورفو", "ما هي خطة الاندماج؟"),
    "so": ("Sidee baan u furtaa koonto bangi?", "Waa maxay qorshaha is-dhexgalka?"),
    "fa": ("سیم کارت از کجا بخرم؟", "طرح سازگاری چیست؟"),
}


@pytest.mark.parametrize("language", sorted(OUT_OF_SCOPE))
def test_out_of_scope_is_a_fallback_and_never_a_form(stack, sender, language):
    request, question = OUT_OF_SCOPE[language]
    o = opas(stack.say(sender, request))
    assert (o["kind"], o["language"]) == ("fallback", language)
    then = opas(stack.say(sender, question))
    assert (then["kind"], then["topic"]) == ("answer", "integration_plan")


#: language → a question with a Finnish programme term inside
CODE_MIXED = {
    "sv": "Vad händer på kotoutumiskoulutus och finns det ett test i slutet?",
    "en": "do I have to take the test at the end of kotoutumiskoulutus?",
    "uk": "Що таке alkukartoitus і хто його проводить?",
    "ru": "Кто делает alkukartoitus и на каком языке?",
    "ar": "ما هو kotoutumissuunnitelma ومتى يتم إعداده؟",
    "so": "Waa maxay yhteiskuntaorientaatio, luqaddee lagu bixiyaa?",
    "fa": "ohjaus ja neuvonta یعنی چه و چه کسی آن را می‌دهد؟",
    "fi": "Mitä tarkoittaa civic orientation ja kuka sitä järjestää?",
}


@pytest.mark.parametrize("language", sorted(CODE_MIXED))
def test_a_borrowed_programme_term_keeps_the_conversation_language(stack, sender, language):
    o = opas(stack.say(sender, CODE_MIXED[language]))
    assert (o["kind"], o["language"]) == ("answer", language)


@pytest.mark.parametrize(("language", "question"), [
    ("ru", "Могу ли я изучать финский язык?"),
    ("ar", "أين أدرس اللغة السويدية؟"),
    ("uk", "Де я можу вивчати шведську мову?"),
])
def test_asking_about_learning_a_language_does_not_switch_to_it(stack, sender, language, question):
    opas(stack.say(sender, {"ru": "Здравствуйте!", "ar": "مرحبا", "uk": "Вітаю!"}[language]))
    o = opas(stack.say(sender, question))
    assert o["language"] == language and o["kind"] != "language"


def test_the_sessions_language_decides_a_first_message_that_shows_none(stack, sender):
    o = opas(stack.say(sender, "Porvoo", metadata={"session_language": "uk"}))
    assert o["language"] == "uk" and o["municipality"] == "porvoo"
