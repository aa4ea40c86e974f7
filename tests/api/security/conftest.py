"""The staff and chat fixtures, for the security tests that cross both."""

from tests.api.chat.conftest import chat, chat_for  # noqa: F401 -- fixtures
from tests.api.staff.conftest import _fast_password_hashing, accounts, browser  # noqa: F401 -- fixtures
