"""`lienthong identity evaluate`: how well records are linked into persons (graph/cli/identity_report.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from graph.cli.options import DEFAULT_DATA


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("identity", help="identity matching across agencies")
    subcommands = parser.add_subparsers(dest="identity_command", required=True)
    evaluate = subcommands.add_parser(
        "evaluate", help="precision and recall of record linking on the ground truth"
    )
    evaluate.add_argument("--sources", type=Path, default=DEFAULT_DATA / "sources.yaml")
    evaluate.add_argument(
        "--truth",
        type=Path,
        help="which record is whose: a CSV with columns source, record, person (and optionally entity),"
        " or the demo's ground_truth.json (the default, beside the sources)",
    )
    evaluate.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.cli.identity_report import evaluate

    return evaluate(args.sources, args.truth)
