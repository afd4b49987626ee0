"""Delivering the lists and reports by e-mail: `lienthong deliver` and the server's schedule.

For every route (graph/exchange/routes.py) and every address of its recipient that the delivery
log (graph/exchange/delivery_log.py) does not show as SENT, the list is made exactly as the
recipient downloads it (`fetch_list`, `sheet`, `render`: graph/web/downloads.py), and a report as
its download makes it (graph/web/reporting.py), read as an officer of the recipient agency with its
ward or sector, so the recipient gets only what its policy lets it see. Each attempt claims its row in the log, is audited before the message leaves
(no record, no mail), and ends SENT, FAILED (a 4xx reply, a connection that failed: tried again
after a wait that doubles, within `delivery.max_attempts` and `delivery.max_retry_seconds`, and
at the next run) or REJECTED (a 5xx reply: not tried again in this run).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.mime.multipart import MIMEMultipart
from functools import partial
from typing import Any

from graph.access.audit import AuditUnavailable, now
from graph.access.gate import PolicyGate
from graph.access.policy import ScopeError
from graph.access.viewer import Viewer
from graph.exchange.delivery_log import Delivery
from graph.exchange.files import render, sheet
from graph.exchange.mail import Undelivered, letter, report_letter, send
from graph.exchange.report_book import workbook
from graph.exchange.routes import Route, routes
from graph.exchange.schedule import Schedule
from graph.exchange.window import month_of
from graph.web.downloads import fetch_list
from graph.web.reporting import Unreportable, make_report, requested
from graph.web.service import Service
from graph.web.settings import SettingsError

log = logging.getLogger("lienthong.delivery")


@dataclass
class Outcome:
    """How one address's delivery stands after a run."""

    route: Route
    address: str
    status: str
    """SENT, FAILED or REJECTED by this run; DELIVERED before it; BUSY: another process is sending."""
    attempts: int
    error: str | None = None


@dataclass
class Made:
    """A route's list or report as its recipient sees it, and the audit record of making it."""

    route: Route
    month: str
    record: dict[str, Any]
    letter: Callable[[str], MIMEMultipart] | None = None
    """The letter carrying it to an address; None when it could not be made."""
    digest: str = ""
    error: str | None = None
    """Why it could not be made (a source failing): every address's attempt fails with it."""


def check_delivery(service: Service) -> None:
    """Refuse, before anything is read or sent: no mail server, no recipients, a recipient no policy
    names or whose ward or sector its policy does not list (it would be sent nothing, or the wrong
    scope's rows)."""
    if not service.settings.smtp.host:
        raise SettingsError("no mail server: set smtp.host, or LIENTHONG_SMTP_HOST")
    if not service.settings.delivery_recipients:
        raise SettingsError("no recipients: list them in delivery.recipients (docs/operations.md)")
    for number, recipient in enumerate(service.settings.delivery_recipients):
        where = f"delivery.recipients[{number}] ({recipient.agency})"
        if recipient.agency not in service.policies.agencies:
            raise SettingsError(f"{where}: no agency {recipient.agency!r} has a policy")
        try:
            service.policies.check_scope(officer(recipient.agency, "-", recipient.ward, recipient.sector))
        except ScopeError as error:
            raise SettingsError(f"{where}: {error}") from None


def officer(agency: str, by: str, ward: str | None, sector: str | None) -> Viewer:
    return Viewer(by, agency, "officer", ward=ward, sector=sector)


async def deliver(
    service: Service, month: str, by: str, force: bool = False, say: Callable[[str], None] = log.info
) -> list[Outcome]:
    """Deliver `month`'s lists to every configured recipient; `force` sends again what was SENT.
    `by` names who asked (the audit records' `sub`)."""
    month = month_of(month)  # a month not written YYYY-MM is refused before anything is read
    outcomes: list[Outcome] = []
    for route in routes(
        service.sources, service.settings.delivery_recipients, service.settings.exchange, month
    ):
        pending = []
        for address in route.recipient.addresses:
            delivery = Delivery(
                month, route.list, route.sender, route.recipient.agency, route.recipient.scope, address
            )
            status, tried = await asyncio.to_thread(service.deliveries.state, delivery)
            if (status == "SENT" and not force) or status == "SENDING":
                outcome = Outcome(route, address, "DELIVERED" if status == "SENT" else "BUSY", tried)
                say(f"{route.sender} → {route.recipient.agency} <{address}>: {describe(outcome)}")
                outcomes.append(outcome)
            else:
                pending.append((delivery, tried))
        if not pending:
            continue
        say(f"making {route.sender}'s list for {month} as {route.recipient.agency} may see it …")
        made = await make(service, route, month, by)
        for delivery, tried in pending:
            outcome = await attempts(service, made, delivery, tried)
            say(f"{route.sender} → {route.recipient.agency} <{delivery.address}>: {describe(outcome)}")
            outcomes.append(outcome)
    return outcomes


