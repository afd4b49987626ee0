"""A dependency the service can do without (Redis: the record cache, the shared rate limits), failing."""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger("lienthong")


class Outage:
    """A dependency the service can do without, failing: each failure is counted, but logged once as
    the outage starts and once as it ends, so that it shows without a log line per request."""

    def __init__(self, dependency: str, consequence: str) -> None:
        self.dependency = dependency
        self.consequence = consequence
        self.ongoing = False
        self.observe: Callable[[str], None] = lambda dependency: None
        """Told the dependency at every failure: the service hangs its metrics here."""

    def failed(self, error: Exception) -> None:
        """Count a failure; the first of an outage is logged, with its error."""
        self.observe(self.dependency)
        if not self.ongoing:
            self.ongoing = True
            log.warning(
                "%s unavailable; %s until it is back", self.dependency, self.consequence, exc_info=error
            )

    def succeeded(self) -> None:
        if self.ongoing:
            self.ongoing = False
            log.warning("%s available again", self.dependency)
