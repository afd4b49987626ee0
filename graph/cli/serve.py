"""`lienthong serve`: serve configured sources, once the keys that verify tokens are known to work."""

from __future__ import annotations

import argparse
import contextlib
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from graph.cli.errors import UserMistake
from graph.cli.options import add_serving

if TYPE_CHECKING:
    from graph.web.settings import Settings


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("serve", help="serve configured sources")
    parser.add_argument(
        "--sources", type=Path, help="the sources file (YAML or TOML); or `sources:` in --config"
    )
    add_serving(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.web.settings import load_settings

    return start(load_settings(args.config, args.sources), args)


def start(settings: Settings, args: argparse.Namespace) -> int:
    """Serve on --host and --port, and the ops listener beside. Refused, before anything is opened,
    when the configured JWKS cannot verify a token: such a server would look ready and answer every
    request with an error."""
    from graph.access.auth import check_keys
    from graph.web.app import create_app
    from graph.web.listeners import run, servers
    from graph.web.logs import configure

    if args.federation:
        settings = replace(settings, federation=True)
    check_keys(settings.auth)
    try:
        app = create_app(settings)
    except ValueError as error:  # a persisted-queries file that is not a mapping of documents
        raise UserMistake(str(error)) from None
    configure(settings.log_format)
    print(f"GraphQL and GraphiQL at http://{args.host}:{args.port}/graphql", file=sys.stderr)
    if settings.ops_port is not None:
        ops = f"http://{settings.ops_host}:{settings.ops_port}"
        print(f"metrics and readiness at {ops}/metrics and {ops}/readyz", file=sys.stderr)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: both servers have stopped cleanly
        run(servers(app, settings, args.host, args.port))
    return 0
