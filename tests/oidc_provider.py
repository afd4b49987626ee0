"""A small real OpenID Connect provider for the console's tests, built on authlib's server side.

Authorization code grant with PKCE (a request without an S256 code challenge is refused, so a
test that signs in proves the console sends one), an RS256 id_token signed with a key of its own,
a discovery document and a JWKS, served over HTTP on a free port (tests/ports.py). The officer it
signs in is whoever the test sets in `user`: there is no login form, the provider approves at once.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import parse_qsl

from authlib.oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, OAuth2Request
from authlib.oauth2.rfc6749.errors import OAuth2Error
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import RSAKey
from ports import free_ports
from serving import running
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

CLIENT_ID = "lienthong-console"
CLIENT_SECRET = "console-secret-for-tests"
KEY_ID = "test-provider-1"


@dataclass
class Client(ClientMixin):
    redirect_uris: list[str]

    def get_client_id(self) -> str:
        return CLIENT_ID

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in scope.split() if s in ("openid", "profile"))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, CLIENT_SECRET)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "client_secret_basic"

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    user: dict[str, Any]
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> None:
        return None

    def get_amr(self) -> None:
        return None


class Provider(AuthorizationServer):
    """The provider's state: its key, its one client, the codes it issued, the user it signs in."""

    def __init__(self, issuer: str) -> None:
        super().__init__(scopes_supported=["openid", "profile"])
        self.issuer = issuer
        self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig", "alg": "RS256"})
        self.client = Client(redirect_uris=[])
        self.codes: dict[str, Code] = {}
        self.user: dict[str, Any] = {}
        self.token_requests = 0
        self.register_token_generator(
            "default", BearerTokenGenerator(lambda *a, **k: secrets.token_urlsafe(32))
        )
        provider = self

        class Grant(AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS: ClassVar = ["client_secret_basic"]

            def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
                data = request.payload.data
                provider.codes[code] = Code(
                    code,
                    data.get("redirect_uri"),
                    data.get("scope", ""),
                    data.get("nonce"),
                    data.get("code_challenge"),
                    data.get("code_challenge_method"),
                    dict(provider.user),
                )

            def query_authorization_code(self, code: str, client: Client) -> Code | None:
                return provider.codes.get(code)

            def delete_authorization_code(self, authorization_code: Code) -> None:
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code: Code) -> dict[str, Any]:
                return authorization_code.user

        class IdToken(OpenIDCode):
            def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
                return False

            def resolve_client_private_key(self, client: Client) -> RSAKey:
                return provider.key

            def get_client_algorithm(self, client: Client) -> str:
                return "RS256"

            def get_encode_header(self, client: Client) -> dict[str, str]:
                return {"alg": "RS256", "kid": KEY_ID}

            def get_client_claims(self, client: Client) -> dict[str, Any]:
                return {"iss": provider.issuer, "exp": int(time.time()) + 300}

            def generate_user_info(self, user: dict[str, Any], scope: str) -> UserInfo:
                return UserInfo(user)

        self.register_grant(Grant, [CodeChallenge(required=True), IdToken(require_nonce=True)])

    def query_client(self, client_id: str) -> Client | None:
        return self.client if client_id == CLIENT_ID else None

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        self.token_requests += 1

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        pass

    def create_oauth2_request(self, request: OAuth2Request) -> OAuth2Request:
        return request

    def handle_response(self, status: int, body: Any, headers: list[tuple[str, str]]) -> Response:
        if isinstance(body, dict):
            return JSONResponse(body, status_code=status, headers=dict(headers))
        location = dict(headers).get("Location")
        if location:
            return RedirectResponse(location, status_code=302)
        return Response(str(body), status_code=status, headers=dict(headers))


class FormRequest(OAuth2Request):
    """authlib's request over the parameters Starlette read: the query string or the form."""

    def __init__(self, request: Request, data: dict[str, str]) -> None:
        super().__init__(request.method, str(request.url), headers=request.headers)
        self.payload = BasicOAuth2Payload(data)
        self._data = data

    @property
    def args(self) -> dict[str, str]:
        return self._data

    @property
    def form(self) -> dict[str, str]:
        return self._data


def provider_app(provider: Provider) -> Starlette:
    issuer = provider.issuer

    async def discovery(request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": issuer,
                "authorization_endpoint": f"{issuer}/authorize",
                "token_endpoint": f"{issuer}/token",
                "jwks_uri": f"{issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                "scopes_supported": ["openid", "profile"],
            }
        )

    async def jwks(request: Request) -> Response:
        return JSONResponse({"keys": [provider.key.as_dict(private=False)]})

    async def authorize(request: Request) -> Response:
        data = dict(request.query_params)
        if data.get("code_challenge_method") != "S256" or not data.get("code_challenge"):
            return JSONResponse({"error": "invalid_request", "error_description": "PKCE S256 required"}, 400)
        oauth_request = FormRequest(request, data)
        try:
            grant = provider.get_consent_grant(oauth_request, end_user=provider.user)
        except OAuth2Error as error:
            return JSONResponse(dict(error.get_body()), status_code=error.status_code)
        return provider.create_authorization_response(oauth_request, grant_user=provider.user, grant=grant)

    async def token(request: Request) -> Response:
        data = dict(parse_qsl((await request.body()).decode()))
        return provider.create_token_response(FormRequest(request, data))

    return Starlette(
        routes=[
            Route("/.well-known/openid-configuration", discovery),
            Route("/jwks", jwks),
            Route("/authorize", authorize),
            Route("/token", token, methods=["POST"]),
        ]
    )


@contextmanager
def running_provider() -> Iterator[Provider]:
    """The provider, listening on 127.0.0.1 until the block ends."""
    (port,) = free_ports(1)
    provider = Provider(f"http://127.0.0.1:{port}")
    with running(provider_app(provider), port):
        yield provider
