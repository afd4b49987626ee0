"""Signing in with the city's identity provider: OpenID Connect, authorization code with PKCE.

authlib's Starlette client does the protocol: discovery, the redirect with state, nonce and an
S256 code challenge (kept in the session until the provider sends the officer back), the code
exchanged for tokens, and the id_token verified against the provider's JWKS (issuer, audience =
our client id, lifetime, nonce). Then, as for a bearer token (graph/access/auth.py): the id_token's
algorithm must be one `auth.algorithms` accepts, its claims name the viewer (`viewer_from_claims`),
and the ward or sector must be one the agency's policy lists. Every call to the provider has
`console.oidc_timeout_seconds`.
"""

from __future__ import annotations

import logging

import httpx
from authlib.integrations.starlette_client import OAuth, OAuthError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from graph.access.auth import Unauthenticated, protected_header
from graph.access.policy import ScopeError
from graph.web.console.pages import sign_in_failed
from graph.web.console.session_audit import signed_in
from graph.web.sessions import sign_in
from graph.web.settings import OidcSettings

log = logging.getLogger("lienthong.console")
CLIENT = "city"


def oidc_routes(settings: OidcSettings) -> list[BaseRoute]:
    oauth = OAuth()
    client_kwargs: dict[str, object] = {
        "scope": settings.scope,
        "code_challenge_method": "S256",
        "timeout": settings.timeout_seconds,
    }
    if settings.client_secret is None:
        client_kwargs["token_endpoint_auth_method"] = "none"
    client = oauth.register(
        CLIENT,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        server_metadata_url=settings.discovery_url,
        client_kwargs=client_kwargs,
    )

    async def start(request: Request) -> Response:
        try:
            response: Response = await client.authorize_redirect(request, request.url_for("oidc_callback"))
        except (
            httpx.HTTPError,
            ValueError,
            KeyError,
            RuntimeError,
        ) as error:  # unreachable, or not a provider
            log.warning("identity provider unavailable: %s", error)
            return sign_in_failed("Không kết nối được hệ thống xác thực của thành phố; hãy thử lại sau.", 503)
        return response

    async def callback(request: Request) -> Response:
        service = request.app.state.service
        try:
            token = await client.authorize_access_token(request)
        except OAuthError as error:
            said = str(error.description or error.error)[
                :200
            ]  # the provider's words, or whoever forged the redirect
            return sign_in_failed(f"Hệ thống xác thực từ chối: {said}.")
        except (httpx.HTTPError, ValueError, KeyError, RuntimeError) as error:
            log.warning("identity provider failed during sign-in: %s", error)
            return sign_in_failed("Không kết nối được hệ thống xác thực của thành phố; hãy thử lại sau.", 503)
        claims = token.get("userinfo")
        if claims is None:  # no id_token, or no nonce to check it by: not OpenID Connect
            return sign_in_failed("Hệ thống xác thực không gửi id_token.")
        try:
            if protected_header(token["id_token"]).get("alg") not in service.settings.auth.algorithms:
                raise Unauthenticated("the id_token's algorithm is not accepted")
            viewer = sign_in(request, dict(claims), service.settings.console.session_seconds, "oidc")
            service.policies.check_scope(viewer)
        except (Unauthenticated, ScopeError) as refusal:
            log.warning("sign-in refused: %s", refusal)
            request.session.clear()
            return sign_in_failed(f"Tài khoản không dùng được cho Liên thông: {refusal}.", 403)
        return await signed_in(request)

    return [
        Route("/console/sign-in/oidc", start, name="oidc_start"),
        Route("/console/sign-in/oidc/callback", callback, name="oidc_callback"),
    ]
