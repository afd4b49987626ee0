"""`lienthong demo`: generate the demo sources if absent, then serve them with the demo's own key.

The demo's key (demo/keys.py) is trusted here and nowhere else: `lienthong serve` trusts only
the JWKS its settings name.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from graph.cli import generate, serve
from graph.cli.options import add_generation, add_serving


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("demo", help="generate the demo sources if absent, then serve them")
    add_generation(parser)
    add_serving(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from demo.keys import AUDIENCE, ISSUER, ensure_demo_keys
    from graph.web.settings import load_settings

    sources = args.data / "sources.yaml"
    if not sources.exists():
        args.force = False
        generate.run(args)
    else:
        print(f"using the demo sources in {args.data} (delete the folder to regenerate)", file=sys.stderr)
    settings = load_settings(args.config, sources)
    demo_auth = replace(
        settings.auth, issuer=ISSUER, audience=AUDIENCE, jwks_file=ensure_demo_keys(args.data), jwks_url=None
    )
    print(
        f"demo tokens: lienthong token --data {args.data} --agency noi_vu (or y_te, cong_an, …)",
        file=sys.stderr,
    )
    # The console offers the demo's agency picker, and its cookie works over the demo's plain http.
    console = replace(settings.console, demo_sign_in=True, secure_cookies=False)
    print(f"the officers' console at http://{args.host}:{args.port}/", file=sys.stderr)
    return serve.start(replace(settings, auth=demo_auth, console=console), args)
