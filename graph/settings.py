"""Server settings: the sources file, and where keys, policies and the audit trail live.

Defaults suit the demo (everything beside the sources file); each can be overridden by an
environment variable, so a deployment points at its identity provider and audit database without
editing files.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from graph.auth import AuthSettings
from graph.demo_keys import AUDIENCE, ISSUER
from graph.policy import DEFAULT_DIRECTORY

ENVIRONMENT = {
    "LIENTHONG_SECRET": "key for worker ids, cursors and audit pseudonyms (default: a generated file)",
    "LIENTHONG_JWKS_URL": "verify tokens with this JWKS URL (an OIDC provider such as Keycloak)",
    "LIENTHONG_JWKS_FILE": "or with this local JWKS file (default: auth/jwks.json beside the sources file)",
    "LIENTHONG_ISSUER": f"required `iss` of tokens (default {ISSUER})",
    "LIENTHONG_AUDIENCE": f"required `aud` of tokens (default {AUDIENCE})",
    "LIENTHONG_POLICIES": "the policies folder (default: policies/ of this project)",
    "LIENTHONG_AUDIT_URL": "SQLAlchemy URL of the audit store (default: audit.sqlite beside the sources file)",
    "LIENTHONG_AUDIT_CHECKPOINTS": "file for head checkpoints (default: audit.checkpoints beside the sources file)",
}


@dataclass(frozen=True)
class Settings:
    sources: Path
    secret: bytes
    auth: AuthSettings
    policies: Path = DEFAULT_DIRECTORY
    audit_url: str = "sqlite://"
    audit_checkpoints: Path | None = None
    index_check_seconds: float = 1.0

    @classmethod
    def for_sources(cls, sources: Path, index_check_seconds: float = 1.0) -> Settings:
        env = os.environ.get
        folder = sources.resolve().parent
        jwks_url = env("LIENTHONG_JWKS_URL")
        jwks_file = None if jwks_url else Path(env("LIENTHONG_JWKS_FILE") or folder / "auth" / "jwks.json")
        return cls(
            sources=sources,
            secret=load_secret(folder),
            auth=AuthSettings(
                issuer=env("LIENTHONG_ISSUER") or ISSUER,
                audience=env("LIENTHONG_AUDIENCE") or AUDIENCE,
                jwks_file=jwks_file,
                jwks_url=jwks_url,
            ),
            policies=Path(env("LIENTHONG_POLICIES") or DEFAULT_DIRECTORY),
            audit_url=env("LIENTHONG_AUDIT_URL") or f"sqlite:///{folder / 'audit.sqlite'}",
            audit_checkpoints=Path(env("LIENTHONG_AUDIT_CHECKPOINTS") or folder / "audit.checkpoints"),
            index_check_seconds=index_check_seconds,
        )


def load_secret(folder: Path) -> bytes:
    """LIENTHONG_SECRET if set, else `.lienthong-secret` in `folder`, created (mode 0600) if absent.

    Worker ids, cursors and audit pseudonyms are keyed hashes of passport numbers; without a secret
    they could be reversed by hashing every plausible passport number.
    """
    if os.environ.get("LIENTHONG_SECRET"):
        return os.environ["LIENTHONG_SECRET"].encode()
    path = folder / ".lienthong-secret"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip().encode()
