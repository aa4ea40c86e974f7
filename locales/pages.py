"""The texts of the web pages (staff pages, cancel page, calendar file): gettext domain ``pages``.

Their msgids are English texts with ``{named}`` placeholders, written where they are used, in the
API's code and templates (``api/app/staff/``, ``api/app/booking/``, ``api/app/templating.py``,
``api/templates/``); ``scripts/i18n.sh`` extracts them into ``locales/pages.pot`` (configuration:
``locales/pages.cfg``) and keeps ``locales/<lang>/LC_MESSAGES/pages.po`` up to date, apart from the
bot's ``messages`` domain. Every language of the registry (``languages.yml``) has both.

    texts = PageTexts("sv")
    texts.gettext("Log in")                                    # "Logga in"
    texts.ngettext("{count} minute", "{count} minutes", 15)    # "15 minuter"
    raise InvalidInput(PageMessage("A password has at least {minimum} characters.", minimum=12))
"""

from __future__ import annotations

from . import catalogs
from .languages import text_direction

DOMAIN = "pages"


class PageTexts:
    """The page texts of one supported language (ValueError for another)."""

    def __init__(self, language: str) -> None:
        self.direction = text_direction(language)  # checks the language too
        self.language = language

    def gettext(self, message: str, **arguments: object) -> str:
        text = catalogs.translations(self.language, DOMAIN).gettext(message)
        return text.format(**arguments) if arguments else text

    def ngettext(self, singular: str, plural: str, count: int, **arguments: object) -> str:
        """The form for ``count``, which also fills ``{count}``."""
        text = catalogs.translations(self.language, DOMAIN).ngettext(singular, plural, count)
        return text.format(count=count, **arguments)


class PageMessage(str):
    """An error message for the pages: the English text, which also knows its msgid and arguments,
    so that the error page can show it in the page's language.

    Raised inside an error (``InvalidInput(PageMessage(...))``) it stays a plain English string for
    the logs, JSON clients and the command line.
    """

    msgid: str
    arguments: dict[str, object]

    def __new__(cls, msgid: str, **arguments: object) -> PageMessage:
        message = super().__new__(cls, msgid.format(**arguments) if arguments else msgid)
        message.msgid = msgid
        message.arguments = arguments
        return message

    def translated(self, texts: PageTexts) -> str:
        return texts.gettext(self.msgid, **self.arguments)
