"""The answer index follows published changes: the revision is read at most every check_seconds."""
from __future__ import annotations

from fastapi.testclient import TestClient

from api.app.answers import index as index_module
from api.app.answers.index import IndexCache
from api.app.content.service import edit_statement_text


def test_a_published_edit_shows_once_the_revision_is_checked(small_client: TestClient, monkeypatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(index_module.time, "monotonic", lambda: now[0])
    cache = IndexCache(check_seconds=1.0)
    sessions = small_client.app.state.session_factory
    first = cache.current(sessions)
    with sessions() as session:
        edit_statement_text(session, "civic-orientation-what", "en", "Edited just now.")
    assert cache.current(sessions) is first  # within the second: no database read
    now[0] += 1.5
    second = cache.current(sessions)
    assert second.revision == first.revision + 1
    assert second.statements["civic-orientation-what"].texts["en"].text == "Edited just now."
