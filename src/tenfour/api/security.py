"""Security headers on every response, error pages included; nothing personal in any cache.

Pure ASGI middleware (no response buffering). Pages may load scripts, styles and images only from
this server - no inline script, no eval, no framing; map tiles may come from the configured tile
server's origin. Every other response (JSON, errors) gets a policy that allows nothing at all.
A response that does not say how it may be cached gets ``Cache-Control: no-store``: call details,
names and callback numbers must not stay in a browser's or a proxy's cache; what may be cached
(static files, map tiles, the public feed) says so itself. A 500 is answered by Starlette's
outermost middleware, outside this one: ``add_security_headers`` is called on it directly.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BASE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "media-src": "'self' blob:",  # radio recordings: fetched with the token, played as blob:
    "connect-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def content_security_policy(tile_url: str | None = None) -> str:
    """The policy text; ``tile_url``'s origin is allowed for images."""
    policy = dict(BASE_POLICY)
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        if parts.scheme in ("http", "https") and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc.split('@')[-1]}".replace("//a.", "//*.")
            policy["img-src"] += f" {origin}"
    return "; ".join(f"{k} {v}" for k, v in policy.items())


NOTHING_POLICY = "default-src 'none'; frame-ancestors 'none'"


def add_security_headers(headers: MutableHeaders, page_policy: str) -> None:
    """The headers every response carries (the page policy on HTML, none allowed elsewhere)."""
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cache-Control", "no-store")
    if headers.get("content-type", "").startswith("text/html"):
        headers["Content-Security-Policy"] = page_policy
    else:
        headers.setdefault("Content-Security-Policy", NOTHING_POLICY)


class SecurityHeaders:
    """Adds the headers to each HTTP response.

    ``own_policies`` maps path prefixes to the page policy of their pages (the API's
    documentation pages, whose libraries style as they render); every other page gets the
    strict one.
    """

    def __init__(
        self,
        app: ASGIApp,
        tile_url: str | None = None,
        own_policies: dict[str, str] | None = None,
    ) -> None:
        self.app = app
        self.policy = content_security_policy(tile_url)
        self.own_policies = own_policies or {}

    def _policy_for(self, path: str) -> str:
        for prefix, policy in self.own_policies.items():
            if path == prefix or path.startswith(prefix + "/"):
                return policy
        return self.policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self._policy_for(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_security_headers(MutableHeaders(scope=message), policy)
            await send(message)

        await self.app(scope, receive, send_with_headers)
