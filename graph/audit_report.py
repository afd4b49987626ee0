"""`lienthong audit verify|show`: prove the trail is intact; answer who looked at a worker, and why."""

from __future__ import annotations

from connectors.nationality import rows as nationality_rows
from connectors.normalise import BadValue, passport
from graph.audit import AuditLog
from graph.identity import person_id
from graph.settings import Settings


def open_log(settings: Settings) -> AuditLog:
    return AuditLog(settings.audit_url, settings.audit_checkpoints)


def verify(settings: Settings) -> int:
    log = open_log(settings)
    checked, findings = log.verify()
    for finding in findings:
        print(f"TAMPERED {finding}")
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


def show(settings: Settings, agency: str | None, person: str | None, since: str | None) -> int:
    wanted = person_ids(settings, person) if person else None
    shown = 0
    for seq, at, record in open_log(settings).rows(since):
        if agency and record.get("agency") != agency:
            continue
        if wanted is not None and not wanted & set(record.get("persons", [])):
            continue
        fields = record.get("fields", {})
        seen = sorted(c for c, v in fields.items() if v in ("allow", "mask"))
        refused = sorted(c for c, v in fields.items() if v not in ("allow", "mask"))
        print(
            f"#{seq} {at} {record.get('sub', '-')} ({record.get('agency', '-')}/{record.get('role', '-')}"
            f"{' ' + str(record['scope']) if record.get('scope') else ''}) "
            f"purpose={record.get('purpose') or '-'} op={record.get('operationName') or '-'} "
            f"outcome={record.get('outcome')} workers={len(record.get('persons', []))}"
        )
        if seen:
            print(f"    saw: {', '.join(seen)}")
        if refused:
            print(f"    refused: {', '.join(refused)}")
        shown += 1
    print(f"{shown} records")
    return 0
