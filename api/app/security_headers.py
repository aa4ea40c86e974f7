"""Security headers on every response: API answers, pages, the widget's files and any 404.

A route may set its own policy (the staff pages and the demo page do, api/app/templating.py and
api/app/widget/router.py); this fills in what a response lacks, so that nothing goes out bare:
static files, unknown paths and errors included.

- ``Content-Security-Policy``: nothing loads and nothing frames a JSON answer; the widget's files
  may be framed only by the embedding sites (``OPAS_CHAT_ALLOWED_ORIGINS``).
- ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` (the cancel link's token
  must never leave as a Referer).
- ``Strict-Transport-Security`` in production (the API sits behind TLS there).
- ``Cache-Control: no-store`` under ``/staff`` (pages with personal data), unless set.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: A year, and the subdomains: the municipality's TLS set-up covers them (docs/security.md).
HSTS = "max-age=31536000; includeSubDomains"
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
EMBEDDED_PREFIXES = ("/widget/",)


def frame_ancestors(origins: list[str]) -> str:
    """The CSP source list of the sites that may embed the widget ('none' if there are none)."""
    if "*" in origins:
        return "*"
    return " ".join(origins) if origins else "'none'"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, embedding_origins: list[str], production: bool) -> None:
        self.app = app
        self.production = production
        ancestors = frame_ancestors(embedding_origins)
        self.widget_policy = f"default-src 'self'; frame-ancestors {ancestors}; base-uri 'none'"

    def _headers_for(self, path: str) -> dict[str, str]:
        headers = {
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cross-Origin-Opener-Policy": "same-origin",
        }
        if path.startswith(EMBEDDED_PREFIXES):
            headers["Content-Security-Policy"] = self.widget_policy
        else:
            headers["Content-Security-Policy"] = API_POLICY
            headers["X-Frame-Options"] = "DENY"
        if path == "/staff" or path.startswith("/staff/"):
            headers["Cache-Control"] = "no-store"
        if self.production:
            headers["Strict-Transport-Security"] = HSTS
        return headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = self._headers_for(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    if name not in headers:  # a route's own policy wins
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
