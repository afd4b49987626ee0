"""Settings: one optional config file, every key overridable by an environment variable.

A key `section.name` in the file is overridden by `LIENTHONG_SECTION_NAME` (values read as YAML
scalars, so numbers, booleans and lists work); `lienthong config` prints them all with their current
values. Paths in a config file are relative to it; the demo's defaults sit beside the sources file.
"""

from __future__ import annotations

import copy
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.access.auth import AuthSettings
from graph.access.policy import DEFAULT_DIRECTORY
from graph.exchange.mail import SmtpSettings
from graph.exchange.registry import LISTS
from graph.exchange.reports import REPORTS
from graph.exchange.routes import Recipient, recipient
from graph.exchange.schedule import Schedule
from graph.exchange.window import SPANS, Calendar, DueRule
from graph.web.limits import Limits

DEFAULTS: dict[str, Any] = {
    "sources": None,
    "secret": None,
    "policies": str(DEFAULT_DIRECTORY),
    "index_check_seconds": 1.0,
    "log_format": "auto",
    "federation": False,
    "auth": {
        "issuer": "lienthong",
        "audience": "lienthong",
        "jwks_file": None,
        "jwks_url": None,
        "algorithms": ["RS256", "ES256"],
        "leeway_seconds": 30,
        "max_lifetime_seconds": 12 * 3600,
        "jwks_ttl_seconds": 300,
    },
    "audit": {
        "url": "sqlite:///{here}/audit.sqlite",
        "checkpoints": "{here}/audit.checkpoints",
        "checkpoint_every": 100,
        "key": None,
        "timeout_seconds": 3.0,
    },
    "cache": {"url": "memory://", "timeout_seconds": 0.5, "max_connections": 50, "pool_wait_seconds": 0.1},
    "ops": {"host": "127.0.0.1", "port": 9100},
    "limits": {
        "max_tokens": 5_000,
        "max_depth": 12,
        "max_aliases": 30,
        "max_cost": 200_000,
        "max_query_bytes": 100_000,
        "scan_cost": 100_000,
        "max_body_bytes": 1_000_000,
        "body_read_seconds": 10.0,
        "max_concurrent": 32,
        "max_queued": 64,
        "queue_wait_seconds": 1.0,
        "introspection": True,
        "batch": False,
        "max_batch": 10,
    },
    "rate_limits": {"requests_per_minute": 600, "persons_per_minute": 5_000},
    "persisted_queries": {"file": None, "required_for": []},
    "exchange": {
        "window_start_day": 11,
        "due_day": 15,
        "lists": {name: {"period": spec.period, "due_day": None} for name, spec in LISTS.items()},
        "spans": {kind: {"from": first, "to": last} for kind, (first, last) in SPANS.items()},
        "reports": {agency: dict(report.due) for agency, report in REPORTS.items()},
    },
    "smtp": {
        "host": None,
        "port": 587,
        "starttls": True,
        "username": None,
        "password": None,
        "timeout_seconds": 30.0,
        "ca_file": None,
        "from_address": "lienthong@localhost",
    },
    "delivery": {
        "recipients": [],
        "format": "xlsx",
        "schedule": None,
        "log_url": "sqlite:///{here}/deliveries.sqlite",
        "max_attempts": 3,
        "retry_seconds": 30.0,
        "max_retry_seconds": 600.0,
    },
    "statistics": {"min_cell": 5},
    "worklist": {"url": "sqlite:///{here}/worklist.sqlite"},
    "console": {
        "session_secret": None,
        "session_seconds": 8 * 3600,
        "secure_cookies": True,
        "oidc_discovery_url": None,
        "oidc_client_id": None,
        "oidc_client_secret": None,
        "oidc_scope": "openid",
        "oidc_timeout_seconds": 10.0,
    },
    "identity": {"decisions_url": "sqlite:///{here}/identity_decisions.sqlite"},
}


@dataclass(frozen=True)
class OidcSettings:
    """The city's identity provider, for officers signing in to the console (OpenID Connect)."""

    discovery_url: str
    """The provider's `.well-known/openid-configuration`: endpoints, issuer, JWKS."""
    client_id: str
    client_secret: str | None = None
    """From LIENTHONG_CONSOLE_OIDC_CLIENT_SECRET only; None for a public client (PKCE alone)."""
    scope: str = "openid"
    timeout_seconds: float = 10.0
    """Each call to the provider (discovery, token, JWKS): past it, the sign-in fails."""


@dataclass(frozen=True)
class ConsoleSettings:
    """The officers' console (graph/web/console/): its session cookie and how officers sign in."""

    session_key: bytes = b""
    """Signs the session cookie; LIENTHONG_CONSOLE_SESSION_SECRET, else `.lienthong-session-key`."""
    session_seconds: int = 8 * 3600
    """A session ends this long after sign-in, however active: a working day."""
    secure_cookies: bool = True
    """The cookie only over HTTPS; false only for a demo on http://127.0.0.1."""
    oidc: OidcSettings | None = None
    demo_sign_in: bool = False
    """The demo's picker of agencies instead of an identity provider: set by `lienthong demo`
    alone, never by a setting, so no configuration can offer it in production."""


class SettingsError(Exception):
    """The config file or an override is wrong; the message names which."""


@dataclass(frozen=True)
class Settings:
    sources: Path
    secret: bytes
    auth: AuthSettings
    audit_key: bytes
    policies: Path = DEFAULT_DIRECTORY
    audit_url: str = "sqlite://"
    audit_checkpoints: Path | None = None
    checkpoint_every: int = 100
    audit_timeout_seconds: float = 3.0
    """Connect, statement and append deadline of the audit store: past it, 503 AUDIT_UNAVAILABLE."""
    cache_url: str = "memory://"
    cache_timeout_seconds: float = 0.5
    """Connect and call deadline of the cache: past it, a miss."""
    cache_max_connections: int = 50
    cache_pool_wait_seconds: float = 0.1
    limits: Limits = field(default_factory=Limits)
    max_body_bytes: int = 1_000_000
    body_read_seconds: float = 10.0
    """How long a request body may take to arrive in full (408 after)."""
    max_concurrent: int = 32
    max_queued: int = 64
    queue_wait_seconds: float = 1.0
    """Requests run at once per process, how many may wait for a turn, and for how long (503 after)."""
    batch: bool = False
    max_batch: int = 10
    requests_per_minute: int = 600
    persons_per_minute: int = 5_000
    persisted_file: Path | None = None
    persisted_required_for: tuple[dict[str, str], ...] = ()
    index_check_seconds: float = 1.0
    log_format: str = "auto"
    federation: bool = False
    ops_host: str = "127.0.0.1"
    ops_port: int | None = 9100
    """The listener for /metrics, /readyz and /healthz; None serves none."""
    exchange: Calendar = field(default_factory=Calendar)
    """When each exchange list falls due and which days it covers (graph/exchange/window.py)."""
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    delivery_recipients: tuple[Recipient, ...] = ()
    delivery_format: str = "xlsx"
    delivery_schedule: Schedule | None = None
    """When the server delivers each month's lists by itself (graph/exchange/schedule.py); None: never."""
    delivery_log_url: str = "sqlite://"
    delivery_max_attempts: int = 3
    delivery_retry_seconds: float = 30.0
    delivery_max_retry_seconds: float = 600.0
    """Attempts per address in one run, the wait before the second (doubled before each next), and
    the longest a run waits in all for one address: past either, the address waits for the next run."""
    worklist_url: str = "sqlite://"
    """Where the reconciliation work list's cases are kept (graph/worklist/cases.py)."""
    statistics_min_cell: int = 5
    """k: `statistics` suppresses counts under it for viewers without full access (docs/confidentiality.md)."""
    console: ConsoleSettings = field(default_factory=ConsoleSettings)
    identity_decisions_url: str = "sqlite://"
    """Where officers' identity decisions are kept (graph/access/identity_decisions.py)."""

    @classmethod
    def for_sources(cls, sources: Path, index_check_seconds: float | None = None) -> Settings:
        """Settings for a sources file with no config file: defaults and environment overrides."""
        return load_settings(None, sources, index_check_seconds)


def environment_names(tree: dict[str, Any] = DEFAULTS, prefix: str = "LIENTHONG") -> dict[str, Any]:
    """Every overridable key as its environment variable name → default value."""
    names: dict[str, Any] = {}
    for key, value in tree.items():
        name = f"{prefix}_{key.upper()}"
        if isinstance(value, dict):
            names.update(environment_names(value, name))
        else:
            names[name] = value
    return names


