"""Rate limits per viewer: requests, and distinct workers looked up, per minute.

The second limit is the one that matters for confidentiality: an officer with a legitimate token
should not be able to harvest the city's workers one page after another. Counts are kept per process
in fixed one-minute windows.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Window:
    started: float
    requests: int = 0
    persons: set[str] = field(default_factory=set)


@dataclass
class RateLimiter:
    requests_per_minute: int = 600
    persons_per_minute: int = 5_000
    windows: dict[str, Window] = field(default_factory=dict)

    def window(self, viewer: str) -> Window:
        now = time.monotonic()
        current = self.windows.get(viewer)
        if current is None or now - current.started >= 60:
            current = self.windows[viewer] = Window(now)
            if len(self.windows) > 100_000:
                self.windows = {k: w for k, w in self.windows.items() if now - w.started < 60}
        return current

    def admit(self, viewer: str) -> float | None:
        """Count a request; None if admitted, else seconds until the window resets."""
        window = self.window(viewer)
        if window.requests >= self.requests_per_minute or len(window.persons) > self.persons_per_minute:
            return 60 - (time.monotonic() - window.started)
        window.requests += 1
        return None

    def touch(self, viewer: str, persons: set[str]) -> float | None:
        """Count the workers a request looked up; None if within the limit, else seconds to wait."""
        window = self.window(viewer)
        if len(window.persons | persons) > self.persons_per_minute:
            window.persons |= persons
            return 60 - (time.monotonic() - window.started)
        window.persons |= persons
        return None
