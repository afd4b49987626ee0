"""Group commit: concurrent requests' audit records share transactions; none is answered unrecorded."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from graph.access.audit import AuditLog, AuditUnavailable
from graph.access.group_commit import GroupCommit


def log_in(folder: Path) -> AuditLog:
    return AuditLog(f"sqlite:///{folder / 'audit.sqlite'}", b"k" * 32, folder / "audit.checkpoints", 10)


def test_fifty_concurrent_records_are_committed_in_few_transactions_as_one_chain(tmp_path: Path):
    audit = log_in(tmp_path)
    commits = GroupCommit(audit)

    async def fifty() -> None:
        await commits.append({"at": "2026-11-30T09:59:59", "n": -1})
        await asyncio.gather(
            *(commits.append({"at": f"2026-11-30T10:00:{i:02d}", "n": i}) for i in range(50))
        )

    asyncio.run(fifty())
    assert [record["n"] for _, _, record in audit.rows()] == [-1, *range(50)]
    assert audit.verify() == (51, [])
    assert commits.batches == 2  # the first alone; the fifty that waited, together in one transaction


def test_a_batch_that_cannot_be_written_fails_every_request_in_it(tmp_path: Path):
    audit = log_in(tmp_path)
    commits = GroupCommit(audit)
    release = threading.Event()

    def broken(batch: list[dict]) -> list[int]:
        release.wait(5)
        raise AuditUnavailable("the store is gone")

    audit.append_many = broken  # type: ignore[method-assign]

    async def three() -> list[BaseException | None]:
        tasks = [asyncio.create_task(commits.append({"n": i})) for i in range(3)]
        await asyncio.sleep(0.05)
        release.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    outcomes = asyncio.run(three())
    assert [str(outcome) for outcome in outcomes] == ["the store is gone"] * 3
    assert all(isinstance(outcome, AuditUnavailable) for outcome in outcomes)


def test_an_unexpected_failure_is_an_unavailable_audit_too(tmp_path: Path):
    audit = log_in(tmp_path)
    commits = GroupCommit(audit)
    audit.append_many = lambda batch: 1 / 0  # type: ignore[method-assign,assignment,return-value]
    with pytest.raises(AuditUnavailable, match="division by zero"):
        asyncio.run(commits.append({"n": 1}))


def test_a_record_given_up_on_before_its_turn_is_never_written(tmp_path: Path):
    """The audit deadline refused that request (503, no data), so no record may claim it was served;
    one already in the writer's hands when the deadline passed commits late (docs/operations.md says so)."""
    audit = log_in(tmp_path)
    commits = GroupCommit(audit)
    release = threading.Event()
    real = audit.append_many

    def slow(batch: list[dict]) -> list[int]:
        release.wait(5)
        return real(batch)

    audit.append_many = slow  # type: ignore[method-assign]

    async def scenario() -> None:
        first = asyncio.create_task(commits.append({"n": 1}))
        await asyncio.sleep(0.05)  # the writer holds record 1 and hangs
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(commits.append({"n": 2}), 0.1)
        release.set()
        await first
        await commits.append({"n": 3})

    asyncio.run(scenario())
    assert [record["n"] for _, _, record in audit.rows()] == [1, 3]
