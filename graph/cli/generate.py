"""`lienthong generate`: write the synthetic demo agency sources."""

from __future__ import annotations

import argparse
import sys

from graph.cli.errors import UserMistake
from graph.cli.options import add_generation, databases, progress


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("generate", help="write the synthetic demo agency sources")
    add_generation(parser)
    parser.add_argument("--force", action="store_true", help="overwrite an existing data folder")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from demo.generate import LEAST_WORKERS, generate

    if args.workers < LEAST_WORKERS:
        raise UserMistake(f"--workers {args.workers}: the demo needs at least {LEAST_WORKERS} workers")
    if (args.data / "sources.yaml").exists() and not args.force:
        raise UserMistake(f"{args.data} already holds demo sources; pass --force to overwrite")
    print(f"generating {args.workers:,} workers into {args.data} …", file=sys.stderr)
    sources = generate(
        args.data, workers=args.workers, seed=args.seed, progress=progress, databases=databases(args)
    )
    print(f"done: {sources}", file=sys.stderr)
    return 0
