"""/staff/analytics: coordinators and admins only; a coordinator of one provider sees its places."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.app.analytics.models import AnswerCount, FeedbackCount, UnansweredQuestion
from api.app.analytics.recorder import helsinki_today, week_of
from api.app.analytics.store import add_counts
from api.app.config import Settings
from api.app.main import create_app
from api.app.staff.auth import create_user
from api.app.staff.models import ADMIN, COORDINATOR
from tests.api.factories import make_advisor
from tests.api.staff.conftest import PASSWORD, log_in

THIS_WEEK = week_of(helsinki_today())
LAST_WEEK = THIS_WEEK - timedelta(weeks=1)
LONG_AGO = THIS_WEEK - timedelta(weeks=30)


def seed(session: Session) -> None:
    """Porvoo's, Loviisa's and place-less counts; one Loviisa question is a would-be formula."""
    key = {"language": "fi", "topic": "civic_orientation"}
    add_counts(session, AnswerCount, [
        key | {"week": THIS_WEEK, "municipality": "porvoo", "outcome": "answered", "fallback_language": "", "count": 7},
        key | {"week": THIS_WEEK, "municipality": "porvoo", "outcome": "not_stated", "fallback_language": "",
               "count": 2},
        key | {"week": LAST_WEEK, "municipality": "loviisa", "outcome": "no_answer", "fallback_language": "",
               "count": 3},
        key | {"week": THIS_WEEK, "municipality": "loviisa", "outcome": "answered", "fallback_language": "en",
               "language": "so", "count": 4},
        key | {"week": THIS_WEEK, "municipality": "", "outcome": "no_answer", "fallback_language": "", "count": 5},
        key | {"week": LONG_AGO, "municipality": "porvoo", "outcome": "no_answer", "fallback_language": "",
               "count": 11},
    ])
    question = key | {"outcome": "no_answer", "count": 1}
    add_counts(session, UnansweredQuestion, [
        question | {"week": THIS_WEEK, "municipality": "porvoo", "text": "Porvoo question [name]", "text_hash": "a"},
        question | {"week": LAST_WEEK, "municipality": "loviisa", "text": "=HYPERLINK(\"x\") Loviisa",
                    "text_hash": "b"},
        question | {"week": THIS_WEEK, "municipality": "", "text": "Placeless question", "text_hash": "c"},
    ])
    add_counts(session, FeedbackCount, [
        key | {"week": THIS_WEEK, "municipality": "loviisa", "sources": "act-681-2023", "rating": "down", "count": 6},
        key | {"week": THIS_WEEK, "municipality": "porvoo", "sources": "act-681-2023", "rating": "up", "count": 8},
    ])
    session.commit()


@pytest.fixture
def browser(analytics_settings: Settings) -> Iterator[TestClient]:
    """A cookie-keeping client; accounts of every role, and counts of two providers' places."""
    with TestClient(create_app(analytics_settings), follow_redirects=False) as client:
        with client.app.state.session_factory() as session:
            seed(session)
            create_user(session, "admin", PASSWORD, role=ADMIN)
            create_user(session, "coordinator", PASSWORD, role=COORDINATOR)
            create_user(session, "loviisa.coordinator", PASSWORD, role=COORDINATOR, scope_provider_id="loviisa")
            create_user(session, "advisor", PASSWORD, advisor=make_advisor(session, provider="loviisa"))
        yield client


