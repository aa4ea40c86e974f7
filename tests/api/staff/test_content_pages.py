"""Coordinators' content pages: who may do what, the workflow through the pages, and what the bot's
API answers while a change is a draft and once it is published."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app.config import Settings
from api.app.content.models import Provider, StatementVersion
from api.app.db import create_db_engine, create_session_factory
from api.app.main import create_app
from api.app.staff.auth import create_user
from api.app.staff.models import ADMIN, COORDINATOR, StaffUser
from tests.api.conftest import AUTH, load_database
from tests.api.factories import make_advisor
from tests.api.staff.conftest import PASSWORD, csrf_token, log_in

STATEMENT = "service-provider-porvoo"
EDITOR = f"/staff/content/statements/{STATEMENT}"


@pytest.fixture
def content_db(small_settings: Settings) -> Iterator[Session]:
    """The small data set loaded, and accounts: two coordinators of every provider, one of Loviisa
    only, one of Porvoo only, an advisor and an admin."""
    load_database(small_settings)
    engine = create_db_engine(small_settings.database_url)
    with create_session_factory(engine)() as session:
        session.add(Provider(id="loviisa", kind="municipality", names={"en": "Loviisa"}, source_ids=[]))
        session.commit()
        create_user(session, "anna", PASSWORD, role=COORDINATOR)
        create_user(session, "bertil", PASSWORD, role=COORDINATOR)
        create_user(session, "lovisa.coordinator", PASSWORD, role=COORDINATOR, scope_provider_id="loviisa")
        create_user(session, "porvoo.coordinator", PASSWORD, role=COORDINATOR, scope_provider_id="porvoo")
        create_user(session, "advisor", PASSWORD, advisor=make_advisor(session, provider="porvoo"))
        create_user(session, "admin", PASSWORD, role=ADMIN)
        yield session
    engine.dispose()


@pytest.fixture
def as_user(small_settings: Settings, content_db: Session) -> Iterator[Callable[[str], TestClient]]:
    """A logged-in browser-like client per username."""
    clients: list[TestClient] = []

    def build(username: str) -> TestClient:
        client = TestClient(create_app(small_settings), follow_redirects=False, headers={"Accept-Language": "en"})
        client.__enter__()
        clients.append(client)
        assert log_in(client, username).status_code == 303
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


def post(client: TestClient, path: str, data: dict | None = None, page: str = EDITOR):
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, page)})


def save(client: TestClient, language: str, text: str, **extra: object):
    data = {"language": language, "text": text, "source_id": ["lovisa-minutes-2025"], "section": ["§ 28"],
            "valid_from": "2025-01-01", "valid_until": "", **extra}
    return post(client, f"{EDITOR}/save", data)


def ask(client: TestClient, language: str = "en") -> dict:
    body = {"question": "", "language": language, "municipality": "porvoo", "more": "service_provider"}
    response = client.post("/v1/answer", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()


def states(db: Session) -> list[tuple[int, str, str | None]]:
    db.expire_all()
    rows = db.scalars(select(StatementVersion).where(StatementVersion.statement_id == STATEMENT)
                      .order_by(StatementVersion.number))
    authors = {u.id: u.username for u in db.scalars(select(StaffUser))}
    return [(v.number, v.state, authors.get(v.author_id)) for v in rows]


def test_a_draft_is_never_answered_and_a_published_edit_is_answered_at_once(as_user, content_db):
    anna, bertil = as_user("anna"), as_user("bertil")
    assert "Porvoo provides its own services." in ask(anna)["text"]

    assert save(anna, "en", "Porvoo organises the services itself.").status_code == 303
    assert "Porvoo provides its own services." in ask(anna)["text"], "a draft reached the bot"
    assert post(anna, f"{EDITOR}/submit").status_code == 303
    assert "Porvoo provides its own services." in ask(anna)["text"], "a version in review reached the bot"

    assert post(bertil, f"{EDITOR}/publish").status_code == 303
    answer = ask(anna)
    assert "Porvoo organises the services itself." in answer["text"]
    assert "Porvoo provides its own services." not in answer["text"]
    assert states(content_db) == [(1, "published", None), (2, "published", "anna")]


def test_the_author_cannot_review_their_own_change(as_user, content_db):
    anna = as_user("anna")
    save(anna, "en", "Porvoo organises the services itself.")
    post(anna, f"{EDITOR}/submit")
    refused = post(anna, f"{EDITOR}/publish")
    assert refused.status_code == 403
    assert "Another coordinator reviews your change" in refused.text
    assert states(content_db)[-1][1] == "review"
    assert "Porvoo provides its own services." in ask(anna)["text"]


def test_a_statement_without_a_source_cannot_be_published(as_user, content_db):
    anna = as_user("anna")
    post(anna, f"{EDITOR}/save", {"language": "en", "text": "No source.", "source_id": [""], "section": [""],
                                  "valid_from": "2025-01-01"})
    refused = post(anna, f"{EDITOR}/submit")
    assert refused.status_code == 422
    assert "without a source cannot be published" in refused.text
    assert states(content_db)[-1][1] == "draft"


def test_the_reviewer_may_send_a_change_back(as_user, content_db):
    anna, bertil = as_user("anna"), as_user("bertil")
    save(anna, "en", "Porvoo organises the services itself.")
    post(anna, f"{EDITOR}/submit")
    assert post(bertil, f"{EDITOR}/send-back").status_code == 303
    assert states(content_db)[-1][1] == "draft"


def test_an_advisor_is_refused_every_content_page(as_user):
    advisor = as_user("advisor")
    for path in ("/staff/content", "/staff/content/coverage", EDITOR, "/staff/content/sources",
                 "/staff/content/translations/sv.po"):
        assert advisor.get(path).status_code == 403, path
    token = csrf_token(advisor, "/staff/slots")
    refused = advisor.post(f"{EDITOR}/save", data={"language": "en", "text": "x", "csrf_token": token})
    assert refused.status_code == 403


def test_a_coordinator_of_another_provider_does_not_see_the_statement(as_user, content_db):
    lovisa = as_user("lovisa.coordinator")
    assert lovisa.get(EDITOR).status_code == 404
    assert STATEMENT not in lovisa.get("/staff/content").text
    token = csrf_token(lovisa, "/staff/content")
    refused = lovisa.post(f"{EDITOR}/save", data={"language": "en", "text": "x", "csrf_token": token,
                                                  "valid_from": "2025-01-01"})
    assert refused.status_code == 404
    assert states(content_db) == [(1, "published", None)]


def test_a_provider_coordinator_sees_their_statements_only(as_user):
    porvoo = as_user("porvoo.coordinator")
    listing = porvoo.get("/staff/content").text
    assert STATEMENT in listing and "service-provider-askola" in listing
    # General statements (about every municipality) are for coordinators of every provider.
    assert "civic-orientation-what" not in listing
    assert porvoo.get("/staff/content/statements/civic-orientation-what").status_code == 404
    assert porvoo.get(EDITOR).status_code == 200


def test_the_overview_shows_each_languages_status(as_user):
    anna, bertil = as_user("anna"), as_user("bertil")
    save(anna, "fi", "Porvoo järjestää palvelut itse.")
    post(anna, f"{EDITOR}/submit")
    post(bertil, f"{EDITOR}/publish")
    row = re.search(rf'<tr>\s*<th scope="row"><a href="{EDITOR}">.*?</tr>', anna.get("/staff/content").text, re.S)
    assert row is not None
    statuses = re.findall(r'class="status-(\w+)"', row.group(0))
    assert statuses == ["current"] + ["outdated"] * 7
    coverage = anna.get("/staff/content/coverage").text
    assert "7 outdated" not in coverage  # one statement: per language, "1 outdated"
    assert coverage.count("1 outdated") == 7


def test_the_diff_shows_what_changed_and_an_old_version_comes_back_as_a_draft(as_user, content_db):
    anna, bertil = as_user("anna"), as_user("bertil")
    save(anna, "en", "[en] Porvoo organises its own services.")
    diff = anna.get(f"{EDITOR}/diff?old=1&new=2").text
    assert "Porvoo <del>provides</del><ins>organises</ins> its own services." in diff
    assert "lovisa-minutes-2025<ins> § 28</ins>" in diff
    assert post(anna, f"{EDITOR}/restore", {"number": 1}).status_code == 303
    assert states(content_db)[-1] == (3, "draft", "anna")
    post(anna, f"{EDITOR}/submit")
    post(bertil, f"{EDITOR}/publish")
    assert "Porvoo provides its own services." in ask(anna)["text"]


def test_an_admin_creates_a_coordinator_account_scoped_to_a_provider(as_user, content_db):
    admin = as_user("admin")
    created = post(admin, "/staff/coordinators",
                   {"username": "new.coordinator", "password": PASSWORD, "scope": "porvoo"}, page="/staff/accounts")
    assert created.status_code == 303
    user = content_db.scalar(select(StaffUser).where(StaffUser.username == "new.coordinator"))
    assert (user.role, user.scope_provider_id) == (COORDINATOR, "porvoo")
    assert "new.coordinator" in admin.get("/staff/accounts").text
    coordinator = as_user("new.coordinator")
    assert coordinator.get("/staff/").headers["location"] == "/staff/content"
    anna = as_user("anna")
    assert anna.get("/staff/accounts").status_code == 403


def test_a_po_file_goes_out_and_comes_back_through_the_pages(as_user, content_db):
    anna = as_user("anna")
    download = anna.get("/staff/content/translations/ar.po")
    assert download.status_code == 200
    assert 'filename="opas-ar.po"' in download.headers["content-disposition"]
    body = download.content.decode("utf-8")
    old = 'msgstr "[ar] Porvoo provides its own services."'
    assert old in body
    body = body.replace(old, 'msgstr "بورفو تقدّم خدماتها بنفسها."')
    uploaded = anna.post("/staff/content/translations", files={"file": ("opas-ar.po", body.encode(), "text/plain")},
                         data={"csrf_token": csrf_token(anna, "/staff/content")})
    assert uploaded.status_code == 200, uploaded.text
    assert "New drafts: 1" in uploaded.text and f"{STATEMENT}?lang=ar" in uploaded.text
    assert states(content_db)[-1] == (2, "draft", "anna")
    assert "بورفو تقدّم خدماتها بنفسها." not in (ask(anna, "ar")["text"] or "")


def test_a_source_title_changed_on_the_sources_page_is_answered_in_that_language(as_user):
    anna = as_user("anna")
    titles = {f"title_{code}": "" for code in ("fi", "sv", "en", "uk", "ru", "ar", "so", "fa")}
    russian = "Программа интеграции района занятости Порвоо"
    saved = post(anna, "/staff/content/sources/lovisa-minutes-2025",
                 {**titles, "title_ru": russian, "url": "", "date": "2025-05-21"}, page="/staff/content/sources")
    assert saved.status_code == 303
    assert ask(anna, "ru")["sources"][0]["title"] == russian
    assert ask(anna, "sv")["sources"][0]["title"].startswith("Integrationsprogrammet för Borgå")
    porvoo = as_user("porvoo.coordinator")
    refused = post(porvoo, "/staff/content/sources/lovisa-minutes-2025", {**titles, "date": ""},
                   page="/staff/content/sources")
    assert refused.status_code == 403


def test_load_demo_creates_two_demo_coordinators_once(content_db):
    from api.app.staff.demo import DEMO_COORDINATORS, load_demo_coordinators

    assert load_demo_coordinators(content_db) == 2
    assert load_demo_coordinators(content_db) == 0
    roles = {u.username: u.role for u in content_db.scalars(select(StaffUser))}
    assert all(roles[name] == COORDINATOR for name in DEMO_COORDINATORS)
