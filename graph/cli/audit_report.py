"""`lienthong audit verify|show`: prove the trail is intact; answer who looked at a worker, and why.

Every value printed passes through `printable`: a purpose or a name is whatever a client sent, and a
newline in it must not start what looks like another record.
"""

from __future__ import annotations

from datetime import datetime

from connectors.nationality import rows as nationality_rows
from connectors.normalise import BadValue, passport
from graph.access.audit import AuditLog
from graph.identity.index import person_id
from graph.web.settings import Settings


def printable(value: object) -> str:
    """`value` on one line, unambiguously: backslash and every character Python deems unprintable
    (controls C0 and C1, line and paragraph separators, bidirectional overrides…) escaped as
    \\n, \\x1b, \\u2028."""
    return "".join(
        c if c.isprintable() and c != "\\" else c.encode("unicode_escape").decode() for c in str(value)
    )


def verify(settings: Settings) -> int:
    log = AuditLog.open(settings)
    checked, findings = log.verify()
    for finding in findings:
        print(f"TAMPERED {printable(finding)}")
    print(f"{checked} records checked: " + ("intact" if not findings else f"{len(findings)} problems"))
    return 1 if findings else 0


def person_ids(settings: Settings, person: str) -> set[str]:
    """A worker id as given, or every id a passport number would have (one per nationality)."""
    if person.startswith("W"):
        return {person}
    try:
        number = passport(person)
    except BadValue:
        return set()
    return {person_id(settings.secret, row["iso3"], number) for row in nationality_rows()}


def counted(asked: dict) -> str:
    """A statistics question on one line: `WORKERS by NATIONALITY × PERMIT_STATUS at 2026-11-01`."""
    line = f"{asked.get('unit')} by {' × '.join(map(str, asked.get('groupBy', [])))} at {asked.get('at')}"
    if asked.get("from") or asked.get("to"):
        line += f" issued {asked.get('from') or '…'} to {asked.get('to') or '…'}"
    if asked.get("filter"):
        line += f" filtered by {', '.join(map(str, asked['filter']))}"
    return line


def change_line(change: dict) -> str:
    """A change to a finding's case on one line: `<id> (KIND) assign OPEN → ASSIGNED to X, note of N characters`."""
    line = f"{change.get('finding')} ({change.get('kind')}) {change.get('action')} {change.get('from')} → {change.get('to')}"
    if change.get("assignee"):
        line += f" to {change['assignee']}"
    if change.get("noteChars") is not None:
        line += f", note of {change['noteChars']} characters"
    return line


def show(settings: Settings, agency: str | None, person: str | None, since: datetime | None) -> int:
    wanted = person_ids(settings, person) if person else None
    shown = 0
    for seq, at, record in AuditLog.open(settings).rows(since):
        if agency and record.get("agency") != agency:
            continue
        if wanted is not None and not wanted & set(record.get("persons", [])):
            continue
        fields = record.get("fields", {})
        seen = sorted(c for c, v in fields.items() if v in ("allow", "mask"))
        refused = sorted(c for c, v in fields.items() if v not in ("allow", "mask"))
        scope = f" {printable(record['scope'])}" if record.get("scope") else ""
        print(
            f"#{seq} {printable(at)} {printable(record.get('sub', '-'))} "
            f"({printable(record.get('agency', '-'))}/{printable(record.get('role', '-'))}{scope}) "
            f"purpose={printable(record.get('purpose') or '-')} "
            f"op={printable(record.get('operationName') or '-')} "
            f"outcome={printable(record.get('outcome'))} workers={len(record.get('persons', []))}"
        )
        if seen:
            print(f"    saw: {', '.join(map(printable, seen))}")
        if refused:
            print(f"    refused: {', '.join(map(printable, refused))}")
        for asked in record.get("statistics", []):
            print(f"    counted: {printable(counted(asked))}")
        if "session" in record:
            print(
                f"    {printable(record['session'].get('event'))} via {printable(record['session'].get('via'))}"
            )
        if "change" in record:
            print(f"    changed: {printable(change_line(record['change']))}")
        shown += 1
    print(f"{shown} records")
    return 0
