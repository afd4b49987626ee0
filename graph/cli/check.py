"""`lienthong check`: validate a sources file and report every row that cannot be read."""

from __future__ import annotations

import argparse
from pathlib import Path


def add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("check", help="validate a sources file and report rows that cannot be read")
    parser.add_argument("--sources", type=Path, required=True)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from connectors import open_connector
    from connectors.config import load_sources
    from connectors.source import UnreadableExport

    skipped = failed = 0
    for name, config in load_sources(args.sources).items():
        connector = open_connector(config)
        for entity in config.entities:
            try:
                count = sum(1 for _ in connector.scan(entity, set(config.entities[entity].fields)))
            except Exception as error:  # noqa: BLE001 - report every source and entity, even after one fails
                state = "unreadable" if isinstance(error, UnreadableExport) else "unavailable"
                print(f"{name:12} {entity:26} {state}: {error}")
                failed += 1
            else:
                print(f"{name:12} {entity:26} {count:>8,} records")
        connector.close()
        for problem in connector.problems:
            print(f"  skipped: {problem}")
            skipped += 1
    print(f"{skipped} rows skipped")
    return 1 if skipped or failed else 0
