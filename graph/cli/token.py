"""`lienthong token`: a token signed with the demo's key, to paste into GraphiQL."""

from __future__ import annotations

import argparse
from pathlib import Path

from graph.cli.errors import UserMistake
from graph.cli.options import DEFAULT_DATA, require_agency


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("token", help="print a token for the demo server (paste it into GraphiQL)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the demo data folder")
    parser.add_argument("--agency", required=True, help="agency code, e.g. noi_vu, y_te, cong_an, ubnd_xa")
    parser.add_argument("--role", default="officer")
    parser.add_argument("--sub", help="the officer's user id (default: agency-role)")
    parser.add_argument("--ward", help="the ward of a ubnd_xa officer")
    parser.add_argument("--sector", help="the sector of a sector department's officer")
    parser.add_argument("--hours", type=float, default=8, help="validity (default 8 hours)")
    parser.add_argument(
        "--config", type=Path, help="the server's config file: its policies and token lifetime"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """A demo token, refused here for what the server would refuse: an agency no policy names, a
    ward or sector its agency's policy does not list, or a lifetime beyond the maximum."""
    from demo.keys import demo_token, key_paths
    from graph.access.policy import load_policies
    from graph.access.viewer import Viewer
    from graph.api.schema import schema
    from graph.web.settings import merged

    values = merged(args.config)
    maximum = values["auth"]["max_lifetime_seconds"]
    if args.hours * 3600 > maximum:
        raise UserMistake(f"--hours {args.hours:g} exceeds the maximum token lifetime of {maximum} s")
    policies = load_policies(Path(values["policies"]), schema._schema)
    require_agency(policies, args.agency)
    policies.check_scope(Viewer("", args.agency, args.role, args.ward, args.sector))
    if not key_paths(args.data)[0].exists():
        raise UserMistake(f"no demo signing key in {args.data}: run `lienthong demo` first")
    print(demo_token(args.data, args.agency, args.role, args.sub, args.ward, args.sector, args.hours))
    return 0