def merged(config: Path | None) -> dict[str, Any]:
    values = copy.deepcopy(DEFAULTS)
    if config:
        try:
            data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise SettingsError(f"{config}: cannot be read: {error}") from None
        overlay(values, data, str(config), config.resolve().parent)
        for section, key in (("smtp", "password"), ("console", "oidc_client_secret")):
            if values[section][key] is not None:
                variable = f"LIENTHONG_{section}_{key}".upper()
                raise SettingsError(f"{config}: {section}.{key}: set {variable} instead, not in a file")
    for name in environment_names():
        if name in os.environ:
            container, key = locate(values, name)
            container[key] = environment_value(name)
    check_types(values)
    return values


def environment_value(name: str) -> Any:
    """The variable's value read as a YAML scalar or list (a password as it is); empty is null."""
    text = os.environ[name]
    if name in RAW:
        return text or None
    try:
        return yaml.safe_load(text) if text else None
    except yaml.YAMLError as error:
        raise SettingsError(f"{name}: not a YAML value: {getattr(error, 'problem', error)}") from None


RAW = {"LIENTHONG_SMTP_PASSWORD", "LIENTHONG_CONSOLE_OIDC_CLIENT_SECRET"}
"""Variables taken as they are, not as YAML: a password or a client secret may look like a number."""
NULLABLE = {"LIENTHONG_OPS_PORT", "LIENTHONG_AUDIT_CHECKPOINTS"} | {
    f"LIENTHONG_EXCHANGE_REPORTS_{agency.upper()}_{kind.upper()}"
    for agency, report in REPORTS.items()
    for kind in report.due
}
"""Settings that may be null to switch something off, beside those whose default is null."""
ACCEPTED = {bool: (bool,), int: (int,), float: (int, float), str: (str,), list: (list,)}
DESCRIBED = {bool: "true or false", int: "a whole number", float: "a number", str: "text", list: "a list"}


def check_types(values: dict[str, Any], defaults: dict[str, Any] = DEFAULTS, section: str = "") -> None:
    """Every setting of its default's type, or refused by name: converted later, `int("x")` would
    not say which setting was wrong, and `bool("no")` or `tuple("RS256")` would not fail at all."""
    for key, default in defaults.items():
        setting, value = f"{section}{key}", values[key]
        if isinstance(default, dict):
            check_types(value, default, f"{setting}.")
            continue
        name = "LIENTHONG_" + setting.replace(".", "_").upper()
        if default is None or (value is None and name in NULLABLE):
            continue
        kind = type(default)
        if not isinstance(value, ACCEPTED[kind]) or (kind is not bool and isinstance(value, bool)):
            raise SettingsError(f"{setting} ({name}) must be {DESCRIBED[kind]}, not {value!r}")


def overlay(values: dict[str, Any], data: Any, where: str, folder: Path) -> None:
    if not isinstance(data, dict):
        raise SettingsError(f"{where}: expected a mapping")
    for key, value in data.items():
        if key not in values:
            raise SettingsError(f"{where}: unknown setting {key!r}; known: {', '.join(values)}")
        if isinstance(values[key], dict):
            overlay(values[key], value, f"{where}: {key}", folder)
        else:
            relative = isinstance(value, str) and key in PATH_KEYS and not Path(value).is_absolute()
            values[key] = str(folder / value) if relative else value


PATH_KEYS = {"sources", "policies", "jwks_file", "checkpoints", "file", "ca_file"}


def locate(values: dict[str, Any], name: str) -> tuple[dict[str, Any], str]:
    """Where the setting behind an environment variable lives: LIENTHONG_AUDIT_URL → (audit, url),
    LIENTHONG_EXCHANGE_LISTS_XAY_DUNG_DUE_DAY → (exchange.lists.xay_dung, due_day)."""
    path = name.removeprefix("LIENTHONG_").lower()
    return within(values, path) or (values, path)


def within(values: dict[str, Any], path: str) -> tuple[dict[str, Any], str] | None:
    for section, inner in values.items():
        if isinstance(inner, dict) and path.startswith(section + "_"):
            rest = path[len(section) + 1 :]
            if rest in inner and not isinstance(inner[rest], dict):
                return inner, rest
            found = within(inner, rest)
            if found:
                return found
    return None


