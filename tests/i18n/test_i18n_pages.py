"""The gettext domain "pages" (staff pages, cancel page, calendar file): catalogs in every language
of the registry, checked like the bot's, and the helpers that translate with them."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from locales import catalogs
from locales.languages import SUPPORTED
from locales.pages import DOMAIN, PageMessage, PageTexts

ROOT = Path(__file__).resolve().parents[2]
API_VENV = ROOT / ".venv" / "api"
needs_api_venv = pytest.mark.skipif(not (API_VENV / ".installed").exists(), reason="API environment not installed")


def test_the_domain_is_listed() -> None:
    assert DOMAIN in catalogs.DOMAINS and catalogs.DOMAIN == "messages"  # the default stays the bot's


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_language_has_a_pages_catalog(language: str) -> None:
    assert catalogs.po_path(language, DOMAIN).exists()
    assert catalogs.po_path(language, DOMAIN) != catalogs.po_path(language)


def test_every_pages_catalog_is_complete_and_sound() -> None:
    assert catalogs.template_path(DOMAIN).exists()
    assert catalogs.check_all(DOMAIN) == []


@needs_api_venv
def test_the_pages_catalogs_are_not_stale() -> None:
    """scripts/i18n.sh check for this domain alone (the whole check also runs in test_i18n_catalogs)."""
    env = {**os.environ, "I18N_DOMAINS": DOMAIN}
    result = subprocess.run(
        ["scripts/i18n.sh", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_the_two_domains_do_not_mix() -> None:
    assert PageTexts("fi").gettext("Log in") == "Kirjaudu sisään"
    assert catalogs.translations("fi").gettext("Log in") == "Log in"  # not a bot text
    assert catalogs.translations("fi", DOMAIN) is not catalogs.translations("fi")


@pytest.mark.parametrize(
    ("language", "counts"),
    [
        ("en", {1: "in 1 minute.", 15: "in 15 minutes."}),
        ("fi", {1: "uudelleen minuutin kuluttua.", 15: "uudelleen 15 minuutin kuluttua."}),
        ("ru", {1: "через 1 минуту.", 3: "через 3 минуты.", 15: "через 15 минут.", 21: "через 21 минуту."}),
        ("uk", {1: "через 1 хвилину.", 3: "через 3 хвилини.", 15: "через 15 хвилин."}),
        ("ar", {1: "بعد دقيقة واحدة.", 2: "بعد دقيقتين.", 5: "بعد 5 دقائق.", 15: "بعد 15 دقيقة."}),
        ("fa", {15: "15 دقیقهٔ دیگر"}),
    ],
)
def test_plural_forms_follow_the_language(language: str, counts: dict[int, str]) -> None:
    texts = PageTexts(language)
    for count, ending in counts.items():
        text = texts.ngettext(
            "Too many wrong passwords. Try again in {count} minute.",
            "Too many wrong passwords. Try again in {count} minutes.",
            count,
        )
        assert ending in text, (count, text)


def test_page_texts_refuse_an_unsupported_language() -> None:
    with pytest.raises(ValueError):
        PageTexts("de")


def test_a_page_message_is_english_until_translated() -> None:
    message = PageMessage("A password has at least {minimum} characters.", minimum=12)
    assert message == "A password has at least 12 characters." and isinstance(message, str)
    assert message.translated(PageTexts("sv")) == "Ett lösenord har minst 12 tecken."
    assert message.translated(PageTexts("ar")) == "يجب أن تتكون كلمة المرور من 12 حرفًا على الأقل."
    assert PageMessage("Not a msgid {x}", x="{y}").translated(PageTexts("fi")) == "Not a msgid {y}"


def test_fresh_clone_without_compiled_page_catalogs(tmp_path: Path) -> None:
    """No .mo files: the pages catalogs too are compiled in memory, nothing is written."""
    shutil.copytree(ROOT / "locales", tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}
    code = "from locales.pages import PageTexts; print(PageTexts('fi').gettext('Log in'))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Kirjaudu sisään"
    assert not list((tmp_path / "locales").glob("*/LC_MESSAGES/*.mo"))


@needs_api_venv
def test_check_catches_a_changed_page_text(tmp_path: Path) -> None:
    """A changed text in a template makes pages.pot stale; updated, its translations turn fuzzy."""
    ignore = shutil.ignore_patterns("*.mo", "__pycache__")
    shutil.copytree(ROOT / "locales", tmp_path / "locales", ignore=ignore)
    shutil.copytree(ROOT / "api", tmp_path / "api", ignore=ignore)
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "i18n.sh", tmp_path / "scripts" / "i18n.sh")
    template = tmp_path / "api" / "templates" / "staff" / "login.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace('_("Password")', '_("Your password")'), encoding="utf-8"
    )
    env = {**os.environ, "API_VENV": str(API_VENV), "I18N_DOMAINS": DOMAIN}

    def run(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["scripts/i18n.sh", *arguments], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )

    stale = run("check")
    assert stale.returncode == 1 and "pages.pot is stale" in stale.stderr
    assert run().returncode == 1  # the changed message now needs a translator
    finnish = (tmp_path / "locales" / "fi" / "LC_MESSAGES" / "pages.po").read_text(encoding="utf-8")
    assert 'msgid "Your password"' in finnish and "#, fuzzy" in finnish
    assert "(pages) is fuzzy" in run("check").stderr
    # The bot's catalogs were not touched.
    assert (tmp_path / "locales" / "messages.pot").read_bytes() == (ROOT / "locales" / "messages.pot").read_bytes()
