"""The whole API probed from its own OpenAPI schema (schemathesis): every check, bounded examples.

Every operation is called with generated valid and invalid input, with the service token, on a
database holding the real content and the demo advisors' times. A failure is a 5xx, an answer the
schema does not document (status, content type, body), a valid request refused or an invalid one
accepted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.app.booking.demo import load_demo
from api.app.config import Settings
from api.app.db import create_db_engine, create_session_factory
from api.app.main import create_app
from api.manage import migrate
from tests.api.conftest import AUTH, load_database, make_settings

# Enough to reach every branch of the validation without making the suite slow: about a minute.
EXAMPLES_PER_OPERATION = 25


def _rule_beyond_the_schema(response: schemathesis.Response, case: schemathesis.Case) -> bool:
    """A 422 that states a rule the schema cannot (a real phone number, a supported language, one
    of two parameters): such errors carry a message and no validation ``details``. No NUL in any
    text is one of them (the API's description says so), on the pages too."""
    if response.status_code != 422:
        return False
    sent = repr((case.body, case.query, case.path_parameters, case.headers))
    if "\\x00" in sent:
        return True
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return False
    return "details" not in error and bool(error.get("message"))


@schemathesis.check
def accepts_schema_valid_input(ctx, response, case):
    """schemathesis' positive_data_acceptance, except for a rule beyond the schema (see above): a
    schema-valid request that fails the schema's own validation is still a failure."""
    if _rule_beyond_the_schema(response, case):
        return None
    return positive_data_acceptance(ctx, response, case)


@pytest.fixture(scope="module")
def probed_app(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Iterator[FastAPI]:
    settings: Settings = make_settings(tmp_path_factory.mktemp("probed"), repo_root / "data")
    migrate(settings.database_url, quiet=True)
    load_database(settings)
    engine = create_db_engine(settings.database_url)
    with create_session_factory(engine)() as session:
        load_demo(session, settings.data_dir)
    engine.dispose()
    yield create_app(settings)


def _probe(operation) -> list[str]:
    """Every distinct failure of one operation, as schemathesis describes it (with a curl line)."""
    failures: dict[str, str] = {}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def call(case: schemathesis.Case) -> None:
        try:
            case.call_and_validate(
                headers=AUTH,
                excluded_checks=[positive_data_acceptance],
                additional_checks=[accepts_schema_valid_input],
            )
        except FailureGroup as group:
            for failure in group.exceptions:
                failures.setdefault(f"{type(failure).__name__}: {failure}", case.as_curl_command(AUTH))
        except Exception as error:  # an exception out of the app: the worst failure of all
            failures.setdefault(f"{type(error).__name__}: {error}", case.as_curl_command(AUTH))

    call()
    return [f"{kind}\n    {curl}" for kind, curl in failures.items()]


def test_every_operation_answers_as_documented(probed_app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", probed_app)
    report: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        report += [f"{operation.label}: {failure}" for failure in _probe(operation)]
    assert operations >= 15, "the schema lost its operations"
    assert not report, "\n\n".join(report)
