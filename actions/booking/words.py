"""Words the booking forms recognise in typed messages, in every supported language.

The classifier knows intents, not form answers: "puhelimitse", "toinen aika" or "بسه" in the
middle of a form are read here. Matching is on whole words of the normalised text
(`reading.normalise`: case, diacritics and Arabic-script letter variants folded), in any
language, because users mix them. Keep the lists short and unambiguous: a word here wins over
the classifier while a form is active.
"""
from __future__ import annotations

#: A whole short message (at most STOP_MAX_WORDS words) that contains one of these stops the form.
STOP = {
    "fi": ["lopeta", "lopetetaan", "peruuta", "peru", "keskeytä", "stop", "seis", "unohda se", "anna olla"],
    "sv": ["avbryt", "sluta", "stopp", "stoppa", "avsluta", "glöm det"],
    "en": ["stop", "cancel", "quit", "exit", "abort", "never mind", "nevermind", "forget it"],
    "uk": ["стоп", "скасувати", "скасуй", "зупинись", "припини", "відміна", "вийти"],
    "ru": ["стоп", "отмена", "отменить", "отмени", "хватит", "прекрати", "остановись", "выход"],
    "ar": ["توقف", "الغاء", "إلغاء", "الغي", "كفى", "خلاص", "وقف"],
    "so": ["jooji", "iska daa", "ka noqo", "joog"],
    "fa": ["توقف", "بسه", "بس کن", "لغو", "کنسل", "ولش کن", "بیخیال", "بی خیال"],
}
STOP_MAX_WORDS = 4

#: "Change ..." / "another ..." markers; a change needs one of these and a field word.
CHANGE = {
    "fi": ["vaihda", "vaihtaa", "vaihdetaan", "muuta", "muuttaa", "toinen", "toisen", "toista", "muu", "muun",
           "eri", "uusi", "uuden"],
    "sv": ["ändra", "byt", "byta", "annan", "annat", "andra", "ny", "nytt"],
    "en": ["change", "another", "other", "different", "new", "switch"],
    "uk": ["змінити", "зміни", "поміняти", "інший", "інша", "інше", "іншу", "інший"],
    "ru": ["изменить", "измени", "поменять", "поменяй", "сменить", "другой", "другая", "другое", "другую"],
    "ar": ["تغيير", "غير", "آخر", "اخر", "أخرى", "اخرى", "بدل", "تبديل"],
    "so": ["beddel", "bedel", "beddelo", "kale", "cusub"],
    "fa": ["عوض", "تغییر", "دیگر", "دیگه", "جدید"],
}

#: Field words → the slot a change resets. Checked in this order (a phone number before a phone).
FIELDS: dict[str, dict[str, list[str]]] = {
    "booking_contact": {
        "fi": ["yhteystieto", "yhteystiedot", "yhteystiedon", "numero", "numeron", "puhelinnumero",
               "puhelinnumeron", "sähköposti", "sähköpostin"],
        "sv": ["kontakt", "kontaktuppgift", "nummer", "numret", "telefonnummer", "e-post", "mejl"],
        "en": ["contact", "number", "phone number", "email", "e-mail"],
        "uk": ["контакт", "номер", "пошта", "пошту"],
        "ru": ["контакт", "номер", "почта", "почту"],
        "ar": ["رقم", "الرقم", "البريد", "الايميل"],
        "so": ["lambar", "lambarka", "email", "iimayl"],
        "fa": ["شماره", "ایمیل"],
    },
    "booking_interpreter": {
        "fi": ["tulkki", "tulkin", "tulkkia"], "sv": ["tolk", "tolken"], "en": ["interpreter"],
        "uk": ["перекладач", "перекладача"], "ru": ["переводчик", "переводчика"], "ar": ["مترجم"],
        "so": ["turjumaan", "turjubaan"], "fa": ["مترجم"],
    },
    "booking_language": {
        "fi": ["kieli", "kielen", "kieltä", "kielellä"], "sv": ["språk", "språket"], "en": ["language"],
        "uk": ["мова", "мову", "мови"], "ru": ["язык", "языке"], "ar": ["لغة", "اللغة"],
        "so": ["luqad", "luuqad", "luqadda", "luuqadda"], "fa": ["زبان"],
    },
    "booking_mode": {
        "fi": ["tapa", "tapaa", "tapaamistapa", "muoto"], "sv": ["sätt", "mötesform"], "en": ["mode", "way", "format"],
        "uk": ["спосіб", "формат"], "ru": ["способ", "формат"], "ar": ["طريقة"], "so": ["qaab", "hab"],
        "fa": ["روش", "نوع"],
    },
    "meeting_topic": {
        "fi": ["aihe", "aiheen", "aihetta", "asia", "asian"], "sv": ["ämne", "ämnet", "ärende"],
        "en": ["topic", "subject"], "uk": ["тема", "тему"], "ru": ["тема", "тему"], "ar": ["موضوع", "الموضوع"],
        "so": ["mawduuc", "mawduuca"], "fa": ["موضوع"],
    },
    "booking_municipality": {
        "fi": ["kunta", "kunnan", "kuntaa", "kaupunki", "kaupungin", "paikkakunta"], "sv": ["kommun", "ort", "stad"],
        "en": ["municipality", "city", "town"], "uk": ["місто", "муніципалітет"], "ru": ["город", "муниципалитет"],
        "ar": ["بلدية", "مدينة"], "so": ["degmada", "magaalada"], "fa": ["شهر", "شهرداری"],
    },
    "booking_slot": {
        "fi": ["aika", "ajan", "aikaa", "päivä", "päivän", "päivää", "kellonaika", "ajankohta", "ajankohdan"],
        "sv": ["tid", "tiden", "dag", "dagen", "datum", "tidpunkt"],
        "en": ["time", "day", "date", "slot"],
        "uk": ["час", "день", "дату", "дата"],
        "ru": ["время", "день", "дату", "дата", "час"],
        "ar": ["وقت", "الوقت", "موعد", "الموعد", "يوم", "اليوم", "تاريخ"],
        "so": ["waqti", "waqtiga", "maalin", "maalinta", "saacad", "saacadda", "taariikh"],
        "fa": ["وقت", "زمان", "ساعت", "روز", "تاریخ"],
    },
}