def load_settings(
    config: Path | None, sources: Path | None, index_check_seconds: float | None = None
) -> Settings:
    values = merged(config)
    if sources is not None:
        values["sources"] = str(sources)
    if not values["sources"]:
        raise SettingsError(
            "no sources file: pass --sources, set `sources:` in the config, or LIENTHONG_SOURCES"
        )
    sources_path = Path(values["sources"])
    if not sources_path.is_file():
        raise SettingsError(f"{sources_path}: no such sources file")
    here = str(sources_path.resolve().parent)

    def expand(value: Any) -> Any:
        return value.replace("{here}", here) if isinstance(value, str) else value

    auth, audit, limits = values["auth"], values["audit"], values["limits"]
    exchange = calendar(values["exchange"])
    persisted, rates, ops = values["persisted_queries"], values["rate_limits"], values["ops"]
    smtp, delivery = values["smtp"], values["delivery"]
    try:
        return Settings(
            sources=sources_path,
            secret=configured(values["secret"]) or load_secret(Path(here) / ".lienthong-secret"),
            auth=AuthSettings(
                issuer=auth["issuer"],
                audience=auth["audience"],
                jwks_file=None
                if auth["jwks_url"] or not auth["jwks_file"]
                else Path(expand(auth["jwks_file"])),
                jwks_url=auth["jwks_url"],
                algorithms=tuple(auth["algorithms"]),
                leeway_seconds=int(auth["leeway_seconds"]),
                max_lifetime_seconds=int(auth["max_lifetime_seconds"]),
                jwks_ttl_seconds=float(auth["jwks_ttl_seconds"]),
            ),
            policies=Path(values["policies"]),
            audit_url=expand(audit["url"]),
            audit_checkpoints=Path(expand(audit["checkpoints"])) if audit["checkpoints"] else None,
            audit_key=configured(audit["key"]) or load_secret(Path(here) / ".lienthong-audit-key"),
            checkpoint_every=int(audit["checkpoint_every"]),
            audit_timeout_seconds=float(audit["timeout_seconds"]),
            cache_url=cache_url(values["cache"]["url"]),
            cache_timeout_seconds=float(values["cache"]["timeout_seconds"]),
            cache_max_connections=int(values["cache"]["max_connections"]),
            cache_pool_wait_seconds=float(values["cache"]["pool_wait_seconds"]),
            limits=Limits(
                max_tokens=int(limits["max_tokens"]),
                max_depth=int(limits["max_depth"]),
                max_aliases=int(limits["max_aliases"]),
                max_cost=int(limits["max_cost"]),
                max_query_bytes=int(limits["max_query_bytes"]),
                scan_cost=int(limits["scan_cost"]),
                introspection=bool(limits["introspection"]),
            ),
            max_body_bytes=int(limits["max_body_bytes"]),
            body_read_seconds=float(limits["body_read_seconds"]),
            max_concurrent=int(limits["max_concurrent"]),
            max_queued=int(limits["max_queued"]),
            queue_wait_seconds=float(limits["queue_wait_seconds"]),
            batch=bool(limits["batch"]),
            max_batch=int(limits["max_batch"]),
            requests_per_minute=int(rates["requests_per_minute"]),
            persons_per_minute=int(rates["persons_per_minute"]),
            persisted_file=Path(persisted["file"]) if persisted["file"] else None,
            persisted_required_for=tuple(persisted["required_for"] or ()),
            index_check_seconds=float(
                values["index_check_seconds"] if index_check_seconds is None else index_check_seconds
            ),
            log_format=log_format(values["log_format"]),
            federation=bool(values["federation"]),
            ops_host=str(ops["host"]),
            ops_port=None if ops["port"] is None else int(ops["port"]),
            exchange=exchange,
            smtp=SmtpSettings(
                host=str(smtp["host"] or ""),
                port=int(smtp["port"]),
                starttls=bool(smtp["starttls"]),
                username=None if smtp["username"] is None else str(smtp["username"]),
                password=smtp["password"],
                timeout_seconds=float(smtp["timeout_seconds"]),
                ca_file=Path(smtp["ca_file"]) if smtp["ca_file"] else None,
                from_address=smtp["from_address"],
            ),
            delivery_recipients=recipients(delivery["recipients"]),
            delivery_format=choice("delivery.format", delivery["format"], ("xlsx", "csv")),
            delivery_schedule=schedule(delivery["schedule"]),
            delivery_log_url=expand(delivery["log_url"]),
            delivery_max_attempts=int(delivery["max_attempts"]),
            delivery_retry_seconds=float(delivery["retry_seconds"]),
            delivery_max_retry_seconds=float(delivery["max_retry_seconds"]),
            worklist_url=expand(values["worklist"]["url"]),
            statistics_min_cell=min_cell(values["statistics"]["min_cell"]),
            console=ConsoleSettings(
                session_key=configured(values["console"]["session_secret"])
                or load_secret(Path(here) / ".lienthong-session-key"),
                session_seconds=int(values["console"]["session_seconds"]),
                secure_cookies=bool(values["console"]["secure_cookies"]),
                oidc=oidc(values["console"]),
            ),
            identity_decisions_url=expand(values["identity"]["decisions_url"]),
        )
    except (TypeError, ValueError, KeyError) as error:
        raise SettingsError(f"a setting has the wrong type: {error}") from None


