"""`lienthong`: one module per command in this package; here they are assembled, and here is the one
way a command ends in error.

A user's mistake (a missing or misspelt file, a setting of the wrong type, an agency that does not
exist, a date that is not one) ends as one line on standard error and exit status 2, never a
traceback: a traceback means a fault of ours. Command modules import their work when they run, so
that `lienthong --help` or `lienthong keys` does not load the GraphQL schema and every source.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Sequence

from graph.cli import (
    audit,
    check,
    config,
    deliver,
    demo,
    exchange,
    generate,
    identity,
    keys,
    policy,
    report,
    schema,
    serve,
    token,
)
from graph.cli.errors import user_mistakes

COMMANDS = (
    generate,
    demo,
    serve,
    keys,
    config,
    schema,
    check,
    identity,
    token,
    policy,
    audit,
    exchange,
    report,
    deliver,
)
"""In the order `lienthong --help` lists them."""


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lienthong", description="Liên thông: one GraphQL view over agency sources."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        status = args.run(args)
        sys.stdout.flush()  # a reader that has gone shows here, not as a traceback at exit
        return status
    except BrokenPipeError:  # `lienthong audit show | head`: the reader has all it wanted
        return stopped_writing()
    except user_mistakes() as error:
        print(f"lienthong {args.command}: {error}", file=sys.stderr)
        return 2


def stopped_writing() -> int:
    """End quietly once standard output's reader has gone: what is still buffered goes nowhere
    (else Python reports the broken pipe again at exit), and the status is a process's stopped by
    SIGPIPE, as `set -o pipefail` expects of any program in a pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 128 + signal.SIGPIPE