#: How users type a meeting mode.
MODES: dict[str, dict[str, list[str]]] = {
    "in_person": {
        "fi": ["paikan päällä", "kasvokkain", "käynti", "käymään", "toimistolla", "toimistossa",
               "henkilökohtaisesti", "lähitapaaminen", "paikalla"],
        "sv": ["på plats", "personligen", "besök", "på kontoret", "fysiskt"],
        "en": ["in person", "in-person", "face to face", "visit", "office", "physically"],
        "uk": ["особисто", "наживо", "в офісі"],
        "ru": ["лично", "очно", "в офисе"],
        "ar": ["حضوري", "حضوريا", "شخصيا", "وجها لوجه", "في المكتب"],
        "so": ["fool ka fool", "xafiiska", "shaqsi ahaan", "qof ahaan"],
        "fa": ["حضوری", "حضورا", "رو در رو", "در دفتر"],
    },
    "phone": {
        "fi": ["puhelin", "puhelimitse", "puhelimessa", "puhelimella", "soitto", "soittamalla", "puhelinaika",
               "puhelinajan", "puhelintapaaminen", "puhelinaikaa"],
        "sv": ["telefon", "per telefon", "telefonsamtal", "telefontid", "telefonmöte"],
        "en": ["phone", "telephone", "by phone", "call", "phone call"],
        "uk": ["телефон", "телефоном", "по телефону", "дзвінок"],
        "ru": ["телефон", "по телефону", "звонок"],
        "ar": ["هاتف", "الهاتف", "بالهاتف", "هاتفيا", "مكالمة", "تلفون"],
        "so": ["taleefan", "telefoon", "taleefoon", "teleefoon"],
        "fa": ["تلفن", "تلفنی", "تماس تلفنی"],
    },
    "video": {
        "fi": ["video", "videolla", "videona", "videopuhelu", "videotapaaminen", "videoaika", "videoajan", "etä",
               "etänä", "etäyhteys", "etäyhteydellä", "etätapaaminen", "teams"],
        "sv": ["video", "videosamtal", "på distans", "distans"],
        "en": ["video", "video call", "online", "remote", "teams", "zoom"],
        "uk": ["відео", "онлайн", "відеодзвінок"],
        "ru": ["видео", "онлайн", "видеозвонок"],
        "ar": ["فيديو", "بالفيديو", "عن بعد", "اونلاين"],
        "so": ["muuqaal", "fiidiyow", "video", "online"],
        "fa": ["ویدیو", "ویدئو", "تصویری", "آنلاین"],
    },
}

#: A short answer to a yes/no question, when the classifier is unsure (affirm/deny decide first).
YES = {
    "fi": ["kyllä", "joo", "juu", "ok", "okei", "sopii", "käy", "hyväksyn"],
    "sv": ["ja", "japp", "gärna", "ok", "okej", "godkänner"],
    "en": ["yes", "yeah", "yep", "sure", "ok", "okay", "i agree", "agree"],
    "uk": ["так", "добре", "згоден", "згодна"],
    "ru": ["да", "хорошо", "согласен", "согласна"],
    "ar": ["نعم", "أجل", "ايوه", "موافق", "موافقة"],
    "so": ["haa", "haye", "waan ogolahay"],
    "fa": ["بله", "آره", "اره", "باشه", "موافقم"],
}
NO = {
    "fi": ["ei", "en", "ei kiitos", "en hyväksy"],
    "sv": ["nej", "nej tack"],
    "en": ["no", "nope", "no thanks", "i don't agree"],
    "uk": ["ні", "не згоден", "не згодна"],
    "ru": ["нет", "не согласен", "не согласна"],
    "ar": ["لا", "كلا", "غير موافق"],
    "so": ["maya", "may", "ma ogoli"],
    "fa": ["نه", "خیر", "نخیر", "موافق نیستم"],
}
