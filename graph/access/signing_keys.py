"""Token signing keys: a new key pair, its private half readable by its owner alone, its public half
the JWKS a server verifies tokens with (`auth.jwks_file`).

Written for `lienthong keys` (a deployment that signs its own tokens) and for the demo's key alike.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from joserfc.jwk import ECKey, KeyParameters, RSAKey


def new_key(algorithm: str, kid: str | None = None) -> RSAKey | ECKey:
    """A private key for `algorithm`, RS256 (RSA 2048) or ES256 (EC P-256), its key id the RFC 7638 thumbprint
    unless one is given, so that a token's `kid` finds it among rotated keys."""
    parameters: KeyParameters = {"use": "sig", "alg": algorithm}
    if kid:
        parameters["kid"] = kid
    if algorithm == "RS256":
        key: RSAKey | ECKey = RSAKey.generate_key(2048, parameters, private=True)
    else:
        key = ECKey.generate_key("P-256", parameters, private=True)
    key.ensure_kid()
    return key


def write_key_pair(key: RSAKey | ECKey, private: Path, public: Path) -> None:
    """The private key as a JWK (mode 0600 from the start) and the public JWKS (0644), each replacing
    any file of its name whole."""
    private.parent.mkdir(parents=True, exist_ok=True)
    public.parent.mkdir(parents=True, exist_ok=True)
    replace(private, json.dumps(key.as_dict(private=True)), 0o600)
    replace(public, json.dumps({"keys": [key.as_dict(private=False)]}, indent=2) + "\n", 0o644)


def replace(path: Path, text: str, mode: int) -> None:
    descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(draft, mode)
        os.replace(draft, path)
    except BaseException:
        Path(draft).unlink(missing_ok=True)
        raise
