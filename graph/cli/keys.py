"""`lienthong keys`: a token signing key and the JWKS that verifies it, for a deployment that signs
its own tokens rather than taking them from an identity provider's JWKS URL."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.cli.errors import UserMistake


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("keys", help="make a token signing key and the JWKS that verifies it")
    parser.add_argument(
        "--output", type=Path, required=True, help="the folder to write private-key.json and jwks.json into"
    )
    parser.add_argument("--algorithm", choices=("RS256", "ES256"), default="RS256")
    parser.add_argument(
        "--force", action="store_true", help="replace keys already there: tokens they signed stop verifying"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.signing_keys import new_key, write_key_pair

    private, public = args.output / "private-key.json", args.output / "jwks.json"
    for path in (private, public):
        if path.exists() and not args.force:
            raise UserMistake(
                f"{path} exists; pass --force to replace the key pair (tokens signed with the old key"
                " then stop verifying)"
            )
    key = new_key(args.algorithm)
    write_key_pair(key, private, public)
    print(f"{private}: the private key (JWK, mode 0600), for the token signer alone", file=sys.stderr)
    print(f"{public}: the public JWKS, key id {key.kid}", file=sys.stderr)
    print(
        f"serve with auth: {{jwks_file: {public.resolve()}, issuer: <the iss your tokens carry>}}",
        file=sys.stderr,
    )
    return 0