def table(response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_anonymous_visitors_are_sent_to_log_in(browser: TestClient) -> None:
    for path in ("/staff/analytics", "/staff/analytics/questions.csv"):
        response = browser.get(path)
        assert (response.status_code, response.headers["location"]) == (303, "/staff/login")


def test_an_advisor_is_refused(browser: TestClient) -> None:
    log_in(browser, "advisor")
    assert browser.get("/staff/analytics").status_code == 403
    assert browser.get("/staff/analytics/questions.csv").status_code == 403
    assert "/staff/analytics" not in browser.get("/staff/slots").text  # and is not offered the link


@pytest.mark.parametrize("username", ["admin", "coordinator"])
def test_an_admin_or_a_coordinator_of_every_provider_sees_every_place(browser: TestClient, username: str) -> None:
    log_in(browser, username)
    page = browser.get("/staff/analytics", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    for text in ("Porvoo question [name]", "Placeless question", "=HYPERLINK"):
        assert text in page.text.replace("&#34;", '"')
    assert '<a href="/staff/analytics">' in page.text
    rows = table(browser.get("/staff/analytics/unanswered.csv"))
    assert rows[0][:3] == ["week", "language", "municipality"]
    assert {row[2] for row in rows[1:]} == {"porvoo", "loviisa", ""}
    assert "11" not in {row[5] for row in rows[1:]}  # thirty weeks ago: outside the last 12 weeks
    longer = table(browser.get("/staff/analytics/unanswered.csv?weeks=52"))
    assert ["porvoo", "0", "11"] in [[row[2], row[3], row[4]] for row in longer[1:]]


def test_a_coordinator_of_one_provider_sees_only_its_places(browser: TestClient) -> None:
    log_in(browser, "loviisa.coordinator")
    page = browser.get("/staff/analytics", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert "HYPERLINK" in page.text and "Porvoo question" not in page.text and "Placeless" not in page.text
    for name in ("unanswered", "questions", "topics", "translations", "feedback"):
        rows = table(browser.get(f"/staff/analytics/{name}.csv"))
        text = "\n".join(",".join(row) for row in rows)
        assert "porvoo" not in text.lower() and "Placeless" not in text, (name, text)
    topics = table(browser.get("/staff/analytics/topics.csv"))
    assert topics[1:] == [["civic_orientation", "7", "4", "0", "3"]]
    assert table(browser.get("/staff/analytics/translations.csv"))[1:] == [["so", "en", "4"]]
    assert table(browser.get("/staff/analytics/feedback.csv"))[1:] == [["civic_orientation", "0", "6"]]
    # Another provider's municipality cannot be chosen: the filter falls back to its own places.
    chosen = table(browser.get("/staff/analytics/questions.csv?municipality=porvoo"))
    assert [row[2] for row in chosen[1:]] == ["loviisa"]


def test_a_question_text_never_becomes_a_spreadsheet_formula(browser: TestClient) -> None:
    log_in(browser, "admin")
    rows = table(browser.get("/staff/analytics/questions.csv"))
    texts = {row[5] for row in rows[1:]}
    assert "'=HYPERLINK(\"x\") Loviisa" in texts and not any(text.startswith("=") for text in texts)


def test_filters_by_language_and_municipality(browser: TestClient) -> None:
    log_in(browser, "admin")
    rows = table(browser.get("/staff/analytics/unanswered.csv?language=so&municipality=loviisa"))
    assert [row[:3] for row in rows[1:]] == [[THIS_WEEK.isoformat(), "so", "loviisa"]]
    assert browser.get("/staff/analytics?weeks=0").status_code == 422
    assert browser.get("/staff/analytics/secrets.csv").status_code in (404, 422)


@pytest.mark.parametrize(("language", "heading"), [
    ("fi", "Analytiikka"), ("sv", "Analys"), ("en", "Analytics"), ("uk", "Аналітика"),
    ("ru", "Аналитика"), ("ar", "التحليلات"), ("so", "Falanqayn"), ("fa", "تحلیل‌ها"),
])
def test_the_page_speaks_every_language_with_an_accessible_chart(
    browser: TestClient, language: str, heading: str
) -> None:
    log_in(browser, "admin")
    page = browser.get(f"/staff/language?lang={language}&next=/staff/analytics")
    page = browser.get("/staff/analytics")
    assert page.status_code == 200
    assert f'lang="{language}"' in page.text and f"<h1>{heading}" in page.text
    assert page.text.count('role="img"') == 2
    assert 'aria-labelledby="chart-weeks-title chart-weeks-desc"' in page.text
    assert '<title id="chart-topics-title">' in page.text and '<desc id="chart-topics-desc">' in page.text
