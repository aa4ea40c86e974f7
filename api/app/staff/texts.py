"""Texts of the staff pages, in Finnish, Swedish and English; Finnish first.

The language is the one the user chose with the links in the page header (a cookie), else the
browser's (Accept-Language, negotiated as on the cancel page), else Finnish. Error messages of
the services below (shown on the shared error page) stay English.
"""

from __future__ import annotations

from datetime import UTC, datetime

from babel.dates import format_datetime
from fastapi import Request

from ..booking.slots import HELSINKI
from ..booking.texts import PAGE_LANGUAGES, page_language

LANGUAGES = PAGE_LANGUAGES  # the same three as the cancel page
DEFAULT = "fi"
COOKIE = "lang"
# Each language's name in that language, for the links in the page header.
LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
# Babel locales of the times on the pages (en_FI: English words, Finnish date order).
_TIME_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_FI"}
HOME = "/staff/"

TEXTS: dict[str, dict[str, str]] = {
    "fi": {
        "brand": "Opas – henkilöstö",
        "language": "Kieli",
        "nav_appointments": "Ajanvaraukset",
        "nav_slots": "Vapaat ajat",
        "nav_accounts": "Käyttäjätilit",
        "log_out": "Kirjaudu ulos",
        "admin": "ylläpitäjä",
        "times_note": "Ajat ovat Suomen aikaa (Europe/Helsinki).",
        # log-in
        "login_title": "Kirjaudu sisään",
        "username": "Käyttäjätunnus",
        "password": "Salasana",
        "log_in": "Kirjaudu sisään",
        "wrong_password": "Väärä käyttäjätunnus tai salasana.",
        "too_many_one": "Liian monta väärää salasanaa. Yritä uudelleen minuutin kuluttua.",
        "too_many_other": "Liian monta väärää salasanaa. Yritä uudelleen {minutes} minuutin kuluttua.",
        # appointments
        "appointments_title": "Ajanvaraukset",
        "provider": "Palveluntuottaja",
        "all_providers": "kaikki",
        "show": "Näytä",
        "no_appointments": "Ei ajanvarauksia viime viikosta alkaen.",
        "time": "Aika",
        "advisor": "Neuvoja",
        "meeting": "Tapaamistapa",
        "topic": "Aihe",
        "client_language": "Kieli",
        "client": "Asiakas",
        "reference": "Varaustunnus",
        "status": "Tila",
        "interpreter": "tulkki",
        "contact_removed": "poistettu",
        "mark_done": "Toteutui",
        "mark_no_show": "Ei saapunut",
        "cancel": "Peru aika",
        "status_booked": "varattu",
        "status_cancelled": "peruttu",
        "status_rescheduled": "siirretty",
        "status_done": "toteutui",
        "status_no_show": "ei saapunut",
        "mode_in_person": "lähitapaaminen",
        "mode_phone": "puhelu",
        "mode_video": "videopuhelu",
        # free times
        "slots_title": "Vapaat ajat",
        "add_slot": "Lisää aika",
        "day": "Päivä",
        "start": "Alkaa (Suomen aikaa)",
        "minutes": "Kesto (min)",
        "mode": "Tapaamistapa",
        "place": "Paikka",
        "place_in_person": "Paikka (vain lähitapaamiset)",
        "add": "Lisää",
        "no_slots": "Ei tulevia aikoja.",
        "booked": "Varattu",
        "yes": "kyllä",
        "remove": "Poista",
        # accounts
        "accounts_title": "Käyttäjätilit",
        "accounts_heading": "Neuvojat ja käyttäjätilit",
        "languages": "Kielet",
        "modes": "Tapaamistavat",
        "account": "Käyttäjätili",
        "inactive": "ei käytössä",
        "no_account": "ei tiliä",
        "admins": "Ylläpitäjät",
        "new_advisor": "Uusi neuvoja",
        "name": "Nimi",
        "language_codes": "Kielet (koodit pilkulla erotettuina)",
        "add_advisor": "Lisää neuvoja",
        "new_account": "Uusi käyttäjätili neuvojalle",
        "new_password": "Salasana (vähintään {minimum} merkkiä)",
        "create_account": "Luo käyttäjätili",
    },
    "sv": {
        "brand": "Opas – personal",
        "language": "Språk",
        "nav_appointments": "Bokningar",
        "nav_slots": "Lediga tider",
        "nav_accounts": "Användarkonton",
        "log_out": "Logga ut",
        "admin": "administratör",
        "times_note": "Tiderna är i finsk tid (Europe/Helsinki).",
        "login_title": "Logga in",
        "username": "Användarnamn",
        "password": "Lösenord",
        "log_in": "Logga in",
        "wrong_password": "Fel användarnamn eller lösenord.",
        "too_many_one": "För många felaktiga lösenord. Försök igen om en minut.",
        "too_many_other": "För många felaktiga lösenord. Försök igen om {minutes} minuter.",
        "appointments_title": "Bokningar",
        "provider": "Serviceproducent",
        "all_providers": "alla",
        "show": "Visa",
        "no_appointments": "Inga bokningar från och med förra veckan.",
        "time": "Tid",
        "advisor": "Rådgivare",
        "meeting": "Mötesform",
        "topic": "Ämne",
        "client_language": "Språk",
        "client": "Klient",
        "reference": "Bokningskod",
        "status": "Status",
        "interpreter": "tolk",
        "contact_removed": "borttagen",
        "mark_done": "Genomförd",
        "mark_no_show": "Uteblev",
        "cancel": "Avboka",
        "status_booked": "bokad",
        "status_cancelled": "avbokad",
        "status_rescheduled": "flyttad",
        "status_done": "genomförd",
        "status_no_show": "uteblev",
        "mode_in_person": "personligt möte",
        "mode_phone": "telefonsamtal",
        "mode_video": "videosamtal",
        "slots_title": "Lediga tider",
        "add_slot": "Lägg till en tid",
        "day": "Dag",
        "start": "Börjar (finsk tid)",
        "minutes": "Längd (min)",
        "mode": "Mötesform",
        "place": "Plats",
        "place_in_person": "Plats (endast personliga möten)",
        "add": "Lägg till",
        "no_slots": "Inga kommande tider.",
        "booked": "Bokad",
        "yes": "ja",
        "remove": "Ta bort",
        "accounts_title": "Användarkonton",
        "accounts_heading": "Rådgivare och användarkonton",
        "languages": "Språk",
        "modes": "Mötesformer",
        "account": "Användarkonto",
        "inactive": "inaktiv",
        "no_account": "inget konto",
        "admins": "Administratörer",
        "new_advisor": "Ny rådgivare",
        "name": "Namn",
        "language_codes": "Språk (koder åtskilda med kommatecken)",
        "add_advisor": "Lägg till rådgivare",
        "new_account": "Nytt användarkonto för en rådgivare",
        "new_password": "Lösenord (minst {minimum} tecken)",
        "create_account": "Skapa användarkonto",
    },
    "en": {
        "brand": "Opas staff",
        "language": "Language",
        "nav_appointments": "Appointments",
        "nav_slots": "Free times",
        "nav_accounts": "Accounts",
        "log_out": "Log out",
        "admin": "admin",
        "times_note": "Times are Finnish time (Europe/Helsinki).",
        "login_title": "Log in",
        "username": "Username",
        "password": "Password",
        "log_in": "Log in",
        "wrong_password": "Wrong username or password.",
        "too_many_one": "Too many wrong passwords. Try again in 1 minute.",
        "too_many_other": "Too many wrong passwords. Try again in {minutes} minutes.",
        "appointments_title": "Appointments",
        "provider": "Provider",
        "all_providers": "all",
        "show": "Show",
        "no_appointments": "No appointments from the last week on.",
        "time": "Time",
        "advisor": "Advisor",
        "meeting": "Meeting",
        "topic": "Topic",
        "client_language": "Language",
        "client": "Client",
        "reference": "Reference",
        "status": "Status",
        "interpreter": "interpreter",
        "contact_removed": "removed",
        "mark_done": "Done",
        "mark_no_show": "No-show",
        "cancel": "Cancel",
        "status_booked": "booked",
        "status_cancelled": "cancelled",
        "status_rescheduled": "rescheduled",
        "status_done": "done",
        "status_no_show": "no-show",
        "mode_in_person": "in person",
        "mode_phone": "phone",
        "mode_video": "video",
        "slots_title": "Free times",
        "add_slot": "Add a time",
        "day": "Day",
        "start": "Start (Finnish time)",
        "minutes": "Minutes",
        "mode": "Mode",
        "place": "Place",
        "place_in_person": "Place (in person only)",
        "add": "Add",
        "no_slots": "No coming times.",
        "booked": "Booked",
        "yes": "yes",
        "remove": "Remove",
        "accounts_title": "Accounts",
        "accounts_heading": "Advisors and accounts",
        "languages": "Languages",
        "modes": "Modes",
        "account": "Account",
        "inactive": "inactive",
        "no_account": "none",
        "admins": "Admins",
        "new_advisor": "New advisor",
        "name": "Name",
        "language_codes": "Languages (codes, comma-separated)",
        "add_advisor": "Add advisor",
        "new_account": "New account for an advisor",
        "new_password": "Password (at least {minimum} characters)",
        "create_account": "Create account",
    },
}


def staff_language(request: Request) -> str:
    """The language cookie, else the browser's language, else Finnish."""
    chosen = request.cookies.get(COOKIE)
    # "fi" last: the negotiator's own fallback is English, the staff pages' is Finnish.
    asked = request.headers.get("accept-language", "")[:200] + ",fi"
    code = page_language(chosen, accept_language=asked).lower()
    return code if code in TEXTS else DEFAULT


def too_many_wrong(language: str, minutes: int) -> str:
    texts = TEXTS[language]
    return texts["too_many_one"] if minutes == 1 else texts["too_many_other"].format(minutes=minutes)


def safe_next(path: str | None) -> str:
    """``path`` if it is a staff page of this site, else the staff home: no open redirects."""
    if (
        path
        and path.startswith(HOME)
        and "\\" not in path
        and all(char.isprintable() and not char.isspace() for char in path)
    ):
        return path
    return HOME


def local_time(moment: datetime | None, language: str, pattern: str = "EEE d.M.yyyy HH:mm") -> str:
    """A stored (naive UTC) time in Finnish time, with weekday names of ``language``."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return format_datetime(aware, pattern, tzinfo=HELSINKI, locale=_TIME_LOCALES[language])
