"""Options and checks that several commands share."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from graph.cli.errors import UserMistake

if TYPE_CHECKING:
    from graph.access.policy import PolicySet

DEFAULT_DATA = Path("demo-data")
DATABASE_AGENCIES = ("noi_vu", "cong_an", "tai_chinh", "bhxh")
"""The agencies whose demo database can be loaded into a database server instead of SQLite."""


def add_generation(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (default: ./demo-data)")
    parser.add_argument("--workers", type=int, default=2000, help="how many workers (default 2000)")
    parser.add_argument("--seed", type=int, default=20261101, help="random seed (same seed, same data)")
    for agency in DATABASE_AGENCIES:
        parser.add_argument(
            f"--{agency.replace('_', '-')}",
            dest=agency,
            metavar="URL",
            help=f"load {agency}'s database into this SQLAlchemy URL instead of SQLite",
        )


def databases(args: argparse.Namespace) -> dict[str, str]:
    """The database servers given for the demo: agency → SQLAlchemy URL."""
    return {agency: getattr(args, agency) for agency in DATABASE_AGENCIES if getattr(args, agency)}


def add_serving(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--config", type=Path, help="a config file (YAML); see `lienthong config`")
    parser.add_argument(
        "--federation",
        action="store_true",
        help="serve as an Apollo Federation v2 subgraph (_service, _entities)",
    )


def progress(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def require_agency(policies: PolicySet, agency: str) -> None:
    """Refuse an agency no policy file names: the server would deny it everything, so a token, a
    list or an explanation for it would only hide a misspelling."""
    if agency not in policies.agencies:
        known = ", ".join(sorted(policies.agencies))
        raise UserMistake(f"no agency {agency!r} has a policy; the agencies are: {known}")


def require_writable(output: Path) -> None:
    """Refuse an output that is a folder or sits in none, before the minutes of indexing a command
    that writes it would spend."""
    if not output.parent.is_dir() or output.is_dir():
        raise UserMistake(f"{output}: not a file in an existing folder")
