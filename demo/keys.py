"""The demo's own signing key, and tokens for it, so an officer can try the demo in GraphiQL.

Production deployments verify tokens from their identity provider (a JWKS URL); nothing here runs
there. The private key is written with mode 0600 beside the demo data and never served.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from joserfc import jwt
from joserfc.jwk import RSAKey

from graph.web.settings import DEFAULTS

ISSUER, AUDIENCE = DEFAULTS["auth"]["issuer"], DEFAULTS["auth"]["audience"]
"""The demo signs tokens that a server on default settings accepts; the server imports nothing of the demo."""
KEY_ID = "demo-1"


def key_paths(folder: Path) -> tuple[Path, Path]:
    """(private key, public JWKS) in the demo data folder."""
    return folder / "auth" / "private-key.json", folder / "auth" / "jwks.json"


def ensure_demo_keys(folder: Path) -> Path:
    """Create the demo signing key if absent; returns the public JWKS file."""
    private, public = key_paths(folder)
    if not private.exists():
        private.parent.mkdir(parents=True, exist_ok=True)
        key = RSAKey.generate_key(
            2048, parameters={"kid": KEY_ID, "use": "sig", "alg": "RS256"}, private=True
        )
        private.touch(mode=0o600)
        private.write_text(json.dumps(key.as_dict(private=True)), encoding="utf-8")
        public.write_text(json.dumps({"keys": [key.as_dict(private=False)]}), encoding="utf-8")
    return public


def demo_token(
    folder: Path,
    agency: str,
    role: str = "officer",
    sub: str | None = None,
    ward: str | None = None,
    sector: str | None = None,
    hours: float = 8,
) -> str:
    private, _ = key_paths(folder)
    key = RSAKey.import_key(json.loads(private.read_text(encoding="utf-8")))
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": sub or f"{agency}-{role}",
        "iat": now,
        "exp": now + int(hours * 3600),
        "agency": agency,
        "role": role,
    }
    claims.update({name: value for name, value in (("ward", ward), ("sector", sector)) if value})
    return jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, key)
