"""Authentication: a viewer comes only from a verified bearer token (joserfc).

The lessons of docs/operations.md (Tokens and keys), applied: algorithms are pinned; `decode` checks no claims, so iss, aud,
exp, iat and sub are validated as essential with an explicit leeway; keys come only from
configuration (a JWKS file, or a JWKS URL cached with a TTL and refreshed, at most so often, when a
token names an unknown key id), never from the token's own headers. A token lives no longer than
`max_lifetime_seconds`, whatever its issuer wrote: a leaked ten-year token would be a standing key.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import Key, KeySet
from joserfc.jws import JWSRegistry
from joserfc.jwt import JWTClaimsRegistry

from graph.access.viewer import Viewer

FORBIDDEN_HEADERS = ("jwk", "jku", "x5u", "x5c")
VERIFIED_TOKENS = 10_000
"""Verified tokens remembered per process at most; the oldest is forgotten first."""
"""Header parameters that would let a token choose its own verification key."""


class Unauthenticated(Exception):
    """The request carries no acceptable token; the message is safe to show the client."""


@dataclass(frozen=True)
class AuthSettings:
    issuer: str
    audience: str
    jwks_file: Path | None = None
    jwks_url: str | None = None
    algorithms: tuple[str, ...] = ("RS256", "ES256")
    leeway_seconds: int = 30
    max_lifetime_seconds: int = 12 * 3600
    jwks_ttl_seconds: float = 300
    refresh_interval_seconds: float = 30


class KeysUnusable(Exception):
    """The configured JWKS cannot verify a token (missing, unreadable, malformed, or no public key
    for the accepted algorithms); the message says which and why."""


class KeySource:
    """The verification keys: from a file (re-read when it changes) or a URL (cached with a TTL)."""

    def __init__(self, settings: AuthSettings) -> None:
        self.settings = settings
        self.keys: KeySet | None = None
        self.loaded_at = float("-inf")
        self.stamp: object = None
        self.lock = asyncio.Lock()

    async def current(self) -> KeySet:
        expired = time.monotonic() - self.loaded_at > self.settings.jwks_ttl_seconds
        if self.keys is None or expired or self.file_changed():
            await self.load()
        assert self.keys is not None
        return self.keys

    async def refresh_for_unknown_key(self) -> bool:
        """Reload once a token names a key we lack (a rotation), but never more often than allowed."""
        if time.monotonic() - self.loaded_at < self.settings.refresh_interval_seconds:
            return False
        await self.load()
        return True

    def file_changed(self) -> bool:
        path = self.settings.jwks_file
        return path is not None and self.stamp != path.stat().st_mtime_ns

    async def load(self) -> None:
        """Read the keys; raises KeysUnusable when they cannot verify a token."""
        async with self.lock:
            url, path = self.settings.jwks_url, self.settings.jwks_file
            if url:
                try:
                    async with httpx.AsyncClient(timeout=5) as client:
                        response = await client.get(url)
                        response.raise_for_status()
                except httpx.HTTPError as error:
                    raise KeysUnusable(f"{url}: cannot be fetched: {error}") from None
                origin, document = url, response.text
            elif path:
                try:
                    self.stamp = path.stat().st_mtime_ns
                    origin, document = str(path), path.read_text(encoding="utf-8")
                except (OSError, UnicodeError) as error:
                    raise KeysUnusable(f"{path}: cannot be read: {error}") from None
            else:
                raise KeysUnusable(
                    "no JWKS: set auth.jwks_url, or auth.jwks_file (`lienthong keys` makes one)"
                )
            self.keys = public_keys(document, origin, self.settings.algorithms)
            self.loaded_at = time.monotonic()


def check_keys(settings: AuthSettings) -> None:
    """Raise KeysUnusable unless the configured JWKS can verify a token: for start-up, before any
    event loop runs, since a server without usable keys would look ready and refuse every request."""
    asyncio.run(KeySource(settings).load())


def public_keys(document: str, origin: str, algorithms: tuple[str, ...]) -> KeySet:
    """The public keys of a JWKS document (private material is never loaded, whatever the document
    holds); refused unless one of them can verify a token signed with an accepted algorithm."""
    try:
        data = json.loads(document)
    except ValueError:
        raise KeysUnusable(f"{origin}: {'not JSON' if document.strip() else 'empty'}, not a JWKS") from None
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(keys, list) or not all(isinstance(key, dict) for key in keys):
        raise KeysUnusable(f'{origin}: not a JWKS (an object whose "keys" is a list of keys)')
    if not keys:
        raise KeysUnusable(f"{origin}: holds no keys")
    public = [{name: value for name, value in key.items() if name not in PRIVATE} for key in keys]
    try:
        found = KeySet.import_key_set({"keys": public})
    except JoseError as error:
        raise KeysUnusable(f"{origin}: a key is not a public key ({reason(error)})") from None
    if not any(verifies(key, algorithm) for key in found for algorithm in algorithms):
        raise KeysUnusable(f"{origin}: holds no public key for {' or '.join(algorithms)}")
    return found


PRIVATE = {"d", "p", "q", "dp", "dq", "qi", "k"}
"""JWK members of private or symmetric key material."""


def verifies(key: Key, algorithm: str) -> bool:
    """Whether `key` may verify signatures of `algorithm`: its type, curve, `use` and `alg` allow it."""
    model = JWSRegistry.algorithms.get(algorithm)
    if model is None:
        return False
    try:
        model.check_key(key)
    except JoseError:
        return False
    return True


class Authenticator:
    def __init__(self, settings: AuthSettings) -> None:
        self.settings = settings
        self.keys = KeySource(settings)
        self.claims = JWTClaimsRegistry(
            leeway=settings.leeway_seconds,
            iss={"essential": True, "value": settings.issuer},
            aud={"essential": True, "value": settings.audience},
            exp={"essential": True},
            iat={"essential": True},
            sub={"essential": True},
        )
        self.verified: dict[bytes, tuple[KeySet, dict]] = {}
        """sha256(token) → (the keys it was verified with, its claims), oldest first."""

    async def viewer(self, authorization: str | None, purpose: str | None) -> Viewer:
        token = bearer(authorization)
        headers = protected_header(token)
        if headers.get("alg") not in self.settings.algorithms:
            raise Unauthenticated("the token's algorithm is not accepted")
        if any(name in headers for name in FORBIDDEN_HEADERS):
            raise Unauthenticated("tokens may not carry their own keys")
        return viewer_from_claims(await self.verified_claims(token), purpose)

    async def verified_claims(self, token: str) -> dict:
        """The token's claims once its signature is verified. A signature already verified under
        the current keys is not verified again (RS256 costs more than the rest of a small lookup):
        its claims are kept, keyed by the token's hash, and their times re-checked on every use, so
        an expired token is refused as before, and new keys (a rotation) start afresh."""
        keys = await self.keys.current()
        digest = hashlib.sha256(token.encode()).digest()
        known = self.verified.get(digest)
        if known is not None and known[0] is keys:
            try:
                self.claims.validate(known[1])
            except JoseError as error:
                raise Unauthenticated(f"the token is not valid: {reason(error)}") from None
            return known[1]
        claims = await self.verify(token)
        if len(self.verified) >= VERIFIED_TOKENS:
            self.verified.pop(next(iter(self.verified)))
        self.verified[digest] = (await self.keys.current(), claims)
        return claims

    async def verify(self, token: str) -> dict:
        for attempt in range(2):
            try:
                decoded = jwt.decode(
                    token, await self.keys.current(), algorithms=list(self.settings.algorithms)
                )
                self.claims.validate(decoded.claims)
                self.check_lifetime(decoded.claims)
                return decoded.claims
            except InvalidKeyIdError:
                if attempt or not await self.keys.refresh_for_unknown_key():
                    raise Unauthenticated("the token was signed with an unknown key") from None
            except (JoseError, ValueError) as error:
                raise Unauthenticated(f"the token is not valid: {reason(error)}") from None
        raise Unauthenticated("the token was signed with an unknown key")

    def check_lifetime(self, claims: dict) -> None:
        """exp − iat within the maximum; iat in the future (beyond the leeway) is refused by `claims`."""
        lifetime, maximum = claims["exp"] - claims["iat"], self.settings.max_lifetime_seconds
        if lifetime > maximum:
            raise Unauthenticated(
                f"the token's lifetime (exp - iat) of {lifetime:.0f} s exceeds the maximum of {maximum} s"
            )


def viewer_from_claims(claims: Mapping[str, Any], purpose: str | None) -> Viewer:
    """The viewer verified claims name: `sub`, `agency`, `role`, and `ward` or `sector` for a
    scoped agency, whether they came in a bearer token or in the identity provider's id_token when
    an officer signed in to the console (graph/web/console/). The purpose is the request's,
    percent-decoded, so that one with diacritics travels in a Latin-1 header."""
    agency, role, sub = claims.get("agency"), claims.get("role"), claims.get("sub")
    if not isinstance(agency, str) or not isinstance(role, str):
        raise Unauthenticated("the token names no agency and role")
    if sub is None or sub == "":
        raise Unauthenticated("the token names no subject")
    scope = {name: claims.get(name) for name in ("ward", "sector")}
    if any(value is not None and not isinstance(value, str) for value in scope.values()):
        raise Unauthenticated("the token's ward or sector is malformed")
    purpose = unquote(purpose).strip() if purpose else None
    return Viewer(str(sub), agency, role, scope["ward"], scope["sector"], purpose or None)


def protected_header(token: str) -> dict:
    """The token's header, read before any library acts on it, so its key hints can be refused."""
    try:
        encoded = token.split(".")[0]
        header = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (ValueError, UnicodeError):
        raise Unauthenticated("the bearer token is malformed") from None
    if not isinstance(header, dict) or token.count(".") != 2:
        raise Unauthenticated("the bearer token is malformed")
    return header


def bearer(authorization: str | None) -> str:
    if not authorization:
        raise Unauthenticated("send Authorization: Bearer <token>")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("send Authorization: Bearer <token>")
    return token.strip()


def reason(error: Exception) -> str:
    """A short reason that names the failed check (expired, audience…) but no key or secret."""
    return getattr(error, "description", None) or getattr(error, "error", None) or type(error).__name__