def describe(outcome: Outcome) -> str:
    error = f": {outcome.error}" if outcome.error else ""
    return f"{outcome.status} (attempt {outcome.attempts}){error}"


async def make(service: Service, route: Route, month: str, by: str) -> Made:
    """The list or report as the download gives it to the recipient, with the audit record that says
    what it showed (fields, sources, workers)."""
    recipient = route.recipient
    viewer = officer(recipient.agency, by, recipient.ward, recipient.sector)
    gate = PolicyGate(service.policies, viewer, service.index)
    record: dict[str, Any] = {"sub": by, "agency": viewer.agency, "role": viewer.role, "scope": viewer.scope}
    record["purpose"] = None
    smtp = service.settings.smtp
    if route.period is not None:
        try:
            report, period = requested(service, route.sender, route.period, viewer.agency)
            made = await make_report(service, gate, report, period, record)
        except Unreportable as refusal:
            return Made(route, month, record, error=f"the report could not be made: {refusal}")
        body = workbook(made)
        digest = hashlib.sha256(body).hexdigest()
        return Made(
            route, month, record, partial(report_letter, route, made, body, smtp, digest=digest), digest
        )
    result = await fetch_list(service, gate, route.sender, month, record)
    data = (result.data or {}).get("exchangeList")
    if data is None:
        error = result.errors[0].message if result.errors else "the list could not be made"
        return Made(route, month, record, error=f"the list could not be made: {error}")
    table = sheet(data, gate.verdicts)
    kind = service.settings.delivery_format
    body = render(table, kind)
    digest = hashlib.sha256(body).hexdigest()
    within = service.settings.exchange.window(route.list, month)
    return Made(
        route, month, record, partial(letter, route, within, table, body, kind, smtp, digest=digest), digest
    )


async def attempts(service: Service, made: Made, delivery: Delivery, tried: int) -> Outcome:
    """Attempts at one address until one is not FAILED, or out of attempts or time for this run; a
    list that could not be made is tried again at the next run, not with the same failure now."""
    settings = service.settings
    wait, waited, number = settings.delivery_retry_seconds, 0.0, tried
    while True:
        number += 1
        status, error = await attempt(service, made, delivery, number)
        spent = number - tried >= settings.delivery_max_attempts or made.letter is None
        if status != "FAILED" or spent or waited + wait > settings.delivery_max_retry_seconds:
            return Outcome(made.route, delivery.address, status, number, error)
        log.warning(
            "%s's list to %s: %s; trying again in %.0f s", delivery.sender, delivery.address, error, wait
        )
        await asyncio.sleep(wait)
        waited, wait = waited + wait, wait * 2


async def attempt(service: Service, made: Made, delivery: Delivery, number: int) -> tuple[str, str | None]:
    """One attempt: claim it in the log, audit it, send it; (status, error)."""
    message = made.letter(delivery.address) if made.letter is not None else None
    message_id = str(message["Message-ID"]) if message else None
    if not await asyncio.to_thread(
        service.deliveries.begin, delivery, number, made.digest or None, message_id
    ):
        return "BUSY", None
    status, error = "FAILED", made.error
    if message is not None:
        record = {**made.record, "at": now(), "requestId": str(uuid.uuid4()), "outcome": "SENDING"}
        record["delivery"] = {
            "month": delivery.month,
            "list": delivery.list,
            "sender": delivery.sender,
            "address": delivery.address,
            "attempt": number,
            "messageId": message_id,
            "digest": made.digest,
        }
        try:
            await service.audit_append(record)
            await asyncio.to_thread(send, message, service.settings.smtp)
            status, error = "SENT", None
        except AuditUnavailable as failure:
            error = f"not sent: the audit trail cannot be written ({failure})"
        except Undelivered as failure:
            status, error = ("REJECTED" if failure.permanent else "FAILED"), str(failure)
    await asyncio.to_thread(service.deliveries.end, delivery, number, status, error)
    return status, error


async def on_schedule(service: Service, schedule: Schedule) -> None:
    """The server's own deliveries: at start-up and daily at the schedule's time, the latest month
    that is due, as far as the log shows it undelivered. A run that fails is logged, never fatal:
    the next look tries again."""
    while True:
        month = schedule.due_month(datetime.now(UTC), service.settings.exchange.window_start_day)
        try:
            outcomes = await deliver(service, month, "delivery:schedule")
        except Exception:  # the schedule outlives any one run's fault
            log.exception("scheduled delivery of %s failed", month)
        else:
            counts: dict[str, int] = {}
            for outcome in outcomes:
                counts[outcome.status] = counts.get(outcome.status, 0) + 1
            log.info("scheduled delivery of %s: %s", month, counts or "no recipients")
        moment = datetime.now(UTC)
        await asyncio.sleep((schedule.next_look(moment) - moment).total_seconds())
