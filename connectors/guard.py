"""Guarding one source: its own threads, a timeout per call, and a circuit breaker.

One agency's database hanging must never stall another's: each source gets a bounded thread pool
of its own (so hung calls use up only its threads), every call a deadline, and after repeated
failures the breaker opens and calls fail at once until a single probe, after `reset_seconds`,
finds the source back. Errors are classified so clients can be told which kind of failure it was,
never the detail (host, user, SQL), which stays in the log.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy.exc import NoSuchColumnError, NoSuchTableError, ProgrammingError

from connectors.normalise import BadValue
from connectors.source import UnreadableExport

log = logging.getLogger("lienthong.sources")
T = TypeVar("T")

OK, UNAVAILABLE, TIMEOUT, DATA_ERROR = "OK", "UNAVAILABLE", "TIMEOUT", "DATA_ERROR"
UNREADABLE = "UNREADABLE"
"""An export file cannot be read whole: the source answered, but what it holds is unknown."""
DATA_ERRORS = (ProgrammingError, NoSuchTableError, NoSuchColumnError, BadValue, KeyError, UnicodeError)
"""The source answered, but not in the shape its mapping expects (a renamed column, a bad file)."""


def classify(error: Exception) -> str:
    if isinstance(error, UnreadableExport):
        return UNREADABLE
    message = str(error).lower()
    if isinstance(error, DATA_ERRORS) or "no such column" in message or "no such table" in message:
        return DATA_ERROR
    return UNAVAILABLE


class SourceFailure(Exception):
    """A source could not answer; `status` is UNAVAILABLE, TIMEOUT, DATA_ERROR or UNREADABLE."""

    def __init__(self, source: str, status: str) -> None:
        super().__init__(f"{source}: {status}")
        self.source = source
        self.status = status


class Breaker:
    """Closed → open after `threshold` consecutive failures → half-open probe after `reset_seconds`."""

    def __init__(self, threshold: int, reset_seconds: float) -> None:
        self.threshold = threshold
        self.reset_seconds = reset_seconds
        self.failures = 0
        self.opened_at: float | None = None
        self.probing = False

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half-open" if time.monotonic() - self.opened_at >= self.reset_seconds else "open"

    def allow(self) -> bool:
        state = self.state
        if state == "closed":
            return True
        if state == "half-open" and not self.probing:
            self.probing = True
            return True
        return False

    def success(self) -> None:
        self.failures, self.opened_at, self.probing = 0, None, False

    def failure(self) -> None:
        self.failures += 1
        self.probing = False
        if self.failures >= self.threshold or self.opened_at is not None:
            self.opened_at = time.monotonic()


class Guard:
    def __init__(
        self, name: str, timeout_seconds: float, pool_size: int, threshold: int = 3, reset_seconds: float = 30
    ) -> None:
        self.name = name
        self.timeout_seconds = timeout_seconds
        self.executor = ThreadPoolExecutor(pool_size, thread_name_prefix=f"source-{name}")
        self.breaker = Breaker(threshold, reset_seconds)
        self.last_status = OK
        self.observe: Callable[[str, str, float], None] = lambda source, status, seconds: None
        """Told (source, status, seconds) after every call: the service hangs its metrics here."""

    async def call(self, function: Callable[..., T], *args: Any, timeout: float | None = None) -> T:
        """Run `function(*args)` on this source's threads; raises SourceFailure when it fails."""
        if not self.breaker.allow():
            self.last_status = UNAVAILABLE
            raise SourceFailure(self.name, UNAVAILABLE)
        deadline = timeout or self.timeout_seconds
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        try:
            call = loop.run_in_executor(self.executor, contextvars.copy_context().run, function, *args)
            async with asyncio.timeout(deadline):
                result = await call
        except TimeoutError:
            raise self.failed(TIMEOUT, f"no answer within {deadline} s", started) from None
        except Exception as error:  # noqa: BLE001 - refused connections, driver faults, files gone: classified
            raise self.failed(classify(error), repr(error), started) from None
        self.breaker.success()
        self.last_status = OK
        self.observe(self.name, OK, time.monotonic() - started)
        return result

    def failed(self, status: str, detail: str, started: float) -> SourceFailure:
        """Record a failed call. A damaged export does not trip the breaker: the source answered,
        asking again costs nothing (the file's failure is remembered), and finds the fixed file."""
        if status == UNREADABLE:
            self.breaker.success()
        else:
            self.breaker.failure()
        self.last_status = status
        self.observe(self.name, status, time.monotonic() - started)
        log.warning("source %s %s: %s", self.name, status, detail)
        return SourceFailure(self.name, status)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