def oidc(values: dict[str, Any]) -> OidcSettings | None:
    """The identity provider officers sign in with, or None: the console then offers no sign-in."""
    url, client = values["oidc_discovery_url"], values["oidc_client_id"]
    if not url and not client:
        return None
    if not url or not client:
        raise SettingsError("console: set both oidc_discovery_url and oidc_client_id, or neither")
    return OidcSettings(
        discovery_url=str(url),
        client_id=str(client),
        client_secret=values["oidc_client_secret"],
        scope=str(values["oidc_scope"]),
        timeout_seconds=float(values["oidc_timeout_seconds"]),
    )


def calendar(values: dict[str, Any]) -> Calendar:
    """The `exchange` section: the window's start day, the due day, each list's period and due day
    (null: the province's), the days each kind of report covers and each report's due dates (null:
    not required in the province)."""
    for name, rule in values["lists"].items():
        day = rule["due_day"]
        if day is not None and (isinstance(day, bool) or not isinstance(day, int)):
            raise SettingsError(f"exchange.lists.{name}.due_day must be a whole number or null, not {day!r}")
    try:
        return Calendar(
            int(values["window_start_day"]),
            int(values["due_day"]),
            {name: DueRule(rule["period"], rule["due_day"]) for name, rule in values["lists"].items()},
            {kind: (span["from"], span["to"]) for kind, span in values["spans"].items()},
            values["reports"],
        )
    except ValueError as error:
        raise SettingsError(f"exchange: {error}") from None


def log_format(value: str) -> str:
    return choice("log_format", value, LOG_FORMATS)


def choice(setting: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise SettingsError(f"{setting} {value!r}: use {', '.join(choices)}")
    return value


def recipients(entries: list[Any]) -> tuple[Recipient, ...]:
    try:
        return tuple(recipient(entry, f"delivery.recipients[{i}]") for i, entry in enumerate(entries))
    except (TypeError, ValueError) as error:
        raise SettingsError(str(error)) from None


def schedule(text: Any) -> Schedule | None:
    try:
        return Schedule.parse(str(text)) if text is not None else None
    except ValueError as error:
        raise SettingsError(f"delivery.schedule {error}") from None


LOG_FORMATS = ("auto", "json", "text")
"""auto: text on a terminal, JSON lines otherwise (graph/web/logs.py)."""


def min_cell(value: int) -> int:
    if value < 1:
        raise SettingsError(f"statistics.min_cell must be 1 or more (1 suppresses nothing), not {value}")
    return value


def cache_url(url: str) -> str:
    if not url.startswith(("memory://", "redis://", "rediss://")):
        raise SettingsError(f"cache url {url!r}: use memory:// or redis://host:port/db")
    return url


SECRETS = {
    "LIENTHONG_SECRET",
    "LIENTHONG_AUDIT_KEY",
    "LIENTHONG_SMTP_PASSWORD",
    "LIENTHONG_CONSOLE_SESSION_SECRET",
    "LIENTHONG_CONSOLE_OIDC_CLIENT_SECRET",
}
"""Settings `lienthong config` shows only as set or not."""


def configured(value: Any) -> bytes:
    return str(value).encode() if value is not None else b""


def load_secret(path: Path) -> bytes:
    """The key in `path`, created (mode 0600, with 32 random bytes) if absent.

    `.lienthong-secret` keys worker ids, cursors and audit pseudonyms, which are keyed hashes of
    passport numbers; without a secret they could be reversed by hashing every plausible passport
    number. `.lienthong-audit-key` keys the audit chain (graph/access/audit.py), so it must stay out of the
    audit store. The file is written whole before it appears, so processes starting together
    agree on one key.
    """
    if not path.exists():
        descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=path.name)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            os.unlink(draft)
    key = path.read_text().strip().encode()
    if not key:
        raise SettingsError(f"{path} is empty: delete it to have a new key made, or set the key")
    return key
