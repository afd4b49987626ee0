"""The demo's own signing key, and tokens for it, so an officer can try the demo in GraphiQL.

Only `lienthong demo` and the tests trust this key: `lienthong serve` verifies tokens with the JWKS
its settings name (an identity provider's URL, or a file made by `lienthong keys`). The private key
is written with mode 0600 beside the demo data and never served.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from joserfc import jwt
from joserfc.jwk import RSAKey

from graph.signing_keys import new_key, write_key_pair

ISSUER = "lienthong-demo"
AUDIENCE = "lienthong"
KEY_ID = "demo-1"
SERVE_ENVIRONMENT = {"LIENTHONG_AUTH_ISSUER": ISSUER, "LIENTHONG_AUTH_JWKS_FILE": "'{here}/auth/jwks.json'"}
"""Settings for serving demo data with this key (written beside the sources), for the tests and
benchmarks that start `lienthong serve` or the app themselves. (Variables are read as YAML, where
an unquoted `{` would open a mapping.)"""


def key_paths(folder: Path) -> tuple[Path, Path]:
    """(private key, public JWKS) in the demo data folder."""
    return folder / "auth" / "private-key.json", folder / "auth" / "jwks.json"


def ensure_demo_keys(folder: Path) -> Path:
    """Create the demo signing key if absent; returns the public JWKS file."""
    private, public = key_paths(folder)
    if not private.exists():
        write_key_pair(new_key("RS256", KEY_ID), private, public)
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
