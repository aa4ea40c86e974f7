"""The widget's texts, files and demo page, CORS for embedding sites, and the OpenAPI schema."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app.chat.service import ChatGateway
from api.app.main import create_app
from locales.languages import SUPPORTED
from locales.widget import WIDGET_STRINGS
from tests.api.chat.conftest import FakeBot
from tests.api.conftest import make_settings


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_language_has_every_widget_text(chat, language):
    body = chat.http.get("/widget/strings", params={"language": language}).json()
    assert body["language"] == language
    assert body["direction"] == ("rtl" if language in {"ar", "fa"} else "ltr")
    assert set(body["strings"]) == set(WIDGET_STRINGS)
    assert all(body["strings"].values())
    if language != "en":
        assert body["strings"]["privacy_text"] != WIDGET_STRINGS["privacy_text"]
    assert body["max_message_chars"] == 1000


def test_the_picker_lists_native_names_in_menu_order(chat):
    body = chat.http.get("/widget/strings", params={"language": "en"}).json()
    options = {o["code"]: o for o in body["languages"]}
    assert [o["code"] for o in body["languages"]] == list(SUPPORTED)
    assert options["fi"]["name"] == "Suomi" and options["uk"]["name"] == "Українська"
    assert options["fa"]["direction"] == "rtl"


def test_without_a_language_the_browser_languages_decide(chat):
    response = chat.http.get("/widget/strings", headers={"Accept-Language": "de,fa;q=0.8"})
    assert response.json()["language"] == "fa"
    assert "Accept-Language" in response.headers["Vary"]
    unknown = chat.http.get("/widget/strings", params={"language": "xx"},
                            headers={"Accept-Language": "sv"})
    assert unknown.json()["language"] == "sv"


def test_the_widget_files_are_served(chat):
    script = chat.http.get("/widget/opas.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "innerHTML" not in script.text and "insertAdjacentHTML" not in script.text
    assert chat.http.get("/widget/opas.css").headers["content-type"].startswith("text/css")


def test_the_demo_page_embeds_the_widget_with_one_tag(chat):
    page = chat.http.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script src="/widget/opas.js" data-municipality="porvoo" defer></script>' in page.text
    assert '<html lang="fi">' in page.text and 'lang="sv"' in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "http" not in page.text.replace("http-equiv", "")  # nothing from another server


def test_cors_is_open_for_the_widget_only(chat):
    preflight = chat.http.options(
        "/v1/chat/sessions/abc/messages",
        headers={"Origin": "https://www.porvoo.fi", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type,accept-language"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    strings = chat.http.get("/widget/strings", headers={"Origin": "https://www.porvoo.fi"})
    assert strings.headers["Access-Control-Allow-Origin"] == "*"
    service = chat.http.get("/v1/topics", headers={"Origin": "https://www.porvoo.fi"})
    assert "Access-Control-Allow-Origin" not in service.headers


def test_allowed_origins_are_a_setting(chat_for):
    chat = chat_for(chat_allowed_origins=["https://www.porvoo.fi"])
    allowed = chat.http.post("/v1/chat/sessions", headers={"Origin": "https://www.porvoo.fi"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://www.porvoo.fi"
    other = chat.http.post("/v1/chat/sessions", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_errors_expose_retry_after_to_the_widget(chat_for):
    chat = chat_for(chat_sessions_per_minute_per_address=1)
    chat.start()
    response = chat.http.post("/v1/chat/sessions", headers={"Origin": "https://www.porvoo.fi"})
    assert response.status_code == 429
    assert "Retry-After" in response.headers["Access-Control-Expose-Headers"]


def test_the_chat_routes_are_documented(chat):
    schema = chat.http.get("/openapi.json").json()
    create = schema["paths"]["/v1/chat/sessions"]["post"]
    send = schema["paths"]["/v1/chat/sessions/{session_id}/messages"]["post"]
    assert create["summary"] and create["description"].startswith("Starts a chat session")
    assert send["description"].startswith("Sends the user's text")
    assert {"404", "413", "429", "503"} <= set(send["responses"])
    assert send["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Turn")
    assert "security" not in send  # public: no service token
    assert "/widget/strings" in schema["paths"]


def test_the_gateway_closes_its_bot_client_on_shutdown(tmp_path):
    settings = make_settings(tmp_path, tmp_path / "data")
    app = create_app(settings)
    bot = FakeBot()
    app.state.chat = ChatGateway(settings, bot=bot)
    with TestClient(app):
        assert not bot.closed
    assert bot.closed
