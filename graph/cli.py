"""`lienthong`: generate demo sources, serve, export the schema, check a sources file."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_DATA = Path("demo-data")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lienthong", description="Liên thông: one GraphQL view over agency sources."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate", help="write the synthetic demo agency sources")
    add_generation(generate)
    generate.add_argument("--force", action="store_true", help="overwrite an existing data folder")

    demo = commands.add_parser("demo", help="generate the demo sources if absent, then serve them")
    add_generation(demo)
    add_serving(demo)

    serve = commands.add_parser("serve", help="serve configured sources")
    serve.add_argument(
        "--sources", type=Path, help="the sources file (YAML or TOML); or `sources:` in --config"
    )
    add_serving(serve)

    config = commands.add_parser("config", help="list every setting, its environment variable and value")
    config.add_argument("--config", type=Path, help="a config file (YAML)")

    schema = commands.add_parser("schema", help="print the GraphQL schema (SDL)")
    schema.add_argument("--output", type=Path, help="write to this file instead of standard output")
    schema.add_argument("--federation", action="store_true", help="the federation subgraph's SDL instead")

    check = commands.add_parser("check", help="validate a sources file and report rows that cannot be read")
    check.add_argument("--sources", type=Path, required=True)

    identity = commands.add_parser("identity", help="identity matching across agencies")
    identity_commands = identity.add_subparsers(dest="identity_command", required=True)
    evaluate = identity_commands.add_parser(
        "evaluate", help="precision and recall of record linking on the ground truth"
    )
    evaluate.add_argument("--sources", type=Path, default=DEFAULT_DATA / "sources.yaml")
    evaluate.add_argument(
        "--truth", type=Path, help="ground truth (default: ground_truth.json beside the sources)"
    )

    token = commands.add_parser("token", help="print a token for the demo server (paste it into GraphiQL)")
    token.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the demo data folder")
    token.add_argument("--agency", required=True, help="agency code, e.g. noi_vu, y_te, cong_an, ubnd_xa")
    token.add_argument("--role", default="officer")
    token.add_argument("--sub", help="the officer's user id (default: agency-role)")
    token.add_argument("--ward", help="the ward of a ubnd_xa officer")
    token.add_argument("--sector", help="the sector of a sector department's officer")
    token.add_argument("--hours", type=float, default=8, help="validity (default 8 hours)")
    token.add_argument(
        "--config", type=Path, help="the server's config file: its policies and token lifetime"
    )

    policy = commands.add_parser("policy", help="show the effective access policies")
    policy.add_argument("--policies", type=Path, help="policies folder (default: the project's policies/)")
    policy_commands = policy.add_subparsers(dest="policy_command", required=True)
    matrix = policy_commands.add_parser("matrix", help="every agency's decision for every schema field")
    matrix.add_argument("--csv", action="store_true", help="CSV instead of a terminal table")
    matrix.add_argument("--role", default="officer")
    explain = policy_commands.add_parser("explain", help="one agency's decision for one field, and its rule")
    explain.add_argument("--agency", required=True)
    explain.add_argument("--role", default="officer")
    explain.add_argument("coordinate", help="Type.field, e.g. HealthCertificate.diseases")

    audit = commands.add_parser("audit", help="verify or read the audit trail")
    audit.add_argument(
        "--sources",
        type=Path,
        default=DEFAULT_DATA / "sources.yaml",
        help="the sources file whose settings locate the audit store (default: the demo's)",
    )
    audit.add_argument("--config", type=Path, help="the config file the server ran with, if any")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    audit_commands.add_parser("verify", help="check the hash chain; says where it was edited or cut")
    show = audit_commands.add_parser("show", help="who looked at what, for what purpose")
    show.add_argument("--agency")
    show.add_argument("--person", help="a worker's passport number (any spelling) or worker id")
    show.add_argument("--since", help="ISO date or time")

    exchange = commands.add_parser("exchange", help="write an agency's monthly exchange list (CSV or XLSX)")
    exchange.add_argument("--agency", required=True, help="the agency whose list it is, e.g. noi_vu")
    exchange.add_argument("--month", required=True, help="YYYY-MM: records of the 11th before to the 10th")
    exchange.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    exchange.add_argument(
        "--recipient", help="the agency receiving it, whose policy applies (default: --agency)"
    )
    exchange.add_argument("--output", type=Path, help="the file to write (default: AGENCY_MONTH.FORMAT)")
    exchange.add_argument("--sources", type=Path, default=DEFAULT_DATA / "sources.yaml")
    exchange.add_argument("--config", type=Path, help="a config file (YAML)")

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return COMMANDS[args.command](args)


def add_generation(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (default: ./demo-data)")
    parser.add_argument("--workers", type=int, default=2000, help="how many workers (default 2000)")
    parser.add_argument("--seed", type=int, default=20261101, help="random seed (same seed, same data)")
    for agency in ("noi_vu", "cong_an", "tai_chinh", "bhxh"):
        parser.add_argument(
            f"--{agency.replace('_', '-')}",
            dest=agency,
            metavar="URL",
            help=f"load {agency}'s database into this SQLAlchemy URL instead of SQLite",
        )


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


def run_generate(args: argparse.Namespace) -> int:
    from demo.generate import generate

    if (args.data / "sources.yaml").exists() and not args.force:
        print(f"{args.data} already holds demo sources; pass --force to overwrite", file=sys.stderr)
        return 1
    print(f"generating {args.workers:,} workers into {args.data} …", file=sys.stderr)
    databases = {a: getattr(args, a) for a in ("noi_vu", "cong_an", "tai_chinh", "bhxh") if getattr(args, a)}
    sources = generate(
        args.data, workers=args.workers, seed=args.seed, progress=progress, databases=databases
    )
    print(f"done: {sources}", file=sys.stderr)
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from demo.keys import ensure_demo_keys

    sources = args.data / "sources.yaml"
    if not sources.exists():
        args.force = False
        if run_generate(args):
            return 1
    else:
        print(f"using the demo sources in {args.data} (delete the folder to regenerate)", file=sys.stderr)
    ensure_demo_keys(args.data)
    print(
        f"demo tokens: lienthong token --data {args.data} --agency noi_vu (or y_te, cong_an, …)",
        file=sys.stderr,
    )
    args.sources = sources
    return run_serve(args)


def run_serve(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from connectors.config import ConfigError
    from graph.access.policy import PolicyError
    from graph.web.app import create_app
    from graph.web.listeners import serve, servers
    from graph.web.logs import configure
    from graph.web.settings import SettingsError, load_settings

    try:
        settings = load_settings(args.config, args.sources)
        if args.federation:
            settings = replace(settings, federation=True)
        app = create_app(settings)
    except (ConfigError, PolicyError, SettingsError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    configure(settings.log_format)
    print(f"GraphQL and GraphiQL at http://{args.host}:{args.port}/graphql", file=sys.stderr)
    if settings.ops_port is not None:
        ops = f"http://{settings.ops_host}:{settings.ops_port}"
        print(f"metrics and readiness at {ops}/metrics and {ops}/readyz", file=sys.stderr)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: both servers have stopped cleanly
        asyncio.run(serve(servers(app, settings, args.host, args.port)))
    return 0


def run_config(args: argparse.Namespace) -> int:
    from graph.web.settings import SECRETS, environment_names, locate, merged

    values = merged(args.config)
    for name in environment_names():
        container, key = locate(values, name)
        value = container[key]
        shown = "(set)" if name in SECRETS and value else value
        print(f"{name:42} {shown!r}")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from graph.api.federation import build_subgraph
    from graph.api.schema import schema

    sdl = (build_subgraph() if args.federation else schema).as_str() + "\n"
    if args.output:
        args.output.write_text(sdl, encoding="utf-8")
    else:
        sys.stdout.write(sdl)
    return 0


def run_check(args: argparse.Namespace) -> int:
    from connectors import open_connector
    from connectors.config import ConfigError, load_sources
    from connectors.source import UnreadableExport

    try:
        configs = load_sources(args.sources)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    skipped = failed = 0
    for name, config in configs.items():
        connector = open_connector(config)
        for entity in config.entities:
            try:
                count = sum(1 for _ in connector.scan(entity, set(config.entities[entity].fields)))
            except Exception as error:  # report every source and entity, even after one fails
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


def run_identity(args: argparse.Namespace) -> int:
    from graph.identity_report import evaluate

    return evaluate(args.sources, args.truth)


def run_token(args: argparse.Namespace) -> int:
    """A demo token, refused here for what the server would refuse: a ward or sector its agency's
    policy does not list, or a lifetime beyond the maximum."""
    from demo.keys import demo_token, key_paths
    from graph.access.policy import PolicyError, ScopeError, load_policies
    from graph.access.viewer import Viewer
    from graph.api.schema import schema
    from graph.web.settings import SettingsError, merged

    try:
        values = merged(args.config)
        maximum = int(values["auth"]["max_lifetime_seconds"])
        if args.hours * 3600 > maximum:
            raise ValueError(f"--hours {args.hours:g} exceeds the maximum token lifetime of {maximum} s")
        policies = load_policies(Path(values["policies"]), schema._schema)
        policies.check_scope(Viewer("", args.agency, args.role, args.ward, args.sector))
    except (PolicyError, ScopeError, SettingsError, TypeError, ValueError) as error:
        print(f"lienthong token: {error}", file=sys.stderr)
        return 2
    if not key_paths(args.data)[0].exists():
        print(f"no demo signing key in {args.data}: run `lienthong demo` first", file=sys.stderr)
        return 1
    print(demo_token(args.data, args.agency, args.role, args.sub, args.ward, args.sector, args.hours))
    return 0


def run_policy(args: argparse.Namespace) -> int:
    from graph.policy_report import explain, matrix

    if args.policy_command == "matrix":
        print(matrix(args.policies, args.role, as_csv=args.csv), end="")
        return 0
    print(explain(args.policies, args.agency, args.role, args.coordinate))
    return 0


def run_audit(args: argparse.Namespace) -> int:
    from graph.audit_report import show, verify
    from graph.web.settings import SettingsError, load_settings

    try:
        settings = load_settings(args.config, args.sources)
    except SettingsError as error:
        print(f"lienthong audit: {error}", file=sys.stderr)
        return 2
    if args.audit_command == "verify":
        return verify(settings)
    return show(settings, args.agency, args.person, args.since)


def run_exchange(args: argparse.Namespace) -> int:
    from graph.exchange.files import ExportError, export
    from graph.web.settings import load_settings

    output = args.output or Path(f"{args.agency}_{args.month}.{args.format}")
    recipient = args.recipient or args.agency
    settings = load_settings(args.config, args.sources)
    try:
        rows = asyncio.run(
            export(settings, args.agency, args.month, args.format, recipient, output, progress)
        )
    except ExportError as error:
        print(f"lienthong exchange: {error}", file=sys.stderr)
        return 2
    print(f"{output}: {rows:,} rows of {args.agency}'s list for {args.month}, as {recipient} may see them")
    return 0


COMMANDS = {
    "generate": run_generate,
    "demo": run_demo,
    "serve": run_serve,
    "schema": run_schema,
    "check": run_check,
    "config": run_config,
    "identity": run_identity,
    "token": run_token,
    "policy": run_policy,
    "audit": run_audit,
    "exchange": run_exchange,
}

if __name__ == "__main__":
    sys.exit(main())
