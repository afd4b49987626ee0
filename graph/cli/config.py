"""`lienthong config`: every setting, its environment variable and its value."""

from __future__ import annotations

import argparse
from pathlib import Path


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("config", help="list every setting, its environment variable and value")
    parser.add_argument("--config", type=Path, help="a config file (YAML)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.settings import SECRETS, environment_names, locate, merged

    values = merged(args.config)
    for name in environment_names():
        container, key = locate(values, name)
        value = container[key]
        shown = "(set)" if name in SECRETS and value else value
        print(f"{name:42} {shown!r}")
    return 0
