"""`lienthong policy matrix|explain`: the effective decisions (graph/cli/policy_report.py)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("policy", help="show the effective access policies")
    parser.add_argument("--policies", type=Path, help="policies folder (default: the project's policies/)")
    subcommands = parser.add_subparsers(dest="policy_command", required=True)
    matrix = subcommands.add_parser("matrix", help="every agency's decision for every schema field")
    matrix.add_argument("--csv", action="store_true", help="CSV instead of a terminal table")
    matrix.add_argument("--role", default="officer")
    matrix.set_defaults(run=run_matrix)
    explain = subcommands.add_parser("explain", help="one agency's decision for one field, and its rule")
    explain.add_argument("--agency", required=True)
    explain.add_argument("--role", default="officer")
    explain.add_argument("coordinate", help="Type.field, e.g. HealthCertificate.diseases")
    explain.set_defaults(run=run_explain)


def run_matrix(args: argparse.Namespace) -> int:
    from graph.cli.policy_report import matrix

    print(matrix(args.policies, args.role, as_csv=args.csv), end="")
    return 0


def run_explain(args: argparse.Namespace) -> int:
    from graph.cli.policy_report import explain

    print(explain(args.policies, args.agency, args.role, args.coordinate))
    return 0
