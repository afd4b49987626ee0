"""`lienthong schema`: the GraphQL schema (SDL), or the federation subgraph's."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("schema", help="print the GraphQL schema (SDL)")
    parser.add_argument("--output", type=Path, help="write to this file instead of standard output")
    parser.add_argument("--federation", action="store_true", help="the federation subgraph's SDL instead")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.federation import build_subgraph
    from graph.schema import schema

    sdl = (build_subgraph() if args.federation else schema).as_str() + "\n"
    if args.output:
        args.output.write_text(sdl, encoding="utf-8")
    else:
        sys.stdout.write(sdl)
    return 0
