"""Several audit writers appending at once, as several server processes do."""

from __future__ import annotations

import threading

from graph.access.audit import AuditLog


def append_at_once(logs: list[AuditLog], each: int) -> list[Exception]:
    """Every log appends `each` records from its own thread, all at the same time; the failures."""
    failures: list[Exception] = []

    def write(log: AuditLog, writer: int) -> None:
        for n in range(each):
            try:
                log.append({"writer": writer, "n": n})
            except Exception as error:  # noqa: BLE001 - returned for the test to assert on
                failures.append(error)

    threads = [threading.Thread(target=write, args=(log, i)) for i, log in enumerate(logs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures
